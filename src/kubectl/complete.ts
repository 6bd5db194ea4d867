/** Tab completion for the lab terminal: commands, kubectl verbs, resource types, names, files. */
import type { Cluster } from '../cluster/cluster';
import { resolveResource } from '../cluster/objects';

const VERBS = ['apply', 'api-resources', 'cluster-info', 'create', 'delete', 'describe', 'exec', 'get', 'logs', 'run', 'version'];
const TYPES = ['pods', 'services', 'events', 'nodes', 'namespaces', 'endpoints', 'configmaps', 'secrets'];
const SHELL = ['kubectl', 'clear', 'history', 'ls', 'cat', 'help'];

export function complete(line: string, cursor: number, cluster: Cluster, files: string[], namespace = 'default'): { candidates: string[]; start: number } {
  const before = line.slice(0, cursor);
  const start = before.lastIndexOf(' ') + 1;
  const word = before.slice(start);
  const words = before.slice(0, start).trim().split(/\s+/).filter(Boolean);
  const pick = (xs: string[]) => ({ candidates: xs.filter((x) => x.startsWith(word)).sort(), start });
  if (words.length === 0) return pick(SHELL);
  if (words[0] === 'cat') return pick(files);
  if (words[0] !== 'kubectl' && words[0] !== 'k') return { candidates: [], start };
  const prev = words[words.length - 1];
  if (prev === '-f' || prev === '--filename') return pick(files);
  if (word.startsWith('-')) return { candidates: [], start };
  const args = words.slice(1).filter((w) => !w.startsWith('-'));
  if (args.length === 0) return pick(VERBS);
  const verb = args[0]!;
  if (['logs', 'exec'].includes(verb) && args.length === 1) return pick(cluster.store.list('Pod', namespace).map((p) => p.metadata.name));
  if (['get', 'describe', 'delete'].includes(verb)) {
    if (args.length === 1) return pick(TYPES);
    const info = resolveResource(args[1]!);
    if (info) return pick(cluster.store.list(info.kind, info.namespaced ? namespace : undefined).map((o) => o.metadata.name));
  }
  return { candidates: [], start };
}

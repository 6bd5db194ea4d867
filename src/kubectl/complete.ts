/** Tab completion for the lab terminal: commands, kubectl verbs, resource types, names, files. */
import type { Cluster } from '../cluster/cluster';
import { KINDS, resolveResource } from '../cluster/objects';
import { kubectlVerbs } from './kubectl';

const TYPES = KINDS.map((k) => k.resource);
const SHELL = ['kubectl', 'clear', 'history', 'ls', 'cat', 'echo', 'help', 'ssh'];
/** Verbs whose first argument is a pod, a node, or a resource type (then names of that type). */
const POD_VERBS = ['logs', 'exec', 'attach', 'debug', 'port-forward'];
const NODE_VERBS = ['cordon', 'uncordon', 'drain'];
const TYPE_VERBS = ['get', 'describe', 'delete', 'label', 'annotate', 'scale', 'taint', 'autoscale', 'expose', 'wait'];
const SUBCOMMANDS: Record<string, string[]> = {
  rollout: ['history', 'pause', 'restart', 'resume', 'status', 'undo'],
  top: ['node', 'pod'],
  create: ['configmap', 'cronjob', 'deployment', 'job', 'namespace', 'poddisruptionbudget', 'secret', 'service'],
  set: ['image'],
};

export function complete(line: string, cursor: number, cluster: Cluster, files: string[], namespace = 'default'): { candidates: string[]; start: number } {
  const before = line.slice(0, cursor);
  const start = before.lastIndexOf(' ') + 1;
  const word = before.slice(start);
  const words = before.slice(0, start).trim().split(/\s+/).filter(Boolean);
  const pick = (xs: string[]) => ({ candidates: [...new Set(xs)].filter((x) => x.startsWith(word)).sort(), start });
  const names = (kind: string, namespaced = true) => cluster.store.list(kind, namespaced ? namespace : undefined).map((o) => o.metadata.name);
  if (words.length === 0) return pick(SHELL);
  if (words[0] === 'cat') return pick(files);
  if (words[0] === 'ssh') return words.length === 1 ? pick(names('Node', false)) : { candidates: [], start };
  if (words[0] !== 'kubectl' && words[0] !== 'k') return { candidates: [], start };
  const prev = words[words.length - 1];
  if (prev === '-f' || prev === '--filename') return pick(files);
  if (word.startsWith('-')) return { candidates: [], start };
  const args = words.slice(1).filter((w) => !w.startsWith('-'));
  if (args.length === 0) return pick(kubectlVerbs());
  const verb = args[0]!;
  if (POD_VERBS.includes(verb) && args.length === 1) return pick(names('Pod'));
  if (NODE_VERBS.includes(verb) && args.length === 1) return pick(names('Node', false));
  const subs = SUBCOMMANDS[verb];
  if (subs && args.length === 1) return pick(subs);
  // rollout status deployment/…, top pod NAME: the type follows the subcommand.
  const typeAt = subs ? 2 : 1;
  if (TYPE_VERBS.includes(verb) || verb === 'rollout') {
    if (args.length === typeAt) return pick(verb === 'rollout' ? ['daemonset', 'deployment'] : TYPES);
    const info = resolveResource(args[typeAt]!);
    if (info) return pick(names(info.kind, info.namespaced));
  }
  if (verb === 'top' && args.length === 2) {
    const info = resolveResource(args[1]!);
    if (info) return pick(names(info.kind, info.namespaced));
  }
  return { candidates: [], start };
}

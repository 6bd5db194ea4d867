/**
 * kubectl label / annotate (TYPE NAME k=v … k-, --overwrite, --list) and kubectl taint
 * (node NAME key[=value]:Effect, key:Effect-, key-).
 */
import { type KubectlContext } from '../context';
import { parseFlags } from '../flags';
import { formatApiError } from '../errors';
import { ApiError, notFound } from '../../cluster/errors';
import { resolveResource, qualifiedResource, qualifiedSingular } from '../../cluster/objects';
import type { CommandResult } from '../io';

export function labelOrAnnotate(argv: string[], ctx: KubectlContext, which: 'labels' | 'annotations'): CommandResult {
  const p = parseFlags(argv, [{ name: 'overwrite', type: 'bool' }, { name: 'list', type: 'bool' }, { name: 'all', type: 'bool' }, { name: 'dry-run', type: 'string' }]);
  const io = ctx.io;
  const verb = which === 'labels' ? 'label' : 'annotate';
  let [typ, ...rest] = p.args;
  if (!typ) {
    io.err(`error: one or more resources must be specified as <resource> <name> or <resource>/<name>\nSee 'kubectl ${verb} -h' for help and examples\n`);
    return { code: 1 };
  }
  let name: string | undefined;
  if (typ.includes('/')) [typ, name] = typ.split('/') as [string, string];
  else name = rest.shift();
  const info = resolveResource(typ);
  if (!info) {
    io.err(`error: the server doesn't have a resource type "${typ}"\n`);
    return { code: 1 };
  }
  if (!name) {
    io.err(`error: resource(s) were provided, but no name was specified\n`);
    return { code: 1 };
  }
  const ns = info.namespaced ? ((p.flags.namespace as string) ?? ctx.namespace) : undefined;
  const obj = ctx.cluster.store.get(info.kind, ns, name);
  if (!obj) {
    io.err(formatApiError(notFound(qualifiedResource(info), name)) + '\n');
    return { code: 1 };
  }
  const cur: Record<string, string> = { ...((obj.metadata as any)[which] ?? {}) };
  if (p.flags.list) {
    for (const k of Object.keys(cur).sort()) io.out(`${k}=${cur[k]}\n`);
    return { code: 0 };
  }
  if (!rest.length) {
    io.err(`error: at least one ${which === 'labels' ? 'label' : 'annotation'} update is required\nSee 'kubectl ${verb} -h' for help and examples\n`);
    return { code: 1 };
  }
  const next = { ...cur };
  let adds = 0;
  for (const a of rest) {
    if (a.endsWith('-') && !a.includes('=')) {
      delete next[a.slice(0, -1)];
      continue;
    }
    adds++;
    const eq = a.indexOf('=');
    if (eq <= 0) {
      io.err(`error: invalid ${which === 'labels' ? 'label' : 'annotation'} spec: ${a}\n`);
      return { code: 1 };
    }
    const k = a.slice(0, eq);
    const v = a.slice(eq + 1);
    if (k in cur && cur[k] !== v && !p.flags.overwrite) {
      io.err(`error: '${k}' already has a value (${cur[k]}), and --overwrite is false\n`);
      return { code: 1 };
    }
    next[k] = v;
  }
  const label = `${qualifiedSingular(info)}/${name}`;
  if (JSON.stringify(next) === JSON.stringify(cur)) {
    io.out(`${label} not ${which === 'labels' ? 'labeled' : 'annotated'}\n`);
    return { code: 0 };
  }
  try {
    if (p.flags['dry-run'] !== 'client') {
      const desired = structuredClone(obj);
      (desired.metadata as any)[which] = next;
      ctx.cluster.store.update(desired, obj);
    }
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    io.err(formatApiError(e) + '\n');
    return { code: 1 };
  }
  // label.go: only removals read "unlabeled"; annotate always says "annotated".
  io.out(`${label} ${which === 'labels' ? (adds ? 'labeled' : 'unlabeled') : 'annotated'}\n`);
  return { code: 0 };
}

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

export function taint(argv: string[], ctx: KubectlContext): CommandResult {
  const p = parseFlags(argv, [{ name: 'overwrite', type: 'bool' }, { name: 'all', type: 'bool' }, { name: 'dry-run', type: 'string' }]);
  const io = ctx.io;
  let [typ, name, ...specs] = p.args;
  if (typ?.includes('/')) {
    specs = [name!, ...specs].filter(Boolean);
    [typ, name] = typ.split('/') as [string, string];
  }
  if (!typ || !['node', 'nodes', 'no'].includes(typ)) {
    io.err(`error: invalid resource type ${typ ?? ''}, only node types are supported\n`);
    return { code: 1 };
  }
  if (!name || !specs.length) {
    io.err(`error: at least one taint update is required\nSee 'kubectl taint -h' for help and examples\n`);
    return { code: 1 };
  }
  const node = ctx.cluster.store.get('Node', undefined, name);
  if (!node) {
    io.err(formatApiError(notFound('nodes', name)) + '\n');
    return { code: 1 };
  }
  let taints: any[] = [...(node.spec?.taints ?? [])];
  let removed = false;
  let added = false;
  for (const s of specs) {
    const remove = s.endsWith('-');
    const body = remove ? s.slice(0, -1) : s;
    const m = /^([^=:]+)(?:=([^:]*))?(?::(\w+))?$/.exec(body);
    if (!m || (!remove && !m[3])) {
      io.err(`error: invalid taint spec: ${s}, unknown taint effect: "${m?.[3] ?? ''}"\n`);
      return { code: 1 };
    }
    const [, key, value, effect] = m;
    if (effect && !EFFECTS.includes(effect)) {
      io.err(`error: invalid taint spec: ${s}, unknown taint effect: "${effect}"\n`);
      return { code: 1 };
    }
    if (remove) {
      const before = taints.length;
      taints = taints.filter((t) => !(t.key === key && (!effect || t.effect === effect)));
      if (taints.length === before) {
        io.err(`error: taint "${key}${effect ? ':' + effect : ''}" not found\n`);
        return { code: 1 };
      }
      removed = true;
    } else {
      const existing = taints.find((t) => t.key === key && t.effect === effect);
      if (existing && !p.flags.overwrite) {
        io.err(`error: node ${name} already has ${key} taint(s) with same effect(s) and --overwrite is false\n`);
        return { code: 1 };
      }
      taints = taints.filter((t) => !(t.key === key && t.effect === effect));
      taints.push({ key, ...(value ? { value } : {}), effect, ...(effect === 'NoExecute' ? { timeAdded: ctx.cluster.store.timestamp() } : {}) });
      added = true;
    }
  }
  ctx.cluster.store.mutate('Node', undefined, name, (n) => {
    n.spec ??= {};
    if (taints.length) n.spec.taints = taints;
    else delete n.spec.taints;
  });
  io.out(`node/${name} ${added && !removed ? 'tainted' : removed && !added ? 'untainted' : 'modified'}\n`);
  return { code: 0 };
}

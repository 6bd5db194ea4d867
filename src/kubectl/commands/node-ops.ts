/**
 * kubectl cordon, uncordon and drain (kubectl pkg/cmd/drain), and create pdb. Drain evicts
 * through the Eviction API, so PodDisruptionBudgets hold it back; it retries every 5 s.
 */
import { type KubectlContext } from '../context';
import { parseFlags, type FlagSpec } from '../flags';
import { formatApiError } from '../errors';
import { ApiError, notFound } from '../../cluster/errors';
import type { KObject } from '../../cluster/objects';
import type { CommandResult } from '../io';
import { parseSelector } from '../../cluster/selectors';
import { parseGoDuration } from '../godur';

const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

/** Cordon/uncordon one node; returns the line kubectl prints. */
function setUnschedulable(ctx: KubectlContext, name: string, on: boolean): string {
  const node = ctx.cluster.store.get('Node', undefined, name);
  if (!node) throw notFound('nodes', name);
  if (!!node.spec?.unschedulable === on) return `node/${name} already ${on ? 'cordoned' : 'uncordoned'}`;
  ctx.cluster.store.mutate('Node', undefined, name, (n) => {
    n.spec ??= {};
    if (on) n.spec.unschedulable = true;
    else delete n.spec.unschedulable;
    // The node lifecycle controller mirrors spec.unschedulable as a NoSchedule taint.
    const taints = (n.spec.taints ?? []).filter((t: any) => t.key !== UNSCHEDULABLE_TAINT.key);
    if (on) taints.push({ ...UNSCHEDULABLE_TAINT, timeAdded: ctx.cluster.store.timestamp() });
    if (taints.length) n.spec.taints = taints;
    else delete n.spec.taints;
  });
  return `node/${name} ${on ? 'cordoned' : 'uncordoned'}`;
}

export function cordon(argv: string[], ctx: KubectlContext, on: boolean): CommandResult {
  const p = parseFlags(argv, [{ name: 'dry-run', type: 'string' }, { name: 'selector', short: 'l', type: 'string' }]);
  if (!p.args.length) {
    ctx.io.err(`error: USAGE: ${on ? 'cordon' : 'uncordon'} NODE [flags]\nSee 'kubectl ${on ? 'cordon' : 'uncordon'} -h' for help and examples\n`);
    return { code: 1 };
  }
  try {
    for (const n of p.args) ctx.io.out(setUnschedulable(ctx, n.replace(/^nodes?\//, ''), on) + '\n');
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    ctx.io.err(formatApiError(e) + '\n');
    return { code: 1 };
  }
  return { code: 0 };
}

const DRAIN_FLAGS: FlagSpec[] = [
  { name: 'ignore-daemonsets', type: 'bool' },
  { name: 'delete-emptydir-data', type: 'bool' },
  { name: 'force', type: 'bool' },
  { name: 'grace-period', type: 'int', default: -1 },
  { name: 'timeout', type: 'string' },
  { name: 'disable-eviction', type: 'bool' },
  { name: 'pod-selector', type: 'string' },
  { name: 'dry-run', type: 'string' },
];

const ref = (p: KObject) => `${p.metadata.namespace}/${p.metadata.name}`;

export function drain(argv: string[], ctx: KubectlContext): CommandResult {
  const p = parseFlags(argv, DRAIN_FLAGS);
  const io = ctx.io;
  const name = p.args[0]?.replace(/^nodes?\//, '');
  if (!name) {
    io.err("error: USAGE: drain NODE [flags]\nSee 'kubectl drain -h' for help and examples\n");
    return { code: 1 };
  }
  const c = ctx.cluster;
  try {
    io.out(setUnschedulable(ctx, name, true) + '\n');
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    io.err(formatApiError(e) + '\n');
    return { code: 1 };
  }
  let pods = c.store.list('Pod').filter((x) => x.spec?.nodeName === name && x.status?.phase !== 'Succeeded' && x.status?.phase !== 'Failed');
  if (p.flags['pod-selector']) {
    const r = parseSelector(p.flags['pod-selector'] as string);
    if ('sel' in r) pods = pods.filter((x) => !('error' in r) && Object.entries(r.sel.matchLabels ?? {}).every(([k, v]) => x.metadata.labels?.[k] === v));
  }
  // Filters in kubectl's order: mirror pods skipped, DaemonSet pods, unmanaged pods, local storage.
  const owner = (x: KObject) => (x.metadata.ownerReferences ?? []).find((o: any) => o.controller);
  const ds = pods.filter((x) => owner(x)?.kind === 'DaemonSet');
  const unmanaged = pods.filter((x) => !owner(x));
  const local = pods.filter((x) => owner(x)?.kind !== 'DaemonSet' && (x.spec?.volumes ?? []).some((v: any) => v.emptyDir));
  const fatal: string[] = [];
  const warn: string[] = [];
  if (ds.length) (p.flags['ignore-daemonsets'] ? warn : fatal).push(p.flags['ignore-daemonsets'] ? `ignoring DaemonSet-managed Pods: ${ds.map(ref).join(', ')}` : `cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${ds.map(ref).join(', ')}`);
  if (unmanaged.length) (p.flags.force ? warn : fatal).push(p.flags.force ? `deleting Pods that declare no controller: ${unmanaged.map(ref).join(', ')}` : `cannot delete Pods that declare no controller (use --force to override): ${unmanaged.map(ref).join(', ')}`);
  if (local.length) (p.flags['delete-emptydir-data'] ? warn : fatal).push(p.flags['delete-emptydir-data'] ? `deleting Pods with local storage: ${local.map(ref).join(', ')}` : `cannot delete Pods with local storage (use --delete-emptydir-data to override): ${local.map(ref).join(', ')}`);
  if (fatal.length) {
    const msg = fatal.length === 1 ? fatal[0] : `[${fatal.join(', ')}]`;
    io.err(`error: unable to drain node "${name}" due to error: ${msg}, continuing command...\nThere are pending nodes to be drained:\n ${name}\n${fatal.join('\n')}\n`);
    return { code: 1 };
  }
  if (warn.length) io.err(`Warning: ${warn.join('; ')}\n`);
  const toEvict = pods.filter((x) => owner(x)?.kind !== 'DaemonSet');
  if (!toEvict.length) {
    io.out(`node/${name} drained\n`);
    return { code: 0 };
  }
  const grace = p.flags['grace-period'] as number;
  const pending = new Map(toEvict.map((x) => [x.metadata.uid!, x]));
  const evicted = new Set<string>();
  let stopped = false;
  const attempt = (x: KObject) => {
    if (stopped) return;
    try {
      if (p.flags['disable-eviction']) c.api.delete('Pod', x.metadata.namespace, x.metadata.name, grace >= 0 ? { gracePeriodSeconds: grace } : {});
      else c.api.evict(x.metadata.namespace!, x.metadata.name);
      evicted.add(x.metadata.uid!);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.reason === 'NotFound') {
        evicted.add(x.metadata.uid!);
        return;
      }
      if (e.reason === 'TooManyRequests') {
        io.err(`error when evicting pods/"${x.metadata.name}" -n "${x.metadata.namespace}" (will retry after 5s): ${e.message}\n`);
        c.clock.after(5000, () => attempt(x));
        return;
      }
      io.err(`error when evicting pods/"${x.metadata.name}" -n "${x.metadata.namespace}": ${e.message}\n`);
    }
  };
  const timeoutMs = p.flags.timeout ? parseGoDuration(p.flags.timeout as string) ?? 0 : 0;
  if (timeoutMs > 0)
    c.clock.after(timeoutMs, () => {
      if (stopped) return;
      stopped = true;
      const left = [...pending.values()][0]!;
      io.err(`There are pending pods in node "${name}" when an error occurred: error when evicting pods/"${left.metadata.name}" -n "${left.metadata.namespace}": global timeout reached: ${p.flags.timeout}\nerror: unable to drain node "${name}" due to error: error when evicting pods/"${left.metadata.name}" -n "${left.metadata.namespace}": global timeout reached: ${p.flags.timeout}, continuing command...\nThere are pending nodes to be drained:\n ${name}\nerror when evicting pods/"${left.metadata.name}" -n "${left.metadata.namespace}": global timeout reached: ${p.flags.timeout}\n`);
      ctx.done(1);
    });
  for (const x of toEvict) io.out(`evicting pod ${ref(x)}\n`);
  for (const x of toEvict) attempt(x);
  const poll = () => {
    if (stopped) return;
    for (const [uid, x] of pending) {
      const live = c.store.get('Pod', x.metadata.namespace, x.metadata.name);
      if (evicted.has(uid) && (!live || live.metadata.uid !== uid)) {
        io.out(`pod/${x.metadata.name} evicted\n`);
        pending.delete(uid);
      }
    }
    if (!pending.size) {
      stopped = true;
      io.out(`node/${name} drained\n`);
      ctx.done(0);
      return;
    }
    c.clock.after(1000, poll);
  };
  c.clock.after(0, poll);
  return {
    running: {
      interrupt: () => {
        stopped = true;
        ctx.done(130);
      },
    },
  };
}

export function createPdb(argv: string[], ctx: KubectlContext): CommandResult {
  const p = parseFlags(argv, [
    { name: 'selector', type: 'string' },
    { name: 'min-available', type: 'string' },
    { name: 'max-unavailable', type: 'string' },
    { name: 'dry-run', type: 'string' },
  ]);
  const io = ctx.io;
  const name = p.args[1];
  if (!name) {
    io.err('error: exactly one NAME is required, got 0\n');
    return { code: 1 };
  }
  if (p.flags['min-available'] === undefined && p.flags['max-unavailable'] === undefined) {
    io.err('error: one of min-available or max-unavailable must be specified\n');
    return { code: 1 };
  }
  if (p.flags['min-available'] !== undefined && p.flags['max-unavailable'] !== undefined) {
    io.err('error: min-available and max-unavailable cannot be both specified\n');
    return { code: 1 };
  }
  const sel = parseSelector((p.flags.selector as string) ?? '');
  if ('error' in sel) {
    io.err(`error: ${sel.error}\n`);
    return { code: 1 };
  }
  const iv = (v: string) => (/^\d+$/.test(v) ? Number(v) : v);
  const spec: any = { selector: { ...(Object.keys(sel.sel.matchLabels ?? {}).length ? { matchLabels: sel.sel.matchLabels } : {}), ...(sel.sel.matchExpressions?.length ? { matchExpressions: sel.sel.matchExpressions } : {}) } };
  if (p.flags['min-available'] !== undefined) spec.minAvailable = iv(p.flags['min-available'] as string);
  else spec.maxUnavailable = iv(p.flags['max-unavailable'] as string);
  try {
    if (p.flags['dry-run'] !== 'client') ctx.cluster.api.create({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name, namespace: (p.flags.namespace as string) ?? ctx.namespace }, spec });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    io.err(formatApiError(e) + '\n');
    return { code: 1 };
  }
  io.out(`poddisruptionbudget.policy/${name} created\n`);
  return { code: 0 };
}

/**
 * Scale-up (core/scaleup/orchestrator): unschedulable pods that would fit neither an existing node
 * nor a node already on its way are tried against each group's template node; the expander picks
 * one option, and the binpacking estimator says how many nodes it needs.
 * Event texts: processors/status/eventing_scale_up_processor.go, nodegroupset ScaleUpInfo.String,
 * orchestrator/skippedreasons.go, orchestrator/executor.go.
 */
import type { KObject } from '../../objects';
import { podRequests } from '../scheduler';
import { milliCPU, bytes } from '../../quantity';
import { CA_SOURCE, type ClusterAutoscaler, type GroupState } from './autoscaler';
import { addPod, addTemplate, groupOf, isDaemonSetPod, snapshot, templateNode, type Snap } from './simulate';

interface Option {
  g: GroupState;
  nodes: number;
  pods: KObject[];
}

// DaemonSet pods are left out (FilterOutDaemonSetPodListProcessor): a new node brings its own.
export const unschedulable = (p: KObject) =>
  !p.spec?.nodeName &&
  !isDaemonSetPod(p) &&
  !p.metadata.deletionTimestamp &&
  (p.status?.conditions ?? []).some((x: any) => x.type === 'PodScheduled' && x.status === 'False' && x.reason === 'Unschedulable');

/** Returns true when a group was grown this loop. */
export function runScaleUp(ca: ClusterAutoscaler): boolean {
  const c = ca.c;
  let pending = c.store.list('Pod').filter(unschedulable);
  if (!pending.length) {
    ca.scaleUpStatus = 'NoActivity';
    return false;
  }
  const snap = snapshot(c);
  const nodes = c.store.list('Node');
  // FilterOutSchedulable: pods that fit somewhere now (capacity was freed) are the scheduler's.
  pending = pending.filter((p) => !placeOn(c, snap, nodes, p));
  // Upcoming nodes (VMs booting, nodes not Ready yet) count as template nodes: don't ask twice.
  const upcoming: KObject[] = [];
  for (const g of ca.groups.values()) {
    const registered = nodes.filter((n) => groupOf(n) === g.opts.name && !ca.deleting.has(n.metadata.name));
    const count = Math.max(0, g.target - registered.length) + registered.filter((n) => ca.starting.has(n.metadata.name)).length;
    for (let i = 0; i < count; i++) {
      const t = templateNode(g.opts, `upcoming-${g.opts.name}-${i}`);
      addTemplate(c, snap, t);
      upcoming.push(t);
    }
  }
  pending = pending.filter((p) => !placeOn(c, snap, upcoming, p));
  if (!pending.length) {
    ca.scaleUpStatus = upcoming.length ? 'InProgress' : 'NoActivity';
    return false;
  }

  const options: Option[] = [];
  const rejected = new Map<KObject, string[]>();
  const skipped: string[] = [];
  for (const g of ca.groups.values()) {
    if (g.target >= g.opts.max) {
      skipped.push('max node group size reached');
      continue;
    }
    const tmpl = templateNode(g.opts, `template-${g.opts.name}`);
    const tsnap: Snap = { used: new Map(), podsOn: new Map() };
    addTemplate(c, tsnap, tmpl);
    const fits: KObject[] = [];
    for (const p of pending) {
      const why = c.scheduler.simulateFilter(p, tmpl, tsnap.used, tsnap.podsOn);
      if (why) rejected.set(p, [...(rejected.get(p) ?? []), why]);
      else fits.push(p);
    }
    if (fits.length) options.push({ g, nodes: Math.min(estimate(ca, g, fits), g.opts.max - g.target), pods: fits });
  }

  if (!options.length) {
    // NotTriggerScaleUp on every pod, reasons counted over the groups (ReasonsMessage).
    for (const p of pending) {
      const counts = new Map<string, number>();
      for (const r of [...(rejected.get(p) ?? []), ...skipped]) counts.set(r, (counts.get(r) ?? 0) + 1);
      const msg = [...counts].map(([r, n]) => `${n} ${r}`).join(', ');
      c.events.record(p, 'Normal', 'NotTriggerScaleUp', `pod didn't trigger scale-up: ${msg}`, CA_SOURCE);
    }
    ca.scaleUpStatus = 'NoActivity';
    return false;
  }

  const best = expand(ca, options);
  const from = best.g.target;
  const to = from + best.nodes;
  const info = `{${best.g.opts.name} ${from}->${to} (max: ${best.g.opts.max})}`;
  ca.logEvent('Normal', 'ScaledUpGroup', `Scale-up: setting group ${best.g.opts.name} size to ${to} instead of ${from} (max: ${best.g.opts.max})`);
  ca.increase(best.g, best.nodes);
  ca.logEvent('Normal', 'ScaledUpGroup', `Scale-up: group ${best.g.opts.name} size set to ${to} instead of ${from} (max: ${best.g.opts.max})`);
  for (const p of best.pods) c.events.record(p, 'Normal', 'TriggeredScaleUp', `pod triggered scale-up: [${info}]`, CA_SOURCE);
  ca.lastScaleUpAt = c.now();
  ca.scaleUpStatus = 'InProgress';
  return true;
}

/** First node (in name order) the scheduler's filters accept; the pod is added to the snapshot there. */
export function placeOn(c: ClusterAutoscaler['c'], snap: Snap, nodes: KObject[], pod: KObject): boolean {
  for (const n of [...nodes].sort((a, b) => a.metadata.name.localeCompare(b.metadata.name))) {
    if (c.scheduler.simulateFilter(pod, n, snap.used, snap.podsOn) === null) {
      addPod(snap, n.metadata.name, pod);
      return true;
    }
  }
  return false;
}

/** BinpackingNodeEstimator: biggest pods first, each onto the first new node with room, else a new one. */
function estimate(ca: ClusterAutoscaler, g: GroupState, pods: KObject[]): number {
  const c = ca.c;
  const snap: Snap = { used: new Map(), podsOn: new Map() };
  const nodes: KObject[] = [];
  const alloc = templateNode(g.opts, 'x').status.allocatable;
  const score = (p: KObject) => podRequests(p).cpu / Math.max(1, milliCPU(alloc.cpu)) + podRequests(p).memory / Math.max(1, bytes(alloc.memory));
  for (const p of [...pods].sort((a, b) => score(b) - score(a))) {
    if (placeOn(c, snap, nodes, p)) continue;
    const n = templateNode(g.opts, `estimate-${g.opts.name}-${String(nodes.length).padStart(4, '0')}`);
    addTemplate(c, snap, n);
    nodes.push(n);
    if (!placeOn(c, snap, [n], p)) nodes.pop();
  }
  return Math.max(1, nodes.length);
}

/** --expander: random (the default; seeded, so runs repeat) or least-waste (least idle cpu+memory). */
function expand(ca: ClusterAutoscaler, options: Option[]): Option {
  if (options.length === 1) return options[0]!;
  if (ca.o.expander === 'least-waste') {
    const waste = (o: Option) => {
      const a = templateNode(o.g.opts, 'x').status.allocatable;
      const cpu = milliCPU(a.cpu) * o.nodes;
      const mem = bytes(a.memory) * o.nodes;
      const rc = o.pods.reduce((s, p) => s + podRequests(p).cpu, 0);
      const rm = o.pods.reduce((s, p) => s + podRequests(p).memory, 0);
      return (cpu - rc) / cpu + (mem - rm) / mem;
    };
    return options.reduce((best, o) => (waste(o) < waste(best) ? o : best));
  }
  return options[ca.c.rng.int(0, options.length)]!;
}

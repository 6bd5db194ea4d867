/**
 * The node lifecycle controller (pkg/controller/nodelifecycle): every node-monitor-period (5 s)
 * it checks each node's health signals — the kubelet's Lease renewals and NodeStatus heartbeats.
 * After node-monitor-grace-period (50 s since v1.32, PR #126287) without either, it sets Ready,
 * MemoryPressure, DiskPressure and PIDPressure to Unknown ("Kubelet stopped posting node
 * status."), marks the node's pods Ready=False and taints the node unreachable:NoExecute; the
 * taint eviction controller then deletes pods once their tolerationSeconds (300 s by default)
 * run out. Condition-derived NoSchedule taints follow every node update (doNoScheduleTaintingPass).
 * Not modelled: zones, disruption modes and the eviction rate limiter (one node at a time is
 * tainted at once in a small cluster anyway), NodeStartupGracePeriod.
 */
import type { Cluster } from '../cluster';
import type { KObject } from '../objects';
import type { WatchEvent } from '../store';
import type { Controller } from './registry';
import { NODE_LEASE_NAMESPACE } from '../kubelet/heartbeat';

export const NODE_MONITOR_PERIOD_MS = 5_000;
export const NODE_MONITOR_GRACE_PERIOD_MS = 50_000;

const UNREACHABLE = 'node.kubernetes.io/unreachable';
const NOT_READY = 'node.kubernetes.io/not-ready';
/** nodeConditionToTaintKeyStatusMap: which condition status maps to which taint key. */
const CONDITION_TAINTS: Record<string, Record<string, string>> = {
  Ready: { False: NOT_READY, Unknown: UNREACHABLE },
  MemoryPressure: { True: 'node.kubernetes.io/memory-pressure' },
  DiskPressure: { True: 'node.kubernetes.io/disk-pressure' },
  NetworkUnavailable: { True: 'node.kubernetes.io/network-unavailable' },
  PIDPressure: { True: 'node.kubernetes.io/pid-pressure' },
};
const CONDITION_TAINT_KEYS = new Set(Object.values(CONDITION_TAINTS).flatMap((m) => Object.values(m)));
const SOURCE = { component: 'node-controller' };

interface Health {
  /** Virtual ms when a fresh signal (lease renewal or condition heartbeat) was last seen. */
  probe: number;
  renewTime?: string;
  heartbeat?: string;
}

export function startNodeLifecycleController(c: Cluster): Controller {
  const health = new Map<string, Health>();
  const ready = (n: KObject) => (n.status?.conditions ?? []).find((x: any) => x.type === 'Ready');

  /** SwapNodeControllerTaint: add (stamped with timeAdded) and remove in one node update. */
  const swapTaints = (name: string, add: { key: string; effect: string }[], remove: { key: string; effect: string }[]) => {
    const ts = c.store.timestamp();
    c.store.mutate('Node', undefined, name, (n) => {
      let taints: any[] = (n.spec.taints ?? []).filter((t: any) => !remove.some((r) => r.key === t.key && r.effect === t.effect));
      for (const a of add) if (!taints.some((t) => t.key === a.key && t.effect === a.effect)) taints = [...taints, { ...a, timeAdded: ts }];
      if (taints.length) n.spec.taints = taints;
      else delete n.spec.taints;
    });
  };
  const hasTaint = (n: KObject, key: string, effect: string) => (n.spec?.taints ?? []).some((t: any) => t.key === key && t.effect === effect);

  /** tryUpdateNodeHealth: returns the Ready status before and after this pass. */
  const updateHealth = (node: KObject): { observed: string; current: string } => {
    const name = node.metadata.name;
    const now = c.now();
    const cond = ready(node);
    const observed = cond?.status ?? 'Unknown';
    let h = health.get(name);
    if (!h) health.set(name, (h = { probe: now, heartbeat: cond?.lastHeartbeatTime }));
    if (cond && cond.lastHeartbeatTime !== h.heartbeat) {
      h.heartbeat = cond.lastHeartbeatTime;
      h.probe = now;
    }
    const lease = c.store.get('Lease', NODE_LEASE_NAMESPACE, name);
    if (lease && lease.spec?.renewTime !== h.renewTime) {
      h.renewTime = lease.spec?.renewTime;
      h.probe = now;
    }
    if (!(now > h.probe + NODE_MONITOR_GRACE_PERIOD_MS) || observed === 'Unknown') return { observed, current: observed };
    const ts = c.store.timestamp();
    c.store.mutate('Node', undefined, name, (n) => {
      for (const t of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure']) {
        const x = (n.status.conditions ?? []).find((y: any) => y.type === t);
        if (!x || x.status === 'Unknown') continue;
        Object.assign(x, { status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: ts });
      }
    });
    return { observed, current: 'Unknown' };
  };

  /** MarkPodsNotReady: the kubelet cannot report, so the controller flips each pod's Ready. */
  const markPodsNotReady = (nodeName: string) => {
    const ts = c.store.timestamp();
    for (const pod of c.store.list('Pod').filter((p) => p.spec?.nodeName === nodeName)) {
      const cond = (pod.status?.conditions ?? []).find((x: any) => x.type === 'Ready');
      if (!cond || cond.status === 'False') continue;
      const updated = c.store.mutate('Pod', pod.metadata.namespace, pod.metadata.name, (p) => {
        const r = p.status.conditions.find((x: any) => x.type === 'Ready');
        r.status = 'False';
        r.lastTransitionTime = ts;
      });
      if (updated) c.events.record(updated, 'Warning', 'NodeNotReady', 'Node is not ready', SOURCE);
    }
  };

  /** processTaintBaseEviction, driven by the Ready status observed at the start of the pass. */
  const taintForEviction = (node: KObject, observed: string) => {
    const name = node.metadata.name;
    if (observed === 'Unknown' && !hasTaint(node, UNREACHABLE, 'NoExecute')) swapTaints(name, [{ key: UNREACHABLE, effect: 'NoExecute' }], [{ key: NOT_READY, effect: 'NoExecute' }]);
    else if (observed === 'False' && !hasTaint(node, NOT_READY, 'NoExecute')) swapTaints(name, [{ key: NOT_READY, effect: 'NoExecute' }], [{ key: UNREACHABLE, effect: 'NoExecute' }]);
    else if (observed === 'True' && (hasTaint(node, UNREACHABLE, 'NoExecute') || hasTaint(node, NOT_READY, 'NoExecute')))
      swapTaints(name, [], [{ key: UNREACHABLE, effect: 'NoExecute' }, { key: NOT_READY, effect: 'NoExecute' }]);
  };

  const monitor = () => {
    const nodes = c.store.list('Node');
    for (const name of [...health.keys()]) if (!nodes.some((n) => n.metadata.name === name)) health.delete(name);
    for (const node of nodes) {
      const { observed, current } = updateHealth(node);
      const fresh = c.store.get('Node', undefined, node.metadata.name)!;
      taintForEviction(fresh, observed);
      if (current !== 'True' && observed === 'True') {
        c.events.record(fresh, 'Normal', 'NodeNotReady', `Node ${node.metadata.name} status is now: NodeNotReady`, SOURCE);
        markPodsNotReady(node.metadata.name);
      }
    }
    c.clock.after(NODE_MONITOR_PERIOD_MS, monitor);
  };
  c.clock.after(0, monitor);

  /** doNoScheduleTaintingPass: NoSchedule taints mirror the node's conditions. */
  const noSchedulePass = (name: string) => {
    const node = c.store.get('Node', undefined, name);
    if (!node) return;
    const want = (node.status?.conditions ?? []).flatMap((x: any) => (CONDITION_TAINTS[x.type]?.[x.status] ? [{ key: CONDITION_TAINTS[x.type]![x.status]!, effect: 'NoSchedule' }] : []));
    const have = (node.spec?.taints ?? []).filter((t: any) => t.effect === 'NoSchedule' && CONDITION_TAINT_KEYS.has(t.key));
    const add = want.filter((w: any) => !have.some((t: any) => t.key === w.key));
    const del = have.filter((t: any) => !want.some((w: any) => w.key === t.key));
    if (add.length || del.length) swapTaints(name, add, del);
  };

  return {
    name: 'node-lifecycle',
    handle(e: WatchEvent) {
      if (e.object.kind !== 'Node') return;
      if (e.type === 'DELETED') {
        // The garbage collector's job upstream (the Lease is owned by its Node); done here for brevity.
        const name = e.object.metadata.name;
        c.clock.after(0, () => c.store.remove('Lease', NODE_LEASE_NAMESPACE, name));
        return;
      }
      if (e.old && JSON.stringify(e.old.status?.conditions) === JSON.stringify(e.object.status?.conditions)) return;
      const name = e.object.metadata.name;
      c.clock.after(0, () => noSchedulePass(name));
    },
  };
}

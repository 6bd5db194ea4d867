/**
 * Scale-down (core/scaledown): every loop, nodes of a group whose requests are under
 * --scale-down-utilization-threshold and whose pods could all move elsewhere are "unneeded"
 * (soft-tainted DeletionCandidateOfClusterAutoscaler:PreferNoSchedule). One unneeded for
 * --scale-down-unneeded-time is removed, unless a scale-up happened within
 * --scale-down-delay-after-add: empty nodes at once, others after a drain through the eviction API
 * (PDBs honoured). Texts: actuation/actuator.go, actuation/drain.go, actuation/delete_in_batch.go.
 */
import type { KObject } from '../../objects';
import { ApiError } from '../../errors';
import { matchesLabelSelector } from '../../selectors';
import { CA_SOURCE, DELETION_CANDIDATE_TAINT, TO_BE_DELETED_TAINT, type ClusterAutoscaler } from './autoscaler';
import { placeOn } from './scale-up';
import { addPod, groupOf, isDaemonSetPod, isMirrorPod, isReady, removePod, snapshot, utilization } from './simulate';

const EVICTION_RETRY_MS = 10_000;
const MAX_POD_EVICTION_MS = 2 * 60_000;
const POLL_MS = 5_000;

/** Pods that must move for the node to go (drain.GetPodsToMove), or why the node can't go. */
function podsToMove(ca: ClusterAutoscaler, pods: KObject[]): KObject[] | string {
  const out: KObject[] = [];
  for (const p of pods) {
    if (isDaemonSetPod(p) || isMirrorPod(p) || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
    const safe = p.metadata.annotations?.['cluster-autoscaler.kubernetes.io/safe-to-evict'];
    if (safe === 'false') return 'NotSafeToEvictAnnotation';
    if (!(p.metadata.ownerReferences ?? []).some((r: any) => r.controller)) return 'NotReplicated';
    const pdbs = ca.c.store.list('PodDisruptionBudget', p.metadata.namespace).filter((b) => b.spec?.selector && matchesLabelSelector(b.spec.selector, (p.metadata.labels ?? {}) as Record<string, string>));
    if (p.metadata.namespace === 'kube-system' && !pdbs.length) return 'UnmovableKubeSystemPod';
    if (safe !== 'true' && (p.spec?.volumes ?? []).some((v: any) => v.emptyDir)) return 'LocalStorageRequested';
    if (pdbs.some((b) => (b.status?.disruptionsAllowed ?? 0) < 1)) return 'NotEnoughPdb';
    out.push(p);
  }
  return out;
}

export function runScaleDown(ca: ClusterAutoscaler, scaledUp: boolean): void {
  const c = ca.c;
  const now = c.now();
  const snap = snapshot(c);
  const nodes = c.store.list('Node').sort((a, b) => a.metadata.name.localeCompare(b.metadata.name));
  // Pods about to be bound count where the scheduler would put them (as CA's snapshot after
  // FilterOutSchedulable), so a node that just turned Ready is not "empty" for a moment.
  const ready = nodes.filter((n) => isReady(n) && !ca.deleting.has(n.metadata.name));
  for (const p of c.store.list('Pod')) if (!p.spec?.nodeName && !p.metadata.deletionTimestamp) placeOn(c, snap, ready, p);
  // Emptiest first (by pods to move, then name): removing an empty node beats draining one.
  const load = (n: KObject) => (snap.podsOn.get(n.metadata.name) ?? []).filter((p) => !isDaemonSetPod(p) && !isMirrorPod(p)).length;
  const order = [...nodes].sort((a, b) => load(a) - load(b) || a.metadata.name.localeCompare(b.metadata.name));
  const shrink = new Map<string, number>();
  for (const n of nodes) if (ca.deleting.has(n.metadata.name)) shrink.set(groupOf(n)!, (shrink.get(groupOf(n)!) ?? 0) + 1);
  const removed = new Set<string>(ca.deleting);
  const unneeded = new Map<string, { node: KObject; pods: KObject[]; util: ReturnType<typeof utilization> }>();
  for (const node of order) {
    const name = node.metadata.name;
    const g = ca.groups.get(groupOf(node) ?? '');
    // Only group nodes: never the control plane or a node the autoscaler doesn't own.
    if (!g || ca.deleting.has(name) || !isReady(node) || node.metadata.annotations?.['cluster-autoscaler.kubernetes.io/scale-down-disabled'] === 'true') continue;
    if (g.target - (shrink.get(g.opts.name) ?? 0) <= g.opts.min) continue; // NodeGroupMinSizeReached
    const pods = snap.podsOn.get(name) ?? [];
    const util = utilization(node, pods, ca.o.ignoreDaemonSetsUtilization, ca.o.ignoreMirrorPodsUtilization);
    if (util.util >= ca.o.scaleDownUtilizationThreshold) continue; // NotUnderutilized
    const move = podsToMove(ca, pods);
    if (typeof move === 'string') continue;
    // Simulate: every pod to move must fit a node that stays (the scheduler's filters decide).
    const placed: [string, KObject][] = [];
    const ok = move.every((p) => {
      const dest = nodes.find((d) => d.metadata.name !== name && !removed.has(d.metadata.name) && !(d.spec?.taints ?? []).some((t: any) => t.key === TO_BE_DELETED_TAINT) && c.scheduler.simulateFilter(p, d, snap.used, snap.podsOn) === null);
      if (!dest) return false;
      addPod(snap, dest.metadata.name, p);
      placed.push([dest.metadata.name, p]);
      return true;
    });
    if (!ok) {
      for (const [d, p] of placed) removePod(snap, d, p);
      continue; // NoPlaceToMovePods
    }
    removed.add(name);
    shrink.set(g.opts.name, (shrink.get(g.opts.name) ?? 0) + 1);
    unneeded.set(name, { node, pods: move, util });
  }
  // Unneeded since: kept while the node stays unneeded, forgotten (and the soft taint cleared) when not.
  for (const [name] of ca.unneededSince) {
    if (unneeded.has(name)) continue;
    ca.unneededSince.delete(name);
    if (c.store.get('Node', undefined, name)?.spec?.taints?.some((t: any) => t.key === DELETION_CANDIDATE_TAINT)) ca.setTaint(name, DELETION_CANDIDATE_TAINT, null);
  }
  for (const [name] of unneeded) {
    if (ca.unneededSince.has(name)) continue;
    ca.unneededSince.set(name, now);
    ca.setTaint(name, DELETION_CANDIDATE_TAINT, 'PreferNoSchedule');
  }

  const cooldown = scaledUp || now - ca.lastScaleUpAt < ca.o.scaleDownDelayAfterAddMs || now - ca.lastScaleDownAt < ca.o.scanIntervalMs || now - ca.lastScaleDownFailAt < 3 * 60_000;
  // The ScaleDown condition of the status ConfigMap knows CandidatesPresent and NoCandidates only.
  ca.scaleDownStatus = unneeded.size ? 'CandidatesPresent' : 'NoCandidates';
  if (cooldown) return;
  const ripe = [...unneeded.values()].filter((u) => now - ca.unneededSince.get(u.node.metadata.name)! >= ca.o.scaleDownUnneededMs);
  // Empty nodes go together; at most one node is drained at a time (--max-drain-parallelism 1).
  const empty = ripe.filter((u) => !u.pods.length);
  const drainBusy = [...ca.deleting].length > 0;
  const drain = drainBusy ? [] : ripe.filter((u) => u.pods.length).slice(0, 1);
  for (const u of [...empty, ...drain]) {
    const name = u.node.metadata.name;
    ca.deleting.add(name);
    ca.setTaint(name, DELETION_CANDIDATE_TAINT, null);
    ca.setTaint(name, TO_BE_DELETED_TAINT, 'NoSchedule');
    c.events.record(u.node, 'Normal', 'ScaleDown', 'marked the node as toBeDeleted/unschedulable', CA_SOURCE);
    if (!u.pods.length) {
      ca.logEvent('Normal', 'ScaleDownEmpty', `Scale-down: removing empty node "${name}"`);
      ca.removeNode(c.store.get('Node', undefined, name)!);
    } else {
      const ui = u.util;
      ca.logEvent('Normal', 'ScaleDown', `Scale-down: removing node ${name}, utilization: {${ui.cpu} ${ui.mem} 0 0 ${ui.resource} ${ui.util}}, pods to reschedule: ${u.pods.map((p) => p.metadata.name).join(',')}`);
      drainNode(ca, name, u.pods);
    }
    ca.lastScaleDownAt = now;
  }
}

/** Evictor.DrainNode: evict each pod (retrying 429s for up to --max-pod-eviction-time), wait until gone. */
function drainNode(ca: ClusterAutoscaler, name: string, pods: KObject[]): void {
  const c = ca.c;
  const start = c.now();
  const left = new Map(pods.map((p) => [p.metadata.uid!, p]));
  const errors = new Map<string, string>();
  for (const p of pods) c.events.record(p, 'Normal', 'ScaleDown', 'deleting pod for node scale down', CA_SOURCE);
  const attempt = () => {
    for (const [uid, p] of left) {
      try {
        c.api.evict(p.metadata.namespace!, p.metadata.name);
        left.delete(uid);
      } catch (e) {
        if (e instanceof ApiError && e.code === 404) left.delete(uid);
        else errors.set(uid, `failed to evict pod ${p.metadata.namespace}/${p.metadata.name} within allowed timeout (last error: ${(e as Error).message})`);
      }
    }
    if (!left.size) return c.clock.after(POLL_MS, waitGone);
    if (c.now() - start >= MAX_POD_EVICTION_MS) {
      for (const p of left.values()) c.events.record(p, 'Warning', 'ScaleDownFailed', 'failed to delete pod for ScaleDown', CA_SOURCE);
      return fail([...left.keys()].map((u) => errors.get(u)!));
    }
    c.clock.after(EVICTION_RETRY_MS, attempt);
  };
  const waitGone = () => {
    const still = pods.some((p) => c.store.list('Pod', p.metadata.namespace).some((q) => q.metadata.uid === p.metadata.uid));
    const node = c.store.get('Node', undefined, name);
    if (!node) return;
    if (still) return c.clock.after(POLL_MS, waitGone);
    ca.removeNode(node);
  };
  const fail = (errs: string[]) => {
    const node = c.store.get('Node', undefined, name);
    ca.deleting.delete(name);
    ca.lastScaleDownFailAt = c.now();
    if (!node) return;
    c.events.record(node, 'Warning', 'ScaleDownFailed', `failed to drain and delete node: Failed to drain node /${name}, due to following errors: [${errs.join(' ')}]`, CA_SOURCE);
    ca.setTaint(name, TO_BE_DELETED_TAINT, null);
  };
  attempt();
}

/**
 * replicaset-controller (k/k pkg/controller/replicaset/replica_set.go): keeps `spec.replicas` active
 * pods matching the selector, adopting orphans and releasing pods whose labels stopped matching.
 */
import type { Cluster } from '../../cluster';
import type { WatchEvent } from '../../store';
import type { KObject } from '../../objects';
import { ApiError } from '../../errors';
import { matchesLabelSelector, matchesSelector } from '../../selectors';
import { OwnerIndex } from './index-cache';
import { controllerRef, isPodActive, isPodAvailable, isPodReady, ownerRefFor, podReadyCondition } from './util';

/** controller.BurstReplicas: at most this many creations/deletions per sync. */
export const BURST_REPLICAS = 500;
const SOURCE = { component: 'replicaset-controller' };

export class ReplicaSetController {
  readonly name = 'replicaset-controller';
  readonly pods = new OwnerIndex('Pod');
  private dirty = new Set<string>();
  private scheduled = false;
  private wakeups = new Set<string>();

  constructor(private readonly cluster: Cluster) {}

  handle(e: WatchEvent): void {
    const o = e.object;
    if (o.kind === 'ReplicaSet') {
      this.mark(`${o.metadata.namespace}/${o.metadata.name}`);
      return;
    }
    if (o.kind !== 'Pod') return;
    this.pods.handle(e);
    const ref = controllerRef(o);
    const oldRef = e.old ? controllerRef(e.old) : undefined;
    if (ref?.kind === 'ReplicaSet') this.mark(`${o.metadata.namespace}/${ref.name}`);
    if (oldRef?.kind === 'ReplicaSet' && oldRef.uid !== ref?.uid) this.mark(`${o.metadata.namespace}/${oldRef.name}`);
    if (!ref && e.type !== 'DELETED' && isPodActive(o)) {
      // an orphan: any ReplicaSet whose selector matches may adopt it
      const labelsChanged = !e.old || JSON.stringify(e.old.metadata.labels) !== JSON.stringify(o.metadata.labels) || !!oldRef;
      if (labelsChanged)
        for (const rs of this.cluster.store.list('ReplicaSet', o.metadata.namespace))
          if (rs.spec?.selector && matchesLabelSelector(rs.spec.selector, (o.metadata.labels ?? {}) as Record<string, string>)) this.mark(`${rs.metadata.namespace}/${rs.metadata.name}`);
    }
  }

  mark(key: string): void {
    this.dirty.add(key);
    if (this.scheduled) return;
    this.scheduled = true;
    this.cluster.clock.after(0, () => {
      this.scheduled = false;
      const keys = [...this.dirty];
      this.dirty.clear();
      for (const k of keys) this.sync(k);
    });
  }

  private wallNow(): number {
    return Date.parse(this.cluster.store.timestamp());
  }

  sync(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const store = this.cluster.store;
    const rs = store.get('ReplicaSet', ns, name);
    if (!rs) return;
    const uid = rs.metadata.uid!;
    const sel = rs.spec?.selector ?? {};
    const matches = (p: KObject) => matchesLabelSelector(sel, (p.metadata.labels ?? {}) as Record<string, string>);
    const deleting = !!rs.metadata.deletionTimestamp;
    // ClaimPods: release owned pods that stopped matching, adopt matching orphans.
    for (const p of this.pods.owned(uid)) {
      if (!matches(p))
        store.mutate('Pod', ns, p.metadata.name, (x) => {
          x.metadata.ownerReferences = (x.metadata.ownerReferences ?? []).filter((r: any) => r.uid !== uid);
          if (!x.metadata.ownerReferences.length) delete x.metadata.ownerReferences;
        });
    }
    if (!deleting)
      for (const p of this.pods.orphansIn(ns)) {
        if (!isPodActive(p) || !matches(p)) continue;
        store.mutate('Pod', ns, p.metadata.name, (x) => {
          x.metadata.ownerReferences = [...(x.metadata.ownerReferences ?? []), ownerRefFor(rs)];
        });
      }
    const active = this.pods.owned(uid).filter(isPodActive);
    const want = rs.spec?.replicas ?? 1;
    if (!deleting) {
      const diff = active.length - want;
      if (diff < 0) this.createPods(rs, Math.min(-diff, BURST_REPLICAS));
      else if (diff > 0) {
        const victims = rankForDeletion(active, Math.min(diff, BURST_REPLICAS), this.wallNow());
        for (const p of victims) {
          try {
            this.cluster.api.delete('Pod', ns, p.metadata.name);
            this.cluster.events.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, SOURCE);
          } catch (e) {
            if (!(e instanceof ApiError)) throw e;
          }
        }
      }
    }
    this.updateStatus(ns, name);
  }

  private createPods(rs: KObject, n: number): void {
    const t = rs.spec.template ?? {};
    // slowStartBatch: 1, 2, 4, … pods per batch; a failure stops the remaining batches.
    let remaining = n;
    let batch = 1;
    while (remaining > 0) {
      const size = Math.min(batch, remaining);
      let failed = false;
      for (let i = 0; i < size; i++) {
        const pod: KObject = {
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: {
            name: '',
            generateName: `${rs.metadata.name}-`,
            namespace: rs.metadata.namespace,
            labels: { ...(t.metadata?.labels ?? {}) },
            ...(t.metadata?.annotations ? { annotations: { ...t.metadata.annotations } } : {}),
            ownerReferences: [ownerRefFor(rs)],
          },
          spec: structuredClone(t.spec ?? {}),
        };
        try {
          const created = this.cluster.api.create(pod);
          this.cluster.events.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, SOURCE);
        } catch (e) {
          if (!(e instanceof ApiError)) throw e;
          this.cluster.events.record(rs, 'Warning', 'FailedCreate', `Error creating: ${e.message}`, SOURCE);
          failed = true;
        }
      }
      if (failed) return;
      remaining -= size;
      batch *= 2;
    }
  }

  private updateStatus(ns: string, name: string): void {
    const rs = this.cluster.store.get('ReplicaSet', ns, name);
    if (!rs) return;
    const now = this.wallNow();
    const minReady = rs.spec?.minReadySeconds ?? 0;
    const active = this.pods.owned(rs.metadata.uid!).filter(isPodActive);
    const tmplLabels = rs.spec?.template?.metadata?.labels ?? {};
    let ready = 0;
    let available = 0;
    let nextCheck = Infinity;
    for (const p of active) {
      if (!isPodReady(p)) continue;
      ready++;
      if (isPodAvailable(p, minReady, now)) available++;
      else nextCheck = Math.min(nextCheck, Date.parse(podReadyCondition(p).lastTransitionTime) + minReady * 1000);
    }
    const status: any = { replicas: active.length };
    const fully = active.filter((p) => matchesSelector(tmplLabels, (p.metadata.labels ?? {}) as Record<string, string>)).length;
    if (fully) status.fullyLabeledReplicas = fully;
    if (ready) status.readyReplicas = ready;
    if (available) status.availableReplicas = available;
    status.observedGeneration = rs.metadata.generation ?? 1;
    if (JSON.stringify(rs.status ?? {}) !== JSON.stringify(status)) this.cluster.store.mutate('ReplicaSet', ns, name, (x) => void (x.status = status));
    if (nextCheck < Infinity) {
      const k = `${ns}/${name}@${nextCheck}`;
      if (!this.wakeups.has(k)) {
        this.wakeups.add(k);
        this.cluster.clock.after(Math.max(0, nextCheck - now), () => {
          this.wakeups.delete(k);
          this.mark(`${ns}/${name}`);
        });
      }
    }
  }
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * getPodsToDelete / ActivePodsWithRanks: unscheduled before scheduled, Pending < Unknown < Running,
 * not-ready before ready, lower pod-deletion-cost first, doubled-up nodes first, ready for less
 * time first, more restarts first, newer first.
 */
export function rankForDeletion(pods: KObject[], n: number, now: number): KObject[] {
  const perNode = new Map<string, number>();
  for (const p of pods) if (p.spec?.nodeName) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
  const restarts = (p: KObject) => (p.status?.containerStatuses ?? []).reduce((a: number, c: any) => Math.max(a, c.restartCount ?? 0), 0);
  const cost = (p: KObject) => Number(p.metadata.annotations?.['controller.kubernetes.io/pod-deletion-cost'] ?? 0) || 0;
  const readySince = (p: KObject) => Date.parse(podReadyCondition(p)?.lastTransitionTime ?? '') || now;
  const created = (p: KObject) => Date.parse(p.metadata.creationTimestamp ?? '') || 0;
  const sorted = [...pods].sort((a, b) => {
    const an = a.spec?.nodeName ? 1 : 0;
    const bn = b.spec?.nodeName ? 1 : 0;
    if (an !== bn) return an - bn;
    const ap = PHASE_RANK[a.status?.phase ?? 'Pending'] ?? 0;
    const bp = PHASE_RANK[b.status?.phase ?? 'Pending'] ?? 0;
    if (ap !== bp) return ap - bp;
    const ar = isPodReady(a) ? 1 : 0;
    const br = isPodReady(b) ? 1 : 0;
    if (ar !== br) return ar - br;
    if (cost(a) !== cost(b)) return cost(a) - cost(b);
    const ad = perNode.get(a.spec?.nodeName) ?? 0;
    const bd = perNode.get(b.spec?.nodeName) ?? 0;
    if (ad !== bd) return bd - ad;
    if (ar && br) {
      const x = logBucket(now - readySince(a));
      const y = logBucket(now - readySince(b));
      if (x !== y) return x - y;
    }
    if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
    const ca = logBucket(now - created(a));
    const cb = logBucket(now - created(b));
    if (ca !== cb) return ca - cb;
    return a.metadata.uid! < b.metadata.uid! ? -1 : a.metadata.uid! > b.metadata.uid! ? 1 : 0;
  });
  return sorted.slice(0, n);
}

/** LogarithmicScaleDown: durations compared by floor(log2(seconds)). */
function logBucket(ms: number): number {
  const s = Math.max(0, Math.floor(ms / 1000));
  return s <= 0 ? -1 : Math.floor(Math.log2(s));
}

/**
 * deployment-controller (k/k pkg/controller/deployment: sync.go, rolling.go, recreate.go,
 * progress.go, util/deployment_util.go): one ReplicaSet per pod template (named
 * `<deployment>-<pod-template-hash>`), revisions, RollingUpdate/Recreate, history cleanup,
 * Available/Progressing conditions and the progress deadline.
 */
import type { Cluster } from '../../cluster';
import type { WatchEvent } from '../../store';
import type { KObject } from '../../objects';
import { ApiError } from '../../errors';
import { matchesLabelSelector } from '../../selectors';
import { OwnerIndex } from './index-cache';
import type { ReplicaSetController } from './replicaset';
import { computeHash } from './hash';
import { byCreation, controllerRef, DESIRED_ANN, HASH_LABEL, MAX_ANN, maxSurge, maxUnavailable, ownerRefFor, REVISION_ANN, revisionOf, templateKey } from './util';

const SOURCE = { component: 'deployment-controller' };
const SKIP_ANNOTATIONS = new Set(['kubectl.kubernetes.io/last-applied-configuration', REVISION_ANN, 'deployment.kubernetes.io/revision-history', DESIRED_ANN, MAX_ANN, 'deprecated.deployment.rollback.to']);

type Status = Record<string, any>;

export class DeploymentController {
  readonly name = 'deployment-controller';
  readonly rss = new OwnerIndex('ReplicaSet');
  private dirty = new Set<string>();
  private scheduled = false;
  private wakeups = new Set<string>();
  /** the deployment being synced (working copy) */
  private d!: KObject;

  constructor(
    private readonly cluster: Cluster,
    private readonly rsc: ReplicaSetController,
  ) {}

  handle(e: WatchEvent): void {
    const o = e.object;
    if (o.kind === 'Deployment') return this.mark(`${o.metadata.namespace}/${o.metadata.name}`);
    if (o.kind === 'ReplicaSet') {
      this.rss.handle(e);
      const ref = controllerRef(o);
      if (ref?.kind === 'Deployment') this.mark(`${o.metadata.namespace}/${ref.name}`);
      else if (e.type !== 'DELETED')
        for (const d of this.cluster.store.list('Deployment', o.metadata.namespace))
          if (d.spec?.selector && matchesLabelSelector(d.spec.selector, (o.metadata.labels ?? {}) as Record<string, string>)) this.mark(`${d.metadata.namespace}/${d.metadata.name}`);
      return;
    }
    if (o.kind === 'Pod' && e.type === 'DELETED') {
      // Recreate waits for old pods to be gone.
      const ref = controllerRef(o);
      if (ref?.kind !== 'ReplicaSet') return;
      const rs = this.cluster.store.get('ReplicaSet', o.metadata.namespace, ref.name);
      const dref = rs && controllerRef(rs);
      if (dref?.kind === 'Deployment') this.mark(`${o.metadata.namespace}/${dref.name}`);
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

  private ts(): string {
    return this.cluster.store.timestamp();
  }

  sync(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const live = this.cluster.store.get('Deployment', ns, name);
    if (!live || live.metadata.deletionTimestamp) return;
    this.d = structuredClone(live);
    const d = this.d;
    d.status ??= {};
    const rsList = this.claimReplicaSets(d);
    this.checkPausedConditions();
    if (d.spec.paused) this.syncScale(rsList);
    else if (this.isScalingEvent(rsList)) this.syncScale(rsList);
    else if (d.spec.strategy?.type === 'Recreate') this.rolloutRecreate(rsList);
    else this.rolloutRolling(rsList);
    this.write(live);
  }

  /** Persist metadata annotations and status changes of the working copy. */
  private write(live: KObject): void {
    const d = this.d;
    if (JSON.stringify(d.metadata.annotations ?? {}) === JSON.stringify(live.metadata.annotations ?? {}) && JSON.stringify(d.status) === JSON.stringify(live.status ?? {})) {
      this.requeueStuck();
      return;
    }
    this.cluster.store.mutate('Deployment', live.metadata.namespace, live.metadata.name, (x) => {
      if (d.metadata.annotations) x.metadata.annotations = d.metadata.annotations;
      x.status = d.status;
    });
    this.requeueStuck();
  }

  private claimReplicaSets(d: KObject): KObject[] {
    const uid = d.metadata.uid!;
    const ns = d.metadata.namespace!;
    const sel = d.spec.selector ?? {};
    for (const rs of this.rss.orphansIn(ns)) {
      if (rs.metadata.deletionTimestamp || !matchesLabelSelector(sel, (rs.metadata.labels ?? {}) as Record<string, string>)) continue;
      this.cluster.store.mutate('ReplicaSet', ns, rs.metadata.name, (x) => {
        x.metadata.ownerReferences = [...(x.metadata.ownerReferences ?? []), ownerRefFor(d)];
      });
    }
    return this.rss.owned(uid).sort(byCreation);
  }

  // ---- RS helpers -------------------------------------------------------------------------

  private findNew(rsList: KObject[]): KObject | undefined {
    const k = templateKey(this.d.spec.template);
    return rsList.find((rs) => templateKey(rs.spec?.template) === k);
  }

  private scaleRS(rs: KObject, newScale: number): { scaled: boolean; rs: KObject } {
    const d = this.d;
    const desired = String(d.spec.replicas ?? 1);
    const max = String((d.spec.replicas ?? 1) + maxSurge(d));
    const ann = rs.metadata.annotations ?? {};
    const sizeChange = (rs.spec.replicas ?? 1) !== newScale;
    if (!sizeChange && ann[DESIRED_ANN] === desired && ann[MAX_ANN] === max) return { scaled: false, rs };
    const old = rs.spec.replicas ?? 1;
    const updated = this.cluster.store.mutate('ReplicaSet', rs.metadata.namespace, rs.metadata.name, (x) => {
      x.spec.replicas = newScale;
      x.metadata.annotations = { ...(x.metadata.annotations ?? {}), [DESIRED_ANN]: desired, [MAX_ANN]: max };
      if (sizeChange) x.metadata.generation = (x.metadata.generation ?? 1) + 1;
    })!;
    if (sizeChange) this.cluster.events.record(this.cluster.store.get('Deployment', d.metadata.namespace, d.metadata.name) ?? d, 'Normal', 'ScalingReplicaSet', `Scaled ${old < newScale ? 'up' : 'down'} replica set ${rs.metadata.name} from ${old} to ${newScale}`, SOURCE);
    return { scaled: sizeChange, rs: updated };
  }

  private newRSNewReplicas(allRSs: KObject[], newRS: KObject | undefined): number {
    const d = this.d;
    const replicas = d.spec.replicas ?? 1;
    if (d.spec.strategy?.type === 'Recreate') return replicas;
    const cur = newRS?.spec.replicas ?? 0;
    const surge = maxSurge(d);
    const current = allRSs.reduce((a, rs) => a + (rs.spec.replicas ?? 0), 0);
    const maxTotal = replicas + surge;
    if (current >= maxTotal) return cur;
    const up = Math.min(maxTotal - current, Math.max(0, replicas - cur));
    return cur + up;
  }

  /** getAllReplicaSetsAndSyncRevision. */
  private getAll(rsList: KObject[], create: boolean): { newRS?: KObject; oldRSs: KObject[] } {
    const d = this.d;
    let newRS = this.findNew(rsList);
    const oldRSs = rsList.filter((r) => r !== newRS);
    const maxOld = oldRSs.reduce((a, r) => Math.max(a, revisionOf(r)), 0);
    const newRevision = String(maxOld + 1);
    if (newRS) {
      const ann = newRS.metadata.annotations ?? {};
      const needRev = revisionOf(newRS) < maxOld + 1;
      const needMin = (newRS.spec.minReadySeconds ?? 0) !== (d.spec.minReadySeconds ?? 0);
      const copied = this.copyAnnotations(ann);
      if (needRev || needMin || copied) {
        newRS = this.cluster.store.mutate('ReplicaSet', newRS.metadata.namespace, newRS.metadata.name, (x) => {
          x.metadata.annotations = { ...(copied ?? x.metadata.annotations ?? {}) };
          if (needRev) x.metadata.annotations[REVISION_ANN] = newRevision;
          if (needMin) x.spec.minReadySeconds = d.spec.minReadySeconds ?? 0;
        })!;
      }
      this.setRevision(newRS.metadata.annotations?.[REVISION_ANN] ?? newRevision);
      if (!this.cond('Progressing')) this.setCond(this.newCond('Progressing', 'True', 'FoundNewReplicaSet', `Found new replica set "${newRS.metadata.name}"`));
      return { newRS, oldRSs };
    }
    if (!create) return { oldRSs };
    const template = structuredClone(d.spec.template ?? {});
    const hash = computeHash(template, d.status.collisionCount);
    template.metadata ??= {};
    template.metadata.labels = { ...(template.metadata.labels ?? {}), [HASH_LABEL]: hash };
    const selector = structuredClone(d.spec.selector ?? {});
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [HASH_LABEL]: hash };
    const annotations: Record<string, string> = {};
    for (const [k, v] of Object.entries((d.metadata.annotations ?? {}) as Record<string, string>)) if (!SKIP_ANNOTATIONS.has(k)) annotations[k] = v;
    annotations[DESIRED_ANN] = String(d.spec.replicas ?? 1);
    annotations[MAX_ANN] = String((d.spec.replicas ?? 1) + maxSurge(d));
    annotations[REVISION_ANN] = newRevision;
    const draft: KObject = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: `${d.metadata.name}-${hash}`, namespace: d.metadata.namespace, labels: { ...template.metadata.labels }, annotations, ownerReferences: [ownerRefFor(d)] },
      spec: { replicas: 0, minReadySeconds: d.spec.minReadySeconds ?? 0, selector, template },
    };
    draft.spec.replicas = this.newRSNewReplicas([...oldRSs, draft], draft);
    let created: KObject;
    try {
      created = this.cluster.api.create(draft);
    } catch (e) {
      if (!(e instanceof ApiError) || e.reason !== 'AlreadyExists') throw e;
      const existing = this.cluster.store.get('ReplicaSet', d.metadata.namespace, draft.metadata.name);
      if (existing && controllerRef(existing)?.uid === d.metadata.uid && templateKey(existing.spec.template) === templateKey(d.spec.template)) return { newRS: existing, oldRSs };
      d.status.collisionCount = (d.status.collisionCount ?? 0) + 1;
      this.mark(`${d.metadata.namespace}/${d.metadata.name}`);
      return { oldRSs };
    }
    if (draft.spec.replicas > 0) this.cluster.events.record(this.cluster.store.get('Deployment', d.metadata.namespace, d.metadata.name) ?? d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${draft.spec.replicas}`, SOURCE);
    this.setRevision(newRevision);
    this.setCond(this.newCond('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${created.metadata.name}"`));
    return { newRS: created, oldRSs };
  }

  /** Deployment annotations copied onto its new ReplicaSet; null when nothing changes. */
  private copyAnnotations(ann: Record<string, string>): Record<string, string> | null {
    let changed = false;
    const out = { ...ann };
    for (const [k, v] of Object.entries((this.d.metadata.annotations ?? {}) as Record<string, string>)) {
      if (SKIP_ANNOTATIONS.has(k) || out[k] === v) continue;
      out[k] = v;
      changed = true;
    }
    return changed ? out : null;
  }

  private setRevision(rev: string): void {
    const a = (this.d.metadata.annotations ??= {});
    if (a[REVISION_ANN] !== rev && Number(a[REVISION_ANN] ?? 0) < Number(rev)) a[REVISION_ANN] = rev;
    else if (a[REVISION_ANN] === undefined) a[REVISION_ANN] = rev;
  }

  // ---- scaling (sync.go) -------------------------------------------------------------------

  private isScalingEvent(rsList: KObject[]): boolean {
    const want = String(this.d.spec.replicas ?? 1);
    return rsList.some((rs) => (rs.spec.replicas ?? 0) > 0 && rs.metadata.annotations?.[DESIRED_ANN] !== undefined && rs.metadata.annotations[DESIRED_ANN] !== want);
  }

  private syncScale(rsList: KObject[]): void {
    const { newRS, oldRSs } = this.getAll(rsList, false);
    this.scale(newRS, oldRSs);
    const all = this.reload([...oldRSs, ...(newRS ? [newRS] : [])]);
    const fresh = this.findNew(all);
    if (this.d.spec.paused) this.cleanup(all.filter((r) => r !== fresh));
    this.d.status = this.calculateStatus(all, fresh);
  }

  private scale(newRS: KObject | undefined, oldRSs: KObject[]): void {
    const d = this.d;
    const replicas = d.spec.replicas ?? 1;
    const all = [...(newRS ? [newRS] : []), ...oldRSs];
    const active = all.filter((r) => (r.spec.replicas ?? 0) > 0);
    let target: KObject | undefined;
    if (active.length === 0) target = newRS ?? [...oldRSs].sort(byCreation).reverse()[0];
    else if (active.length === 1) target = active[0];
    if (target) {
      this.scaleRS(target, replicas);
      return;
    }
    if (newRS && (newRS.spec.replicas ?? 0) === replicas && (newRS.status?.availableReplicas ?? 0) === replicas) {
      for (const r of oldRSs) if ((r.spec.replicas ?? 0) > 0) this.scaleRS(r, 0);
      return;
    }
    if (d.spec.strategy?.type === 'Recreate') return;
    // proportional scaling
    const allowed = replicas > 0 ? replicas + maxSurge(d) : 0;
    const total = active.reduce((a, r) => a + (r.spec.replicas ?? 0), 0);
    const toAdd = allowed - total;
    const sorted = [...active].sort((a, b) => {
      const sa = a.spec.replicas ?? 0;
      const sb = b.spec.replicas ?? 0;
      if (sa !== sb) return toAdd > 0 ? sb - sa : sb - sa;
      return toAdd > 0 ? -byCreation(a, b) : byCreation(a, b);
    });
    let added = 0;
    const sizes = new Map<KObject, number>();
    for (const rs of sorted) {
      let prop = 0;
      const cur = rs.spec.replicas ?? 0;
      if (toAdd !== 0 && cur !== 0 && toAdd !== added) {
        const deployReplicas = replicas + maxSurge(d);
        const annotated = Number(rs.metadata.annotations?.[MAX_ANN] ?? d.status.replicas ?? 0) || 1;
        const frac = roundHalfAway((cur * deployReplicas) / annotated) - cur;
        const allowedLeft = toAdd - added;
        prop = toAdd > 0 ? Math.min(frac, allowedLeft) : Math.max(frac, allowedLeft);
      }
      sizes.set(rs, cur + prop);
      added += prop;
    }
    sorted.forEach((rs, i) => {
      let size = sizes.get(rs)!;
      if (i === 0 && toAdd !== 0) size = Math.max(0, size + (toAdd - added));
      this.scaleRS(rs, size);
    });
  }

  private reload(list: KObject[]): KObject[] {
    return list.map((r) => this.cluster.store.get('ReplicaSet', r.metadata.namespace, r.metadata.name)).filter((r): r is KObject => !!r);
  }

  // ---- rollouts ----------------------------------------------------------------------------

  private rolloutRolling(rsList: KObject[]): void {
    let { newRS, oldRSs } = this.getAll(rsList, true);
    if (!newRS) return;
    const d = this.d;
    const replicas = d.spec.replicas ?? 1;
    // reconcileNewReplicaSet
    let scaledUp = false;
    const cur = newRS.spec.replicas ?? 0;
    if (cur > replicas) scaledUp = this.scaleRS(newRS, replicas).scaled;
    else if (cur < replicas) scaledUp = this.scaleRS(newRS, this.newRSNewReplicas([...oldRSs, newRS], newRS)).scaled;
    if (scaledUp) return this.syncRolloutStatus();
    newRS = this.reload([newRS])[0]!;
    oldRSs = this.reload(oldRSs);
    if (this.reconcileOld(newRS, oldRSs)) return this.syncRolloutStatus();
    if (this.complete(d.status)) this.cleanup(oldRSs);
    this.syncRolloutStatus();
  }

  private reconcileOld(newRS: KObject, oldRSs: KObject[]): boolean {
    const d = this.d;
    const oldCount = oldRSs.reduce((a, r) => a + (r.spec.replicas ?? 0), 0);
    if (oldCount === 0) return false;
    const all = [...oldRSs, newRS];
    const allCount = all.reduce((a, r) => a + (r.spec.replicas ?? 0), 0);
    const minAvailable = (d.spec.replicas ?? 1) - maxUnavailable(d);
    const newUnavailable = (newRS.spec.replicas ?? 0) - (newRS.status?.availableReplicas ?? 0);
    const maxScaledDown = allCount - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return false;
    // cleanupUnhealthyReplicas
    let cleaned = 0;
    const sorted = oldRSs.filter((r) => (r.spec.replicas ?? 0) > 0).sort(byCreation);
    for (const rs of sorted) {
      if (cleaned >= maxScaledDown) break;
      const n = rs.spec.replicas ?? 0;
      const avail = rs.status?.availableReplicas ?? 0;
      if (n === 0 || n === avail) continue;
      const down = Math.min(maxScaledDown - cleaned, n - avail);
      this.scaleRS(rs, n - down);
      cleaned += down;
    }
    const fresh = this.reload(oldRSs);
    // scaleDownOldReplicaSetsForRollingUpdate
    const available = [...fresh, newRS].reduce((a, r) => a + (r.status?.availableReplicas ?? 0), 0);
    let scaledDown = 0;
    if (available > minAvailable) {
      const total = available - minAvailable;
      for (const rs of fresh.filter((r) => (r.spec.replicas ?? 0) > 0).sort(byCreation)) {
        if (scaledDown >= total) break;
        const n = rs.spec.replicas ?? 0;
        const down = Math.min(n, total - scaledDown);
        this.scaleRS(rs, n - down);
        scaledDown += down;
      }
    }
    return cleaned + scaledDown > 0;
  }

  private rolloutRecreate(rsList: KObject[]): void {
    let { newRS, oldRSs } = this.getAll(rsList, false);
    let scaledDown = false;
    for (const rs of oldRSs) if ((rs.spec.replicas ?? 0) > 0) scaledDown = this.scaleRS(rs, 0).scaled || scaledDown;
    if (scaledDown) return this.syncRolloutStatus();
    oldRSs = this.reload(oldRSs);
    const oldRunning = oldRSs.some((r) => (r.status?.replicas ?? 0) > 0 || this.rsc.pods.owned(r.metadata.uid!).some((p) => p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded'));
    if (oldRunning) return this.syncRolloutStatus();
    if (!newRS) ({ newRS, oldRSs } = this.getAll(this.reload(rsList), true));
    if (!newRS) return;
    this.scaleRS(newRS, this.d.spec.replicas ?? 1);
    if (this.complete(this.d.status)) this.cleanup(oldRSs);
    this.syncRolloutStatus();
  }

  private cleanup(oldRSs: KObject[]): void {
    const limit = this.d.spec.revisionHistoryLimit;
    if (limit === undefined || limit === null) return;
    const cleanable = oldRSs.filter((r) => !r.metadata.deletionTimestamp);
    const diff = cleanable.length - limit;
    if (diff <= 0) return;
    cleanable.sort((a, b) => revisionOf(a) - revisionOf(b) || byCreation(a, b));
    for (let i = 0; i < diff; i++) {
      const rs = cleanable[i]!;
      if ((rs.status?.replicas ?? 0) !== 0 || (rs.spec.replicas ?? 0) !== 0 || (rs.metadata.generation ?? 1) > (rs.status?.observedGeneration ?? 0)) continue;
      try {
        this.cluster.api.delete('ReplicaSet', rs.metadata.namespace, rs.metadata.name);
      } catch (e) {
        if (!(e instanceof ApiError)) throw e;
      }
    }
  }

  // ---- status (progress.go, sync.go calculateStatus) ------------------------------------------

  private currentRSs(): { all: KObject[]; newRS?: KObject } {
    const all = this.rss.owned(this.d.metadata.uid!).sort(byCreation);
    return { all, newRS: this.findNew(all) };
  }

  private calculateStatus(all: KObject[], newRS: KObject | undefined): Status {
    const d = this.d;
    const sum = (f: (r: KObject) => number) => all.reduce((a, r) => a + f(r), 0);
    const available = sum((r) => r.status?.availableReplicas ?? 0);
    const total = sum((r) => r.spec.replicas ?? 0);
    const s: Status = {
      observedGeneration: d.metadata.generation ?? 1,
      replicas: sum((r) => r.status?.replicas ?? 0),
      updatedReplicas: newRS?.status?.replicas ?? 0,
      readyReplicas: sum((r) => r.status?.readyReplicas ?? 0),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, total - available),
      conditions: structuredClone(d.status.conditions ?? []),
    };
    if (d.status.collisionCount !== undefined) s.collisionCount = d.status.collisionCount;
    for (const k of ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas']) if (!s[k]) delete s[k];
    const ok = available >= (d.spec.replicas ?? 1) - maxUnavailable(d);
    const c = ok ? this.newCond('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.') : this.newCond('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.');
    setCondition(s, c);
    return s;
  }

  private complete(s: Status): boolean {
    const r = this.d.spec.replicas ?? 1;
    return (s.updatedReplicas ?? 0) === r && (s.replicas ?? 0) === r && (s.availableReplicas ?? 0) === r && (s.observedGeneration ?? 0) >= (this.d.metadata.generation ?? 1);
  }

  private syncRolloutStatus(): void {
    const d = this.d;
    const { all, newRS } = this.currentRSs();
    const next = this.calculateStatus(all, newRS);
    const deadline = d.spec.progressDeadlineSeconds;
    const hasDeadline = deadline !== undefined && deadline !== null && deadline !== 2147483647;
    if (!hasDeadline) next.conditions = next.conditions.filter((c: any) => c.type !== 'Progressing');
    const cur = (d.status.conditions ?? []).find((c: any) => c.type === 'Progressing');
    const isComplete = (next.replicas ?? 0) === (next.updatedReplicas ?? 0) && cur?.reason === 'NewReplicaSetAvailable';
    if (hasDeadline && !isComplete) {
      const old = d.status;
      if (this.complete(next)) {
        setCondition(next, this.newCond('Progressing', 'True', 'NewReplicaSetAvailable', newRS ? `ReplicaSet "${newRS.metadata.name}" has successfully progressed.` : `Deployment "${d.metadata.name}" has successfully progressed.`));
      } else if (
        (next.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
        (next.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
        (old.replicas ?? 0) - (old.updatedReplicas ?? 0) > (next.replicas ?? 0) - (next.updatedReplicas ?? 0) ||
        (next.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
      ) {
        const c = this.newCond('Progressing', 'True', 'ReplicaSetUpdated', newRS ? `ReplicaSet "${newRS.metadata.name}" is progressing.` : `Deployment "${d.metadata.name}" is progressing.`);
        if (cur) {
          if (cur.status === 'True') c.lastTransitionTime = cur.lastTransitionTime;
          next.conditions = next.conditions.filter((x: any) => x.type !== 'Progressing');
        }
        setCondition(next, c);
      } else if (this.timedOut(cur)) {
        setCondition(next, this.newCond('Progressing', 'False', 'ProgressDeadlineExceeded', newRS ? `ReplicaSet "${newRS.metadata.name}" has timed out progressing.` : `Deployment "${d.metadata.name}" has timed out progressing.`));
      }
    }
    d.status = next;
  }

  private timedOut(cur: any): boolean {
    if (!cur || cur.reason === 'NewReplicaSetAvailable') return false;
    if (cur.reason === 'ProgressDeadlineExceeded') return true;
    const from = Date.parse(cur.lastUpdateTime);
    return from + (this.d.spec.progressDeadlineSeconds ?? 600) * 1000 < Date.parse(this.ts());
  }

  /** requeueStuckDeployment: look again when the progress deadline would pass. */
  private requeueStuck(): void {
    const d = this.d;
    const cur = (d.status?.conditions ?? []).find((c: any) => c.type === 'Progressing');
    const deadline = d.spec.progressDeadlineSeconds;
    if (!cur || deadline === undefined || d.spec.paused || cur.reason === 'NewReplicaSetAvailable' || cur.reason === 'ProgressDeadlineExceeded') return;
    if (this.complete(d.status)) return;
    const at = Date.parse(cur.lastUpdateTime) + deadline * 1000 + 1000;
    const key = `${d.metadata.namespace}/${d.metadata.name}`;
    const wk = `${key}@${at}`;
    if (this.wakeups.has(wk)) return;
    this.wakeups.add(wk);
    this.cluster.clock.after(Math.max(0, at - Date.parse(this.ts())), () => {
      this.wakeups.delete(wk);
      this.mark(key);
    });
  }

  private checkPausedConditions(): void {
    const d = this.d;
    if (d.spec.progressDeadlineSeconds === undefined || d.spec.progressDeadlineSeconds === 2147483647) return;
    const cur = this.cond('Progressing');
    if (cur?.reason === 'ProgressDeadlineExceeded') return;
    const pausedExists = cur?.reason === 'DeploymentPaused';
    if (d.spec.paused && !pausedExists) this.setCond(this.newCond('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused'));
    else if (!d.spec.paused && pausedExists) this.setCond(this.newCond('Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed'));
  }

  private cond(type: string): any {
    return (this.d.status.conditions ?? []).find((c: any) => c.type === type);
  }

  private setCond(c: any): void {
    setCondition(this.d.status, c);
  }

  private newCond(type: string, status: string, reason: string, message: string): any {
    const t = this.ts();
    return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
  }
}

/** deploymentutil.SetDeploymentCondition. */
export function setCondition(status: Status, c: any): void {
  const list: any[] = status.conditions ?? [];
  const cur = list.find((x) => x.type === c.type);
  if (cur && cur.status === c.status && cur.reason === c.reason) return;
  if (cur && cur.status === c.status) c.lastTransitionTime = cur.lastTransitionTime;
  status.conditions = [...list.filter((x) => x.type !== c.type), c];
}

function roundHalfAway(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/**
 * job-controller (kube-controller-manager): drives the pure syncJob decision function
 * (src/cluster/job/sync-decisions.ts) against the live store. Pod outcomes are tracked in memory
 * (what the batch.kubernetes.io/job-tracking finalizer and status.uncountedTerminatedPods do for
 * the real controller). A deleted Job's pods are removed by the garbage collector (workloads/gc.ts).
 * Also the ttl-after-finished controller.
 */
import type { Cluster } from '../../cluster';
import type { WatchEvent } from '../../store';
import type { KObject } from '../../objects';
import { deepClone } from '../../objects';
import { parseTime } from '../../time';
import { syncJob, type JobPod, type JobSpec, type JobStatus, type JobCondition } from '../../job/sync-decisions';
import type { BackoffRecord } from '../../job/backoff';
import { matchPodFailurePolicy, type PodFailurePolicy } from '../../job/pod-failure-policy';
import { INDEX_FAILURE_COUNT, INDEX_IGNORED_FAILURE_COUNT, parseCount } from '../../job/per-index';
import type { Controller } from '../registry';

const SOURCE = { component: 'job-controller' };
export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';

export function jobOwner(o: KObject): { name: string; uid: string } | undefined {
  const ref = (o.metadata.ownerReferences ?? []).find((r: any) => r.controller && r.kind === 'Job');
  return ref ? { name: ref.name, uid: ref.uid } : undefined;
}

const ms = (s: string | undefined | null) => parseTime(s ?? undefined) ?? null;

function toRfc(t: number): string {
  return new Date(Math.floor(t / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export function toJobPod(p: KObject, counted: boolean, policy?: PodFailurePolicy | null): JobPod {
  const st = p.status ?? {};
  const all = [...(st.initContainerStatuses ?? []), ...(st.containerStatuses ?? [])];
  const readyCond = (st.conditions ?? []).find((c: any) => c.type === 'Ready');
  const ixRaw = p.metadata.annotations?.[COMPLETION_INDEX];
  const ix = ixRaw !== undefined && /^\d+$/.test(ixRaw) ? Number(ixRaw) : null;
  const cs: any[] = st.containerStatuses ?? [];
  return {
    name: p.metadata.name,
    phase: (st.phase ?? 'Pending') as JobPod['phase'],
    ready: readyCond?.status === 'True',
    readySince: readyCond?.status === 'True' ? ms(readyCond.lastTransitionTime) : null,
    nodeName: p.spec?.nodeName ?? '',
    completionIndex: ix,
    trackingFinalizer: !counted,
    maxContainerRestarts: Math.max(0, ...cs.map((c) => c.restartCount ?? 0)),
    totalRestarts: all.reduce((n, c: any) => n + (c.restartCount ?? 0), 0),
    containerFinishedAt: cs.length ? cs.map((c) => ms(c.state?.terminated?.finishedAt)) : undefined,
    readyFalseTransitionTime: readyCond?.status === 'False' ? ms(readyCond.lastTransitionTime) : null,
    deletionTimestamp: ms(p.metadata.deletionTimestamp),
    deletionGracePeriodSeconds: p.metadata.deletionGracePeriodSeconds ?? null,
    creationTimestamp: ms(p.metadata.creationTimestamp),
    failurePolicy: policy ? matchPodFailurePolicy(policy, { namespace: p.metadata.namespace ?? 'default', name: p.metadata.name, initContainerStatuses: st.initContainerStatuses, containerStatuses: st.containerStatuses, conditions: st.conditions }) : null,
    indexFailureCount: parseCount(p.metadata.annotations?.[INDEX_FAILURE_COUNT]),
    indexIgnoredFailureCount: parseCount(p.metadata.annotations?.[INDEX_IGNORED_FAILURE_COUNT]),
  };
}

export function toJobSpec(job: KObject): JobSpec {
  const s = job.spec ?? {};
  return {
    name: job.metadata.name,
    parallelism: s.parallelism ?? null,
    completions: s.completions ?? null,
    backoffLimit: s.backoffLimit ?? null,
    activeDeadlineSeconds: s.activeDeadlineSeconds ?? null,
    suspend: s.suspend ?? null,
    completionMode: s.completionMode ?? null,
    restartPolicy: s.template?.spec?.restartPolicy === 'OnFailure' ? 'OnFailure' : 'Never',
    podReplacementPolicy: s.podReplacementPolicy ?? null,
    backoffLimitPerIndex: s.backoffLimitPerIndex ?? null,
    maxFailedIndexes: s.maxFailedIndexes ?? null,
    successPolicy: s.successPolicy ?? null,
    deletionTimestamp: ms(job.metadata.deletionTimestamp),
  };
}

function toJobStatus(st: any): JobStatus {
  return {
    startTime: ms(st?.startTime),
    completionTime: ms(st?.completionTime),
    active: st?.active ?? 0,
    ready: st?.ready ?? 0,
    terminating: st?.terminating ?? 0,
    succeeded: st?.succeeded ?? 0,
    failed: st?.failed ?? 0,
    completedIndexes: st?.completedIndexes ?? '',
    failedIndexes: st?.failedIndexes ?? null,
    conditions: (st?.conditions ?? []).map((c: any) => ({ ...c, lastProbeTime: ms(c.lastProbeTime) ?? 0, lastTransitionTime: ms(c.lastTransitionTime) ?? 0 })),
  };
}

/** The API form of a status: zero counters omitted, as the real API's omitempty does. */
function fromJobStatus(s: JobStatus, indexed: boolean, prev: any): any {
  const out: any = {};
  if (s.conditions?.length) out.conditions = s.conditions.map((c: JobCondition) => ({ type: c.type, status: c.status, lastProbeTime: toRfc(c.lastProbeTime), lastTransitionTime: toRfc(c.lastTransitionTime), reason: c.reason, message: c.message }));
  if (s.startTime != null) out.startTime = toRfc(s.startTime);
  if (s.completionTime != null) out.completionTime = toRfc(s.completionTime);
  if (s.active) out.active = s.active;
  if (s.succeeded) out.succeeded = s.succeeded;
  if (s.failed) out.failed = s.failed;
  if (s.terminating !== undefined) out.terminating = s.terminating;
  if (indexed && s.completedIndexes) out.completedIndexes = s.completedIndexes;
  // *string without omitempty on the pointer's value: "" is kept when backoffLimitPerIndex is set
  if (indexed && s.failedIndexes !== undefined && s.failedIndexes !== null) out.failedIndexes = s.failedIndexes;
  out.uncountedTerminatedPods = prev?.uncountedTerminatedPods ?? {};
  if (s.ready !== undefined) out.ready = s.ready;
  return out;
}

export function isFinishedJob(job: KObject): { type: string; at: number } | undefined {
  const c = (job.status?.conditions ?? []).find((c: any) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
  return c ? { type: c.type, at: ms(c.lastTransitionTime) ?? 0 } : undefined;
}

interface JobState {
  counted: Set<string>;
  backoff: BackoffRecord | null;
  /** pods that vanished before their outcome was counted */
  gone: Map<string, JobPod>;
  timer?: { id: number; at: number };
}

export class JobController implements Controller {
  readonly name = 'job-controller';
  private dirty = new Set<string>();
  private scheduled = false;
  private state = new Map<string, JobState>();

  constructor(private readonly cluster: Cluster) {}

  private wallNow(): number {
    return this.cluster.epochMs + this.cluster.now();
  }

  handle(e: WatchEvent): void {
    const o = e.object;
    if (o.kind === 'Job') {
      if (e.type === 'ADDED') this.ensureSelector(o);
      if (e.type === 'DELETED') {
        this.onJobDeleted(o);
        return;
      }
      this.enqueue(`${o.metadata.namespace}/${o.metadata.name}`);
    } else if (o.kind === 'Pod') {
      const owner = jobOwner(o);
      if (!owner) return;
      if (e.type === 'DELETED') {
        const st = this.state.get(owner.uid);
        if (st && !st.counted.has(o.metadata.uid!)) {
          const jp = toJobPod(o, false, this.cluster.store.get('Job', o.metadata.namespace, owner.name)?.spec?.podFailurePolicy);
          if (jp.phase !== 'Succeeded' && jp.phase !== 'Failed' && jp.deletionTimestamp == null) jp.deletionTimestamp = this.wallNow();
          jp.name = `\u0000${o.metadata.uid}`;
          st.gone.set(o.metadata.uid!, jp);
        }
      }
      this.enqueue(`${o.metadata.namespace}/${owner.name}`);
    }
  }

  /** The API server's generateSelector: needs the uid, which the store assigns on create. */
  private ensureSelector(job: KObject): void {
    if (job.spec?.manualSelector === true || job.spec?.selector) return;
    const uid = job.metadata.uid!;
    this.cluster.store.mutate('Job', job.metadata.namespace, job.metadata.name, (j) => {
      const add = { 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': j.metadata.name, 'controller-uid': uid, 'job-name': j.metadata.name };
      j.spec.selector = { matchLabels: { 'batch.kubernetes.io/controller-uid': uid } };
      j.spec.template.metadata ??= {};
      j.spec.template.metadata.labels = { ...add, ...(j.spec.template.metadata.labels ?? {}) };
      j.metadata.labels = j.metadata.labels && Object.keys(j.metadata.labels).length ? j.metadata.labels : { ...add };
    });
  }

  /** Pods of a deleted Job are removed by the garbage collector (ownerReferences, background propagation). */
  private onJobDeleted(job: KObject): void {
    const st = this.state.get(job.metadata.uid!);
    if (st?.timer) this.cluster.clock.cancel(st.timer.id);
    this.state.delete(job.metadata.uid!);
  }

  private enqueue(key: string): void {
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

  private requeueAt(key: string, st: JobState, at: number): void {
    if (st.timer && st.timer.at <= at && st.timer.at > this.cluster.now()) return;
    if (st.timer) this.cluster.clock.cancel(st.timer.id);
    const id = this.cluster.clock.at(at, () => {
      st.timer = undefined;
      this.enqueue(key);
    });
    st.timer = { id, at };
  }

  private sync(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const job = this.cluster.store.get('Job', ns, name);
    if (!job || !job.spec?.template) return;
    const uid = job.metadata.uid!;
    let st = this.state.get(uid);
    if (!st) this.state.set(uid, (st = { counted: new Set(), backoff: null, gone: new Map() }));
    const owned = this.cluster.store.list('Pod', ns).filter((p) => (p.metadata.ownerReferences ?? []).some((r: any) => r.uid === uid));
    const byName = new Map(owned.map((p) => [p.metadata.name, p]));
    const now = this.wallNow();
    const status = toJobStatus(job.status);
    // podFailurePolicy matches travel with each pod: syncJob applies FailJob / FailIndex / Ignore
    const policy = job.spec.podFailurePolicy ?? null;
    const pods = [...owned.map((p) => toJobPod(p, st!.counted.has(p.metadata.uid!), policy)), ...st.gone.values()];
    const r = syncJob({ spec: toJobSpec(job), status, pods, now, backoffRecord: st.backoff });
    if (r.alreadyFinished) return;
    st.backoff = r.backoffRecord;
    for (const n of r.podsToRemoveFinalizer) {
      const p = byName.get(n);
      if (p) st.counted.add(p.metadata.uid!);
      else if (n.startsWith('\u0000')) st.gone.delete(n.slice(1));
    }
    // deletions
    for (const n of r.podsToDelete) {
      const p = byName.get(n);
      if (!p) continue;
      try {
        this.cluster.api.delete('Pod', ns, n);
        this.cluster.events.record(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${n}`, SOURCE);
      } catch {
        /* gone */
      }
    }
    // creations
    for (const c of r.podsToCreate) {
      const pod = this.podFromTemplate(job, c.completionIndex);
      if (c.indexFailureCount !== undefined) {
        pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [INDEX_FAILURE_COUNT]: String(c.indexFailureCount) };
        if (c.indexIgnoredFailureCount) pod.metadata.annotations[INDEX_IGNORED_FAILURE_COUNT] = String(c.indexIgnoredFailureCount);
      }
      try {
        const created = this.cluster.api.create(pod);
        this.cluster.events.record(job, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, SOURCE);
      } catch (err: any) {
        this.cluster.events.record(job, 'Warning', 'FailedCreate', `Error creating: ${err?.message ?? err}`, SOURCE);
      }
    }
    const cur = this.cluster.store.get('Job', ns, name);
    if (!cur) return;
    const nextStatus = fromJobStatus(r.status, job.spec.completionMode === 'Indexed', cur.status);
    if (JSON.stringify(nextStatus) !== JSON.stringify(cur.status ?? {})) {
      this.cluster.store.mutate('Job', ns, name, (j) => {
        j.status = nextStatus;
      });
    }
    for (const ev of r.events) this.cluster.events.record(cur, ev.type, ev.reason, ev.message, SOURCE);
    if (r.requeueAfterMs !== undefined && r.requeueAfterMs > 0) this.requeueAt(key, st, this.cluster.now() + r.requeueAfterMs);
  }

  private podFromTemplate(job: KObject, index: number | undefined): KObject {
    const t = deepClone(job.spec.template ?? {});
    const labels: Record<string, string> = { ...(t.metadata?.labels ?? {}) };
    const annotations: Record<string, string> = { ...(t.metadata?.annotations ?? {}) };
    const spec = t.spec ?? {};
    const prefix = index !== undefined ? `${job.metadata.name}-${index}-` : `${job.metadata.name}-`;
    if (index !== undefined) {
      annotations[COMPLETION_INDEX] = String(index);
      labels[COMPLETION_INDEX] = String(index);
      spec.hostname ??= `${job.metadata.name}-${index}`;
      const env = { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: `metadata.labels['${COMPLETION_INDEX}']` } } };
      for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
        if (!(c.env ?? []).some((e: any) => e.name === 'JOB_COMPLETION_INDEX')) c.env = [...(c.env ?? []), env];
      }
    }
    const meta: any = { generateName: prefix, namespace: job.metadata.namespace, labels };
    if (Object.keys(annotations).length) meta.annotations = annotations;
    meta.ownerReferences = [{ apiVersion: 'batch/v1', kind: 'Job', name: job.metadata.name, uid: job.metadata.uid, controller: true, blockOwnerDeletion: true }];
    return { apiVersion: 'v1', kind: 'Pod', metadata: meta, spec };
  }
}

/** ttl-after-finished-controller: deletes finished Jobs ttlSecondsAfterFinished after they finished. */
export class TtlAfterFinishedController implements Controller {
  readonly name = 'ttl-after-finished-controller';
  private timers = new Map<string, number>();

  constructor(private readonly cluster: Cluster) {}

  handle(e: WatchEvent): void {
    const job = e.object;
    if (job.kind !== 'Job') return;
    const uid = job.metadata.uid!;
    if (e.type === 'DELETED') {
      this.cluster.clock.cancel(this.timers.get(uid));
      this.timers.delete(uid);
      return;
    }
    const ttl = job.spec?.ttlSecondsAfterFinished;
    const fin = isFinishedJob(job);
    if (ttl === undefined || ttl === null || !fin || this.timers.has(uid)) return;
    const at = fin.at + ttl * 1000 - this.cluster.epochMs;
    const { namespace, name } = job.metadata;
    this.timers.set(
      uid,
      this.cluster.clock.at(at, () => {
        this.timers.delete(uid);
        const cur = this.cluster.store.get('Job', namespace, name);
        if (!cur || cur.metadata.uid !== uid) return;
        try {
          this.cluster.api.delete('Job', namespace, name);
        } catch {
          /* gone */
        }
      }),
    );
  }
}

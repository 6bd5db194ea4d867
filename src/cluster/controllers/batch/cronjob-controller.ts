/**
 * cronjob-controller (v2, pkg/controller/cronjob/cronjob_controllerv2.go) on the virtual clock.
 * Wall time is cluster.epochMs + cluster.now().
 */
import type { Cluster } from '../../cluster';
import type { WatchEvent } from '../../store';
import type { KObject } from '../../objects';
import { deepClone } from '../../objects';
import { parseTime } from '../../time';
import type { Controller } from '../registry';
import { parseCron, mostRecentScheduleTime, nextAfter, rfc3339InZone, isValidTimeZone } from './cron';
import { isFinishedJob } from './job-controller';

const SOURCE = { component: 'cronjob-controller' };
export const SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

const toRfc = (t: number) => new Date(Math.floor(t / 1000) * 1000).toISOString().replace('.000Z', 'Z');

function cronOwner(o: KObject): { name: string; uid: string } | undefined {
  const ref = (o.metadata.ownerReferences ?? []).find((r: any) => r.controller && r.kind === 'CronJob');
  return ref ? { name: ref.name, uid: ref.uid } : undefined;
}

export class CronJobController implements Controller {
  readonly name = 'cronjob-controller';
  private dirty = new Set<string>();
  private scheduled = false;
  private timers = new Map<string, { id: number; at: number }>();

  constructor(private readonly cluster: Cluster) {}

  private wallNow(): number {
    return this.cluster.epochMs + this.cluster.now();
  }

  handle(e: WatchEvent): void {
    const o = e.object;
    if (o.kind === 'CronJob') {
      if (e.type === 'DELETED') {
        const key = `${o.metadata.namespace}/${o.metadata.name}`;
        this.cluster.clock.cancel(this.timers.get(key)?.id);
        this.timers.delete(key);
        // its Jobs go through the garbage collector
        return;
      }
      this.enqueue(`${o.metadata.namespace}/${o.metadata.name}`);
    } else if (o.kind === 'Job') {
      const owner = cronOwner(o);
      if (owner) this.enqueue(`${o.metadata.namespace}/${owner.name}`);
    }
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

  private requeueAt(key: string, at: number): void {
    const t = this.timers.get(key);
    if (t && t.at === at) return;
    if (t) this.cluster.clock.cancel(t.id);
    const id = this.cluster.clock.at(at, () => {
      this.timers.delete(key);
      this.enqueue(key);
    });
    this.timers.set(key, { id, at });
  }

  private sync(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const store = this.cluster.store;
    const cj0 = store.get('CronJob', ns, name);
    if (!cj0) return;
    const cj = deepClone(cj0);
    const uid = cj.metadata.uid;
    const jobs = store.list('Job', ns).filter((j) => cronOwner(j)?.uid === uid);
    const status: any = cj.status ?? {};
    let active: any[] = [...(status.active ?? [])];
    const now = this.wallNow();

    // reconcile the active list with the jobs that exist
    const byName = new Map(jobs.map((j) => [j.metadata.name, j]));
    for (const j of jobs) {
      const inActive = active.some((a) => a.uid === j.metadata.uid);
      const fin = isFinishedJob(j);
      if (!inActive && !fin) {
        const sched = parseTime(j.metadata.annotations?.[SCHEDULED_TIMESTAMP]);
        const last = parseTime(status.lastScheduleTime);
        if (sched !== undefined && (last === undefined || sched <= last)) active.push(this.ref(j));
      } else if (inActive && fin) {
        this.cluster.events.record(cj0, 'Normal', 'SawCompletedJob', `Saw completed job: ${j.metadata.name}, status: ${fin.type}`, SOURCE);
        active = active.filter((a) => a.uid !== j.metadata.uid);
        if (fin.type === 'Complete') {
          const ct = parseTime(j.status?.completionTime);
          const prev = parseTime(status.lastSuccessfulTime);
          if (ct !== undefined && (prev === undefined || ct > prev)) status.lastSuccessfulTime = j.status.completionTime;
        }
      }
    }
    for (const a of [...active]) {
      const j = byName.get(a.name);
      if (!j || j.metadata.uid !== a.uid) {
        this.cluster.events.record(cj0, 'Normal', 'MissingJob', `Active job went missing: ${a.name}`, SOURCE);
        active = active.filter((x) => x !== a);
      }
    }

    const spec = cj.spec ?? {};
    const tz: string | undefined = spec.timeZone ?? undefined;
    let requeue: number | null = null;
    const writeStatus = () => {
      status.active = active.length ? active : undefined;
      if (status.active === undefined) delete status.active;
      this.cleanupHistory(cj0, ns);
      const cur = store.get('CronJob', ns, name);
      if (cur && JSON.stringify(cur.status ?? {}) !== JSON.stringify(status)) {
        store.mutate('CronJob', ns, name, (c) => {
          c.status = status;
        });
      }
      if (requeue !== null) this.requeueAt(key, requeue - this.cluster.epochMs + 100);
    };

    if (tz && !isValidTimeZone(tz)) {
      this.cluster.events.record(cj0, 'Warning', 'UnknownTimeZone', `invalid timeZone: "${tz}": unknown time zone ${tz}`, SOURCE);
      return writeStatus();
    }
    if (spec.suspend) return writeStatus();
    let sched;
    try {
      sched = parseCron(spec.schedule ?? '');
    } catch (err: any) {
      this.cluster.events.record(cj0, 'Warning', 'UnparseableSchedule', `unparseable schedule: "${spec.schedule}" : ${err.message}`, SOURCE);
      return writeStatus();
    }
    let earliest = parseTime(status.lastScheduleTime) ?? parseTime(cj.metadata.creationTimestamp) ?? now;
    if (spec.startingDeadlineSeconds != null) earliest = Math.max(earliest, now - spec.startingDeadlineSeconds * 1000);
    const mr = mostRecentScheduleTime(sched, earliest, now, tz);
    if (mr.missed > 100) {
      this.cluster.events.record(cj0, 'Warning', 'TooManyMissedTimes', `too many missed start times: ${mr.missed}. Set or decrease .spec.startingDeadlineSeconds or check clock skew`, SOURCE);
    }
    requeue = mr.next ?? nextAfter(sched, now, tz);
    const scheduledTime = mr.mostRecent;
    if (scheduledTime === null) return writeStatus();
    if (spec.startingDeadlineSeconds != null && scheduledTime + spec.startingDeadlineSeconds * 1000 < now) {
      this.cluster.events.record(cj0, 'Warning', 'MissSchedule', `Missed scheduled time to start a job: ${rfc3339InZone(scheduledTime, tz)}`, SOURCE);
      return writeStatus();
    }
    const jobName = `${name}-${Math.floor(scheduledTime / 60000)}`;
    if (active.some((a) => a.name === jobName) || parseTime(status.lastScheduleTime) === scheduledTime) return writeStatus();
    const policy = spec.concurrencyPolicy ?? 'Allow';
    if (policy === 'Forbid' && active.length > 0) {
      this.cluster.events.record(cj0, 'Normal', 'JobAlreadyActive', 'Not starting job because prior execution is running and concurrency policy is Forbid', SOURCE);
      return writeStatus();
    }
    if (policy === 'Replace') {
      for (const a of active) {
        try {
          this.cluster.api.delete('Job', ns, a.name);
          this.cluster.events.record(cj0, 'Normal', 'SuccessfulDelete', `Deleted job ${a.name}`, SOURCE);
        } catch {
          /* gone */
        }
      }
      active = [];
    }
    const tmpl = deepClone(spec.jobTemplate ?? {});
    const job: KObject = {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: {
        name: jobName,
        namespace: ns,
        ...(tmpl.metadata?.labels ? { labels: tmpl.metadata.labels } : {}),
        annotations: { ...(tmpl.metadata?.annotations ?? {}), [SCHEDULED_TIMESTAMP]: rfc3339InZone(scheduledTime, tz) },
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name, uid, controller: true, blockOwnerDeletion: true }],
      },
      spec: tmpl.spec ?? {},
    };
    try {
      const created = this.cluster.api.create(job);
      this.cluster.events.record(cj0, 'Normal', 'SuccessfulCreate', `Created job ${created.metadata.name}`, SOURCE);
      const fresh = store.get('Job', ns, jobName) ?? created;
      active.push(this.ref(fresh));
    } catch (err: any) {
      if (err?.reason !== 'AlreadyExists') this.cluster.events.record(cj0, 'Warning', 'FailedCreate', `Error creating job: ${err?.message ?? err}`, SOURCE);
    }
    status.lastScheduleTime = toRfc(scheduledTime);
    writeStatus();
  }

  private ref(j: KObject): any {
    return { apiVersion: 'batch/v1', kind: 'Job', name: j.metadata.name, namespace: j.metadata.namespace, resourceVersion: j.metadata.resourceVersion, uid: j.metadata.uid };
  }

  /** cleanupFinishedJobs: keep successfulJobsHistoryLimit Complete and failedJobsHistoryLimit Failed jobs. */
  private cleanupHistory(cj: KObject, ns: string): void {
    const jobs = this.cluster.store.list('Job', ns).filter((j) => cronOwner(j)?.uid === cj.metadata.uid);
    const limits: [string, number | undefined][] = [
      ['Complete', cj.spec?.successfulJobsHistoryLimit],
      ['Failed', cj.spec?.failedJobsHistoryLimit],
    ];
    for (const [type, limit] of limits) {
      if (limit === undefined || limit === null) continue;
      const fin = jobs.filter((j) => isFinishedJob(j)?.type === type);
      if (fin.length <= limit) continue;
      fin.sort((a, b) => (parseTime(a.status?.startTime) ?? 0) - (parseTime(b.status?.startTime) ?? 0) || (a.metadata.name < b.metadata.name ? -1 : 1));
      for (const j of fin.slice(0, fin.length - limit)) {
        try {
          this.cluster.api.delete('Job', ns, j.metadata.name);
          this.cluster.events.record(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${j.metadata.name}`, SOURCE);
        } catch {
          /* gone */
        }
      }
    }
  }
}

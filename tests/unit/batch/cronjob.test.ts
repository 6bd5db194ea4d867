import { describe, it, expect } from 'vitest';
import { Cluster } from '~/cluster/cluster';
import type { KObject } from '~/cluster/objects';
import { parseCron, nextAfter, mostRecentScheduleTime, rfc3339InZone } from '~/cluster/controllers/batch/cron';

function cronjob(name: string, spec: any, command = ['sh', '-c', 'date; echo Hello']): KObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name, namespace: 'default' },
    spec: { schedule: '*/1 * * * *', ...spec, jobTemplate: { spec: { template: { spec: { containers: [{ name: 'hello', image: 'busybox:1.28', command }], restartPolicy: 'OnFailure' } } } } },
  };
}

const events = (c: Cluster, name: string) =>
  c.store
    .list('Event', 'default')
    .filter((e: any) => e.involvedObject.name === name)
    .map((e: any) => `${e.reason} ${e.message}`);
const minutes = (c: Cluster, m: number) => {
  for (let i = 0; i < m * 60; i++) c.advance(1000);
};

describe('cron schedules', () => {
  const t0 = Date.UTC(2026, 0, 5, 9, 0, 0);
  it('parses 5 fields, steps, ranges, names and descriptors', () => {
    expect(nextAfter(parseCron('*/1 * * * *'), t0)).toBe(t0 + 60_000);
    expect(nextAfter(parseCron('*/15 * * * *'), t0)).toBe(t0 + 15 * 60_000);
    expect(nextAfter(parseCron('@hourly'), t0)).toBe(t0 + 3600_000);
    expect(nextAfter(parseCron('@daily'), t0)).toBe(Date.UTC(2026, 0, 6));
    expect(nextAfter(parseCron('0 0 * * sun'), t0)).toBe(Date.UTC(2026, 0, 11)); // 2026-01-05 is a Monday
    expect(nextAfter(parseCron('30 8 1 jan-mar *'), t0)).toBe(Date.UTC(2026, 1, 1, 8, 30));
    expect(nextAfter(parseCron('0 0 13 * 5'), t0)).toBe(Date.UTC(2026, 0, 9)); // dom OR dow when both restricted
  });
  it('time zones shift the schedule (Asia/Tokyo is UTC+9, America/New_York UTC-5 in January)', () => {
    expect(nextAfter(parseCron('0 9 * * *'), t0, 'Asia/Tokyo')).toBe(Date.UTC(2026, 0, 6, 0, 0));
    expect(nextAfter(parseCron('0 9 * * *'), t0, 'America/New_York')).toBe(Date.UTC(2026, 0, 5, 14, 0));
    expect(rfc3339InZone(Date.UTC(2026, 0, 6, 0, 0), 'Asia/Tokyo')).toBe('2026-01-06T09:00:00+09:00');
    expect(rfc3339InZone(t0, undefined)).toBe('2026-01-05T09:00:00Z');
  });
  it('errors as robfig/cron words them', () => {
    expect(() => parseCron('* * * *')).toThrow('expected exactly 5 fields, found 4: [* * * *]');
    expect(() => parseCron('61 * * * *')).toThrow('end of range (61) above maximum (59): 61');
    expect(() => parseCron('CRON_TZ=UTC * * * * *')).toThrow('cannot use TZ or CRON_TZ in schedule, use timeZone field instead');
  });
  it('counts missed schedules', () => {
    const r = mostRecentScheduleTime(parseCron('* * * * *'), t0, t0 + 200 * 60_000 + 5);
    expect(r.missed).toBe(200);
    expect(r.mostRecent).toBe(t0 + 200 * 60_000);
  });
});

describe('cronjob controller', () => {
  it('every minute: job names in minutes since epoch, annotation, events, history limits 3/1', () => {
    const c = new Cluster();
    c.api.create(cronjob('hello', {}));
    c.settle();
    const cj = c.store.get('CronJob', 'default', 'hello')!;
    expect(cj.spec).toMatchObject({ concurrencyPolicy: 'Allow', suspend: false, successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1 });
    expect(c.store.list('Job', 'default')).toHaveLength(0);
    c.advance(60_100);
    c.settle();
    const first = `hello-${Math.floor((c.epochMs + 60_000) / 60_000)}`;
    const j = c.store.get('Job', 'default', first)!;
    expect(j).toBeDefined();
    expect(j.metadata.annotations!['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe('2026-01-05T09:01:00Z');
    expect(j.metadata.ownerReferences![0]).toMatchObject({ kind: 'CronJob', name: 'hello', controller: true });
    const st = c.store.get('CronJob', 'default', 'hello')!.status;
    expect(st.lastScheduleTime).toBe('2026-01-05T09:01:00Z');
    expect(st.active.map((a: any) => a.name)).toEqual([first]);
    minutes(c, 6);
    // t = 7m0.1s: the 09:07 job just started; three finished ones are kept
    const done = c.store.list('Job', 'default').filter((x) => x.status?.completionTime);
    expect(done).toHaveLength(3);
    const ev = events(c, 'hello');
    expect(ev[0]).toBe(`SuccessfulCreate Created job ${first}`);
    expect(ev[1]).toBe(`SawCompletedJob Saw completed job: ${first}, status: Complete`);
    expect(ev).toContain(`SuccessfulDelete Deleted job ${first}`);
    expect(c.store.get('CronJob', 'default', 'hello')!.status.lastSuccessfulTime).toBeDefined();
  });

  it('failed jobs history limit 1', () => {
    const c = new Cluster();
    const cj = cronjob('boom', {}, ['sh', '-c', 'exit 1']);
    cj.spec.jobTemplate.spec.backoffLimit = 0;
    cj.spec.jobTemplate.spec.template.spec.restartPolicy = 'Never';
    c.api.create(cj);
    minutes(c, 4);
    const failed = c.store.list('Job', 'default').filter((j) => (j.status?.conditions ?? []).some((x: any) => x.type === 'Failed'));
    expect(failed).toHaveLength(1);
    expect(events(c, 'boom')).toContain(`SawCompletedJob Saw completed job: boom-${Math.floor(c.epochMs / 60000) + 1}, status: Failed`);
  });

  it('Forbid skips a run while the previous job is active', () => {
    const c = new Cluster();
    c.api.create(cronjob('slow', { concurrencyPolicy: 'Forbid' }, ['sleep', '90']));
    minutes(c, 2);
    c.advance(1000);
    const base = Math.floor(c.epochMs / 60000);
    // 09:01 runs until ~09:02:31, so at 09:02 nothing starts…
    expect(c.store.list('Job', 'default').map((j) => j.metadata.name)).toEqual([`slow-${base + 1}`]);
    expect(events(c, 'slow')).toContain('JobAlreadyActive Not starting job because prior execution is running and concurrency policy is Forbid');
    // …but without startingDeadlineSeconds the missed 09:02 run starts as soon as the first job finishes
    minutes(c, 1);
    const second = c.store.get('Job', 'default', `slow-${base + 2}`)!;
    const first = c.store.get('Job', 'default', `slow-${base + 1}`)!;
    expect(Date.parse(second.metadata.creationTimestamp!)).toBeGreaterThanOrEqual(Date.parse(first.status.completionTime));
    expect(c.store.get('Job', 'default', `slow-${base + 3}`)).toBeUndefined();
  });

  it('Replace deletes the running job', () => {
    const c = new Cluster();
    c.api.create(cronjob('rep', { concurrencyPolicy: 'Replace' }, ['sleep', '600']));
    minutes(c, 2);
    c.advance(1000);
    const base = Math.floor(c.epochMs / 60000);
    expect(events(c, 'rep')).toContain(`SuccessfulDelete Deleted job rep-${base + 1}`);
    expect(c.store.get('CronJob', 'default', 'rep')!.status.active.map((a: any) => a.name)).toEqual([`rep-${base + 2}`]);
  });

  it('suspend: no jobs', () => {
    const c = new Cluster();
    c.api.create(cronjob('off', { suspend: true }));
    minutes(c, 3);
    expect(c.store.list('Job', 'default')).toHaveLength(0);
  });

  it('startingDeadlineSeconds bounds how far back missed runs are considered', () => {
    const c = new Cluster();
    c.api.create(cronjob('late', { startingDeadlineSeconds: 10, suspend: true }));
    minutes(c, 3);
    c.advance(30_000);
    c.store.mutate('CronJob', 'default', 'late', (cj) => {
      cj.spec.suspend = false;
    });
    c.settle();
    // the 09:03 run is 30s late > 10s: not started
    expect(c.store.list('Job', 'default')).toHaveLength(0);
    c.advance(31_000);
    expect(c.store.list('Job', 'default')).toHaveLength(1);
  });
});

import { describe, it, expect } from 'vitest';
import { Cluster } from '~/cluster/cluster';
import type { KubectlContext } from '~/kubectl/context';
import { renderTable } from '~/kubectl/printers/tables';
import '~/kubectl/ext/batch';
import { createJob, createCronJob } from '~/kubectl/ext/batch/create';
import { waitCommand } from '~/kubectl/ext/batch/wait';
import { jobStatus, jobCompletions, describeJob } from '~/kubectl/ext/batch/printers';
import { wallNow } from '~/kubectl/context';

function ctxWith() {
  const out: string[] = [];
  const err: string[] = [];
  const codes: number[] = [];
  const cluster = new Cluster();
  const ctx: KubectlContext = {
    cluster,
    files: { read: () => undefined, list: () => [] },
    namespace: 'default',
    io: { out: (t) => out.push(t), err: (t) => err.push(t) },
    done: (c) => codes.push(c),
  };
  return { ctx, cluster, out, err, codes };
}

describe('kubectl batch', () => {
  it('create job NAME --image -- CMD: container named NAME, restartPolicy Never', () => {
    const { ctx, cluster, out } = ctxWith();
    expect(createJob(['job', 'pi', '--image=perl:5.34.0', '--', 'perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'], ctx)).toEqual({ code: 0 });
    expect(out).toEqual(['job.batch/pi created\n']);
    const j = cluster.store.get('Job', 'default', 'pi')!;
    expect(j.spec.template.spec.containers[0]).toMatchObject({ name: 'pi', image: 'perl:5.34.0', command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] });
    expect(j.spec.template.spec.restartPolicy).toBe('Never');
  });

  it('create cronjob, then create job --from=cronjob/NAME', () => {
    const { ctx, cluster, out, err } = ctxWith();
    expect(createCronJob(['cronjob', 'hello', '--image=busybox:1.28', '--schedule=*/1 * * * *', '--', 'echo', 'hi'], ctx)).toEqual({ code: 0 });
    const cj = cluster.store.get('CronJob', 'default', 'hello')!;
    expect(cj.spec.jobTemplate.spec.template.spec.restartPolicy).toBe('OnFailure');
    expect(createJob(['job', 'manual', '--from=cronjob/hello'], ctx)).toEqual({ code: 0 });
    const j = cluster.store.get('Job', 'default', 'manual')!;
    expect(j.metadata.annotations!['cronjob.kubernetes.io/instantiate']).toBe('manual');
    expect(j.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: cj.metadata.uid }]);
    expect(out).toEqual(['cronjob.batch/hello created\n', 'job.batch/manual created\n']);
    expect(createJob(['job', 'x'], ctx)).toEqual({ code: 1 });
    expect(createCronJob(['cronjob', 'y', '--image=busybox'], ctx)).toEqual({ code: 1 });
    expect(err).toEqual(['error: either --image or --from must be specified\n', 'error: --schedule must be specified\n']);
  });

  it('get jobs columns: STATUS, COMPLETIONS, DURATION', () => {
    const { ctx, cluster } = ctxWith();
    createJob(['job', 'pi', '--image=busybox', '--', 'sleep', '5'], ctx);
    cluster.advance(2000);
    const now = () => wallNow(ctx);
    expect(renderTable('Job', cluster.store.list('Job', 'default'), { now: now() })).toBe('NAME   STATUS    COMPLETIONS   DURATION   AGE\npi     Running   0/1           2s         2s\n');
    for (let i = 0; i < 20; i++) cluster.advance(1000);
    const t = renderTable('Job', cluster.store.list('Job', 'default'), { now: now() });
    expect(t).toMatch(/^NAME   STATUS     COMPLETIONS   DURATION   AGE\npi     Complete   1\/1           \ds         22s\n$/);
    expect(jobCompletions({ spec: { parallelism: 3 }, status: { succeeded: 1 } })).toBe('1/1 of 3');
    expect(jobStatus({ metadata: {}, status: { conditions: [{ type: 'FailureTarget', status: 'True' }] } })).toBe('FailureTarget');
  });

  it('get cronjobs columns', () => {
    const { ctx, cluster } = ctxWith();
    createCronJob(['cronjob', 'hello', '--image=busybox', '--schedule=*/1 * * * *'], ctx);
    cluster.advance(65_000);
    expect(renderTable('CronJob', cluster.store.list('CronJob', 'default'), { now: wallNow(ctx) })).toBe(
      'NAME    SCHEDULE      TIMEZONE   SUSPEND   ACTIVE   LAST SCHEDULE   AGE\nhello   */1 * * * *   <none>     False     0        5s              65s\n',
    );
  });

  it('describe job: Pods Statuses line', () => {
    const { ctx, cluster } = ctxWith();
    cluster.api.create({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 's', namespace: 'default' }, spec: { completions: 5, parallelism: 1, template: { spec: { containers: [{ name: 'c', image: 'busybox', command: ['true'] }], restartPolicy: 'Never' } } } });
    for (let i = 0; i < 60; i++) cluster.advance(1000);
    const d = describeJob(cluster.store.get('Job', 'default', 's'), [], wallNow(ctx));
    expect(d).toContain('Pods Statuses:    0 Active (0 Ready) / 5 Succeeded / 0 Failed\n');
    expect(d).toContain('Completion Mode:  NonIndexed\n');
    expect(d).toContain('Backoff Limit:    6\n');
  });

  it('wait --for=condition=complete runs on virtual time', () => {
    const { ctx, cluster, out, codes } = ctxWith();
    createJob(['job', 'w', '--image=busybox', '--', 'sleep', '5'], ctx);
    const r = waitCommand(['--for=condition=complete', 'job/w', '--timeout=60s'], ctx);
    expect(r.running).toBeDefined();
    for (let i = 0; i < 20 && !codes.length; i++) cluster.advance(1000);
    expect(codes).toEqual([0]);
    expect(out.at(-1)).toBe('job.batch/w condition met\n');
  });

  it('validation texts', () => {
    const { cluster } = ctxWith();
    const bad = () => cluster.api.create({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'b', namespace: 'default' }, spec: { parallelism: -1, template: { spec: { containers: [{ name: 'c', image: 'busybox' }] } } } });
    expect(bad).toThrow('spec.parallelism: Invalid value: -1: must be greater than or equal to 0');
    expect(bad).toThrow('spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"');
    expect(() =>
      cluster.api.create({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'c', namespace: 'default' }, spec: { schedule: 'TZ=UTC * * * * *', jobTemplate: { spec: { template: { spec: { containers: [{ name: 'c', image: 'busybox' }], restartPolicy: 'Never' } } } } } }),
    ).toThrow('spec.schedule: Invalid value: "TZ=UTC * * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead');
  });
});

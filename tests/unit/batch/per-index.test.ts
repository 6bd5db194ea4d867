import { describe, it, expect } from 'vitest';
import { Cluster } from '~/cluster/cluster';
import type { KObject } from '~/cluster/objects';
import { syncJob, type JobPod, type JobSpec } from '~/cluster/job/sync-decisions';
import { matchSuccessPolicy } from '~/cluster/job/success-policy';
import { parseIndexesFromString, formatIntervals } from '~/cluster/job/intervals';
import { capIndexesListOrNone } from '~/kubectl/ext/batch/printers';

const FAIL_COUNT = 'batch.kubernetes.io/job-index-failure-count';
const IGNORED_COUNT = 'batch.kubernetes.io/job-index-ignored-failure-count';

/** An Indexed Job whose pods sleep 5s, then exit with `code(index)`. */
function indexedJob(name: string, spec: any, script: string): KObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: { completionMode: 'Indexed', ...spec, template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', script] }] } } },
  };
}

function track(c: Cluster) {
  const created: { index?: string; count?: string; ignored?: string; t: number }[] = [];
  c.store.watch('Pod', (e) => {
    const a = e.object.metadata.annotations ?? {};
    if (e.type === 'ADDED') created.push({ index: a['batch.kubernetes.io/job-completion-index'], count: a[FAIL_COUNT], ignored: a[IGNORED_COUNT], t: c.now() / 1000 });
  });
  return created;
}

const jobOf = (c: Cluster, n: string) => c.store.get('Job', 'default', n)!;
const conds = (j: KObject) => (j.status?.conditions ?? []).map((x: any) => `${x.type}=${x.status}:${x.reason}:${x.message}`);
const run = (c: Cluster, s: number) => {
  for (let i = 0; i < s; i++) c.advance(1000);
};
const warnings = (c: Cluster, name: string) =>
  c.store
    .list('Event', 'default')
    .filter((e: any) => e.involvedObject.name === name && e.type === 'Warning')
    .map((e: any) => `${e.reason} ${e.message}`);

describe('backoffLimitPerIndex', () => {
  it('retries a failing index on its own back-off, then fails the Job with FailedIndexes', () => {
    const c = new Cluster();
    const created = track(c);
    c.api.create(indexedJob('ix', { completions: 5, parallelism: 2, backoffLimitPerIndex: 1 }, 'sleep 5; [ $JOB_COMPLETION_INDEX -ne 3 ]'));
    expect(jobOf(c, 'ix').spec.backoffLimit).toBe(2147483647);
    run(c, 60);
    const j = jobOf(c, 'ix');
    // index 3 fails once, is retried with failure count 1 about 10s later, fails again
    const three = created.filter((p) => p.index === '3');
    expect(three.map((p) => p.count)).toEqual(['0', '1']);
    expect(three[1]!.t - three[0]!.t).toBeGreaterThanOrEqual(15); // ~6s run + 10s back-off
    expect(three[1]!.t - three[0]!.t).toBeLessThanOrEqual(18);
    // the other indexes are not held back by index 3's failures
    expect(created.map((p) => p.index).sort()).toEqual(['0', '1', '2', '3', '3', '4']);
    expect(j.status).toMatchObject({ completedIndexes: '0-2,4', failedIndexes: '3', succeeded: 4, failed: 2 });
    expect(conds(j)).toEqual(['FailureTarget=True:FailedIndexes:Job has failed indexes', 'Failed=True:FailedIndexes:Job has failed indexes']);
    expect(warnings(c, 'ix')).toEqual(['FailedIndexes Job has failed indexes']);
    expect(j.status.completionTime).toBeUndefined();
  });

  it('per-index back-off doubles: 10s then 20s between retries of one index', () => {
    const c = new Cluster();
    const created = track(c);
    c.api.create(indexedJob('dbl', { completions: 1, parallelism: 1, backoffLimitPerIndex: 2 }, 'sleep 1; exit 1'));
    run(c, 90);
    const t = created.map((p) => p.t);
    expect(created.map((p) => p.count)).toEqual(['0', '1', '2']);
    const gap1 = t[1]! - t[0]!;
    const gap2 = t[2]! - t[1]!;
    expect(gap2 - gap1).toBeGreaterThanOrEqual(9);
    expect(gap2 - gap1).toBeLessThanOrEqual(11);
    expect(jobOf(c, 'dbl').status).toMatchObject({ failedIndexes: '0', failed: 3 });
  });

  it('maxFailedIndexes exceeded: the Job fails at once and running pods are deleted', () => {
    const c = new Cluster();
    c.api.create(indexedJob('mx', { completions: 4, parallelism: 4, backoffLimitPerIndex: 0, maxFailedIndexes: 0 }, '[ $JOB_COMPLETION_INDEX -eq 1 ] && exit 1; sleep 60'));
    run(c, 45);
    const j = jobOf(c, 'mx');
    expect(j.status.failedIndexes).toBe('1');
    expect(conds(j).at(-1)).toBe('Failed=True:MaxFailedIndexesExceeded:Job has exceeded the specified maximal number of failed indexes');
    expect(j.status.active ?? 0).toBe(0);
    expect(c.store.list('Pod', 'default').filter((p) => p.status?.phase === 'Running')).toHaveLength(0);
  });

  it('FailIndex rule: the index fails without using up backoffLimitPerIndex', () => {
    const c = new Cluster();
    const created = track(c);
    c.api.create(
      indexedJob(
        'fi',
        { completions: 2, parallelism: 2, backoffLimitPerIndex: 3, podFailurePolicy: { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [42] } }] } },
        'sleep 2; [ $JOB_COMPLETION_INDEX -eq 0 ] && exit 42; exit 0',
      ),
    );
    run(c, 40);
    const j = jobOf(c, 'fi');
    expect(created.filter((p) => p.index === '0')).toHaveLength(1);
    expect(j.status).toMatchObject({ completedIndexes: '1', failedIndexes: '0', failed: 1 });
    expect(conds(j).at(-1)).toBe('Failed=True:FailedIndexes:Job has failed indexes');
  });

  it('Ignore rule: the replacement counts the failure as ignored', () => {
    const c = new Cluster();
    const created = track(c);
    c.api.create(indexedJob('ig', { completions: 1, backoffLimitPerIndex: 0, podFailurePolicy: { rules: [{ action: 'Ignore', onExitCodes: { operator: 'In', values: [3] } }] } }, 'sleep 1; exit 3'));
    run(c, 20);
    expect(created.slice(0, 2).map((p) => [p.count, p.ignored])).toEqual([
      ['0', undefined],
      ['0', '1'],
    ]);
    expect(jobOf(c, 'ig').status.failed ?? 0).toBe(0);
    expect(jobOf(c, 'ig').status.failedIndexes).toBe('');
  });

  it('syncJob keeps the last failed pod of an index until its replacement exists', () => {
    const spec: JobSpec = { name: 'j', completions: 2, parallelism: 2, completionMode: 'Indexed', backoffLimitPerIndex: 2, backoffLimit: 2147483647, restartPolicy: 'Never' };
    const now = Date.UTC(2026, 0, 1);
    const failedPod: JobPod = { name: 'j-0-a', phase: 'Failed', completionIndex: 0, containerFinishedAt: [now - 4000], indexFailureCount: 0 };
    const running: JobPod = { name: 'j-1-a', phase: 'Running', completionIndex: 1 };
    const r1 = syncJob({ spec, status: { startTime: now - 10_000 }, pods: [failedPod, running], now });
    expect(r1.podsToCreate).toEqual([]);
    expect(r1.podsToRemoveFinalizer).toEqual([]);
    expect(r1.requeueAfterMs).toBe(6000);
    const r2 = syncJob({ spec, status: { startTime: now - 10_000 }, pods: [failedPod, running], now: now + 6000 });
    expect(r2.podsToCreate).toEqual([{ completionIndex: 0, generateName: 'j-0-', hostname: 'j-0', indexFailureCount: 1 }]);
    const r3 = syncJob({ spec, status: r2.status, pods: [failedPod, running, { name: 'j-0-b', phase: 'Pending', completionIndex: 0, indexFailureCount: 1 }], now: now + 7000 });
    expect(r3.podsToRemoveFinalizer).toEqual(['j-0-a']);
    expect(r3.status).toMatchObject({ failed: 1, failedIndexes: '' });
  });
});

describe('successPolicy', () => {
  it('matches rules by succeededIndexes / succeededCount', () => {
    const s = (str: string) => parseIndexesFromString(str, 10);
    expect(matchSuccessPolicy({ rules: [{ succeededIndexes: '0,2-3' }] }, 10, s('0-3'))).toBe('Matched rules at index 0');
    expect(matchSuccessPolicy({ rules: [{ succeededIndexes: '0,2-3' }] }, 10, s('0-2'))).toBeNull();
    expect(matchSuccessPolicy({ rules: [{ succeededIndexes: '0-5', succeededCount: 2 }] }, 10, s('1,4,9'))).toBe('Matched rules at index 0');
    expect(matchSuccessPolicy({ rules: [{ succeededCount: 5 }, { succeededCount: 3 }] }, 10, s('1,4,9'))).toBe('Matched rules at index 1');
    expect(formatIntervals(s('1,3-5,7'))).toBe('1,3-5,7');
  });

  it('leader index succeeds: SuccessCriteriaMet, the rest are terminated, then Complete', () => {
    const c = new Cluster();
    c.api.create(indexedJob('sp', { completions: 3, parallelism: 3, successPolicy: { rules: [{ succeededIndexes: '0' }] } }, '[ $JOB_COMPLETION_INDEX -eq 0 ] && { sleep 3; exit 0; }; sleep 300'));
    run(c, 6);
    let j = jobOf(c, 'sp');
    expect(conds(j)[0]).toBe('SuccessCriteriaMet=True:SuccessPolicy:Matched rules at index 0');
    expect(c.store.list('Pod', 'default').filter((p) => p.metadata.deletionTimestamp)).toHaveLength(2);
    run(c, 40);
    j = jobOf(c, 'sp');
    expect(conds(j)).toEqual(['SuccessCriteriaMet=True:SuccessPolicy:Matched rules at index 0', 'Complete=True:SuccessPolicy:Matched rules at index 0']);
    expect(j.status).toMatchObject({ completedIndexes: '0', succeeded: 1 });
    expect(j.status.completionTime).toBeDefined();
  });
});

describe('validation', () => {
  const c = new Cluster();
  const create = (spec: any) => () => c.api.create(indexedJob('v', spec, 'true'));
  it('rejects per-index fields outside Indexed mode and bad combinations', () => {
    expect(create({ completionMode: 'NonIndexed', backoffLimitPerIndex: 1 })).toThrow('spec.backoffLimitPerIndex: Invalid value: 1: requires indexed completion mode');
    expect(create({ completions: 3, maxFailedIndexes: 1 })).toThrow('spec.backoffLimitPerIndex: Required value: when maxFailedIndexes is specified');
    expect(create({ completions: 3, backoffLimitPerIndex: 1, maxFailedIndexes: 4 })).toThrow('spec.maxFailedIndexes: Invalid value: 4: must be less than or equal to completions');
    expect(create({ completions: 3, podFailurePolicy: { rules: [{ action: 'FailIndex', onExitCodes: { operator: 'In', values: [1] } }] } })).toThrow(
      'spec.podFailurePolicy.rules[0].action: Invalid value: "FailIndex": requires the backoffLimitPerIndex to be set',
    );
  });
  it('validates successPolicy rules', () => {
    expect(create({ completions: 3, successPolicy: { rules: [] } })).toThrow('spec.successPolicy.rules: Required value: at least one rules must be specified when the successPolicy is specified');
    expect(create({ completions: 3, successPolicy: { rules: [{}] } })).toThrow('spec.successPolicy.rules[0]: Required value: at least one of succeededCount or succeededIndexes must be specified');
    expect(create({ completions: 3, successPolicy: { rules: [{ succeededIndexes: '1-5' }] } })).toThrow('spec.successPolicy.rules[0].succeededIndexes: Invalid value: "1-5": error parsing succeededIndexes: too large index: "5"');
    expect(create({ completions: 3, successPolicy: { rules: [{ succeededIndexes: '0-1', succeededCount: 3 }] } })).toThrow(
      'spec.successPolicy.rules[0].succeededCount: Invalid value: 3: must be less than or equal to 2 (the number of indexes in the specified succeededIndexes field)',
    );
    expect(create({ completionMode: 'NonIndexed', successPolicy: { rules: [{ succeededCount: 1 }] } })).toThrow('spec.successPolicy: Invalid value: batch.SuccessPolicy{');
  });
});

describe('kubectl describe job', () => {
  it('caps Completed Indexes after 50 characters at a comma (capIndexesListOrNone)', () => {
    expect(capIndexesListOrNone('', 50)).toBe('<none>');
    const long = Array.from({ length: 40 }, (_, i) => String(i * 2)).join(',');
    const out = capIndexesListOrNone(long, 50);
    expect(out.endsWith(',...')).toBe(true);
    expect(out.length).toBeGreaterThanOrEqual(54);
    expect(out.length).toBeLessThan(long.length);
  });
});

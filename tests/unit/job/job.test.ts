import { describe, expect, it } from 'vitest';
import { getFinishedTime, getRemainingTime, newBackoffRecord } from '../../../src/cluster/job/backoff';
import { syncJob, type JobPod, type JobSpec } from '../../../src/cluster/job/sync-decisions';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const spec: JobSpec = { name: 'pi', parallelism: 1, completions: 1, backoffLimit: 6, completionMode: 'NonIndexed', restartPolicy: 'Never' };

function failed(name: string, finishedAt: number): JobPod {
  return { name, phase: 'Failed', containerFinishedAt: [finishedAt], creationTimestamp: finishedAt - 1000 };
}

describe('job back-off', () => {
  it('doubles from 10s per consecutive failure and caps at 10m', () => {
    const rec = (n: number) => ({ failuresAfterLastSuccess: n, lastFailureTime: T0 });
    expect(getRemainingTime(rec(1), T0)).toBe(10_000);
    expect(getRemainingTime(rec(3), T0 + 5_000)).toBe(35_000);
    expect(getRemainingTime(rec(20), T0)).toBe(600_000);
    expect(getRemainingTime(rec(0), T0)).toBe(0);
  });

  it('finish time: containers, then Ready=False, then deletion − grace, then creation', () => {
    expect(getFinishedTime({ containerFinishedAt: [5, 9], readyFalseTransitionTime: 3 })).toBe(9);
    expect(getFinishedTime({ containerFinishedAt: [5, null], readyFalseTransitionTime: 3 })).toBe(3);
    expect(getFinishedTime({ deletionTimestamp: 40_000, deletionGracePeriodSeconds: 30, creationTimestamp: 1 })).toBe(10_000);
    expect(getFinishedTime({ creationTimestamp: 7 })).toBe(7);
  });

  it('a success after the failures resets the count; later failures count again', () => {
    const r = newBackoffRecord({ failuresAfterLastSuccess: 4, lastFailureTime: 1 }, [{ containerFinishedAt: [100] }], [{ containerFinishedAt: [50] }, { containerFinishedAt: [150] }]);
    expect(r).toEqual({ failuresAfterLastSuccess: 1, lastFailureTime: 150 });
  });
});

describe('syncJob (v1.36 behaviour)', () => {
  it('first sync creates the pod and sets startTime', () => {
    const r = syncJob({ spec, pods: [], now: T0 });
    expect(r.podsToCreate).toEqual([{ generateName: 'pi-' }]);
    expect(r.status).toMatchObject({ startTime: T0, active: 1, ready: 0, terminating: 0, succeeded: 0, failed: 0 });
  });

  it('waits out the pod-failure back-off before replacing a failed pod', () => {
    const pods = [failed('pi-a', T0 - 4_000)];
    const r = syncJob({ spec, status: { startTime: T0 - 60_000 }, pods, now: T0 });
    expect(r.podsToCreate).toEqual([]);
    expect(r.requeueAfterMs).toBe(6_000);
    expect(r.status.failed).toBe(1);
    expect(r.podsToRemoveFinalizer).toEqual(['pi-a']);
    expect(r.backoffRecord).toEqual({ failuresAfterLastSuccess: 1, lastFailureTime: T0 - 4_000 });
    // 10s after the failure the replacement is created (the failure is already counted now)
    const r2 = syncJob({
      spec,
      status: r.status,
      pods: [{ ...pods[0]!, trackingFinalizer: false }],
      backoffRecord: r.backoffRecord,
      now: T0 + 6_000,
    });
    expect(r2.podsToCreate).toHaveLength(1);
    expect(r2.status.failed).toBe(1);
  });

  it('backoffLimit 6: the 7th failed pod fails the job (FailureTarget, then Failed once no pod terminates)', () => {
    const pods = Array.from({ length: 7 }, (_, i) => failed(`pi-${i}`, T0 - 600_000 + i));
    const r = syncJob({ spec, status: { startTime: T0 - 900_000 }, pods, now: T0 });
    expect(r.status.conditions!.map((c) => [c.type, c.status, c.reason, c.message])).toEqual([
      ['FailureTarget', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
      ['Failed', 'True', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
    ]);
    expect(r.events).toContainEqual({ type: 'Warning', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
    expect(r.finished).toBe(true);
    const six = syncJob({ spec, status: { startTime: T0 - 900_000 }, pods: pods.slice(0, 6), now: T0 });
    expect(six.status.conditions).toEqual([]);
  });

  it('completion writes SuccessCriteriaMet then Complete with reason CompletionsReached', () => {
    const r = syncJob({ spec, status: { startTime: T0 - 10_000, active: 1 }, pods: [{ name: 'pi-a', phase: 'Succeeded', containerFinishedAt: [T0 - 1000] }], now: T0 });
    expect(r.status.conditions!.map((c) => [c.type, c.reason, c.message])).toEqual([
      ['SuccessCriteriaMet', 'CompletionsReached', 'Reached expected number of succeeded pods'],
      ['Complete', 'CompletionsReached', 'Reached expected number of succeeded pods'],
    ]);
    expect(r.status).toMatchObject({ succeeded: 1, active: 0, completionTime: T0 });
    expect(r.events).toContainEqual({ type: 'Normal', reason: 'Completed', message: 'Job completed' });
    // a finished Job is left alone
    expect(syncJob({ spec, status: r.status, pods: [], now: T0 + 1000 }).alreadyFinished).toBe(true);
  });

  it('activeDeadlineSeconds: requeues for the remaining time, then fails with DeadlineExceeded', () => {
    const running: JobPod = { name: 'pi-a', phase: 'Running', ready: true, nodeName: 'node-1' };
    const d = { ...spec, activeDeadlineSeconds: 60 };
    const early = syncJob({ spec: d, status: { startTime: T0 - 10_000, active: 1 }, pods: [running], now: T0 });
    expect(early.requeueAfterMs).toBe(50_000);
    const late = syncJob({ spec: d, status: { startTime: T0 - 60_000, active: 1 }, pods: [running], now: T0 });
    expect(late.podsToDelete).toEqual(['pi-a']);
    expect(late.status).toMatchObject({ active: 0, ready: 0, terminating: 1, failed: 1 });
    expect(late.status.conditions!.map((c) => c.type)).toEqual(['FailureTarget']);
  });

  it('resuming a suspended job resets startTime and sets Suspended=False JobResumed', () => {
    const suspendedCond = { type: 'Suspended', status: 'True' as const, reason: 'JobSuspended', message: 'Job suspended', lastProbeTime: T0 - 5000, lastTransitionTime: T0 - 5000 };
    const r = syncJob({ spec: { ...spec, suspend: false }, status: { startTime: T0 - 99_000, conditions: [suspendedCond] }, pods: [], now: T0 });
    expect(r.status.startTime).toBe(T0);
    expect(r.status.conditions![0]).toMatchObject({ type: 'Suspended', status: 'False', reason: 'JobResumed', message: 'Job resumed' });
    expect(r.events).toContainEqual({ type: 'Normal', reason: 'Resumed', message: 'Job resumed' });
    expect(r.podsToCreate).toHaveLength(1);
  });

  it('Indexed job creates the lowest pending indexes with hostnames', () => {
    const r = syncJob({
      spec: { ...spec, completions: 5, parallelism: 3, completionMode: 'Indexed' },
      pods: [{ name: 'pi-1-x', phase: 'Running', completionIndex: 1 }, { name: 'pi-0-y', phase: 'Succeeded', completionIndex: 0 }],
      now: T0,
    });
    expect(r.podsToCreate).toEqual([
      { completionIndex: 2, generateName: 'pi-2-', hostname: 'pi-2' },
      { completionIndex: 3, generateName: 'pi-3-', hostname: 'pi-3' },
    ]);
    expect(r.status).toMatchObject({ completedIndexes: '0', succeeded: 1, active: 3 });
  });
});

/**
 * backoffLimitPerIndex / maxFailedIndexes (GA 1.33) — port of the per-index parts of k/k
 * pkg/controller/job/indexed_job_utils.go and backoff_utils.go (getRemainingTimePerIndex).
 *
 * Each index counts its own failures in the pod annotation
 * batch.kubernetes.io/job-index-failure-count (and failures a podFailurePolicy Ignore rule
 * matched in batch.kubernetes.io/job-index-ignored-failure-count). A replacement pod inherits
 * the count of the failed pod it replaces plus one, which is why the controller keeps the last
 * failed pod of an index (its tracking finalizer) until the replacement exists.
 */
import { getFinishedTime, getRemainingTimeForFailuresCount } from './backoff';
import { intervalsHas, withOrderedIndexes, parseIndexesFromString, type Interval } from './intervals';
import type { JobPod } from './sync-decisions';

export const INDEX_FAILURE_COUNT = 'batch.kubernetes.io/job-index-failure-count';
export const INDEX_IGNORED_FAILURE_COUNT = 'batch.kubernetes.io/job-index-ignored-failure-count';

export const JOB_MSG_PER_INDEX = {
  failedIndexes: 'Job has failed indexes',
  maxFailedIndexesExceeded: 'Job has exceeded the specified maximal number of failed indexes',
} as const;

/** parseInt32 of an annotation value: unparsable, negative or > MaxInt32 counts as 0. */
export function parseCount(v: string | undefined | null): number {
  if (v === undefined || v === null || !/^[+-]?\d+$/.test(v)) return 0;
  const n = Number(v);
  return n < 0 || n > 2147483647 ? 0 : n;
}

const ix = (p: JobPod) => (p.completionIndex === undefined || p.completionIndex === null || p.completionIndex < 0 ? -1 : p.completionIndex);
const absoluteFailures = (p: JobPod) => (p.indexFailureCount ?? 0) + (p.indexIgnoredFailureCount ?? 0);

/**
 * isIndexFailed: a FailIndex rule matched, or the failure counts and the index already used up
 * its backoffLimitPerIndex (the pod's failure count is the number of earlier failures).
 */
export function isIndexFailed(pod: JobPod, backoffLimitPerIndex: number, failed: boolean): boolean {
  if (!failed) return false;
  const m = pod.failurePolicy;
  if (m && m.action === 'FailIndex') return true;
  const counted = m ? m.countFailed : true;
  return counted && (pod.indexFailureCount ?? 0) >= backoffLimitPerIndex;
}

/** calculateFailedIndexes: status.failedIndexes plus indexes failed since (uncounted pods only). */
export function calculateFailedIndexes(prev: string | null | undefined, completions: number, uncountedPods: readonly JobPod[], backoffLimitPerIndex: number, isPodFailed: (p: JobPod) => boolean): Interval[] {
  const before = parseIndexesFromString(prev ?? '', completions);
  const fresh = new Set<number>();
  for (const p of uncountedPods) {
    const i = ix(p);
    if (i !== -1 && i < completions && isIndexFailed(p, backoffLimitPerIndex, isPodFailed(p))) fresh.add(i);
  }
  return withOrderedIndexes(before, [...fresh].sort((a, b) => a - b));
}

/**
 * getPodsWithDelayedDeletionPerIndex: per index that is neither succeeded, failed nor active,
 * the failed pod with the highest failure count (latest finish on ties) — its finalizer stays
 * until the replacement is created with the count carried over.
 */
export function podsWithDelayedDeletion(uncountedPods: readonly JobPod[], completions: number, succeeded: readonly Interval[], failed: readonly Interval[], activePods: readonly JobPod[], isPodFailed: (p: JobPod) => boolean): Map<number, JobPod> {
  const active = new Set(activePods.map(ix).filter((i) => i !== -1));
  const out = new Map<number, JobPod>();
  for (const p of uncountedPods) {
    const i = ix(p);
    if (!isPodFailed(p) || i === -1 || i >= completions) continue;
    if (intervalsHas(succeeded, i) || intervalsHas(failed, i) || active.has(i)) continue;
    const last = out.get(i);
    if (!last || (absoluteFailures(last) <= absoluteFailures(p) && !(getFinishedTime(p) < getFinishedTime(last)))) out.set(i, p);
  }
  return out;
}

/** getNewIndexFailureCounts: the counts for the pod replacing `replaced` (0, 0 for a first pod). */
export function newIndexFailureCounts(replaced: JobPod | undefined): { failureCount: number; ignoredFailureCount: number } {
  if (!replaced) return { failureCount: 0, ignoredFailureCount: 0 };
  let failureCount = replaced.indexFailureCount ?? 0;
  let ignoredFailureCount = replaced.indexIgnoredFailureCount ?? 0;
  if (replaced.failurePolicy && !replaced.failurePolicy.countFailed) ignoredFailureCount++;
  else failureCount++;
  return { failureCount, ignoredFailureCount };
}

/**
 * getPodCreationInfoForIndependentIndexes: the indexes whose own back-off has elapsed
 * (min(10s × 2^(n-1), 10m) after the last failure, n = all failures of the index so far);
 * when none has, the shortest remaining wait.
 */
export function indexesReadyToCreate(now: number, indexes: readonly number[], delayed: ReadonlyMap<number, JobPod>, defaultMs: number, maxMs: number): { now: number[]; remainingMs: number } {
  const ready: number[] = [];
  let min: number | null = null;
  for (const i of indexes) {
    const last = delayed.get(i);
    const rem = last ? getRemainingTimeForFailuresCount(now, defaultMs, maxMs, absoluteFailures(last) + 1, getFinishedTime(last)) : 0;
    if (rem === 0) ready.push(i);
    else if (min === null || rem < min) min = rem;
  }
  return { now: ready, remainingMs: ready.length ? 0 : (min ?? 0) };
}

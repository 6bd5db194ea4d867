/**
 * Job pod-failure back-off — pure port of k/k pkg/controller/job/backoff_utils.go.
 *
 * The controller keeps one record per Job: how many pods failed since the last success and when
 * the last of them finished. Replacement pods are created only after
 * min(default × 2^(failures-1), max) has elapsed since that last failure.
 * Times are epoch milliseconds; `now` replaces the clock.
 */

/** DefaultJobPodFailureBackOff / MaxJobPodFailureBackOff (job_controller.go). */
export const DEFAULT_JOB_POD_FAILURE_BACKOFF_MS = 10_000;
export const MAX_JOB_POD_FAILURE_BACKOFF_MS = 10 * 60_000;

export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  /** epoch ms; null when there was no failure since the last success */
  lastFailureTime: number | null;
}

export const EMPTY_BACKOFF_RECORD: BackoffRecord = { failuresAfterLastSuccess: 0, lastFailureTime: null };

/** The parts of a finished Pod that getFinishedTime reads. */
export interface FinishedPodTimes {
  /** terminated.finishedAt of every container status (undefined/null: not terminated yet) */
  containerFinishedAt?: readonly (number | null | undefined)[];
  /** lastTransitionTime of a Ready=False condition, when the pod has one */
  readyFalseTransitionTime?: number | null;
  deletionTimestamp?: number | null;
  deletionGracePeriodSeconds?: number | null;
  creationTimestamp?: number | null;
}

/**
 * getFinishedTime: latest container finishedAt (when all containers terminated), else the
 * Ready=False transition, else deletionTimestamp − grace period, else the creation time.
 */
export function getFinishedTime(p: FinishedPodTimes): number {
  const fromContainers = getFinishTimeFromContainers(p);
  if (fromContainers !== null) return fromContainers;
  if (p.readyFalseTransitionTime !== undefined && p.readyFalseTransitionTime !== null) return p.readyFalseTransitionTime;
  if (p.deletionTimestamp !== undefined && p.deletionTimestamp !== null) {
    return p.deletionTimestamp - (p.deletionGracePeriodSeconds ?? 0) * 1000;
  }
  // This should not happen in clusters with Kubelet and PodGC running.
  return p.creationTimestamp ?? 0;
}

function getFinishTimeFromContainers(p: FinishedPodTimes): number | null {
  let finishTime: number | null = null;
  for (const t of p.containerFinishedAt ?? []) {
    if (t === undefined || t === null) return null;
    if (finishTime === null || finishTime < t) finishTime = t;
  }
  return finishTime;
}

/**
 * backoffStore.newBackoffRecord: update the stored record with pods that finished since the last
 * sync. Only failures after the latest success count; a success at the same instant as a failure
 * wins (the failure must be strictly later).
 */
export function newBackoffRecord(
  stored: BackoffRecord | null | undefined,
  newSucceededPods: readonly FinishedPodTimes[],
  newFailedPods: readonly FinishedPodTimes[],
): BackoffRecord {
  const backoff: BackoffRecord = stored
    ? { failuresAfterLastSuccess: stored.failuresAfterLastSuccess, lastFailureTime: stored.lastFailureTime }
    : { failuresAfterLastSuccess: 0, lastFailureTime: null };
  const succeeded = newSucceededPods.map(getFinishedTime).sort((a, b) => a - b);
  const failed = newFailedPods.map(getFinishedTime).sort((a, b) => a - b);

  if (succeeded.length === 0) {
    if (failed.length === 0) return backoff;
    backoff.failuresAfterLastSuccess += failed.length;
    backoff.lastFailureTime = failed[failed.length - 1]!;
    return backoff;
  }
  backoff.failuresAfterLastSuccess = 0;
  backoff.lastFailureTime = null;
  if (failed.length === 0) return backoff;

  const lastSuccessTime = succeeded[succeeded.length - 1]!;
  for (let i = failed.length - 1; i >= 0; i--) {
    const failedTime = failed[i]!;
    if (!(failedTime > lastSuccessTime)) break;
    if (backoff.lastFailureTime === null) backoff.lastFailureTime = failedTime;
    backoff.failuresAfterLastSuccess += 1;
  }
  return backoff;
}

/**
 * getRemainingTimeForFailuresCount: backoff = default × 2^(failures-1), capped at max;
 * remaining = max(0, backoff − (now − lastFailureTime)).
 */
export function getRemainingTimeForFailuresCount(
  now: number,
  defaultBackoffMs: number,
  maxBackoffMs: number,
  failuresCount: number,
  lastFailureTime: number | null,
): number {
  if (failuresCount === 0) return 0;
  let backoffDuration = defaultBackoffMs;
  for (let i = 1; i < failuresCount; i++) {
    backoffDuration = backoffDuration * 2;
    if (backoffDuration >= maxBackoffMs) {
      backoffDuration = maxBackoffMs;
      break;
    }
  }
  const timeElapsedSinceLastFailure = now - (lastFailureTime ?? 0);
  if (backoffDuration < timeElapsedSinceLastFailure) return 0;
  return backoffDuration - timeElapsedSinceLastFailure;
}

/** backoffRecord.getRemainingTime. */
export function getRemainingTime(
  record: BackoffRecord,
  now: number,
  defaultBackoffMs: number = DEFAULT_JOB_POD_FAILURE_BACKOFF_MS,
  maxBackoffMs: number = MAX_JOB_POD_FAILURE_BACKOFF_MS,
): number {
  return getRemainingTimeForFailuresCount(now, defaultBackoffMs, maxBackoffMs, record.failuresAfterLastSuccess, record.lastFailureTime);
}

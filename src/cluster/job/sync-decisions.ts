/**
 * One Job controller sync (Controller.syncJob → manageJob → trackJobStatusAndRemoveFinalizers →
 * enactJobFinished) as a pure decision function — port of k/k pkg/controller/job/job_controller.go
 * and indexed_job_utils.go.
 *
 * Input: the Job's (defaulted) spec and current status, the pods it owns, the back-off record the
 * controller keeps for it, `now`. Output: pods to create (with completion indexes) and to delete,
 * pods whose tracking finalizer is removed (their outcome is now counted), the new status
 * (counters, conditions, start/completion time), events, the new back-off record and when to sync
 * again. The live controller performs the writes.
 *
 * Modelled: NonIndexed and Indexed completion, parallelism/completions (incl. work-queue jobs with
 * nil completions), suspend/resume, backoffLimit (Never: failed pods; OnFailure: container
 * restarts), activeDeadlineSeconds, pod-failure back-off for replacements, podReplacementPolicy,
 * the FailureTarget/SuccessCriteriaMet interim conditions (JobPodReplacementPolicy/JobManagedBy),
 * podFailurePolicy outcomes (each pod carries its matchPodFailurePolicy result: FailJob, Ignore,
 * FailIndex), backoffLimitPerIndex/maxFailedIndexes (per-index.ts) and successPolicy
 * (success-policy.ts).
 * Not modelled: managedBy, the 500-pods-per-sync caps on uncounted pods.
 */
import {
  DEFAULT_JOB_POD_FAILURE_BACKOFF_MS,
  MAX_JOB_POD_FAILURE_BACKOFF_MS,
  getRemainingTime,
  newBackoffRecord,
  type BackoffRecord,
  type FinishedPodTimes,
} from './backoff';
import { formatIntervals, mergeIntervals, withOrderedIndexes, intervalsTotal, intervalsHas, parseIndexesFromString, type Interval } from './intervals';
export { formatIntervals, parseIndexesFromString };
import type { PodFailurePolicyMatch } from './pod-failure-policy';
import { matchSuccessPolicy, type SuccessPolicy } from './success-policy';
import * as perIndex from './per-index';

export type JobPodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

/** The parts of a Job's Pod the controller reads. */
export interface JobPod extends FinishedPodTimes {
  name: string;
  phase: JobPodPhase;
  /** PodReady condition is True */
  ready?: boolean;
  /** PodReady lastTransitionTime while ready (orders deletions) */
  readySince?: number | null;
  /** spec.nodeName ('' or undefined: not scheduled) */
  nodeName?: string;
  /** batch.kubernetes.io/job-completion-index (Indexed jobs); null/undefined: none */
  completionIndex?: number | null;
  /**
   * The batch.kubernetes.io/job-tracking finalizer is still on the pod, i.e. its outcome has not
   * been counted in status yet (default true).
   */
  trackingFinalizer?: boolean;
  /** highest restartCount among containers (orders deletions) */
  maxContainerRestarts?: number;
  /** sum of restartCount over init and app containers (OnFailure backoffLimit) */
  totalRestarts?: number;
  /** matchPodFailurePolicy for this pod when the Job has a podFailurePolicy */
  failurePolicy?: PodFailurePolicyMatch | null;
  /** batch.kubernetes.io/job-index-failure-count (backoffLimitPerIndex) */
  indexFailureCount?: number;
  /** batch.kubernetes.io/job-index-ignored-failure-count */
  indexIgnoredFailureCount?: number;
}

export interface JobSpec {
  /** metadata.name, used for generateName / hostname of created pods */
  name: string;
  parallelism?: number | null;
  /** null/undefined: work-queue job (any success completes it) */
  completions?: number | null;
  backoffLimit?: number | null;
  activeDeadlineSeconds?: number | null;
  suspend?: boolean | null;
  completionMode?: 'NonIndexed' | 'Indexed' | null;
  /** pod template restartPolicy */
  restartPolicy?: 'Never' | 'OnFailure';
  podReplacementPolicy?: 'TerminatingOrFailed' | 'Failed' | null;
  /** Indexed only: failures allowed per index before the index is marked failed */
  backoffLimitPerIndex?: number | null;
  /** with backoffLimitPerIndex: more failed indexes than this fail the Job */
  maxFailedIndexes?: number | null;
  successPolicy?: SuccessPolicy | null;
  /** metadata.deletionTimestamp of the Job */
  deletionTimestamp?: number | null;
}

export interface JobCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastProbeTime: number;
  lastTransitionTime: number;
}

export interface JobStatus {
  startTime?: number | null;
  completionTime?: number | null;
  active?: number;
  /** undefined when the JobReadyPods gate is off */
  ready?: number;
  /** undefined unless JobPodReplacementPolicy is on */
  terminating?: number;
  succeeded?: number;
  failed?: number;
  completedIndexes?: string;
  /** set (possibly "") only when backoffLimitPerIndex is */
  failedIndexes?: string | null;
  conditions?: JobCondition[];
}

/** Feature gates that change syncJob's observable behaviour. */
export interface JobFeatures {
  /** JobPodReplacementPolicy: status.terminating, FailureTarget before Failed (GA 1.34). */
  jobPodReplacementPolicy: boolean;
  /** JobManagedBy: also delays terminal conditions (GA 1.35). */
  jobManagedBy: boolean;
  /** JobReadyPods: status.ready (GA 1.29). */
  jobReadyPods: boolean;
  /**
   * Success condition carries reason CompletionsReached / "Reached expected number of succeeded
   * pods" (1.31+; earlier releases wrote an empty reason and message).
   */
  completionsReachedReason: boolean;
}

/** v1.36 behaviour: all of the above on. */
export const JOB_FEATURES_V1_36: JobFeatures = {
  jobPodReplacementPolicy: true,
  jobManagedBy: true,
  jobReadyPods: true,
  completionsReachedReason: true,
};

export interface JobEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

export interface PodCreation {
  /** completion index for Indexed jobs */
  completionIndex?: number;
  generateName: string;
  /** spec.hostname for Indexed jobs (`<job>-<index>`) */
  hostname?: string;
  /** backoffLimitPerIndex: the job-index-failure-count / job-index-ignored-failure-count annotations */
  indexFailureCount?: number;
  indexIgnoredFailureCount?: number;
}

export interface SyncJobResult {
  /** The Job already had a Complete/Failed condition: nothing to do. */
  alreadyFinished: boolean;
  podsToCreate: PodCreation[];
  /** pod names, in the order the controller deletes them */
  podsToDelete: string[];
  /** pods whose outcome got counted this sync (finalizer removal) */
  podsToRemoveFinalizer: string[];
  status: JobStatus;
  events: JobEvent[];
  backoffRecord: BackoffRecord;
  /** sync again after this many ms (deadline timer or pod-creation back-off), if set */
  requeueAfterMs?: number;
  /** the Complete/Failed condition was added in this sync */
  finished: boolean;
}

export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;

export const JOB_MSG = {
  backoffLimitExceeded: 'Job has reached the specified backoff limit',
  deadlineExceeded: 'Job was active longer than specified deadline',
  completionsReached: 'Reached expected number of succeeded pods',
  ...perIndex.JOB_MSG_PER_INDEX,
  suspended: 'Job suspended',
  resumed: 'Job resumed',
} as const;

// ---------------------------------------------------------------------------------------------
// helpers (controller_utils.go, indexed_job_utils.go)
// ---------------------------------------------------------------------------------------------

const hasFinalizer = (p: JobPod) => p.trackingFinalizer !== false;
const isDeleted = (p: { deletionTimestamp?: number | null }) => p.deletionTimestamp !== undefined && p.deletionTimestamp !== null;
const isTerminal = (p: JobPod) => p.phase === 'Succeeded' || p.phase === 'Failed';
/** controller.IsPodActive */
export const isPodActive = (p: JobPod) => !isTerminal(p) && !isDeleted(p);
/** controller.IsPodTerminating */
export const isPodTerminating = (p: JobPod) => !isTerminal(p) && isDeleted(p);

function indexOf(p: JobPod): number {
  const ix = p.completionIndex;
  return ix === undefined || ix === null || ix < 0 || !Number.isInteger(ix) ? -1 : ix;
}

const PHASE_ORDINAL: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/** afterOrZero: zero (unset) sorts first; otherwise the later time first. */
function afterOrZero(t1: number | null | undefined, t2: number | null | undefined): boolean {
  const z1 = t1 === undefined || t1 === null;
  const z2 = t2 === undefined || t2 === null;
  if (z1 || z2) return z1;
  return t1 > t2;
}

/** controller.ActivePods ordering: the pods the controller prefers to delete first. */
export function activePodsLess(a: JobPod, b: JobPod): boolean {
  const na = a.nodeName ?? '';
  const nb = b.nodeName ?? '';
  if (na !== nb && (na.length === 0 || nb.length === 0)) return na.length === 0;
  const pa = PHASE_ORDINAL[a.phase] ?? 0;
  const pb = PHASE_ORDINAL[b.phase] ?? 0;
  if (pa !== pb) return pa < pb;
  const ra = a.ready === true;
  const rb = b.ready === true;
  if (ra !== rb) return !ra;
  if (ra && rb && (a.readySince ?? null) !== (b.readySince ?? null)) return afterOrZero(a.readySince, b.readySince);
  const ca = a.maxContainerRestarts ?? 0;
  const cb = b.maxContainerRestarts ?? 0;
  if (ca !== cb) return ca > cb;
  if ((a.creationTimestamp ?? null) !== (b.creationTimestamp ?? null)) return afterOrZero(a.creationTimestamp, b.creationTimestamp);
  return false;
}

function sortActivePods(pods: JobPod[]): JobPod[] {
  return [...pods].sort((a, b) => (activePodsLess(a, b) ? -1 : activePodsLess(b, a) ? 1 : 0));
}

/** activePodsForRemoval: duplicated / index-less / out-of-range pods of Indexed jobs first, then by ActivePods order. */
function activePodsForRemoval(indexed: boolean, completions: number, pods: JobPod[], rmAtLeast: number): JobPod[] {
  let rm: JobPod[] = [];
  let left: JobPod[];
  if (indexed) {
    left = [];
    const sorted = [...pods].sort((a, b) => indexOf(a) - indexOf(b));
    let lastIndex = -1;
    let firstRepeatPos = 0;
    let countLooped = 0;
    const flush = (group: JobPod[], ix: number) => {
      if (ix === -1) {
        rm.push(...group);
      } else if (group.length === 1) {
        left.push(group[0]!);
      } else if (group.length > 1) {
        const s = sortActivePods(group);
        rm.push(...s.slice(0, s.length - 1));
        left.push(s[s.length - 1]!);
      }
    };
    for (let i = 0; i < sorted.length; i++) {
      const ix = indexOf(sorted[i]!);
      if (ix >= completions) {
        rm.push(...sorted.slice(i));
        break;
      }
      if (ix !== lastIndex) {
        flush(sorted.slice(firstRepeatPos, i), lastIndex);
        firstRepeatPos = i;
        lastIndex = ix;
      }
      countLooped++;
    }
    flush(sorted.slice(firstRepeatPos, countLooped), lastIndex);
  } else {
    left = pods;
  }
  if (rm.length < rmAtLeast) {
    rm = rm.concat(sortActivePods(left).slice(0, rmAtLeast - rm.length));
  }
  return rm;
}

/** firstPendingIndexes: the lowest indexes not succeeded, active (or terminating, with podReplacementPolicy Failed). */
function firstPendingIndexes(succeeded: Interval[], activePods: JobPod[], terminatingPods: JobPod[] | null, count: number, completions: number, failed: Interval[] | null = null): number[] {
  if (count === 0) return [];
  const indexesOf = (ps: JobPod[]) => [...new Set(ps.map(indexOf).filter((x) => x !== -1))].sort((a, b) => a - b);
  let nonPending = withOrderedIndexes(succeeded, indexesOf(activePods));
  if (terminatingPods) nonPending = withOrderedIndexes(nonPending, indexesOf(terminatingPods));
  if (failed) nonPending = mergeIntervals(nonPending, failed);
  const result: number[] = [];
  let candidate = 0;
  for (const iv of nonPending) {
    for (; candidate < completions && result.length < count && candidate < iv.first; candidate++) result.push(candidate);
    if (candidate < iv.last + 1) candidate = iv.last + 1;
  }
  for (; candidate < completions && result.length < count; candidate++) result.push(candidate);
  return result;
}

function newCondition(type: string, status: JobCondition['status'], reason: string, message: string, now: number): JobCondition {
  return { type, status, reason, message, lastProbeTime: now, lastTransitionTime: now };
}

/** ensureJobConditionStatus: update (if anything differs) or append (unless the new status is False). */
export function ensureJobConditionStatus(
  list: JobCondition[],
  type: string,
  status: JobCondition['status'],
  reason: string,
  message: string,
  now: number,
): { conditions: JobCondition[]; updated: boolean } {
  const idx = list.findIndex((c) => c.type === type);
  if (idx >= 0) {
    const c = list[idx]!;
    if (c.status !== status || c.reason !== reason || c.message !== message) {
      const copy = [...list];
      copy[idx] = newCondition(type, status, reason, message, now);
      return { conditions: copy, updated: true };
    }
    return { conditions: list, updated: false };
  }
  if (status !== 'False') return { conditions: [...list, newCondition(type, status, reason, message, now)], updated: true };
  return { conditions: list, updated: false };
}

const findCondition = (list: readonly JobCondition[], type: string) => list.find((c) => c.type === type);

/** util.IsJobFinished: a Complete or Failed condition with status True. */
export function isJobFinished(status: JobStatus): boolean {
  return (status.conditions ?? []).some((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True');
}

/** pastActiveDeadline: now − startTime >= activeDeadlineSeconds (never while suspended). */
export function pastActiveDeadline(spec: JobSpec, status: JobStatus, now: number): boolean {
  if (spec.activeDeadlineSeconds === undefined || spec.activeDeadlineSeconds === null) return false;
  if (status.startTime === undefined || status.startTime === null || spec.suspend === true) return false;
  return now - status.startTime >= spec.activeDeadlineSeconds * 1000;
}

/** pastBackoffLimitOnFailure: OnFailure jobs count container restarts of running/pending pods. */
export function pastBackoffLimitOnFailure(spec: JobSpec, pods: readonly JobPod[]): boolean {
  if (spec.restartPolicy !== 'OnFailure') return false;
  let result = 0;
  for (const p of pods) if (p.phase === 'Running' || p.phase === 'Pending') result += p.totalRestarts ?? 0;
  const limit = spec.backoffLimit ?? 6;
  if (limit === 0) return result > 0;
  return result >= limit;
}

// ---------------------------------------------------------------------------------------------
// syncJob
// ---------------------------------------------------------------------------------------------

export interface SyncJobInput {
  spec: JobSpec;
  status?: JobStatus;
  pods: JobPod[];
  now: number;
  /** the controller's back-off record for this Job (null: none yet) */
  backoffRecord?: BackoffRecord | null;
  /** pod create/delete expectations of earlier syncs have been observed (default true) */
  expectationsSatisfied?: boolean;
  features?: Partial<JobFeatures>;
  defaultBackoffMs?: number;
  maxBackoffMs?: number;
}

export function syncJob(input: SyncJobInput): SyncJobResult {
  const { spec, pods, now } = input;
  const features: JobFeatures = { ...JOB_FEATURES_V1_36, ...(input.features ?? {}) };
  const status: JobStatus = { ...(input.status ?? {}) };
  let conditions = [...(status.conditions ?? [])];
  const events: JobEvent[] = [];
  const podsToCreate: PodCreation[] = [];
  const podsToDelete: string[] = [];
  let requeueAfterMs: number | undefined;
  const requeue = (ms: number) => {
    requeueAfterMs = requeueAfterMs === undefined ? ms : Math.min(requeueAfterMs, ms);
  };

  // if job was finished previously, we don't want to redo the termination
  if (isJobFinished(status)) {
    return {
      alreadyFinished: true,
      podsToCreate,
      podsToDelete,
      podsToRemoveFinalizer: [],
      status,
      events,
      backoffRecord: { failuresAfterLastSuccess: 0, lastFailureTime: null },
      finished: false,
    };
  }

  const delayTerminalCondition = features.jobManagedBy || features.jobPodReplacementPolicy;
  const trackTerminatingPods = features.jobPodReplacementPolicy || features.jobManagedBy;
  const onlyReplaceFailedPods = features.jobPodReplacementPolicy && spec.podReplacementPolicy === 'Failed';
  const indexed = spec.completionMode === 'Indexed';
  const completions = spec.completions ?? null;
  const parallelism = spec.parallelism ?? 1;
  const backoffLimit = spec.backoffLimit ?? 6;
  const suspended = spec.suspend === true;
  const jobDeleting = isDeleted(spec);
  const satisfiedExpectations = input.expectationsSatisfied ?? true;
  const validIndex = (p: JobPod) => !indexed || (indexOf(p) !== -1 && completions !== null && indexOf(p) < completions);

  /** isPodFailed: Failed phase, or (unless only failed pods are replaced) deleted before succeeding. */
  const isPodFailed = (p: JobPod) => {
    if (p.phase === 'Failed') return true;
    if (onlyReplaceFailedPods) return false;
    return isDeleted(p) && p.phase !== 'Succeeded';
  };

  const activePods = pods.filter(isPodActive);
  let ready = activePods.filter((p) => p.ready === true).length;
  let terminating = trackTerminatingPods ? pods.filter(isPodTerminating).length : 0;
  let active = activePods.length;

  // getNewFinishedPods: pods with the tracking finalizer (not counted yet) and, for Indexed, a valid index
  const newSucceededPods = pods.filter((p) => hasFinalizer(p) && validIndex(p) && p.phase === 'Succeeded');
  const newFailedPods = pods.filter((p) => hasFinalizer(p) && validIndex(p) && isPodFailed(p));
  let succeeded = (status.succeeded ?? 0) + newSucceededPods.length;
  const countsAsFailure = (p: JobPod) => !p.failurePolicy || p.failurePolicy.countFailed;
  // nonIgnoredFailedPodsCount: failures a podFailurePolicy Ignore rule matched do not count
  const failed = (status.failed ?? 0) + newFailedPods.filter(countsAsFailure).length;
  const perIndexLimit = indexed && spec.backoffLimitPerIndex !== undefined && spec.backoffLimitPerIndex !== null ? spec.backoffLimitPerIndex : null;

  // Job first start. Set StartTime only if the job is not in the suspended state.
  if ((status.startTime === undefined || status.startTime === null) && !suspended) status.startTime = now;

  const backoffRecord = newBackoffRecord(input.backoffRecord ?? null, newSucceededPods, newFailedPods);

  const newFailureCondition = (reason: string, message: string) =>
    newCondition(delayTerminalCondition ? 'FailureTarget' : 'Failed', 'True', reason, message, now);
  const newSuccessCondition = () =>
    features.completionsReachedReason
      ? newCondition(delayTerminalCondition ? 'SuccessCriteriaMet' : 'Complete', 'True', 'CompletionsReached', JOB_MSG.completionsReached, now)
      : newCondition(delayTerminalCondition ? 'SuccessCriteriaMet' : 'Complete', 'True', '', '', now);

  const exceedsBackoffLimit = failed > backoffLimit;
  const scm = findCondition(conditions, 'SuccessCriteriaMet');
  let finishedCondition: JobCondition | null = scm && scm.status === 'True' ? scm : null;
  if (finishedCondition === null) {
    const ft = findCondition(conditions, 'FailureTarget');
    if (ft && ft.status === 'True') finishedCondition = newCondition('Failed', 'True', ft.reason, ft.message, now);
    else {
      // getFailJobMessage: the first failed pod a FailJob rule matched
      const fj = pods.find((p) => isPodFailed(p) && p.failurePolicy?.failJobMessage)?.failurePolicy?.failJobMessage;
      if (fj) finishedCondition = newCondition('FailureTarget', 'True', 'PodFailurePolicy', fj, now);
    }
  }
  if (finishedCondition === null) {
    if (exceedsBackoffLimit || pastBackoffLimitOnFailure(spec, pods)) {
      // the number of pod restarts exceeds backoff (OnFailure) or failed pods exceed backoffLimit
      finishedCondition = newFailureCondition('BackoffLimitExceeded', JOB_MSG.backoffLimitExceeded);
    } else if (pastActiveDeadline(spec, status, now)) {
      finishedCondition = newFailureCondition('DeadlineExceeded', JOB_MSG.deadlineExceeded);
    } else if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null && !suspended) {
      requeue(spec.activeDeadlineSeconds * 1000 - (now - (status.startTime ?? now)));
    }
  }

  let prevSucceededIndexes: Interval[] = [];
  let succeededIndexes: Interval[] = [];
  let failedIndexes: Interval[] | null = null;
  let delayedDeletion = new Map<number, JobPod>();
  if (indexed) {
    const c = completions ?? 0;
    prevSucceededIndexes = parseIndexesFromString(status.completedIndexes, c);
    const fresh = [...new Set(newSucceededPods.map(indexOf))].sort((a, b) => a - b);
    succeededIndexes = withOrderedIndexes(prevSucceededIndexes, fresh);
    succeeded = intervalsTotal(succeededIndexes);
    if (perIndexLimit !== null) {
      const uncounted = pods.filter((p) => hasFinalizer(p) && validIndex(p));
      failedIndexes = perIndex.calculateFailedIndexes(status.failedIndexes, c, uncounted, perIndexLimit, isPodFailed);
      if (finishedCondition === null) {
        const nFailed = intervalsTotal(failedIndexes);
        if (spec.maxFailedIndexes !== undefined && spec.maxFailedIndexes !== null && nFailed > spec.maxFailedIndexes) {
          finishedCondition = newFailureCondition('MaxFailedIndexesExceeded', JOB_MSG.maxFailedIndexesExceeded);
        } else if (nFailed > 0 && nFailed + succeeded >= c) {
          // every index either succeeded or failed
          finishedCondition = newFailureCondition('FailedIndexes', JOB_MSG.failedIndexes);
        }
      }
      delayedDeletion = perIndex.podsWithDelayedDeletion(uncounted, c, succeededIndexes, failedIndexes, activePods, isPodFailed);
    }
    if (finishedCondition === null) {
      const msg = matchSuccessPolicy(spec.successPolicy, c, succeededIndexes);
      if (msg !== null) finishedCondition = newCondition('SuccessCriteriaMet', 'True', 'SuccessPolicy', msg, now);
    }
  }

  /** Deletes pods; returns how many were ready. */
  const deletePods = (ps: JobPod[]) => {
    for (const p of ps) podsToDelete.push(p.name);
    return ps.filter((p) => p.ready === true).length;
  };

  if (finishedCondition !== null) {
    // Remove active pods if Job failed (deleteActivePods preserves their finalizers).
    const deletedReady = deletePods(activePods);
    const deleted = activePods.length;
    if (deleted !== active || !satisfiedExpectations) finishedCondition = null;
    active -= deleted;
    terminating += deleted;
    ready -= deletedReady;
  } else {
    let manageJobCalled = false;
    if (satisfiedExpectations && !jobDeleting) {
      manageJobCalled = true;
      // ----- manageJob -----
      manage: {
        if (suspended) {
          const rm = activePodsForRemoval(indexed, completions ?? 0, activePods, activePods.length);
          const removedReady = deletePods(rm);
          active -= rm.length;
          terminating += rm.length;
          ready -= removedReady;
          break manage;
        }
        let wantActive: number;
        if (completions === null) {
          // work queue: parallelism until something succeeded, then leave whatever runs
          wantActive = succeeded > 0 ? active : parallelism;
        } else {
          wantActive = Math.max(0, Math.min(completions - succeeded, parallelism));
        }
        const rmAtLeast = Math.max(0, active - wantActive);
        let rm = activePodsForRemoval(indexed, completions ?? 0, activePods, rmAtLeast);
        if (rm.length > MAX_POD_CREATE_DELETE_PER_SYNC) rm = rm.slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
        if (rm.length > 0) {
          // Deletion takes precedence over creation in one sync; deleteJobPods removes the finalizer first.
          const removedReady = deletePods(rm);
          active -= rm.length;
          terminating += rm.length;
          ready -= removedReady;
          break manage;
        }
        const terminatingForCreate = onlyReplaceFailedPods ? terminating : 0;
        let diff = wantActive - terminatingForCreate - active;
        if (diff > 0) {
          // with backoffLimitPerIndex each index has its own back-off (below), not the Job's
          const remaining = perIndexLimit !== null ? 0 : getRemainingTime(
            backoffRecord,
            now,
            input.defaultBackoffMs ?? DEFAULT_JOB_POD_FAILURE_BACKOFF_MS,
            input.maxBackoffMs ?? MAX_JOB_POD_FAILURE_BACKOFF_MS,
          );
          if (remaining > 0) {
            requeue(remaining);
            // Faithful to job_controller.go: manageJob returns 0 as the active count here.
            active = 0;
            break manage;
          }
          if (diff > MAX_POD_CREATE_DELETE_PER_SYNC) diff = MAX_POD_CREATE_DELETE_PER_SYNC;
          if (indexed) {
            let idx = firstPendingIndexes(succeededIndexes, activePods, onlyReplaceFailedPods ? pods.filter(isPodTerminating) : null, diff, completions ?? 0, failedIndexes);
            if (perIndexLimit !== null) {
              const r = perIndex.indexesReadyToCreate(now, idx, delayedDeletion, input.defaultBackoffMs ?? DEFAULT_JOB_POD_FAILURE_BACKOFF_MS, input.maxBackoffMs ?? MAX_JOB_POD_FAILURE_BACKOFF_MS);
              if (r.remainingMs > 0) {
                requeue(r.remainingMs);
                active = 0;
                break manage;
              }
              idx = r.now;
            }
            for (const ix of idx) {
              const pc: PodCreation = { completionIndex: ix, generateName: `${spec.name}-${ix}-`, hostname: `${spec.name}-${ix}` };
              if (perIndexLimit !== null) {
                const n = perIndex.newIndexFailureCounts(delayedDeletion.get(ix));
                pc.indexFailureCount = n.failureCount;
                if (n.ignoredFailureCount > 0) pc.indexIgnoredFailureCount = n.ignoredFailureCount;
              }
              podsToCreate.push(pc);
            }
            diff = idx.length;
          } else {
            for (let i = 0; i < diff; i++) podsToCreate.push({ generateName: `${spec.name}-` });
          }
          active += diff;
        }
      }
    }
    const complete = completions === null ? succeeded > 0 && active === 0 : succeeded >= completions && active === 0;
    if (complete) {
      finishedCondition = newSuccessCondition();
    } else if (manageJobCalled) {
      if (suspended) {
        const r = ensureJobConditionStatus(conditions, 'Suspended', 'True', 'JobSuspended', JOB_MSG.suspended, now);
        conditions = r.conditions;
        if (r.updated) events.push({ type: 'Normal', reason: 'Suspended', message: JOB_MSG.suspended });
      } else {
        const r = ensureJobConditionStatus(conditions, 'Suspended', 'False', 'JobResumed', JOB_MSG.resumed, now);
        conditions = r.conditions;
        if (r.updated) {
          events.push({ type: 'Normal', reason: 'Resumed', message: JOB_MSG.resumed });
          // Resumed jobs reset StartTime so activeDeadlineSeconds counts continuous activity.
          status.startTime = now;
        }
      }
    }
  }

  status.active = active;
  if (features.jobReadyPods) status.ready = ready;
  else delete status.ready;
  if (features.jobPodReplacementPolicy) status.terminating = terminating;
  else delete status.terminating;

  // ----- trackJobStatusAndRemoveFinalizers -----
  const podsToRemoveFinalizer: string[] = [];
  let countedSucceeded = 0;
  let countedFailed = 0;
  const newSucceededIndexes: number[] = [];
  const isSCM = (c: JobCondition | null) => c !== null && c.type === 'SuccessCriteriaMet';
  const ordered = indexed ? [...pods].sort((a, b) => indexOf(a) - indexOf(b)) : pods;
  for (const pod of ordered) {
    if (!hasFinalizer(pod)) continue; // processed in a previous sync
    const considerPodFailed = isPodFailed(pod);
    let canRemove = jobDeleting || finishedCondition !== null || pod.phase === 'Succeeded' || considerPodFailed;
    // canRemoveFinalizer: the last failed pod of an index waits for its replacement
    if (canRemove && !(jobDeleting || finishedCondition !== null || pod.phase === 'Succeeded') && perIndexLimit !== null && delayedDeletion.get(indexOf(pod)) === pod) canRemove = false;
    if (!canRemove) continue;
    podsToRemoveFinalizer.push(pod.name);
    if (pod.phase === 'Succeeded') {
      if (indexed) {
        const ix = indexOf(pod);
        if (ix !== -1 && completions !== null && ix < completions && !intervalsHas(prevSucceededIndexes, ix)) newSucceededIndexes.push(ix);
      } else {
        countedSucceeded++;
      }
    } else if (considerPodFailed || (finishedCondition !== null && !isSCM(finishedCondition))) {
      // When the job is considered finished, every non-terminated pod is considered failed.
      if (validIndex(pod) && countsAsFailure(pod)) countedFailed++;
    }
  }
  if (indexed) {
    succeededIndexes = withOrderedIndexes(succeededIndexes, [...new Set(newSucceededIndexes)].sort((a, b) => a - b));
    status.succeeded = intervalsTotal(succeededIndexes);
    status.completedIndexes = formatIntervals(succeededIndexes);
    if (failedIndexes !== null) status.failedIndexes = formatIntervals(failedIndexes);
    else delete status.failedIndexes;
  } else {
    status.succeeded = (status.succeeded ?? 0) + countedSucceeded;
  }
  status.failed = (status.failed ?? 0) + countedFailed;

  if (finishedCondition !== null && finishedCondition.type === 'FailureTarget') {
    // interim FailureTarget first, Failed once the pods are gone
    conditions = [...conditions, finishedCondition];
    finishedCondition = newCondition('Failed', 'True', finishedCondition.reason, finishedCondition.message, now);
  }
  if (isSCM(finishedCondition)) {
    if (!findCondition(conditions, 'SuccessCriteriaMet')) conditions = [...conditions, finishedCondition!];
    finishedCondition = newCondition('Complete', 'True', finishedCondition!.reason, finishedCondition!.message, now);
  }

  // ----- enactJobFinished -----
  let finished = false;
  if (finishedCondition !== null && !(delayTerminalCondition && terminating > 0)) {
    conditions = ensureJobConditionStatus(conditions, finishedCondition.type, finishedCondition.status, finishedCondition.reason, finishedCondition.message, now).conditions;
    if (finishedCondition.type === 'Complete') status.completionTime = now;
    finished = true;
    if (finishedCondition.type === 'Complete') {
      if (completions !== null && (status.succeeded ?? 0) > completions) {
        events.push({ type: 'Warning', reason: 'TooManySucceededPods', message: 'Too many succeeded pods running after completion count reached' });
      }
      events.push({ type: 'Normal', reason: 'Completed', message: 'Job completed' });
    } else {
      events.push({ type: 'Warning', reason: finishedCondition.reason, message: finishedCondition.message });
    }
  }
  status.conditions = conditions;

  return {
    alreadyFinished: false,
    podsToCreate,
    podsToDelete,
    podsToRemoveFinalizer,
    status,
    events,
    backoffRecord,
    ...(requeueAfterMs !== undefined ? { requeueAfterMs } : {}),
    finished,
  };
}

/**
 * SetDefaults_Job (pkg/apis/batch/v1/defaults.go): completions and parallelism both 1 when both
 * are unset; parallelism 1; backoffLimit 6; NonIndexed; suspend false; podReplacementPolicy
 * TerminatingOrFailed.
 */
export function defaultJobSpec(spec: JobSpec): JobSpec {
  const s: JobSpec = { ...spec };
  if ((s.completions === undefined || s.completions === null) && (s.parallelism === undefined || s.parallelism === null)) {
    s.completions = 1;
    s.parallelism = 1;
  }
  if (s.parallelism === undefined || s.parallelism === null) s.parallelism = 1;
  if (s.backoffLimit === undefined || s.backoffLimit === null) s.backoffLimit = 6;
  if (!s.completionMode) s.completionMode = 'NonIndexed';
  if (s.suspend === undefined || s.suspend === null) s.suspend = false;
  if (!s.podReplacementPolicy) s.podReplacementPolicy = 'TerminatingOrFailed';
  return s;
}

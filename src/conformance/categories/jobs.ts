/**
 * Golden category `jobs` (backoff_utils_test.go, job_controller_test.go): drives
 * src/cluster/job/backoff.ts and the single-sync decision function in
 * src/cluster/job/sync-decisions.ts.
 *
 * Feature gates follow the case's source: cases transcribed from the older (~v1.23/1.24) test file
 * run with the gates of that era off (no FailureTarget/SuccessCriteriaMet interim conditions, empty
 * Complete reason); cases from the recent file start from v1.36 behaviour and apply the gates the
 * test sets explicitly (`featureGatesInTest`).
 */
import type { CategoryChecker, GoldenCase } from '../types';
import { getRemainingTime, newBackoffRecord } from '../../cluster/job/backoff';
import { JOB_FEATURES_V1_36, syncJob, type JobFeatures, type JobPod, type JobPodPhase, type SyncJobResult } from '../../cluster/job/sync-decisions';

const NOW = Date.UTC(2026, 0, 5, 9, 0, 0);
/** backoff_utils_test.go's fixed time 2009-11-10T23:00:00Z. */
const TEST_TIME = Date.UTC(2009, 10, 10, 23, 0, 0);

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const LEGACY_FEATURES: JobFeatures = { jobPodReplacementPolicy: false, jobManagedBy: false, jobReadyPods: true, completionsReachedReason: false };

function featuresFor(c: GoldenCase): JobFeatures {
  if ((c.source ?? '').includes('older stored version')) return LEGACY_FEATURES;
  const f: JobFeatures = { ...JOB_FEATURES_V1_36 };
  const gates = c.input.featureGatesInTest;
  const apply = (name: string, on: boolean) => {
    if (name === 'JobPodReplacementPolicy') f.jobPodReplacementPolicy = on;
    if (name === 'JobManagedBy') f.jobManagedBy = on;
    if (name === 'JobReadyPods') f.jobReadyPods = on;
  };
  if (typeof gates === 'string') {
    for (const m of gates.matchAll(/(\w+)=(true|false)/g)) apply(m[1]!, m[2] === 'true');
  } else if (gates && typeof gates === 'object') {
    for (const [k, v] of Object.entries(gates as Record<string, boolean>)) apply(k, v);
  }
  return f;
}

let podSeq = 0;
function pods(count: number | undefined, phase: JobPodPhase, ready = 0): JobPod[] {
  const out: JobPod[] = [];
  for (let i = 0; i < (count ?? 0); i++) out.push({ name: `pod-${phase.toLowerCase()}-${podSeq++}`, phase, ready: i < ready, creationTimestamp: 0 });
  return out;
}

function runSync(c: GoldenCase): SyncJobResult {
  const i = c.input;
  podSeq = 0;
  const completions = typeof i.completions === 'number' ? i.completions : null;
  const all: JobPod[] = [
    ...pods(i.pendingPods, 'Pending'),
    ...pods(i.activePods, 'Running', i.readyPods ?? 0),
    ...pods(i.succeededPods, 'Succeeded'),
    ...pods(i.failedPods, 'Failed'),
  ];
  for (const [ix, phase] of (i.podsWithIndexes ?? []) as [string, JobPodPhase][]) {
    all.push({ name: `pod-ix${ix}-${podSeq++}`, phase, completionIndex: Number(ix), creationTimestamp: 0 });
  }
  const startTime = typeof i.secondsSinceStartTime === 'number' ? NOW - i.secondsSinceStartTime * 1000 : undefined;
  return syncJob({
    spec: {
      name: 'foobar',
      parallelism: i.parallelism,
      completions,
      backoffLimit: i.backoffLimit ?? 0,
      activeDeadlineSeconds: i.activeDeadlineSeconds ?? null,
      suspend: i.suspend ?? false,
      completionMode: i.completionMode === 'Indexed' ? 'Indexed' : 'NonIndexed',
      restartPolicy: 'Never',
      deletionTimestamp: i.deleting ? NOW : null,
    },
    status: { ...(startTime !== undefined ? { startTime } : {}) },
    pods: all,
    now: NOW,
    features: featuresFor(c),
  });
}

function checkDeadline(c: GoldenCase, r: SyncJobResult) {
  const full: Record<string, unknown> = {
    podDeletions: r.podsToDelete.length,
    'status.active': r.status.active ?? 0,
    'status.succeeded': r.status.succeeded ?? 0,
    'status.failed': r.status.failed ?? 0,
    'conditions (type,status,reason,message)': (r.status.conditions ?? []).map((x) => [x.type, x.status, x.reason, x.message]),
  };
  const got: Record<string, unknown> = {};
  for (const k of Object.keys(c.expected)) got[k] = full[k];
  return { ok: sameJson(got, c.expected), got };
}

/**
 * TestControllerSyncJob semantics: counters not listed are 0; completedIndexes defaults to "";
 * created indexes are compared for Indexed jobs; the listed condition must exist with that
 * type/status/reason, and with none listed there must be no True condition. `ready` is compared
 * only when listed (the test toggled the JobReadyPods gate per case, which the transcription does
 * not carry; v1.36 always reports it).
 */
function checkController(c: GoldenCase, r: SyncJobResult) {
  const e = c.expected as Record<string, unknown>;
  const indexed = c.input.completionMode === 'Indexed';
  const conds = r.status.conditions ?? [];
  const full: Record<string, unknown> = {
    creations: r.podsToCreate.length,
    deletions: r.podsToDelete.length,
    active: r.status.active ?? 0,
    succeeded: r.status.succeeded ?? 0,
    failed: r.status.failed ?? 0,
    completedIndexes: r.status.completedIndexes ?? '',
  };
  const want: Record<string, unknown> = {
    creations: e.creations ?? 0,
    deletions: e.deletions ?? 0,
    active: e.active ?? 0,
    succeeded: e.succeeded ?? 0,
    failed: e.failed ?? 0,
    completedIndexes: e.completedIndexes ?? '',
  };
  if ('ready' in e) {
    full.ready = r.status.ready ?? null;
    want.ready = e.ready;
  }
  if (indexed) {
    full.createdIndexes = r.podsToCreate.map((p) => p.completionIndex).sort((a, b) => (a ?? 0) - (b ?? 0));
    want.createdIndexes = e.createdIndexes ?? [];
  }
  if (Array.isArray(e.condition)) {
    const [type, status, reason] = e.condition as string[];
    const match = conds.find((x) => x.type === type && x.status === status && x.reason === (reason ?? ''));
    full.condition = match ? [match.type, match.status, match.reason] : conds.map((x) => [x.type, x.status, x.reason]);
    want.condition = [type, status, reason ?? ''];
  } else {
    full.trueConditions = conds.filter((x) => x.status === 'True').map((x) => x.type);
    want.trueConditions = [];
  }
  return { ok: sameJson(full, want), got: full, expected: want };
}

export const check: CategoryChecker = (c: GoldenCase) => {
  const fn = c.function ?? '';
  const i = c.input;
  if (fn.startsWith('backoffRecord.getRemainingTime')) {
    const lastFailureTime = i.secondsSinceLastFailure === null || i.secondsSinceLastFailure === undefined ? null : NOW - i.secondsSinceLastFailure * 1000;
    const ms = getRemainingTime({ failuresAfterLastSuccess: i.failuresAfterLastSuccess, lastFailureTime }, NOW, i.defaultBackoffSeconds * 1000, i.maxBackoffSeconds * 1000);
    const got = { remainingSeconds: ms / 1000 };
    return { ok: sameJson(got, c.expected), got };
  }
  if (fn.startsWith('backoffStore.newBackoffRecord')) {
    const stored = i.storedFailuresAfterLastSuccess === null || i.storedFailuresAfterLastSuccess === undefined ? null : { failuresAfterLastSuccess: i.storedFailuresAfterLastSuccess, lastFailureTime: null };
    const finished = (ms: number) => ({ containerFinishedAt: [TEST_TIME + ms] });
    const rec = newBackoffRecord(stored, (i.newSucceededPodFinishTimesMs as number[]).map(finished), (i.newFailedPodFinishTimesMs as number[]).map(finished));
    const got = { failuresAfterLastSuccess: rec.failuresAfterLastSuccess, lastFailureTimeMs: rec.lastFailureTime === null ? null : rec.lastFailureTime - TEST_TIME };
    return { ok: sameJson(got, c.expected), got };
  }
  if (fn.startsWith('Controller.syncJob')) {
    const r = runSync(c);
    if ('podDeletions' in (c.expected as object)) return checkDeadline(c, r);
    return checkController(c, r);
  }
  return { ok: false, got: `unsupported function ${fn}` };
};

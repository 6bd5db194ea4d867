/**
 * Golden category `hpaReplicaCalc` (replica_calculator_test.go): feeds each case to the model's
 * replica calculator (src/cluster/hpa/replica-calculator.ts) and compares the proposal.
 *
 * Mapping of the test harness onto plain inputs:
 *  - startTime 'zero' = Go's zero time (0001-01-01), 'cool' = now − 3m, 'hot' = now;
 *  - the Ready condition's lastTransitionTime = the pod's startTime, metric samples are taken at
 *    `now` with a 1m window (as horizontal_test.go's harness builds them; with the replica
 *    calculator harness's zero timestamps the readiness outcome is the same: a 'hot' pod is inside
 *    the 2m initialization period and no full metric window has passed since its Ready transition);
 *  - the test constants cpuInitializationPeriod=2m, delayOfInitialReadinessStatus=10s.
 */
import type { CategoryChecker, GoldenCase } from '../types';
import {
  GetExternalMetricReplicas,
  GetExternalPerPodMetricReplicas,
  GetMetricReplicas,
  GetObjectMetricReplicas,
  GetObjectPerPodMetricReplicas,
  GetResourceReplicas,
  symmetricTolerances,
  type HpaPod,
  type RawPodMetrics,
  type ReplicaCalcConfig,
} from '../../cluster/hpa/replica-calculator';

/** A fixed "now" (the cluster model's default epoch). */
export const NOW = Date.UTC(2026, 0, 5, 9, 0, 0);
/** Go's time.Time{} (0001-01-01T00:00:00Z) in epoch ms. */
export const GO_ZERO_TIME = -62135596800000;

interface GoldenPod {
  name: string;
  phase: HpaPod['phase'];
  ready: boolean;
  deleted: boolean;
  startTime: 'zero' | 'cool' | 'hot';
  containerRequestsMilli?: number[] | null;
  podRequestMilli?: number | null;
  containerUsageMilli?: number[] | null;
  podUsageMilli?: number | null;
}

function startTimeOf(s: GoldenPod['startTime'], now: number): number {
  if (s === 'cool') return now - 3 * 60_000;
  if (s === 'hot') return now;
  return GO_ZERO_TIME;
}

/** Golden pod → the calculator's pod view. */
export function toHpaPod(p: GoldenPod, resource = 'cpu', now = NOW): HpaPod {
  const start = startTimeOf(p.startTime, now);
  let containers: HpaPod['containers'];
  if (Array.isArray(p.containerRequestsMilli)) {
    containers = p.containerRequestsMilli.map((r, i) => ({ name: `container${i + 1}`, requests: { [resource]: r } }));
  } else if (typeof p.podRequestMilli === 'number') {
    containers = [{ name: 'container1', requests: { [resource]: p.podRequestMilli } }];
  } else {
    containers = [{ name: 'container1' }, { name: 'container2' }];
  }
  return {
    name: p.name,
    phase: p.phase,
    ready: { status: p.ready ? 'True' : 'False', lastTransitionTime: start },
    startTime: start,
    deletionTimestamp: p.deleted ? now : null,
    containers,
  };
}

/** Golden pod usage → a metrics.k8s.io PodMetrics item (none when the pod has no metric). */
export function toRawPodMetrics(p: GoldenPod, resource = 'cpu', now = NOW): RawPodMetrics | null {
  let usage: number[] | null = null;
  if (Array.isArray(p.containerUsageMilli)) usage = p.containerUsageMilli;
  else if (typeof p.podUsageMilli === 'number') usage = [p.podUsageMilli];
  if (usage === null) return null;
  return {
    name: p.name,
    timestamp: now,
    window: 60_000,
    containers: usage.map((u, i) => ({ name: `container${i + 1}`, usage: { [resource]: u } })),
  };
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Keep only the keys `expected` has, in its order. */
function pick(got: Record<string, unknown>, expected: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(expected)) out[k] = got[k];
  return out;
}

export const check: CategoryChecker = (c: GoldenCase) => {
  const input = c.input;
  const expected = c.expected as Record<string, unknown>;
  const tolerances = symmetricTolerances(input.tolerance ?? 0.1);
  const cfg: ReplicaCalcConfig = {
    now: NOW,
    cpuInitializationPeriodMs: (input.testConstants?.cpuInitializationPeriodSeconds ?? 300) * 1000,
    delayOfInitialReadinessStatusMs: (input.testConstants?.delayOfInitialReadinessStatusSeconds ?? 30) * 1000,
  };
  const resource: string = input.resource ?? 'cpu';
  const goldenPods: GoldenPod[] = input.pods ?? [];
  const pods = goldenPods.map((p) => toHpaPod(p, resource));
  let got: Record<string, unknown>;
  try {
    switch (c.metricKind) {
      case 'resource': {
        const podMetrics = goldenPods.map((p) => toRawPodMetrics(p, resource)).filter((m): m is RawPodMetrics => m !== null);
        for (const [name, v] of Object.entries((input.metricsForNonExistentPodsMilli ?? {}) as Record<string, number>)) {
          podMetrics.push({ name, timestamp: NOW, window: 60_000, containers: [{ name: 'container1', usage: { [resource]: v } }] });
        }
        const r = GetResourceReplicas(
          { currentReplicas: input.currentReplicas, targetUtilization: input.targetAverageUtilizationPercent, resource, tolerances, pods, podMetrics },
          cfg,
        );
        got = { desiredReplicas: r.replicaCount, utilizationPercent: r.utilization, rawAverageUsageMilli: r.rawUtilization };
        break;
      }
      case 'pods': {
        const values = Object.entries((input.podMetricValuesMilli ?? {}) as Record<string, number>).map(([podName, valueMilli]) => ({ podName, valueMilli, timestamp: NOW }));
        const r = GetMetricReplicas({ currentReplicas: input.currentReplicas, targetUsage: input.targetAverageValueMilli, metricName: 'qps', tolerances, pods, values }, cfg);
        got = { desiredReplicas: r.replicaCount, reportedUsageMilli: r.usage };
        break;
      }
      case 'objectValue': {
        const r = GetObjectMetricReplicas({
          currentReplicas: input.currentReplicas,
          targetUsage: input.targetValueMilli,
          metricName: 'qps',
          objectRef: { kind: 'Deployment', name: 'some-deployment' },
          tolerances,
          pods,
          sample: { valueMilli: input.metricValueMilli, timestamp: NOW },
        });
        got = { desiredReplicas: r.replicaCount, reportedUsageMilli: r.usage };
        break;
      }
      case 'objectAverageValue': {
        const r = GetObjectPerPodMetricReplicas({
          statusReplicas: input.currentReplicas,
          targetAverageUsage: input.targetAverageValueMilli,
          metricName: 'qps',
          objectRef: { kind: 'Deployment', name: 'some-deployment' },
          tolerances,
          sample: { valueMilli: input.metricValueMilli, timestamp: NOW },
        });
        got = { desiredReplicas: r.replicaCount, reportedUsageMilli: r.usage };
        break;
      }
      case 'externalValue': {
        const r = GetExternalMetricReplicas({
          currentReplicas: input.currentReplicas,
          targetUsage: input.targetValueMilli,
          metricName: 'qps',
          tolerances,
          pods,
          samples: { valuesMilli: [input.metricValueMilli], timestamp: NOW },
        });
        got = { desiredReplicas: r.replicaCount, reportedUsageMilli: r.usage };
        break;
      }
      case 'externalAverageValue': {
        const r = GetExternalPerPodMetricReplicas({
          statusReplicas: input.currentReplicas,
          targetUsagePerPod: input.targetAverageValueMilli,
          metricName: 'qps',
          tolerances,
          samples: { valuesMilli: [input.metricValueMilli], timestamp: NOW },
        });
        got = { desiredReplicas: r.replicaCount, reportedUsageMilli: r.usage };
        break;
      }
      default:
        return { ok: false, got: `unknown metricKind ${String(c.metricKind)}` };
    }
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    if (typeof expected.errorContains === 'string') {
      return { ok: message.includes(expected.errorContains), got: { error: message } };
    }
    return { ok: false, got: { error: message } };
  }
  if (typeof expected.errorContains === 'string') return { ok: false, got };
  const picked = pick(got, expected);
  return { ok: sameJson(picked, expected), got: picked };
};

/**
 * Golden category `hpaController` (horizontal_test.go): one full reconcile through the model's
 * reconcileAutoscaler (src/cluster/hpa/reconcile.ts), comparing status.desiredReplicas and the
 * [type, status, reason] list of status.conditions.
 *
 * Harness facts mirrored here: the scale target is ReplicationController/test-rc with
 * spec.replicas = status.replicas = currentReplicas; the HPA's previous status has
 * desiredReplicas = currentReplicas and no conditions; pod metrics are sampled at `now` with a
 * 1m window; the Ready condition's lastTransitionTime is the pod's startTime; the test binary sets
 * scaleUpLimitFactor = 8 (production 2) and uses cpuInitializationPeriod 2m / readiness delay 10s.
 */
import type { MetricSpec } from 'kubernetes-types/autoscaling/v2';
import type { CategoryChecker, GoldenCase } from '../types';
import { reconcileAutoscaler, type HpaControllerState, type HpaMetricsSnapshot } from '../../cluster/hpa/reconcile';
import type { RawPodMetrics } from '../../cluster/hpa/replica-calculator';
import { formatMilli } from '../../cluster/hpa/quantity';
import { NOW, toHpaPod, toRawPodMetrics } from './hpaReplicaCalc';

const TEST_SCALE_UP_LIMIT_FACTOR = 8;
const EXTERNAL_SELECTOR = { matchLabels: { label: 'value' } };

interface GoldenMetric {
  kind: string;
  resource?: string;
  targetAverageUtilizationPercent?: number;
  targetMilli?: number;
  valuesMilli?: number[];
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function metricSpecAndSnapshot(m: GoldenMetric, goldenPods: any[], podNames: string[]): { spec: MetricSpec; snapshot: HpaMetricsSnapshot } {
  const values = m.valuesMilli ?? [];
  switch (m.kind) {
    case 'resource': {
      const resource = m.resource ?? 'cpu';
      return {
        spec: { type: 'Resource', resource: { name: resource, target: { type: 'Utilization', averageUtilization: m.targetAverageUtilizationPercent! } } },
        snapshot: { resource: goldenPods.map((p) => toRawPodMetrics(p, resource)).filter((x): x is RawPodMetrics => x !== null) },
      };
    }
    case 'pods':
      return {
        spec: { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue', averageValue: formatMilli(m.targetMilli!) } } },
        snapshot: { pods: { qps: values.map((v, i) => ({ podName: podNames[i] ?? `test-pod-${i}`, valueMilli: v, timestamp: NOW })) } },
      };
    case 'objectValue':
    case 'objectAverageValue': {
      const target = m.kind === 'objectValue' ? { type: 'Value', value: formatMilli(m.targetMilli!) } : { type: 'AverageValue', averageValue: formatMilli(m.targetMilli!) };
      return {
        spec: { type: 'Object', object: { describedObject: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'some-deployment' }, metric: { name: 'qps' }, target } },
        snapshot: { object: { 'Deployment/some-deployment/qps': { valueMilli: values[0] ?? 0, timestamp: NOW } } },
      };
    }
    case 'externalValue':
    case 'externalAverageValue': {
      const target = m.kind === 'externalValue' ? { type: 'Value', value: formatMilli(m.targetMilli!) } : { type: 'AverageValue', averageValue: formatMilli(m.targetMilli!) };
      return {
        spec: { type: 'External', external: { metric: { name: 'qps', selector: EXTERNAL_SELECTOR }, target } },
        snapshot: { external: { qps: { valuesMilli: values, timestamp: NOW } } },
      };
    }
    default:
      throw new Error(`unknown metric kind ${m.kind}`);
  }
}

export const check: CategoryChecker = (c: GoldenCase) => {
  const input = c.input;
  const currentReplicas: number = input['currentReplicas (scale.spec.replicas)'] ?? input.currentReplicas;
  const goldenPods: any[] = input.pods ?? [];
  const resource = input.metric?.resource ?? 'cpu';
  const pods = goldenPods.map((p) => toHpaPod(p, resource));
  const { spec, snapshot } = metricSpecAndSnapshot(input.metric, goldenPods, pods.map((p) => p.name));

  let state: HpaControllerState = {};
  if (Array.isArray(input.previousRecommendations)) {
    state = {
      recommendations: input.previousRecommendations.map((r: { replicas: number; secondsAgo: number }) => ({ recommendation: r.replicas, timestamp: NOW - r.secondsAgo * 1000 })),
    };
  }

  const res = reconcileAutoscaler({
    hpa: {
      namespace: 'test-namespace',
      name: 'test-hpa',
      scaleTargetRef: { kind: 'ReplicationController', name: 'test-rc', apiVersion: 'v1' },
      minReplicas: input.minReplicas,
      maxReplicas: input.maxReplicas,
      metrics: [spec],
      behavior: input.behavior ?? null,
      status: { desiredReplicas: currentReplicas, conditions: [] },
    },
    scale: { specReplicas: currentReplicas, statusReplicas: currentReplicas, selector: 'name=test-pod' },
    pods,
    metrics: snapshot,
    state,
    config: {
      tolerance: input.tolerance ?? 0.1,
      cpuInitializationPeriodMs: 2 * 60_000,
      delayOfInitialReadinessStatusMs: 10_000,
      downscaleStabilisationWindowMs: 5 * 60_000,
      scaleUpLimitFactor: TEST_SCALE_UP_LIMIT_FACTOR,
    },
    now: NOW,
  });

  const full: Record<string, unknown> = {
    desiredReplicas: res.status.desiredReplicas,
    'conditions (type,status,reason)': res.status.conditions.map((x) => [x.type, x.status, x.reason]),
  };
  const expected = c.expected as Record<string, unknown>;
  const got: Record<string, unknown> = {};
  for (const k of Object.keys(expected)) got[k] = full[k];
  return { ok: sameJson(got, expected), got };
};

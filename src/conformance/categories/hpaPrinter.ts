/**
 * Golden category `hpaPrinter` (printers_test.go TestPrintHPA): builds an autoscaling/v2 object
 * from the case and renders the `kubectl get hpa` row with src/cluster/hpa/format-metrics.ts.
 */
import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus, MetricTarget } from 'kubernetes-types/autoscaling/v2';
import type { CategoryChecker, GoldenCase } from '../types';
import { printHorizontalPodAutoscaler } from '../../cluster/hpa/format-metrics';

interface GoldenSpec {
  type: string;
  name?: string;
  container?: string;
  target: { averageValue?: string; value?: string; averageUtilization?: number };
}

interface GoldenStatus {
  type: string;
  name?: string;
  container?: string;
  current: { averageValue?: string; value?: string; averageUtilization?: number };
}

function targetOf(t: GoldenSpec['target']): MetricTarget {
  const type = t.averageUtilization !== undefined ? 'Utilization' : t.averageValue !== undefined ? 'AverageValue' : 'Value';
  return { type, ...t };
}

function toSpec(s: GoldenSpec): MetricSpec {
  const target = targetOf(s.target);
  switch (s.type) {
    case 'External':
      return { type: s.type, external: { metric: { name: s.name ?? 'some-external-metric' }, target } };
    case 'Pods':
      return { type: s.type, pods: { metric: { name: s.name ?? 'some-pods-metric' }, target } };
    case 'Object':
      return { type: s.type, object: { describedObject: { kind: 'ReplicationController', name: 'some-rc' }, metric: { name: s.name ?? 'some-service-metric' }, target } };
    case 'Resource':
      return { type: s.type, resource: { name: s.name ?? 'cpu', target } };
    case 'ContainerResource':
      return { type: s.type, containerResource: { name: s.name ?? 'cpu', container: s.container ?? 'application', target } };
    default:
      return { type: s.type };
  }
}

function toStatus(s: GoldenStatus): MetricStatus {
  const current = { ...s.current };
  switch (s.type) {
    case 'External':
      return { type: s.type, external: { metric: { name: s.name ?? 'some-external-metric' }, current } };
    case 'Pods':
      return { type: s.type, pods: { metric: { name: s.name ?? 'some-pods-metric' }, current } };
    case 'Object':
      return { type: s.type, object: { describedObject: { kind: 'ReplicationController', name: 'some-rc' }, metric: { name: s.name ?? 'some-service-metric' }, current } };
    case 'Resource':
      return { type: s.type, resource: { name: s.name ?? 'cpu', current } };
    case 'ContainerResource':
      return { type: s.type, containerResource: { name: s.name ?? 'cpu', container: s.container ?? 'application', current } };
    default:
      return { type: s.type };
  }
}

export const check: CategoryChecker = (c: GoldenCase) => {
  const i = c.input;
  const hpa: HorizontalPodAutoscaler = {
    metadata: { name: i.name },
    spec: {
      scaleTargetRef: { kind: i.scaleTargetRef.kind, name: i.scaleTargetRef.name },
      ...(i.minReplicas !== undefined && i.minReplicas !== null ? { minReplicas: i.minReplicas } : {}),
      maxReplicas: i.maxReplicas,
      metrics: (i.metrics as GoldenSpec[]).map(toSpec),
    },
    status: {
      currentReplicas: i.status.currentReplicas,
      desiredReplicas: i.status.desiredReplicas,
      currentMetrics: ((i.currentMetrics ?? []) as GoldenStatus[]).map(toStatus),
    },
  };
  const row = printHorizontalPodAutoscaler(hpa);
  const got: Record<string, unknown> = {};
  for (const k of Object.keys(c.expected as object)) got[k] = (row as unknown as Record<string, unknown>)[k];
  return { ok: JSON.stringify(got) === JSON.stringify(c.expected), got };
};

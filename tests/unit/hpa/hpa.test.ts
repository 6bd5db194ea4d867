import { describe, expect, it } from 'vitest';
import {
  GetResourceReplicas,
  symmetricTolerances,
  type HpaPod,
  type RawPodMetrics,
} from '../../../src/cluster/hpa/replica-calculator';
import {
  calculateScaleUpLimitWithScalingRules,
  generateHPAScaleUpRules,
  normalizeDesiredReplicasWithBehaviors,
} from '../../../src/cluster/hpa/normalize';
import { reconcileAutoscaler, type HpaControllerState, type HpaInput } from '../../../src/cluster/hpa/reconcile';
import { formatHPAMetrics, printHorizontalPodAutoscaler } from '../../../src/cluster/hpa/format-metrics';
import { canonicalQuantity, formatMilli, milliValue } from '../../../src/cluster/hpa/quantity';

const T0 = Date.UTC(2026, 0, 5, 9, 0, 0);
const MIN = 60_000;

/** A running, long-ready php-apache pod requesting 200m cpu. */
function pod(name: string, startTime = T0 - 60 * MIN): HpaPod {
  return {
    name,
    phase: 'Running',
    ready: { status: 'True', lastTransitionTime: startTime + 5_000 },
    startTime,
    containers: [{ name: 'php-apache', requests: { cpu: 200 } }],
  };
}

function usage(name: string, milli: number, at: number): RawPodMetrics {
  return { name, timestamp: at, window: 15_000, containers: [{ name: 'php-apache', usage: { cpu: milli } }] };
}

describe('replica calculator (php-apache walkthrough)', () => {
  it('1 pod using 250m of a 200m request at target 50% → utilization 125%, ceil(125/50 × 1) = 3', () => {
    const r = GetResourceReplicas(
      { currentReplicas: 1, targetUtilization: 50, resource: 'cpu', tolerances: symmetricTolerances(), pods: [pod('a')], podMetrics: [usage('a', 250, T0)] },
      { now: T0 },
    );
    expect(r).toEqual({ replicaCount: 3, utilization: 125, rawUtilization: 250, timestamp: T0 });
  });

  it('3 pods at 110m each (55%) stay at 3: ratio 1.1 is inside the inclusive tolerance', () => {
    const pods = ['a', 'b', 'c'].map((n) => pod(n));
    const r = GetResourceReplicas(
      { currentReplicas: 3, targetUtilization: 50, resource: 'cpu', tolerances: symmetricTolerances(), pods, podMetrics: pods.map((p) => usage(p.name, 110, T0)) },
      { now: T0 },
    );
    expect(r.utilization).toBe(55);
    expect(r.replicaCount).toBe(3);
  });

  it('a freshly started pod inside the cpu initialization period is left out of a scale-up (counted as 0)', () => {
    const pods = [pod('a'), pod('b'), { ...pod('new', T0 - 20_000), ready: { status: 'False' as const, lastTransitionTime: T0 - 20_000 } }];
    const r = GetResourceReplicas(
      {
        currentReplicas: 3,
        targetUtilization: 50,
        resource: 'cpu',
        tolerances: symmetricTolerances(),
        pods,
        podMetrics: [usage('a', 300, T0), usage('b', 300, T0), usage('new', 0, T0)],
      },
      { now: T0 },
    );
    // ready pods: 600/400 = 150% → ratio 3; with the unready pod at 0: 600/600 = 100% → ratio 2 → ceil(2 × 3) = 6
    expect(r.utilization).toBe(150);
    expect(r.replicaCount).toBe(6);
  });

  it('reports the Go error texts', () => {
    expect(() =>
      GetResourceReplicas(
        { currentReplicas: 1, targetUtilization: 50, resource: 'cpu', tolerances: symmetricTolerances(), pods: [pod('a')], podMetrics: [] },
        { now: T0 },
      ),
    ).toThrow('unable to get metrics for resource cpu: no metrics returned from resource metrics API');
    const noReq: HpaPod = { ...pod('a'), containers: [{ name: 'php-apache' }] };
    expect(() =>
      GetResourceReplicas(
        { currentReplicas: 1, targetUtilization: 50, resource: 'cpu', tolerances: symmetricTolerances(), pods: [noReq], podMetrics: [usage('a', 10, T0)] },
        { now: T0 },
      ),
    ).toThrow('missing request for cpu in container php-apache of Pod a');
  });
});

describe('reconcileAutoscaler over time (kubectl autoscale php-apache --cpu=50% --min=1 --max=10)', () => {
  const hpa: HpaInput = {
    namespace: 'default',
    name: 'php-apache',
    scaleTargetRef: { kind: 'Deployment', name: 'php-apache', apiVersion: 'apps/v1' },
    minReplicas: 1,
    maxReplicas: 10,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
  };

  it('scales up at once, then holds the scale-down for the 5-minute stabilization window', () => {
    let state: HpaControllerState = {};
    // load: 1 pod at 250m → 3 replicas
    let r = reconcileAutoscaler({ hpa, scale: { specReplicas: 1, statusReplicas: 1, selector: 'run=php-apache' }, pods: [pod('a')], metrics: { resource: [usage('a', 250, T0)] }, state, now: T0 });
    expect(r.rescale).toBe(true);
    expect(r.status.desiredReplicas).toBe(3);
    expect(r.events).toContainEqual({ type: 'Normal', reason: 'SuccessfulRescale', message: 'New size: 3; reason: cpu resource utilization (percentage of request) above target' });
    expect(r.status.currentMetrics?.[0]).toEqual({ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 125, averageValue: '250m' } } });
    state = r.state;

    // load stops one minute later: the stabilization window keeps 3
    const pods3 = ['a', 'b', 'c'].map((n) => pod(n));
    const idle = (t: number) => ({ resource: pods3.map((p) => usage(p.name, 0, t)) });
    r = reconcileAutoscaler({ hpa, scale: { specReplicas: 3, statusReplicas: 3, selector: 'run=php-apache' }, pods: pods3, metrics: idle(T0 + MIN), state, now: T0 + MIN });
    expect(r.rescale).toBe(false);
    expect(r.status.desiredReplicas).toBe(3);
    expect(r.status.conditions.find((c) => c.type === 'AbleToScale')).toMatchObject({ reason: 'ScaleDownStabilized' });
    state = r.state;

    // > 5 minutes after the last high recommendation → down to minReplicas
    r = reconcileAutoscaler({ hpa, scale: { specReplicas: 3, statusReplicas: 3, selector: 'run=php-apache' }, pods: pods3, metrics: idle(T0 + 6 * MIN), state, now: T0 + 6 * MIN });
    expect(r.rescale).toBe(true);
    expect(r.status.desiredReplicas).toBe(1);
    expect(r.rescaleReason).toBe('All metrics below target');
    expect(r.status.conditions.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['AbleToScale', 'True', 'SucceededRescale'],
      ['ScalingActive', 'True', 'ValidMetricFound'],
      ['ScalingLimited', 'True', 'TooFewReplicas'],
    ]);
  });

  it('new pods without metrics: FailedGetResourceMetric, replicas untouched', () => {
    const r = reconcileAutoscaler({ hpa, scale: { specReplicas: 1, statusReplicas: 1, selector: 'run=php-apache' }, pods: [pod('a')], metrics: { resource: [] }, now: T0 });
    expect(r.rescale).toBe(false);
    expect(r.status.conditions.find((c) => c.type === 'ScalingActive')).toMatchObject({
      status: 'False',
      reason: 'FailedGetResourceMetric',
      message: 'the HPA was unable to compute the replica count: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
    });
    expect(r.events.map((e) => e.reason)).toEqual(['FailedGetResourceMetric', 'FailedComputeMetricsReplicas']);
    expect(r.events[1]!.message).toBe(
      'invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
    );
  });

  it('per-direction tolerance from spec.behavior (HPAConfigurableTolerance)', () => {
    const pods = ['a', 'b'].map((n) => pod(n));
    const metrics = { resource: pods.map((p) => usage(p.name, 106, T0)) }; // 53% vs 50% → ratio 1.06
    const base = { scale: { specReplicas: 2, statusReplicas: 2, selector: 'x' }, pods, metrics, now: T0 };
    expect(reconcileAutoscaler({ hpa, ...base }).status.desiredReplicas).toBe(2);
    const strict = reconcileAutoscaler({ hpa: { ...hpa, behavior: { scaleUp: { tolerance: '0.05' } } }, ...base });
    expect(strict.status.desiredReplicas).toBe(3);
  });
});

describe('behavior rate limits', () => {
  it('default scaleUp policy: max(+4 pods, +100%) per 15s', () => {
    const up = generateHPAScaleUpRules(undefined);
    expect(calculateScaleUpLimitWithScalingRules(1, [], [], up, T0)).toBe(5);
    expect(calculateScaleUpLimitWithScalingRules(10, [], [], up, T0)).toBe(20);
    // an event 10s ago of +4 counts against the 15s period: start of period 6 → max(10, 12)
    expect(calculateScaleUpLimitWithScalingRules(10, [{ replicaChange: 4, timestamp: T0 - 10_000, outdated: false }], [], up, T0)).toBe(12);
  });

  it('normalizeDesiredReplicasWithBehaviors limits the first jump and names the reason', () => {
    const r = normalizeDesiredReplicasWithBehaviors({
      behavior: {},
      recommendations: [],
      scaleUpEvents: [],
      scaleDownEvents: [],
      currentReplicas: 1,
      prenormalizedDesiredReplicas: 9,
      minReplicas: 1,
      maxReplicas: 10,
      now: T0,
    });
    expect(r.desiredReplicas).toBe(5);
    expect(r.conditions.map((c) => [c.type, c.status, c.reason])).toEqual([
      ['AbleToScale', 'True', 'ReadyForNewScale'],
      ['ScalingLimited', 'True', 'ScaleUpLimit'],
    ]);
  });
});

describe('quantities and kubectl get hpa', () => {
  it('prints quantities the way Kubernetes does', () => {
    expect(formatMilli(250)).toBe('250m');
    expect(formatMilli(1000)).toBe('1');
    expect(formatMilli(1500)).toBe('1500m');
    expect(formatMilli(2_000_000)).toBe('2k');
    expect(formatMilli(0)).toBe('0');
    expect(canonicalQuantity('0.1')).toBe('100m');
    expect(canonicalQuantity('100Mi')).toBe('100Mi');
    expect(canonicalQuantity('1024')).toBe('1024');
    expect(canonicalQuantity('2048Ki')).toBe('2Mi');
    expect(canonicalQuantity('1.5Gi')).toBe('1536Mi');
    expect(canonicalQuantity('512')).toBe('512');
    expect(canonicalQuantity('1e3')).toBe('1e3');
    expect(milliValue('1.5')).toBe(1500);
    expect(milliValue('0.1m')).toBe(1);
    expect(milliValue('128Mi')).toBe(134217728000);
  });

  it('TARGETS for a fresh `kubectl autoscale` HPA and with memory / missing target', () => {
    expect(formatHPAMetrics([], [])).toBe('<none>');
    expect(formatHPAMetrics([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }], [])).toBe('cpu: <unknown>/80%');
    const memSpec = [{ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '200Mi' } } }];
    expect(formatHPAMetrics(memSpec, [{ type: 'Resource', resource: { name: 'memory', current: { averageValue: '100Mi' } } }])).toBe('memory: 100Mi/200Mi');
    // The controller writes current values as DecimalSI milli-quantities, so bytes print as plain numbers
    // (what real clusters show, e.g. `memory: 104857600/200Mi`).
    expect(formatHPAMetrics(memSpec, [{ type: 'Resource', resource: { name: 'memory', current: { averageValue: formatMilli(104857600000) } } }])).toBe(
      'memory: 104857600/200Mi',
    );
    expect(formatHPAMetrics([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } }], [])).toBe('cpu: <unknown>/<auto>');
    const row = printHorizontalPodAutoscaler(
      {
        metadata: { name: 'php-apache', creationTimestamp: '2026-01-05T09:00:00Z' },
        spec: { scaleTargetRef: { kind: 'Deployment', name: 'php-apache' }, maxReplicas: 10, metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }] },
        status: { currentReplicas: 1, desiredReplicas: 1, currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 0, averageValue: '1m' } } }] },
      },
      () => '10s',
    );
    expect(row).toEqual({ NAME: 'php-apache', REFERENCE: 'Deployment/php-apache', TARGETS: 'cpu: 0%/50%', MINPODS: '<unset>', MAXPODS: 10, REPLICAS: 1, AGE: '10s' });
  });
});

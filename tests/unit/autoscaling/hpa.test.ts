import { describe, it, expect, vi } from 'vitest';
// The Deployment controller is someone else's; these tests play its part with syncPods().
vi.mock('~/cluster/controllers/workloads/index', () => ({ WORKLOADS_CONTROLLERS: [] }));
import { Cluster } from '~/cluster/cluster';
import type { CustomMetrics } from '~/cluster/controllers/autoscaling/custom-metrics';
import { kubectlOn, phpApache, syncPods } from './harness';

const LOAD = "kubectl run load-generator --image=busybox:1.28 --restart=Never -- /bin/sh -c 'while sleep 0.01; do wget -q -O- http://php-apache; done'";

function replicas(c: Cluster): number {
  return c.store.get('Deployment', 'default', 'php-apache')!.spec.replicas;
}

/** Advance in 15 s steps, playing the ReplicaSet controller; returns spec.replicas after each. */
function run(c: Cluster, ms: number): number[] {
  const seen: number[] = [];
  for (let t = 0; t < ms; t += 15_000) {
    c.advance(15_000);
    syncPods(c);
    seen.push(replicas(c));
  }
  return seen;
}

function events(c: Cluster, reason?: string): string[] {
  return c.store
    .list('Event', 'default')
    .filter((e) => e.involvedObject.kind === 'HorizontalPodAutoscaler' && (!reason || e.reason === reason))
    .map((e) => `${e.type} ${e.reason} ${e.message}`);
}

describe('HPA walkthrough (php-apache, requests.cpu 200m, target 50%)', () => {
  it('scales up within a minute of load, down only after the 5-minute stabilization', () => {
    const c = new Cluster();
    const k = kubectlOn(c);
    phpApache(c);
    syncPods(c);
    c.advance(30_000);
    const a = k('kubectl autoscale deployment php-apache --cpu-percent=50 --min=1 --max=10');
    expect(a.out).toBe('horizontalpodautoscaler.autoscaling/php-apache autoscaled\n');
    expect(a.err).toBe("Flag --cpu-percent has been deprecated, Use --cpu with percentage or resource quantity format (e.g., '70%' for utilization or '500m' for milliCPU).\n");
    expect(k('kubectl get hpa').out).toBe(
      'NAME         REFERENCE               TARGETS              MINPODS   MAXPODS   REPLICAS   AGE\nphp-apache   Deployment/php-apache   cpu: <unknown>/50%   1         10        0          0s\n',
    );
    c.advance(30_000);
    expect(k('kubectl get hpa').out).toBe(
      'NAME         REFERENCE               TARGETS       MINPODS   MAXPODS   REPLICAS   AGE\nphp-apache   Deployment/php-apache   cpu: 0%/50%   1         10        1          30s\n',
    );
    const hpa = c.store.get('HorizontalPodAutoscaler', 'default', 'php-apache')!;
    expect(hpa.status.conditions.map((x: any) => `${x.type} ${x.status} ${x.reason}`)).toEqual(['AbleToScale True ScaleDownStabilized', 'ScalingActive True ValidMetricFound', 'ScalingLimited False DesiredWithinRange']);

    k(LOAD);
    const up = run(c, 60_000);
    expect(up.some((r) => r > 1)).toBe(true);
    expect(events(c, 'SuccessfulRescale')[0]).toBe('Normal SuccessfulRescale New size: 4; reason: cpu resource utilization (percentage of request) above target');
    run(c, 120_000);
    const peak = replicas(c);
    expect(peak).toBeGreaterThanOrEqual(4);
    expect(k('kubectl get hpa --no-headers').out).toMatch(/^php-apache   Deployment\/php-apache   cpu: \d+%\/50%   1     10    \d+ /);

    k('kubectl delete pod load-generator --wait=false');
    // Load gone: still no scale-down during the 5-minute window.
    const during = run(c, 285_000);
    expect(during.every((r) => r === peak)).toBe(true);
    const after = run(c, 75_000);
    expect(after[after.length - 1]).toBe(1);
    expect(events(c, 'SuccessfulRescale').pop()).toBe('Normal SuccessfulRescale New size: 1; reason: All metrics below target');

    const d = k('kubectl describe hpa php-apache').out;
    expect(d).toContain('Reference:                                             Deployment/php-apache\n');
    expect(d).toContain('Metrics:                                               ( current / target )\n  resource cpu on pods  (as a percentage of request):  0% (0) / 50%\n');
    expect(d).toContain('Min replicas:                                          1\nMax replicas:                                          10\nDeployment pods:                                       1 current / 1 desired\n');
    expect(d).toContain('  AbleToScale     True    ReadyForNewScale  recommended size matches current size\n');
    expect(d).toContain('  Normal  SuccessfulRescale');
    expect(k('kubectl get all').out).toContain('horizontalpodautoscaler.autoscaling/php-apache');
  });

  it('--cpu-percent=10 (the source article) scales further', () => {
    const c = new Cluster();
    const k = kubectlOn(c);
    phpApache(c);
    syncPods(c);
    c.advance(30_000);
    k('kubectl autoscale deployment php-apache --cpu-percent=10 --min=1 --max=10');
    k(LOAD);
    run(c, 180_000);
    expect(replicas(c)).toBe(10);
    expect(events(c, 'SuccessfulRescale')).toEqual([
      'Normal SuccessfulRescale New size: 4; reason: cpu resource utilization (percentage of request) above target',
      'Normal SuccessfulRescale New size: 8; reason: cpu resource utilization (percentage of request) above target',
      'Normal SuccessfulRescale New size: 10; reason: cpu resource utilization (percentage of request) above target',
    ]);
  });
});

describe('HPA controller details', () => {
  it('accepts autoscaling/v1 and converts targetCPUUtilizationPercentage', () => {
    const c = new Cluster();
    const k = kubectlOn(c, {
      'hpa.yaml': 'apiVersion: autoscaling/v1\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: php-apache\nspec:\n  scaleTargetRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: php-apache\n  minReplicas: 1\n  maxReplicas: 10\n  targetCPUUtilizationPercentage: 50\n',
    });
    expect(k('kubectl apply -f hpa.yaml').out).toBe('horizontalpodautoscaler.autoscaling/php-apache created\n');
    const hpa = c.store.get('HorizontalPodAutoscaler', 'default', 'php-apache')!;
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }]);
    expect(hpa.spec.targetCPUUtilizationPercentage).toBeUndefined();
  });

  it('defaults: no metrics → cpu 80%, minReplicas 1; validation texts', () => {
    const c = new Cluster();
    const k = kubectlOn(c);
    phpApache(c);
    expect(k('kubectl autoscale deploy/php-apache --max=5').out).toBe('horizontalpodautoscaler.autoscaling/php-apache autoscaled\n');
    expect(k('kubectl get hpa --no-headers').out).toMatch(/^php-apache   Deployment\/php-apache   cpu: <unknown>\/80%   1     5     0     0s\n$/);
    expect(k('kubectl autoscale deploy/php-apache --max=5').err).toBe('Error from server (AlreadyExists): horizontalpodautoscalers.autoscaling "php-apache" already exists\n');
    expect(() => c.api.create({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'x', namespace: 'default' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'x' }, minReplicas: 3, maxReplicas: 2 } })).toThrow(
      'HorizontalPodAutoscaler "x" is invalid: spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`',
    );
  });

  it('kubectl autoscale flag errors', () => {
    const c = new Cluster();
    const k = kubectlOn(c);
    phpApache(c);
    expect(k('kubectl autoscale deployment php-apache').err).toBe('error: --max=MAXPODS is required and must be at least 1, max: -1\n');
    expect(k('kubectl autoscale deployment php-apache --min=5 --max=2').err).toBe('error: --max=MAXPODS must be larger or equal to --min=MINPODS, max: 2, min: 5\n');
    expect(k('kubectl autoscale deployment php-apache --max=2 --cpu-percent=50 --cpu=50%').err).toContain('error: --cpu-percent and --cpu are mutually exclusive\n');
    expect(k('kubectl autoscale deployment nope --max=2').err).toBe('Error from server (NotFound): deployments.apps "nope" not found\n');
    expect(k('kubectl autoscale deployment php-apache --max=3 --cpu=500m --memory=80% --name=web').out).toBe('horizontalpodautoscaler.autoscaling/web autoscaled\n');
    expect(c.store.get('HorizontalPodAutoscaler', 'default', 'web')!.spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'AverageValue', averageValue: '500m' } } },
      { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 80 } } },
    ]);
    expect(k('kubectl autoscale deployment php-apache --max=3 --cpu=50%').out).toBe('horizontalpodautoscaler.autoscaling/php-apache autoscaled\n');
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'solo', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox:1.28' }] } });
    expect(k('kubectl autoscale pod solo --max=3').err).toBe('error: cannot autoscale a Pod: cannot autoscale a Pod\n');
  });

  it('missing requests: FailedGetResourceMetric and FailedComputeMetricsReplicas', () => {
    const c = new Cluster();
    const k = kubectlOn(c);
    c.api.create({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'default' },
      spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
    });
    syncPods(c, 'web');
    k('kubectl autoscale deployment web --cpu=50% --max=3');
    c.advance(15_000);
    expect(events(c)[0]).toBe('Warning FailedGetResourceMetric failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API');
    c.advance(30_000);
    const ev = events(c).slice(2);
    expect(ev[0]).toMatch(/^Warning FailedGetResourceMetric failed to get cpu utilization: .*missing request for cpu in container nginx of Pod web-/);
    expect(ev[1]).toMatch(/^Warning FailedComputeMetricsReplicas invalid metrics \(1 invalid out of 1\), first error is: failed to get cpu resource metric value: failed to get cpu utilization: /);
    expect(k('kubectl get hpa --no-headers').out).toContain('cpu: <unknown>/50%');
    const cond = c.store.get('HorizontalPodAutoscaler', 'default', 'web')!.status.conditions;
    expect(cond[1]).toMatchObject({ type: 'ScalingActive', status: 'False', reason: 'FailedGetResourceMetric' });
  });

  it('missing target: FailedGetScale', () => {
    const c = new Cluster();
    c.api.create({ apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'ghost', namespace: 'default' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'ghost' }, maxReplicas: 3 } });
    c.advance(15_000);
    expect(events(c)).toEqual(['Warning FailedGetScale deployments.apps "ghost" not found']);
    expect(c.store.get('HorizontalPodAutoscaler', 'default', 'ghost')!.status.conditions[0]).toMatchObject({
      type: 'AbleToScale',
      status: 'False',
      reason: 'FailedGetScale',
      message: 'the HPA controller was unable to get the target\'s current scale: deployments.apps "ghost" not found',
    });
  });

  it('behavior: scaleDown stabilizationWindowSeconds 0 scales down at once', () => {
    const c = new Cluster();
    phpApache(c, 4);
    syncPods(c);
    c.advance(30_000);
    c.api.create({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'php-apache', namespace: 'default' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' },
        maxReplicas: 10,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
        behavior: { scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: 'Pods', value: 1, periodSeconds: 15 }] } },
      },
    });
    const hpa = c.store.get('HorizontalPodAutoscaler', 'default', 'php-apache')!;
    expect(hpa.spec.behavior.scaleUp).toEqual({ stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] });
    const seen = run(c, 60_000);
    expect(seen).toEqual([3, 2, 1, 1]);
    const d = kubectlOn(c)('kubectl describe hpa php-apache').out;
    expect(d).toContain('Behavior:\n  Scale Up:\n    Stabilization Window: 0 seconds\n    Select Policy: Max\n    Policies:\n      - Type: Pods     Value: 4    Period: 15 seconds\n      - Type: Percent  Value: 100  Period: 15 seconds\n  Scale Down:\n    Stabilization Window: 0 seconds\n    Select Policy: Max\n    Policies:\n      - Type: Pods  Value: 1  Period: 15 seconds\n');
  });

  it('Pods (annotation) and External (code) custom metrics', () => {
    const c = new Cluster();
    phpApache(c, 2);
    syncPods(c);
    c.advance(20_000);
    for (const p of c.store.list('Pod', 'default')) c.store.mutate('Pod', 'default', p.metadata.name, (x) => (x.metadata.annotations = { 'metrics.podlab.dev/packets-per-second': '3k' }));
    c.controller<CustomMetrics>('custom-metrics')!.setExternalMetric('default', 'queue_messages_ready', 90);
    c.api.create({
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'php-apache', namespace: 'default' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'php-apache' },
        minReplicas: 1,
        maxReplicas: 10,
        metrics: [
          { type: 'Pods', pods: { metric: { name: 'packets-per-second' }, target: { type: 'AverageValue', averageValue: '1k' } } },
          { type: 'External', external: { metric: { name: 'queue_messages_ready' }, target: { type: 'AverageValue', averageValue: '30' } } },
        ],
      },
    });
    c.advance(15_000);
    expect(replicas(c)).toBe(4); // pods metric wants 6, legacy scale-up limit max(2*2, 4) = 4
    const k = kubectlOn(c);
    expect(k('kubectl get hpa --no-headers').out).toMatch(/^php-apache   Deployment\/php-apache   3k\/1k, 45\/30 \(avg\)   1     10    2 /);
    expect(k('kubectl describe hpa php-apache').out).toContain('  "packets-per-second" on pods:                   3k / 1k\n  "queue_messages_ready" (target average value):  45 / 30\n');
  });
});

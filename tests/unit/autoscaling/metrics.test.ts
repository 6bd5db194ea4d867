import { describe, it, expect, vi } from 'vitest';
vi.mock('~/cluster/controllers/workloads/index', () => ({ WORKLOADS_CONTROLLERS: [] }));
import { Cluster } from '~/cluster/cluster';
import type { MetricsServer } from '~/cluster/controllers/autoscaling/metrics-server';
import { kubectlOn } from './harness';

function busy(c: Cluster, name = 'busy', limit = '500m'): void {
  c.api.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels: { app: 'busy' } },
    spec: { containers: [{ name: 'spin', image: 'busybox:1.28', command: ['sh', '-c', 'while true; do :; done'], resources: { limits: { cpu: limit }, requests: { cpu: '100m' } } }] },
  });
}

describe('metrics-server', () => {
  it('serves the CPU rate of a busy container, throttled by limits.cpu, after two scrapes', () => {
    const c = new Cluster();
    const ms = c.controller<MetricsServer>('metrics-server')!;
    expect(ms).toBeDefined();
    busy(c);
    c.advance(15_000); // first scrape: one sample only
    expect(ms.podMetrics('default')).toEqual([]);
    c.advance(15_000); // second scrape
    const [m] = ms.podMetrics('default');
    expect(m!.name).toBe('busy');
    expect(m!.window).toBe(15_000);
    expect(m!.containers[0]!.cpuMilli).toBe(500);
    expect(m!.timestamp).toBe(c.epochMs + 30_000);
    expect(ms.podMetrics('default', { matchLabels: { app: 'other' } })).toEqual([]);
    expect(ms.podMetrics('kube-system')).toEqual([]);
  });

  it('node usage is the sum of its pods plus a baseline', () => {
    const c = new Cluster();
    const ms = c.controller<MetricsServer>('metrics-server')!;
    expect(ms.nodeMetrics()).toEqual([]);
    busy(c, 'a', '250m');
    c.advance(30_000);
    const nodes = ms.nodeMetrics();
    expect(nodes.map((n) => n.name)).toEqual(['controlplane', 'node01', 'node02']);
    const host = c.store.get('Pod', 'default', 'a')!.spec.nodeName;
    const n = nodes.find((x) => x.name === host)!;
    expect(n.cpuMilli).toBe(25 + 250);
    expect(nodes.find((x) => x.name === 'controlplane')!.cpuMilli).toBe(140);
  });
});

describe('kubectl top', () => {
  it('pod: not available yet, then NAME CPU(cores) MEMORY(bytes)', () => {
    const c = new Cluster();
    const k = kubectlOn(c);
    expect(k('kubectl top pod').err).toBe('No resources found in default namespace.\n');
    busy(c);
    c.advance(5_000);
    expect(k('kubectl top pod')).toEqual({ out: '', err: 'error: metrics not available yet\n', code: 1 });
    expect(k('kubectl top pod busy').err).toBe('Error from server (NotFound): podmetrics.metrics.k8s.io "default/busy" not found\n');
    expect(k('kubectl top node').err).toBe('error: metrics not available yet\n');
    c.advance(30_000);
    expect(k('kubectl top pod').out).toBe('NAME   CPU(cores)   MEMORY(bytes)   \nbusy   500m         1Mi             \n');
    expect(k('kubectl top pod busy --containers').out).toBe('POD    NAME   CPU(cores)   MEMORY(bytes)   \nbusy   spin   500m         1Mi             \n');
    expect(k('kubectl top pod -A').out).toBe('NAMESPACE   NAME   CPU(cores)   MEMORY(bytes)   \ndefault     busy   500m         1Mi             \n');
    expect(k('kubectl top -n kube-system pods').err).toBe('No resources found in kube-system namespace.\n');
    expect(k('kubectl top pod --sort-by=name').err).toBe('error: --sort-by accepts only cpu or memory\n');
    expect(k('kubectl top pods -n kube-system').err).toBe('No resources found in kube-system namespace.\n');
    const node = k('kubectl top node').out.split('\n');
    expect(node[0]).toBe('NAME           CPU(cores)   CPU(%)   MEMORY(bytes)   MEMORY(%)   ');
    expect(node[1]).toBe('controlplane   140m         7%       690Mi           16%         ');
    expect(node.filter((l) => /^node0\d   +525m +26% +211Mi +5% +$/.test(l))).toHaveLength(1);
  });

  it('an old pod without metrics reports its age', () => {
    const c = new Cluster();
    const k = kubectlOn(c);
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'stuck', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox:1.28', command: ['sleep', '3600'] }], nodeSelector: { none: 'x' } } });
    c.advance(150_000);
    expect(k('kubectl top pod').err).toBe('error: Metrics not available for pod default/stuck, age: 2m30s\n');
  });
});

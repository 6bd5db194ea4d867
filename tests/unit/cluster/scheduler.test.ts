import { describe, it, expect } from 'vitest';
import { Cluster } from '~/cluster/cluster';

const pod = (name: string, extra: any = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox:1.28', command: ['sleep', '600'], ...extra }] } });

describe('scheduler', () => {
  it('binds to ready worker nodes, never the tainted control-plane node', () => {
    const c = new Cluster();
    for (let i = 0; i < 6; i++) c.api.create(pod(`p${i}`));
    c.advance(100);
    const nodes = c.store.list('Pod').map((p) => p.spec.nodeName);
    expect(nodes.every((n) => n === 'node01' || n === 'node02')).toBe(true);
    const ev = c.store.list('Event').find((e) => e.reason === 'Scheduled');
    expect(ev?.message).toMatch(/^Successfully assigned default\/p\d to node0[12]$/);
  });

  it('reports FailedScheduling with the aggregated message when nothing fits', () => {
    const c = new Cluster();
    c.api.create(pod('big', { resources: { requests: { cpu: '3' } } }));
    c.advance(100);
    const p = c.store.get('Pod', 'default', 'big')!;
    expect(p.spec.nodeName).toBeUndefined();
    const cond = p.status.conditions.find((x: any) => x.type === 'PodScheduled');
    expect(cond).toMatchObject({ status: 'False', reason: 'Unschedulable' });
    expect(cond.message).toBe('0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.');
  });

  it('honours nodeSelector', () => {
    const c = new Cluster();
    const p = pod('sel');
    (p.spec as any).nodeSelector = { 'kubernetes.io/hostname': 'node02' };
    c.api.create(p);
    c.advance(100);
    expect(c.store.get('Pod', 'default', 'sel')!.spec.nodeName).toBe('node02');
  });
});

describe('scheduler: affinity', () => {
  const mk = (name: string, labels: Record<string, string>, affinity?: any) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default', labels },
    spec: { containers: [{ name: 'c', image: 'busybox:1.28', command: ['sleep', '600'] }], ...(affinity ? { affinity } : {}) },
  });
  const anti = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'web' } }, topologyKey: 'kubernetes.io/hostname' }] } };

  it('required anti-affinity spreads replicas one per node, and the third finds no node', () => {
    const c = new Cluster();
    for (const n of ['w1', 'w2', 'w3']) c.api.create(mk(n, { app: 'web' }, anti));
    c.advance(100);
    const nodes = ['w1', 'w2', 'w3'].map((n) => c.store.get('Pod', 'default', n)!.spec.nodeName);
    expect(new Set(nodes.filter(Boolean)).size).toBe(2);
    const pending = ['w1', 'w2', 'w3'].map((n) => c.store.get('Pod', 'default', n)!).find((p) => !p.spec.nodeName)!;
    expect(pending.status.conditions.find((x: any) => x.type === 'PodScheduled').message).toBe(
      "0/3 nodes are available: 1 node(s) had untolerated taint {node-role.kubernetes.io/control-plane: }, 2 node(s) didn't match pod anti-affinity rules. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.",
    );
  });

  it('required pod affinity co-locates with the matching pod; node affinity picks labelled nodes', () => {
    const c = new Cluster({ nodes: [{ name: 'controlplane', controlPlane: true }, { name: 'node01' }, { name: 'node02', labels: { disktype: 'ssd' } }] });
    c.api.create(mk('db', { app: 'db' }, { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'disktype', operator: 'In', values: ['ssd'] }] }] } } }));
    c.advance(100);
    expect(c.store.get('Pod', 'default', 'db')!.spec.nodeName).toBe('node02');
    c.api.create(mk('cache', { app: 'cache' }, { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { app: 'db' } }, topologyKey: 'kubernetes.io/hostname' }] } }));
    c.advance(100);
    expect(c.store.get('Pod', 'default', 'cache')!.spec.nodeName).toBe('node02');
  });
});

import { describe, it, expect } from 'vitest';
import { Cluster } from '~/cluster/cluster';
import { deploy, events, pending, poolCluster, poolNodes, scale, secs, until } from './harness';

/** Scale up to 3 pool nodes (3 pods of 1500m), everything bound by t≈71 s. */
function grown(): Cluster {
  const c = poolCluster();
  deploy(c, 3);
  until(c, () => poolNodes(c).length === 3 && pending(c).length === 0);
  return c;
}

describe('cluster-autoscaler scale-down', () => {
  it('removes a node exactly 10 min after it became unneeded, not before, down to min', () => {
    const c = grown();
    c.advance(15 * 60_000); // well past scale-down-delay-after-add
    const t0 = c.now();
    scale(c, 1);
    // The next scan finds two nodes empty (unneeded); they go 10 minutes after that scan.
    const firstScan = Math.ceil((t0 + 1) / 10_000) * 10_000;
    c.advance(firstScan - t0 + 10 * 60_000 - 10_000);
    expect(poolNodes(c)).toHaveLength(3);
    c.advance(10_000);
    expect(poolNodes(c)).toHaveLength(1);
    const removed = events(c, 'ScaleDown').filter((e) => e.message === 'node removed by cluster autoscaler');
    expect(removed).toHaveLength(2);
    expect(secs(c, removed[0]!.at) * 1000).toBe(firstScan + 10 * 60_000);
    expect(events(c, 'ScaleDown').filter((e) => e.message === 'marked the node as toBeDeleted/unschedulable')).toHaveLength(2);
    expect(events(c, 'ScaleDownEmpty').map((e) => e.message)[0]).toMatch(/^Scale-down: removing empty node "pool-1-\w{5}"$/);
    // min 1: the last node stays however long it idles; the control plane is never touched.
    scale(c, 0);
    c.advance(30 * 60_000);
    expect(poolNodes(c)).toHaveLength(1);
    expect(c.store.get('Node', undefined, 'controlplane')).toBeDefined();
  });

  it('waits out scale-down-delay-after-add (10 min after the scale-up)', () => {
    const c = grown(); // scale-up at t=10 s
    scale(c, 1); // t≈71 s: two nodes unneeded from the scan at 80 s
    c.advance(1000);
    const at = until(c, () => poolNodes(c).length === 1, 3600);
    expect(at).toBe(680); // unneeded at 80 s + 10 min, which is also after 10 s + 10 min
  });

  it('drains an under-utilised node through the eviction API; the pod moves, the node goes', () => {
    const c = poolCluster();
    for (const n of ['a', 'b', 'c']) deploy(c, 1, '900m', n); // a, b fill the first node; c needs a second
    until(c, () => pending(c).length === 0 && poolNodes(c).length === 2);
    c.advance(15 * 60_000);
    c.api.delete('Deployment', 'default', 'b'); // both nodes now at 45%: either one's pod fits the other
    c.advance(11 * 60_000);
    expect(poolNodes(c)).toHaveLength(1);
    const drained = events(c, 'ScaleDown').filter((e) => e.message === 'deleting pod for node scale down');
    expect(drained).toHaveLength(1);
    expect(events(c, 'ScaleDown').map((e) => e.message)).toContain('node removed by cluster autoscaler');
    expect(c.store.list('ConfigMap', 'kube-system').length).toBeGreaterThan(0);
    const log = events(c, 'ScaleDown').filter((e) => e.object.startsWith('ConfigMap/'));
    expect(log[0]!.message).toMatch(/^Scale-down: removing node pool-1-\w{5}, utilization: \{0\.45 0 0 0 cpu 0\.45\}, pods to reschedule: [ac]-/);
    c.advance(60_000);
    expect(pending(c)).toHaveLength(0);
    expect(c.store.list('Pod').filter((p) => p.status.phase === 'Running')).toHaveLength(2);
  });

  it('a PodDisruptionBudget allowing no disruption keeps the node', () => {
    const c = poolCluster();
    for (const n of ['a', 'b', 'c']) deploy(c, 1, '900m', n);
    until(c, () => pending(c).length === 0 && poolNodes(c).length === 2);
    for (const n of ['a', 'c']) c.api.create({ apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: n, namespace: 'default' }, spec: { minAvailable: 1, selector: { matchLabels: { app: n } } } });
    c.api.delete('Deployment', 'default', 'b');
    c.advance(30 * 60_000);
    expect(poolNodes(c)).toHaveLength(2);
    expect(events(c, 'ScaleDown')).toEqual([]);
  });
});

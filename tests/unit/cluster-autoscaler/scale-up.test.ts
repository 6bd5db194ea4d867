import { describe, it, expect } from 'vitest';
import { Cluster } from '~/cluster/cluster';
import { deploy, events, pending, poolCluster, poolNodes, readyPoolNodes, secs, until } from './harness';

describe('cluster-autoscaler scale-up', () => {
  it('is off unless configured', () => {
    const c = new Cluster({ nodes: 2 });
    c.advance(60_000);
    expect(c.store.get('ConfigMap', 'kube-system', 'cluster-autoscaler-status')).toBeUndefined();
    expect(c.store.list('Node').map((n) => n.metadata.name)).toEqual(['controlplane', 'node01']);
  });

  it('starts the pool at min size, nodes named after the group and labelled', () => {
    const c = poolCluster();
    const nodes = poolNodes(c);
    expect(nodes).toHaveLength(1);
    expect(nodes[0]!.metadata.name).toMatch(/^pool-1-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(nodes[0]!.status.allocatable.cpu).toBe('2');
  });

  it('grows the group at the first scan after pods turn unschedulable, with the real event text', () => {
    const c = poolCluster();
    deploy(c, 3);
    c.advance(1000);
    expect(pending(c)).toHaveLength(2);
    c.advance(8000); // t=9s: no scan yet
    expect(events(c, 'TriggeredScaleUp')).toEqual([]);
    c.advance(1000); // t=10s: the first scan
    const ev = events(c, 'TriggeredScaleUp');
    expect(ev).toHaveLength(2);
    expect(ev[0]!.message).toBe('pod triggered scale-up: [{pool-1 1->3 (max: 5)}]');
    expect(secs(c, ev[0]!.at)).toBe(10);
    expect(events(c, 'ScaledUpGroup').map((e) => e.message)).toEqual(['Scale-up: setting group pool-1 size to 3 instead of 1 (max: 5)', 'Scale-up: group pool-1 size set to 3 instead of 1 (max: 5)']);
  });

  it('registers the new nodes NotReady after 40 s, Ready 20 s later; then the scheduler binds the pods', () => {
    const c = poolCluster();
    deploy(c, 3);
    const registered = until(c, () => poolNodes(c).length === 3);
    expect(registered).toBe(50);
    expect(readyPoolNodes(c)).toHaveLength(1);
    expect(pending(c)).toHaveLength(2);
    const ready = until(c, () => readyPoolNodes(c).length === 3);
    expect(ready).toBe(70);
    c.advance(1000);
    expect(pending(c)).toHaveLength(0);
    // No second scale-up while the nodes were on their way.
    expect(events(c, 'TriggeredScaleUp').every((e) => e.count === 1 && secs(c, e.at) === 10)).toBe(true);
  });

  it('respects max: what cannot fit gets NotTriggerScaleUp "max node group size reached"', () => {
    const c = poolCluster(3);
    deploy(c, 5);
    c.advance(10_000);
    expect(events(c, 'TriggeredScaleUp')[0]!.message).toBe('pod triggered scale-up: [{pool-1 1->3 (max: 3)}]');
    c.advance(10_000);
    const not = events(c, 'NotTriggerScaleUp');
    expect(not).toHaveLength(2);
    expect(not[0]!.message).toBe("pod didn't trigger scale-up: 1 max node group size reached");
    c.advance(10 * 60_000);
    expect(poolNodes(c)).toHaveLength(3);
    expect(pending(c)).toHaveLength(2);
  });

  it('a pod no new node could hold: NotTriggerScaleUp with the scheduler reason', () => {
    const c = poolCluster();
    deploy(c, 1, '3');
    c.advance(10_000);
    expect(events(c, 'NotTriggerScaleUp').map((e) => e.message)).toEqual(["pod didn't trigger scale-up: 1 Insufficient cpu"]);
    c.advance(60_000);
    expect(events(c, 'NotTriggerScaleUp')[0]!.count).toBe(7); // every 10 s scan, aggregated
    expect(poolNodes(c)).toHaveLength(1);
  });

  it('is deterministic for a seed', () => {
    const run = () => {
      const c = poolCluster(5, {}, 11);
      deploy(c, 4);
      c.advance(120_000);
      return [poolNodes(c).map((n) => n.metadata.name), c.store.list('Event').map((e) => `${e.firstTimestamp} ${e.reason} ${e.message}`)];
    };
    expect(run()).toEqual(run());
  });
});

describe('cluster-autoscaler in scenario files', () => {
  it('parses cluster.autoscaler and rejects a bad group', async () => {
    const { parseScenario } = await import('~/scenario/scenario');
    const sc = parseScenario('cluster:\n  nodes: 1\n  autoscaler:\n    nodeGroups:\n      - {name: pool-1, min: 1, max: 3, cpu: "2", memory: 4Gi}\nsteps: []\n');
    expect(sc.cluster.autoscaler).toEqual({ nodeGroups: [{ name: 'pool-1', min: 1, max: 3, cpu: '2', memory: '4Gi' }] });
    expect(() => parseScenario('cluster:\n  autoscaler:\n    nodeGroups:\n      - {name: pool-1, min: 4, max: 3}\nsteps: []\n')).toThrow(/min <= max/);
  });

  it('a pod whose nodeSelector no group offers: NotTriggerScaleUp with the selector reason', () => {
    const c = poolCluster();
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'gpu', namespace: 'default' }, spec: { nodeSelector: { accelerator: 'nvidia' }, containers: [{ name: 'c', image: 'nginx' }] } });
    c.advance(10_000);
    expect(events(c, 'NotTriggerScaleUp').map((e) => e.message)).toEqual(["pod didn't trigger scale-up: 1 node(s) didn't match Pod's node affinity/selector"]);
  });
});

import { describe, it, expect } from 'vitest';
import { Cluster } from '~/cluster/cluster';
import { TerminalSession } from '~/kubectl/session';

function run(line: string, advanceMs = 0): string {
  const c = new Cluster();
  c.advance(advanceMs);
  let out = '';
  new TerminalSession(c, { read: () => undefined, list: () => [] }, { write: (t: string) => (out += t) }).runLine(line);
  return out;
}

describe('kubectl api-resources', () => {
  it('aligns columns and lists core, then apps, autoscaling, batch, policy, coordination, discovery', () => {
    const lines = run('kubectl api-resources').trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME {2,}SHORTNAMES {3}APIVERSION {2,}NAMESPACED {3}KIND$/);
    expect(lines.every((l) => !l.includes('\t'))).toBe(true);
    const order = lines.slice(1).map((l) => l.split(/\s+/)[0]);
    expect(order.indexOf('services')).toBeLessThan(order.indexOf('daemonsets'));
    expect(order.indexOf('replicasets')).toBeLessThan(order.indexOf('horizontalpodautoscalers'));
    expect(order.indexOf('horizontalpodautoscalers')).toBeLessThan(order.indexOf('cronjobs'));
    expect(order.indexOf('jobs')).toBeLessThan(order.indexOf('poddisruptionbudgets'));
    expect(order.indexOf('leases')).toBeLessThan(order.indexOf('endpointslices'));
  });

  it('serves the kubelets\' node leases', () => {
    expect(run('kubectl get leases -n kube-node-lease', 15_000)).toMatch(/^NAME\s+HOLDER\s+AGE\ncontrolplane\s+controlplane\s+15s\nnode01\s+node01\s+15s\n/);
  });
});

import { describe, it, expect } from 'vitest';
import { Cluster } from '~/cluster/cluster';
import { TerminalSession } from '~/kubectl/session';

const web = (replicas: number) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }] } } },
});

function lab(replicas: number) {
  const c = new Cluster();
  let out = '';
  const s = new TerminalSession(c, { read: () => undefined, list: () => [] }, { write: (t: string) => (out += t) });
  c.api.create(web(replicas));
  s.runLine('kubectl expose deployment web --port=80 --target-port=80');
  c.advance(20_000);
  const run = (line: string) => {
    out = '';
    s.runLine(line);
    return out;
  };
  return { c, run };
}

describe('EndpointSlice', () => {
  it('mirrors the Service pods with the controller labels, an owner reference, and conditions', () => {
    const { c } = lab(2);
    const [slice] = c.store.list('EndpointSlice', 'default');
    expect(slice!.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(slice!.metadata.labels).toMatchObject({ 'kubernetes.io/service-name': 'web', 'endpointslice.kubernetes.io/managed-by': 'endpointslice-controller.k8s.io' });
    expect(slice!.metadata.ownerReferences?.[0]).toMatchObject({ kind: 'Service', name: 'web', controller: true });
    expect(slice!.endpoints).toHaveLength(2);
    expect(slice!.endpoints[0].conditions).toEqual({ ready: true, serving: true, terminating: false });
    expect(slice!.ports).toEqual([{ name: '', port: 80, protocol: 'TCP' }]);
  });

  it('keeps a terminating pod listed as terminating, where Endpoints drops it', () => {
    const { c } = lab(1);
    const pod = c.store.list('Pod', 'default')[0]!;
    c.api.delete('Pod', 'default', pod.metadata.name);
    c.advance(100);
    const [slice] = c.store.list('EndpointSlice', 'default');
    const ep = slice!.endpoints.find((e: any) => e.targetRef.name === pod.metadata.name);
    expect(ep?.conditions.terminating).toBe(true);
    expect(ep?.conditions.ready).toBe(false);
    expect(c.store.get('Endpoints', 'default', 'web')?.subsets?.[0]?.addresses?.some((a: any) => a.targetRef.name === pod.metadata.name)).toBeFalsy();
  });

  it('prints the first three endpoints then "+ N more..." and goes with its Service', () => {
    const { c, run } = lab(4);
    expect(run('kubectl get endpointslices')).toMatch(/^NAME\s+ADDRESSTYPE\s+PORTS\s+ENDPOINTS\s+AGE\nweb-\S+\s+IPv4\s+80\s+\S+,\S+,\S+ \+ 1 more\.\.\.\s+20s\n$/);
    run('kubectl delete service web');
    c.advance(1000);
    expect(c.store.list('EndpointSlice', 'default')).toHaveLength(0);
  });
});

describe('describe pdb, endpoints, endpointslice', () => {
  it('prints a PodDisruptionBudget as kubectl does', () => {
    const { c, run } = lab(4);
    run('kubectl create pdb web --selector=app=web --min-available=3');
    c.advance(1000);
    expect(run('kubectl describe pdb web')).toBe(
      ['Name:           web', 'Namespace:      default', 'Min available:  3', 'Selector:       app=web', 'Status:', '    Allowed disruptions:  1', '    Current:              4', '    Desired:              3', '    Total:                4', 'Events:                   <none>', ''].join('\n'),
    );
  });

  it('prints Endpoints subsets and slice endpoints', () => {
    const { run } = lab(1);
    expect(run('kubectl describe endpoints web')).toMatch(/Subsets:\n  Addresses:\s+10\.244\.\d+\.\d+\n  NotReadyAddresses:\s+<none>\n  Ports:\n    Name\s+Port\s+Protocol\n    ----\s+----\s+--------\n    <unset>\s+80\s+TCP\n\nEvents:  <none>\n$/);
    expect(run('kubectl describe endpointslices')).toMatch(/AddressType:\s+IPv4\nPorts:\n  Name\s+Port\s+Protocol\n[\s\S]*Endpoints:\n  - Addresses:\s+10\.244\.\d+\.\d+\n    Conditions:\n      Ready:\s+true\n    Hostname:\s+<unset>\n    TargetRef:\s+Pod\/web-/);
  });
});

describe('scheduler scoring', () => {
  it('spreads BestEffort replicas: empty requests count as 100m / 200MB when scoring', () => {
    const { c } = lab(4);
    const perNode = new Map<string, number>();
    for (const p of c.store.list('Pod', 'default')) perNode.set(p.spec.nodeName, (perNode.get(p.spec.nodeName) ?? 0) + 1);
    expect([...perNode.values()]).toEqual([2, 2]);
  });
});

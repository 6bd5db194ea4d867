import { describe, it, expect } from 'vitest';
import { Cluster } from '~/cluster/cluster';
import type { KObject } from '~/cluster/objects';
import { NODE_MONITOR_GRACE_PERIOD_MS } from '~/cluster/controllers/node-lifecycle';
import { TerminalSession } from '~/kubectl/session';

const deploy = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
};

const node = (c: Cluster, name = 'node01') => c.store.get('Node', undefined, name)!;
const cond = (n: KObject, type: string) => n.status.conditions.find((x: any) => x.type === type);
const taints = (n: KObject) => (n.spec.taints ?? []).map((t: any) => `${t.key}:${t.effect}`);
const podsOn = (c: Cluster, name: string) => c.store.list('Pod').filter((p) => p.spec?.nodeName === name);

/** Advance second by second until `pred` holds; returns the virtual ms it took. */
function until(c: Cluster, pred: () => boolean, maxMs: number): number {
  const start = c.now();
  while (!pred()) {
    if (c.now() - start > maxMs) throw new Error(`condition not met within ${maxMs} ms`);
    c.advance(1000);
  }
  return c.now() - start;
}

describe('kubelet heartbeats', () => {
  it('renews a Lease in kube-node-lease every 10 s', () => {
    const c = new Cluster();
    c.settle();
    const lease = c.store.get('Lease', 'kube-node-lease', 'node01')!;
    expect(lease.spec).toMatchObject({ holderIdentity: 'node01', leaseDurationSeconds: 40 });
    const first = lease.spec.renewTime;
    c.advance(10_000);
    expect(c.store.get('Lease', 'kube-node-lease', 'node01')!.spec.renewTime).not.toBe(first);
    expect(cond(node(c), 'Ready')).toMatchObject({ status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' });
  });

  it('stops renewing while the kubelet is stopped', () => {
    const c = new Cluster();
    c.advance(5_000);
    c.kubelets.get('node01')!.stop();
    const t = c.store.get('Lease', 'kube-node-lease', 'node01')!.spec.renewTime;
    c.advance(30_000);
    expect(c.store.get('Lease', 'kube-node-lease', 'node01')!.spec.renewTime).toBe(t);
    expect(c.store.get('Lease', 'kube-node-lease', 'node02')!.spec.renewTime).not.toBe(t);
  });
});

describe('node lifecycle controller', () => {
  it('marks the node NotReady after the grace period, taints it, and evicts pods 300 s later', () => {
    const c = new Cluster();
    c.api.create(deploy as any);
    c.advance(30_000);
    const victims = podsOn(c, 'node01').map((p) => p.metadata.name);
    expect(victims.length).toBeGreaterThan(0);
    c.kubelets.get('node01')!.stop();

    // Last lease renewal was at t=30 s; NotReady once the 50 s grace period has passed, at the next 5 s monitor pass.
    const notReadyAfter = until(c, () => cond(node(c), 'Ready').status !== 'True', 120_000);
    expect(notReadyAfter).toBeGreaterThan(NODE_MONITOR_GRACE_PERIOD_MS);
    expect(notReadyAfter).toBeLessThanOrEqual(NODE_MONITOR_GRACE_PERIOD_MS + 10_000);
    for (const t of ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'])
      expect(cond(node(c), t)).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    expect(taints(node(c))).toContain('node.kubernetes.io/unreachable:NoSchedule');
    for (const p of podsOn(c, 'node01')) expect(cond(p, 'Ready').status).toBe('False');
    const ev = c.store.list('Event').find((e) => e.reason === 'NodeNotReady' && e.involvedObject.kind === 'Node');
    expect(ev).toMatchObject({ type: 'Normal', message: 'Node node01 status is now: NodeNotReady', source: { component: 'node-controller' } });

    // The NoExecute taint follows on the next monitor pass (processTaintBaseEviction sees Unknown).
    const taintAfter = until(c, () => taints(node(c)).includes('node.kubernetes.io/unreachable:NoExecute'), 10_000);
    expect(taintAfter).toBeLessThanOrEqual(5_000);
    const tainted = c.now();

    // DefaultTolerationSeconds: 300 s before the taint eviction controller deletes the pods.
    c.advance(299_000);
    expect(podsOn(c, 'node01').every((p) => !p.metadata.deletionTimestamp)).toBe(true);
    until(c, () => podsOn(c, 'node01').every((p) => !!p.metadata.deletionTimestamp), 5_000);
    expect(c.now() - tainted).toBeGreaterThanOrEqual(300_000);
    expect(c.now() - tainted).toBeLessThanOrEqual(301_000);
    const evictions = c.store.list('Event').filter((e) => e.reason === 'TaintManagerEviction');
    expect(evictions.map((e) => e.message).sort()).toEqual(victims.map((n) => `Marking for deletion Pod default/${n}`).sort());

    // The ReplicaSet replaces them elsewhere; the originals stay Terminating (no kubelet to confirm).
    c.advance(30_000);
    const live = c.store.list('Pod').filter((p) => !p.metadata.deletionTimestamp);
    expect(live.length).toBe(2);
    expect(live.every((p) => p.spec.nodeName === 'node02')).toBe(true);
    expect(podsOn(c, 'node01').map((p) => p.metadata.name).sort()).toEqual([...victims].sort());
  });

  it('recovers when the kubelet starts again: Ready, taints removed, terminating pods finalized', () => {
    const c = new Cluster();
    c.api.create(deploy as any);
    c.advance(30_000);
    const k = c.kubelets.get('node01')!;
    k.stop();
    c.advance(420_000);
    expect(podsOn(c, 'node01').length).toBeGreaterThan(0);
    k.start();
    c.settle();
    expect(cond(node(c), 'Ready')).toMatchObject({ status: 'True', reason: 'KubeletReady' });
    until(c, () => taints(node(c)).length === 0, 6_000);
    until(c, () => podsOn(c, 'node01').length === 0, 60_000);
    const reasons = c.store.list('Event').filter((e) => e.involvedObject.kind === 'Node' && e.source?.component === 'kubelet').map((e) => e.reason);
    expect(reasons).toEqual(expect.arrayContaining(['Starting', 'NodeReady']));
  });

  it('keeps containers running while only the kubelet is down', () => {
    const c = new Cluster();
    c.api.create(deploy as any);
    c.advance(30_000);
    const pod = podsOn(c, 'node01')[0]!;
    c.kubelets.get('node01')!.stop();
    c.advance(120_000);
    const w = c.workerFor(pod)!;
    expect(w.records.every((r) => r.current?.state === 'running')).toBe(true);
  });
});

describe('kubectl and ssh', () => {
  it('get nodes prints NotReady for Ready=Unknown; ssh node01 runs systemctl', () => {
    const c = new Cluster();
    let out = '';
    const s = new TerminalSession(c, { read: () => undefined, list: () => [] }, { write: (t) => (out += t) });
    s.runLine('ssh node01');
    expect(out).toBe('root@node01:~# ');
    expect(s.interactive).toBe(true);
    s.runLine('systemctl stop kubelet');
    s.runLine('systemctl status kubelet');
    expect(out).toContain('Active: inactive (dead)');
    s.runLine('exit');
    expect(out).toContain('logout\nConnection to node01 closed.\n');
    expect(s.busy).toBe(false);
    expect(s.exitCode).toBe(3);
    c.advance(70_000);
    out = '';
    s.runLine('kubectl get nodes');
    expect(out).toMatch(/node01\s+NotReady\s/);
    out = '';
    s.runLine('ssh nosuchnode');
    expect(out).toBe('ssh: Could not resolve hostname nosuchnode: Name or service not known\n');
  });
});

describe('a stopped kubelet answers no logs, exec or attach', () => {
  it('fails them with the API server\'s dial errors, and serves them again once started', () => {
    const c = new Cluster();
    let out = '';
    const s = new TerminalSession(c, { read: () => undefined, list: () => [] }, { write: (t: string) => (out += t) });
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'solo', namespace: 'default' }, spec: { nodeName: 'node01', containers: [{ name: 'c', image: 'busybox:1.28', command: ['sh', '-c', 'echo hello; sleep 3600'] }] } });
    c.advance(10_000);
    const run = (line: string) => {
      out = '';
      s.runLine(line);
      return out;
    };
    expect(run('kubectl logs solo')).toBe('hello\n');
    c.kubelets.get('node01')!.stop();
    expect(run('kubectl logs solo')).toBe('Error from server: Get "https://172.18.0.3:10250/containerLogs/default/solo/c": dial tcp 172.18.0.3:10250: connect: connection refused\n');
    expect(run('kubectl exec solo -- echo hi')).toBe('Error from server: error dialing backend: dial tcp 172.18.0.3:10250: connect: connection refused\n');
    c.kubelets.get('node01')!.start();
    expect(run('kubectl exec solo -- echo hi')).toBe('hi\n');
  });
});

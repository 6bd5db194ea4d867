import { describe, it, expect } from 'vitest';
import { Cluster } from '~/cluster/cluster';

/** A node-debug pod as `kubectl debug node/NAME` creates it, running a shell we can type into. */
function nodeShell(c: Cluster, node: string) {
  c.api.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'node-debugger', namespace: 'default' },
    spec: { nodeName: node, hostPID: true, hostNetwork: true, restartPolicy: 'Never', volumes: [{ name: 'host-root', hostPath: { path: '/' } }], containers: [{ name: 'debugger', image: 'busybox:1.28', stdin: true, tty: true, volumeMounts: [{ name: 'host-root', mountPath: '/host' }] }] },
  });
  c.advance(5000);
  const w = c.workerFor(c.store.get('Pod', 'default', 'node-debugger')!)!;
  let out = '';
  const a = w.attach('debugger', { stdout: (t) => (out += t), stderr: (t) => (out += t) }, () => {})!;
  return (line: string) => {
    out = '';
    a.writeStdin(line + '\n');
    c.advance(500);
    return out;
  };
}

describe('the pod sandbox (pause container)', () => {
  it('crictl pods shows one sandbox per pod; crictl ps shows no pause containers', () => {
    const c = new Cluster();
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { nodeName: 'node01', containers: [{ name: 'nginx', image: 'nginx:1.27' }] } });
    c.advance(15_000);
    const sh = nodeShell(c, 'node01');
    const pods = sh('crictl pods');
    expect(pods).toMatch(/^POD ID\s+CREATED\s+STATE\s+NAME\s+NAMESPACE\s+ATTEMPT\s+RUNTIME/);
    expect(pods).toMatch(/\s\d+ seconds ago\s+Ready\s+web\s+default\s+0\s+\(default\)/);
    const ps = sh('crictl ps');
    expect(ps).toMatch(/Running\s+nginx\s+0/);
    expect(ps).not.toContain('pause');
    const procs = sh('ps');
    expect(procs.match(/ \/pause\n/g)?.length).toBe(2); // web's sandbox and the debug pod's own
    expect(procs).toContain('nginx -g daemon off;');
  });

  it('keeps the pod IP across container restarts: the IP belongs to the sandbox', () => {
    const c = new Cluster();
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'crash', namespace: 'default' }, spec: { containers: [{ name: 'app', image: 'busybox:1.28', command: ['sh', '-c', 'sleep 2; exit 1'] }] } });
    c.advance(5000);
    const ip = c.store.get('Pod', 'default', 'crash')!.status.podIP;
    c.advance(120_000);
    const p = c.store.get('Pod', 'default', 'crash')!;
    expect(p.status.containerStatuses[0].restartCount).toBeGreaterThanOrEqual(3);
    expect(p.status.podIP).toBe(ip);
  });
});

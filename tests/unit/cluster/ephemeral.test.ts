import { describe, it, expect } from 'vitest';
import { Cluster } from '~/cluster/cluster';
import { printPod } from '~/kubectl/printers/pod';

function setup(extra: any = {}) {
  const c = new Cluster();
  c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { containers: [{ name: 'app', image: 'busybox:1.28', command: ['sleep', '3600'] }], ...extra } });
  c.advance(10_000);
  return c;
}

function debugAndRun(c: Cluster, target: string | undefined, line: string): string {
  c.api.addEphemeralContainer('default', 'web', { name: 'debugger', image: 'busybox:1.28', stdin: true, tty: true, ...(target ? { targetContainerName: target } : {}) });
  c.advance(5000);
  const w = c.workerFor(c.store.get('Pod', 'default', 'web')!)!;
  let out = '';
  const a = w.attach('debugger', { stdout: (t) => (out += t), stderr: (t) => (out += t) }, () => {})!;
  expect(a).not.toBeNull();
  a.writeStdin(line + '\n');
  c.advance(1000);
  return out;
}

describe('ephemeral containers', () => {
  it('can only be added through the subresource, and are never created with the pod', () => {
    const c = new Cluster();
    expect(() => c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'x', namespace: 'default' }, spec: { containers: [{ name: 'a', image: 'busybox' }], ephemeralContainers: [{ name: 'd', image: 'busybox' }] } })).toThrow('spec.ephemeralContainers: Forbidden: cannot be set on create');
  });

  it('--target shares the target container\'s process namespace', () => {
    const c = setup();
    const out = debugAndRun(c, 'app', 'ps');
    expect(out).toMatch(/\s1 root\s+0:00 sleep 3600/);
    expect(out).toMatch(/\s2 root\s+0:00 sh/);
  });

  it('without --target it sees only its own processes', () => {
    const c = setup();
    const out = debugAndRun(c, undefined, 'ps');
    expect(out).not.toContain('sleep 3600');
    expect(out).toMatch(/\s1 root\s+0:00 sh/);
  });

  it('shareProcessNamespace: the pause process is PID 1 for every container', () => {
    const c = setup({ shareProcessNamespace: true });
    const out = debugAndRun(c, undefined, 'ps');
    expect(out).toMatch(/\s1 65535\s+0:00 \/pause/);
    expect(out).toContain('sleep 3600');
  });

  it('is reported in ephemeralContainerStatuses and not counted in READY', () => {
    const c = setup();
    debugAndRun(c, 'app', 'true');
    const p = c.store.get('Pod', 'default', 'web')!;
    expect(p.status.ephemeralContainerStatuses?.[0]?.name).toBe('debugger');
    expect(printPod(p, c.epochMs + c.now()).READY).toBe('1/1');
    expect(() => c.api.addEphemeralContainer('default', 'web', { name: 'debugger', image: 'busybox' })).toThrow('Duplicate value');
  });
});

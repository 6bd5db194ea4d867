import { describe, it, expect } from 'vitest';
import { Cluster } from '~/cluster/cluster';
import { printPod } from '~/kubectl/printers/pod';

function initPod(cmd1: string, cmd2: string, restartPolicy = 'Always') {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default' },
    spec: {
      restartPolicy,
      initContainers: [
        { name: 'one', image: 'busybox:1.28', command: ['sh', '-c', cmd1] },
        { name: 'two', image: 'busybox:1.28', command: ['sh', '-c', cmd2] },
      ],
      containers: [{ name: 'app', image: 'busybox:1.28', command: ['sh', '-c', 'echo started; sleep 3600'] }],
    },
  };
}

/** STATUS every 500 ms, collapsing repeats: the sequence `kubectl get pods -w` would show. */
function statusSequence(c: Cluster, ms: number): string[] {
  const seq: string[] = [];
  for (let t = 0; t <= ms; t += 500) {
    const p = c.store.get('Pod', 'default', 'p');
    const s = p ? printPod(p, c.epochMs + c.now()).STATUS : '<gone>';
    if (seq[seq.length - 1] !== s) seq.push(s);
    c.advance(500);
  }
  return seq;
}

describe('kubelet', () => {
  it('runs the sandbox, then init containers strictly in order, then the app', () => {
    const c = new Cluster();
    c.api.create(initPod('sleep 3', 'sleep 2'));
    expect(statusSequence(c, 20_000)).toEqual(['Pending', 'Init:0/2', 'Init:1/2', 'PodInitializing', 'Running']);
    const w = c.workerFor(c.store.get('Pod', 'default', 'p')!)!;
    const one = w.record('one')!.current!;
    const two = w.record('two')!.current!;
    const app = w.record('app')!.current!;
    expect(one.finishedAt! - one.startedAt).toBe(3000);
    expect(two.startedAt).toBeGreaterThanOrEqual(one.finishedAt!);
    expect(app.startedAt).toBeGreaterThanOrEqual(two.finishedAt!);
    expect(app.logs.map((l) => l.text)).toEqual(['started']);
    const p = c.store.get('Pod', 'default', 'p')!;
    expect(p.status.podIP).toMatch(/^10\.244\.\d+\.\d+$/);
    expect(p.status.conditions.map((x: any) => `${x.type}=${x.status}`)).toEqual(['PodReadyToStartContainers=True', 'Initialized=True', 'Ready=True', 'ContainersReady=True', 'PodScheduled=True']);
  });

  it('retries a failing init container with back-off (restartPolicy Always)', () => {
    const c = new Cluster();
    c.api.create(initPod('exit 1', 'true'));
    const seq = statusSequence(c, 60_000);
    expect(seq.slice(0, 3)).toEqual(['Pending', 'Init:0/2', 'Init:Error']);
    expect(seq).toContain('Init:CrashLoopBackOff');
    const w = c.workerFor(c.store.get('Pod', 'default', 'p')!)!;
    expect(w.record('two')!.current).toBeUndefined();
    expect(w.record('one')!.restartCount).toBeGreaterThanOrEqual(2);
  });

  it('fails the pod on the first init failure with restartPolicy Never', () => {
    const c = new Cluster();
    c.api.create(initPod('exit 2', 'true', 'Never'));
    const seq = statusSequence(c, 30_000);
    expect(seq).toEqual(['Pending', 'Init:0/2', 'Init:Error']);
    const p = c.store.get('Pod', 'default', 'p')!;
    expect(p.status.phase).toBe('Failed');
    expect(p.status.initContainerStatuses[0].restartCount).toBe(0);
  });

  it('restarts a crashing app container after 10 s, 20 s, 40 s of back-off (plus sync latency)', () => {
    const c = new Cluster();
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'app', image: 'busybox:1.28', command: ['sh', '-c', 'exit 1'] }] } });
    const starts: number[] = [];
    let last: unknown;
    for (let t = 0; t < 200_000; t += 100) {
      const p = c.store.get('Pod', 'default', 'p');
      const w = p && c.workerFor(p);
      const cur = w?.record('app')?.current;
      if (cur && cur !== last) {
        starts.push(cur.startedAt);
        last = cur;
      }
      c.advance(100);
    }
    const gaps = starts.slice(1).map((s, i) => (s - starts[i]!) / 1000);
    // first restart at once (within a relist), then ≥ 10, 20, 40, 80 s apart
    expect(gaps[0]).toBeLessThan(2);
    for (const [i, min] of [10, 20, 40].entries()) {
      expect(gaps[i + 1]).toBeGreaterThanOrEqual(min);
      expect(gaps[i + 1]).toBeLessThan(min + 17);
    }
  });

  it('deletes gracefully: PID 1 ignores SIGTERM, so the pod goes after the 30 s grace period', () => {
    const c = new Cluster();
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'app', image: 'busybox:1.28', command: ['sleep', '3600'] }] } });
    c.advance(10_000);
    c.api.delete('Pod', 'default', 'p');
    const t0 = c.now();
    expect(printPod(c.store.get('Pod', 'default', 'p')!, c.epochMs + c.now()).STATUS).toBe('Terminating');
    while (c.store.get('Pod', 'default', 'p') && c.now() - t0 < 60_000) c.advance(100);
    expect(c.now() - t0).toBeGreaterThanOrEqual(30_000);
    expect(c.now() - t0).toBeLessThan(32_000);
  });
});

describe('lifecycle hooks and termination', () => {
  function podWith(container: any, extra: any = {}) {
    const c = new Cluster();
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'app', image: 'busybox:1.28', ...container }], ...extra } });
    c.advance(10_000);
    return c;
  }
  const goneAfter = (c: Cluster) => {
    const t0 = c.now();
    c.api.delete('Pod', 'default', 'p');
    while (c.store.get('Pod', 'default', 'p') && c.now() - t0 < 120_000) c.advance(100);
    return (c.now() - t0) / 1000;
  };

  it('runs preStop before SIGTERM; a process that traps TERM exits then', () => {
    const c = podWith({ command: ['sh', '-c', "trap 'echo bye; exit 0' TERM; while true; do sleep 1; done"], lifecycle: { preStop: { exec: { command: ['sh', '-c', 'sleep 5'] } } } });
    const t = goneAfter(c);
    expect(t).toBeGreaterThanOrEqual(5);
    expect(t).toBeLessThan(8);
  });

  it('SIGKILLs at the end of terminationGracePeriodSeconds when SIGTERM is ignored', () => {
    const c = podWith({ command: ['sleep', '3600'] }, { terminationGracePeriodSeconds: 12 });
    const t = goneAfter(c);
    expect(t).toBeGreaterThanOrEqual(12);
    expect(t).toBeLessThan(14);
  });

  it('a failing postStart hook kills the container and records FailedPostStartHook', () => {
    const c = podWith({ command: ['sleep', '3600'], lifecycle: { postStart: { exec: { command: ['sh', '-c', 'exit 1'] } } } });
    const reasons = c.store.list('Event').map((e) => e.reason);
    expect(reasons).toContain('FailedPostStartHook');
    expect(c.store.list('Event').find((e) => e.reason === 'Killing')?.message).toBe('FailedPostStartHook');
  });
});

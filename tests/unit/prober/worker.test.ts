import { describe, it, expect } from 'vitest';
import { Harness, container, s } from './harness';
import type { ExecOutcome } from '~/cluster/kubelet/prober';

const ok: ExecOutcome = { exitCode: 0, output: '' };
const bad: ExecOutcome = { exitCode: 1, output: 'nope\n' };

describe('initialDelaySeconds: int32(time.Since(startedAt).Seconds()) < initialDelaySeconds', () => {
  // addPod at 0.9 s → ticks at 0.9, 10.9, 20.9, 30.9 …
  function firstProbe(startedAt: number): number | undefined {
    const h = new Harness({ exec: (_h, _n, _c, _t, done) => done(ok) });
    h.at(s(0.9), () => h.pm.addPod({ containers: [container('c', { livenessProbe: { exec: { command: ['true'] }, initialDelaySeconds: 15 } })] }));
    h.startAt('c', startedAt, 'id1');
    h.run(s(45));
    return h.callTimes('exec')[0];
  }
  it('a probe 14.9 s after the start does not run (truncation, not rounding)', () => {
    // started 6.0 → at 20.9 since = 14.9 → int32 14 < 15 → skip; at 30.9 since 24.9 → probe.
    expect(firstProbe(s(6.0))).toBe(30.9);
  });
  it('startedAt is truncated to whole seconds first (status manager normalizeStatus)', () => {
    // started 6.95 → status says 6 → same as above (real elapsed at 20.9 is 13.95).
    expect(firstProbe(s(6.95))).toBe(30.9);
    // started 5.95 → status says 5 → at 20.9 since = 15.9 → 15 ≥ 15 → probes, though only 14.95 s really passed.
    expect(firstProbe(s(5.95))).toBe(20.9);
  });
  it('absent initialDelaySeconds is 0: the first tick that sees the running container probes', () => {
    const h = new Harness({ exec: (_h, _n, _c, _t, done) => done(ok) });
    h.pm.addPod({ containers: [container('c', { livenessProbe: { exec: { command: ['true'] } } })] });
    h.startAt('c', s(3.4), 'id1');
    h.run(s(25));
    expect(h.callTimes('exec')).toEqual([10, 20]);
  });
});

describe('ticker phase and the kubelet start jitter', () => {
  it('no jitter when the kubelet has been up longer than one period', () => {
    const h = new Harness({ exec: (_h, _n, _c, _t, done) => done(ok) }, { kubeletStartedAt: -s(60), rng: () => 0.5 });
    h.startAt('c', 0, 'id1');
    h.at(s(2), () => h.pm.addPod({ containers: [container('c', { livenessProbe: { exec: { command: ['true'] }, periodSeconds: 10 } })] }));
    h.run(s(33));
    expect(h.callTimes('exec')).toEqual([2, 12, 22, 32]);
  });
  it('a random initial sleep in [0, period) when the kubelet started less than a period ago', () => {
    const h = new Harness({ exec: (_h, _n, _c, _t, done) => done(ok) }, { kubeletStartedAt: 0, rng: () => 0.25 });
    h.startAt('c', 0, 'id1');
    h.at(s(3), () => h.pm.addPod({ containers: [container('c', { livenessProbe: { exec: { command: ['true'] }, periodSeconds: 10 } })] }));
    h.run(s(40));
    // sleep 0.25 × 10 s = 2.5 s, then doProbe and NewTicker: 5.5, 15.5, 25.5, 35.5
    expect(h.callTimes('exec')).toEqual([5.5, 15.5, 25.5, 35.5]);
  });
  it('ticks missed while a slow probe runs collapse into one immediate probe; the phase is kept', () => {
    let slow = true;
    const h = new Harness({
      exec: (h, _n, _c, _t, done) => {
        if (slow) {
          slow = false;
          h.at(h.clock.now() + s(25), () => done(ok)); // a 25 s exec (timeoutSeconds 30)
        } else done(ok);
      },
    });
    h.startAt('c', 0, 'id1');
    h.pm.addPod({ containers: [container('c', { livenessProbe: { exec: { command: ['slow'] }, periodSeconds: 10, timeoutSeconds: 30 } })] });
    h.run(s(55));
    // probe at 0 runs until 25; ticks at 10 and 20 collapse → probe at 25; then 30, 40, 50.
    expect(h.callTimes('exec')).toEqual([0, 25, 30, 40, 50]);
  });
});

describe('startup probe gating', () => {
  function pod() {
    return {
      containers: [
        container('app', {
          startupProbe: { exec: { command: ['test', '-f', '/tmp/ready'] }, periodSeconds: 5, failureThreshold: 30 },
          livenessProbe: { exec: { command: ['live'] }, periodSeconds: 10 },
          readinessProbe: { exec: { command: ['ready'] }, periodSeconds: 10 },
        }),
      ],
    };
  }
  it('liveness and readiness do nothing until the startup probe succeeds; startup then stops', () => {
    const h = new Harness({
      exec: (h, _n, command, _t, done) => {
        if (command[0] === 'test') done(h.clock.now() >= s(22) ? ok : { exitCode: 1, output: '' });
        else done(ok);
      },
    });
    h.pm.addPod(pod());
    h.startAt('app', s(1.0), 'id1');
    const startedAt: boolean[] = [];
    for (const t of [4, 24, 26]) h.at(s(t), () => startedAt.push(h.pm.started('app')));
    h.run(s(45));
    const startupCalls = h.calls.filter((c) => c.command![0] === 'test').map((c) => c.t / 1000);
    const liveCalls = h.calls.filter((c) => c.command![0] === 'live').map((c) => c.t / 1000);
    const readyCalls = h.calls.filter((c) => c.command![0] === 'ready').map((c) => c.t / 1000);
    expect(startupCalls).toEqual([5, 10, 15, 20, 25]); // on hold after its success
    expect(liveCalls).toEqual([30, 40]);
    expect(readyCalls).toEqual([30, 40]);
    expect(startedAt).toEqual([false, false, true]);
    expect(h.events.map((e) => [e.t / 1000, e.message])).toEqual([5, 10, 15, 20].map((t) => [t, 'Startup probe failed: ']));
    expect(h.changes.filter((c) => c.probe === 'startup')).toEqual([
      { t: s(5), container: 'app', probe: 'startup', value: false }, // initial Unknown for the new container
      { t: s(25), container: 'app', probe: 'startup', value: true },
    ]);
    expect(h.kills).toEqual([]);
  });
  it('a startup success is seen by a liveness tick at the same instant only after the kubelet processed it', () => {
    const h = new Harness({ exec: (_h, _n, _c, _t, done) => done(ok) });
    h.startAt('app', 0, 'id1');
    h.pm.addPod({
      containers: [
        container('app', {
          startupProbe: { exec: { command: ['s'] }, periodSeconds: 10 },
          livenessProbe: { exec: { command: ['l'] }, periodSeconds: 10 },
        }),
      ],
    });
    h.run(s(25));
    // both tick at 0: startup succeeds at 0, liveness (reading the status at 0) still sees started=false.
    expect(h.calls.map((c) => [c.t / 1000, c.command![0]])).toEqual([
      [0, 's'],
      [10, 'l'],
      [20, 'l'],
    ]);
  });
  it('startup failureThreshold kills with the probe terminationGracePeriodSeconds', () => {
    const h = new Harness({ exec: (_h, _n, _c, _t, done) => done({ exitCode: 1, output: 'not yet\n' }) });
    h.startAt('app', 0, 'id1');
    h.pm.addPod({
      containers: [
        container('app', {
          startupProbe: { exec: { command: ['check'] }, periodSeconds: 10, failureThreshold: 3, terminationGracePeriodSeconds: 5 },
          livenessProbe: { exec: { command: ['live'] }, periodSeconds: 10 },
        }),
      ],
    });
    h.run(s(65));
    expect(h.callTimes('exec')).toEqual([0, 10, 20]); // then on hold: same container keeps running in this fake
    expect(h.kills).toEqual([
      { t: s(20), container: 'app', probe: 'startup', message: 'Container app failed startup probe, will be restarted', grace: 5 },
    ]);
    expect(h.events.map((e) => e.message)).toEqual(Array(3).fill('Startup probe failed: not yet\n'));
    expect(h.pm.started('app')).toBe(false);
  });
  it('liveness probe terminationGracePeriodSeconds and restartPolicy Never change the kill', () => {
    const h = new Harness({ exec: (_h, _n, _c, _t, done) => done(bad) });
    h.startAt('app', 0, 'id1');
    h.pm.addPod({
      restartPolicy: 'Never',
      containers: [container('app', { livenessProbe: { exec: { command: ['x'] }, failureThreshold: 1, terminationGracePeriodSeconds: 7 } })],
    });
    h.run(s(5));
    expect(h.kills).toEqual([{ t: 0, container: 'app', probe: 'liveness', message: 'Container app failed liveness probe', grace: 7 }]);
  });
});

describe('readiness', () => {
  it('successThreshold/failureThreshold toggle ready(); failures never kill', () => {
    // 10..20 → 200, 30..40 → 500, 50.. → 200
    const h = new Harness({
      http: (h, _n, _r, _t, done) => {
        const t = h.clock.now() / 1000;
        done({ status: t >= 30 && t < 50 ? 500 : 200, body: 'ok' });
      },
    });
    h.pm.addPod({
      containers: [container('web', { readinessProbe: { httpGet: { path: '/ready', port: 8080 }, successThreshold: 2, failureThreshold: 2, periodSeconds: 10 } })],
    });
    h.startAt('web', s(0.5), 'id1');
    const ready: [number, boolean][] = [];
    for (let t = 5; t <= 75; t += 10) h.at(s(t), () => ready.push([t, h.pm.ready('web')]));
    h.run(s(78));
    expect(h.callTimes('http')).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(ready).toEqual([
      [5, false], // running, no result yet, a readiness worker exists
      [15, false], // one success < successThreshold 2
      [25, true],
      [35, true], // one failure < failureThreshold 2
      [45, false],
      [55, false],
      [65, true],
      [75, true],
    ]);
    expect(h.changes.map((c) => [c.t / 1000, c.value])).toEqual([
      [10, false], // initial Failure for the new container ID
      [20, true],
      [40, false],
      [60, true],
    ]);
    expect(h.events.map((e) => [e.t / 1000, e.reason, e.message])).toEqual([
      [30, 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 500'],
      [40, 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 500'],
    ]);
    expect(h.kills).toEqual([]);
  });

  it('updatePodStatus triggers an immediate readiness run and resets the ticker (UpdatePodStatus manual trigger)', () => {
    const h = new Harness({ exec: (_h, _n, _c, _t, done) => done(ok) });
    // The kubelet syncs the pod (→ updatePodStatus) when the container starts and on every readiness change.
    h.onChanged = (h) => h.pm.updatePodStatus();
    h.pm.addPod({ containers: [container('web', { readinessProbe: { exec: { command: ['ready'] }, periodSeconds: 10 } })] });
    h.startAt('web', s(3.2), 'id1');
    h.at(s(3.2), () => h.pm.updatePodStatus()); // PLEG ContainerStarted → sync
    h.run(s(25));
    // 3.2: manual run (ticker reset to 13.2); inside it the initial Failure update makes the kubelet sync
    // again while the probe runs → a second buffered trigger → another run at once. Ticker: 13.2, 23.2.
    expect(h.callTimes('exec')).toEqual([3.2, 3.2, 13.2, 23.2]);
    expect(h.pm.ready('web')).toBe(true);
  });

  it('a readiness probe keeps running while the pod terminates; liveness stops with a quiet Success', () => {
    const h = new Harness({ exec: (_h, _n, command, _t, done) => done(command[0] === 'ready' ? ok : bad) });
    h.startAt('app', 0, 'id1');
    h.pm.addPod({
      containers: [
        container('app', {
          readinessProbe: { exec: { command: ['ready'] }, periodSeconds: 10 },
          livenessProbe: { exec: { command: ['live'] }, periodSeconds: 10, failureThreshold: 5 },
        }),
      ],
    });
    h.at(s(15), () => (h.pod = { ...h.pod, deleting: true }));
    h.run(s(45));
    expect(h.calls.filter((c) => c.command![0] === 'ready').map((c) => c.t / 1000)).toEqual([0, 10, 20, 30, 40]);
    expect(h.calls.filter((c) => c.command![0] === 'live').map((c) => c.t / 1000)).toEqual([0, 10]);
    expect(h.pm.hasWorker('app', 'liveness')).toBe(false);
    expect(h.pm.hasWorker('app', 'readiness')).toBe(true);
    expect(h.kills).toEqual([]);
  });

  it('resultRun is not reset by a new container (worker.go only resets it when going on hold)', () => {
    // failureThreshold 3: two failures on the first container, one on the next → readiness Failure set
    // straight away (it already is Failure: no change). With successThreshold 2: one success before the
    // restart and one after → ready.
    let n = 0;
    const seq = [true, false, false, true, true];
    const h = new Harness({ exec: (_h, _n, _c, _t, done) => done(seq[n++] ? ok : bad) });
    h.startAt('w', 0, 'id1');
    h.pm.addPod({ containers: [container('w', { readinessProbe: { exec: { command: ['r'] }, successThreshold: 2, failureThreshold: 3 } })] });
    h.startAt('w', s(35), 'id2'); // restarted between the ticks at 30 and 40
    h.run(s(45));
    // 0: S(1) 10: F(1) 20: F(2) 30: S(1) | 40 (id2): S(2) → ready
    expect(h.callTimes('exec')).toEqual([0, 10, 20, 30, 40]);
    expect(h.pm.ready('w')).toBe(true);
  });
});

describe('worker exit', () => {
  it('stops when the pod is terminal (status.phase Succeeded/Failed)', () => {
    const h = new Harness({ exec: (_h, _n, _c, _t, done) => done(ok) });
    h.startAt('c', 0, 'id1');
    h.pm.addPod({ containers: [container('c', { livenessProbe: { exec: { command: ['x'] } } })] });
    h.at(s(15), () => (h.pod = { ...h.pod, phase: 'Succeeded' }));
    h.run(s(50));
    expect(h.callTimes('exec')).toEqual([0, 10]);
    expect(h.pm.hasWorker('c', 'liveness')).toBe(false);
  });
  it('stops when its container terminated and will not be restarted (restartPolicy Never / OnFailure + exit 0)', () => {
    for (const [policy, exitCode, alive] of [
      ['Never', 1, false],
      ['OnFailure', 0, false],
      ['OnFailure', 1, true],
      ['Always', 0, true],
    ] as const) {
      const h = new Harness({ exec: (_h, _n, _c, _t, done) => done(ok) });
      h.startAt('c', 0, 'id1');
      h.pm.addPod({ restartPolicy: policy, containers: [container('c', { readinessProbe: { exec: { command: ['x'] } } })] });
      h.at(s(5), () => h.containers.set('c', { running: false, startedAt: 0, containerID: 'id1', terminated: { exitCode } }));
      h.run(s(30));
      expect([policy, exitCode, h.pm.hasWorker('c', 'readiness')]).toEqual([policy, exitCode, alive]);
      expect(h.pm.ready('c')).toBe(false);
    }
  });
  it('removePod stops every worker; stopLivenessAndStartup only liveness/startup', () => {
    const h = new Harness({ exec: (_h, _n, _c, _t, done) => done(ok) });
    const spec = {
      containers: [
        container('a', {
          livenessProbe: { exec: { command: ['l'] } },
          readinessProbe: { exec: { command: ['r'] } },
          startupProbe: { exec: { command: ['s'] } },
        }),
      ],
      initContainers: [
        container('side', { restartPolicy: 'Always', readinessProbe: { exec: { command: ['r'] } } } as never),
        container('init', { readinessProbe: { exec: { command: ['r'] } } }), // not restartable: no worker
      ],
    };
    h.pm.addPod(spec);
    h.pm.addPod(spec); // idempotent
    expect(['startup', 'readiness', 'liveness'].map((t) => h.pm.hasWorker('a', t as never))).toEqual([true, true, true]);
    expect(h.pm.hasWorker('side', 'readiness')).toBe(true);
    expect(h.pm.hasWorker('init', 'readiness')).toBe(false);
    h.pm.stopLivenessAndStartup();
    expect(['startup', 'readiness', 'liveness'].map((t) => h.pm.hasWorker('a', t as never))).toEqual([false, true, false]);
    h.pm.removePod();
    expect(h.pm.hasWorker('a', 'readiness') || h.pm.hasWorker('side', 'readiness')).toBe(false);
    h.run(s(30));
    expect(h.calls).toEqual([]);
  });
});

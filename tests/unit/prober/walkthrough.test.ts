import { describe, it, expect } from 'vitest';
import { Harness, container, s } from './harness';

/**
 * The source-article walkthrough:
 *
 *   containers:
 *   - name: liveness
 *     args: [sh, -c, "touch /tmp/health; sleep 10; rm -f /tmp/health; sleep 600"]
 *     livenessProbe:
 *       exec: {command: [cat, /tmp/health]}
 *       initialDelaySeconds: 15        # periodSeconds 10, failureThreshold 3, timeoutSeconds 1 (defaults)
 *
 * Assumed kubelet timeline (virtual seconds): the kubelet has been up for a long time (no initial
 * jitter); its SyncPod adds the pod to the prober manager at t=0 (so the worker and its ticker are
 * created at t=0); the container starts at t=5.6 (sandbox + pull); the fake runtime says
 * `cat /tmp/health` succeeds while (now − container start) < 10 s.
 *
 * Derivation from worker.go:
 *  - run(): no sleep (kubelet started > 1 period ago); doProbe at once, then NewTicker(10s) ⇒ doProbe at
 *    t = 0, 10, 20, 30, … for the life of the worker, whatever happens to the container.
 *  - the status manager normalises startedAt to whole seconds (normalizeStatus → Rfc3339Copy): 5.6 → 5.
 *  - t=0   : no container ID yet ("Probe target container not found") → nothing.
 *  - t=10  : new container ID → liveness result := Success (initial); int32(10 − 5) = 5 < 15 → skip.
 *  - t=20  : int32(20 − 5) = 15, not < 15 → probe. File was removed at 5.6+10 = 15.6 → cat fails.
 *            resultRun 1 < 3 → event #1 only.
 *  - t=30  : failure, resultRun 2 → event #2.
 *  - t=40  : failure, resultRun 3 = failureThreshold → liveness := Failure, onHold, resultRun := 0 → event #3
 *            and the kubelet kills: "Container liveness failed liveness probe, will be restarted".
 *  - kill: `sh` is PID 1 and ignores SIGTERM ⇒ SIGKILL after the 30 s grace period: exits at t=70 (137);
 *    first restart has no back-off ⇒ the new container (new ID) starts at t=71.3 (normalised 71).
 *  - t=50, 60, 70: same container ID as when put on hold → onHold → nothing.
 *  - t=80  : new container ID → result := Success, onHold cleared; int32(80 − 71) = 9 < 15 → skip.
 *  - t=90  : int32(19) ≥ 15 → probe; file gone since 81.3 → failure #1 (resultRun 0 → 1).
 *  - t=100 : failure #2.   t=110: failure #3 → kill again.
 * So the probes run at 20, 30, 40 | 90, 100, 110 — the same ticker phase (…0 s) in both cycles — and the
 * kills happen at 40 and 110, i.e. 34.4 s and 38.7 s after each container start.
 */
describe('source-article walkthrough: liveness exec cat /tmp/health, initialDelaySeconds 15', () => {
  it('probes, fails 3×, is killed, and repeats on the same ticker phase after the restart', () => {
    const NO_FILE = "cat: can't open '/tmp/health': No such file or directory\n";
    const h = new Harness({
      exec: (h, name, command, _timeout, done) => {
        expect(command).toEqual(['cat', '/tmp/health']);
        const c = h.containers.get(name)!;
        if (h.clock.now() - c.startedAt < 10_000) done({ exitCode: 0, output: '' });
        else done({ exitCode: 1, output: NO_FILE });
      },
    });
    // Fake kubelet reaction to a kill: SIGTERM ignored by PID 1, SIGKILL at +30 s, restart 1.3 s later.
    let restarts = 0;
    h.onKill = (h, name, grace) => {
      expect(grace).toBeUndefined(); // no probe-level terminationGracePeriodSeconds → pod's 30 s
      const exitAt = h.clock.now() + 30_000;
      h.at(exitAt, () => h.containers.set(name, { ...h.containers.get(name)!, running: false, terminated: { exitCode: 137 } }));
      h.startAt(name, exitAt + 1_300, `containerd://restart-${++restarts}`);
    };
    h.pm.addPod({
      containers: [
        container('liveness', {
          args: ['/bin/sh', '-c', 'touch /tmp/health; sleep 10; rm -f /tmp/health; sleep 600'],
          livenessProbe: {
            exec: { command: ['cat', '/tmp/health'] },
            initialDelaySeconds: 15,
            periodSeconds: 10,
            timeoutSeconds: 1,
            successThreshold: 1,
            failureThreshold: 3,
          },
        }),
      ],
      restartPolicy: 'Always',
    });
    h.startAt('liveness', s(5.6), 'containerd://first');

    h.run(s(125));

    expect(h.callTimes('exec')).toEqual([20, 30, 40, 90, 100, 110]);
    expect(h.events.map((e) => [e.t / 1000, e.type, e.reason, e.message])).toEqual(
      [20, 30, 40, 90, 100, 110].map((t) => [t, 'Warning', 'Unhealthy', `Liveness probe failed: ${NO_FILE}`]),
    );
    expect(h.kills).toEqual([
      { t: s(40), container: 'liveness', probe: 'liveness', message: 'Container liveness failed liveness probe, will be restarted', grace: undefined },
      { t: s(110), container: 'liveness', probe: 'liveness', message: 'Container liveness failed liveness probe, will be restarted', grace: undefined },
    ]);
    // Liveness never changes readiness/started: no readiness probe, no startup probe.
    expect(h.changes).toEqual([]);
    expect(h.pm.ready('liveness')).toBe(true);
    expect(h.pm.started('liveness')).toBe(true);
  });

  it('kubectl describe shows the trimmed message (the stored event keeps busybox\'s trailing newline)', () => {
    const h = new Harness({ exec: (_h, _n, _c, _t, done) => done({ exitCode: 1, output: "cat: can't open '/tmp/health': No such file or directory\n" }) });
    h.pm.addPod({ containers: [container('c', { livenessProbe: { exec: { command: ['cat', '/tmp/health'] } } })] });
    h.startAt('c', 0, 'id1');
    h.run(s(10));
    expect(h.events[0]!.message.trim()).toBe("Liveness probe failed: cat: can't open '/tmp/health': No such file or directory");
  });
});

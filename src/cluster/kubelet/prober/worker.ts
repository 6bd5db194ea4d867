/**
 * pkg/kubelet/prober/worker.go: one worker per (container, probe type), created when the pod is
 * added to the prober manager. run(): optional random initial sleep (only if the kubelet started
 * less than one period ago), then doProbe immediately and on a ticker every periodSeconds whose
 * phase is fixed when the ticker is created. A manual trigger (UpdatePodStatus for a not-ready
 * readiness probe) runs doProbe at once and Resets the ticker.
 */
import type { Container, Probe } from 'kubernetes-types/core/v1';
import type { ContainerInfo, ProberCallbacks, ProberClock, ProbeType, PodProbeSpec } from './types';
import type { Result, ResultsManager } from './results';
import type { Prober } from './prober';

/** What the worker needs from its manager. */
export interface WorkerHost {
  readonly clock: ProberClock;
  readonly cb: ProberCallbacks;
  readonly prober: Prober;
  readonly kubeletStartedAt: number | undefined;
  readonly rng: () => number;
  podSpec(): PodProbeSpec;
  results(type: ProbeType): ResultsManager;
  /** c.Started as the status manager shows it (see ProberManager.statusStarted). */
  statusStarted(name: string, c: ContainerInfo): boolean;
  removeWorker(w: Worker): void;
}

/** metav1.Time.Rfc3339Copy in the status manager's normalizeStatus: second precision. */
export function normalizeStartedAt(ms: number): number {
  return Math.floor(ms / 1000) * 1000;
}

/** podutil.ContainerShouldRestart (ContainerRestartRules is beta, on by default since 1.35). */
export function containerShouldRestart(c: Container, podRestartPolicy: string | undefined, exitCode: number): boolean {
  const cc = c as Container & {
    restartPolicyRules?: { action?: string; exitCodes?: { operator?: string; values?: number[] } }[];
  };
  if (cc.restartPolicy) {
    for (const rule of cc.restartPolicyRules ?? []) {
      if (!rule.exitCodes) continue;
      const matched = (rule.exitCodes.values ?? []).includes(exitCode);
      const hit = rule.exitCodes.operator === 'In' ? matched : rule.exitCodes.operator === 'NotIn' ? !matched : false;
      if (hit) {
        if (rule.action === 'Restart') return true;
        break;
      }
    }
    switch (cc.restartPolicy) {
      case 'Always':
        return true;
      case 'OnFailure':
        return exitCode !== 0;
      case 'Never':
        return false;
    }
  }
  switch (podRestartPolicy) {
    case 'OnFailure':
      return exitCode !== 0;
    case 'Never':
      return false;
    default:
      return true;
  }
}

export class Worker {
  // ---- worker.go state ----
  /** The last known container ID for this worker. */
  containerID = '';
  /** The last probe result (Go zero value of results.Result is Success). */
  lastResult: Result = 'Success';
  /** How many times in a row the probe has returned the same result. */
  resultRun = 0;
  /** If set, skip probing (until a new container ID is seen). */
  onHold = false;
  readonly initialValue: Result;

  // ---- goroutine / select emulation ----
  private begun = false;
  private stopped = false;
  private exited = false;
  private inFlight = false;
  private pendingTick = false;
  private pendingManual = false;
  private startTimer: number | undefined;
  private tickTimer: number | undefined;
  private kickTimer: number | undefined;
  private nextTickAt = 0;
  readonly periodMs: number;

  constructor(
    private readonly host: WorkerHost,
    readonly type: ProbeType,
    readonly container: Container,
    readonly spec: Probe,
    readonly isInit: boolean,
  ) {
    this.initialValue = type === 'readiness' ? 'Failure' : type === 'liveness' ? 'Success' : 'Unknown';
    this.periodMs = (spec.periodSeconds ?? 10) * 1000;
  }

  get name(): string {
    return this.container.name;
  }

  /** `go w.run()`: the goroutine starts after AddPod returns (same virtual instant). */
  run(): void {
    const { clock } = this.host;
    const now = clock.now();
    let sleep = 0;
    // "If kubelet restarted the probes could be started in rapid succession. Let the worker wait for
    // a random portion of tickerPeriod before probing. Do it only if the kubelet has started recently."
    if (this.host.kubeletStartedAt !== undefined && this.periodMs > now - this.host.kubeletStartedAt) {
      sleep = this.host.rng() * this.periodMs;
    }
    this.startTimer = clock.at(now + sleep, () => {
      this.startTimer = undefined;
      if (this.stopped) return this.exit();
      this.begun = true;
      // probeTicker := time.NewTicker(probeTickerPeriod)
      this.nextTickAt = clock.now() + this.periodMs;
      this.scheduleTick();
      this.iterate();
    });
  }

  /** Non-blocking send on manualTriggerCh (buffer 1). */
  trigger(): void {
    if (this.stopped || this.pendingManual) return;
    this.pendingManual = true;
    this.kick();
  }

  /** Non-blocking send on stopCh. The worker exits (and cleans up) once any in-flight doProbe returns. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.cancelTimers();
    if (!this.inFlight) this.exit();
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  private cancelTimers(): void {
    const { clock } = this.host;
    for (const t of [this.startTimer, this.tickTimer, this.kickTimer]) if (t !== undefined) clock.cancel(t);
    this.startTimer = this.tickTimer = this.kickTimer = undefined;
  }

  private scheduleTick(): void {
    const at = this.nextTickAt;
    this.tickTimer = this.host.clock.at(at, () => {
      this.tickTimer = undefined;
      this.nextTickAt = at + this.periodMs;
      this.scheduleTick();
      // A tick that arrives while doProbe runs waits in the channel; several collapse into one.
      this.pendingTick = true;
      if (!this.inFlight) this.select();
    });
  }

  /** Wake the idle loop at the current instant (the worker goroutine runs asynchronously to the caller). */
  private kick(): void {
    if (!this.begun || this.inFlight || this.kickTimer !== undefined) return;
    this.kickTimer = this.host.clock.at(this.host.clock.now(), () => {
      this.kickTimer = undefined;
      if (!this.inFlight) this.select();
    });
  }

  /** The `select` of run()'s loop. Manual trigger wins over a stale tick (Reset drops the stale tick). */
  private select(): void {
    if (this.stopped) return this.exit();
    if (this.pendingManual) {
      this.pendingManual = false;
      this.pendingTick = false;
      // probeTicker.Reset(probeTickerPeriod)
      if (this.tickTimer !== undefined) this.host.clock.cancel(this.tickTimer);
      this.nextTickAt = this.host.clock.now() + this.periodMs;
      this.scheduleTick();
      this.iterate();
      return;
    }
    if (this.pendingTick) {
      this.pendingTick = false;
      this.iterate();
    }
  }

  /** `for w.doProbe(ctx) { select … }` */
  private iterate(): void {
    this.inFlight = true;
    this.doProbe((keepGoing) => {
      this.inFlight = false;
      if (!keepGoing || this.stopped) return this.exit();
      if (this.pendingManual || this.pendingTick) this.select();
    });
  }

  /** The deferred cleanup of run(). */
  private exit(): void {
    if (this.exited) return;
    this.exited = true;
    this.stopped = true;
    this.cancelTimers();
    if (this.containerID) this.host.results(this.type).remove(this.containerID);
    this.host.removeWorker(this);
  }

  /** worker.go doProbe. `done(keepGoing)`. */
  private doProbe(done: (keepGoing: boolean) => void): void {
    const { cb, clock } = this.host;
    const results = this.host.results(this.type);
    const status = cb.pod();
    if (!status) return done(true); // "No status for pod"
    // Worker should terminate if pod is terminated.
    if (status.phase === 'Failed' || status.phase === 'Succeeded') return done(false);

    const c = cb.container(this.name);
    if (!c || !c.containerID) return done(true); // "Probe target container not found"

    if (this.containerID !== c.containerID) {
      if (this.containerID) results.remove(this.containerID);
      this.containerID = c.containerID;
      // ChangeContainerStatusOnKubeletRestart is off by default (deprecated 1.35): a container that
      // was already running before the kubelet restarted does not get the initial value.
      let isRestart = false;
      const ks = this.host.kubeletStartedAt;
      if (c.running && ks !== undefined && normalizeStartedAt(c.startedAt) < ks - 10_000) isRestart = true;
      if (!isRestart) results.set(this.containerID, this.initialValue, this.name);
      // We've got a new container; resume probing.
      this.onHold = false;
    }

    if (this.onHold) return done(true); // on hold until there is a new container

    if (!c.running) {
      if (this.containerID) results.set(this.containerID, 'Failure', this.name);
      // Abort if the container will not be restarted.
      if (!c.terminated) return done(true);
      return done(containerShouldRestart(this.container, this.host.podSpec().restartPolicy, c.terminated.exitCode));
    }

    // Graceful shutdown of the pod.
    if (status.deleting && (this.type === 'liveness' || this.type === 'startup')) {
      results.set(this.containerID, 'Success', this.name); // a last result to ensure quiet shutdown
      return done(false);
    }

    // Probe disabled for InitialDelaySeconds: int32(time.Since(startedAt).Seconds()) < initialDelaySeconds
    const sinceSeconds = Math.trunc((clock.now() - normalizeStartedAt(c.startedAt)) / 1000);
    if (sinceSeconds < (this.spec.initialDelaySeconds ?? 0)) return done(true);

    if (this.host.statusStarted(this.name, c)) {
      // Stop probing for startup once the container has started (kept for a restarted container).
      if (this.type === 'startup') return done(true);
    } else if (this.type !== 'startup') {
      // Disable other probes until the container has started.
      return done(true);
    }

    const id = this.containerID;
    this.host.prober.probe(this.type, this.container, this.spec, status.podIP ?? '', (result, err) => {
      if (err !== undefined) return done(true); // prober error: throw the result away

      if (this.lastResult === result) this.resultRun++;
      else {
        this.lastResult = result;
        this.resultRun = 1;
      }
      if (
        (result === 'Failure' && this.resultRun < (this.spec.failureThreshold ?? 3)) ||
        (result === 'Success' && this.resultRun < (this.spec.successThreshold ?? 1))
      ) {
        return done(true); // below threshold: leave the probe state unchanged
      }

      results.set(id, result, this.name);

      if ((this.type === 'liveness' && result === 'Failure') || this.type === 'startup') {
        // The container fails a liveness/startup check (or startup reached its verdict): stop
        // probing until a new container ID shows up (#21751, #117153).
        this.onHold = true;
        this.resultRun = 0;
      }
      done(true);
    });
  }
}

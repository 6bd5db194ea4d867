/**
 * pkg/kubelet/prober/prober_manager.go (one manager per pod here) plus the kubelet's reactions to
 * results-manager updates (kubelet.go syncLoopIteration / kuberuntime computePodActions):
 *  - liveness Failure on the running container → kill "Container <c> failed liveness probe, will be restarted"
 *  - startup Failure on the running container  → kill "Container <c> failed startup probe, will be restarted"
 *  - readiness / startup change → changed() (statusManager.SetContainerReadiness/SetContainerStartup + sync)
 */
import type { Container, Probe } from 'kubernetes-types/core/v1';
import type { ContainerInfo, PodProbeSpec, ProberCallbacks, ProberClock, ProberOptions, ProbeRunner, ProbeType } from './types';
import { ResultsManager, type Result, type ResultUpdate } from './results';
import { Prober } from './prober';
import { Worker, type WorkerHost } from './worker';

function probeOf(c: Container, type: ProbeType): Probe | undefined {
  return type === 'liveness' ? c.livenessProbe : type === 'readiness' ? c.readinessProbe : c.startupProbe;
}

function isRestartableInitContainer(c: Container): boolean {
  return (c as Container & { restartPolicy?: string }).restartPolicy === 'Always';
}

/** podutil.IsContainerRestartable: does a kill end in a restart (", will be restarted")? */
function isContainerRestartable(c: Container, podRestartPolicy: string | undefined): boolean {
  const cc = c as Container & { restartPolicy?: string; restartPolicyRules?: { action?: string }[] };
  if (cc.restartPolicy) {
    if ((cc.restartPolicyRules ?? []).some((r) => r.action === 'Restart')) return true;
    return cc.restartPolicy !== 'Never';
  }
  return podRestartPolicy !== 'Never';
}

export interface ContainerProbeStatus {
  started: boolean;
  ready: boolean;
}

export class ProberManager {
  private readonly workers = new Map<string, Worker>();
  private readonly prober: Prober;
  private readonly resultsByType: Record<ProbeType, ResultsManager>;
  /** Startup results as the status manager's cached status shows them (c.Started), one event-loop hop behind. */
  private readonly statusStartup = new Map<string, Result>();
  private spec: PodProbeSpec = { containers: [] };
  private readonly host: WorkerHost;

  constructor(
    private readonly clock: ProberClock,
    runner: ProbeRunner,
    private readonly cb: ProberCallbacks,
    private readonly opts: ProberOptions = {},
  ) {
    this.prober = new Prober(clock, runner, cb, `kube-probe/${opts.kubeletVersion ?? '1.36'}`);
    this.resultsByType = {
      liveness: new ResultsManager((u) => this.onUpdate('liveness', u)),
      readiness: new ResultsManager((u) => this.onUpdate('readiness', u)),
      startup: new ResultsManager((u) => this.onUpdate('startup', u)),
    };
    this.host = {
      clock,
      cb,
      prober: this.prober,
      kubeletStartedAt: opts.kubeletStartedAt,
      rng: opts.rng ?? Math.random,
      podSpec: () => this.spec,
      results: (t) => this.resultsByType[t],
      statusStarted: (name, c) => this.statusStarted(name, c),
      removeWorker: (w) => {
        const key = this.key(w.name, w.type);
        if (this.workers.get(key) === w) this.workers.delete(key);
      },
    };
  }

  private key(name: string, type: ProbeType): string {
    return `${name}\u0000${type}`;
  }

  /** AddPod: a worker per container (and restartable init container) per configured probe. Idempotent. */
  addPod(spec: PodProbeSpec): void {
    this.spec = spec;
    const list: { c: Container; init: boolean }[] = [
      ...spec.containers.map((c) => ({ c, init: false })),
      ...(spec.initContainers ?? []).filter(isRestartableInitContainer).map((c) => ({ c, init: true })),
    ];
    for (const { c, init } of list) {
      for (const type of ['startup', 'readiness', 'liveness'] as const) {
        const probe = probeOf(c, type);
        if (!probe) continue;
        const key = this.key(c.name, type);
        // prober_manager.go: "... probe already exists for container" → return.
        if (this.workers.has(key)) return;
        const w = new Worker(this.host, type, c, probe, init);
        this.workers.set(key, w);
        w.run();
      }
    }
  }

  /** StopLivenessAndStartup: during pod termination (regular containers only). */
  stopLivenessAndStartup(): void {
    for (const c of this.spec.containers) {
      for (const type of ['liveness', 'startup'] as const) this.workers.get(this.key(c.name, type))?.stop();
    }
  }

  /** RemovePod: stop every worker (each removes its cached result when it exits). */
  removePod(): void {
    for (const w of [...this.workers.values()]) w.stop();
  }

  hasWorker(container: string, type: ProbeType): boolean {
    return this.workers.has(this.key(container, type));
  }

  /** isContainerStarted: startup result; else "no startup worker" ⇒ started (requires running). */
  started(container: string): boolean {
    const c = this.cb.container(container);
    return !!c && this.isContainerStarted(container, c);
  }

  /** Readiness as UpdatePodStatus computes it (true when started and no readiness probe). Pure query. */
  ready(container: string): boolean {
    const c = this.cb.container(container);
    if (!c || !this.isContainerStarted(container, c)) return false;
    if (!c.running) return false;
    if (this.resultsByType.readiness.get(c.containerID) === 'Success') return true;
    return !this.workers.has(this.key(container, 'readiness'));
  }

  /**
   * UpdatePodStatus: started/ready for every probed-or-not app container and restartable init
   * container, AND — like the real kubelet — a manual run of every readiness probe that exists but
   * has not succeeded for a started container (the worker runs it at once and resets its ticker).
   * Call it wherever the kubelet generates the pod's API status (every pod sync).
   */
  updatePodStatus(): Record<string, ContainerProbeStatus> {
    const out: Record<string, ContainerProbeStatus> = {};
    const names = [
      ...this.spec.containers.map((c) => c.name),
      ...(this.spec.initContainers ?? []).filter(isRestartableInitContainer).map((c) => c.name),
    ];
    for (const name of names) {
      const c = this.cb.container(name);
      if (!c || !this.isContainerStarted(name, c)) {
        out[name] = { started: false, ready: false };
        continue;
      }
      let ready: boolean;
      if (!c.running) ready = false;
      else if (this.resultsByType.readiness.get(c.containerID) === 'Success') ready = true;
      else {
        const w = this.workers.get(this.key(name, 'readiness'));
        ready = !w;
        w?.trigger(); // "Trigger an immediate run of the readinessProbe to update ready state"
      }
      out[name] = { started: true, ready };
    }
    return out;
  }

  private isContainerStarted(name: string, c: ContainerInfo): boolean {
    if (!c.running) return false;
    const r = this.resultsByType.startup.get(c.containerID);
    if (r !== undefined) return r === 'Success';
    return !this.workers.has(this.key(name, 'startup'));
  }

  /**
   * c.Started as the worker reads it from the status manager. With a startup probe, it follows the
   * startup results only after the kubelet has processed the update (a zero-time hop), so a liveness
   * tick at the same instant as the startup success still sees started=false — as with real
   * goroutines, where the liveness worker reads status while the startup exec is still running.
   */
  private statusStarted(name: string, c: ContainerInfo): boolean {
    if (!c.running) return false;
    if (!this.workers.has(this.key(name, 'startup'))) return this.isContainerStarted(name, c);
    return this.statusStartup.get(c.containerID) === 'Success';
  }

  private containerSpec(name: string): { c: Container; init: boolean } | undefined {
    const c = this.spec.containers.find((x) => x.name === name);
    if (c) return { c, init: false };
    const i = (this.spec.initContainers ?? []).find((x) => x.name === name);
    return i ? { c: i, init: true } : undefined;
  }

  /** The kubelet side of a results update. */
  private onUpdate(type: ProbeType, u: ResultUpdate): void {
    const w = this.workers.get(this.key(u.container, type));
    if (!w || w.isStopped) return; // a removed pod / stopped worker no longer drives the kubelet
    if (type === 'startup') {
      this.clock.at(this.clock.now(), () => this.statusStartup.set(u.containerID, u.result));
    }
    if (type === 'readiness' || type === 'startup') this.cb.changed(u.container, type, u.result === 'Success');
    if ((type === 'liveness' || type === 'startup') && u.result === 'Failure') {
      // computePodActions only kills a running container whose ID carries the Failure.
      const c = this.cb.container(u.container);
      const s = this.containerSpec(u.container);
      if (!c?.running || c.containerID !== u.containerID || !s) return;
      const message = s.init
        ? `Init container ${u.container} failed ${type} probe`
        : `Container ${u.container} failed ${type} probe` +
          (isContainerRestartable(s.c, this.spec.restartPolicy) ? ', will be restarted' : '');
      const probe = probeOf(s.c, type);
      this.cb.kill(u.container, type, message, probe?.terminationGracePeriodSeconds ?? undefined);
    }
  }
}

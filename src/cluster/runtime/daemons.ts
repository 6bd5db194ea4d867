/**
 * Server programs that images run by default (nginx, redis, mysql, tomcat, agnhost, stress…).
 * They are not shell scripts: each is a behaviour on virtual time that logs like the real program,
 * serves its ports, declares the CPU and memory it would use, and handles signals as the real
 * one does. `DaemonProcess` runs a behaviour as a `Process`; the kubelet, network, prober and
 * metrics read what a running server declares through its methods (serveHttp, listening,
 * cpuDemandMillicores, memoryBytes, grpcHealthCheck).
 */
import type { Process, ProcessHost, SpawnOptions, Signal } from '../shell/types';
import { spawnProcess, CommandNotFound } from '../shell';
import {
  appendFile,
  SIGNAL_NUMBERS,
  type DaemonContext,
  type DaemonSignal,
  type DaemonStart,
  type GrpcHealthAnswer,
  type HttpAnswer,
  type HttpRequest,
  type LogLine,
  type PortSpec,
  type SignalReaction,
} from './daemon-kit';
import { WEB_DAEMONS } from './daemons-web';
import { DATA_DAEMONS } from './daemons-data';
import { TEST_DAEMONS } from './daemons-test';

export type { DaemonContext, DaemonSignal, DaemonStart, GrpcHealthAnswer, HttpAnswer, HttpRequest, LogLine, PortSpec, SignalReaction } from './daemon-kit';

export interface DaemonBehaviour {
  /**
   * Start one invocation: what it writes (on a timeline), and what it serves and uses, as data.
   * `info.pid` is the process's own pid (1 for a container's main process).
   */
  startup(host: ProcessHost, argv: string[], info?: { pid: number }): DaemonStart;
  /** TCP ports the image's default invocation listens on (an invocation may declare others). */
  ports: number[];
  /** HTTP answer of the default invocation for GET path (for callers without a running process). */
  http?: (path: string) => { status: number; body: string };
  /** Lines logged on SIGTERM when the invocation declares no `onSignal` (then it exits 0 after 100 ms). */
  shutdown?: (host: ProcessHost) => string[];
  /** CPU the default invocation uses, millicores (0 for an idle server). */
  cpuMillicores?: number;
  /** Resident memory of the default invocation, bytes. */
  memoryBytes?: number;
  /** CPU one HTTP request costs the default invocation, ms of one core. */
  cpuMsPerRequest?: number;
}

/** A daemon as a Process: writes its timeline, serves its ports, reacts to signals, exits. */
export class DaemonProcess implements Process {
  readonly pid: number;
  private started = false;
  private exited = false;
  private exitedAt: number | null = null;
  private startedAt: number;
  private plan: DaemonStart | null = null;
  /** After `exec "$@"` in an entry-point script: the program that replaced it. */
  private delegate: Process | null = null;
  private cancels: Array<() => void> = [];
  private stoppingFlag = false;
  private keepServing = false;
  private requestCpuMs = 0;
  private readonly state: Record<string, unknown> = {};
  private readonly ctx: DaemonContext;

  constructor(
    private readonly host: ProcessHost,
    private readonly opts: SpawnOptions,
    private readonly behaviour: DaemonBehaviour,
  ) {
    this.pid = opts.pid ?? 1;
    this.startedAt = host.now();
    const self = this;
    this.ctx = {
      host,
      argv: opts.argv,
      pid: this.pid,
      get startedAt() {
        return self.startedAt;
      },
      uptimeMs: () => host.now() - self.startedAt,
      wallMs: () => (host.epochMs ?? 0) + host.now(),
      log: (line) => self.write(typeof line === 'string' ? { text: line } : line, host.now()),
      exit: (code, afterMs = 0) => self.exitLater(code, afterMs),
      state: this.state,
      get stopping() {
        return self.stoppingFlag;
      },
    };
  }

  get running(): boolean {
    if (this.delegate) return this.delegate.running;
    return this.started && !this.exited;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.startedAt = this.host.now();
    const plan = this.behaviour.startup(this.host, this.opts.argv, { pid: this.pid });
    for (const l of plan.lines) this.write(typeof l === 'string' ? { text: l } : l, this.startedAt);
    if (plan.exec) return this.execInto(plan.exec, plan.execNotFound);
    this.plan = plan;
    if (plan.exitCode !== undefined) {
      const last = Math.max(0, ...plan.lines.map((l) => (typeof l === 'string' ? 0 : (l.at ?? 0))));
      const at = plan.exitAt ?? last;
      if (at <= 0) this.exit(plan.exitCode);
      else this.exitLater(plan.exitCode, at);
    }
  }

  writeStdin(text: string): void {
    this.delegate?.writeStdin(text);
  }

  closeStdin(): void {
    this.delegate?.closeStdin();
  }

  /** Deliver a signal; besides the kubelet's signals this takes an image's STOPSIGNAL (SIGQUIT, SIGWINCH). */
  signal(sig: DaemonSignal): void {
    if (!this.started) return;
    if (this.delegate) {
      if (sig === 'SIGTERM' || sig === 'SIGKILL' || sig === 'SIGINT' || sig === 'SIGHUP') this.delegate.signal(sig);
      else if (this.pid !== 1 && sig !== 'SIGWINCH') this.delegate.signal('SIGTERM');
      return;
    }
    if (this.exited) return;
    if (sig === 'SIGKILL') return this.exit(137, 'SIGKILL');
    const reaction = this.reactionTo(sig);
    if (reaction === 'ignore') return;
    if (reaction === undefined) {
      // Kernel default: PID 1 of a PID namespace ignores signals it has no handler for.
      if (sig === 'SIGWINCH' || this.pid === 1) return;
      return this.exit(128 + SIGNAL_NUMBERS[sig], sig as Signal);
    }
    const now = this.host.now();
    for (const l of reaction.lines ?? []) this.write(typeof l === 'string' ? { text: l } : l, now);
    if (reaction.exitCode === undefined) return; // e.g. nginx reloading on SIGHUP
    if (this.stoppingFlag) return; // already on its way out
    this.stoppingFlag = true;
    this.keepServing = !!reaction.keepServing;
    const last = Math.max(0, ...(reaction.lines ?? []).map((l) => (typeof l === 'string' ? 0 : (l.at ?? 0))));
    this.exitLater(reaction.exitCode, reaction.afterMs ?? last);
  }

  /** Total virtual CPU ms: steady demand (throttled by limits.cpu) plus the requests it served. */
  cpuMs(): number {
    if (this.delegate) return this.delegate.cpuMs();
    if (!this.started) return 0;
    const end = this.exitedAt ?? this.host.now();
    return (this.effectiveMillicores() * Math.max(0, end - this.startedAt)) / 1000 + this.requestCpuMs;
  }

  // ---- what the model reads ------------------------------------------------------------------

  /** Ports accepting connections now: after the program is ready, until it stops (unless it keeps serving). */
  listening(): PortSpec[] {
    if (this.delegate || !this.running || !this.plan) return [];
    if (this.stoppingFlag && !this.keepServing) return [];
    if (this.host.now() - this.startedAt < (this.plan.readyAt ?? 0)) return [];
    return this.ports();
  }

  /** A TCP connect to `port` succeeds (TCP socket probes, nc -z). */
  acceptsTcp(port: number): boolean {
    return this.listening().some((p) => p.port === port && p.protocol === 'TCP');
  }

  /**
   * Serve one HTTP request. null = connection refused (nothing listening on that port yet, or
   * any more). The answer carries the CPU it cost and how long the server took.
   */
  serveHttp(request: HttpRequest | string, port?: number): HttpAnswer | null {
    const req: HttpRequest = typeof request === 'string' ? { path: request } : request;
    const open = this.listening().filter((p) => p.protocol === 'TCP');
    const target = port ?? req.port ?? open.find((p) => p.kind === 'http')?.port ?? open[0]?.port;
    const spec = open.find((p) => p.port === target);
    if (!spec) return null;
    // Not an HTTP server on that port (redis, mysql, gRPC): the client sees the connection close.
    if (spec.kind !== 'http') return { status: 0, body: '', error: 'eof' };
    const plan = this.plan!;
    let answer = plan.http?.({ ...req, port: target }, this.ctx);
    if (!answer && this.behaviour.http) answer = this.behaviour.http(req.path.split('?')[0] ?? '/');
    if (!answer) return { status: 0, body: '', error: 'eof' };
    const cpu = answer.cpuMs ?? plan.cpuMsPerRequest ?? this.behaviour.cpuMsPerRequest ?? 0;
    this.requestCpuMs += cpu;
    const share = Math.min(1, (this.host.cpuLimitMilli ?? 1000) / 1000);
    return { ...answer, cpuMs: cpu, latencyMs: answer.latencyMs ?? (share > 0 ? cpu / share : cpu) };
  }

  /** gRPC health/v1 Check on `port`. null = connection refused. */
  grpcHealthCheck(service: string, port?: number): GrpcHealthAnswer | null {
    const open = this.listening().filter((p) => p.protocol === 'TCP');
    const spec = port === undefined ? open.find((p) => p.kind === 'grpc') : open.find((p) => p.port === port);
    if (!spec) return null;
    if (spec.kind !== 'grpc') return { error: 'not-grpc' };
    return this.plan?.grpcHealth ? this.plan.grpcHealth(service, this.ctx) : { error: 'unimplemented' };
  }

  /** CPU the program wants right now, millicores, before any limit (0 for an idle server). */
  cpuDemandMillicores(): number {
    if (!this.running || this.delegate || !this.plan) return 0;
    return this.plan.cpuMillicores ?? this.behaviour.cpuMillicores ?? 0;
  }

  /** Resident memory right now, bytes. */
  memoryBytes(): number {
    if (!this.running) return 0;
    if (this.delegate) return 512 * 1024; // the shell that replaced the entry point
    const m = this.plan?.memoryBytes ?? this.behaviour.memoryBytes ?? 1024 * 1024;
    return Math.round(typeof m === 'function' ? m(this.host.now() - this.startedAt) : m);
  }

  /** Declared data for this invocation (ports include those not yet open). */
  declared(): { ports: PortSpec[]; readyAt: number; cpuMillicores: number; cpuMsPerRequest: number } {
    return { ports: this.plan ? this.ports() : [], readyAt: this.plan?.readyAt ?? 0, cpuMillicores: this.cpuDemandMillicores(), cpuMsPerRequest: this.plan?.cpuMsPerRequest ?? this.behaviour.cpuMsPerRequest ?? 0 };
  }

  // ---- internals -----------------------------------------------------------------------------

  private ports(): PortSpec[] {
    return this.plan?.ports ?? this.behaviour.ports.map((port) => ({ port, protocol: 'TCP' as const, kind: 'http' as const }));
  }

  private effectiveMillicores(): number {
    const want = this.plan?.cpuMillicores ?? this.behaviour.cpuMillicores ?? 0;
    return Math.min(want, this.host.cpuLimitMilli ?? Infinity);
  }

  private reactionTo(sig: DaemonSignal): SignalReaction | 'ignore' | undefined {
    if (this.plan?.onSignal) return this.plan.onSignal(sig, this.ctx);
    if (this.behaviour.shutdown && (sig === 'SIGTERM' || sig === 'SIGINT')) return { lines: this.behaviour.shutdown(this.host), exitCode: 0, afterMs: 100 };
    return undefined;
  }

  /** Write a line now or at `base + at`. */
  private write(line: LogLine, base: number): void {
    const at = base + (line.at ?? 0);
    if (at > this.host.now()) {
      this.cancels.push(this.host.schedule(at, () => this.write({ ...line, at: 0 }, this.host.now())));
      return;
    }
    if (this.exited) return;
    const text = typeof line.text === 'function' ? line.text((this.host.epochMs ?? 0) + this.host.now()) : line.text;
    if (line.file) appendFile(this.host, line.file, text + '\n');
    if (line.stream === null) return;
    (line.stream === 'stderr' ? this.opts.io.stderr : this.opts.io.stdout)(text + '\n');
  }

  private execInto(argv: string[], notFound?: DaemonStart['execNotFound']): void {
    try {
      this.delegate = spawnProcess(this.host, { ...this.opts, argv });
    } catch (e) {
      if (!(e instanceof CommandNotFound)) throw e;
      const r = notFound?.(argv[0] ?? '') ?? { text: `${this.opts.argv[0]}: exec: line 1: ${argv[0]}: not found`, code: 127 };
      this.opts.io.stderr(r.text + '\n');
      this.exit(r.code);
      return;
    }
    this.delegate.start();
  }

  private exitLater(code: number, afterMs: number): void {
    this.cancels.push(this.host.schedule(this.host.now() + Math.max(0, afterMs), () => this.exit(code)));
  }

  private exit(code: number, sig?: Signal): void {
    if (this.exited) return;
    this.exited = true;
    this.exitedAt = this.host.now();
    for (const c of this.cancels) c();
    this.cancels = [];
    this.opts.onExit(code, sig);
  }
}

/** Behaviour id (as images name them in `daemons`) → behaviour. */
export const DAEMONS: Record<string, DaemonBehaviour> = {
  ...WEB_DAEMONS,
  ...DATA_DAEMONS,
  ...TEST_DAEMONS,
};

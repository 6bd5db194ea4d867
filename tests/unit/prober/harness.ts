/** A minimal fake kubelet around ProberManager: a virtual clock, container views, recorded callbacks. */
import type { Container } from 'kubernetes-types/core/v1';
import { VirtualClock } from '~/cluster/clock';
import { ProberManager } from '~/cluster/kubelet/prober';
import type {
  ContainerInfo,
  ExecOutcome,
  GrpcOutcome,
  HttpOutcome,
  HttpProbeRequest,
  PodInfo,
  ProberOptions,
  ProbeRunner,
  TcpOutcome,
} from '~/cluster/kubelet/prober';

export interface Call {
  t: number;
  kind: 'exec' | 'http' | 'tcp' | 'grpc';
  container: string;
  command?: string[];
  req?: HttpProbeRequest;
  timeoutMs: number;
}

export interface Handlers {
  exec?: (h: Harness, container: string, command: string[], timeoutMs: number, done: (r: ExecOutcome) => void) => void;
  http?: (h: Harness, container: string, req: HttpProbeRequest, timeoutMs: number, done: (r: HttpOutcome) => void) => void;
  tcp?: (h: Harness, container: string, host: string, port: number, timeoutMs: number, done: (r: TcpOutcome) => void) => void;
  grpc?: (h: Harness, container: string, host: string, port: number, service: string, timeoutMs: number, done: (r: GrpcOutcome) => void) => void;
}

export class Harness {
  readonly clock = new VirtualClock(0);
  readonly containers = new Map<string, ContainerInfo>();
  pod: PodInfo | undefined = { phase: 'Running', podIP: '10.244.1.5' };
  readonly calls: Call[] = [];
  readonly events: { t: number; container: string; type: string; reason: string; message: string }[] = [];
  readonly kills: { t: number; container: string; probe: string; message: string; grace?: number }[] = [];
  readonly changes: { t: number; container: string; probe: string; value: boolean }[] = [];
  /** Called from changed(): models the kubelet's pod sync (handleProbeSync → UpdatePodStatus). */
  onChanged: ((h: Harness) => void) | null = null;
  onKill: ((h: Harness, container: string, grace?: number) => void) | null = null;
  readonly pm: ProberManager;

  constructor(handlers: Handlers, opts: ProberOptions = {}) {
    const runner: ProbeRunner = {
      exec: (container, command, timeoutMs, done) => {
        this.calls.push({ t: this.clock.now(), kind: 'exec', container, command, timeoutMs });
        if (!handlers.exec) throw new Error('no exec handler');
        handlers.exec(this, container, command, timeoutMs, done);
      },
      http: (container, req, timeoutMs, done) => {
        this.calls.push({ t: this.clock.now(), kind: 'http', container, req, timeoutMs });
        if (!handlers.http) throw new Error('no http handler');
        handlers.http(this, container, req, timeoutMs, done);
      },
      tcp: (container, host, port, timeoutMs, done) => {
        this.calls.push({ t: this.clock.now(), kind: 'tcp', container, timeoutMs });
        if (!handlers.tcp) throw new Error('no tcp handler');
        handlers.tcp(this, container, host, port, timeoutMs, done);
      },
      grpc: (container, host, port, service, timeoutMs, done) => {
        this.calls.push({ t: this.clock.now(), kind: 'grpc', container, timeoutMs });
        if (!handlers.grpc) throw new Error('no grpc handler');
        handlers.grpc(this, container, host, port, service, timeoutMs, done);
      },
    };
    this.pm = new ProberManager(
      this.clock,
      runner,
      {
        pod: () => this.pod,
        container: (name) => this.containers.get(name),
        event: (container, type, reason, message) => this.events.push({ t: this.clock.now(), container, type, reason, message }),
        kill: (container, probe, message, grace) => {
          this.kills.push({ t: this.clock.now(), container, probe, message, grace });
          this.onKill?.(this, container, grace);
        },
        changed: (container, probe, value) => {
          this.changes.push({ t: this.clock.now(), container, probe, value });
          this.onChanged?.(this);
        },
      },
      opts,
    );
  }

  /** Container `name` (re)starts at virtual ms `at` with a fresh container ID. */
  startAt(name: string, at: number, id: string): void {
    this.clock.at(at, () => this.containers.set(name, { running: true, startedAt: at, containerID: id }));
  }

  at(t: number, fn: () => void): void {
    this.clock.at(t, fn);
  }

  run(until: number): void {
    this.clock.advanceTo(until);
  }

  /** Seconds, for readable assertions. */
  callTimes(kind?: Call['kind'], container?: string): number[] {
    return this.calls.filter((c) => (!kind || c.kind === kind) && (!container || c.container === container)).map((c) => c.t / 1000);
  }
}

export function container(name: string, extra: Partial<Container> = {}): Container {
  return { name, image: 'busybox:1.28', ...extra };
}

/** Seconds → ms. */
export const s = (sec: number) => Math.round(sec * 1000);

/**
 * Shared vocabulary for server programs (daemons.ts and the daemons-*.ts behaviours): what a
 * behaviour declares (log lines on a timeline, ports, HTTP handlers, CPU and memory use, signal
 * reactions) and the timestamp formats real programs print. Pure: no Date.now, no randomness;
 * wall-clock time is always `host.epochMs + host.now()`.
 */
import type { ProcessHost, Signal } from '../shell/types';

/** Signals a server can receive: the kubelet's stop signals plus an image's STOPSIGNAL (nginx: SIGQUIT, httpd: SIGWINCH). */
export type DaemonSignal = Signal | 'SIGQUIT' | 'SIGWINCH' | 'SIGUSR1' | 'SIGUSR2';

export const SIGNAL_NUMBERS: Record<DaemonSignal, number> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGUSR1: 10, SIGUSR2: 12, SIGTERM: 15, SIGWINCH: 28 };

export type Stream = 'stdout' | 'stderr';

/** One line a program writes. */
export interface LogLine {
  /** Text without the newline; a function gets the wall-clock ms at the moment the line is written. */
  text: string | ((wallMs: number) => string);
  /** Default stdout. `null`: the line goes only to `file`. */
  stream?: Stream | null;
  /** Also append the line to this file in the container (e.g. tomcat's logs/catalina.<date>.log). */
  file?: string;
  /** Virtual ms after the reference moment (process start, or the signal) when it is written. Default 0. */
  at?: number;
}

export interface PortSpec {
  port: number;
  protocol: 'TCP' | 'UDP';
  /** What answers on it: plain HTTP, gRPC (health service), or raw TCP (redis, mysql). */
  kind: 'http' | 'grpc' | 'tcp';
}

/** An HTTP request as the model delivers it to a server. */
export interface HttpRequest {
  /** Default GET. */
  method?: string;
  /** Path plus query string: "/echo?msg=hi". */
  path: string;
  /** Destination port (pod side); default: the server's first HTTP port. */
  port?: number;
  /** Client address, for access logs ("10.244.0.1") and kubia's "Received request from". */
  clientIP?: string;
  /** e.g. "Wget", "curl/8.11.1", "kube-probe/1.36". */
  userAgent?: string;
  /** Extra request headers (canonical names). */
  headers?: Record<string, string>;
}

/** What a server answered. */
export interface HttpAnswer {
  status: number;
  body: string;
  /** Response headers worth modelling: Location (redirects), Content-Type. */
  headers?: Record<string, string>;
  /** Virtual ms the server took (sleeps, CPU-bound work at full speed). */
  latencyMs?: number;
  /** CPU time this request cost the server (ms of one core). */
  cpuMs?: number;
  /** The connection broke instead of a (complete) response: 'eof' = closed without a response. */
  error?: 'eof';
}

/** gRPC health/v1 Check answer. */
/**
 * gRPC health/v1 Check answer. Errors: 'not-found' (unknown service name), 'unimplemented' (no
 * health service), 'not-grpc' (the port speaks something else: the kubelet's blocking dial never
 * gets ready, so the probe times out).
 */
export type GrpcHealthAnswer = { status: 'SERVING' | 'NOT_SERVING' | 'UNKNOWN' } | { error: 'not-found' | 'unimplemented' | 'not-grpc' };

/** What a process can do and see while it runs. */
export interface DaemonContext {
  readonly host: ProcessHost;
  readonly argv: string[];
  readonly pid: number;
  /** Virtual ms at which the process started. */
  readonly startedAt: number;
  uptimeMs(): number;
  /** Wall-clock ms now (host.epochMs + host.now()). */
  wallMs(): number;
  /** Write a line now (or `at` ms from now). */
  log(line: string | LogLine): void;
  /** Exit with `code` after `afterMs` (default 0). */
  exit(code: number, afterMs?: number): void;
  /** Per-process mutable state (request counters, flags). */
  readonly state: Record<string, unknown>;
  /** True once a stop signal was accepted. */
  readonly stopping: boolean;
}

/** How a program reacts to a signal it handles. */
export interface SignalReaction {
  /** Lines written, `at` relative to the signal. */
  lines?: Array<string | LogLine>;
  /** Exit status (nginx 0, JVM 143, Go without a handler as PID 1: 2). Undefined: it keeps running (nginx reloads on SIGHUP). */
  exitCode?: number;
  /** Virtual ms until it exits (draining). Default: right after its last line. */
  afterMs?: number;
  /** Keeps accepting connections until it exits (serve-hostname's 60 s, netexec --delay-shutdown). */
  keepServing?: boolean;
}

export type SignalHandler = (sig: DaemonSignal, ctx: DaemonContext) => SignalReaction | 'ignore' | undefined;

/**
 * One invocation of a program: everything is declared as data (or small pure functions of the
 * context) so the model can read it later: ports, CPU demand, memory, per-request CPU cost.
 */
export interface DaemonStart {
  /** Lines written at start; a bare string is a stdout line at t=0. */
  lines: Array<string | LogLine>;
  /** Exit with this status after the last line (or at `exitAt` ms). */
  exitCode?: number;
  exitAt?: number;
  /** Entry-point scripts: `exec "$@"` hands the process over to another program (the shell runs it). */
  exec?: string[];
  /** What the script prints when `exec`'s program is missing; default: sh's "exec: X: not found", 127. */
  execNotFound?: (cmd: string) => { text: string; code: number };
  /** Virtual ms after start when the ports accept connections. Default 0. */
  readyAt?: number;
  /** Listening ports for this invocation (default: the behaviour's `ports`, TCP/HTTP). */
  ports?: PortSpec[];
  /** CPU the process would use if unthrottled, in millicores (0 idle server; `stress -cpus 2` → 2000). */
  cpuMillicores?: number;
  /** Resident memory in bytes, or a function of uptime for programs that allocate over time. */
  memoryBytes?: number | ((uptimeMs: number) => number);
  /** CPU each HTTP request costs (ms of one core); also returned per answer as `cpuMs`. */
  cpuMsPerRequest?: number;
  /** HTTP handler for this invocation. Return undefined to fall back to the behaviour's static `http`. */
  http?: (req: HttpRequest, ctx: DaemonContext) => HttpAnswer | undefined;
  /** gRPC health service (agnhost grpc-health-checking). */
  grpcHealth?: (service: string, ctx: DaemonContext) => GrpcHealthAnswer;
  /** Signal handling; undefined = the kernel default (PID 1 ignores catchable signals, others die). */
  onSignal?: SignalHandler;
}

// ---- time formats -------------------------------------------------------------------------

export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
export const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function wallMs(host: ProcessHost): number {
  return (host.epochMs ?? 0) + host.now();
}

function parts(ms: number) {
  const d = new Date(ms);
  return { Y: d.getUTCFullYear(), M: d.getUTCMonth(), D: d.getUTCDate(), h: d.getUTCHours(), m: d.getUTCMinutes(), s: d.getUTCSeconds(), ms: d.getUTCMilliseconds(), wd: d.getUTCDay() };
}

/** Deterministic sub-millisecond digits (programs print µs; virtual time has ms). */
export function micros(ms: number, salt = 0): string {
  let h = (Math.floor(ms) ^ Math.imul(salt + 1, 2654435761)) >>> 0;
  h = Math.imul(h ^ (h >>> 15), 2246822519) >>> 0;
  return pad(parts(ms).ms, 3) + pad(h % 1000, 3);
}

/** nginx error log and Go's log package: 2025/01/06 10:00:00 */
export function fmtSlash(ms: number): string {
  const p = parts(ms);
  return `${p.Y}/${pad(p.M + 1)}/${pad(p.D)} ${pad(p.h)}:${pad(p.m)}:${pad(p.s)}`;
}

/** Common Log Format time: 06/Jan/2025:10:00:05 +0000 */
export function fmtClf(ms: number): string {
  const p = parts(ms);
  return `${pad(p.D)}/${MONTHS[p.M]}/${p.Y}:${pad(p.h)}:${pad(p.m)}:${pad(p.s)} +0000`;
}

/** redis: 06 Jan 2025 10:00:00.123 */
export function fmtRedis(ms: number): string {
  const p = parts(ms);
  return `${pad(p.D)} ${MONTHS[p.M]} ${p.Y} ${pad(p.h)}:${pad(p.m)}:${pad(p.s)}.${pad(p.ms, 3)}`;
}

/** `date --rfc-3339=seconds` (mysql entrypoint): 2025-01-06 10:00:00+00:00 */
export function fmtRfc3339s(ms: number): string {
  const p = parts(ms);
  return `${p.Y}-${pad(p.M + 1)}-${pad(p.D)} ${pad(p.h)}:${pad(p.m)}:${pad(p.s)}+00:00`;
}

/** mysqld error log: 2025-01-06T10:00:00.123456Z */
export function fmtIsoMicro(ms: number, salt = 0): string {
  const p = parts(ms);
  return `${p.Y}-${pad(p.M + 1)}-${pad(p.D)}T${pad(p.h)}:${pad(p.m)}:${pad(p.s)}.${micros(ms, salt)}Z`;
}

/** Tomcat OneLineFormatter: 06-Jan-2025 10:00:00.123 */
export function fmtTomcat(ms: number): string {
  const p = parts(ms);
  return `${pad(p.D)}-${MONTHS[p.M]}-${p.Y} ${pad(p.h)}:${pad(p.m)}:${pad(p.s)}.${pad(p.ms, 3)}`;
}

/** Date part of log file names: 2025-01-06 */
export function fmtDate(ms: number): string {
  const p = parts(ms);
  return `${p.Y}-${pad(p.M + 1)}-${pad(p.D)}`;
}

/** Apache error log: Mon Jan 06 10:00:00.123456 2025 */
export function fmtApache(ms: number, salt = 0): string {
  const p = parts(ms);
  return `${DAYS[p.wd]} ${MONTHS[p.M]} ${pad(p.D)} ${pad(p.h)}:${pad(p.m)}:${pad(p.s)}.${micros(ms, salt)} ${p.Y}`;
}

/** glog header: I0106 10:00:00.123456 (`seq`: lines already written within this millisecond). */
export function fmtGlog(ms: number, level = 'I', seq = 0): string {
  const p = parts(ms);
  return `${level}${pad(p.M + 1)}${pad(p.D)} ${pad(p.h)}:${pad(p.m)}:${pad(p.s)}.${pad(p.ms, 3)}${pad((137 + seq * 61) % 1000, 3)}`;
}

/** Go's time.Time String(): 2025-01-06 10:00:05.123456789 +0000 UTC */
export function fmtGoTime(ms: number): string {
  const p = parts(ms);
  return `${p.Y}-${pad(p.M + 1)}-${pad(p.D)} ${pad(p.h)}:${pad(p.m)}:${pad(p.s)}.${micros(ms)}000 +0000 UTC`;
}

/** Go's time.Duration String(): 1ms, 1s, 1m30s, 10.004s */
export function goDuration(ms: number): string {
  if (ms === 0) return '0s';
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const sec = `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, '')}s`;
  if (h) return `${h}h${m}m${sec}`;
  if (m) return `${m}m${sec}`;
  return sec;
}

/** Go's time.ParseDuration for the forms programs get on command lines ("1s", "500ms", "1m30s"). */
export function parseGoDuration(s: string): number | null {
  if (s === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let m: RegExpExecArray | null;
  let end = 0;
  while ((m = re.exec(s))) {
    const n = Number(m[1]);
    total += n * ({ ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as Record<string, number>)[m[2]!]!;
    end = re.lastIndex;
  }
  return end === s.length && end > 0 ? total : null;
}

// ---- requests -----------------------------------------------------------------------------

export function splitQuery(path: string): { pathname: string; query: Record<string, string> } {
  const q = path.indexOf('?');
  const pathname = q >= 0 ? path.slice(0, q) : path;
  const query: Record<string, string> = {};
  if (q >= 0) {
    for (const kv of path.slice(q + 1).split('&')) {
      if (!kv) continue;
      const eq = kv.indexOf('=');
      const k = decode(eq >= 0 ? kv.slice(0, eq) : kv);
      if (!(k in query)) query[k] = decode(eq >= 0 ? kv.slice(eq + 1) : '');
    }
  }
  return { pathname: pathname || '/', query };
}

function decode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/** Kubernetes resource.Quantity → bytes (vish/stress parses its flags with it). */
export function parseQuantity(s: string): number | null {
  const m = /^([0-9]+(?:\.[0-9]+)?)(Ki|Mi|Gi|Ti|k|M|G|T|m)?$/.exec(s);
  if (!m) return null;
  const mult: Record<string, number> = { '': 1, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, k: 1e3, M: 1e6, G: 1e9, T: 1e12, m: 1e-3 };
  return Math.round(Number(m[1]) * mult[m[2] ?? '']!);
}

/** Quantity.String() canonical form for whole byte counts (binary suffixes when exact). */
export function quantityString(bytes: number, binary: boolean): string {
  if (bytes === 0) return '0';
  const units = binary ? (['Ki', 'Mi', 'Gi', 'Ti'] as const) : (['k', 'M', 'G', 'T'] as const);
  const base = binary ? 1024 : 1000;
  let v = bytes;
  let u = '';
  for (const unit of units) {
    if (v % base !== 0) break;
    v /= base;
    u = unit;
  }
  return `${v}${u}`;
}

export const MiB = 1024 * 1024;

/** Leading "1.27.3" of a version string such as "1.14.2-1~stretch". */
export function versionOf(s: string | undefined): number[] {
  const m = /^(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(s ?? '');
  return m ? [Number(m[1]), Number(m[2] ?? 0), Number(m[3] ?? 0)] : [0, 0, 0];
}

export function versionAtLeast(v: number[], major: number, minor = 0, patch = 0): boolean {
  const [a = 0, b = 0, c = 0] = v;
  return a !== major ? a > major : b !== minor ? b > minor : c >= patch;
}

/** Append to a container file, creating parents; ignored when the path is read-only. */
export function appendFile(host: ProcessHost, path: string, text: string): void {
  try {
    host.fs.writeFile(path, text, { append: true, parents: true });
  } catch {
    /* read-only or not a directory: the program would log a warning we do not model */
  }
}

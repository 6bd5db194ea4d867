/**
 * The small programs Kubernetes tutorials and e2e tests run: pause, agnhost (netexec, liveness,
 * serve-hostname, grpc-health-checking, pause, test-webserver), the old liveness image's /server,
 * vish/stress (Go: -cpus, -mem-total), polinux/stress (stress 1.0.4), perl computing π for the Job
 * walkthrough, and netshoot's zsh.
 */
import type { ProcessHost } from '../shell/types';
import type { DaemonBehaviour } from './daemons';
import {
  fmtGlog,
  fmtGoTime,
  fmtSlash,
  goDuration,
  MiB,
  parseGoDuration,
  parseQuantity,
  quantityString,
  splitQuery,
  type DaemonContext,
  type DaemonStart,
  type HttpAnswer,
  type HttpRequest,
  type LogLine,
  type PortSpec,
  type SignalReaction,
} from './daemon-kit';

/** Go's log package: "2025/01/06 10:00:00 msg" on stderr. */
const goLog = (text: string, at = 0): LogLine => ({ stream: 'stderr', at, text: (t) => `${fmtSlash(t)} ${text}` });

/** A Go program without a SIGTERM handler: the runtime re-raises, PID 1 survives the default action, exit(2). */
const goDefaultSignals = (sig: string, ctx: DaemonContext): SignalReaction | undefined => {
  if (sig === 'SIGTERM' || sig === 'SIGINT' || sig === 'SIGHUP' || sig === 'SIGQUIT') {
    if (ctx.pid === 1) return { exitCode: 2 };
  }
  return undefined;
};

/** Deterministic client source port for RemoteAddr. */
function srcPort(req: HttpRequest, salt: number): number {
  let h = 2166136261 ^ salt;
  for (const c of `${req.clientIP}${req.path}`) h = Math.imul(h ^ c.charCodeAt(0), 16777619) >>> 0;
  return 32768 + (h % 28000);
}

function goSeconds(ms: number): string {
  // time.Duration.Seconds() printed with %v: shortest float representation.
  return String(ms / 1000);
}

// ---- pause ---------------------------------------------------------------------------------

/** registry.k8s.io/pause tags (each image's `pause -v` prints its own version). */
export const PAUSE_VERSIONS = ['3.10.1', '3.10', '3.9', '3.8', '3.7', '3.6', '3.5', '3.4.1', '3.3', '3.2', '3.1', '3.0'];

function pauseStart(argv: string[], version: string): DaemonStart {
  if (argv.slice(1).some((a) => a.toLowerCase() === '-v')) return { lines: [`pause.c v${version}`], exitCode: 0 };
  return {
    lines: [],
    cpuMillicores: 0,
    memoryBytes: 280 * 1024,
    onSignal: (sig) => {
      if (sig === 'SIGTERM' || sig === 'SIGINT') return { lines: [{ stream: 'stderr', text: `Shutting down, got signal: ${sig === 'SIGTERM' ? 'Terminated' : 'Interrupt'}` }], exitCode: 0 };
      return undefined;
    },
  };
}

function pauseWarn(pid: number): LogLine[] {
  return pid === 1 ? [] : [{ stream: 'stderr', text: 'Warning: pause should be the first process' }];
}

// ---- liveness (agnhost liveness and the old registry.k8s.io/liveness /server) ------------------

function livenessServer(): DaemonStart {
  return {
    lines: [],
    ports: [{ port: 8080, protocol: 'TCP', kind: 'http' }],
    cpuMillicores: 0,
    memoryBytes: 4 * MiB,
    http: (req, ctx) => {
      const { pathname, query } = splitQuery(req.path);
      const up = ctx.uptimeMs();
      if (pathname === '/healthz') return up > 10_000 ? { status: 500, body: `error: ${goSeconds(up)}` } : { status: 200, body: 'ok' };
      if (pathname === '/started') return { status: 200, body: goDuration(up) };
      if (pathname === '/redirect') return { status: 302, body: `<a href="${query.loc ?? ''}">Found</a>.\n\n`, headers: { Location: query.loc ?? '' } };
      return { status: 404, body: '404 page not found\n' };
    },
    onSignal: goDefaultSignals,
  };
}

// ---- agnhost -------------------------------------------------------------------------------

/** agnhost's cobra flags: --name=value or --name value. */
function flags(args: string[]): { values: Record<string, string>; positional: string[] } {
  const values: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const m = /^--?([\w-]+)(?:=(.*))?$/.exec(a);
    if (!m) {
      positional.push(a);
      continue;
    }
    if (m[2] !== undefined) values[m[1]!] = m[2];
    else if (args[i + 1] !== undefined && !args[i + 1]!.startsWith('-')) values[m[1]!] = args[++i]!;
    else values[m[1]!] = 'true';
  }
  return { values, positional };
}

const AGNHOST_COMMANDS: Record<string, string> = {
  'audit-proxy': 'Listens on port 8080 for incoming audit events',
  connect: 'Attempts a TCP connection and returns useful errors',
  'crd-conversion-webhook': 'Starts an HTTP server, useful for testing MutatingAdmissionWebhook and ValidatingAdmissionWebhook',
  'dns-server-list': 'Prints the host’s DNS Servers.',
  'dns-suffix': 'Prints the host’s DNS suffix list.',
  'entrypoint-tester': 'Prints the args it’s passed and exits.',
  'etc-hosts': 'Prints the host’s /etc/hosts file.',
  'fake-gitserver': 'Fakes a git server',
  'grpc-health-checking': 'Starts a simple grpc health checking endpoint',
  guestbook: 'Creates a HTTP server with various endpoints representing a guestbook app',
  help: 'Help about any command',
  'inclusterclient': 'Periodically poll the Kubernetes "/healthz" endpoint',
  liveness: 'Starts a server that is alive for 10 seconds',
  'logs-generator': 'Outputs lines of logs to stdout uniformly',
  mounttest: 'Creates files with given permissions and checks them',
  net: 'Creates webserver or runner for various networking tests',
  netexec: 'Creates HTTP(S), UDP, and (optionally) SCTP servers with various endpoints',
  nettest: 'Starts a tiny web server for checking networking connectivity',
  'no-snat-test': 'Creates the /checknosnat and /whoami endpoints',
  'no-snat-test-proxy': 'Creates a proxy for the /checknosnat endpoint',
  pause: 'Pauses the execution',
  porter: 'Serves requested data on ports specified in ENV variables',
  'port-forward-tester': 'Creates a TCP server that sends data to connected clients',
  'resource-consumer-controller': 'Starts a HTTP server that spreads requests around resource consumers',
  'serve-hostname': 'Serves the hostname',
  'test-webserver': 'Creates a simple HTTP fileserver which serves any file specified in the URL path, if it exists.',
  'test-service-account-issuer-discovery': 'Tests the ServiceAccountIssuerDiscovery feature',
  webhook: 'Starts a HTTP server, useful for testing MutatingAdmissionWebhook and ValidatingAdmissionWebhook',
};

function agnhostHelp(): string[] {
  const names = Object.keys(AGNHOST_COMMANDS).sort();
  const w = Math.max(...names.map((n) => n.length)) + 2;
  return ['Usage:', '  app [command]', '', 'Available Commands:', ...names.map((n) => `  ${n.padEnd(w)}${AGNHOST_COMMANDS[n]}`), '', 'Flags:', '  -h, --help      help for app', '  -v, --version   version for app', '', 'Use "app [command] --help" for more information about a command.'];
}

/** registry.k8s.io/e2e-test-images/agnhost tags. */
export const AGNHOST_VERSIONS = ['2.21', '2.26', '2.28', '2.32', '2.33', '2.36', '2.39', '2.40', '2.43', '2.45', '2.47', '2.48', '2.50', '2.51', '2.52', '2.53'];

function agnhostStart(host: ProcessHost, argv: string[], version: string): DaemonStart {
  const [sub, ...rest] = argv.slice(1);
  if (sub === undefined || sub === 'help' || sub === '--help' || sub === '-h') return { lines: agnhostHelp(), exitCode: 0 };
  if (sub === '--version' || sub === '-v') return { lines: [`app version ${version}`], exitCode: 0 };
  if (!(sub in AGNHOST_COMMANDS)) {
    // cobra prints the error; agnhost ignores Execute()'s error, so the exit status is 0.
    return { lines: [{ stream: 'stderr', text: `Error: unknown command "${sub}" for "app"` }, { stream: 'stderr', text: "Run 'app --help' for usage." }], exitCode: 0 };
  }
  const { values } = flags(rest);
  switch (sub) {
    case 'pause':
      return agnhostPause(Number(values['delay-shutdown'] ?? 0));
    case 'liveness':
      return livenessServer();
    case 'netexec':
      return netexec(host, values);
    case 'serve-hostname':
      return serveHostname(host, values);
    case 'grpc-health-checking':
      return grpcHealthChecking(values);
    case 'test-webserver':
      return testWebserver(host, values);
    case 'entrypoint-tester':
      return { lines: [JSON.stringify(argv.slice(1))], exitCode: 0 };
    case 'dns-suffix': {
      let search = '';
      try {
        search = /^search\s+(.*)$/m.exec(host.fs.readFile('/etc/resolv.conf'))?.[1] ?? '';
      } catch {
        search = '';
      }
      return { lines: [search.trim().split(/\s+/).join(',')], exitCode: 0 };
    }
    case 'dns-server-list':
      return { lines: [host.dnsServer], exitCode: 0 };
    case 'etc-hosts': {
      let hosts = '';
      try {
        hosts = host.fs.readFile('/etc/hosts');
      } catch {
        hosts = '';
      }
      return { lines: hosts.replace(/\n$/, '').split('\n'), exitCode: 0 };
    }
    default:
      // A real subcommand this model does not implement: it runs without observable output.
      return { lines: [], cpuMillicores: 0, memoryBytes: 6 * MiB, onSignal: goDefaultSignals };
  }
}

function agnhostPause(delaySeconds: number): DaemonStart {
  return {
    lines: ['Paused'],
    cpuMillicores: 0,
    memoryBytes: 2 * MiB,
    onSignal: (sig) => {
      if (sig !== 'SIGTERM' && sig !== 'SIGINT') return undefined;
      const code = sig === 'SIGINT' ? 1 : 2;
      const lines: LogLine[] = [];
      // fmt.Printf without a newline: it shares a line with "exiting N".
      if (delaySeconds > 0) lines.push({ text: `Sleeping ${delaySeconds} seconds before exit ...exiting ${code}`, at: delaySeconds * 1000 });
      else lines.push({ text: `exiting ${code}` });
      return { lines, exitCode: code, afterMs: delaySeconds * 1000 };
    },
  };
}

function netexec(host: ProcessHost, values: Record<string, string>): DaemonStart {
  const httpPort = Number(values['http-port'] ?? 8080);
  const udpPort = Number(values['udp-port'] ?? 8081);
  const sctpPort = Number(values['sctp-port'] ?? -1);
  const delay = Number(values['delay-shutdown'] ?? 0);
  const lines: LogLine[] = [goLog(`Started HTTP server on port ${httpPort}`)];
  if (udpPort !== -1) lines.push(goLog(`Started UDP server on port  ${udpPort}`));
  if (sctpPort !== -1) lines.push(goLog('Started SCTP server'));
  const ready = udpPort !== -1 || sctpPort !== -1;
  const ports: PortSpec[] = [{ port: httpPort, protocol: 'TCP', kind: 'http' }];
  if (udpPort !== -1) ports.push({ port: udpPort, protocol: 'UDP', kind: 'tcp' });
  const hostname = host.hostname;
  return {
    lines,
    ports,
    cpuMillicores: 0,
    memoryBytes: 7 * MiB,
    cpuMsPerRequest: 0.2,
    http: (req, ctx): HttpAnswer => {
      const { pathname, query } = splitQuery(req.path);
      const log = (s: string) => ctx.log(goLog(s));
      const ok = (body: string, status = 200): HttpAnswer => ({ status, body, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
      switch (pathname) {
        case '/':
          log('GET /');
          return ok(`NOW: ${fmtGoTime(ctx.wallMs())} m=+${(ctx.uptimeMs() / 1000).toFixed(9)}`);
        case '/clientip':
          log('GET /clientip');
          return ok(`${req.clientIP ?? '127.0.0.1'}:${srcPort(req, 1)}`);
        case '/echo': {
          const msg = query.msg ?? '';
          const code = query.code ?? '';
          log(`GET /echo?msg=${msg}&code=${code}`);
          if (code !== '' && !/^-?\d+$/.test(code)) return ok(`argument 'code' must be an integer or empty, got "${code}"\n`);
          return ok(msg, code === '' ? 200 : Number(code));
        }
        case '/healthz':
          log('GET /healthz');
          return ready ? ok('') : ok('', 412);
        case '/readyz':
          log('GET /readyz');
          if (ctx.stopping) return ok('shutting down', 503);
          return ready ? ok('ok') : ok('', 412);
        case '/hostname':
          log('GET /hostname');
          return ok(hostname);
        case '/hostName':
          log('GET /hostName');
          return ok(hostname);
        case '/header': {
          const key = query.key;
          log(key ? `GET /header?key=${key}` : 'GET /header');
          const headers: Record<string, string[]> = { Accept: ['*/*'], 'User-Agent': [req.userAgent ?? 'Wget'] };
          for (const [k, v] of Object.entries(req.headers ?? {})) headers[k] = [v];
          return ok(key ? (headers[key]?.[0] ?? '') : JSON.stringify(headers));
        }
        case '/shutdown':
          log('GET /shutdown');
          ctx.exit(0);
          return { status: 0, body: '', error: 'eof' };
        case '/exit': {
          const code = query.code ?? '';
          const timeout = query.timeout ?? '';
          const wait = query.wait ?? '';
          log(`GET /exit?code=${code}&timeout=${timeout}&wait=${wait}`);
          const waitMs = wait === '' ? 0 : parseGoDuration(wait);
          const timeoutMs = timeout === '' ? 0 : parseGoDuration(timeout);
          if (timeoutMs === null) return ok(`argument 'timeout' must be a valid golang duration or empty, got "${timeout}"\n`);
          if (waitMs === null) return ok(`argument 'wait' must be a valid golang duration or empty, got "${wait}"\n`);
          if (code !== '' && !/^\d+$/.test(code)) return ok(`argument 'code' must be an integer [0-127] or empty, got "${code}"\n`);
          log(`Will begin shutdown in ${goDuration(waitMs)}, allowing ${goDuration(timeoutMs)} for connections to close, then will exit with ${Number(code || 0)}`);
          if (timeoutMs > 0) ctx.log(goLog('Graceful shutdown completed with: <nil>', waitMs));
          ctx.exit(Number(code || 0), waitMs);
          return { status: 0, body: '', error: 'eof', latencyMs: waitMs };
        }
        case '/redirect': {
          const location = query.location ?? '';
          const code = query.code ?? '';
          log(`${(req.method ?? 'GET').toUpperCase()} /redirect?msg=${location}&code=${code}`);
          return { status: code ? Number(code) : 302, body: `<a href="${location}">Found</a>.\n\n`, headers: { Location: location } };
        }
        case '/dial': {
          const { host: h = '', port = '', request = '', protocol = '', tries = '' } = query;
          log(`GET /dial?host=${h}&protocol=${protocol}&port=${port}&request=${request}&tries=${tries}`);
          if (!request) return ok('request parameter not specified. <nil>\n', 400);
          if (protocol && protocol.toLowerCase() !== 'http') return ok(JSON.stringify({ errors: [`${protocol.toLowerCase()} dial is not modelled`] }));
          const responses: string[] = [];
          const errors: string[] = [];
          for (let i = 0; i < Math.max(1, Number(tries || 1)); i++) {
            const r = ctx.host.httpGet(`http://${h}:${port}/${request.replace(/^\//, '')}`);
            if (r.error) errors.push(`Get "http://${h}:${port}/${request}": dial tcp ${h}:${port}: connect: connection refused`);
            else responses.push(r.body);
          }
          const out: Record<string, string[]> = {};
          if (responses.length) out.responses = responses;
          if (errors.length) out.errors = errors;
          return ok(JSON.stringify(out));
        }
        case '/shell': {
          const cmd = query.shellCommand || query.cmd || '';
          log(`GET /shell?cmd=${cmd}`);
          log('Output: map[]');
          return ok('{}');
        }
        default:
          // The "/" handler of Go's ServeMux catches every other path.
          log('GET /');
          return ok(`NOW: ${fmtGoTime(ctx.wallMs())} m=+${(ctx.uptimeMs() / 1000).toFixed(9)}`);
      }
    },
    onSignal: (sig) => {
      if (sig !== 'SIGTERM') return undefined;
      // /readyz turns 503 at once; with --delay-shutdown the server keeps serving meanwhile.
      return delay > 0 ? { lines: [goLog(`Sleeping ${delay} seconds before terminating...`)], exitCode: 0, afterMs: delay * 1000, keepServing: true } : { exitCode: 0 };
    },
  };
}

function serveHostname(host: ProcessHost, values: Record<string, string>): DaemonStart {
  const port = Number(values.port ?? 9376);
  const tcp = values.tcp === 'true';
  const udp = values.udp === 'true';
  const http = values.http !== 'false';
  if (http && (tcp || udp)) return { lines: [goLog("Can't server TCP/UDP mode and HTTP mode at the same time")], exitCode: 1 };
  const ports: DaemonStart['ports'] = [];
  if (http) ports.push({ port, protocol: 'TCP', kind: 'http' });
  if (tcp) ports.push({ port, protocol: 'TCP', kind: 'tcp' });
  if (udp) ports.push({ port, protocol: 'UDP', kind: 'tcp' });
  return {
    lines: [goLog(`Serving on port ${port}.`)],
    ports,
    cpuMillicores: 0,
    memoryBytes: 4 * MiB,
    http: (req, ctx) => {
      ctx.log(goLog(`HTTP request from ${req.clientIP ?? '127.0.0.1'}:${srcPort(req, 2)}`));
      return { status: 200, body: host.hostname, headers: { 'Content-Type': 'text/plain; charset=utf-8' } };
    },
    onSignal: (sig) => {
      if (sig !== 'SIGTERM') return goDefaultSignals(sig, { pid: 1 } as DaemonContext);
      // It logs, keeps serving, sleeps 60 s, then main returns (exit 0).
      return { lines: [goLog('Shutting down after receiving signal: terminated.'), goLog('Awaiting pod deletion.')], exitCode: 0, afterMs: 60_000, keepServing: true };
    },
  };
}

function grpcHealthChecking(values: Record<string, string>): DaemonStart {
  const port = Number(values.port ?? 5000);
  const httpPort = Number(values['http-port'] ?? 8080);
  const delay = Number(values['delay-unhealthy-sec'] ?? -1);
  const service = values.service ?? '';
  return {
    lines: [goLog(`Http server starting to listen on :${httpPort}`), goLog(`gRPC server starting to listen on :${port}`)],
    ports: [
      { port, protocol: 'TCP', kind: 'grpc' },
      { port: httpPort, protocol: 'TCP', kind: 'http' },
    ],
    cpuMillicores: 0,
    memoryBytes: 8 * MiB,
    grpcHealth: (svc, ctx) => {
      ctx.log(goLog(`Serving the Check request for health check, started at ${fmtGoTime(ctx.startedAt + (ctx.wallMs() - ctx.host.now()))} m=+0.001302807`));
      if (svc !== service) return { error: 'not-found' };
      const forced = ctx.state.forceUnhealthy as boolean | undefined;
      if (forced === true || (forced === undefined && delay >= 0 && ctx.uptimeMs() >= delay * 1000)) return { status: 'NOT_SERVING' };
      return { status: 'SERVING' };
    },
    http: (req, ctx) => {
      const { pathname } = splitQuery(req.path);
      if (pathname === '/make-not-serving' || pathname === '/make-serving') {
        const bad = pathname === '/make-not-serving';
        ctx.log(goLog(bad ? 'Mark as unhealthy' : 'Mark as healthy'));
        ctx.state.forceUnhealthy = bad;
        return { status: 200, body: goDuration(ctx.uptimeMs()) };
      }
      return { status: 404, body: '404 page not found\n' };
    },
    onSignal: goDefaultSignals,
  };
}

function testWebserver(host: ProcessHost, values: Record<string, string>): DaemonStart {
  const port = Number(values.port ?? 80);
  return {
    lines: [],
    ports: [{ port, protocol: 'TCP', kind: 'http' }],
    cpuMillicores: 0,
    memoryBytes: 4 * MiB,
    http: (req) => {
      const { pathname } = splitQuery(req.path);
      const node = host.fs.lookup(pathname);
      if (node?.kind === 'file') return { status: 200, body: host.fs.readFile(pathname) };
      if (node?.kind === 'dir') return { status: 200, body: `<pre>\n${host.fs.list(pathname).map((n) => `<a href="${n}">${n}</a>`).join('\n')}\n</pre>\n` };
      return { status: 404, body: '404 page not found\n' };
    },
    onSignal: goDefaultSignals,
  };
}

// ---- vish/stress (Go) ----------------------------------------------------------------------

const VISH_USAGE = [
  'Usage of /stress:',
  '  -alsologtostderr',
  '    \tlog to standard error as well as files',
  '  -cpus int',
  '    \ttotal number of CPUs to utilize',
  '  -log_backtrace_at value',
  '    \twhen logging hits line file:N, emit a stack trace',
  '  -log_dir string',
  '    \tIf non-empty, write log files in this directory',
  '  -logtostderr',
  '    \tlog to standard error instead of files',
  '  -mem-alloc-size string',
  '    \tamount of memory to be consumed in each allocation (default "4Ki")',
  '  -mem-alloc-sleep duration',
  '    \tduration to sleep between allocations (default 1ms)',
  '  -mem-total string',
  '    \ttotal memory to be consumed. Memory will be consumed via multiple allocations. (default "0")',
  '  -stderrthreshold value',
  '    \tlogs at or above this threshold go to stderr',
  '  -v value',
  '    \tlog level for V logs',
  '  -vmodule value',
  '    \tcomma-separated list of pattern=N settings for file-filtered logging',
];

function vishStressStart(host: ProcessHost, argv: string[]): DaemonStart {
  const known = new Set(['cpus', 'mem-total', 'mem-alloc-size', 'mem-alloc-sleep', 'logtostderr', 'alsologtostderr', 'v', 'vmodule', 'log_dir', 'log_backtrace_at', 'stderrthreshold']);
  const bools = new Set(['logtostderr', 'alsologtostderr']);
  const v: Record<string, string> = {};
  const err = (text: string): LogLine => ({ stream: 'stderr', text });
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const m = /^--?([\w-]+)(?:=(.*))?$/.exec(a);
    if (!m) break; // Go's flag package stops at the first non-flag
    const name = m[1]!;
    if (!known.has(name)) return { lines: [err(`flag provided but not defined: -${name}`), ...VISH_USAGE.map(err)], exitCode: 2 };
    if (m[2] !== undefined) v[name] = m[2];
    else if (bools.has(name)) v[name] = 'true';
    else if (args[i + 1] === undefined) return { lines: [err(`flag needs an argument: -${name}`), ...VISH_USAGE.map(err)], exitCode: 2 };
    else v[name] = args[++i]!;
  }
  const cpus = Number(v.cpus ?? 0);
  if (!Number.isInteger(cpus)) return { lines: [err(`invalid value "${v.cpus}" for flag -cpus: parse error`), ...VISH_USAGE.map(err)], exitCode: 2 };
  const sleepMs = parseGoDuration(v['mem-alloc-sleep'] ?? '1ms');
  if (sleepMs === null) return { lines: [err(`invalid value "${v['mem-alloc-sleep']}" for flag -mem-alloc-sleep: parse error`), ...VISH_USAGE.map(err)], exitCode: 2 };
  const totalS = v['mem-total'] ?? '0';
  const stepS = v['mem-alloc-size'] ?? '4Ki';
  for (const q of [totalS, stepS]) {
    if (parseQuantity(q) === null) return { lines: [err(`panic: cannot parse '${q}': quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`), err(''), err('goroutine 1 [running]:'), err('main.main()')], exitCode: 2 };
  }
  const total = parseQuantity(totalS)!;
  const step = parseQuantity(stepS)!;
  const toStderr = v.logtostderr === 'true' || v.alsologtostderr === 'true';
  let seq = 0;
  const g = (text: string, line: number, at = 0): LogLine => {
    const n = seq++;
    // glog's µs grow with each line written in the same millisecond.
    return { stream: toStderr ? 'stderr' : null, at, file: toStderr ? undefined : `/tmp/stress.${host.hostname}.root.log.INFO`, text: (t) => `${fmtGlog(t, 'I', n)}       1 main.go:${line}] ${text}` };
  };
  const binary = /i$/.test(totalS) || totalS === '0';
  const n = step > 0 ? Math.floor(total / step) : 0;
  const doneAt = n * sleepMs;
  const lines: LogLine[] = [g(`Allocating "${quantityString(total, binary)}" memory, in "${quantityString(step, /i$/.test(stepS))}" chunks, with a ${goDuration(sleepMs)} sleep between allocations`, 26)];
  for (let i = 0; i < cpus; i++) lines.push(g('Spawning a thread to consume CPU', 39));
  lines.push(g(`Allocated "${quantityString(total, binary)}" memory`, 29, doneAt));
  const base = 1.6 * MiB;
  return {
    lines,
    cpuMillicores: cpus * 1000,
    memoryBytes: (up) => base + (n === 0 ? 0 : step * Math.min(n, Math.floor(up / Math.max(sleepMs, 0.001)) + 1)),
    onSignal: goDefaultSignals,
  };
}

// ---- stress 1.0.4 (polinux/stress) ------------------------------------------------------------

const STRESS_USAGE = (p: string) => [
  `\`${p}' imposes certain types of compute stress on your system`,
  '',
  `Usage: ${p} [OPTION [ARG]] ...`,
  ' -?, --help         show this help statement',
  '     --version      show version statement',
  ' -v, --verbose      be verbose',
  ' -q, --quiet        be quiet',
  ' -n, --dry-run      show what would have been done',
  ' -t, --timeout N    timeout after N seconds',
  '     --backoff N    wait factor of N microseconds before work starts',
  ' -c, --cpu N        spawn N workers spinning on sqrt()',
  ' -i, --io N         spawn N workers spinning on sync()',
  ' -m, --vm N         spawn N workers spinning on malloc()/free()',
  '     --vm-bytes B   malloc B bytes per vm worker (default is 256MB)',
  '     --vm-stride B  touch a byte every B bytes (default is 4096)',
  '     --vm-hang N    sleep N secs before free (default none, 0 is inf)',
  '     --vm-keep      redirty memory instead of freeing and reallocating',
  ' -d, --hdd N        spawn N workers spinning on write()/unlink()',
  '     --hdd-bytes B  write B bytes per hdd worker (default is 1GB)',
  '',
  `Example: ${p} --cpu 8 --io 4 --vm 2 --vm-bytes 128M --timeout 10s`,
  '',
  'Note: Numbers may be suffixed with s,m,h,d,y (time) or B,K,M,G (size).',
];

/** atoll_b: a size with an optional B/K/M/G suffix (powers of two). */
function atollB(s: string): number | string {
  const suffix = s[s.length - 1] ?? '';
  const shift = { b: 0, B: 0, k: 10, K: 10, m: 20, M: 20, g: 30, G: 30 }[suffix];
  if (shift === undefined && !/[0-9]/.test(suffix)) return `unrecognized suffix: ${suffix}`;
  const m = /^[-+]?(0x[0-9a-f]+|0[0-7]*|[1-9][0-9]*)/i.exec(s);
  if (!m) return `invalid number: ${s}`;
  return Number(m[1]!.startsWith('0') && m[1] !== '0' && !m[1]!.startsWith('0x') ? parseInt(m[1]!, 8) : Number(m[1])) * 2 ** (shift ?? 0) * (s.startsWith('-') ? -1 : 1);
}

/** atoll_s: a time with an optional s/m/h/d/y suffix. */
function atollS(s: string): number | string {
  const suffix = s[s.length - 1] ?? '';
  const mult = { s: 1, S: 1, m: 60, M: 60, h: 3600, H: 3600, d: 86400, D: 86400, y: 31536000, Y: 31536000 }[suffix];
  if (mult === undefined && !/[0-9]/.test(suffix)) return `unrecognized suffix: ${suffix}`;
  const m = /^[-+]?\d+/.exec(s);
  if (!m) return `invalid number: ${s}`;
  return Number(m[0]) * (mult ?? 1);
}

function stressStart(_host: ProcessHost, argv: string[], pid: number): DaemonStart {
  const prog = (argv[0] ?? 'stress').split('/').pop()!;
  const P = `[${pid}]`;
  const fail = (line: number, text: string): DaemonStart => ({ lines: [{ stream: 'stderr', text: `${prog}: FAIL: ${P} (${line}) ${text}` }], exitCode: 1 });
  let debug = 2;
  let dry = false;
  let backoff = 3000;
  let timeout = 0;
  let cpu = 0;
  let io = 0;
  let vm = 0;
  let vmBytes = 256 * MiB;
  let hang = -1;
  let hdd = 0;
  const args = argv.slice(1);
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const need = (name: string): string | DaemonStart => {
      const next = args[i + 1];
      if (next === undefined || (next[0] === '-' && !/[0-9]/.test(next[1] ?? ''))) return fail(92, `missing argument to option '${name}'`);
      i++;
      return next;
    };
    const num = (name: string, parse: (s: string) => number | string, check: (n: number) => string | null): number | DaemonStart => {
      const s = need(name);
      if (typeof s !== 'string') return s;
      const n = parse(s);
      if (typeof n === 'string') return fail(n.startsWith('unrecognized') ? 564 : 575, n);
      const bad = check(n);
      return bad ? fail(200, bad) : n;
    };
    let r: number | DaemonStart | undefined;
    switch (a) {
      case '--help':
      case '-?':
        return { lines: STRESS_USAGE(prog), exitCode: 0 };
      case '--version':
        return { lines: [`${prog} 1.0.4`], exitCode: 0 };
      case '--verbose':
      case '-v':
        debug = 3;
        continue;
      case '--quiet':
      case '-q':
        debug = 0;
        continue;
      case '--dry-run':
      case '-n':
        dry = true;
        continue;
      case '--vm-keep':
        continue;
      case '--backoff':
        r = num('--backoff', (s) => (/^\d+$/.test(s) ? Number(s) : `invalid number: ${s}`), (n) => (n < 0 ? `invalid backoff factor: ${n}` : null));
        if (typeof r === 'number') backoff = r;
        break;
      case '--timeout':
      case '-t':
        r = num('--timeout', atollS, (n) => (n <= 0 ? `invalid timeout value: ${n}s` : null));
        if (typeof r === 'number') timeout = r;
        break;
      case '--cpu':
      case '-c':
        r = num('--cpu', atollB, (n) => (n <= 0 ? `invalid number of cpu hogs: ${n}` : null));
        if (typeof r === 'number') cpu = r;
        break;
      case '--io':
      case '-i':
        r = num('--io', atollB, (n) => (n <= 0 ? `invalid number of io hogs: ${n}` : null));
        if (typeof r === 'number') io = r;
        break;
      case '--vm':
      case '-m':
        r = num('--vm', atollB, (n) => (n <= 0 ? `invalid number of vm hogs: ${n}` : null));
        if (typeof r === 'number') vm = r;
        break;
      case '--vm-bytes':
        r = num('--vm-bytes', atollB, (n) => (n <= 0 ? `invalid vm byte value: ${n}` : null));
        if (typeof r === 'number') vmBytes = r;
        break;
      case '--vm-stride':
        r = num('--vm-stride', atollB, (n) => (n <= 0 ? `invalid stride value: ${n}` : null));
        break;
      case '--vm-hang':
        r = num('--vm-hang', atollB, (n) => (n < 0 ? `invalid value: ${n}` : null));
        if (typeof r === 'number') hang = r;
        break;
      case '--hdd':
      case '-d':
        r = num('--hdd', atollB, (n) => (n <= 0 ? `invalid number of hdd hogs: ${n}` : null));
        if (typeof r === 'number') hdd = r;
        break;
      case '--hdd-bytes':
        r = num('--hdd-bytes', atollB, (n) => (n <= 0 ? `invalid hdd byte value: ${n}` : null));
        break;
      default:
        return fail(259, `unrecognized option: ${a}`);
    }
    if (r !== undefined && typeof r !== 'number') return r;
  }
  const hogs = cpu + io + vm + hdd;
  if (!hogs) return { lines: STRESS_USAGE(prog), exitCode: 0 };
  const lines: LogLine[] = [];
  if (debug >= 2) lines.push({ text: `${prog}: info: ${P} dispatching hogs: ${cpu} cpu, ${io} io, ${vm} vm, ${hdd} hdd` });
  if (debug >= 3) {
    let child = pid + 6;
    let left = { cpu, io, vm, hdd };
    let forks = hogs;
    while (forks > 0) {
      lines.push({ text: `${prog}: dbug: ${P} using backoff sleep of ${backoff * forks}us` });
      if (timeout) lines.push({ text: `${prog}: dbug: ${P} setting timeout to ${timeout}s` });
      for (const k of ['cpu', 'io', 'vm', 'hdd'] as const) {
        if (left[k] > 0) {
          lines.push({ text: `${prog}: dbug: ${P} --> hog${k} worker ${left[k]} [${child++}] forked` });
          left = { ...left, [k]: left[k] - 1 };
        }
      }
      forks = left.cpu + left.io + left.vm + left.hdd;
    }
  }
  const base = 5.3 * MiB;
  // A vm worker that hangs sleeps most of the time; without --vm-hang it spins on malloc/free.
  const vmCpu = hang === 0 ? 0 : hang > 0 ? 100 : 1000;
  const start: DaemonStart = {
    lines,
    cpuMillicores: dry ? 0 : cpu * 1000 + io * 1000 + hdd * 1000 + vm * vmCpu,
    memoryBytes: (up) => (dry || up < 60 ? base : base + vm * vmBytes),
    // No handler for SIGTERM: as PID 1 it is ignored and the kubelet has to SIGKILL after the grace period.
  };
  if (dry) return { ...start, exitCode: 0, lines: [...lines, { text: `${prog}: info: ${P} successful run completed in 0s`, at: 10 }] };
  if (timeout) return { ...start, exitCode: 0, exitAt: timeout * 1000, lines: [...lines, { text: `${prog}: info: ${P} successful run completed in ${timeout}s`, at: timeout * 1000 }] };
  return start;
}

// ---- perl: the Job walkthrough's π -------------------------------------------------------------

/** π to `digits` significant digits, rounded, as Math::BigFloat's bpi prints it. */
export function piDigits(digits: number): string {
  const guard = 12;
  const scale = 10n ** BigInt(digits + guard);
  // Machin: π = 16·atan(1/5) − 4·atan(1/239)
  const atanInv = (x: bigint): bigint => {
    let sum = 0n;
    let term = scale / x;
    const x2 = x * x;
    for (let k = 0n; term !== 0n; k++) {
      const t = term / (2n * k + 1n);
      sum += k % 2n === 0n ? t : -t;
      term /= x2;
    }
    return sum;
  };
  const pi = 16n * atanInv(5n) - 4n * atanInv(239n); // π × 10^(digits+guard)
  const s = pi.toString(); // "31415…", digits+guard+1 long
  let head = BigInt(s.slice(0, digits));
  const next = Number(s[digits]);
  if (next > 5 || (next === 5 && (/[1-9]/.test(s.slice(digits + 1)) || head % 2n === 1n))) head += 1n;
  const out = head.toString();
  return `${out[0]}.${out.slice(1)}`;
}

function perlStart(_host: ProcessHost, argv: string[]): DaemonStart {
  const args = argv.slice(1);
  const script = args.find((_a, i) => i > 0 && /^-\w*e$/.test(args[i - 1] ?? '')) ?? '';
  const bpi = /print\s+bpi\((\d+)\)/.exec(script);
  if (bpi && args.some((a) => /^-Mbignum=.*\bbpi\b/.test(a))) {
    const n = Number(bpi[1]);
    // The Job walkthrough: "It takes around 10s to complete" for bpi(2000).
    const ms = Math.max(50, Math.round((n / 2000) ** 2 * 9000));
    return { lines: [{ text: piDigits(n), at: ms }], exitCode: 0, exitAt: ms + 5, cpuMillicores: 1000, memoryBytes: 9 * MiB };
  }
  const lit = /^\s*print\s+(?:"((?:[^"\\]|\\.)*)"|'([^']*)')\s*;?\s*$/.exec(script);
  if (lit) {
    const nl = args.some((a) => /^-\w*l\w*e$/.test(a));
    const text = (lit[1] ?? lit[2] ?? '').replace(/\\n/g, '\n').replace(/\\t/g, '\t') + (nl ? '\n' : '');
    return { lines: text ? text.replace(/\n$/, '').split('\n').map((l) => ({ text: l })) : [], exitCode: 0, exitAt: 20 };
  }
  if (args.includes('-v') || args.includes('--version')) {
    const v = /perl(5\.\d+\.\d+)$/.exec(argv[0] ?? '')?.[1] ?? '5.40.0';
    return { lines: ['', `This is perl 5, version ${v.split('.')[1]}, subversion ${v.split('.')[2]} (v${v}) built for x86_64-linux-gnu-thread-multi`], exitCode: 0 };
  }
  if (args.includes('-de0')) {
    // The image's default command starts the debugger; with no terminal it reads EOF and quits.
    return { lines: ['', 'Loading DB routines from perl5db.pl version 1.60', 'Editor support available.', '', "Enter h or 'h h' for help, or 'man perldebug' for more help.", '', 'main::(-e:1):\t0'], exitCode: 0, exitAt: 30 };
  }
  // Any other Perl program: it runs, and this model does not interpret it.
  return { lines: [], cpuMillicores: 0, memoryBytes: 6 * MiB };
}

export const TEST_DAEMONS: Record<string, DaemonBehaviour> = {
  ...Object.fromEntries(
    PAUSE_VERSIONS.map((v) => [
      `pause@${v}`,
      {
        ports: [],
        startup: (_host, argv, info) => {
          const s = pauseStart(argv, v);
          return s.exitCode === undefined ? { ...s, lines: [...pauseWarn(info?.pid ?? 1), ...s.lines] } : s;
        },
        cpuMillicores: 0,
        memoryBytes: 280 * 1024,
      } satisfies DaemonBehaviour,
    ]),
  ),
  ...Object.fromEntries(AGNHOST_VERSIONS.map((v) => [`agnhost@${v}`, { ports: [], startup: (host, argv) => agnhostStart(host, argv, v), cpuMillicores: 0, memoryBytes: 2 * MiB } satisfies DaemonBehaviour])),
  liveness: { ports: [8080], startup: () => livenessServer(), http: (path) => (path === '/healthz' ? { status: 200, body: 'ok' } : { status: 404, body: '404 page not found\n' }), cpuMillicores: 0, memoryBytes: 4 * MiB },
  'vish-stress': { ports: [], startup: vishStressStart, cpuMillicores: 0, memoryBytes: 1.6 * MiB },
  stress: { ports: [], startup: (host, argv, info) => stressStart(host, argv, info?.pid ?? 1), cpuMillicores: 0, memoryBytes: 5.3 * MiB },
  perl: { ports: [], startup: perlStart, memoryBytes: 6 * MiB },
  /** netshoot's default command: this model's shell stands in for zsh. */
  zsh: { ports: [], startup: (_host, argv) => ({ lines: [], exec: ['sh', ...argv.slice(1)] }) },
};
/** The unversioned ids (the newest release). */
TEST_DAEMONS.pause = TEST_DAEMONS['pause@3.10']!;
TEST_DAEMONS.agnhost = TEST_DAEMONS['agnhost@2.53']!;

/** A fake container host on a VirtualClock for driving the shell in tests. */
import { VirtualClock } from '~/cluster/clock';
import { spawnProcess } from '~/cluster/shell';
import type { DnsAnswer, HttpResponse, Process, ProcessHost, ProcInfo, Signal } from '~/cluster/shell/types';
import { HostError } from '~/cluster/shell/types';
import { Vfs } from '~/cluster/shell/vfs';

export interface Line {
  t: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

export interface Harness {
  clock: VirtualClock;
  host: ProcessHost;
  fs: Vfs;
  dns: Map<string, DnsAnswer>;
  http: Map<string, HttpResponse>;
  sysctls: Map<string, string>;
  kills: [number, Signal][];
}

export function makeHost(over: Partial<ProcessHost> = {}): Harness {
  const clock = new VirtualClock();
  const fs = new Vfs(() => clock.now());
  for (const d of ['/tmp', '/root', '/etc', '/bin', '/var/log', '/data']) fs.mkdir(d, true);
  fs.writeFile('/var/run/secrets/kubernetes.io/serviceaccount/namespace', 'default', { parents: true });
  fs.writeFile('/etc/hostname', 'pod-1\n');
  const dns = new Map<string, DnsAnswer>();
  const http = new Map<string, HttpResponse>();
  const sysctls = new Map<string, string>([['net.ipv4.ip_forward', '1'], ['vm.swappiness', '60']]);
  const kills: [number, Signal][] = [];
  const host: ProcessHost = {
    now: () => clock.now(),
    schedule: (at, fn) => {
      const id = clock.at(at, fn);
      return () => clock.cancel(id);
    },
    fs,
    hostname: 'pod-1',
    env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOSTNAME: 'pod-1', HOME: '/root' },
    hasCommand: () => true,
    resolve: (name) => dns.get(name) ?? null,
    dnsServer: '10.96.0.10',
    httpGet: (url) => http.get(url) ?? { status: 0, body: '', error: 'Connection refused' },
    listProcesses: (): ProcInfo[] => [{ pid: 1, user: 'root', startedAt: 0, cmdline: 'sleep 3600' }],
    kill: (pid, sig) => {
      kills.push([pid, sig]);
      return pid === 1;
    },
    sysctlGet: (k) => sysctls.get(k),
    sysctlSet: (k, v) => {
      if (!sysctls.has(k)) throw new HostError(`sysctl: error: '${k}' is an unknown key`);
      if (k.startsWith('vm.')) throw new HostError(`sysctl: error setting key '${k}': Read-only file system`);
      sysctls.set(k, v);
    },
    podIP: '10.244.1.5',
    ...over,
  };
  return { clock, host, fs, dns, http, sysctls, kills };
}

export interface Run {
  h: Harness;
  p: Process;
  lines: Line[];
  exit: { code: number; signal?: Signal; t: number } | null;
  /** All stdout text so far. */
  out(): string;
  err(): string;
  /** Everything in arrival order. */
  all(): string;
}

export function spawn(h: Harness, argv: string[], opts: { tty?: boolean; pid?: number; stdin?: boolean } = {}): Run {
  const lines: Line[] = [];
  const r: Run = {
    h,
    p: null as unknown as Process,
    lines,
    exit: null,
    out: () => lines.filter((l) => l.stream === 'stdout').map((l) => l.text).join(''),
    err: () => lines.filter((l) => l.stream === 'stderr').map((l) => l.text).join(''),
    all: () => lines.map((l) => l.text).join(''),
  };
  r.p = spawnProcess(h.host, {
    argv,
    io: {
      stdout: (text) => lines.push({ t: h.clock.now(), stream: 'stdout', text }),
      stderr: (text) => {
        // An interpreter bug is reported as a crash; never let a test pass over one.
        if (text.startsWith('sh: internal error')) throw new Error(text);
        lines.push({ t: h.clock.now(), stream: 'stderr', text });
      },
    },
    onExit: (code, signal) => {
      r.exit = { code, signal, t: h.clock.now() };
    },
    ...opts,
  });
  r.p.start();
  return r;
}

/** Run `sh -c script` to completion (or until `ms` of virtual time pass). */
export function sh(script: string, opts: { ms?: number; h?: Harness; pid?: number } = {}): Run {
  const h = opts.h ?? makeHost();
  const r = spawn(h, ['sh', '-c', script], { pid: opts.pid ?? 2 });
  h.clock.advanceBy(opts.ms ?? 60_000);
  return r;
}

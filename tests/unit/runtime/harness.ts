/** A container of a catalogue image on a VirtualClock, run the way the kubelet runs it. */
import { VirtualClock } from '~/cluster/clock';
import { spawnProcess } from '~/cluster/shell';
import type { DnsAnswer, HttpResponse, Process, ProcessHost, Signal } from '~/cluster/shell/types';
import { Vfs } from '~/cluster/shell/vfs';
import { containerArgv, findImage, imageHasBinary, parseImageRef, type ImageDef } from '~/cluster/runtime/images';
import { DAEMONS, DaemonProcess } from '~/cluster/runtime/daemons';

/** Mon, 05 Jan 2026 09:00:00 UTC, the cluster's default epoch. */
export const EPOCH = Date.UTC(2026, 0, 5, 9, 0, 0);

export interface Box {
  clock: VirtualClock;
  fs: Vfs;
  host: ProcessHost;
  def: ImageDef;
  sysctls: Map<string, string>;
  http: Map<string, HttpResponse>;
}

export interface BoxOptions {
  env?: Record<string, string>;
  hostname?: string;
  podIP?: string;
  cpuLimitMilli?: number;
  /** Lay down the image's own files (as a kubelet that honours ImageDef.files would). */
  imageFiles?: boolean;
  sysctls?: Record<string, string>;
  /** Share a filesystem with an earlier box (a persistent volume survives restarts). */
  fs?: Vfs;
  clock?: VirtualClock;
}

export function box(image: string, o: BoxOptions = {}): Box {
  const ref = parseImageRef(image);
  if ('error' in ref) throw new Error(ref.error);
  const def = findImage(ref);
  if (!def) throw new Error(`no image ${image}`);
  const clock = o.clock ?? new VirtualClock();
  const fs = o.fs ?? new Vfs(() => clock.now());
  for (const d of ['/tmp', '/etc', '/var/log', '/var/run', '/root']) fs.mkdir(d, true);
  if (def.workingDir) fs.mkdir(def.workingDir, true);
  if (o.imageFiles) for (const [p, data] of Object.entries(def.files ?? {})) if (!fs.exists(p)) fs.writeFile(p, data, { parents: true });
  const sysctls = new Map(Object.entries({ 'vm.overcommit_memory': '1', ...o.sysctls }));
  const http = new Map<string, HttpResponse>();
  const hostname = o.hostname ?? 'web-0';
  const host: ProcessHost = {
    now: () => clock.now(),
    schedule: (at, fn) => {
      const id = clock.at(at, fn);
      return () => clock.cancel(id);
    },
    fs,
    hostname,
    env: { ...def.env, HOSTNAME: hostname, HOME: '/root', ...o.env },
    hasCommand: (n) => imageHasBinary(def, n),
    resolve: (): DnsAnswer | null => null,
    dnsServer: '10.96.0.10',
    httpGet: (url) => http.get(url) ?? { status: 0, body: '', error: 'Connection refused' },
    listProcesses: () => [],
    kill: () => false,
    sysctlGet: (k) => sysctls.get(k),
    sysctlSet: (k, v) => void sysctls.set(k, v),
    podIP: o.podIP ?? '10.244.1.5',
    epochMs: EPOCH,
    ...(def.workingDir ? { cwd: def.workingDir } : {}),
    ...(o.cpuLimitMilli ? { cpuLimitMilli: o.cpuLimitMilli } : {}),
  };
  return { clock, fs, host, def, sysctls, http };
}

export interface Run {
  b: Box;
  argv: string[];
  p: Process;
  /** The server, when argv[0] is one of the image's daemons. */
  d: DaemonProcess | null;
  chunks: { t: number; stream: 'stdout' | 'stderr'; text: string }[];
  exit: { code: number; signal?: Signal; t: number } | null;
  out(): string;
  err(): string;
  /** Everything in order, as `kubectl logs` shows it. */
  logs(): string[];
}

/** Start the container's process: `command`/`args` as in a pod spec. */
export function start(b: Box, spec: { command?: string[]; args?: string[]; pid?: number; tty?: boolean } = {}): Run {
  const argv = containerArgv(b.def, spec.command, spec.args);
  const r: Run = {
    b,
    argv,
    p: null as unknown as Process,
    d: null,
    chunks: [],
    exit: null,
    out: () => r.chunks.filter((c) => c.stream === 'stdout').map((c) => c.text).join(''),
    err: () => r.chunks.filter((c) => c.stream === 'stderr').map((c) => c.text).join(''),
    logs: () => r.chunks.map((c) => c.text).join('').replace(/\n$/, '').split('\n'),
  };
  const opts = {
    argv,
    pid: spec.pid ?? 1,
    tty: !!spec.tty,
    stdin: !!spec.tty,
    echo: false,
    io: {
      stdout: (text: string) => void r.chunks.push({ t: b.clock.now(), stream: 'stdout', text }),
      stderr: (text: string) => void r.chunks.push({ t: b.clock.now(), stream: 'stderr', text }),
    },
    onExit: (code: number, signal?: Signal) => {
      r.exit = { code, signal, t: b.clock.now() };
    },
  };
  const argv0 = argv[0] ?? '';
  const id = b.def.daemons?.[argv0] ?? b.def.daemons?.[argv0.split('/').pop()!];
  if (id && DAEMONS[id]) {
    r.d = new DaemonProcess(b.host, opts, DAEMONS[id]);
    r.p = r.d;
  } else r.p = spawnProcess(b.host, opts);
  r.p.start();
  return r;
}

export function after(r: Run, ms: number): Run {
  r.b.clock.advanceBy(ms);
  return r;
}

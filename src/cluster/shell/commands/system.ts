/** Process and system applets: sleep, ps, kill, env, hostname, id, uname, date, which, sysctl... */
import { applet, builtin } from './registry';
import { getopt, ident, strftime, userName, wallMs } from './util';
import type { Fds } from '../io';
import { runCommand } from '../interp';
import { resolveProgram } from '../main';
import type { Gen } from '../runtime';
import type { Shell } from '../state';
import { HostError, type ProcInfo, type Signal } from '../types';
import { resolvePath } from '../vfs';

const UNITS: Record<string, number> = { '': 1000, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

applet('sleep', function* (sh, io, argv): Gen {
  const args = argv.slice(1);
  if (!args.length) {
    io.err.write('BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: sleep [N]...\n\nPause for a time equal to the total of the args given, where each arg can\nhave an optional suffix of (s)econds, (m)inutes, (h)ours, or (d)ays\n');
    return 1;
  }
  let ms = 0;
  let forever = false;
  for (const a of args) {
    if (/^inf(inity)?$/i.test(a)) {
      forever = true;
      continue;
    }
    const m = /^(\d+(?:\.\d*)?|\.\d+)([smhd]?)$/.exec(a);
    if (!m) {
      io.err.write(`sleep: invalid number '${a}'\n`);
      return 1;
    }
    ms += parseFloat(m[1]!) * UNITS[m[2]!]!;
  }
  const th = sh.th;
  const r = forever ? yield* th.waitForever() : yield* th.sleepUntil(sh.proc.host.now() + Math.round(ms));
  return r ? 128 + r : 0;
});

applet('usleep', function* (sh, io, argv): Gen {
  const us = Number(argv[1] ?? '0');
  const r = yield* sh.th.sleepUntil(sh.proc.host.now() + Math.round(us / 1000));
  return r ? 128 + r : 0;
});

function cpuTime(ms: number): string {
  const s = Math.floor(ms / 1000);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}

applet('ps', (sh, io) => {
  const proc = sh.proc;
  const rows = new Map<number, ProcInfo>();
  for (const p of proc.host.listProcesses()) rows.set(p.pid, p);
  const user = userName(ident(sh).uid) ?? String(ident(sh).uid);
  const own = rows.get(proc.pid);
  rows.set(proc.pid, own ? { ...own, cpuMs: own.cpuMs ?? proc.cpu } : { pid: proc.pid, user, startedAt: 0, cmdline: proc.cmdline, cpuMs: proc.cpu });
  for (const j of proc.jobs.values()) if (!j.done) rows.set(j.pid, { pid: j.pid, user, startedAt: j.startedAt, cmdline: j.cmdline });
  const max = Math.max(...rows.keys());
  rows.set(max + 1, { pid: max + 1, user, startedAt: proc.host.now(), cmdline: 'ps' });
  let out = 'PID   USER     TIME  COMMAND\n';
  for (const p of [...rows.values()].sort((a, b) => a.pid - b.pid)) {
    out += `${String(p.pid).padStart(5)} ${p.user.slice(0, 8).padEnd(8)} ${cpuTime(p.cpuMs ?? 0).padStart(5)} ${p.cmdline}\n`;
  }
  io.out.write(out);
  return 0;
});

const SIGNUMS: Record<string, number> = { HUP: 1, INT: 2, QUIT: 3, KILL: 9, USR1: 10, USR2: 12, PIPE: 13, ALRM: 14, TERM: 15, CHLD: 17, CONT: 18, STOP: 19 };
const DELIVERABLE: Record<number, Signal> = { 1: 'SIGHUP', 2: 'SIGINT', 9: 'SIGKILL', 15: 'SIGTERM' };

function sigNumber(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s) <= 64 ? Number(s) : null;
  return SIGNUMS[s.toUpperCase().replace(/^SIG/, '')] ?? null;
}

builtin('kill', (sh, io, argv) => {
  let i = 1;
  let signo = 15;
  const a1 = argv[1];
  if (a1 === '-l' || a1 === '-L') {
    io.out.write(Object.keys(SIGNUMS).join(' ') + '\n');
    return 0;
  }
  if (a1 === '-s' || a1 === '-n') {
    const n = sigNumber(argv[2] ?? '');
    if (n === null) {
      io.err.write(`${sh.errName}: kill: bad signal name '${argv[2] ?? ''}'\n`);
      return 1;
    }
    signo = n;
    i = 3;
  } else if (a1 && a1 !== '--' && a1.length > 1 && a1.startsWith('-')) {
    // -9, -KILL, -SIGTERM (negative pids, i.e. process groups, are not modelled)
    const n = sigNumber(a1.slice(1));
    if (n === null) {
      io.err.write(`${sh.errName}: kill: bad signal name '${a1.slice(1)}'\n`);
      return 1;
    }
    signo = n;
    i = 2;
  }
  if (argv[i] === '--') i++;
  const targets = argv.slice(i);
  if (!targets.length) {
    io.err.write(`${sh.errName}: kill: usage: kill [-s sigspec | -signum | -sigspec] [pid | job]... or kill -l [exitstatus]\n`);
    return 1;
  }
  const proc = sh.proc;
  let st = 0;
  for (const t of targets) {
    let pid = Number(t);
    if (t.startsWith('%')) pid = [...proc.jobs.keys()][Number(t.slice(1)) - 1] ?? NaN;
    if (!Number.isInteger(pid)) {
      io.err.write(`${sh.errName}: kill: invalid number '${t}'\n`);
      st = 1;
      continue;
    }
    const job = proc.jobs.get(pid);
    const sig = DELIVERABLE[signo];
    const alive = (job && !job.done) || pid === proc.pid || proc.host.listProcesses().some((p) => p.pid === pid);
    if (signo === 0 || !sig) {
      // Existence check, or a signal this model doesn't act on (USR1, STOP...): no effect.
      if (!alive) {
        io.err.write(`${sh.errName}: can't kill pid ${pid}: No such process\n`);
        st = 1;
      }
      continue;
    }
    if (job && !job.done) proc.signalJob(job, sig);
    else if (pid === proc.pid) proc.signal(sig);
    else if (!proc.host.kill(pid, sig)) {
      io.err.write(`${sh.errName}: can't kill pid ${pid}: No such process\n`);
      st = 1;
    }
  }
  return st;
});

// ---- environment -------------------------------------------------------------------------

applet('env', function* (sh, io, argv): Gen {
  let i = 1;
  const unsets: string[] = [];
  let clear = false;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-i' || a === '-') clear = true;
    else if (a === '-u') unsets.push(argv[++i] ?? '');
    else if (a === '--') {
      i++;
      break;
    } else break;
  }
  const assigns: [string, string][] = [];
  for (; i < argv.length && /^[^=]+=/.test(argv[i]!); i++) {
    const a = argv[i]!;
    const eq = a.indexOf('=');
    assigns.push([a.slice(0, eq), a.slice(eq + 1)]);
  }
  const cmd = argv.slice(i);
  if (!cmd.length) {
    const env = clear ? {} : sh.env();
    for (const u of unsets) delete env[u];
    for (const [k, v] of assigns) env[k] = v;
    io.out.write(Object.entries(env).map(([k, v]) => `${k}=${v}\n`).join(''));
    return 0;
  }
  // Run the command in a child shell state carrying the modified environment.
  const child = sh.fork();
  if (clear) {
    child.vars = new Map();
    child.exported = new Set();
  }
  for (const u of unsets) child.unset(u);
  for (const [k, v] of assigns) {
    child.vars.set(k, v);
    child.exported.add(k);
  }
  return yield* runCommand(child, cmd, io, true);
});

applet('printenv', (sh, io, argv) => {
  const env = sh.env();
  if (argv.length === 1) {
    io.out.write(Object.entries(env).map(([k, v]) => `${k}=${v}\n`).join(''));
    return 0;
  }
  let st = 0;
  for (const k of argv.slice(1)) {
    if (env[k] === undefined) st = 1;
    else io.out.write(env[k] + '\n');
  }
  return st;
});

applet('hostname', (sh, io, argv) => {
  const host = sh.proc.host;
  const a = argv[1];
  if (a === '-i') io.out.write(host.podIP + '\n');
  else if (a === '-s') io.out.write(host.hostname.split('.')[0] + '\n');
  else if (a === '-d') io.out.write('\n');
  else if (a === undefined || a === '-f' || a === '-F') io.out.write(host.hostname + '\n');
  else {
    io.err.write('hostname: sethostname: Operation not permitted\n');
    return 1;
  }
  return 0;
});

applet('id', (sh, io, argv) => {
  const o = getopt(argv, 'ugGnr');
  if (typeof o === 'string') {
    io.err.write(`id: ${o}\n`);
    return 1;
  }
  const { uid, gid, groups } = ident(sh);
  const gname = (g: number): string | null => (g === 0 ? 'root' : g === 10 ? 'wheel' : null);
  const named = (n: number, name: string | null): string => (name ? `${n}(${name})` : String(n));
  const f = o.flags;
  if (f.has('u')) io.out.write((f.has('n') ? userName(uid) ?? uid : uid) + '\n');
  else if (f.has('g')) io.out.write((f.has('n') ? gname(gid) ?? gid : gid) + '\n');
  else if (f.has('G')) io.out.write(groups.map((g) => (f.has('n') ? gname(g) ?? g : g)).join(' ') + '\n');
  else io.out.write(`uid=${named(uid, userName(uid))} gid=${named(gid, gname(gid))} groups=${groups.map((g) => named(g, gname(g))).join(',')}\n`);
  return 0;
});

applet('whoami', (sh, io) => {
  const { uid } = ident(sh);
  const name = userName(uid);
  if (!name) {
    io.err.write(`whoami: unknown uid ${uid}\n`);
    return 1;
  }
  io.out.write(name + '\n');
  return 0;
});

applet('uname', (sh, io, argv) => {
  const o = getopt(argv, 'asnrvmpio');
  if (typeof o === 'string') {
    io.err.write(`uname: ${o}\n`);
    return 1;
  }
  const v: Record<string, string> = { s: 'Linux', n: sh.proc.host.hostname, r: '6.8.0-podlab', v: '#1 SMP PREEMPT_DYNAMIC', m: 'x86_64', o: 'GNU/Linux' };
  const keys = o.flags.has('a') ? ['s', 'n', 'r', 'v', 'm', 'o'] : ['s', 'n', 'r', 'v', 'm', 'o'].filter((k) => o.flags.has(k));
  io.out.write((keys.length ? keys : ['s']).map((k) => v[k]).join(' ') + '\n');
  return 0;
});

applet('date', (sh, io, argv) => {
  let fmt = '%a %b %e %H:%M:%S %Z %Y';
  for (const a of argv.slice(1)) {
    if (a.startsWith('+')) fmt = a.slice(1);
    else if (a === '-I' || a === '--iso-8601') fmt = '%F';
    else if (a === '-R' || a === '--rfc-2822') fmt = '%a, %d %b %Y %H:%M:%S %z';
    else if (a === '-u' || a === '--utc') continue;
    else {
      io.err.write(`date: invalid date '${a}'\n`);
      return 1;
    }
  }
  io.out.write(strftime(wallMs(sh, sh.proc.host.now()), fmt) + '\n');
  return 0;
});

applet('which', (sh, io, argv) => {
  let st = 0;
  for (const n of argv.slice(1)) {
    if (n.includes('/')) {
      const node = sh.proc.host.fs.lookup(resolvePath(sh.cwd, n));
      if (node?.kind === 'file' && node.mode & 0o111) io.out.write(n + '\n');
      else st = 1;
    } else if (resolveProgram(sh.proc.host, n)) io.out.write(`/bin/${n}\n`);
    else st = 1;
  }
  return st;
});

applet('sysctl', (sh, io, argv) => {
  const o = getopt(argv, 'nweqaApN');
  if (typeof o === 'string') {
    io.err.write(`sysctl: ${o}\n`);
    return 1;
  }
  const host = sh.proc.host;
  const f = o.flags;
  let st = 0;
  for (const arg of o.args) {
    const eq = arg.indexOf('=');
    if (f.has('w') && eq > 0) {
      const key = arg.slice(0, eq).replace(/\//g, '.');
      const val = arg.slice(eq + 1);
      try {
        host.sysctlSet(key, val);
        if (!f.has('q')) io.out.write(f.has('n') ? val + '\n' : `${key} = ${val}\n`);
      } catch (e) {
        if (!(e instanceof HostError)) throw e;
        io.err.write(e.message + '\n');
        st = 1;
      }
      continue;
    }
    const key = arg.replace(/\//g, '.');
    let v: string | undefined;
    try {
      v = host.sysctlGet(key);
    } catch (e) {
      if (!(e instanceof HostError)) throw e;
      io.err.write(e.message + '\n');
      st = 1;
      continue;
    }
    if (v === undefined) {
      if (!f.has('e')) io.err.write(`sysctl: error: '${key}' is an unknown key\n`);
      st = 1;
      continue;
    }
    io.out.write(f.has('n') ? v + '\n' : `${key} = ${v}\n`);
  }
  return st;
});

applet('clear', (sh, io) => {
  io.out.write('\x1b[H\x1b[J');
  return 0;
});

applet('sync', () => 0);

applet('pwd', (sh: Shell, io: Fds) => {
  io.out.write(sh.cwd + '\n');
  return 0;
});
builtin('pwd', (sh: Shell, io: Fds) => {
  io.out.write(sh.cwd + '\n');
  return 0;
});

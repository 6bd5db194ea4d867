/** Helpers shared by the applets: option parsing, reading stdin, paths, dates. */
import type { Fds, Input } from '../io';
import type { Gen } from '../runtime';
import type { Shell } from '../state';
import { FsError, resolvePath } from '../vfs';

export interface Opts {
  flags: Set<string>;
  vals: Map<string, string>;
  args: string[];
}

/**
 * getopt-style parsing: `spec` lists flag letters, `x:` takes a value (`-n5`, `-n 5`, clustered
 * `-qO-`). Numeric shorthands like `head -5` are returned as flag '#' with the value. Returns a
 * string error message on a bad option.
 */
export function getopt(argv: string[], spec: string, longs: Record<string, string> = {}, numeric = false): Opts | string {
  const flags = new Set<string>();
  const vals = new Map<string, string>();
  const args: string[] = [];
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      i++;
      break;
    }
    if (a.startsWith('--') && a.length > 2) {
      const eq = a.indexOf('=');
      const name = eq < 0 ? a.slice(2) : a.slice(2, eq);
      const short = longs[name];
      if (short === undefined) return `unrecognized option '${a}'`;
      if (spec.includes(short + ':')) {
        const v = eq < 0 ? argv[++i] : a.slice(eq + 1);
        if (v === undefined) return `option '${a}' requires an argument`;
        vals.set(short, v);
      } else flags.add(short);
      continue;
    }
    if (a[0] !== '-' || a.length === 1) {
      args.push(a);
      continue;
    }
    if (numeric && /^-\d+$/.test(a)) {
      vals.set('#', a.slice(1));
      continue;
    }
    for (let j = 1; j < a.length; j++) {
      const c = a[j]!;
      const k = spec.indexOf(c);
      if (k < 0) return `invalid option -- '${c}'`;
      if (spec[k + 1] === ':') {
        const v = j + 1 < a.length ? a.slice(j + 1) : argv[++i];
        if (v === undefined) return `option requires an argument -- '${c}'`;
        vals.set(c, v);
        break;
      }
      flags.add(c);
    }
  }
  for (; i < argv.length; i++) args.push(argv[i]!);
  return { flags, vals, args };
}

export function abs(sh: Shell, p: string): string {
  return resolvePath(sh.cwd, p);
}

/** Read all of an input, blocking on the process's stdin as needed. */
export function* readAll(sh: Shell, inp: Input): Gen<string | number> {
  let out = '';
  for (;;) {
    const d = inp.read();
    if (d === null) return out;
    if (d === undefined) {
      const r = yield* sh.th.waitInput();
      if (r) return 128 + r;
      continue;
    }
    out += d;
  }
}

/** Read one line (with newline); null at EOF; a number if interrupted by a signal. */
export function* readLine(sh: Shell, inp: Input): Gen<string | null | number> {
  for (;;) {
    const l = inp.readLine();
    if (l !== undefined) return l;
    const r = yield* sh.th.waitInput();
    if (r) return 128 + r;
  }
}

/** File contents or an FsError, resolved against the shell's cwd. */
export function readFile(sh: Shell, p: string): string {
  return sh.proc.host.fs.readFile(abs(sh, p));
}

export function fsReason(e: unknown): string {
  if (e instanceof FsError) return e.reason;
  throw e;
}

/** The text of a file or stdin (`-`/no args); prints `NAME: can't open 'F': reason` on failure. */
export function* inputs(sh: Shell, io: Fds, name: string, files: string[], each: (text: string, file: string) => void): Gen {
  let st = 0;
  if (files.length === 0) files = ['-'];
  for (const f of files) {
    if (f === '-') {
      const t = yield* readAll(sh, io.in);
      if (typeof t === 'number') return t;
      each(t, f);
      continue;
    }
    try {
      each(readFile(sh, f), f);
    } catch (e) {
      const why = fsReason(e);
      if (e instanceof FsError && e.code === 'EISDIR') io.err.write(`${name}: read error: Is a directory\n`);
      else io.err.write(`${name}: can't open '${f}': ${why}\n`);
      st = 1;
    }
  }
  return st;
}

/** Split text into lines without their newlines (no trailing empty line). */
export function lines(text: string): string[] {
  if (text === '') return [];
  const l = text.split('\n');
  if (l[l.length - 1] === '') l.pop();
  return l;
}

export function wallMs(sh: Shell, virtualMs: number): number {
  return (sh.proc.host.epochMs ?? Date.UTC(2000, 0, 1)) + virtualMs;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const DAYS_LONG = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
export const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

function p2(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

/** strftime subset in UTC. */
export function strftime(ms: number, fmt: string): string {
  const d = new Date(ms);
  return fmt.replace(/%([a-zA-Z%])/g, (m, c: string) => {
    switch (c) {
      case 'a': return DAYS[d.getUTCDay()]!;
      case 'A': return DAYS_LONG[d.getUTCDay()]!;
      case 'b':
      case 'h': return MONTHS[d.getUTCMonth()]!;
      case 'B': return MONTHS_LONG[d.getUTCMonth()]!;
      case 'd': return p2(d.getUTCDate());
      case 'e': return String(d.getUTCDate()).padStart(2, ' ');
      case 'H': return p2(d.getUTCHours());
      case 'I': return p2(d.getUTCHours() % 12 || 12);
      case 'M': return p2(d.getUTCMinutes());
      case 'S': return p2(d.getUTCSeconds());
      case 'N': return String(d.getUTCMilliseconds() * 1e6).padStart(9, '0');
      case 'p': return d.getUTCHours() < 12 ? 'AM' : 'PM';
      case 'y': return p2(d.getUTCFullYear() % 100);
      case 'Y': return String(d.getUTCFullYear());
      case 'm': return p2(d.getUTCMonth() + 1);
      case 'j': return String(Math.floor((ms - Date.UTC(d.getUTCFullYear(), 0, 1)) / 86400000) + 1).padStart(3, '0');
      case 's': return String(Math.floor(ms / 1000));
      case 'T': return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}:${p2(d.getUTCSeconds())}`;
      case 'R': return `${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())}`;
      case 'D': return `${p2(d.getUTCMonth() + 1)}/${p2(d.getUTCDate())}/${p2(d.getUTCFullYear() % 100)}`;
      case 'F': return `${d.getUTCFullYear()}-${p2(d.getUTCMonth() + 1)}-${p2(d.getUTCDate())}`;
      case 'Z': return 'UTC';
      case 'z': return '+0000';
      case 'n': return '\n';
      case 't': return '\t';
      case 'u': return String(d.getUTCDay() || 7);
      case 'w': return String(d.getUTCDay());
      case '%': return '%';
    }
    return m;
  });
}

/** Identity from the host (securityContext), root by default. */
export function ident(sh: Shell): { uid: number; gid: number; groups: number[] } {
  const u = sh.proc.host.user;
  if (!u) return { uid: 0, gid: 0, groups: [0, 10] };
  return { uid: u.uid, gid: u.gid, groups: u.groups ?? [u.gid] };
}

export function userName(uid: number): string | null {
  return uid === 0 ? 'root' : null;
}

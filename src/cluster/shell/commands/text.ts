/** Text applets: head, tail (incl. -f), grep, wc, seq, yes, tr, cut, sort, uniq, tee. */
import { applet } from './registry';
import { abs, fsReason, getopt, inputs, lines, readAll, readFile, readLine } from './util';
import type { Fds } from '../io';
import { SLICE_MS, type Gen } from '../runtime';
import type { Shell } from '../state';
import { FsError } from '../vfs';

function bad(io: Fds, name: string, msg: string): number {
  io.err.write(`${name}: ${msg}\n`);
  return 1;
}

function count(io: Fds, name: string, v: string | undefined, def: number): number | null {
  if (v === undefined) return def;
  const t = v.replace(/^\+/, '');
  if (!/^\d+$/.test(t)) {
    io.err.write(`${name}: invalid number '${v}'\n`);
    return null;
  }
  return Number(t);
}

/** Text split into lines that keep their newline. */
function rawLines(text: string): string[] {
  const out = text.split(/(?<=\n)/);
  if (out[out.length - 1] === '') out.pop();
  return out;
}

applet('head', function* (sh, io, argv) {
  const o = getopt(argv, 'n:c:qv', { lines: 'n', bytes: 'c' }, true);
  if (typeof o === 'string') return bad(io, 'head', o);
  const n = count(io, 'head', o.vals.get('n') ?? o.vals.get('#'), 10);
  const c = o.vals.has('c') ? count(io, 'head', o.vals.get('c'), 0) : null;
  if (n === null || (o.vals.has('c') && c === null)) return 1;
  const many = o.args.length > 1;
  let first = true;
  return yield* inputs(sh, io, 'head', o.args, (text, f) => {
    if (many) io.out.write(`${first ? '' : '\n'}==> ${f === '-' ? 'standard input' : f} <==\n`);
    first = false;
    io.out.write(c !== null ? text.slice(0, c) : rawLines(text).slice(0, n).join(''));
  });
});

function tailText(text: string, n: number, fromStart: boolean): string {
  const ls = rawLines(text);
  return (fromStart ? ls.slice(Math.max(0, n - 1)) : n === 0 ? [] : ls.slice(-n)).join('');
}

applet('tail', function* (sh, io, argv) {
  const o = getopt(argv, 'n:c:fFqs:v', { lines: 'n', follow: 'f' }, true);
  if (typeof o === 'string') return bad(io, 'tail', o);
  const spec = o.vals.get('n') ?? o.vals.get('#');
  const n = count(io, 'tail', spec, 10);
  if (n === null) return 1;
  const fromStart = spec?.startsWith('+') ?? false;
  const follow = o.flags.has('f') || o.flags.has('F');
  const files = o.args.length ? o.args : ['-'];
  const many = files.length > 1;
  const fs = sh.proc.host.fs;
  const sizes = new Map<string, number>();
  let st = 0;
  let first = true;
  for (const f of files) {
    let text: string;
    if (f === '-') {
      const t = yield* readAll(sh, io.in);
      if (typeof t === 'number') return t;
      text = t;
    } else if (f === '/dev/null') text = '';
    else {
      try {
        text = readFile(sh, f);
      } catch (e) {
        io.err.write(`tail: can't open '${f}': ${fsReason(e)}\n`);
        // -F (follow by name, retry): watch for the file to appear, e.g. a log a sidecar tails.
        if (o.flags.has('F')) sizes.set(f, 0);
        else st = 1;
        continue;
      }
    }
    if (many) io.out.write(`${first ? '' : '\n'}==> ${f === '-' ? 'standard input' : f} <==\n`);
    first = false;
    io.out.write(tailText(text, n, fromStart));
    if (f !== '-' && f !== '/dev/null') sizes.set(f, text.length);
  }
  if (!follow) return st;
  if (sizes.size === 0) {
    if (files.includes('/dev/null') || files.includes('-')) {
      // `tail -f /dev/null`: the classic keep-alive; nothing will ever arrive, so don't poll.
      const r = yield* sh.th.waitForever();
      return r ? 128 + r : 0;
    }
    io.err.write('tail: no files\n');
    return 1;
  }
  let lastShown = files[files.length - 1];
  for (;;) {
    const r = yield* sh.th.sleepUntil(sh.proc.host.now() + 1000);
    if (r) return 128 + r;
    for (const [f, size] of sizes) {
      let text: string;
      try {
        text = fs.readFile(abs(sh, f));
      } catch {
        continue; // deleted: the open descriptor just sees no new data
      }
      if (text.length === size) continue;
      let chunk: string;
      if (text.length < size) {
        io.err.write(`tail: ${f}: file truncated\n`);
        chunk = text;
      } else chunk = text.slice(size);
      sizes.set(f, text.length);
      if (many && lastShown !== f) io.out.write(`\n==> ${f} <==\n`);
      lastShown = f;
      io.out.write(chunk);
    }
  }
});

// ---- grep --------------------------------------------------------------------------------

const CLASS: Record<string, string> = {
  alpha: 'A-Za-z', digit: '0-9', alnum: 'A-Za-z0-9', upper: 'A-Z', lower: 'a-z', space: ' \\t\\n\\r\\f\\v',
  blank: ' \\t', punct: '!-\\/:-@\\[-`{-~', xdigit: '0-9A-Fa-f', print: ' -~', graph: '!-~', cntrl: '\\x00-\\x1f',
};

/** A POSIX bracket expression starting at p[i] → [JS class, index after it]. */
function bracket(p: string, i: number): [string, number] {
  let j = i + 1;
  let out = '[';
  if (p[j] === '^' || p[j] === '!') {
    out += '^';
    j++;
  }
  let firstChar = true;
  for (; j < p.length; j++) {
    const c = p[j]!;
    if (c === ']' && !firstChar) return [out + ']', j + 1];
    firstChar = false;
    const m = /^\[:([a-z]+):\]/.exec(p.slice(j));
    if (m) {
      out += CLASS[m[1]!] ?? '';
      j += m[0].length - 1;
    } else if (c === '\\' || c === ']' || c === '[') out += '\\' + c;
    else out += c;
  }
  return ['\\[', i + 1];
}

/** POSIX basic/extended regular expression → JS source. */
export function posixRegex(p: string, extended: boolean): string {
  let out = '';
  for (let i = 0; i < p.length; ) {
    const c = p[i]!;
    if (c === '[') {
      const [cls, next] = bracket(p, i);
      out += cls;
      i = next;
      continue;
    }
    if (c === '\\' && i + 1 < p.length) {
      const d = p[i + 1]!;
      i += 2;
      if (!extended && '(){}|+?'.includes(d)) out += d;
      else if (d === '<' || d === '>') out += '\\b';
      else if (/[1-9wWsSbB]/.test(d)) out += '\\' + d;
      else if (/[a-zA-Z0-9]/.test(d)) out += d; // unknown letter escape: the letter itself
      else out += '\\' + d;
      continue;
    }
    i++;
    if (!extended && '(){}|+?'.includes(c)) out += '\\' + c;
    else if (c === '*' && (out === '' || out === '^' || out.endsWith('(') || out.endsWith('|'))) out += '\\*';
    else if (c === '/') out += '\\/';
    else out += c;
  }
  return out;
}

applet(['grep', 'egrep', 'fgrep'], function* (sh, io, argv) {
  const name = argv[0]!.split('/').pop()!;
  const pats: string[] = [];
  // -e may repeat: collect before getopt (which keeps the last value).
  const rest: string[] = [argv[0]!];
  for (let i = 1; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-e' && argv[i + 1] !== undefined) pats.push(argv[++i]!);
    else if (a.startsWith('-e') && a.length > 2 && !a.startsWith('--')) pats.push(a.slice(2));
    else rest.push(a);
  }
  const o = getopt(rest, 'viqcnEFwxlLhHorRsf:A:B:C:', { 'ignore-case': 'i', quiet: 'q', count: 'c', 'invert-match': 'v', recursive: 'r' });
  if (typeof o === 'string') {
    io.err.write(`grep: ${o}\n`);
    return 2;
  }
  const f = o.flags;
  const args = o.args.slice();
  if (!pats.length) {
    const p = args.shift();
    if (p === undefined) {
      io.err.write('grep: no pattern\n');
      return 2;
    }
    pats.push(p);
  }
  const fixed = f.has('F') || name === 'fgrep';
  const ext = f.has('E') || name === 'egrep';
  let src = pats.flatMap((p) => p.split('\n')).map((p) => (fixed ? p.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&') : posixRegex(p, ext))).map((p) => `(?:${p})`).join('|');
  if (f.has('w')) src = `(?<![A-Za-z0-9_])(?:${src})(?![A-Za-z0-9_])`;
  if (f.has('x')) src = `^(?:${src})$`;
  let re: RegExp;
  try {
    re = new RegExp(src, f.has('i') ? 'i' : '');
  } catch {
    io.err.write(`grep: bad regex '${pats[0]}'\n`);
    return 2;
  }
  const fs = sh.proc.host.fs;
  if (f.has('r') || f.has('R')) {
    const expanded: string[] = [];
    const walk = (p: string): void => {
      const n = fs.lookup(abs(sh, p));
      if (n?.kind === 'dir') for (const k of [...n.entries.keys()].sort()) walk(`${p.replace(/\/$/, '')}/${k}`);
      else expanded.push(p);
    };
    for (const a of args.length ? args : ['.']) walk(a);
    args.splice(0, args.length, ...expanded);
  }
  const multi = (args.length > 1 || f.has('H')) && !f.has('h');
  let matched = false;
  let err = false;
  const scan = (text: string, file: string): boolean => {
    const label = file === '-' ? '(standard input)' : file;
    let n = 0;
    let lineNo = 0;
    let out = '';
    for (const line of lines(text)) {
      lineNo++;
      re.lastIndex = 0;
      const hit = re.test(line) !== f.has('v');
      if (!hit) continue;
      n++;
      matched = true;
      if (f.has('q')) return true;
      if (f.has('l') || f.has('c') || f.has('L')) continue;
      const prefix = (multi ? label + ':' : '') + (f.has('n') ? lineNo + ':' : '');
      if (f.has('o') && !f.has('v')) {
        const g = new RegExp(re.source, re.flags + 'g');
        for (const m of line.matchAll(g)) if (m[0]) out += prefix + m[0] + '\n';
      } else out += prefix + line + '\n';
    }
    if (f.has('c')) out += (multi ? label + ':' : '') + n + '\n';
    if (f.has('l') && n) out += label + '\n';
    if (f.has('L') && !n) out += label + '\n';
    io.out.write(out);
    return false;
  };
  if (!args.length) args.push('-');
  for (const file of args) {
    let text: string;
    if (file === '-') {
      const t = yield* readAll(sh, io.in);
      if (typeof t === 'number') return t;
      text = t;
    } else {
      try {
        text = readFile(sh, file);
      } catch (e) {
        if (!f.has('s')) io.err.write(`grep: ${file}: ${e instanceof FsError && e.code === 'EISDIR' ? 'Is a directory' : fsReason(e)}\n`);
        err = true;
        continue;
      }
    }
    if (scan(text, file)) return 0;
  }
  return matched ? (err && !f.has('q') ? 2 : 0) : err ? 2 : 1;
});

// ---- wc, seq, yes ------------------------------------------------------------------------

applet('wc', function* (sh, io, argv) {
  const o = getopt(argv, 'lwcmL');
  if (typeof o === 'string') return bad(io, 'wc', o);
  let cols = ['l', 'w', 'c'].filter((c) => o.flags.has(c) || (c === 'c' && o.flags.has('m')));
  if (!cols.length) cols = ['l', 'w', 'c'];
  const rows: [number[], string][] = [];
  const st = yield* inputs(sh, io, 'wc', o.args, (text, file) => {
    const v: Record<string, number> = {
      l: (text.match(/\n/g) ?? []).length,
      w: text.split(/\s+/).filter(Boolean).length,
      c: text.length,
    };
    rows.push([cols.map((c) => v[c]!), file]);
  });
  if (rows.length > 1) rows.push([cols.map((_, i) => rows.reduce((a, r) => a + r[0][i]!, 0)), 'total']);
  // busybox: one column for stdin prints the bare number; otherwise %9u columns and the name.
  for (const [v, file] of rows) {
    if (!o.args.length) io.out.write((cols.length === 1 ? String(v[0]) : v.map((x) => String(x).padStart(9)).join(' ')) + '\n');
    else io.out.write(v.map((x) => String(x).padStart(9)).join(' ') + ` ${file}\n`);
  }
  return st;
});

applet('seq', (sh, io, argv) => {
  const o = getopt(argv, 's:w');
  if (typeof o === 'string') return bad(io, 'seq', o);
  const nums = o.args.map(Number);
  if (!nums.length || nums.length > 3) return bad(io, 'seq', 'missing operand');
  const badArg = o.args.find((a) => !/^[+-]?(\d+\.?\d*|\.\d+)$/.test(a));
  if (badArg !== undefined) return bad(io, 'seq', `invalid number '${badArg}'`);
  const [first, inc, last] = nums.length === 1 ? [1, 1, nums[0]!] : nums.length === 2 ? [nums[0]!, 1, nums[1]!] : [nums[0]!, nums[1]!, nums[2]!];
  if (inc === 0) return 1;
  const decimals = Math.max(...o.args.map((a) => (a.includes('.') ? a.split('.')[1]!.length : 0)));
  const width = o.flags.has('w') ? Math.max(first.toFixed(decimals).length, last.toFixed(decimals).length) : 0;
  const sep = o.vals.get('s') ?? '\n';
  const out: string[] = [];
  for (let i = 0; ; i++) {
    const v = first + i * inc;
    if (inc > 0 ? v > last + 1e-9 : v < last - 1e-9) break;
    out.push(v.toFixed(decimals).padStart(width, '0'));
    if (out.length > 1_000_000) break;
  }
  sh.proc.cpu += out.length * 0.0005;
  if (out.length) io.out.write(out.join(sep) + '\n');
  return 0;
});

applet('yes', function* (sh, io, argv): Gen {
  const s = argv.length > 1 ? argv.slice(1).join(' ') : 'y';
  // A bounded chunk per CPU slice: busy like the real thing without flooding memory. Into a
  // pipe, fill its buffer at once so `yes | head` ends promptly (as SIGPIPE would end it).
  const chunk = (s + '\n').repeat('full' in io.out ? Math.ceil(65537 / (s.length + 1)) : 100);
  for (;;) {
    io.out.write(chunk);
    if (io.out.full) return 0; // the pipe's reader is done (SIGPIPE)
    sh.proc.cpu += SLICE_MS;
    yield* sh.th.slice();
  }
});

// ---- tr, cut, sort, uniq, tee ------------------------------------------------------------

function trSet(s: string): string[] {
  const out: string[] = [];
  const chars: string[] = [];
  for (let i = 0; i < s.length; i++) {
    const m = /^\[:([a-z]+):\]/.exec(s.slice(i));
    if (m) {
      const cls: Record<string, string> = { upper: 'A-Z', lower: 'a-z', digit: '0-9', alpha: 'A-Za-z', alnum: 'A-Za-z0-9', space: ' \t\n\r\f\v', blank: ' \t' };
      const body = cls[m[1]!] ?? '';
      for (let k = 0; k < body.length; k++) {
        if (body[k + 1] === '-' && body[k + 2]) {
          for (let c = body.charCodeAt(k); c <= body.charCodeAt(k + 2); c++) chars.push(String.fromCharCode(c));
          k += 2;
        } else chars.push(body[k]!);
      }
      i += m[0].length - 1;
      continue;
    }
    let c = s[i]!;
    if (c === '\\' && i + 1 < s.length) {
      const d = s[++i]!;
      c = d === 'n' ? '\n' : d === 't' ? '\t' : d === 'r' ? '\r' : d;
    }
    chars.push(c);
  }
  for (let i = 0; i < chars.length; i++) {
    if (chars[i + 1] === '-' && chars[i + 2] !== undefined) {
      for (let c = chars[i]!.charCodeAt(0); c <= chars[i + 2]!.charCodeAt(0); c++) out.push(String.fromCharCode(c));
      i += 2;
    } else out.push(chars[i]!);
  }
  return out;
}

applet('tr', function* (sh, io, argv) {
  const o = getopt(argv, 'dsc');
  if (typeof o === 'string') return bad(io, 'tr', o);
  const [a, b] = o.args;
  if (a === undefined) return bad(io, 'tr', 'missing operand');
  const text = yield* readAll(sh, io.in);
  if (typeof text === 'number') return text;
  const s1 = new Set(trSet(a));
  const l1 = trSet(a);
  const l2 = b === undefined ? [] : trSet(b);
  const inSet = (c: string): boolean => s1.has(c) !== o.flags.has('c');
  let out = '';
  let prev = '';
  for (const c of text) {
    let r: string | null = c;
    if (o.flags.has('d')) {
      if (inSet(c)) r = null;
    } else if (l2.length && inSet(c)) {
      const idx = l1.indexOf(c);
      r = l2[Math.min(idx < 0 ? l2.length - 1 : idx, l2.length - 1)]!;
    }
    if (r === null) continue;
    if (o.flags.has('s') && r === prev && (l2.length ? l2.includes(r) : s1.has(r))) continue;
    out += r;
    prev = r;
  }
  io.out.write(out);
  return 0;
});

function ranges(list: string): (i: number) => boolean {
  const rs = list.split(',').map((p) => {
    const [x, y] = p.split('-');
    const lo = x ? Number(x) : 1;
    const hi = p.includes('-') ? (y ? Number(y) : Infinity) : lo;
    return [lo, hi] as const;
  });
  return (i) => rs.some(([lo, hi]) => i >= lo && i <= hi);
}

applet('cut', function* (sh, io, argv) {
  const o = getopt(argv, 'd:f:c:b:s');
  if (typeof o === 'string') return bad(io, 'cut', o);
  const fl = o.vals.get('f');
  const cl = o.vals.get('c') ?? o.vals.get('b');
  if (!fl && !cl) return bad(io, 'cut', 'expected a list of bytes, characters, or fields');
  const delim = o.vals.get('d') ?? '\t';
  const sel = ranges((fl ?? cl)!);
  return yield* inputs(sh, io, 'cut', o.args, (text) => {
    let out = '';
    for (const line of lines(text)) {
      if (cl) {
        out += [...line].filter((_, i) => sel(i + 1)).join('') + '\n';
        continue;
      }
      if (!line.includes(delim)) {
        if (!o.flags.has('s')) out += line + '\n';
        continue;
      }
      out += line.split(delim).filter((_, i) => sel(i + 1)).join(delim) + '\n';
    }
    io.out.write(out);
  });
});

applet('sort', function* (sh, io, argv) {
  const o = getopt(argv, 'nrufk:t:');
  if (typeof o === 'string') return bad(io, 'sort', o);
  let all: string[] = [];
  const st = yield* inputs(sh, io, 'sort', o.args, (text) => {
    all = all.concat(lines(text));
  });
  const k = o.vals.get('k');
  const t = o.vals.get('t');
  const key = (l: string): string => {
    if (!k) return l;
    const n = parseInt(k, 10) - 1;
    const fields = t ? l.split(t) : l.trim().split(/\s+/);
    return fields.slice(n).join(t ?? ' ');
  };
  const fold = (s: string): string => (o.flags.has('f') ? s.toLowerCase() : s);
  all.sort((a, b) => {
    const ka = key(a);
    const kb = key(b);
    if (o.flags.has('n')) {
      const d = (parseFloat(ka) || 0) - (parseFloat(kb) || 0);
      if (d) return d;
    } else if (fold(ka) !== fold(kb)) return fold(ka) < fold(kb) ? -1 : 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
  if (o.flags.has('r')) all.reverse();
  if (o.flags.has('u')) all = all.filter((l, i) => i === 0 || key(l) !== key(all[i - 1]!));
  io.out.write(all.map((l) => l + '\n').join(''));
  return st;
});

applet('uniq', function* (sh, io, argv) {
  const o = getopt(argv, 'cdui');
  if (typeof o === 'string') return bad(io, 'uniq', o);
  return yield* inputs(sh, io, 'uniq', o.args.slice(0, 1), (text) => {
    const ls = lines(text);
    let out = '';
    for (let i = 0; i < ls.length; ) {
      let j = i + 1;
      const eq = (a: string, b: string): boolean => (o.flags.has('i') ? a.toLowerCase() === b.toLowerCase() : a === b);
      while (j < ls.length && eq(ls[j]!, ls[i]!)) j++;
      const n = j - i;
      if ((!o.flags.has('d') || n > 1) && (!o.flags.has('u') || n === 1)) out += (o.flags.has('c') ? `${String(n).padStart(7)} ` : '') + ls[i] + '\n';
      i = j;
    }
    io.out.write(out);
  });
});

applet('tee', function* (sh: Shell, io, argv) {
  const o = getopt(argv, 'ai');
  if (typeof o === 'string') return bad(io, 'tee', o);
  const fs = sh.proc.host.fs;
  let st = 0;
  const files: string[] = [];
  for (const f of o.args) {
    try {
      fs.writeFile(abs(sh, f), '', { append: o.flags.has('a') });
      files.push(abs(sh, f));
    } catch (e) {
      io.err.write(`tee: ${f}: ${fsReason(e)}\n`);
      st = 1;
    }
  }
  for (;;) {
    const l = yield* readLine(sh, io.in);
    if (l === null) return st;
    if (typeof l === 'number') return l;
    io.out.write(l);
    for (const f of files) {
      try {
        fs.writeFile(f, l, { append: true });
      } catch {
        st = 1;
      }
    }
  }
});

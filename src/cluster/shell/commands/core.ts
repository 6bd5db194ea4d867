/** echo, printf, test/[, true, false: shell builtins that are also busybox applets. */
import { builtin } from './registry';
import type { Shell } from '../state';
import { resolvePath } from '../vfs';

builtin('true', () => 0);
builtin('false', () => 1);

/** Backslash escapes of `echo -e` / printf; `stop` when \c ends output. */
export function unescape(s: string, printf: boolean): { text: string; stop: boolean } {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if (c !== '\\' || i + 1 >= s.length) {
      out += c;
      continue;
    }
    const d = s[++i]!;
    switch (d) {
      case 'n': out += '\n'; break;
      case 't': out += '\t'; break;
      case 'r': out += '\r'; break;
      case 'a': out += '\x07'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'v': out += '\v'; break;
      case 'e': out += '\x1b'; break;
      case '\\': out += '\\'; break;
      case '"': out += printf ? '"' : '\\"'; break;
      case 'c': return { text: out, stop: true };
      case 'x': {
        const m = /^[0-9a-fA-F]{1,2}/.exec(s.slice(i + 1));
        if (m) {
          out += String.fromCharCode(parseInt(m[0], 16));
          i += m[0].length;
        } else out += '\\x';
        break;
      }
      default:
        if (d >= '0' && d <= '7') {
          // echo: \0NNN; printf: \NNN
          const start = d === '0' && !printf ? i + 1 : i;
          const m = /^[0-7]{1,3}/.exec(s.slice(start));
          const digits = m ? m[0] : '';
          out += String.fromCharCode(parseInt(digits || '0', 8) & 255);
          i = start + digits.length - 1;
        } else out += '\\' + d;
    }
  }
  return { text: out, stop: false };
}

builtin('echo', (sh, io, argv) => {
  let i = 1;
  let nl = true;
  let esc = false;
  for (; i < argv.length && /^-[neE]+$/.test(argv[i]!); i++) {
    for (const c of argv[i]!.slice(1)) {
      if (c === 'n') nl = false;
      else esc = c === 'e';
    }
  }
  let text = argv.length - i === 1 ? argv[i]! : argv.slice(i).join(' ');
  if (esc) {
    const u = unescape(text, false);
    text = u.text;
    if (u.stop) nl = false;
  }
  io.out.write(nl ? text + '\n' : text);
  return 0;
});

function printfNumber(sh: Shell, errs: string[], a: string | undefined, float: boolean): number {
  if (a === undefined || a === '') return 0;
  if (/^['"]/.test(a)) return a.charCodeAt(1) || 0;
  const t = a.trim();
  let n: number;
  if (float) n = Number(t);
  else if (/^[+-]?0[xX][0-9a-fA-F]+$/.test(t)) n = parseInt(t, 16);
  else if (/^[+-]?0[0-7]+$/.test(t)) n = parseInt(t, 8);
  else if (/^[+-]?\d+$/.test(t)) n = parseInt(t, 10);
  else n = NaN;
  if (Number.isNaN(n)) {
    errs.push(`printf: invalid number '${a}'\n`);
    return float ? 0 : parseInt(t, 10) || 0;
  }
  return n;
}

function pad(s: string, flags: string, width: number): string {
  if (s.length >= width) return s;
  if (flags.includes('-')) return s.padEnd(width);
  if (flags.includes('0') && /^[+-]?\d/.test(s)) {
    const sign = /^[+-]/.test(s) ? s[0]! : '';
    return sign + s.slice(sign.length).padStart(width - sign.length, '0');
  }
  return s.padStart(width);
}

builtin('printf', (sh, io, argv) => {
  const fmt = argv[1];
  if (fmt === undefined) {
    io.err.write('printf: usage: printf FORMAT [ARGUMENT...]\n');
    return 1;
  }
  const args = argv.slice(2);
  const errs: string[] = [];
  let ai = 0;
  let out = '';
  const spec = /%([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?([sbcdiouxXfeEgG%])/g;
  for (;;) {
    const before = ai;
    let stop = false;
    let last = 0;
    spec.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = spec.exec(fmt))) {
      const u = unescape(fmt.slice(last, m.index), true);
      out += u.text;
      last = spec.lastIndex;
      if (u.stop) {
        stop = true;
        break;
      }
      const [, flags = '', w, p, conv] = m;
      if (conv === '%') {
        out += '%';
        continue;
      }
      const width = w === '*' ? printfNumber(sh, errs, args[ai++], false) : w ? Number(w) : 0;
      const prec = p === '*' ? printfNumber(sh, errs, args[ai++], false) : p !== undefined ? Number(p) : undefined;
      const a = args[ai++];
      let s: string;
      switch (conv) {
        case 's':
          s = a ?? '';
          if (prec !== undefined) s = s.slice(0, prec);
          break;
        case 'b': {
          const bu = unescape(a ?? '', false);
          s = bu.text;
          if (bu.stop) stop = true;
          break;
        }
        case 'c':
          s = (a ?? '').slice(0, 1);
          break;
        case 'd':
        case 'i':
        case 'u': {
          const n = Math.trunc(printfNumber(sh, errs, a, false));
          s = (n >= 0 && flags.includes('+') ? '+' : n >= 0 && flags.includes(' ') ? ' ' : '') + String(n);
          break;
        }
        case 'o':
          s = Math.trunc(printfNumber(sh, errs, a, false)).toString(8);
          break;
        case 'x':
        case 'X':
          s = (Math.trunc(printfNumber(sh, errs, a, false)) >>> 0).toString(16);
          if (conv === 'X') s = s.toUpperCase();
          if (flags.includes('#') && s !== '0') s = (conv === 'X' ? '0X' : '0x') + s;
          break;
        case 'e':
        case 'E':
          s = printfNumber(sh, errs, a, true).toExponential(prec ?? 6).replace(/e([+-])(\d)$/, 'e$10$2');
          if (conv === 'E') s = s.toUpperCase();
          break;
        case 'g':
        case 'G':
          s = String(Number(printfNumber(sh, errs, a, true).toPrecision(prec || 6)));
          break;
        default:
          s = printfNumber(sh, errs, a, true).toFixed(prec ?? 6);
          if (flags.includes('+') && !s.startsWith('-')) s = '+' + s;
      }
      out += pad(s, flags, width);
      if (stop) break;
    }
    if (!stop) {
      const u = unescape(fmt.slice(last), true);
      out += u.text;
      stop = u.stop;
    }
    if (stop || ai >= args.length || ai === before) break;
  }
  // busybox reports bad numbers as it converts, before its buffered stdout is flushed.
  for (const e of errs) io.err.write(e);
  io.out.write(out);
  return errs.length ? 1 : 0;
});

// ---- test / [ ----------------------------------------------------------------------------

class TestError extends Error {}

const UNARY = new Set(['-e', '-f', '-d', '-s', '-r', '-w', '-x', '-z', '-n', '-L', '-h', '-b', '-c', '-p', '-S', '-t', '-g', '-u', '-k', '-O', '-G']);
const BINARY = new Set(['=', '==', '!=', '<', '>', '-eq', '-ne', '-lt', '-le', '-gt', '-ge', '-nt', '-ot', '-ef']);

function int(s: string): number {
  if (!/^\s*[+-]?\d+\s*$/.test(s)) throw new TestError(`${s}: bad number`);
  return parseInt(s, 10);
}

function unary(sh: Shell, op: string, a: string): boolean {
  if (op === '-z') return a === '';
  if (op === '-n') return a !== '';
  if (op === '-t') return false;
  const n = sh.proc.host.fs.lookup(resolvePath(sh.cwd, a));
  switch (op) {
    case '-e':
    case '-r':
    case '-w':
      return !!n && (op !== '-w' || !n.readOnly);
    case '-f':
      return n?.kind === 'file';
    case '-d':
      return n?.kind === 'dir';
    case '-s':
      return !!n && (n.kind === 'dir' || (n.read ? n.read() : n.data).length > 0);
    case '-x':
      return !!n && (n.mode & 0o111) !== 0;
  }
  return false;
}

function binary(sh: Shell, a: string, op: string, b: string): boolean {
  switch (op) {
    case '=':
    case '==':
      return a === b;
    case '!=':
      return a !== b;
    case '<':
      return a < b;
    case '>':
      return a > b;
    case '-eq':
      return int(a) === int(b);
    case '-ne':
      return int(a) !== int(b);
    case '-lt':
      return int(a) < int(b);
    case '-le':
      return int(a) <= int(b);
    case '-gt':
      return int(a) > int(b);
    case '-ge':
      return int(a) >= int(b);
  }
  const fs = sh.proc.host.fs;
  const na = fs.lookup(resolvePath(sh.cwd, a));
  const nb = fs.lookup(resolvePath(sh.cwd, b));
  if (op === '-nt') return !!na && (!nb || na.mtime > nb.mtime);
  if (op === '-ot') return !!nb && (!na || na.mtime < nb.mtime);
  return !!na && na === nb;
}

/** POSIX test: argument-count rules for up to 4 operands, then a precedence parser. */
function evalTest(sh: Shell, a: string[]): boolean {
  const n = a.length;
  if (n === 0) return false;
  if (n === 1) return a[0] !== '';
  if (n === 2) {
    if (a[0] === '!') return a[1] === '';
    if (UNARY.has(a[0]!)) return unary(sh, a[0]!, a[1]!);
    throw new TestError(`${a[0]}: unknown operand`);
  }
  if (n === 3) {
    if (BINARY.has(a[1]!)) return binary(sh, a[0]!, a[1]!, a[2]!);
    if (a[0] === '!') return !evalTest(sh, a.slice(1));
    if (a[0] === '(' && a[2] === ')') return a[1] !== '';
  }
  if (n === 4 && a[0] === '!') return !evalTest(sh, a.slice(1));
  let i = 0;
  const peek = (): string | undefined => a[i];
  const or = (): boolean => {
    let v = and();
    while (peek() === '-o') {
      i++;
      const r = and();
      v = v || r;
    }
    return v;
  };
  const and = (): boolean => {
    let v = not();
    while (peek() === '-a') {
      i++;
      const r = not();
      v = v && r;
    }
    return v;
  };
  const not = (): boolean => {
    if (peek() === '!') {
      i++;
      return !not();
    }
    return primary();
  };
  const primary = (): boolean => {
    const t = a[i];
    if (t === undefined) throw new TestError('argument expected');
    if (t === '(') {
      i++;
      const v = or();
      if (a[i] !== ')') throw new TestError("')' expected");
      i++;
      return v;
    }
    if (UNARY.has(t) && a[i + 1] !== undefined) {
      i += 2;
      return unary(sh, t, a[i - 1]!);
    }
    if (a[i + 1] !== undefined && BINARY.has(a[i + 1]!) && a[i + 2] !== undefined) {
      i += 3;
      return binary(sh, t, a[i - 2]!, a[i - 1]!);
    }
    i++;
    return t !== '';
  };
  const v = or();
  if (i < n) throw new TestError(`${a[i]}: unknown operand`);
  return v;
}

builtin(['test', '[', '[['], (sh, io, argv) => {
  let args = argv.slice(1);
  const name = argv[0];
  if (name === '[' || name === '[[') {
    const close = name === '[' ? ']' : ']]';
    if (args[args.length - 1] !== close) {
      io.err.write(`${sh.errName}: missing ${close}\n`);
      return 2;
    }
    args = args.slice(0, -1);
  }
  try {
    return evalTest(sh, args) ? 0 : 1;
  } catch (e) {
    if (!(e instanceof TestError)) throw e;
    io.err.write(`${sh.errName}: ${e.message}\n`);
    return 2;
  }
});

/**
 * Word expansion: parameters, command substitution, arithmetic, field splitting and globbing.
 * A generator because `$(sleep 1; echo x)` blocks on virtual time like any command.
 */
import type { Node, Word, WordPart } from './ast';
import { ArithError, evalArith } from './arith';
import type { Fds } from './io';
import { globMatch, globPaths } from './pattern';
import type { Gen } from './runtime';
import type { Shell } from './state';

/** An expansion failure; busybox prints `sh: <msg>` and a non-interactive shell exits. */
export class ExpandError extends Error {}

type SubstRunner = (sh: Shell, body: Node | null, io: Fds) => Gen<string>;
let runSubst: SubstRunner;
/** The interpreter registers how to run `$(...)` bodies (avoids an import cycle). */
export function setSubstRunner(fn: SubstRunner): void {
  runSubst = fn;
}

const M_FIELDS = 0;
const M_SINGLE = 1;
const M_PATTERN = 2;

const GLOB_CHARS = /[*?[\]\\]/g;
function escapeGlob(s: string): string {
  return s.replace(GLOB_CHARS, '\\$&');
}

/** Accumulates fields; tracks a parallel glob pattern where quoted text is escaped. */
class Builder {
  out: string[] = [];
  cur = '';
  pat = '';
  magic = false;
  has = false;
  constructor(
    readonly mode: number,
    readonly sh: Shell,
  ) {}

  quoted(s: string): void {
    this.cur += s;
    if (this.mode !== M_SINGLE) this.pat += escapeGlob(s);
    this.has = true;
  }

  /** Unquoted literal text: globbable, never split. */
  lit(s: string): void {
    if (!s) return;
    this.cur += s;
    this.pat += s;
    if (!this.magic && /[*?[]/.test(s)) this.magic = true;
    this.has = true;
  }

  /** Unquoted expansion result: split on IFS (fields mode), globbable. */
  split(s: string): void {
    if (this.mode !== M_FIELDS) {
      this.lit(s);
      return;
    }
    const ifs = this.sh.ifs;
    let run = '';
    for (let i = 0; i < s.length; i++) {
      const c = s[i]!;
      if (!ifs.includes(c)) {
        run += c;
        continue;
      }
      this.lit(run);
      run = '';
      if (c === ' ' || c === '\t' || c === '\n') {
        if (this.has) this.end();
      } else {
        this.has = true;
        this.end();
      }
    }
    this.lit(run);
  }

  add(s: string, q: boolean): void {
    if (q) this.quoted(s);
    else this.split(s);
  }

  end(): void {
    if (!this.has) return;
    if (this.magic && this.mode === M_FIELDS) {
      const m = globPaths(this.sh.proc.host.fs, this.sh.cwd, this.pat);
      if (m.length) this.out.push(...m);
      else this.out.push(this.cur);
    } else this.out.push(this.cur);
    this.cur = '';
    this.pat = '';
    this.magic = false;
    this.has = false;
  }
}

function paramValue(sh: Shell, name: string): string | undefined {
  const c = name.charCodeAt(0);
  if (c >= 48 && c <= 57) return name === '0' ? sh.arg0 : sh.params[Number(name) - 1];
  switch (name) {
    case '?':
      return String(sh.status);
    case '$':
      return String(sh.proc.pid);
    case '#':
      return String(sh.params.length);
    case '!':
      return sh.lastBg ? String(sh.lastBg) : '';
    case '-':
      return (sh.optE ? 'e' : '') + (sh.interactive ? 'i' : '') + (sh.optU ? 'u' : '') + (sh.optX ? 'x' : '');
    case '@':
    case '*':
      return sh.params.join(name === '*' ? (sh.ifs[0] ?? '') : ' ');
  }
  return sh.vars.get(name);
}

function* parts(sh: Shell, ps: WordPart[], b: Builder, io: Fds): Gen<void> {
  for (let i = 0; i < ps.length; i++) {
    const p = ps[i]!;
    switch (p.k) {
      case 'lit':
        if (p.q) b.quoted(p.s);
        else if (i === 0 && b.mode !== M_PATTERN && p.s[0] === '~') b.lit(tilde(sh, p.s));
        else b.lit(p.s);
        break;
      case 'param':
        yield* param(sh, p, b, io);
        break;
      case 'cmd': {
        const out = yield* runSubst(sh, p.body, io);
        b.add(out.replace(/\n+$/, ''), p.q);
        break;
      }
      case 'arith': {
        const expr = yield* expandString(sh, p.expr, io);
        let n: number;
        try {
          n = evalArith(expr, { get: (k) => sh.get(k), set: (k, v) => void sh.set(k, v) });
        } catch (e) {
          if (e instanceof ArithError) throw new ExpandError(e.message);
          throw e;
        }
        b.add(String(n), p.q);
        break;
      }
    }
  }
}

function tilde(sh: Shell, s: string): string {
  const slash = s.indexOf('/');
  const user = slash < 0 ? s.slice(1) : s.slice(1, slash);
  const rest = slash < 0 ? '' : s.slice(slash);
  if (user === '') return (sh.get('HOME') ?? '/') + rest;
  if (user === 'root') return '/root' + rest;
  return s;
}

function* param(sh: Shell, p: WordPart & { k: 'param' }, b: Builder, io: Fds): Gen<void> {
  const name = p.name;
  if ((name === '@' || name === '*') && p.op === '' && b.mode === M_FIELDS) {
    const ps = sh.params;
    for (let i = 0; i < ps.length; i++) {
      if (p.q) {
        if (name === '*') {
          b.quoted(ps.join(sh.ifs[0] ?? ''));
          break;
        }
        if (i > 0) {
          b.has = true;
          b.end();
        }
        b.quoted(ps[i]!);
      } else {
        if (i > 0) b.end();
        b.split(ps[i]!);
      }
    }
    return;
  }
  let v = paramValue(sh, name);
  const op = p.op;
  if (op === 'len') {
    if (v === undefined && sh.optU && !/^[@*#?$!0-9-]/.test(name)) throw new ExpandError(`${name}: parameter not set`);
    b.add(String((v ?? '').length), p.q);
    return;
  }
  if (op === '') {
    if (v === undefined) {
      if (sh.optU && !/^[@*#?$!-]$/.test(name)) throw new ExpandError(`${name}: parameter not set`);
      return;
    }
    b.add(v, p.q);
    return;
  }
  const colon = op[0] === ':' && op.length === 2;
  const missing = v === undefined || (colon && v === '');
  switch (op) {
    case ':-':
    case '-':
      if (missing) {
        if (p.arg) yield* parts(sh, p.arg.parts, b, io);
      } else b.add(v!, p.q);
      return;
    case ':+':
    case '+':
      if (!missing && p.arg) yield* parts(sh, p.arg.parts, b, io);
      return;
    case ':=':
    case '=':
      if (missing) {
        if (!/^[A-Za-z_]/.test(name)) throw new ExpandError(`${name}: bad variable name`);
        v = p.arg ? yield* expandString(sh, p.arg, io) : '';
        const err = sh.set(name, v);
        if (err) throw new ExpandError(err);
      }
      b.add(v!, p.q);
      return;
    case ':?':
    case '?':
      if (missing) {
        const msg = p.arg && p.arg.parts.length ? yield* expandString(sh, p.arg, io) : 'parameter not set';
        throw new ExpandError(`${name}: ${msg}`);
      }
      b.add(v!, p.q);
      return;
  }
  const val = v ?? '';
  if (op === '#' || op === '##' || op === '%' || op === '%%') {
    const pat = p.arg ? yield* expandPattern(sh, p.arg, io) : '';
    b.add(trim(val, pat, op), p.q);
    return;
  }
  if (op === '/' || op === '//') {
    const pat = p.arg ? yield* expandPattern(sh, p.arg, io) : '';
    const rep = p.arg2 ? yield* expandString(sh, p.arg2, io) : '';
    b.add(replace(val, pat, rep, op === '//'), p.q);
    return;
  }
  // ${v:offset[:length]}
  const spec = p.arg ? yield* expandString(sh, p.arg, io) : '';
  const [offS, lenS] = spec.split(':');
  const vars = { get: (k: string) => sh.get(k), set: (k: string, x: string) => void sh.set(k, x) };
  try {
    let off = evalArith(offS ?? '0', vars);
    if (off < 0) off = Math.max(0, val.length + off);
    const len = lenS === undefined ? val.length : evalArith(lenS, vars);
    b.add(val.substr(off, Math.max(0, len)), p.q);
  } catch (e) {
    if (e instanceof ArithError) throw new ExpandError(e.message);
    throw e;
  }
}

function trim(v: string, pat: string, op: string): string {
  const n = v.length;
  if (op === '#') {
    for (let i = 0; i <= n; i++) if (globMatch(pat, v.slice(0, i))) return v.slice(i);
  } else if (op === '##') {
    for (let i = n; i >= 0; i--) if (globMatch(pat, v.slice(0, i))) return v.slice(i);
  } else if (op === '%') {
    for (let i = n; i >= 0; i--) if (globMatch(pat, v.slice(i))) return v.slice(0, i);
  } else {
    for (let i = 0; i <= n; i++) if (globMatch(pat, v.slice(i))) return v.slice(0, i);
  }
  return v;
}

function replace(v: string, pat: string, rep: string, all: boolean): string {
  if (!pat) return v;
  let out = '';
  let i = 0;
  while (i <= v.length) {
    let matched = -1;
    for (let j = v.length; j > i; j--) {
      if (globMatch(pat, v.slice(i, j))) {
        matched = j;
        break;
      }
    }
    if (matched < 0) {
      if (i < v.length) out += v[i];
      i++;
      continue;
    }
    out += rep;
    i = matched;
    if (!all) return out + v.slice(i);
  }
  return out;
}

/** Expand command words to argv: splitting, globbing, "$@". */
export function* expandWords(sh: Shell, words: Word[], io: Fds): Gen<string[]> {
  const b = new Builder(M_FIELDS, sh);
  for (const w of words) {
    if (w.lit !== null) b.out.push(w.lit);
    else {
      yield* parts(sh, w.parts, b, io);
      b.end();
    }
  }
  return b.out;
}

/** Expand to one string (assignments, redirection targets, `case` word, here-documents). */
export function* expandString(sh: Shell, w: Word, io: Fds): Gen<string> {
  if (w.lit !== null) return w.lit;
  const b = new Builder(M_SINGLE, sh);
  yield* parts(sh, w.parts, b, io);
  return b.cur;
}

/** Expand to a glob pattern (quoted characters escaped). */
export function* expandPattern(sh: Shell, w: Word, io: Fds): Gen<string> {
  const b = new Builder(M_PATTERN, sh);
  yield* parts(sh, w.parts, b, io);
  return b.pat;
}

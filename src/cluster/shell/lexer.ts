/**
 * Tokeniser for the ash subset. Words are scanned straight into WordParts (quotes, $-expansions,
 * backquotes), so the interpreter never re-scans text. `$(...)` recurses into the parser through
 * the `sub` callback, which keeps `case` patterns inside substitutions working.
 */
import type { Node, ParamOp, Redir, RedirOp, Word, WordPart } from './ast';

/** Busybox prints these as `sh: syntax error: <detail>`; `incomplete` means more input could fix it. */
export class ShellSyntaxError extends Error {
  constructor(
    public readonly detail: string,
    public readonly incomplete = false,
  ) {
    super(`sh: syntax error: ${detail}`);
  }
}

export const T_EOF = 0;
export const T_NL = 1;
export const T_REDIR = 2;
export const T_WORD = 3;
export const T_SEMI = 4;
export const T_AMP = 5;
export const T_AND = 6;
export const T_OR = 7;
export const T_PIPE = 8;
export const T_LP = 9;
export const T_RP = 10;
export const T_DSEMI = 11;

export interface Token {
  t: number;
  word: Word | null;
  op: RedirOp | null;
  fd: number;
  start: number;
  end: number;
}

/** Parses `$( ... )` starting at `pos` (just after the `(`); returns the node and the index after `)`. */
export type SubParser = (src: string, pos: number) => { node: Node | null; end: number };
/** Parses a whole script (backquote bodies). */
export type WholeParser = (src: string) => Node | null;

const MODE_NORMAL = 0;
const MODE_DQ = 1;
const MODE_BRACE = 2;
const MODE_HEREDOC = 3;

const META = new Set([' ', '\t', '\n', ';', '&', '|', '(', ')', '<', '>']);
const NAME_START = /[A-Za-z_]/;
const NAME_CHAR = /[A-Za-z0-9_]/;
const GLOB = /[*?[]/;

export function isName(s: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(s);
}

/** Build a Word, precomputing the static facts the interpreter's fast paths rely on. */
export function makeWord(parts: WordPart[]): Word {
  let lit: string | null = '';
  let plain: string | null = '';
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!;
    if (p.k !== 'lit') {
      lit = plain = null;
      break;
    }
    if (p.q) plain = null;
    else {
      if (GLOB.test(p.s) || (i === 0 && p.s.startsWith('~'))) lit = null;
      if (plain !== null) plain += p.s;
    }
    if (lit !== null) lit += p.s;
  }
  return { parts, lit, plain };
}

function pushLit(parts: WordPart[], s: string, q: boolean): void {
  const last = parts[parts.length - 1];
  if (last && last.k === 'lit' && last.q === q) last.s += s;
  else parts.push({ k: 'lit', s, q });
}

interface PendingHeredoc {
  redir: Redir;
  delim: string;
  strip: boolean;
  quoted: boolean;
}

export class Lexer {
  pos: number;
  private pending: PendingHeredoc[] = [];
  /** Interactive input: a here-document cut off by end of input needs more lines. */
  strictHeredoc = false;

  constructor(
    readonly src: string,
    private readonly sub: SubParser,
    private readonly whole: WholeParser,
    pos = 0,
  ) {
    this.pos = pos;
  }

  /** Register a here-document whose body starts after the next newline. */
  addHeredoc(redir: Redir, delimWord: Word, strip: boolean): void {
    let delim = '';
    let quoted = false;
    for (const p of delimWord.parts) {
      if (p.q) quoted = true;
      if (p.k === 'lit') delim += p.s;
    }
    this.pending.push({ redir, delim, strip, quoted });
  }

  next(): Token {
    const src = this.src;
    for (;;) {
      const c = src[this.pos];
      if (c === ' ' || c === '\t') this.pos++;
      else if (c === '\\' && src[this.pos + 1] === '\n') this.pos += 2;
      else if (c === '#') {
        while (this.pos < src.length && src[this.pos] !== '\n') this.pos++;
      } else break;
    }
    const start = this.pos;
    const c = src[start];
    if (c === undefined) {
      if (this.pending.length) this.readHeredocs();
      return this.tok(T_EOF, start);
    }
    if (c === '\n') {
      this.pos++;
      if (this.pending.length) this.readHeredocs();
      return this.tok(T_NL, start);
    }
    const d = src[start + 1];
    switch (c) {
      case ';':
        this.pos += d === ';' ? 2 : 1;
        return this.tok(d === ';' ? T_DSEMI : T_SEMI, start);
      case '&':
        if (d === '&') return (this.pos += 2), this.tok(T_AND, start);
        if (d === '>') return (this.pos += 2), this.redirTok('&>', 1, start);
        this.pos++;
        return this.tok(T_AMP, start);
      case '|':
        this.pos += d === '|' ? 2 : 1;
        return this.tok(d === '|' ? T_OR : T_PIPE, start);
      case '(':
        this.pos++;
        return this.tok(T_LP, start);
      case ')':
        this.pos++;
        return this.tok(T_RP, start);
      case '<':
      case '>':
        return this.redirOp(-1, start);
    }
    if (c >= '0' && c <= '9') {
      let j = start;
      while (src[j]! >= '0' && src[j]! <= '9') j++;
      if (src[j] === '<' || src[j] === '>') {
        const fd = Number(src.slice(start, j));
        this.pos = j;
        return this.redirOp(fd, start);
      }
    }
    const parts = this.scanParts(MODE_NORMAL, false, false);
    const t = this.tok(T_WORD, start);
    t.word = makeWord(parts);
    return t;
  }

  private tok(t: number, start: number): Token {
    return { t, word: null, op: null, fd: -1, start, end: this.pos };
  }

  private redirTok(op: RedirOp, fd: number, start: number): Token {
    const t = this.tok(T_REDIR, start);
    t.op = op;
    t.fd = fd;
    return t;
  }

  private redirOp(fd: number, start: number): Token {
    const s = this.src;
    const p = this.pos;
    let op: RedirOp;
    if (s[p] === '<') {
      if (s.startsWith('<<<', p)) op = '<<<';
      else if (s.startsWith('<<-', p)) op = '<<-';
      else if (s.startsWith('<<', p)) op = '<<';
      else if (s.startsWith('<&', p)) op = '<&';
      else if (s.startsWith('<>', p)) op = '<>';
      else op = '<';
    } else if (s.startsWith('>>', p)) op = '>>';
    else if (s.startsWith('>&', p)) op = '>&';
    else if (s.startsWith('>|', p)) op = '>|';
    else op = '>';
    this.pos += op.length;
    const defFd = op[0] === '<' ? 0 : 1;
    return this.redirTok(op, fd >= 0 ? fd : defFd, start);
  }

  private readHeredocs(): void {
    const src = this.src;
    for (const h of this.pending) {
      let body = '';
      let closed = false;
      while (this.pos < src.length) {
        let eol = src.indexOf('\n', this.pos);
        if (eol < 0) eol = src.length;
        let line = src.slice(this.pos, eol);
        this.pos = Math.min(eol + 1, src.length);
        if (h.strip) line = line.replace(/^\t+/, '');
        if (line === h.delim) {
          closed = true;
          break;
        }
        body += line + '\n';
      }
      if (!closed && this.strictHeredoc) throw new ShellSyntaxError(`unexpected end of file (expecting "${h.delim}")`, true);
      if (h.quoted) h.redir.target = makeWord([{ k: 'lit', s: body, q: true }]);
      else {
        const lx = new Lexer(body, this.sub, this.whole);
        h.redir.target = makeWord(lx.scanParts(MODE_HEREDOC, true, false));
      }
    }
    this.pending = [];
  }

  /**
   * Scan word parts until the mode's terminator. `q` marks the context as quoted (inside "..."
   * or a here-document); `stopSlash` ends a `${x/pat/rep}` pattern at `/`.
   */
  scanParts(mode: number, q: boolean, stopSlash: boolean): WordPart[] {
    const src = this.src;
    const parts: WordPart[] = [];
    let buf = '';
    let bufQ = q;
    const add = (s: string, quoted: boolean): void => {
      if (quoted !== bufQ && buf) {
        pushLit(parts, buf, bufQ);
        buf = '';
      }
      bufQ = quoted;
      buf += s;
    };
    const flush = (): void => {
      if (buf) pushLit(parts, buf, bufQ);
      buf = '';
    };
    for (;;) {
      const c = src[this.pos];
      if (c === undefined) {
        if (mode === MODE_DQ) throw new ShellSyntaxError('unterminated quoted string', true);
        if (mode === MODE_BRACE) throw new ShellSyntaxError("missing '}'", true);
        break;
      }
      if (mode === MODE_NORMAL) {
        if (META.has(c)) break;
      } else if (mode === MODE_DQ) {
        if (c === '"') {
          this.pos++;
          break;
        }
      } else if (mode === MODE_BRACE) {
        if (c === '}' || (stopSlash && c === '/')) break;
      }
      if (c === '\\') {
        const d = src[this.pos + 1];
        if (d === undefined) {
          add('\\', q);
          this.pos++;
          continue;
        }
        if (d === '\n') {
          this.pos += 2;
          continue;
        }
        this.pos += 2;
        if (mode === MODE_DQ || mode === MODE_HEREDOC) {
          // Inside double quotes a backslash only escapes $ ` " \ (here-documents: not ").
          if (d === '$' || d === '`' || d === '\\' || (d === '"' && mode === MODE_DQ)) add(d, true);
          else add('\\' + d, true);
        } else add(d, true);
        continue;
      }
      if (c === "'" && (mode === MODE_NORMAL || (mode === MODE_BRACE && !q))) {
        const end = src.indexOf("'", this.pos + 1);
        if (end < 0) throw new ShellSyntaxError('unterminated quoted string', true);
        flush();
        pushLit(parts, src.slice(this.pos + 1, end), true);
        this.pos = end + 1;
        continue;
      }
      if (c === '"' && (mode === MODE_NORMAL || mode === MODE_BRACE)) {
        flush();
        this.pos++;
        const inner = this.scanParts(MODE_DQ, true, false);
        if (inner.length === 0) pushLit(parts, '', true);
        for (const p of inner) {
          if (p.k === 'lit') pushLit(parts, p.s, p.q);
          else parts.push(p);
        }
        continue;
      }
      if (c === '$') {
        const p = this.scanDollar(q);
        if (p) {
          flush();
          parts.push(p);
        } else {
          add('$', q);
          this.pos++;
        }
        continue;
      }
      if (c === '`') {
        flush();
        parts.push(this.scanBackquote(q));
        continue;
      }
      add(c, q);
      this.pos++;
    }
    flush();
    return parts;
  }

  /** At a `$`: returns the expansion part, or null when the `$` is literal. */
  private scanDollar(q: boolean): WordPart | null {
    const src = this.src;
    const c = src[this.pos + 1];
    if (c === undefined) return null;
    if (c === '{') {
      this.pos += 2;
      return this.scanBrace(q);
    }
    if (c === '(') {
      if (src[this.pos + 2] === '(') {
        const save = this.pos;
        this.pos += 3;
        const expr = this.scanArith();
        if (expr) return { k: 'arith', expr: makeWord(expr), q };
        this.pos = save; // `$( (...) )`: a command substitution starting with a subshell
      }
      const { node, end } = this.sub(src, this.pos + 2);
      this.pos = end;
      return { k: 'cmd', body: node, q };
    }
    if (NAME_START.test(c)) {
      let j = this.pos + 2;
      while (j < src.length && NAME_CHAR.test(src[j]!)) j++;
      const name = src.slice(this.pos + 1, j);
      this.pos = j;
      return { k: 'param', name, op: '', arg: null, arg2: null, q };
    }
    if ((c >= '0' && c <= '9') || '?$#@*!-'.includes(c)) {
      this.pos += 2;
      return { k: 'param', name: c, op: '', arg: null, arg2: null, q };
    }
    return null;
  }

  private scanBrace(q: boolean): WordPart {
    const src = this.src;
    let op: ParamOp = '';
    if (src[this.pos] === '#' && src[this.pos + 1] !== '}') {
      const n = src[this.pos + 1] ?? '';
      if (NAME_START.test(n) || (n >= '0' && n <= '9') || '?$@*!-#'.includes(n)) {
        op = 'len';
        this.pos++;
      }
    }
    const start = this.pos;
    const c = src[this.pos] ?? '';
    if (NAME_START.test(c)) {
      this.pos++;
      while (this.pos < src.length && NAME_CHAR.test(src[this.pos]!)) this.pos++;
    } else if (c >= '0' && c <= '9') {
      while (src[this.pos]! >= '0' && src[this.pos]! <= '9') this.pos++;
    } else if (c && '?$#@*!-'.includes(c)) this.pos++;
    const name = src.slice(start, this.pos);
    if (!name) {
      if (this.pos >= src.length) throw new ShellSyntaxError("missing '}'", true);
      throw new ShellSyntaxError('bad substitution');
    }
    const part: WordPart & { k: 'param' } = { k: 'param', name, op, arg: null, arg2: null, q };
    const d = src[this.pos];
    if (d === '}') {
      this.pos++;
      return part;
    }
    if (d === undefined) throw new ShellSyntaxError("missing '}'", true);
    if (op === 'len') throw new ShellSyntaxError('bad substitution');
    const e = src[this.pos + 1];
    if (d === ':') {
      if (e === '-' || e === '=' || e === '+' || e === '?') {
        op = (':' + e) as ParamOp;
        this.pos += 2;
      } else {
        op = ':';
        this.pos++;
      }
    } else if (d === '-' || d === '=' || d === '+' || d === '?') {
      op = d;
      this.pos++;
    } else if (d === '#' || d === '%' || d === '/') {
      op = (e === d ? d + d : d) as ParamOp;
      this.pos += op.length;
    } else throw new ShellSyntaxError('bad substitution');
    part.op = op;
    const slash = op === '/' || op === '//';
    part.arg = makeWord(this.scanParts(MODE_BRACE, q, slash));
    if (slash && src[this.pos] === '/') {
      this.pos++;
      part.arg2 = makeWord(this.scanParts(MODE_BRACE, q, false));
    }
    if (src[this.pos] !== '}') throw new ShellSyntaxError("missing '}'", true);
    this.pos++;
    return part;
  }

  /** Body of `$(( ... ))`; null when the parens don't close as `))` (then it was `$( (..) )`). */
  private scanArith(): WordPart[] | null {
    const src = this.src;
    const parts: WordPart[] = [];
    let buf = '';
    let depth = 0;
    for (;;) {
      const c = src[this.pos];
      if (c === undefined) throw new ShellSyntaxError("missing '))'", true);
      if (c === '(') depth++;
      else if (c === ')') {
        if (depth === 0) {
          if (src[this.pos + 1] !== ')') return null;
          this.pos += 2;
          break;
        }
        depth--;
      } else if (c === '$' || c === '`') {
        const p = c === '$' ? this.scanDollar(true) : this.scanBackquote(true);
        if (p) {
          if (buf) pushLit(parts, buf, true);
          buf = '';
          parts.push(p);
          continue;
        }
      } else if (c === '"' || c === '\\') {
        this.pos++;
        continue;
      }
      buf += c;
      this.pos++;
    }
    if (buf) pushLit(parts, buf, true);
    return parts;
  }

  private scanBackquote(q: boolean): WordPart {
    const src = this.src;
    let text = '';
    let i = this.pos + 1;
    for (;;) {
      const c = src[i];
      if (c === undefined) throw new ShellSyntaxError('EOF in backquote substitution', true);
      if (c === '`') break;
      if (c === '\\') {
        const d = src[i + 1];
        if (d === '$' || d === '`' || d === '\\' || (q && d === '"')) {
          text += d;
          i += 2;
          continue;
        }
      }
      text += c;
      i++;
    }
    this.pos = i + 1;
    return { k: 'cmd', body: this.whole(text), q };
  }
}

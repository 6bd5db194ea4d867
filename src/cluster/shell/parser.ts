/**
 * Recursive-descent parser following dash/busybox-ash's grammar closely enough that syntax errors
 * read the same (`unexpected "done" (expecting "fi")`). Scripts can be parsed whole (parseScript)
 * or one top-level line at a time (Parser.parseLine), which is how ash runs `-c` scripts: earlier
 * lines execute before a syntax error further down is reported.
 */
import type { Assign, CaseItem, Node, Redir, SimpleNode, Word } from './ast';
import { NO_REDIRS } from './ast';
import {
  Lexer,
  ShellSyntaxError,
  T_AMP,
  T_AND,
  T_DSEMI,
  T_EOF,
  T_LP,
  T_NL,
  T_OR,
  T_PIPE,
  T_REDIR,
  T_RP,
  T_SEMI,
  T_WORD,
  isName,
  makeWord,
  type Token,
} from './lexer';

export { ShellSyntaxError } from './lexer';

const KEYWORDS = new Set(['!', 'case', 'do', 'done', 'elif', 'else', 'esac', 'fi', 'for', 'function', 'if', 'in', 'then', 'until', 'while', '{', '}']);
/** Keywords that close a compound list (ash's tokendlist). */
const ENDERS = new Set(['do', 'done', 'elif', 'else', 'esac', 'fi', 'then', '}']);
const OP_NAMES: Record<number, string> = {
  [T_SEMI]: ';',
  [T_AMP]: '&',
  [T_AND]: '&&',
  [T_OR]: '||',
  [T_PIPE]: '|',
  [T_LP]: '(',
  [T_RP]: ')',
  [T_DSEMI]: ';;',
};

export const EOF = Symbol('eof');

function subParse(src: string, pos: number): { node: Node | null; end: number } {
  const p = new Parser(src, pos);
  p.skipNewlines();
  let node: Node | null = null;
  if (p.peek().t !== T_RP) node = p.list(false);
  const t = p.peek();
  if (t.t !== T_RP) p.synexpect(')');
  return { node, end: t.end };
}

function wholeParse(src: string): Node | null {
  return new Parser(src).parseAll();
}

export class Parser {
  private lx: Lexer;
  private la: Token | null = null;

  constructor(src: string, pos = 0, interactive = false) {
    this.lx = new Lexer(src, subParse, wholeParse, pos);
    this.lx.strictHeredoc = interactive;
  }

  peek(): Token {
    return (this.la ??= this.lx.next());
  }

  private take(): Token {
    const t = this.peek();
    this.la = null;
    return t;
  }

  private kw(t: Token): string | null {
    if (t.t !== T_WORD) return null;
    const p = t.word!.plain;
    return p !== null && KEYWORDS.has(p) ? p : null;
  }

  skipNewlines(): void {
    while (this.peek().t === T_NL) this.take();
  }

  /** Throw ash's `unexpected X [(expecting "Y")]` for the lookahead token. */
  synexpect(expected?: string): never {
    const t = this.peek();
    let name: string;
    if (t.t === T_EOF) name = 'end of file';
    else if (t.t === T_NL) name = 'newline';
    else if (t.t === T_REDIR) name = 'redirection';
    else if (t.t === T_WORD) {
      const k = this.kw(t);
      name = k ? `"${k}"` : 'word';
    } else name = `"${OP_NAMES[t.t]}"`;
    const exp = expected === undefined ? '' : ` (expecting "${expected}")`;
    throw new ShellSyntaxError(`unexpected ${name}${exp}`, t.t === T_EOF);
  }

  /** The whole script as one node (null when it has no commands). */
  parseAll(): Node | null {
    const items: Node[] = [];
    for (;;) {
      const n = this.parseLine();
      if (n === EOF) break;
      if (n) items.push(n);
    }
    if (items.length === 0) return null;
    if (items.length === 1) return items[0]!;
    return { t: 'list', items, bg: items.map(() => false), texts: items.map(() => '') };
  }

  /** Next top-level command line (through its newline), null for a blank line, EOF at the end. */
  parseLine(): Node | null | typeof EOF {
    this.skipNewlines();
    if (this.peek().t === T_EOF) return EOF;
    return this.list(true);
  }

  /**
   * A command list. `line`: top level, ends at a newline. Otherwise a compound body that ends at a
   * closing keyword/`)`/`;;` (only after its first command, which is why `do done` is an error).
   */
  list(line: boolean): Node {
    const items: Node[] = [];
    const bg: boolean[] = [];
    const texts: string[] = [];
    let first = true;
    const src = this.lx.src;
    for (;;) {
      if (!line) this.skipNewlines();
      const t = this.peek();
      if (!first && !line) {
        if (t.t === T_EOF || t.t === T_RP || t.t === T_DSEMI) break;
        const k = this.kw(t);
        if (k && ENDERS.has(k)) break;
      }
      first = false;
      const n = this.andOr();
      const s = this.peek();
      if (s.t === T_SEMI || s.t === T_AMP) {
        this.take();
        items.push(n);
        bg.push(s.t === T_AMP);
        texts.push(s.t === T_AMP ? src.slice(t.start, s.start).trim() : '');
        if (line) {
          const u = this.peek();
          if (u.t === T_NL) {
            this.take();
            break;
          }
          if (u.t === T_EOF) break;
        }
        continue;
      }
      items.push(n);
      bg.push(false);
      texts.push('');
      if (s.t === T_NL) {
        this.take();
        if (line) break;
        continue;
      }
      if (s.t === T_EOF) break;
      if (line) this.synexpect();
      break;
    }
    if (items.length === 1 && !bg[0]) return items[0]!;
    return { t: 'list', items, bg, texts };
  }

  private andOr(): Node {
    const first = this.pipeline();
    const ops: boolean[] = [];
    const rest: Node[] = [];
    for (;;) {
      const t = this.peek().t;
      if (t !== T_AND && t !== T_OR) break;
      this.take();
      ops.push(t === T_AND);
      this.skipNewlines();
      rest.push(this.pipeline());
    }
    return ops.length ? { t: 'andor', first, ops, rest } : first;
  }

  private pipeline(): Node {
    let bang = false;
    if (this.kw(this.peek()) === '!') {
      this.take();
      bang = true;
    }
    const cmds = [this.command()];
    while (this.peek().t === T_PIPE) {
      this.take();
      this.skipNewlines();
      cmds.push(this.command());
    }
    return cmds.length === 1 && !bang ? cmds[0]! : { t: 'pipe', cmds, bang };
  }

  private expectKw(k: string): void {
    if (this.kw(this.peek()) !== k) this.synexpect(k);
    this.take();
  }

  private expectOp(t: number): void {
    if (this.peek().t !== t) this.synexpect(OP_NAMES[t]);
    this.take();
  }

  private command(): Node {
    const t = this.peek();
    if (t.t === T_LP) {
      this.take();
      const body = this.list(false);
      this.expectOp(T_RP);
      return { t: 'sub', body, redirs: this.redirList() };
    }
    switch (this.kw(t)) {
      case 'if':
        return this.ifCmd();
      case 'while':
      case 'until': {
        this.take();
        const cond = this.list(false);
        this.expectKw('do');
        const body = this.list(false);
        this.expectKw('done');
        return { t: 'while', until: t.word!.plain === 'until', cond, body, redirs: this.redirList() };
      }
      case 'for':
        return this.forCmd();
      case 'case':
        return this.caseCmd();
      case '{': {
        this.take();
        const body = this.list(false);
        this.expectKw('}');
        return { t: 'group', body, redirs: this.redirList() };
      }
      case 'function': {
        this.take();
        const n = this.take();
        if (n.t !== T_WORD || !n.word!.plain || !isName(n.word!.plain)) throw new ShellSyntaxError('bad function name');
        if (this.peek().t === T_LP) {
          this.take();
          this.expectOp(T_RP);
        }
        this.skipNewlines();
        return { t: 'func', name: n.word!.plain, body: this.command() };
      }
    }
    return this.simple();
  }

  private ifCmd(): Node {
    this.take();
    const conds: Node[] = [this.list(false)];
    this.expectKw('then');
    const bodies: (Node | null)[] = [this.list(false)];
    let orelse: Node | null = null;
    for (;;) {
      const k = this.kw(this.peek());
      if (k === 'elif') {
        this.take();
        conds.push(this.list(false));
        this.expectKw('then');
        bodies.push(this.list(false));
      } else {
        if (k === 'else') {
          this.take();
          orelse = this.list(false);
        }
        break;
      }
    }
    this.expectKw('fi');
    return { t: 'if', conds, bodies, orelse, redirs: this.redirList() };
  }

  private forCmd(): Node {
    this.take();
    const n = this.take();
    const name = n.t === T_WORD ? n.word!.plain : null;
    if (!name || !isName(name)) throw new ShellSyntaxError('bad for loop variable');
    this.skipNewlines();
    let words: Word[] | null = null;
    if (this.kw(this.peek()) === 'in') {
      this.take();
      words = [];
      while (this.peek().t === T_WORD) words.push(this.take().word!);
      const s = this.peek().t;
      if (s !== T_SEMI && s !== T_NL) this.synexpect();
      this.take();
    } else if (this.peek().t === T_SEMI) this.take();
    this.skipNewlines();
    this.expectKw('do');
    const body = this.list(false);
    this.expectKw('done');
    return { t: 'for', name, words, body, redirs: this.redirList() };
  }

  private caseCmd(): Node {
    this.take();
    const w = this.peek();
    if (w.t !== T_WORD) this.synexpect();
    this.take();
    this.skipNewlines();
    this.expectKw('in');
    const items: CaseItem[] = [];
    for (;;) {
      this.skipNewlines();
      if (this.kw(this.peek()) === 'esac') {
        this.take();
        break;
      }
      if (this.peek().t === T_LP) this.take();
      const pats: Word[] = [this.expectWord()];
      while (this.peek().t === T_PIPE) {
        this.take();
        pats.push(this.expectWord());
      }
      this.expectOp(T_RP);
      this.skipNewlines();
      let body: Node | null = null;
      const p = this.peek();
      if (p.t !== T_DSEMI && this.kw(p) !== 'esac') body = this.list(false);
      items.push({ pats, body });
      if (this.peek().t === T_DSEMI) {
        this.take();
        continue;
      }
      if (this.kw(this.peek()) === 'esac') {
        this.take();
        break;
      }
      this.synexpect(';;');
    }
    return { t: 'case', word: w.word!, items, redirs: this.redirList() };
  }

  private expectWord(): Word {
    const t = this.peek();
    if (t.t !== T_WORD) this.synexpect();
    this.take();
    return t.word!;
  }

  private redirList(): Redir[] {
    if (this.peek().t !== T_REDIR) return NO_REDIRS;
    const r: Redir[] = [];
    while (this.peek().t === T_REDIR) r.push(this.redirect());
    return r;
  }

  private redirect(): Redir {
    const t = this.take();
    const w = this.peek();
    if (w.t !== T_WORD) this.synexpect();
    this.take();
    const op = t.op!;
    if (op === '<<' || op === '<<-') {
      const r: Redir = { fd: t.fd, op, target: makeWord([]) };
      this.lx.addHeredoc(r, w.word!, op === '<<-');
      return r;
    }
    return { fd: t.fd, op, target: w.word! };
  }

  private simple(): Node {
    const assigns: Assign[] = [];
    const words: Word[] = [];
    let redirs: Redir[] = NO_REDIRS;
    const first = this.peek();
    if (this.kw(first)) this.synexpect();
    for (;;) {
      const t = this.peek();
      if (t.t === T_REDIR) {
        if (redirs === NO_REDIRS) redirs = [];
        redirs.push(this.redirect());
        continue;
      }
      if (t.t !== T_WORD) break;
      const w = t.word!;
      if (words.length === 0) {
        const a = assignment(w);
        if (a) {
          this.take();
          assigns.push(a);
          continue;
        }
      }
      this.take();
      if (words.length === 0 && assigns.length === 0 && redirs.length === 0 && this.peek().t === T_LP) {
        this.take();
        this.expectOp(T_RP);
        if (!w.plain || !isName(w.plain)) throw new ShellSyntaxError('bad function name');
        this.skipNewlines();
        return { t: 'func', name: w.plain, body: this.command() };
      }
      words.push(w);
    }
    if (!assigns.length && !words.length && !redirs.length) this.synexpect();
    let argv: string[] | null = [];
    for (const w of words) {
      if (w.lit === null) {
        argv = null;
        break;
      }
      argv.push(w.lit);
    }
    const n: SimpleNode = { t: 'simple', assigns, words, redirs, argv };
    return n;
  }
}

/** `NAME=value` as the leading unquoted text of a word. */
function assignment(w: Word): Assign | null {
  const p = w.parts[0];
  if (!p || p.k !== 'lit' || p.q) return null;
  const m = /^([A-Za-z_][A-Za-z0-9_]*)=/.exec(p.s);
  if (!m) return null;
  const rest = p.s.slice(m[0].length);
  const parts = w.parts.slice(1);
  if (rest) parts.unshift({ k: 'lit', s: rest, q: false });
  const value = makeWord(parts);
  // Values are not globbed or split, so any all-literal value is static.
  if (value.lit === null && parts.every((x) => x.k === 'lit') && !(rest.startsWith('~'))) {
    value.lit = parts.map((x) => (x as { s: string }).s).join('');
  }
  return { name: m[1]!, value };
}

/** Parse a whole script; throws ShellSyntaxError with busybox's message. */
export function parseScript(src: string): Node | null {
  return new Parser(src).parseAll();
}

/**
 * Syntax tree of the busybox-ash subset. Parsed once per script; the interpreter walks it on every
 * loop iteration, so static facts (literal argv, plain words) are precomputed by the parser.
 */

/** `q` marks text that came from quotes: it is never field-split or globbed. */
export type WordPart =
  | { k: 'lit'; s: string; q: boolean }
  | { k: 'param'; name: string; op: ParamOp; arg: Word | null; arg2: Word | null; q: boolean }
  | { k: 'cmd'; body: Node | null; q: boolean }
  | { k: 'arith'; expr: Word; q: boolean };

export type ParamOp =
  | ''
  | 'len'
  | ':-' | '-' | ':=' | '=' | ':+' | '+' | ':?' | '?'
  | '#' | '##' | '%' | '%%'
  | '/' | '//'
  | ':';

export interface Word {
  parts: WordPart[];
  /** The word's single field when it needs no expansion at all (no $, no unquoted glob/tilde). */
  lit: string | null;
  /** Unquoted, expansion-free source text: what keywords and assignment names are matched on. */
  plain: string | null;
}

export type RedirOp = '>' | '>>' | '<' | '>&' | '<&' | '<<' | '<<-' | '<<<' | '<>' | '>|' | '&>';

export interface Redir {
  fd: number;
  op: RedirOp;
  /** File name, fd number (`2>&1`) or, for here-documents, the body. */
  target: Word;
}

export interface Assign {
  name: string;
  value: Word;
}

export interface SimpleNode {
  t: 'simple';
  assigns: Assign[];
  words: Word[];
  redirs: Redir[];
  /** Precomputed argv when every word is literal: the common `sleep 1` / `echo tick` fast path. */
  argv: string[] | null;
}

export interface PipeNode {
  t: 'pipe';
  cmds: Node[];
  bang: boolean;
}

export interface AndOrNode {
  t: 'andor';
  first: Node;
  /** true = `&&`, false = `||` */
  ops: boolean[];
  rest: Node[];
}

export interface ListNode {
  t: 'list';
  items: Node[];
  /** Run item i in the background (`&`). */
  bg: boolean[];
  /** Source text of background items, for `ps`/`jobs`. */
  texts: string[];
}

export interface SubshellNode {
  t: 'sub';
  body: Node | null;
  redirs: Redir[];
}

export interface GroupNode {
  t: 'group';
  body: Node | null;
  redirs: Redir[];
}

export interface IfNode {
  t: 'if';
  conds: Node[];
  bodies: (Node | null)[];
  orelse: Node | null;
  redirs: Redir[];
}

export interface WhileNode {
  t: 'while';
  until: boolean;
  cond: Node;
  body: Node | null;
  redirs: Redir[];
}

export interface ForNode {
  t: 'for';
  name: string;
  /** null: iterate "$@" */
  words: Word[] | null;
  body: Node | null;
  redirs: Redir[];
}

export interface CaseItem {
  pats: Word[];
  body: Node | null;
}

export interface CaseNode {
  t: 'case';
  word: Word;
  items: CaseItem[];
  redirs: Redir[];
}

export interface FuncNode {
  t: 'func';
  name: string;
  body: Node;
}

export type Node =
  | SimpleNode
  | PipeNode
  | AndOrNode
  | ListNode
  | SubshellNode
  | GroupNode
  | IfNode
  | WhileNode
  | ForNode
  | CaseNode
  | FuncNode;

export const NO_REDIRS: Redir[] = [];

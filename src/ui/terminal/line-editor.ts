/**
 * A small readline-style line editor for the lab terminal.
 *
 * PURE: no DOM, no xterm. It takes exactly what xterm's `onData` delivers
 * (typed text, pasted text, escape sequences, control characters) and answers
 * with (a) the bytes to write to the terminal to redraw the edited line and
 * (b) events: `line`, `interrupt`, `eof`, `clear`.
 *
 * Redraw model: the editor knows where the terminal cursor is relative to the
 * first row of the prompt (`pos`). An edit moves up to that row, rewrites
 * prompt + buffer, clears the rest of the screen (`ESC[J`) and moves the
 * cursor back to its logical place; pure cursor moves emit only relative
 * cursor movement (`ESC[nA/B/C/D`). Lines longer than the terminal width are
 * laid out exactly as xterm autowraps them (wide CJK characters that do not
 * fit in the last column move to the next row), using xterm's own Unicode 6
 * width table so the two never disagree.
 *
 * Type-ahead: while no `read()` is active (a command is running) input is
 * queued, not echoed, and replayed on the next `read()`; an Enter in the
 * queue completes that line, and the rest waits for the following `read()`.
 * Ctrl-C while not reading is delivered at once: it discards the queued
 * type-ahead before it (as a tty flushes its input queue on SIGINT).
 */

export interface CompletionResult {
  /** Full replacements for `line.slice(start, cursor)`. */
  candidates: string[];
  /** UTF-16 index in `line` where the word being completed starts. */
  start: number;
}

export interface LineEditorHooks {
  /** Bytes for the terminal. */
  write(data: string): void;
  /** Enter: the line is finished (the editor is no longer reading). */
  line(text: string): void;
  /** Ctrl-C, while reading (the line is discarded) or while a command runs. */
  interrupt(): void;
  /** Ctrl-D on an empty line (the editor is no longer reading). */
  eof(): void;
  /** Ctrl-L: notification; the editor has already cleared the screen and redrawn. */
  clear(): void;
  /** Tab completion; `cursor` is a UTF-16 index into `line`. */
  complete?(line: string, cursor: number): CompletionResult;
}

export interface LineEditorOptions {
  history?: readonly string[];
  maxHistory?: number;
  cols?: number;
}

export interface LineEditorSnapshot {
  /** The line as it would be submitted now (in a search: the current match). */
  buffer: string;
  /** UTF-16 index into `buffer`. */
  cursor: number;
  /** Set while a Ctrl-R reverse search is active. */
  search: { query: string; failed: boolean } | null;
}

// ---------------------------------------------------------------------------
// Display width (mirrors xterm.js's default "Unicode 6" wcwidth exactly)
// ---------------------------------------------------------------------------

/* prettier-ignore */
const COMBINING_BMP = [
  0x300, 0x36f, 0x483, 0x486, 0x488, 0x489, 0x591, 0x5bd, 0x5bf, 0x5bf, 0x5c1, 0x5c2, 0x5c4, 0x5c5,
  0x5c7, 0x5c7, 0x600, 0x603, 0x610, 0x615, 0x64b, 0x65e, 0x670, 0x670, 0x6d6, 0x6e4, 0x6e7, 0x6e8,
  0x6ea, 0x6ed, 0x70f, 0x70f, 0x711, 0x711, 0x730, 0x74a, 0x7a6, 0x7b0, 0x7eb, 0x7f3, 0x901, 0x902,
  0x93c, 0x93c, 0x941, 0x948, 0x94d, 0x94d, 0x951, 0x954, 0x962, 0x963, 0x981, 0x981, 0x9bc, 0x9bc,
  0x9c1, 0x9c4, 0x9cd, 0x9cd, 0x9e2, 0x9e3, 0xa01, 0xa02, 0xa3c, 0xa3c, 0xa41, 0xa42, 0xa47, 0xa48,
  0xa4b, 0xa4d, 0xa70, 0xa71, 0xa81, 0xa82, 0xabc, 0xabc, 0xac1, 0xac5, 0xac7, 0xac8, 0xacd, 0xacd,
  0xae2, 0xae3, 0xb01, 0xb01, 0xb3c, 0xb3c, 0xb3f, 0xb3f, 0xb41, 0xb43, 0xb4d, 0xb4d, 0xb56, 0xb56,
  0xb82, 0xb82, 0xbc0, 0xbc0, 0xbcd, 0xbcd, 0xc3e, 0xc40, 0xc46, 0xc48, 0xc4a, 0xc4d, 0xc55, 0xc56,
  0xcbc, 0xcbc, 0xcbf, 0xcbf, 0xcc6, 0xcc6, 0xccc, 0xccd, 0xce2, 0xce3, 0xd41, 0xd43, 0xd4d, 0xd4d,
  0xdca, 0xdca, 0xdd2, 0xdd4, 0xdd6, 0xdd6, 0xe31, 0xe31, 0xe34, 0xe3a, 0xe47, 0xe4e, 0xeb1, 0xeb1,
  0xeb4, 0xeb9, 0xebb, 0xebc, 0xec8, 0xecd, 0xf18, 0xf19, 0xf35, 0xf35, 0xf37, 0xf37, 0xf39, 0xf39,
  0xf71, 0xf7e, 0xf80, 0xf84, 0xf86, 0xf87, 0xf90, 0xf97, 0xf99, 0xfbc, 0xfc6, 0xfc6, 0x102d, 0x1030,
  0x1032, 0x1032, 0x1036, 0x1037, 0x1039, 0x1039, 0x1058, 0x1059, 0x1160, 0x11ff, 0x135f, 0x135f,
  0x1712, 0x1714, 0x1732, 0x1734, 0x1752, 0x1753, 0x1772, 0x1773, 0x17b4, 0x17b5, 0x17b7, 0x17bd,
  0x17c6, 0x17c6, 0x17c9, 0x17d3, 0x17dd, 0x17dd, 0x180b, 0x180d, 0x18a9, 0x18a9, 0x1920, 0x1922,
  0x1927, 0x1928, 0x1932, 0x1932, 0x1939, 0x193b, 0x1a17, 0x1a18, 0x1b00, 0x1b03, 0x1b34, 0x1b34,
  0x1b36, 0x1b3a, 0x1b3c, 0x1b3c, 0x1b42, 0x1b42, 0x1b6b, 0x1b73, 0x1dc0, 0x1dca, 0x1dfe, 0x1dff,
  0x200b, 0x200f, 0x202a, 0x202e, 0x2060, 0x2063, 0x206a, 0x206f, 0x20d0, 0x20ef, 0x302a, 0x302f,
  0x3099, 0x309a, 0xa806, 0xa806, 0xa80b, 0xa80b, 0xa825, 0xa826, 0xfb1e, 0xfb1e, 0xfe00, 0xfe0f,
  0xfe20, 0xfe23, 0xfeff, 0xfeff, 0xfff9, 0xfffb,
];

/* prettier-ignore */
const COMBINING_ASTRAL = [
  0x10a01, 0x10a03, 0x10a05, 0x10a06, 0x10a0c, 0x10a0f, 0x10a38, 0x10a3a, 0x10a3f, 0x10a3f,
  0x1d167, 0x1d169, 0x1d173, 0x1d182, 0x1d185, 0x1d18b, 0x1d1aa, 0x1d1ad, 0x1d242, 0x1d244,
  0xe0001, 0xe0001, 0xe0020, 0xe007f, 0xe0100, 0xe01ef,
];

function inRanges(cp: number, table: readonly number[]): boolean {
  let lo = 0;
  let hi = table.length / 2 - 1;
  if (cp < table[0]! || cp > table[table.length - 1]!) return false;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp > table[mid * 2 + 1]!) lo = mid + 1;
    else if (cp < table[mid * 2]!) hi = mid - 1;
    else return true;
  }
  return false;
}

/** Terminal cell width of one code point: 0 (control/combining), 1, or 2 (East Asian wide). */
export function charWidth(cp: number): 0 | 1 | 2 {
  if (cp < 32) return 0;
  if (cp < 127) return 1;
  if (cp < 160) return 0;
  if (cp < 0x10000) {
    if (inRanges(cp, COMBINING_BMP)) return 0;
    if (
      (cp >= 0x1100 && cp <= 0x115f) ||
      cp === 0x2329 ||
      cp === 0x232a ||
      (cp >= 0x2e80 && cp <= 0xa4cf && cp !== 0x303f) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xfe10 && cp <= 0xfe19) ||
      (cp >= 0xfe30 && cp <= 0xfe6f) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6)
    ) {
      return 2;
    }
    return 1;
  }
  if (inRanges(cp, COMBINING_ASTRAL)) return 0;
  if ((cp >= 0x20000 && cp <= 0x2fffd) || (cp >= 0x30000 && cp <= 0x3fffd)) return 2;
  return 1;
}

// CSI, OSC, DCS/PM/APC/SOS strings, nF escapes (e.g. `ESC ( B` from tput sgr0),
// other two-byte escapes, and readline's \x01/\x02 "invisible" markers.
const ANSI_RE =
  /\x1b(?:\[[0-?]*[ -\/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)|[PX^_][^\x1b]*\x1b\\|[ -\/]+[0-~]|[0-~])|[\x01\x02]/g;

/** Remove terminal escape sequences (colors etc.), leaving the visible text. */
export function stripAnsi(s: string): string {
  return s.replace(ANSI_RE, '');
}

/** Visible width in terminal cells (escape sequences ignored, CJK counts 2). */
export function strWidth(s: string): number {
  let w = 0;
  for (const ch of stripAnsi(s)) w += charWidth(ch.codePointAt(0)!);
  return w;
}

/** Convert lone `\n` to `\r\n` (xterm runs with convertEol off). */
export function toCrlf(s: string): string {
  return s.replace(/\r?\n/g, '\r\n');
}

// ---------------------------------------------------------------------------
// Layout
// ---------------------------------------------------------------------------

interface Pos {
  row: number;
  col: number;
}

interface Layout {
  /** Screen position of the cursor when it stands before UTF-16 offset i (sparse: code point starts and text.length). */
  at: Pos[];
  /** Where the cursor rests after the whole line is written (normalised, never in the "pending wrap" column). */
  end: Pos;
  /** The line ends exactly at the right margin: the terminal holds a pending wrap there. */
  pendingWrap: boolean;
}

function layout(prompt: string, text: string, cols: number): Layout {
  let row = 0;
  let col = 0;
  const step = (w: number): void => {
    if (w === 0) return;
    if (col + w > cols) {
      row++;
      col = 0;
    }
    col += w;
  };
  for (const ch of stripAnsi(prompt)) step(charWidth(ch.codePointAt(0)!));
  const at: Pos[] = [];
  let i = 0;
  for (const ch of text) {
    const w = charWidth(ch.codePointAt(0)!);
    at[i] = col + Math.max(w, 1) > cols ? { row: row + 1, col: 0 } : { row, col };
    step(w);
    i += ch.length;
  }
  const pendingWrap = col >= cols;
  const end = pendingWrap ? { row: row + 1, col: 0 } : { row, col };
  at[text.length] = end;
  return { at, end, pendingWrap };
}

function move(from: Pos, to: Pos): string {
  let s = '';
  if (to.row < from.row) s += `\x1b[${from.row - to.row}A`;
  else if (to.row > from.row) s += `\x1b[${to.row - from.row}B`;
  if (to.col < from.col) s += `\x1b[${from.col - to.col}D`;
  else if (to.col > from.col) s += `\x1b[${to.col - from.col}C`;
  return s;
}

/** Lay out completion candidates in columns (sorted down the columns, like bash). Each row ends in CRLF. */
export function formatColumns(items: readonly string[], cols: number): string {
  if (items.length === 0) return '';
  const widths = items.map(strWidth);
  const colWidth = Math.max(...widths) + 2;
  const ncols = Math.max(1, Math.floor((cols + 2) / colWidth));
  const nrows = Math.ceil(items.length / ncols);
  let out = '';
  for (let r = 0; r < nrows; r++) {
    let line = '';
    for (let c = 0; c < ncols; c++) {
      const i = c * nrows + r;
      if (i >= items.length) break;
      line += items[i]!;
      if ((c + 1) * nrows + r < items.length) line += ' '.repeat(colWidth - widths[i]!);
    }
    out += line + '\r\n';
  }
  return out;
}

function commonPrefix(items: readonly string[]): string {
  let p = items[0] ?? '';
  for (const s of items) {
    let i = 0;
    while (i < p.length && i < s.length && p[i] === s[i]) i++;
    p = p.slice(0, i);
  }
  // never split a surrogate pair
  const last = p.charCodeAt(p.length - 1);
  if (last >= 0xd800 && last <= 0xdbff) p = p.slice(0, -1);
  return p;
}

// ---------------------------------------------------------------------------
// Input tokens
// ---------------------------------------------------------------------------

type Key =
  | 'enter'
  | 'interrupt'
  | 'eof'
  | 'backspace'
  | 'delete'
  | 'left'
  | 'right'
  | 'home'
  | 'end'
  | 'word-left'
  | 'word-right'
  | 'up'
  | 'down'
  | 'tab'
  | 'kill-end'
  | 'kill-start'
  | 'kill-word-unix'
  | 'kill-word-back'
  | 'kill-word-fwd'
  | 'yank'
  | 'transpose'
  | 'clear'
  | 'search'
  | 'cancel'
  | 'esc';

type Token = { t: 'text'; text: string } | { t: 'key'; key: Key };

const CTRL: Partial<Record<number, Key>> = {
  0x01: 'home', // C-a
  0x02: 'left', // C-b
  0x03: 'interrupt', // C-c
  0x04: 'eof', // C-d
  0x05: 'end', // C-e
  0x06: 'right', // C-f
  0x07: 'cancel', // C-g
  0x08: 'backspace', // C-h
  0x09: 'tab',
  0x0a: 'enter',
  0x0b: 'kill-end', // C-k
  0x0c: 'clear', // C-l
  0x0d: 'enter',
  0x0e: 'down', // C-n
  0x10: 'up', // C-p
  0x12: 'search', // C-r
  0x14: 'transpose', // C-t
  0x15: 'kill-start', // C-u
  0x17: 'kill-word-unix', // C-w
  0x19: 'yank', // C-y
  0x7f: 'backspace',
};

type CsiResult = Key | 'paste-start' | null;

function csiKey(params: string, final: string): CsiResult {
  const [p0 = '', mod = ''] = params.split(';');
  const word = mod !== '' && mod !== '1' && mod !== '2'; // Alt/Ctrl/Meta + arrow
  switch (final) {
    case 'A':
      return 'up';
    case 'B':
      return 'down';
    case 'C':
      return word ? 'word-right' : 'right';
    case 'D':
      return word ? 'word-left' : 'left';
    case 'H':
      return 'home';
    case 'F':
      return 'end';
    case '~':
      switch (p0) {
        case '1':
        case '7':
          return 'home';
        case '4':
        case '8':
          return 'end';
        case '3':
          return word ? 'kill-word-fwd' : 'delete';
        case '200':
          return 'paste-start';
        default:
          return null;
      }
    default:
      return null;
  }
}

function ss3Key(final: string): Key | null {
  switch (final) {
    case 'A':
      return 'up';
    case 'B':
      return 'down';
    case 'C':
      return 'right';
    case 'D':
      return 'left';
    case 'H':
      return 'home';
    case 'F':
      return 'end';
    default:
      return null;
  }
}

function altKey(ch: string): Key | null {
  switch (ch) {
    case 'b':
    case 'B':
      return 'word-left';
    case 'f':
    case 'F':
      return 'word-right';
    case 'd':
    case 'D':
      return 'kill-word-fwd';
    case '\x7f':
    case '\b':
      return 'kill-word-back';
    default:
      return null;
  }
}

// Letters and digits; marks too, so a combining accent stays with its letter.
const isWordChar = (ch: string): boolean => /[\p{L}\p{N}\p{M}]/u.test(ch);
const isSpace = (ch: string): boolean => /\s/.test(ch);

interface SearchState {
  query: string;
  /** History index of the current match, -1 when nothing matched yet. */
  idx: number;
  /** UTF-16 index of the match inside the history entry. */
  pos: number;
  failed: boolean;
  stack: Array<{ query: string; idx: number; pos: number; failed: boolean }>;
  origBuf: string;
  origCur: number;
}

// ---------------------------------------------------------------------------
// The editor
// ---------------------------------------------------------------------------

export class LineEditor {
  /** Oldest first. Enter appends non-blank lines that differ from the last entry. */
  history: string[];
  private readonly maxHistory: number;
  private cols: number;

  private _reading = false;
  private prompt = '';
  private buf = '';
  private cur = 0;
  /** Terminal cursor relative to the first row of the prompt. */
  private pos: Pos = { row: 0, col: 0 };

  private queue: Token[] = [];
  private qHead = 0;
  private draining = false;
  private partial = '';
  private inPaste = false;

  private histIndex = 0;
  private draft = '';
  private killBuf = '';
  private lastAction = '';
  private search: SearchState | null = null;
  private lastSearch = '';

  constructor(
    private readonly hooks: LineEditorHooks,
    opts: LineEditorOptions = {},
  ) {
    this.maxHistory = Math.max(1, opts.maxHistory ?? 1000);
    this.history = (opts.history ?? []).slice(-this.maxHistory);
    this.cols = clampCols(opts.cols ?? 80);
  }

  /** True between `read()` and the end of that line (Enter, Ctrl-C, Ctrl-D). */
  get reading(): boolean {
    return this._reading;
  }

  /**
   * Start reading a line. The prompt may contain ANSI colors and newlines (only
   * the part after the last newline is redrawn). Assumes the terminal cursor is
   * at column 0. Queued type-ahead is replayed immediately. Calling it while
   * already reading replaces the prompt and keeps the line.
   */
  read(prompt: string): void {
    const nl = prompt.lastIndexOf('\n');
    const head = nl >= 0 ? toCrlf(prompt.slice(0, nl + 1)) : '';
    if (this._reading) {
      this.hooks.write(this.toLineStart() + '\x1b[J' + head);
      this.pos = { row: 0, col: 0 };
      this.prompt = prompt.slice(nl + 1);
      this.refresh();
      return;
    }
    this._reading = true;
    this.prompt = prompt.slice(nl + 1);
    this.buf = '';
    this.cur = 0;
    this.pos = { row: 0, col: 0 };
    this.histIndex = this.history.length;
    this.draft = '';
    this.search = null;
    this.lastAction = '';
    if (head) this.hooks.write(head);
    this.refresh();
    this.pump();
  }

  /** Input from the terminal (xterm `onData`). */
  feed(data: string): void {
    for (const t of this.tokenize(data)) this.queue.push(t);
    this.pump();
  }

  /**
   * The terminal width changed. Like bash, this relies on the terminal NOT
   * reflowing the rows of the line holding the cursor (xterm's default,
   * `reflowCursorLine: false`): they keep their place, truncated or padded, so
   * the prompt still starts `pos.row` rows up, and a full redraw at the new
   * width (which erases everything below) puts things right.
   */
  setCols(n: number): void {
    const cols = clampCols(n);
    if (cols === this.cols) return;
    this.cols = cols;
    if (this._reading) this.refresh();
  }

  /** Print program output while a line is being edited: it appears above the prompt, which is redrawn. */
  writeAbove(text: string): void {
    const t = toCrlf(text);
    if (!this._reading) {
      this.hooks.write(t);
      return;
    }
    const vis = stripAnsi(t);
    const nl = vis !== '' && !vis.endsWith('\n') ? '\r\n' : '';
    this.hooks.write(this.toLineStart() + '\x1b[J' + t + nl);
    this.pos = { row: 0, col: 0 };
    this.refresh();
  }

  /** Clear the screen (and with `scrollback`, the scrollback) and redraw the prompt and line on top. */
  clearScreen(scrollback = false): void {
    this.hooks.write('\x1b[H\x1b[2J' + (scrollback ? '\x1b[3J' : ''));
    this.pos = { row: 0, col: 0 };
    if (this._reading) this.refresh();
  }

  /** For tests and debugging. */
  snapshot(): LineEditorSnapshot {
    const v = this.view();
    return {
      buffer: v.text,
      cursor: v.cursor,
      search: this.search ? { query: this.search.query, failed: this.search.failed } : null,
    };
  }

  // -------------------------------------------------------------------------
  // Input processing

  private pump(): void {
    if (this.draining) return; // re-entered from a hook: the outer loop continues
    this.draining = true;
    try {
      while (this.qHead < this.queue.length) {
        if (this._reading) {
          this.handle(this.queue[this.qHead++]!);
          continue;
        }
        // A command is running: everything waits, except Ctrl-C, which
        // flushes the type-ahead before it and interrupts now.
        let i = this.qHead;
        while (i < this.queue.length && !isKey(this.queue[i]!, 'interrupt')) i++;
        if (i >= this.queue.length) break;
        this.qHead = i + 1;
        this.hooks.write('^C\r\n');
        this.hooks.interrupt();
      }
    } finally {
      this.draining = false;
      if (this.qHead >= this.queue.length) {
        this.queue = [];
        this.qHead = 0;
      } else if (this.qHead > 256) {
        this.queue = this.queue.slice(this.qHead);
        this.qHead = 0;
      }
    }
  }

  private tokenize(data: string): Token[] {
    const out: Token[] = [];
    const s = this.partial + data;
    this.partial = '';
    let text = '';
    const flush = (): void => {
      if (text) out.push({ t: 'text', text });
      text = '';
    };
    const key = (k: Key): void => {
      flush();
      out.push({ t: 'key', key: k });
    };
    let i = 0;
    while (i < s.length) {
      if (this.inPaste) {
        // Bracketed paste: newlines submit lines, everything else is literal text.
        const end = s.indexOf('\x1b[201~', i);
        const chunk = end < 0 ? s.slice(i) : s.slice(i, end);
        chunk.split(/\r\n|\r|\n/).forEach((part, k) => {
          if (k > 0) key('enter');
          text += part.replace(/\t/g, ' ').replace(/[\x00-\x1f\x7f-\x9f]/g, '');
        });
        if (end < 0) {
          i = s.length;
        } else {
          this.inPaste = false;
          i = end + 6;
        }
        continue;
      }
      const c = s.charCodeAt(i);
      if (c === 0x1b) {
        if (i + 1 >= s.length) {
          key('esc');
          i++;
          continue;
        }
        const n = s[i + 1]!;
        if (n === '[') {
          let j = i + 2;
          while (j < s.length && s.charCodeAt(j) >= 0x30 && s.charCodeAt(j) <= 0x3f) j++;
          while (j < s.length && s.charCodeAt(j) >= 0x20 && s.charCodeAt(j) <= 0x2f) j++;
          if (j >= s.length) {
            this.partial = s.slice(i);
            break;
          }
          const k = csiKey(s.slice(i + 2, j), s[j]!);
          if (k === 'paste-start') {
            flush();
            this.inPaste = true;
          } else if (k) {
            key(k);
          }
          i = j + 1;
          continue;
        }
        if (n === 'O') {
          if (i + 2 >= s.length) {
            this.partial = s.slice(i);
            break;
          }
          const k = ss3Key(s[i + 2]!);
          if (k) key(k);
          i += 3;
          continue;
        }
        if (n === '\x1b') {
          key('esc');
          i++;
          continue;
        }
        const k = altKey(n);
        if (k) key(k);
        i += 1 + (s.codePointAt(i + 1)! > 0xffff ? 2 : 1);
        continue;
      }
      if (c < 0x20 || c === 0x7f) {
        if (c === 0x0d && s.charCodeAt(i + 1) === 0x0a) i++; // CRLF is one Enter
        const k = CTRL[c];
        if (k) key(k);
        i++;
        continue;
      }
      if (c >= 0x80 && c < 0xa0) {
        i++;
        continue;
      }
      text += s[i];
      i++;
    }
    flush();
    return out;
  }

  private handle(t: Token): void {
    if (this.search && this.handleSearch(t)) return;
    const prev = this.lastAction;
    this.lastAction = t.t === 'text' ? 'insert' : t.key;
    if (t.t === 'text') {
      this.insert(t.text);
      return;
    }
    const b = this.buf;
    switch (t.key) {
      case 'enter': {
        const line = this.buf;
        this.addHistory(line);
        this.finishLine('');
        this.hooks.line(line);
        return;
      }
      case 'interrupt':
        this.finishLine('^C');
        this.hooks.interrupt();
        return;
      case 'eof':
        if (b === '') {
          this.finishLine('');
          this.hooks.eof();
        } else {
          this.deleteRange(this.cur, this.nextBoundary(this.cur));
        }
        return;
      case 'backspace':
        this.deleteRange(this.prevBoundary(this.cur), this.cur);
        return;
      case 'delete':
        this.deleteRange(this.cur, this.nextBoundary(this.cur));
        return;
      case 'left':
        this.moveCursor(this.prevBoundary(this.cur));
        return;
      case 'right':
        this.moveCursor(this.nextBoundary(this.cur));
        return;
      case 'home':
        this.moveCursor(0);
        return;
      case 'end':
        this.moveCursor(b.length);
        return;
      case 'word-left':
        this.moveCursor(this.wordLeft(this.cur, isWordChar));
        return;
      case 'word-right':
        this.moveCursor(this.wordRight(this.cur));
        return;
      case 'up':
        this.historyMove(-1);
        return;
      case 'down':
        this.historyMove(1);
        return;
      case 'kill-end':
        this.kill(this.cur, b.length, 1, prev);
        return;
      case 'kill-start':
        this.kill(0, this.cur, -1, prev);
        return;
      case 'kill-word-unix':
        this.kill(this.wordLeft(this.cur, (ch) => !isSpace(ch)), this.cur, -1, prev);
        return;
      case 'kill-word-back':
        this.kill(this.wordLeft(this.cur, isWordChar), this.cur, -1, prev);
        return;
      case 'kill-word-fwd':
        this.kill(this.cur, this.wordRight(this.cur), 1, prev);
        return;
      case 'yank':
        this.insert(this.killBuf);
        return;
      case 'transpose':
        this.transpose();
        return;
      case 'tab':
        this.complete(prev);
        return;
      case 'clear':
        this.clearScreen();
        this.hooks.clear();
        return;
      case 'search':
        this.search = {
          query: '',
          idx: -1,
          pos: 0,
          failed: false,
          stack: [],
          origBuf: this.buf,
          origCur: this.cur,
        };
        this.refresh();
        return;
      case 'cancel':
      case 'esc':
        return;
    }
  }

  // -------------------------------------------------------------------------
  // Reverse incremental search

  /** Returns true when the token was consumed by the search; false when the search ended and the key must be handled normally. */
  private handleSearch(t: Token): boolean {
    const s = this.search!;
    if (t.t === 'text') {
      s.stack.push({ query: s.query, idx: s.idx, pos: s.pos, failed: s.failed });
      s.query += t.text;
      this.searchFrom(s.idx >= 0 ? s.idx : this.history.length - 1);
      this.refresh();
      return true;
    }
    switch (t.key) {
      case 'search': {
        if (s.query === '') {
          if (this.lastSearch === '') return true;
          s.stack.push({ query: s.query, idx: s.idx, pos: s.pos, failed: s.failed });
          s.query = this.lastSearch;
          this.searchFrom(this.history.length - 1);
        } else {
          s.stack.push({ query: s.query, idx: s.idx, pos: s.pos, failed: s.failed });
          const shown = s.idx >= 0 ? this.history[s.idx] : undefined;
          this.searchFrom((s.idx >= 0 ? s.idx : this.history.length) - 1, shown);
        }
        this.refresh();
        return true;
      }
      case 'backspace': {
        const prev = s.stack.pop();
        if (prev) Object.assign(s, prev);
        this.refresh();
        return true;
      }
      case 'cancel':
      case 'esc':
        this.buf = s.origBuf;
        this.cur = s.origCur;
        this.endSearch();
        this.refresh();
        return true;
      case 'interrupt':
        this.buf = s.origBuf;
        this.cur = s.origCur;
        this.endSearch();
        this.refresh();
        return false;
      default:
        // Enter runs the match; any other key accepts it for editing and then acts.
        if (s.idx >= 0) {
          if (this.histIndex >= this.history.length) this.draft = s.origBuf;
          this.buf = this.history[s.idx]!;
          this.cur = s.pos;
          this.histIndex = s.idx;
        } else {
          this.buf = s.origBuf;
          this.cur = s.origCur;
        }
        this.endSearch();
        this.refresh();
        return false;
    }
  }

  private searchFrom(from: number, skip?: string): void {
    const s = this.search!;
    for (let i = Math.min(from, this.history.length - 1); i >= 0; i--) {
      const h = this.history[i]!;
      if (skip !== undefined && h === skip) continue;
      const p = h.lastIndexOf(s.query);
      if (p >= 0) {
        s.idx = i;
        s.pos = p;
        s.failed = false;
        return;
      }
    }
    s.failed = true;
  }

  private endSearch(): void {
    if (this.search && this.search.query) this.lastSearch = this.search.query;
    this.search = null;
    this.lastAction = '';
  }

  // -------------------------------------------------------------------------
  // Editing primitives

  private insert(s: string): void {
    if (!s) return;
    const atEnd = this.cur === this.buf.length;
    this.buf = this.buf.slice(0, this.cur) + s + this.buf.slice(this.cur);
    this.cur += s.length;
    if (!atEnd) {
      this.refresh();
      return;
    }
    // Fast path: appending at the end needs no redraw, the terminal wraps like our layout.
    const lay = layout(this.prompt, this.buf, this.cols);
    this.hooks.write(s + (lay.pendingWrap ? ' \r' : ''));
    this.pos = lay.end;
  }

  private deleteRange(from: number, to: number): void {
    if (to <= from) return;
    this.buf = this.buf.slice(0, from) + this.buf.slice(to);
    this.cur = from;
    this.refresh();
  }

  private replaceRange(from: number, to: number, s: string): void {
    this.buf = this.buf.slice(0, from) + s + this.buf.slice(to);
    this.cur = from + s.length;
    this.refresh();
  }

  private kill(from: number, to: number, dir: 1 | -1, prev: string): void {
    if (to <= from) return;
    const s = this.buf.slice(from, to);
    if (prev.startsWith('kill-')) this.killBuf = dir > 0 ? this.killBuf + s : s + this.killBuf;
    else this.killBuf = s;
    this.deleteRange(from, to);
  }

  private transpose(): void {
    const b = this.buf;
    if (this.cur === 0 || b.length === 0) return;
    let mid = this.cur;
    let end = this.nextBoundary(mid);
    if (mid === b.length) {
      end = mid;
      mid = this.prevBoundary(mid);
    }
    const start = this.prevBoundary(mid);
    if (start === mid) return;
    this.buf = b.slice(0, start) + b.slice(mid, end) + b.slice(start, mid) + b.slice(end);
    this.cur = end;
    this.refresh();
  }

  private historyMove(dir: -1 | 1): void {
    const n = this.history.length;
    if (this.histIndex > n) this.histIndex = n;
    const next = this.histIndex + dir;
    if (next < 0 || next > n) return;
    if (this.histIndex === n) this.draft = this.buf;
    this.histIndex = next;
    this.buf = next === n ? this.draft : this.history[next]!;
    this.cur = this.buf.length;
    this.refresh();
  }

  private addHistory(line: string): void {
    if (line.trim() === '' || this.history[this.history.length - 1] === line) return;
    this.history.push(line);
    if (this.history.length > this.maxHistory) this.history.splice(0, this.history.length - this.maxHistory);
  }

  private complete(prev: string): void {
    if (!this.hooks.complete) return;
    let res: CompletionResult;
    try {
      res = this.hooks.complete(this.buf, this.cur);
    } catch {
      return;
    }
    const cands = [...new Set(res.candidates)];
    if (cands.length === 0) return;
    const start = Math.max(0, Math.min(this.cur, Math.floor(res.start) || 0));
    const word = this.buf.slice(start, this.cur);
    if (cands.length === 1) {
      const c = cands[0]!;
      const next = this.buf.slice(this.cur, this.cur + 1);
      const space = /[\/=]$/.test(c) || next === ' ' ? '' : ' ';
      this.replaceRange(start, this.cur, c + space);
      return;
    }
    const prefix = commonPrefix(cands);
    if (prefix.length > word.length && prefix.startsWith(word)) {
      this.replaceRange(start, this.cur, prefix);
    } else if (prev === 'tab') {
      this.listCandidates(cands);
    }
  }

  private listCandidates(cands: string[]): void {
    const v = this.view();
    const lay = layout(v.prompt, v.text, this.cols);
    let out = move(this.pos, lay.end) + endOfLine(lay);
    out += formatColumns(cands, this.cols);
    this.hooks.write(out);
    this.pos = { row: 0, col: 0 };
    this.refresh();
  }

  // -------------------------------------------------------------------------
  // Cursor helpers (UTF-16 indices; zero-width marks stick to their base)

  private prevBoundary(i: number): number {
    const b = this.buf;
    let j = prevCp(b, i);
    while (j > 0 && charWidth(b.codePointAt(j)!) === 0) j = prevCp(b, j);
    return j;
  }

  private nextBoundary(i: number): number {
    const b = this.buf;
    if (i >= b.length) return b.length;
    let j = nextCp(b, i);
    while (j < b.length && charWidth(b.codePointAt(j)!) === 0) j = nextCp(b, j);
    return j;
  }

  /** Back over non-word characters, then over word characters. */
  private wordLeft(i: number, inWord: (ch: string) => boolean): number {
    const b = this.buf;
    let j = i;
    while (j > 0 && !inWord(cpBefore(b, j))) j = prevCp(b, j);
    while (j > 0 && inWord(cpBefore(b, j))) j = prevCp(b, j);
    while (j > 0 && charWidth(b.codePointAt(j) ?? 0x20) === 0) j = prevCp(b, j);
    return j;
  }

  private wordRight(i: number): number {
    const b = this.buf;
    let j = i;
    while (j < b.length && !isWordChar(cpAt(b, j))) j = nextCp(b, j);
    while (j < b.length && isWordChar(cpAt(b, j))) j = nextCp(b, j);
    while (j < b.length && charWidth(b.codePointAt(j)!) === 0) j = nextCp(b, j);
    return j;
  }

  // -------------------------------------------------------------------------
  // Rendering

  private view(): { prompt: string; text: string; cursor: number } {
    const s = this.search;
    if (!s) return { prompt: this.prompt, text: this.buf, cursor: this.cur };
    const prompt = `(${s.failed ? 'failed ' : ''}reverse-i-search)\`${s.query}': `;
    if (s.idx >= 0) return { prompt, text: this.history[s.idx] ?? '', cursor: s.pos };
    return { prompt, text: s.origBuf, cursor: s.origCur };
  }

  private toLineStart(): string {
    return (this.pos.row > 0 ? `\x1b[${this.pos.row}A` : '') + '\r';
  }

  /** Rewrite prompt + line from the prompt's first row, clear what is left of the old one, place the cursor. */
  private refresh(): void {
    const v = this.view();
    const lay = layout(v.prompt, v.text, this.cols);
    // At an exact multiple of the width the terminal holds a "pending wrap" in the
    // last column, where relative cursor moves are ambiguous. " \r" makes it wrap to
    // a fresh soft-wrapped row (so xterm's reflow keeps it joined) and go to its
    // column 0; the space stays there, invisible, until overwritten. ESC[J comes
    // first: at column 0 it would drop the row's soft-wrap flag.
    let out = this.toLineStart() + v.prompt + v.text + '\x1b[J' + (lay.pendingWrap ? ' \r' : '');
    const target = lay.at[v.cursor]!;
    out += move(lay.end, target);
    this.pos = target;
    this.hooks.write(out);
  }

  private moveCursor(to: number): void {
    if (to === this.cur) return;
    this.cur = to;
    const target = layout(this.prompt, this.buf, this.cols).at[to]!;
    this.hooks.write(move(this.pos, target));
    this.pos = target;
  }

  /** Move to the end of the line, print `suffix`, go to a fresh line, stop reading. */
  private finishLine(suffix: string): void {
    const v = this.view();
    const lay = layout(v.prompt, v.text, this.cols);
    const out = move(this.pos, lay.end) + (suffix ? suffix + '\r\n' : endOfLine(lay));
    this._reading = false;
    this.search = null;
    this.pos = { row: 0, col: 0 };
    this.hooks.write(out);
  }
}

/**
 * Leave the edited line for a new one. If the line filled its last row exactly,
 * the cursor already stands at column 0 of a fresh row: erase it instead (this
 * also clears its soft-wrap flag, so what follows is not reflowed into the line).
 */
function endOfLine(lay: Layout): string {
  return lay.end.col === 0 && lay.end.row > 0 ? '\x1b[K' : '\r\n';
}

function clampCols(n: number): number {
  return Number.isFinite(n) ? Math.max(2, Math.floor(n)) : 80;
}

function isKey(t: Token, k: Key): boolean {
  return t.t === 'key' && t.key === k;
}

function prevCp(s: string, i: number): number {
  if (i <= 0) return 0;
  const c = s.charCodeAt(i - 1);
  if (c >= 0xdc00 && c <= 0xdfff && i >= 2) {
    const h = s.charCodeAt(i - 2);
    if (h >= 0xd800 && h <= 0xdbff) return i - 2;
  }
  return i - 1;
}

function nextCp(s: string, i: number): number {
  return i + (s.codePointAt(i)! > 0xffff ? 2 : 1);
}

function cpAt(s: string, i: number): string {
  return String.fromCodePoint(s.codePointAt(i)!);
}

function cpBefore(s: string, i: number): string {
  return s.slice(prevCp(s, i), i);
}

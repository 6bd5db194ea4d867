import { describe, expect, it } from 'vitest';
import {
  LineEditor,
  charWidth,
  formatColumns,
  strWidth,
  stripAnsi,
  type CompletionResult,
  type LineEditorOptions,
} from '../../../src/ui/terminal/line-editor';

// ---------------------------------------------------------------------------
// A minimal VT screen: enough of xterm's behaviour to catch redraw bugs.
// Autowrap with a pending-wrap column, wide (2-cell) characters that wrap
// early, soft-wrap flags, CR, LF, BS, CSI A/B/C/D/H/J/K, SGR ignored.
// The screen grows downwards without scrolling.
// ---------------------------------------------------------------------------

interface Row {
  /** undefined = never written / erased; '' = right half of a wide character. */
  cells: Array<string | undefined>;
  wrapped: boolean;
}

class Screen {
  rows: Row[] = [];
  x = 0;
  y = 0;
  constructor(public cols: number) {
    this.row(0);
  }

  row(y: number): Row {
    while (this.rows.length <= y) this.rows.push({ cells: [], wrapped: false });
    return this.rows[y]!;
  }

  write(s: string): void {
    let i = 0;
    while (i < s.length) {
      const ch = s[i]!;
      if (ch === '\x1b') {
        const m = /^\x1b\[([0-9;?]*)([@-~])/.exec(s.slice(i));
        if (!m) throw new Error(`unsupported escape ${JSON.stringify(s.slice(i, i + 8))}`);
        this.csi(m[1]!, m[2]!);
        i += m[0].length;
        continue;
      }
      i += 1;
      if (ch === '\r') this.x = 0;
      else if (ch === '\n') this.row(++this.y);
      else if (ch === '\b') this.x = Math.max(0, Math.min(this.x, this.cols - 1) - 1);
      else if (ch === '\x07') continue;
      else if (ch.charCodeAt(0) < 0x20) throw new Error(`unexpected control ${ch.charCodeAt(0)}`);
      else {
        let c = ch;
        const code = ch.charCodeAt(0);
        if (code >= 0xd800 && code <= 0xdbff) c += s[i++]!;
        this.print(c, charWidth(c.codePointAt(0)!));
      }
    }
  }

  private print(ch: string, w: number): void {
    if (w === 0) {
      const r = this.row(this.y);
      const x = Math.min(this.x, this.cols) - 1;
      if (x >= 0) r.cells[x] = (r.cells[x] ?? ' ') + ch;
      return;
    }
    if (this.x + w > this.cols) {
      // like xterm: blank what is left of the row (a wide char that does not fit), then wrap
      const old = this.row(this.y);
      for (let x = this.x; x < this.cols; x++) old.cells[x] = undefined;
      this.x = 0;
      this.row(++this.y).wrapped = true;
    }
    const r = this.row(this.y);
    // overwriting half of a wide character blanks its other half
    if (r.cells[this.x] === '' && this.x > 0) r.cells[this.x - 1] = ' ';
    if (r.cells[this.x + w] === '') r.cells[this.x + w] = ' ';
    r.cells[this.x] = ch;
    if (w === 2) r.cells[this.x + 1] = '';
    this.x += w;
  }

  private csi(params: string, final: string): void {
    const n = Math.max(1, Number(params || '1'));
    const restrict = (): void => {
      this.x = Math.min(this.x, this.cols - 1);
    };
    switch (final) {
      case 'A':
        restrict();
        this.y = Math.max(0, this.y - n);
        break;
      case 'B':
        restrict();
        this.y += n;
        this.row(this.y);
        break;
      case 'C':
        restrict();
        this.x = Math.min(this.cols - 1, this.x + n);
        break;
      case 'D':
        restrict();
        this.x = Math.max(0, this.x - n);
        break;
      case 'H':
        this.x = 0;
        this.y = 0;
        break;
      case 'K':
        this.eraseRow(this.y, this.x);
        break;
      case 'J':
        if (params === '2') {
          for (let y = 0; y < this.rows.length; y++) this.eraseRow(y, 0);
        } else if (params === '' || params === '0') {
          this.eraseRow(this.y, this.x);
          this.rows.length = this.y + 1;
        }
        break;
      case 'm':
      case 'h':
      case 'l':
        break;
      default:
        throw new Error(`unsupported CSI ${params}${final}`);
    }
  }

  private eraseRow(y: number, from: number): void {
    const r = this.row(y);
    r.cells.length = Math.min(r.cells.length, from);
    if (from === 0) r.wrapped = false;
  }

  private rowText(y: number, to: number, trailingGapOnly: boolean): string {
    const cells = this.row(y).cells.slice(0, to);
    if (trailingGapOnly) while (cells.length && cells[cells.length - 1] === undefined) cells.pop();
    return cells.map((c) => c ?? ' ').join('');
  }

  /** The soft-wrapped logical line under the cursor, and the text before the cursor. */
  logicalLine(): { text: string; beforeCursor: string; underCursor: string | undefined } {
    let start = this.y;
    while (start > 0 && this.row(start).wrapped) start--;
    let end = this.y;
    while (end + 1 < this.rows.length && this.rows[end + 1]!.wrapped) end++;
    let text = '';
    let before = '';
    for (let y = start; y <= end; y++) {
      const t = this.rowText(y, this.cols, true);
      text += t;
      if (y < this.y) before += t;
      else if (y === this.y) before += this.rowText(y, Math.min(this.x, this.cols), false);
    }
    return { text: text.trimEnd(), beforeCursor: before, underCursor: this.row(this.y).cells[this.x] };
  }

  /** Resize like xterm does for the rows around the cursor (no reflow): truncate, clamp the cursor. */
  resize(cols: number): void {
    this.cols = cols;
    for (const r of this.rows) {
      if (r.cells[cols] === '') r.cells[cols - 1] = undefined; // a wide char cut in half
      r.cells.length = Math.min(r.cells.length, cols);
    }
    this.x = Math.min(this.x, cols - 1);
  }

  /** All rows, right-trimmed. */
  lines(): string[] {
    return this.rows.map((_, y) => this.rowText(y, this.cols, false).trimEnd());
  }
}

// ---------------------------------------------------------------------------
// Harness

type Ev = ['line', string] | ['interrupt'] | ['eof'] | ['clear'];

function setup(
  opts: LineEditorOptions & { complete?: (line: string, cursor: number) => CompletionResult } = {},
) {
  const cols = opts.cols ?? 80;
  const events: Ev[] = [];
  const { complete, ...edOpts } = opts;
  const ed = new LineEditor(
    {
      write: (d) => h.screen.write(d),
      line: (t) => events.push(['line', t]),
      interrupt: () => events.push(['interrupt']),
      eof: () => events.push(['eof']),
      clear: () => events.push(['clear']),
      ...(complete ? { complete } : {}),
    },
    { ...edOpts, cols },
  );
  const lines = () => events.filter((e): e is ['line', string] => e[0] === 'line').map((e) => e[1]);
  const h = { ed, events, screen: new Screen(cols), lines };
  return h;
}

const LEFT = '\x1b[D';
const RIGHT = '\x1b[C';
const UP = '\x1b[A';
const DOWN = '\x1b[B';
const HOME = '\x1b[H';
const END = '\x1b[F';
const DEL = '\x1b[3~';
const BS = '\x7f';
const ESC = '\x1b';
const ctrl = (c: string) => String.fromCharCode(c.toUpperCase().charCodeAt(0) - 64);

/** Assert that what the terminal shows is exactly prompt + buffer, with the cursor in place. */
function expectScreen(h: ReturnType<typeof setup>, prompt: string) {
  const snap = h.ed.snapshot();
  const shown = h.screen.logicalLine();
  const p = stripAnsi(prompt);
  expect(shown.text).toBe((p + snap.buffer).trimEnd());
  expect(shown.beforeCursor).toBe(p + snap.buffer.slice(0, snap.cursor));
  expectUnderCursor(shown.underCursor, snap.buffer, snap.cursor);
}

/** The terminal cursor sits on the character at the logical cursor (not e.g. in a wrap gap). */
function expectUnderCursor(cell: string | undefined, buffer: string, cursor: number, ctx?: string) {
  if (cursor < buffer.length) expect(cell?.codePointAt(0), ctx).toBe(buffer.codePointAt(cursor));
  else expect(cell === undefined || cell === ' ', ctx).toBe(true);
}

// ---------------------------------------------------------------------------

describe('width', () => {
  it('measures ASCII, CJK, combining marks and ANSI prompts', () => {
    expect(charWidth('a'.codePointAt(0)!)).toBe(1);
    expect(charWidth('中'.codePointAt(0)!)).toBe(2);
    expect(charWidth('ｶ'.codePointAt(0)!)).toBe(1); // halfwidth katakana
    expect(charWidth('Ａ'.codePointAt(0)!)).toBe(2); // fullwidth A
    expect(charWidth(0x301)).toBe(0); // combining acute
    expect(charWidth('𠀀'.codePointAt(0)!)).toBe(2); // CJK ext. B (astral)
    expect(strWidth('\x1b[1;32mpodlab\x1b[0m:\x1b[34m~\x1b[0m$ ')).toBe(10);
    expect(strWidth('你好, world')).toBe(11);
    expect(strWidth('e\u0301')).toBe(1);
    expect(stripAnsi('\x1b]0;title\x07\x1b(B\x1b[m$ ')).toBe('$ ');
  });
});

describe('basic editing', () => {
  it('submits typed text on Enter and records history', () => {
    const h = setup();
    h.ed.read('$ ');
    expect(h.ed.reading).toBe(true);
    h.ed.feed('kubectl get pods\r');
    expect(h.lines()).toEqual(['kubectl get pods']);
    expect(h.ed.reading).toBe(false);
    expect(h.ed.history).toEqual(['kubectl get pods']);
    expect(h.screen.lines()[0]).toBe('$ kubectl get pods');
    expect(h.screen.y).toBe(1);
    expect(h.screen.x).toBe(0);
  });

  it('edits in the middle of the line', () => {
    const h = setup();
    h.ed.read('$ ');
    h.ed.feed('kubectl pods');
    h.ed.feed(LEFT.repeat(4));
    expect(h.ed.snapshot()).toMatchObject({ buffer: 'kubectl pods', cursor: 8 });
    h.ed.feed('get ');
    expect(h.ed.snapshot()).toMatchObject({ buffer: 'kubectl get pods', cursor: 12 });
    expectScreen(h, '$ ');
    h.ed.feed(HOME + DEL + 'K' + END + BS + 'S');
    expect(h.ed.snapshot()).toMatchObject({ buffer: 'Kubectl get podS', cursor: 16 });
    expectScreen(h, '$ ');
    h.ed.feed(ctrl('a') + ctrl('f') + ctrl('f') + ctrl('b') + 'X' + ctrl('e') + '!');
    expect(h.ed.snapshot()).toMatchObject({ buffer: 'KXubectl get podS!', cursor: 18 });
    expectScreen(h, '$ ');
    h.ed.feed('\r');
    expect(h.lines()).toEqual(['KXubectl get podS!']);
  });

  it('understands SS3 arrows and the alternative Home/End sequences', () => {
    const h = setup();
    h.ed.read('> ');
    h.ed.feed('abc\x1bOD\x1bOD\x1b[1~1\x1b[4~2\x1bOH3\x1bOF4');
    expect(h.ed.snapshot()).toMatchObject({ buffer: '31abc24', cursor: 7 });
    expectScreen(h, '> ');
  });

  it('moves by words with Alt-B / Alt-F and Ctrl-arrows', () => {
    const h = setup();
    h.ed.read('$ ');
    h.ed.feed('kubectl get pod-name --all');
    h.ed.feed('\x1bb');
    expect(h.ed.snapshot().cursor).toBe(23); // start of "all"
    h.ed.feed('\x1bb\x1bb');
    expect(h.ed.snapshot().cursor).toBe(12); // start of "pod"
    h.ed.feed('\x1bf');
    expect(h.ed.snapshot().cursor).toBe(15); // end of "pod"
    h.ed.feed('\x1b[1;5D');
    expect(h.ed.snapshot().cursor).toBe(12);
    h.ed.feed('\x1b[1;5C\x1b[1;5C');
    expect(h.ed.snapshot().cursor).toBe(20);
    expectScreen(h, '$ ');
  });

  it('Ctrl-T transposes characters', () => {
    const h = setup();
    h.ed.read('$ ');
    h.ed.feed('kubcetl' + LEFT.repeat(3) + ctrl('t'));
    expect(h.ed.snapshot()).toMatchObject({ buffer: 'kubectl', cursor: 5 });
    h.ed.feed(END + ctrl('t'));
    expect(h.ed.snapshot()).toMatchObject({ buffer: 'kubeclt', cursor: 7 });
    expectScreen(h, '$ ');
  });
});

describe('kill and yank', () => {
  it('Ctrl-W kills the previous word, Ctrl-Y yanks it back', () => {
    const h = setup();
    h.ed.read('$ ');
    h.ed.feed('kubectl get pods  ');
    h.ed.feed(ctrl('w'));
    expect(h.ed.snapshot()).toMatchObject({ buffer: 'kubectl get ', cursor: 12 });
    h.ed.feed(ctrl('a') + ctrl('y'));
    expect(h.ed.snapshot()).toMatchObject({ buffer: 'pods  kubectl get ', cursor: 6 });
    expectScreen(h, '$ ');
  });

  it('consecutive kills accumulate', () => {
    const h = setup();
    h.ed.read('$ ');
    h.ed.feed('a b c d');
    h.ed.feed(ctrl('w') + ctrl('w'));
    expect(h.ed.snapshot().buffer).toBe('a b ');
    h.ed.feed(ctrl('y'));
    expect(h.ed.snapshot().buffer).toBe('a b c d');
  });

  it('Ctrl-U kills to the start, Ctrl-K to the end', () => {
    const h = setup();
    h.ed.read('$ ');
    h.ed.feed('hello world' + LEFT.repeat(5));
    h.ed.feed(ctrl('k'));
    expect(h.ed.snapshot()).toMatchObject({ buffer: 'hello ', cursor: 6 });
    expectScreen(h, '$ ');
    h.ed.feed('X' + LEFT + ctrl('u'));
    expect(h.ed.snapshot()).toMatchObject({ buffer: 'X', cursor: 0 });
    expectScreen(h, '$ ');
    h.ed.feed(END + ctrl('y'));
    expect(h.ed.snapshot()).toMatchObject({ buffer: 'Xhello ', cursor: 7 });
    h.ed.feed('wor-ld');
    h.ed.feed('\x1b\x7f'); // Alt-Backspace: alphanumeric word
    expect(h.ed.snapshot().buffer).toBe('Xhello wor-');
    h.ed.feed(HOME + '\x1bd'); // Alt-D: kill word forward
    expect(h.ed.snapshot()).toMatchObject({ buffer: ' wor-', cursor: 0 });
    expectScreen(h, '$ ');
  });
});

describe('history', () => {
  it('navigates with Up/Down and keeps the in-progress line', () => {
    const h = setup({ history: ['one', 'two'] });
    h.ed.read('$ ');
    h.ed.feed('dra');
    h.ed.feed(UP);
    expect(h.ed.snapshot()).toMatchObject({ buffer: 'two', cursor: 3 });
    expectScreen(h, '$ ');
    h.ed.feed(UP + UP);
    expect(h.ed.snapshot().buffer).toBe('one');
    h.ed.feed(DOWN);
    expect(h.ed.snapshot().buffer).toBe('two');
    h.ed.feed(DOWN);
    expect(h.ed.snapshot()).toMatchObject({ buffer: 'dra', cursor: 3 });
    h.ed.feed(DOWN);
    expect(h.ed.snapshot().buffer).toBe('dra');
    expectScreen(h, '$ ');
    h.ed.feed(ctrl('p') + 'X\r');
    expect(h.lines()).toEqual(['twoX']);
    expect(h.ed.history).toEqual(['one', 'two', 'twoX']);
  });

  it('skips blank lines and immediate duplicates, caps the size', () => {
    const h = setup({ maxHistory: 2 });
    for (const l of ['a', 'a', '  ', 'b', 'c']) {
      h.ed.read('$ ');
      h.ed.feed(l + '\r');
    }
    expect(h.ed.history).toEqual(['b', 'c']);
  });
});

describe('reverse-i-search', () => {
  const hist = ['kubectl get pods', 'kubectl apply -f pod.yaml', 'echo hi', 'kubectl get nodes'];

  it('shows the bash-style prompt and finds matches incrementally', () => {
    const h = setup({ history: hist });
    h.ed.read('$ ');
    h.ed.feed(ctrl('r'));
    expect(h.screen.logicalLine().text).toBe("(reverse-i-search)`':");
    h.ed.feed('get');
    expect(h.ed.snapshot()).toEqual({ buffer: 'kubectl get nodes', cursor: 8, search: { query: 'get', failed: false } });
    expect(h.screen.logicalLine().text).toBe("(reverse-i-search)`get': kubectl get nodes");
    expectScreen(h, "(reverse-i-search)`get': ");
    h.ed.feed(ctrl('r'));
    expect(h.ed.snapshot().buffer).toBe('kubectl get pods');
    h.ed.feed(ctrl('r'));
    expect(h.ed.snapshot().search).toEqual({ query: 'get', failed: true });
    expect(h.ed.snapshot().buffer).toBe('kubectl get pods');
    expect(h.screen.logicalLine().text).toBe("(failed reverse-i-search)`get': kubectl get pods");
    h.ed.feed(BS); // undo the failed step
    expect(h.ed.snapshot()).toMatchObject({ buffer: 'kubectl get pods', search: { query: 'get', failed: false } });
    h.ed.feed('\r');
    expect(h.lines()).toEqual(['kubectl get pods']);
    expect(h.screen.lines()[0]).toBe('$ kubectl get pods');
  });

  it('Esc and Ctrl-G cancel and restore the line', () => {
    const h = setup({ history: hist });
    h.ed.read('$ ');
    h.ed.feed('draft' + LEFT);
    h.ed.feed(ctrl('r') + 'echo');
    expect(h.ed.snapshot().buffer).toBe('echo hi');
    h.ed.feed(ESC);
    expect(h.ed.snapshot()).toEqual({ buffer: 'draft', cursor: 4, search: null });
    expectScreen(h, '$ ');
    h.ed.feed(ctrl('r') + 'apply' + ctrl('g'));
    expect(h.ed.snapshot()).toEqual({ buffer: 'draft', cursor: 4, search: null });
    expectScreen(h, '$ ');
    expect(h.lines()).toEqual([]);
  });

  it('arrows accept the match for editing', () => {
    const h = setup({ history: hist });
    h.ed.read('$ ');
    h.ed.feed(ctrl('r') + 'apply');
    h.ed.feed(RIGHT);
    expect(h.ed.snapshot()).toEqual({ buffer: 'kubectl apply -f pod.yaml', cursor: 9, search: null });
    expectScreen(h, '$ ');
    h.ed.feed(END + ' --dry-run=client\r');
    expect(h.lines()).toEqual(['kubectl apply -f pod.yaml --dry-run=client']);
  });

  it('Up after accepting continues from the matched entry; Ctrl-R twice reuses the last query', () => {
    const h = setup({ history: hist });
    h.ed.read('$ ');
    h.ed.feed(ctrl('r') + 'apply' + LEFT);
    h.ed.feed(UP);
    expect(h.ed.snapshot().buffer).toBe('kubectl get pods');
    h.ed.feed(ctrl('c'));
    h.ed.read('$ ');
    h.ed.feed(ctrl('r') + ctrl('r'));
    expect(h.ed.snapshot()).toMatchObject({ buffer: 'kubectl apply -f pod.yaml', search: { query: 'apply' } });
  });

  it('Ctrl-C in a search interrupts', () => {
    const h = setup({ history: hist });
    h.ed.read('$ ');
    h.ed.feed(ctrl('r') + 'echo' + ctrl('c'));
    expect(h.events).toEqual([['interrupt']]);
    expect(h.ed.reading).toBe(false);
  });
});

describe('completion', () => {
  const words = ['get', 'describe', 'delete', 'apply', 'logs'];
  const complete = (line: string, cursor: number): CompletionResult => {
    const before = line.slice(0, cursor);
    const start = before.lastIndexOf(' ') + 1;
    const w = before.slice(start);
    return { candidates: words.filter((c) => c.startsWith(w)), start };
  };

  it('inserts a single candidate with a trailing space', () => {
    const h = setup({ complete });
    h.ed.read('$ ');
    h.ed.feed('kubectl ge\t');
    expect(h.ed.snapshot()).toMatchObject({ buffer: 'kubectl get ', cursor: 12 });
    expectScreen(h, '$ ');
  });

  it('completes in the middle of the line', () => {
    const h = setup({ complete });
    h.ed.read('$ ');
    h.ed.feed('kubectl ap pods' + LEFT.repeat(5) + '\t');
    expect(h.ed.snapshot()).toMatchObject({ buffer: 'kubectl apply pods', cursor: 13 });
    expectScreen(h, '$ ');
  });

  it('inserts the common prefix, then lists on the second Tab and redraws', () => {
    const h = setup({ complete, cols: 40 });
    h.ed.read('$ ');
    h.ed.feed('kubectl d\t');
    expect(h.ed.snapshot()).toMatchObject({ buffer: 'kubectl de', cursor: 10 });
    expect(h.screen.lines()).toEqual(['$ kubectl de']);
    h.ed.feed('\t');
    expect(h.screen.lines()).toEqual(['$ kubectl de', 'describe  delete', '$ kubectl de']);
    expectScreen(h, '$ ');
    h.ed.feed('l\t');
    expect(h.ed.snapshot().buffer).toBe('kubectl delete ');
  });

  it('a first Tab without progress does nothing, the second lists', () => {
    const h = setup({ complete });
    h.ed.read('$ ');
    h.ed.feed('kubectl \t');
    expect(h.screen.lines()).toEqual(['$ kubectl']);
    h.ed.feed('\t');
    expect(h.screen.lines()).toEqual(['$ kubectl', 'get       describe  delete    apply     logs', '$ kubectl']);
    expectScreen(h, '$ ');
  });

  it('formats columns that fit the width, sorted down the columns', () => {
    expect(formatColumns(['a', 'bb', 'c', 'dd', 'e'], 10)).toBe('a   c   e\r\nbb  dd\r\n');
    expect(formatColumns(['a', 'bb', 'c', 'dd', 'e'], 6)).toBe('a   dd\r\nbb  e\r\nc\r\n');
    expect(formatColumns(['你好', 'x'], 80)).toBe('你好  x\r\n');
  });
});

describe('type-ahead', () => {
  it('buffers keys typed while a command runs and delivers one line per read()', () => {
    const h = setup();
    h.ed.read('$ ');
    h.ed.feed('sleep 5\r');
    expect(h.lines()).toEqual(['sleep 5']);
    // the command runs; the user types three more commands quickly
    h.ed.feed('kubectl get pods\r');
    h.ed.feed('kubectl get ');
    h.ed.feed('nodes\recho do');
    h.ed.feed('ne\r');
    expect(h.lines()).toEqual(['sleep 5']);
    expect(h.ed.reading).toBe(false);
    h.ed.read('$ ');
    expect(h.lines()).toEqual(['sleep 5', 'kubectl get pods']);
    h.ed.read('$ ');
    expect(h.lines()).toEqual(['sleep 5', 'kubectl get pods', 'kubectl get nodes']);
    h.ed.read('$ ');
    expect(h.lines()).toEqual(['sleep 5', 'kubectl get pods', 'kubectl get nodes', 'echo done']);
    h.ed.read('$ ');
    expect(h.ed.reading).toBe(true);
    expect(h.ed.snapshot().buffer).toBe('');
    expect(h.screen.lines()).toEqual([
      '$ sleep 5',
      '$ kubectl get pods',
      '$ kubectl get nodes',
      '$ echo done',
      '$',
    ]);
  });

  it('replays an unfinished line with editing keys into the next prompt', () => {
    const h = setup({ history: ['kubectl get pods'] });
    h.ed.feed('x' + BS + UP + ' -A');
    expect(h.screen.lines()).toEqual(['']);
    h.ed.read('$ ');
    expect(h.ed.snapshot()).toMatchObject({ buffer: 'kubectl get pods -A', cursor: 19 });
    expectScreen(h, '$ ');
  });

  it('works when the line hook calls read() synchronously', () => {
    const seen: string[] = [];
    let ed: LineEditor;
    const screen = new Screen(80);
    ed = new LineEditor({
      write: (d) => screen.write(d),
      line: (t) => {
        seen.push(t);
        ed.read('$ ');
      },
      interrupt: () => {},
      eof: () => {},
      clear: () => {},
    });
    ed.read('$ ');
    ed.feed('a\rb\rc');
    expect(seen).toEqual(['a', 'b']);
    expect(ed.snapshot().buffer).toBe('c');
    expect(screen.lines()).toEqual(['$ a', '$ b', '$ c']);
  });

  it('pasted multi-line text submits each line in order', () => {
    const h = setup();
    h.ed.read('$ ');
    h.ed.feed('kubectl get ns\rkubectl get pods\rkubectl get svc');
    expect(h.lines()).toEqual(['kubectl get ns']);
    h.ed.read('$ ');
    expect(h.lines()).toEqual(['kubectl get ns', 'kubectl get pods']);
    h.ed.read('$ ');
    expect(h.lines()).toHaveLength(2);
    expect(h.ed.snapshot().buffer).toBe('kubectl get svc');
  });

  it('bracketed paste: CRLF/LF submit lines, tabs are literal (no completion)', () => {
    let calls = 0;
    const h = setup({
      complete: () => {
        calls++;
        return { candidates: ['x'], start: 0 };
      },
    });
    h.ed.read('$ ');
    h.ed.feed('\x1b[200~echo\ta\r\necho b\n\x1b[201~');
    expect(h.lines()).toEqual(['echo a']);
    h.ed.read('$ ');
    expect(h.lines()).toEqual(['echo a', 'echo b']);
    expect(calls).toBe(0);
  });
});

describe('Ctrl-C, Ctrl-D, Ctrl-L', () => {
  it('Ctrl-C while reading prints ^C, discards the line and fires interrupt', () => {
    const h = setup({ history: ['old'] });
    h.ed.read('$ ');
    h.ed.feed('kubectl del' + LEFT + LEFT + ctrl('c'));
    expect(h.events).toEqual([['interrupt']]);
    expect(h.ed.reading).toBe(false);
    expect(h.ed.history).toEqual(['old']);
    expect(h.screen.lines()).toEqual(['$ kubectl del^C', '']);
    expect(h.screen.y).toBe(1);
    h.ed.read('$ ');
    expect(h.ed.snapshot().buffer).toBe('');
  });

  it('Ctrl-C while a command runs is delivered at once and flushes type-ahead', () => {
    const h = setup();
    h.ed.read('$ ');
    h.ed.feed('sleep 100\r');
    h.ed.feed('echo typed-ahead');
    expect(h.events).toEqual([['line', 'sleep 100']]);
    h.ed.feed(ctrl('c'));
    expect(h.events).toEqual([['line', 'sleep 100'], ['interrupt']]);
    h.ed.feed('ls');
    h.ed.read('$ ');
    expect(h.ed.snapshot().buffer).toBe('ls');
    expect(h.screen.lines()).toEqual(['$ sleep 100', '^C', '$ ls']);
  });

  it('Ctrl-C typed after a queued Enter interrupts the command that Enter started', () => {
    const h = setup();
    h.ed.read('$ ');
    h.ed.feed('sleep 100\r' + ctrl('c') + 'ls');
    expect(h.events).toEqual([['line', 'sleep 100'], ['interrupt']]);
    h.ed.read('$ ');
    expect(h.ed.snapshot().buffer).toBe('ls');
  });

  it('Ctrl-D: eof on an empty line, delete-char otherwise', () => {
    const h = setup();
    h.ed.read('$ ');
    h.ed.feed('ab' + LEFT + ctrl('d'));
    expect(h.ed.snapshot()).toMatchObject({ buffer: 'a', cursor: 1 });
    h.ed.feed(BS + ctrl('d'));
    expect(h.events).toEqual([['eof']]);
    expect(h.ed.reading).toBe(false);
  });

  it('Ctrl-L clears the screen and redraws the line at the top', () => {
    const h = setup();
    h.ed.read('$ ');
    h.ed.feed('one\r');
    h.ed.read('$ ');
    h.ed.feed('two' + LEFT + ctrl('l'));
    expect(h.events).toEqual([['line', 'one'], ['clear']]);
    expect(h.screen.lines().filter(Boolean)).toEqual(['$ two']);
    expect(h.screen.y).toBe(0);
    expectScreen(h, '$ ');
  });
});

describe('CJK and wide characters', () => {
  it('edits Chinese text with correct cursor columns', () => {
    const h = setup();
    h.ed.read('$ ');
    h.ed.feed('echo 你好世界');
    h.ed.feed(LEFT + LEFT);
    expect(h.ed.snapshot()).toMatchObject({ buffer: 'echo 你好世界', cursor: 7 });
    expect(h.screen.x).toBe(2 + 5 + 4);
    h.ed.feed('，');
    expect(h.ed.snapshot().buffer).toBe('echo 你好，世界');
    expectScreen(h, '$ ');
    h.ed.feed(BS + BS);
    expect(h.ed.snapshot()).toMatchObject({ buffer: 'echo 你世界', cursor: 6 });
    expectScreen(h, '$ ');
    h.ed.feed('\r');
    expect(h.lines()).toEqual(['echo 你世界']);
  });

  it('treats a base character plus combining mark as one cursor step', () => {
    const h = setup();
    h.ed.read('$ ');
    h.ed.feed('cafe\u0301!' + LEFT + LEFT);
    expect(h.ed.snapshot().cursor).toBe(3);
    h.ed.feed(DEL);
    expect(h.ed.snapshot().buffer).toBe('caf!');
    expectScreen(h, '$ ');
  });

  it('handles astral characters (surrogate pairs)', () => {
    const h = setup();
    h.ed.read('$ ');
    h.ed.feed('a𠀀b' + LEFT + LEFT + DEL);
    expect(h.ed.snapshot()).toMatchObject({ buffer: 'ab', cursor: 1 });
    expectScreen(h, '$ ');
  });
});

describe('redraw on a narrow terminal (VT screen model)', () => {
  const prompt = '\x1b[1;32mpod\x1b[0m$ ';

  it('keeps the screen equal to prompt + buffer through wrapped edits', () => {
    const h = setup({ cols: 10, history: ['kubectl get pods --all-namespaces -o wide'] });
    h.ed.read(prompt);
    const steps = [
      'kubectl get pods', // wraps twice
      LEFT.repeat(5),
      'XYZ',
      HOME,
      'abc',
      END,
      BS.repeat(4),
      '1234567', // ends exactly at the margin at some point
      ctrl('a') + ctrl('k'),
      'x'.repeat(7), // prompt 5 + 7... then exactly 10, then wraps
      'yyy',
      ctrl('w'),
      UP,
      '\x1bb\x1bb',
      ctrl('u'),
      DOWN,
      '你好世界你好世界', // wide chars wrap early at odd columns
      LEFT.repeat(3),
      'ab',
      ctrl('e') + BS,
      ctrl('a') + DEL + DEL,
    ];
    for (const s of steps) {
      h.ed.feed(s);
      expectScreen(h, prompt);
    }
  });

  it('every single keystroke on an exact-width line leaves a consistent screen', () => {
    for (const cols of [6, 7, 8, 9]) {
      const h = setup({ cols });
      h.ed.read('$ ');
      const keys = [...'abcdefghijklmnop', LEFT, LEFT, 'Q', BS, BS, HOME, 'Z', END, BS, BS, BS, '中', '文', LEFT, BS];
      for (const k of keys) {
        h.ed.feed(k);
        expectScreen(h, '$ ');
      }
      h.ed.feed('\r');
      // output after Enter starts on a fresh, unwrapped row
      expect(h.screen.x).toBe(0);
      expect(h.screen.row(h.screen.y).wrapped).toBe(false);
    }
  });

  it('Enter on a line that exactly fills its rows does not leave an empty row', () => {
    const h = setup({ cols: 10 });
    h.ed.read('$ ');
    h.ed.feed('12345678\r');
    expect(h.lines()).toEqual(['12345678']);
    h.ed.read('$ ');
    expect(h.screen.lines()).toEqual(['$ 12345678', '$']);
  });

  it('redraws after a resize (the cursor line is not reflowed by the terminal)', () => {
    const h = setup({ cols: 20 });
    h.ed.read('$ ');
    h.ed.feed('echo hi\r');
    h.ed.read('$ ');
    h.ed.feed('kubectl get pods --all-namespaces' + LEFT.repeat(3));
    for (const cols of [8, 13, 30, 5, 20]) {
      h.screen.resize(cols);
      h.ed.setCols(cols);
      expectScreen(h, '$ ');
      expect(h.screen.lines()[0]).toMatch(/^\$ ech/); // the line above is never overwritten
    }
    h.ed.feed('X');
    expect(h.screen.logicalLine().text).toBe('$ kubectl get pods --all-namespaXces');
    expectScreen(h, '$ ');
  });

  it('prints program output above the prompt while reading', () => {
    const h = setup({ cols: 20 });
    h.ed.read('$ ');
    h.ed.feed('kubectl get' + LEFT);
    h.ed.writeAbove('pod/web ready\n');
    h.ed.writeAbove('no newline');
    expect(h.screen.lines()).toEqual(['pod/web ready', 'no newline', '$ kubectl get']);
    expectScreen(h, '$ ');
  });

  it('multi-line prompts print the head once and redraw only the last line', () => {
    const h = setup();
    h.ed.read('cluster: kind\n$ ');
    h.ed.feed('ab' + LEFT + 'X');
    expect(h.screen.lines()).toEqual(['cluster: kind', '$ aXb']);
  });
});

describe('randomised redraw check (VT screen model)', () => {
  // Deterministic PRNG (mulberry32).
  const rng = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const keys = [
    'a', 'b', ' ', 'xyz', '-', '中', '文字', 'e\u0301', '𠀀',
    LEFT, LEFT, RIGHT, HOME, END, BS, BS, DEL, UP, DOWN,
    ctrl('a'), ctrl('e'), ctrl('b'), ctrl('f'), ctrl('k'), ctrl('u'), ctrl('w'), ctrl('y'), ctrl('t'),
    '\x1bb', '\x1bf', '\x1bd', '\x1b\x7f', '\t', '\t', ctrl('r'), ESC, ctrl('g'), '\r', ctrl('c'),
    ctrl('l'), ctrl('d'), 'OUTPUT', 'RESIZE',
  ];
  const complete = (line: string, cursor: number): CompletionResult => {
    const start = line.slice(0, cursor).lastIndexOf(' ') + 1;
    const w = line.slice(start, cursor);
    const all = ['apply', 'annotate', 'api-resources', '中文', 'autoscale'];
    return { candidates: all.filter((c) => c.startsWith(w)), start };
  };
  const promptOf = (h: ReturnType<typeof setup>, base: string) => {
    const s = h.ed.snapshot().search;
    return s ? `(${s.failed ? 'failed ' : ''}reverse-i-search)\`${s.query}': ` : base;
  };

  for (const seed of Array.from({ length: 24 }, (_, i) => i + 1)) {
    it(`seed ${seed}`, () => {
      const r = rng(seed);
      const cols = 4 + Math.floor(r() * 20);
      const base = seed % 2 ? '\x1b[32m$\x1b[0m ' : 'podlab:~/lab$ ';
      const h = setup({ cols, complete, history: ['kubectl get pods', 'apply -f x.yaml', '中文 history'] });
      h.ed.read(base);
      for (let i = 0; i < 500; i++) {
        const k = keys[Math.floor(r() * keys.length)]!;
        if (k === 'OUTPUT') h.ed.writeAbove('event: pod/web Ready\n');
        else if (k === 'RESIZE') {
          const c = 3 + Math.floor(r() * 25);
          h.screen.resize(c);
          h.ed.setCols(c);
        } else h.ed.feed(k);
        if (!h.ed.reading) h.ed.read(base);
        const ctx = `seed ${seed} cols ${cols} step ${i} key ${JSON.stringify(k)}`;
        const snap = h.ed.snapshot();
        const shown = h.screen.logicalLine();
        const p = stripAnsi(promptOf(h, base));
        expect(shown.text, ctx).toBe((p + snap.buffer).trimEnd());
        expect(shown.beforeCursor, ctx).toBe(p + snap.buffer.slice(0, snap.cursor));
        expectUnderCursor(shown.underCursor, snap.buffer, snap.cursor, ctx);
      }
    });
  }
});

/**
 * The lab terminal: xterm.js (loaded on demand) driven by our own LineEditor.
 *
 *   const term = await mountTerminal(el, { dark: detectDark(), complete });
 *   term.onLine(async (line) => { term.write(await run(line)); term.read('$ '); });
 *   term.onInterrupt(() => { cancelRunning(); term.read('$ '); });
 *   term.read('$ ');
 *
 * Between `onLine` and the next `read()` the terminal is `busy`: keystrokes
 * are buffered as type-ahead (Ctrl-C still interrupts at once).
 */
import type { ITheme, Terminal as XTerminal } from '@xterm/xterm';
import { LineEditor, stripAnsi, toCrlf, type CompletionResult } from './line-editor';

export type { CompletionResult } from './line-editor';

export type CompleteFn = (line: string, cursor: number) => CompletionResult;

export interface MountOptions {
  dark: boolean;
  /** Initial history, oldest first (e.g. restored from storage). */
  history?: string[];
  maxHistory?: number;
  complete?: CompleteFn;
  fontSize?: number;
}

export interface TerminalHandle {
  /** Program output. Lone `\n` becomes `\r\n`. While a line is being edited, the output goes above the prompt. */
  write(text: string): void;
  /** Show `prompt` and read a line (replays type-ahead). Starts on a fresh line if output did not end with one. */
  read(prompt: string): void;
  /** Each `on*` returns an unsubscribe function. */
  onLine(cb: (line: string) => void): () => void;
  onInterrupt(cb: () => void): () => void;
  onEof(cb: () => void): () => void;
  /** Ctrl-L (the screen is already cleared and the line redrawn). */
  onClear(cb: () => void): () => void;
  /** Clear screen and scrollback (keeps the line being edited, redrawn at the top). */
  clear(): void;
  setTheme(dark: boolean): void;
  focus(): void;
  fit(): void;
  dispose(): void;
  /** True while no `read()` is active (a command runs; input is buffered). */
  readonly busy: boolean;
  /** Live history array, oldest first. */
  readonly history: string[];
}

export const TERMINAL_FONT_FAMILY =
  'ui-monospace, SFMono-Regular, Menlo, Consolas, "Noto Sans Mono CJK SC", monospace';

export const LIGHT_THEME: ITheme = {
  background: '#fdfdfd',
  foreground: '#1f2328',
  cursor: '#1f2328',
  cursorAccent: '#fdfdfd',
  selectionBackground: '#b6d7ff',
  selectionInactiveBackground: '#d8e6f7',
  black: '#24292f',
  red: '#cf222e',
  green: '#116329',
  yellow: '#7d4e00',
  blue: '#0969da',
  magenta: '#8250df',
  cyan: '#1b7c83',
  white: '#6e7781',
  brightBlack: '#57606a',
  brightRed: '#a40e26',
  brightGreen: '#1a7f37',
  brightYellow: '#633c01',
  brightBlue: '#218bff',
  brightMagenta: '#a475f9',
  brightCyan: '#3192aa',
  brightWhite: '#8c959f',
};

export const DARK_THEME: ITheme = {
  background: '#1b1d21',
  foreground: '#d6d9de',
  cursor: '#d6d9de',
  cursorAccent: '#1b1d21',
  selectionBackground: '#3a4d6b',
  selectionInactiveBackground: '#2d3542',
  black: '#484f58',
  red: '#ff7b72',
  green: '#3fb950',
  yellow: '#d29922',
  blue: '#58a6ff',
  magenta: '#bc8cff',
  cyan: '#39c5cf',
  white: '#b1bac4',
  brightBlack: '#6e7681',
  brightRed: '#ffa198',
  brightGreen: '#56d364',
  brightYellow: '#e3b341',
  brightBlue: '#79c0ff',
  brightMagenta: '#d2a8ff',
  brightCyan: '#56d4dd',
  brightWhite: '#f0f6fc',
};

const ARIA_LABEL = 'Lab terminal';

/** Starlight's current color scheme. */
export function detectDark(): boolean {
  return typeof document !== 'undefined' && document.documentElement.dataset.theme === 'dark';
}

/** Call `cb` whenever Starlight's theme toggles. Returns a function that stops watching. */
export function onThemeChange(cb: (dark: boolean) => void): () => void {
  if (typeof MutationObserver === 'undefined' || typeof document === 'undefined') return () => {};
  const mo = new MutationObserver(() => cb(detectDark()));
  mo.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  return () => mo.disconnect();
}

export async function mountTerminal(el: HTMLElement, opts: MountOptions): Promise<TerminalHandle> {
  const { Terminal, FitAddon } = await import('./xterm-bundle');

  Terminal.strings.promptLabel = ARIA_LABEL;
  const term: XTerminal = new Terminal({
    theme: opts.dark ? DARK_THEME : LIGHT_THEME,
    fontFamily: TERMINAL_FONT_FAMILY,
    fontSize: opts.fontSize ?? 13,
    cursorBlink: true,
    scrollback: 5000,
    convertEol: false,
    // The line editor redraws its own line on resize (as bash does); this must
    // stay false (xterm's default) or its notion of the prompt row breaks.
    reflowCursorLine: false,
    minimumContrastRatio: 4.5,
  });
  const fitAddon = new FitAddon();
  term.loadAddon(fitAddon);
  term.open(el);
  term.textarea?.setAttribute('aria-label', ARIA_LABEL);

  const lineCbs = new Set<(line: string) => void>();
  const interruptCbs = new Set<() => void>();
  const eofCbs = new Set<() => void>();
  const clearCbs = new Set<() => void>();
  const emit = <A extends unknown[]>(cbs: Set<(...a: A) => void>, ...args: A): void => {
    for (const cb of [...cbs]) {
      try {
        cb(...args);
      } catch (err) {
        console.error(err);
      }
    }
  };

  let disposed = false;
  /** Whether the last visible output left the cursor at the start of a line. */
  let atLineStart = true;
  const out = (s: string): void => {
    if (disposed || s === '') return;
    term.write(s);
    const visible = stripAnsi(s);
    if (visible !== '') atLineStart = visible.endsWith('\n') || visible.endsWith('\r');
  };

  const complete = opts.complete;
  const editor = new LineEditor(
    {
      write: out,
      line: (line) => emit(lineCbs, line),
      interrupt: () => emit(interruptCbs),
      eof: () => emit(eofCbs),
      clear: () => emit(clearCbs),
      ...(complete ? { complete: (line: string, cursor: number) => complete(line, cursor) } : {}),
    },
    { history: opts.history ?? [], maxHistory: opts.maxHistory ?? 1000, cols: term.cols },
  );

  // Pasted text arrives bracketed, so newlines submit lines but tabs do not complete.
  term.write('\x1b[?2004h');

  const subscriptions = [
    term.onData((data) => editor.feed(data)),
    term.onResize(({ cols }) => editor.setCols(cols)),
  ];

  // Ctrl-C with a selection copies (the browser's copy event, which xterm
  // serves); Ctrl-V / Ctrl-Shift-V paste through the browser.
  term.attachCustomKeyEventHandler((e) => {
    if (e.type !== 'keydown' || !e.ctrlKey || e.altKey || e.metaKey) return true;
    const k = e.key.toLowerCase();
    if (k === 'c' && !e.shiftKey && term.hasSelection()) {
      setTimeout(() => term.clearSelection(), 0);
      return false;
    }
    return k !== 'v';
  });

  const fit = (): void => {
    if (disposed) return;
    try {
      fitAddon.fit();
    } catch {
      // not laid out yet (hidden element): keep the current size
    }
    editor.setCols(term.cols);
  };

  let frame = 0;
  const ro =
    typeof ResizeObserver === 'undefined'
      ? null
      : new ResizeObserver(() => {
          if (frame) return;
          frame = requestAnimationFrame(() => {
            frame = 0;
            fit();
          });
        });
  ro?.observe(el);
  fit();
  // Cell metrics change once the monospace font is really there.
  document.fonts?.ready.then(fit, () => {});

  const handle: TerminalHandle = {
    write(text) {
      if (disposed) return;
      const t = toCrlf(text);
      if (editor.reading) editor.writeAbove(t);
      else out(t);
    },
    read(prompt) {
      if (disposed) return;
      if (!editor.reading && !atLineStart) out('\r\n');
      editor.read(prompt);
    },
    onLine(cb) {
      lineCbs.add(cb);
      return () => void lineCbs.delete(cb);
    },
    onInterrupt(cb) {
      interruptCbs.add(cb);
      return () => void interruptCbs.delete(cb);
    },
    onEof(cb) {
      eofCbs.add(cb);
      return () => void eofCbs.delete(cb);
    },
    onClear(cb) {
      clearCbs.add(cb);
      return () => void clearCbs.delete(cb);
    },
    clear() {
      if (disposed) return;
      editor.clearScreen(true);
      atLineStart = true;
    },
    setTheme(dark) {
      if (!disposed) term.options.theme = dark ? DARK_THEME : LIGHT_THEME;
    },
    focus() {
      if (!disposed) term.focus();
    },
    fit,
    dispose() {
      if (disposed) return;
      disposed = true;
      ro?.disconnect();
      if (frame) cancelAnimationFrame(frame);
      for (const s of subscriptions) s.dispose();
      lineCbs.clear();
      interruptCbs.clear();
      eofCbs.clear();
      clearCbs.clear();
      term.dispose();
    },
    get busy() {
      return !editor.reading;
    },
    get history() {
      return editor.history;
    },
  };
  return handle;
}

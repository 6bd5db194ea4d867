/**
 * Boots one lab inside its <podlab-lab> element: the store and cluster, then the terminal (small,
 * so the prompt is usable at once), then the Monaco editor, which streams in afterwards.
 */
import { findLab } from '../../labs/index';
import { createLab, tick, runLine, interrupt, setFile, setActive, setSpeed, setPaused, reset, refresh, formatClock, type Lab, type Speed } from '../state/lab-store';
import { complete } from '../kubectl/complete';
import { mountTerminal, type TerminalHandle } from './terminal/terminal';
import type { EditorHandle } from './editor/editor';

const PROMPT = '\x1b[1;32m$\x1b[0m ';
const TICK_MS = 100;

interface Saved {
  files?: Record<string, string>;
  active?: string;
  history?: string[];
}

function loadSaved(id: string): Saved {
  try {
    return JSON.parse(localStorage.getItem(`podlab:${id}`) ?? '{}') as Saved;
  } catch {
    return {};
  }
}

function save(id: string, patch: Saved): void {
  try {
    localStorage.setItem(`podlab:${id}`, JSON.stringify({ ...loadSaved(id), ...patch }));
  } catch {
    // storage full or disabled: the lab still works, it just won't remember edits
  }
}

const isDark = () => document.documentElement.dataset.theme === 'dark';

export async function bootLab(el: HTMLElement): Promise<void> {
  const id = el.dataset.lab!;
  const def = findLab(id);
  if (!def) throw new Error(`no lab "${id}"`);
  const saved = loadSaved(id);
  const termEl = el.querySelector<HTMLElement>('.podlab-terminal')!;
  const editorEl = el.querySelector<HTMLElement>('.podlab-editor')!;

  let term: TerminalHandle | null = null;
  let tail = ''; // output after the last newline: an interactive shell's prompt
  let pending = '';
  const lab: Lab = createLab(
    def,
    {
      write: (t) => {
        const i = t.lastIndexOf('\n');
        tail = i >= 0 ? t.slice(i + 1) : tail + t;
        if (term) term.write(t);
        else pending += t;
      },
      clear: () => term?.clear(),
      idle: () => {
        /* the prompt is re-issued after runLine returns or when busy drops */
      },
    },
    saved,
  );

  term = await mountTerminal(termEl, {
    dark: isDark(),
    history: saved.history ?? [],
    complete: (line, cursor) => complete(line, cursor, lab.cluster, Object.keys(lab.store.getState().files)),
  });
  if (pending) term.write(pending);
  const t = term;
  // Busy as of the last prompt decision: a command that finishes within the first tick after it
  // started (`delete --now` at ×60) must still get its prompt back.
  let wasBusy = false;
  const prompt = () => {
    wasBusy = lab.session.busy;
    if (lab.session.busy) {
      // An interactive container shell prints its own prompt; take it over as the line editor's.
      if (lab.session.interactive && /[#$>] $/.test(tail)) {
        const p = tail;
        tail = '';
        t.write('\r\x1b[K');
        t.read(p);
      }
      return;
    }
    t.read(PROMPT);
  };
  t.onLine((line) => {
    runLine(lab, line);
    save(id, { history: lab.session.history.slice(-200) });
    prompt();
  });
  t.onInterrupt(() => {
    if (lab.session.busy) interrupt(lab);
    prompt();
  });
  t.onEof(() => {
    if (lab.session.busy) {
      lab.session.eof();
      refresh(lab);
    }
    prompt();
  });
  t.onClear(() => t.clear());
  t.write('\x1b[2mThis terminal runs against the lab\'s own cluster. Type `help` for what it understands.\x1b[0m\r\n');
  prompt();

  // Virtual time: advance with the wall clock, scaled by the chosen speed.
  let last = performance.now();
  setInterval(() => {
    const now = performance.now();
    const dt = document.hidden ? 0 : Math.min(now - last, 1000);
    last = now;
    try {
      tick(lab, dt);
    } catch (e) {
      console.error('podlab: cluster tick failed', e);
    }
    const busy = lab.session.busy;
    if (wasBusy && !busy) prompt();
    else if (busy && lab.session.interactive && t.busy && /[#$>] $/.test(tail)) prompt();
    wasBusy = busy;
  }, TICK_MS);

  wireControls(el, lab, () => {
    t.clear();
    t.write('Lab reset: a fresh cluster and the original files. (Ctrl+Z in the editor brings your edits back.)\r\n');
    prompt();
  });

  // The editor (Monaco) is large: load it after the prompt is usable.
  editorEl.querySelector('.podlab-loading')?.remove();
  const { mountEditor } = await import('./editor/editor');
  const st = lab.store.getState();
  const editor: EditorHandle = await mountEditor(editorEl, {
    labId: id,
    files: st.files,
    active: st.active,
    dark: isDark(),
    onChange: (name, text) => {
      setFile(lab, name, text);
      saveFilesSoon();
    },
    onActiveChange: (name) => {
      setActive(lab, name);
      save(id, { active: name });
    },
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const saveFilesSoon = () => {
    clearTimeout(timer);
    timer = setTimeout(() => save(id, { files: lab.store.getState().files }), 300);
  };
  let gen = st.generation;
  lab.store.subscribe((s) => {
    if (s.generation !== gen) {
      gen = s.generation;
      editor.setFiles(s.files, s.active);
      save(id, { files: s.files, active: s.active });
    }
  });
  new MutationObserver(() => {
    t.setTheme(isDark());
    editor.setTheme(isDark());
  }).observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  el.classList.add('podlab-ready');
}

function wireControls(el: HTMLElement, lab: Lab, onReset: () => void): void {
  const clock = el.querySelector<HTMLElement>('.podlab-clock')!;
  const pause = el.querySelector<HTMLButtonElement>('.podlab-pause')!;
  const speeds = [...el.querySelectorAll<HTMLButtonElement>('[data-speed]')];
  const resetBtn = el.querySelector<HTMLButtonElement>('.podlab-reset')!;
  for (const b of [pause, resetBtn, ...speeds]) b.disabled = false;
  pause.addEventListener('click', () => setPaused(lab, !lab.store.getState().paused));
  for (const b of speeds) b.addEventListener('click', () => setSpeed(lab, Number(b.dataset.speed) as Speed));
  resetBtn.addEventListener('click', () => {
    reset(lab);
    onReset();
  });
  const render = () => {
    const s = lab.store.getState();
    clock.textContent = formatClock(s.time);
    pause.setAttribute('aria-label', s.paused ? pause.dataset.labelPlay! : pause.dataset.labelPause!);
    pause.setAttribute('aria-pressed', String(s.paused));
    for (const b of speeds) b.setAttribute('aria-checked', String(Number(b.dataset.speed) === s.speed));
    for (const li of el.querySelectorAll<HTMLElement>('[data-task]')) li.classList.toggle('done', !!s.done[li.dataset.task!]);
    el.classList.toggle('podlab-paused', s.paused);
  };
  lab.store.subscribe(render);
  render();
}

/**
 * The Monaco side of the editor, loaded lazily by `mountEditor` (./editor.ts). Everything heavy
 * lives here: Monaco's core API plus a curated list of editor features (not `editor.all.js`, and
 * never the full `monaco-editor` entry, which drags in the TS/CSS/HTML/JSON workers), the YAML
 * tokenizer, monaco-yaml with the Kubernetes schemas, and the two workers.
 */
import * as monaco from 'monaco-editor/esm/vs/editor/editor.api';

// Curated editor features: what a YAML editor with language-server features needs.
// Left out on purpose, among others: wordHighlighter (in 0.52 it leaves an unhandled "Canceled"
// rejection whenever the model is switched within 50 ms of a cursor move, i.e. on tab switches),
// diff/inline-completion/sticky-scroll/codelens/inlay-hint/color/rename/parameter-hint features.
import 'monaco-editor/esm/vs/editor/browser/coreCommands.js';
import 'monaco-editor/esm/vs/editor/browser/widget/codeEditor/codeEditorWidget.js';
import 'monaco-editor/esm/vs/editor/contrib/bracketMatching/browser/bracketMatching.js';
import 'monaco-editor/esm/vs/editor/contrib/clipboard/browser/clipboard.js';
import 'monaco-editor/esm/vs/editor/contrib/codeAction/browser/codeActionContributions.js'; // monaco-yaml quick fixes (e.g. tabs → spaces)
import 'monaco-editor/esm/vs/editor/contrib/comment/browser/comment.js';
import 'monaco-editor/esm/vs/editor/contrib/contextmenu/browser/contextmenu.js';
import 'monaco-editor/esm/vs/editor/contrib/cursorUndo/browser/cursorUndo.js';
import 'monaco-editor/esm/vs/editor/contrib/find/browser/findController.js';
import 'monaco-editor/esm/vs/editor/contrib/folding/browser/folding.js';
import 'monaco-editor/esm/vs/editor/contrib/format/browser/formatActions.js';
import 'monaco-editor/esm/vs/editor/contrib/gotoError/browser/gotoError.js';
import 'monaco-editor/esm/vs/editor/contrib/hover/browser/hoverContribution.js';
import 'monaco-editor/esm/vs/editor/contrib/indentation/browser/indentation.js';
import 'monaco-editor/esm/vs/editor/contrib/linesOperations/browser/linesOperations.js';
import 'monaco-editor/esm/vs/editor/contrib/links/browser/links.js';
import 'monaco-editor/esm/vs/editor/contrib/multicursor/browser/multicursor.js';
import 'monaco-editor/esm/vs/editor/contrib/smartSelect/browser/smartSelect.js';
import 'monaco-editor/esm/vs/editor/contrib/snippet/browser/snippetController2.js';
import 'monaco-editor/esm/vs/editor/contrib/suggest/browser/suggestController.js';
import 'monaco-editor/esm/vs/editor/contrib/toggleTabFocusMode/browser/toggleTabFocusMode.js'; // Ctrl+M: Tab moves focus (keyboard escape hatch)
import 'monaco-editor/esm/vs/editor/contrib/unicodeHighlighter/browser/unicodeHighlighter.js'; // shows pasted NBSPs etc.
import 'monaco-editor/esm/vs/editor/contrib/wordOperations/browser/wordOperations.js';
import 'monaco-editor/esm/vs/editor/common/standaloneStrings.js';
import 'monaco-editor/esm/vs/base/browser/ui/codicons/codiconStyles.js';
import 'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js';

import { configureMonacoYaml, type JSONSchema } from 'monaco-yaml';
import YamlWorker from 'monaco-yaml/yaml.worker?worker';
import EditorWorker from 'monaco-editor/esm/vs/editor/editor.worker?worker';

import { SCHEMAS, multiKindSchema } from '../../kubectl/schema/index';
import { withValueCompletions } from './enums';
import type { EditorHandle, MountEditorOptions } from './editor';
import {
  type EditorMarker,
  languageFor,
  minimalEdit,
  modelPath,
  normalizeEol,
  pickActive,
  summarizeProblems,
  tabKeyTarget,
  tabLabel,
  toMarkerData,
} from './helpers';

const MARKER_OWNER = 'podlab';
const SCHEMA_URI = 'https://podlab.dev/schemas/k8s.json';
const MODEL_OPTIONS: monaco.editor.ITextModelUpdateOptions = { tabSize: 2, indentSize: 2, insertSpaces: true, trimAutoWhitespace: true };

let setUp = false;

/** The multi-kind schema plus value completions (enums) for string-typed Kubernetes "enums". */
function editorSchema(): JSONSchema {
  return withValueCompletions(multiKindSchema() as JSONSchema & Record<string, unknown>, SCHEMAS.go.types);
}

/** Once per page: worker factory and monaco-yaml (only one monaco-yaml instance may exist). */
function setUpOnce(): void {
  if (setUp) return;
  setUp = true;
  (self as unknown as { MonacoEnvironment?: monaco.Environment }).MonacoEnvironment = {
    getWorker(_moduleId: string, label: string): Worker {
      // No `{ name }` option: astro/client types these constructors as taking no arguments.
      return label === 'yaml' ? new YamlWorker() : new EditorWorker();
    },
  };
  configureMonacoYaml(monaco, {
    enableSchemaRequest: false,
    validate: true,
    completion: true,
    hover: true,
    hoverSchemaSource: false, // the schema URI is an identifier, not a page to link to
    format: { enable: true },
    yamlVersion: '1.1', // what kubectl (go-yaml v2 semantics) reads: `yes` is a bool, 0644 is octal
    // Workaround for yaml-language-server's parse cache, which is keyed by document version only:
    // hover/folding/links parse with the default YAML 1.2 and validation then reuses that parse,
    // so `yamlVersion` is silently ignored. The cache does re-parse when `customTags` differ, so
    // pass one entry that the tag filter drops (type `map` is rejected): it adds no tag and no
    // completion item, but makes validation and completion always parse with YAML 1.1.
    customTags: ['!podlab-yaml-1.1 map'],
    schemas: [{ uri: SCHEMA_URI, fileMatch: ['*'], schema: editorSchema() }],
  });
}

/** URI namespaces in use, so two mounts of the same lab don't collide on model URIs. */
const keysInUse = new Set<string>();
let instances = 0;

function claimKey(labId: string): string {
  let key = labId;
  for (let n = 2; keysInUse.has(key); n++) key = `${labId}~${n}`;
  keysInUse.add(key);
  return key;
}

interface FileEntry {
  name: string;
  model: monaco.editor.ITextModel;
  listener: monaco.IDisposable;
  viewState: monaco.editor.ICodeEditorViewState | null;
  tab?: HTMLButtonElement;
}

export function createEditor(el: HTMLElement, opts: MountEditorOptions): EditorHandle {
  setUpOnce();
  const key = claimKey(opts.labId);
  const idPrefix = `podlab-ed-${++instances}`;

  const root = document.createElement('div');
  root.className = 'podlab-ed not-content';
  const tablist = document.createElement('div');
  tablist.className = 'podlab-ed__tabs';
  tablist.setAttribute('role', 'tablist');
  tablist.setAttribute('aria-label', 'Files');
  const body = document.createElement('div');
  body.className = 'podlab-ed__body';
  body.setAttribute('role', 'tabpanel');
  body.id = `${idPrefix}-panel`;
  root.append(tablist, body);
  el.append(root);

  monaco.editor.setTheme(opts.dark ? 'vs-dark' : 'vs');
  const editor = monaco.editor.create(body, {
    model: null,
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 13,
    tabSize: 2,
    insertSpaces: true,
    detectIndentation: false, // a pasted tab-indented file must not switch Tab to inserting tabs
    useTabStops: true,
    scrollBeyondLastLine: false,
    wordWrap: 'off',
    renderWhitespace: 'boundary',
    fixedOverflowWidgets: true, // suggest/hover widgets are not clipped by the lab's layout
    scrollbar: { alwaysConsumeMouseWheel: false }, // let the page scroll past the editor
    quickSuggestions: { other: true, comments: false, strings: true }, // YAML values are plain scalars
    lineNumbersMinChars: 3,
    ariaLabel: 'Kubernetes YAML editor',
  });

  const files = new Map<string, FileEntry>();
  let order: string[] = [];
  let active: string | undefined;
  let muted = 0; // > 0 while applying setFiles/setText edits: no onChange for those
  let disposed = false;

  const tabIndexOf = (name: string): number => order.indexOf(name);

  function updateProblems(entry: FileEntry): void {
    if (!entry.tab) return;
    const severities = monaco.editor.getModelMarkers({ resource: entry.model.uri }).map((m) => m.severity);
    const p = summarizeProblems(severities);
    if (p.errors > 0) entry.tab.dataset.problems = 'error';
    else if (p.warnings > 0) entry.tab.dataset.problems = 'warning';
    else delete entry.tab.dataset.problems;
    const label = tabLabel(entry.name, p);
    if (label === entry.name) entry.tab.removeAttribute('aria-label');
    else entry.tab.setAttribute('aria-label', label);
  }

  const markersListener = monaco.editor.onDidChangeMarkers((uris) => {
    const changed = new Set(uris.map((u) => u.toString()));
    for (const entry of files.values()) if (changed.has(entry.model.uri.toString())) updateProblems(entry);
  });

  function syncTabs(): void {
    for (const entry of files.values()) {
      const tab = entry.tab;
      if (!tab) continue;
      const selected = entry.name === active;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1;
      if (selected) body.setAttribute('aria-labelledby', tab.id);
    }
  }

  function renderTabs(): void {
    const tabs = order.map((name, i) => {
      const entry = files.get(name) as FileEntry;
      const tab = entry.tab ?? document.createElement('button');
      tab.type = 'button';
      tab.className = 'podlab-ed__tab';
      tab.id = `${idPrefix}-tab-${i}`;
      tab.setAttribute('role', 'tab');
      tab.setAttribute('aria-controls', body.id);
      tab.dataset.file = name;
      tab.textContent = name;
      entry.tab = tab;
      updateProblems(entry);
      return tab;
    });
    tablist.replaceChildren(...tabs);
    syncTabs();
  }

  /** Shows `name` in the editor, keeping each file's cursor and scroll position. */
  function show(name: string | undefined): void {
    const next = name === undefined ? undefined : files.get(name);
    const current = active === undefined ? undefined : files.get(active);
    if (next && current === next && editor.getModel() === next.model) return;
    if (current && editor.getModel() === current.model) current.viewState = editor.saveViewState();
    active = next?.name;
    editor.setModel(next?.model ?? null);
    if (next) {
      if (next.viewState) editor.restoreViewState(next.viewState);
      editor.updateOptions({ ariaLabel: `${next.name}, Kubernetes YAML editor` });
    }
    syncTabs();
  }

  /** User switched tabs (click or arrow keys). */
  function activate(name: string, focusEditor: boolean): void {
    if (name !== active) {
      show(name);
      opts.onActiveChange?.(name);
    }
    if (focusEditor) editor.focus();
  }

  tablist.addEventListener('click', (e) => {
    const tab = (e.target as Element | null)?.closest<HTMLButtonElement>('[role="tab"]');
    const name = tab?.dataset.file;
    // A mouse click moves focus into the editor; Enter/Space (detail 0) keeps it on the tab.
    if (name !== undefined && files.has(name)) activate(name, e.detail > 0);
  });
  tablist.addEventListener('keydown', (e) => {
    if (active === undefined) return;
    const target = tabKeyTarget(e.key, tabIndexOf(active), order.length);
    if (target === undefined) return;
    e.preventDefault();
    const name = order[target];
    if (name === undefined) return;
    activate(name, false);
    files.get(name)?.tab?.focus();
  });

  /** Replaces a model's text as one undoable edit, touching only the part that changed. */
  function replaceText(entry: FileEntry, text: string): void {
    const { model } = entry;
    const edit = minimalEdit(model.getValue(), text);
    if (!edit) return;
    const range = monaco.Range.fromPositions(model.getPositionAt(edit.start), model.getPositionAt(edit.end));
    const selections = editor.getModel() === model ? editor.getSelections() : null;
    muted++;
    try {
      model.pushStackElement();
      model.pushEditOperations(selections, [{ range, text: edit.text, forceMoveMarkers: true }], () => null);
      model.pushStackElement();
    } finally {
      muted--;
    }
  }

  function createEntry(name: string, text: string): FileEntry {
    const uri = monaco.Uri.from({ scheme: 'file', path: modelPath(key, name) });
    monaco.editor.getModel(uri)?.dispose(); // a leftover from an undisposed editor
    const model = monaco.editor.createModel(text, languageFor(name), uri);
    model.setEOL(monaco.editor.EndOfLineSequence.LF);
    model.updateOptions(MODEL_OPTIONS);
    const listener = model.onDidChangeContent(() => {
      if (muted === 0 && !disposed) opts.onChange(name, model.getValue());
    });
    return { name, model, listener, viewState: null };
  }

  function disposeEntry(entry: FileEntry): void {
    entry.listener.dispose();
    monaco.editor.setModelMarkers(entry.model, MARKER_OWNER, []);
    entry.model.dispose();
    entry.tab?.remove();
  }

  function setFiles(next: Record<string, string>, activeName: string): void {
    if (disposed) return;
    const names = Object.keys(next);
    const wanted = new Set(names);
    for (const [name, entry] of files) {
      if (wanted.has(name)) continue;
      if (editor.getModel() === entry.model) editor.setModel(null);
      disposeEntry(entry);
      files.delete(name);
    }
    for (const name of names) {
      const text = normalizeEol(next[name] ?? '');
      const entry = files.get(name);
      if (entry) replaceText(entry, text);
      else files.set(name, createEntry(name, text));
    }
    order = names;
    const previous = active;
    if (previous !== undefined && !files.has(previous)) active = undefined;
    renderTabs();
    show(pickActive(names, activeName, previous));
  }

  setFiles(opts.files, opts.active);

  return {
    setFiles,
    setActive(name) {
      if (!disposed && files.has(name)) show(name);
    },
    getText(name) {
      return files.get(name)?.model.getValue() ?? '';
    },
    setText(name, text) {
      const entry = files.get(name);
      if (!disposed && entry) replaceText(entry, normalizeEol(text));
    },
    setMarkers(name, markers: EditorMarker[]) {
      const entry = files.get(name);
      if (disposed || !entry) return;
      const { model } = entry;
      const data = toMarkerData(markers, {
        lineCount: model.getLineCount(),
        maxColumn: (l) => model.getLineMaxColumn(l),
        firstNonBlankColumn: (l) => model.getLineFirstNonWhitespaceColumn(l),
      });
      monaco.editor.setModelMarkers(model, MARKER_OWNER, data as monaco.editor.IMarkerData[]);
    },
    setTheme(dark) {
      monaco.editor.setTheme(dark ? 'vs-dark' : 'vs');
    },
    focus() {
      if (!disposed) editor.focus();
    },
    layout() {
      if (!disposed) editor.layout();
    },
    dispose() {
      if (disposed) return;
      disposed = true;
      markersListener.dispose();
      editor.dispose();
      for (const entry of files.values()) disposeEntry(entry);
      files.clear();
      order = [];
      root.remove();
      keysInUse.delete(key);
    },
  };
}

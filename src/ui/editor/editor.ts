/**
 * The lab's YAML editor: a tab strip over one Monaco editor, with Kubernetes schema validation,
 * completion and hover from monaco-yaml.
 *
 * This module is deliberately tiny: Monaco, monaco-yaml, the schemas and the workers are all
 * loaded by the dynamic `import()` in `mountEditor`, as separate lazily loaded chunks.
 */
import './editor.css';

import type { EditorMarker } from './helpers';

// `{ line: number; column?: number; endLine?: number; message: string; severity: 'error' | 'warning' }`,
// declared in ./helpers so the pure (DOM-free) helpers and their tests can use it.
export type { EditorMarker };

export interface EditorHandle {
  /**
   * Replaces the set of files (one tab and one Monaco model per file, URI `file:///<labId>/<name>`,
   * so undo history is per file). Files that keep their name keep their model and undo history;
   * changed text is applied as an undoable edit. Does not call `onChange`/`onActiveChange`.
   */
  setFiles(files: Record<string, string>, active: string): void;
  /** Shows file `name` (no-op for unknown names). Does not call `onActiveChange`. */
  setActive(name: string): void;
  /** Current text of `name` ('' for unknown names). Always LF line endings. */
  getText(name: string): string;
  /** Replaces the text of `name` as one undoable edit (e.g. Reset; Ctrl+Z brings the old text back). Does not call `onChange`. */
  setText(name: string, text: string): void;
  /** Sets the markers (owner "podlab") of `name`; `[]` clears them. They stay until replaced. */
  setMarkers(name: string, markers: EditorMarker[]): void;
  /** Switches between the `vs` and `vs-dark` themes (Monaco themes are global to the page). */
  setTheme(dark: boolean): void;
  focus(): void;
  layout(): void;
  /** Disposes the editor and its models and removes its DOM. */
  dispose(): void;
}

export interface MountEditorOptions {
  /** Namespaces model URIs: `file:///<labId>/<name>`. */
  labId: string;
  files: Record<string, string>;
  active: string;
  dark: boolean;
  /** Edits made in the editor (typing, paste, undo/redo, format); not setFiles/setText. */
  onChange(name: string, text: string): void;
  /** The user picked another tab; not called for setActive/setFiles. */
  onActiveChange?(name: string): void;
}

/**
 * Mounts the editor into `el` (which should have a definite height: the editor fills it).
 * Resolves once Monaco is loaded and the editor is created.
 */
export async function mountEditor(el: HTMLElement, opts: MountEditorOptions): Promise<EditorHandle> {
  const { createEditor } = await import('./monaco');
  return createEditor(el, opts);
}

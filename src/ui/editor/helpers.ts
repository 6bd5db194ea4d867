/**
 * Pure helpers for the editor module: no Monaco, no DOM, so they are unit-testable in Node
 * (and type-check under tsconfig.pure.json, which has no DOM lib).
 */

/** A marker from kubectl (apply/parse errors), as the lab passes it to `EditorHandle.setMarkers`. */
export interface EditorMarker {
  /** 1-based line. */
  line: number;
  /** 1-based column; without it the marker covers the whole line. */
  column?: number;
  /** Last line the marker covers (inclusive); defaults to `line`. */
  endLine?: number;
  message: string;
  severity: 'error' | 'warning';
}

/** The subset of Monaco's `IMarkerData` we produce. */
export interface MarkerData {
  severity: number;
  message: string;
  startLineNumber: number;
  startColumn: number;
  endLineNumber: number;
  endColumn: number;
  source?: string;
}

/** What `toMarkerData` needs to know about a model's lines (1-based, like Monaco). */
export interface LineInfo {
  lineCount: number;
  /** Column just past the last character of `line` (Monaco's `getLineMaxColumn`). */
  maxColumn(line: number): number;
  /** First non-blank column of `line`, or 0 when the line is blank (Monaco's `getLineFirstNonWhitespaceColumn`). */
  firstNonBlankColumn(line: number): number;
}

/** Monaco's `MarkerSeverity` values (stable API constants). */
export const SEVERITY = { error: 8, warning: 4 } as const;

const clamp = (n: number, lo: number, hi: number): number => Math.min(Math.max(n, lo), hi);

/**
 * Maps our markers (from kubectl apply/parse errors) to Monaco marker data.
 * - No column: the marker covers the line's text (leading indentation excluded).
 * - A column: the marker runs from that column to the end of `endLine` (default: the same line).
 * - Lines and columns are clamped into the model, so a stale marker never throws.
 * - A marker that would be empty (blank line) still spans one column so it is visible.
 */
export function toMarkerData(markers: readonly EditorMarker[], lines: LineInfo, source = 'kubectl'): MarkerData[] {
  const count = Math.max(1, lines.lineCount);
  return markers.map((m) => {
    const line = clamp(Math.trunc(m.line) || 1, 1, count);
    const endLine = clamp(Math.trunc(m.endLine ?? line) || line, line, count);
    const lineMax = lines.maxColumn(line);
    let startColumn: number;
    if (m.column === undefined) {
      const first = lines.firstNonBlankColumn(line);
      startColumn = first > 0 ? first : 1;
    } else {
      startColumn = clamp(Math.trunc(m.column) || 1, 1, lineMax);
    }
    let endColumn = lines.maxColumn(endLine);
    if (endLine === line && endColumn <= startColumn) endColumn = startColumn + 1;
    return {
      severity: SEVERITY[m.severity],
      message: m.message,
      startLineNumber: line,
      startColumn,
      endLineNumber: endLine,
      endColumn,
      source,
    };
  });
}

/** A `LineInfo` over a plain string (used by tests, and handy for callers without a model). */
export function lineInfoOf(text: string): LineInfo {
  const lines = text.split('\n');
  return {
    lineCount: lines.length,
    maxColumn: (l) => (lines[l - 1] ?? '').length + 1,
    firstNonBlankColumn: (l) => {
      const s = lines[l - 1] ?? '';
      const i = s.search(/\S/);
      return i < 0 ? 0 : i + 1;
    },
  };
}

/** Editor text is always LF: CRLF/CR input is normalised so `getText` round-trips `setText`. */
export function normalizeEol(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

/** The smallest single replacement turning `before` into `after` (common prefix and suffix kept). */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

export function minimalEdit(before: string, after: string): TextEdit | null {
  if (before === after) return null;
  const max = Math.min(before.length, after.length);
  let p = 0;
  while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  // Don't split a surrogate pair.
  if (p > 0 && isHighSurrogate(before.charCodeAt(p - 1))) p--;
  let s = 0;
  while (s < max - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  if (s > 0 && isLowSurrogate(before.charCodeAt(before.length - s))) s--;
  return { start: p, end: before.length - s, text: after.slice(p, after.length - s) };
}

const isHighSurrogate = (c: number): boolean => c >= 0xd800 && c <= 0xdbff;
const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** Monaco language id for a file name: YAML unless the extension says otherwise. */
export function languageFor(name: string): string {
  const m = /\.([^./]+)$/.exec(name);
  const ext = m?.[1]?.toLowerCase();
  if (ext === undefined || ext === 'yaml' || ext === 'yml') return 'yaml';
  return 'plaintext';
}

/** Path of a file's model URI: `file:///<labId>/<name>`, one path segment per `/` in the name. */
export function modelPath(labId: string, name: string): string {
  const clean = (s: string): string => s.replace(/^\/+|\/+$/g, '');
  return `/${clean(labId) || 'lab'}/${clean(name)}`;
}

/**
 * Which file is active after `setFiles`: the requested one if it exists, else the previous one
 * if it still exists, else the first; undefined when there are no files.
 */
export function pickActive(names: readonly string[], requested: string | undefined, previous?: string): string | undefined {
  if (requested !== undefined && names.includes(requested)) return requested;
  if (previous !== undefined && names.includes(previous)) return previous;
  return names[0];
}

/**
 * Roving focus in the tab strip (WAI-ARIA tabs pattern): the index a key moves focus to, or
 * undefined for keys the tab strip does not handle. Arrows wrap around.
 */
export function tabKeyTarget(key: string, index: number, count: number): number | undefined {
  if (count <= 0) return undefined;
  switch (key) {
    case 'ArrowRight':
      return (index + 1) % count;
    case 'ArrowLeft':
      return (index - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return undefined;
  }
}

/** Summary of a file's markers (all owners) for its tab: the worst severity and counts. */
export interface ProblemSummary {
  errors: number;
  warnings: number;
}

export function summarizeProblems(severities: readonly number[]): ProblemSummary {
  let errors = 0;
  let warnings = 0;
  for (const s of severities) {
    if (s >= SEVERITY.error) errors++;
    else if (s >= SEVERITY.warning) warnings++;
  }
  return { errors, warnings };
}

/** Accessible label for a tab: `pod.yaml` or `pod.yaml, 2 errors, 1 warning`. */
export function tabLabel(name: string, p: ProblemSummary): string {
  const parts = [name];
  if (p.errors > 0) parts.push(`${p.errors} error${p.errors === 1 ? '' : 's'}`);
  if (p.warnings > 0) parts.push(`${p.warnings} warning${p.warnings === 1 ? '' : 's'}`);
  return parts.join(', ');
}

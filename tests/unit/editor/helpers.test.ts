import { describe, expect, it } from 'vitest';
import {
  SEVERITY,
  languageFor,
  lineInfoOf,
  minimalEdit,
  modelPath,
  normalizeEol,
  pickActive,
  summarizeProblems,
  tabKeyTarget,
  tabLabel,
  toMarkerData,
} from '../../../src/ui/editor/helpers';

const POD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n\nspec: {}\n';

describe('toMarkerData', () => {
  const lines = lineInfoOf(POD);

  it('covers the line text (without indentation) when there is no column', () => {
    expect(toMarkerData([{ line: 4, message: 'bad name', severity: 'error' }], lines)).toEqual([
      { severity: SEVERITY.error, message: 'bad name', startLineNumber: 4, startColumn: 3, endLineNumber: 4, endColumn: 12, source: 'kubectl' },
    ]);
  });

  it('runs from the column to the end of endLine', () => {
    const [m] = toMarkerData([{ line: 2, column: 7, endLine: 3, message: 'x', severity: 'warning' }], lines);
    expect(m).toMatchObject({ severity: SEVERITY.warning, startLineNumber: 2, startColumn: 7, endLineNumber: 3, endColumn: 10 });
  });

  it('clamps lines and columns into the model', () => {
    const [past, before, wide] = toMarkerData(
      [
        { line: 99, message: 'past the end', severity: 'error' },
        { line: 0, column: -3, message: 'before the start', severity: 'error' },
        { line: 2, column: 500, endLine: 1, message: 'wide', severity: 'error' },
      ],
      lines,
    );
    // Line 7 is the empty line after the trailing newline: still one column wide.
    expect(past).toMatchObject({ startLineNumber: 7, startColumn: 1, endLineNumber: 7, endColumn: 2 });
    expect(before).toMatchObject({ startLineNumber: 1, startColumn: 1, endLineNumber: 1, endColumn: 15 });
    expect(wide).toMatchObject({ startLineNumber: 2, startColumn: 10, endLineNumber: 2, endColumn: 11 });
  });

  it('marks a blank line visibly', () => {
    expect(toMarkerData([{ line: 5, message: 'blank', severity: 'error' }], lines)[0]).toMatchObject({
      startLineNumber: 5,
      startColumn: 1,
      endColumn: 2,
    });
  });

  it('works on an empty model', () => {
    expect(toMarkerData([{ line: 3, message: 'e', severity: 'error' }], lineInfoOf(''))[0]).toMatchObject({
      startLineNumber: 1,
      startColumn: 1,
      endLineNumber: 1,
      endColumn: 2,
    });
  });
});

describe('minimalEdit', () => {
  const apply = (s: string, e: ReturnType<typeof minimalEdit>): string => (e ? s.slice(0, e.start) + e.text + s.slice(e.end) : s);

  it('is null for equal texts', () => {
    expect(minimalEdit('a', 'a')).toBeNull();
  });

  it('replaces only the changed middle', () => {
    const before = 'kind: Pod\nimage: nginx\nname: x\n';
    const after = 'kind: Pod\nimage: httpd\nname: x\n';
    const e = minimalEdit(before, after);
    expect(e).toEqual({ start: 17, end: 22, text: 'httpd' });
    expect(apply(before, e)).toBe(after);
  });

  it('handles insertions, deletions and overlapping prefix/suffix', () => {
    for (const [a, b] of [
      ['', 'abc'],
      ['abc', ''],
      ['aaa', 'aa'],
      ['aa', 'aaa'],
      ['abcabc', 'abc'],
      ['x\n', 'x\ny\n'],
    ] as const) {
      expect(apply(a, minimalEdit(a, b))).toBe(b);
    }
  });

  it('does not split surrogate pairs', () => {
    const e = minimalEdit('a😀b', 'a😃b');
    expect(e).toEqual({ start: 1, end: 3, text: '😃' });
  });
});

describe('small helpers', () => {
  it('normalizeEol', () => {
    expect(normalizeEol('a\r\nb\rc\n')).toBe('a\nb\nc\n');
    expect(normalizeEol('plain\n')).toBe('plain\n');
  });

  it('languageFor', () => {
    expect(languageFor('pod.yaml')).toBe('yaml');
    expect(languageFor('pod.YML')).toBe('yaml');
    expect(languageFor('manifest')).toBe('yaml');
    expect(languageFor('notes.txt')).toBe('plaintext');
  });

  it('modelPath', () => {
    expect(modelPath('pods-101', 'pod.yaml')).toBe('/pods-101/pod.yaml');
    expect(modelPath('/lab/', 'dir/pod.yaml')).toBe('/lab/dir/pod.yaml');
    expect(modelPath('', 'a.yaml')).toBe('/lab/a.yaml');
  });

  it('pickActive', () => {
    expect(pickActive(['a', 'b'], 'b')).toBe('b');
    expect(pickActive(['a', 'b'], 'zz', 'b')).toBe('b');
    expect(pickActive(['a', 'b'], 'zz', 'gone')).toBe('a');
    expect(pickActive([], 'a')).toBeUndefined();
  });

  it('tabKeyTarget wraps and ignores other keys', () => {
    expect(tabKeyTarget('ArrowRight', 2, 3)).toBe(0);
    expect(tabKeyTarget('ArrowLeft', 0, 3)).toBe(2);
    expect(tabKeyTarget('Home', 2, 3)).toBe(0);
    expect(tabKeyTarget('End', 0, 3)).toBe(2);
    expect(tabKeyTarget('Enter', 0, 3)).toBeUndefined();
    expect(tabKeyTarget('ArrowRight', 0, 0)).toBeUndefined();
  });

  it('summarizeProblems and tabLabel', () => {
    // Monaco severities: Hint 1, Info 2, Warning 4, Error 8.
    const p = summarizeProblems([8, 8, 4, 2, 1]);
    expect(p).toEqual({ errors: 2, warnings: 1 });
    expect(tabLabel('pod.yaml', p)).toBe('pod.yaml, 2 errors, 1 warning');
    expect(tabLabel('pod.yaml', summarizeProblems([2]))).toBe('pod.yaml');
  });
});

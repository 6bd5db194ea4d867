import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EDITOR_OPTIMIZE_DEPS } from '../../../src/ui/editor/optimize-deps.mjs';

const source = readFileSync(new URL('../../../src/ui/editor/monaco.ts', import.meta.url), 'utf8');
const bareImports = [...source.matchAll(/^import\s+(?:[^'"]*?\s+from\s+)?'([^'.][^']*)';/gm)]
  .map((m) => m[1] as string)
  .filter((s) => !s.endsWith('?worker'));

describe('EDITOR_OPTIMIZE_DEPS', () => {
  it('finds the imports it checks', () => {
    expect(bareImports).toContain('monaco-editor/esm/vs/editor/editor.api');
    expect(bareImports.length).toBeGreaterThan(20);
  });

  it('lists every bare import of monaco.ts, so dev mode does not re-optimise and reload', () => {
    for (const spec of bareImports) expect(EDITOR_OPTIMIZE_DEPS, spec).toContain(spec);
  });

  it('never lists the full monaco-editor entry', () => {
    expect(EDITOR_OPTIMIZE_DEPS).not.toContain('monaco-editor');
  });
});

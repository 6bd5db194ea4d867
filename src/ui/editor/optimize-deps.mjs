// Dev-server pre-bundling list for the editor, for `vite.optimizeDeps.include` in astro.config.mjs:
//
//   import { EDITOR_OPTIMIZE_DEPS } from './src/ui/editor/optimize-deps.mjs';
//   export default defineConfig({ vite: { optimizeDeps: { include: [...EDITOR_OPTIMIZE_DEPS] } } });
//
// Plain .mjs so astro.config.mjs can import it natively. Only matters for `astro dev`; builds
// ignore it. tests/unit/editor/optimize-deps.test.ts checks it covers every bare import of
// ./monaco.ts, so keep the two in step.

/** Monaco core + the curated features imported by ./monaco.ts, and monaco-yaml's main thread. */
const MONACO = [
  'monaco-editor/esm/vs/editor/editor.api',
  'monaco-editor/esm/vs/editor/browser/coreCommands.js',
  'monaco-editor/esm/vs/editor/browser/widget/codeEditor/codeEditorWidget.js',
  'monaco-editor/esm/vs/editor/contrib/bracketMatching/browser/bracketMatching.js',
  'monaco-editor/esm/vs/editor/contrib/clipboard/browser/clipboard.js',
  'monaco-editor/esm/vs/editor/contrib/codeAction/browser/codeActionContributions.js',
  'monaco-editor/esm/vs/editor/contrib/comment/browser/comment.js',
  'monaco-editor/esm/vs/editor/contrib/contextmenu/browser/contextmenu.js',
  'monaco-editor/esm/vs/editor/contrib/cursorUndo/browser/cursorUndo.js',
  'monaco-editor/esm/vs/editor/contrib/find/browser/findController.js',
  'monaco-editor/esm/vs/editor/contrib/folding/browser/folding.js',
  'monaco-editor/esm/vs/editor/contrib/format/browser/formatActions.js',
  'monaco-editor/esm/vs/editor/contrib/gotoError/browser/gotoError.js',
  'monaco-editor/esm/vs/editor/contrib/hover/browser/hoverContribution.js',
  'monaco-editor/esm/vs/editor/contrib/indentation/browser/indentation.js',
  'monaco-editor/esm/vs/editor/contrib/linesOperations/browser/linesOperations.js',
  'monaco-editor/esm/vs/editor/contrib/links/browser/links.js',
  'monaco-editor/esm/vs/editor/contrib/multicursor/browser/multicursor.js',
  'monaco-editor/esm/vs/editor/contrib/smartSelect/browser/smartSelect.js',
  'monaco-editor/esm/vs/editor/contrib/snippet/browser/snippetController2.js',
  'monaco-editor/esm/vs/editor/contrib/suggest/browser/suggestController.js',
  'monaco-editor/esm/vs/editor/contrib/toggleTabFocusMode/browser/toggleTabFocusMode.js',
  'monaco-editor/esm/vs/editor/contrib/unicodeHighlighter/browser/unicodeHighlighter.js',
  'monaco-editor/esm/vs/editor/contrib/wordOperations/browser/wordOperations.js',
  'monaco-editor/esm/vs/editor/common/standaloneStrings.js',
  'monaco-editor/esm/vs/base/browser/ui/codicons/codiconStyles.js',
  'monaco-editor/esm/vs/basic-languages/yaml/yaml.contribution.js',
  'monaco-yaml',
];

/**
 * What `monaco-yaml/yaml.worker` imports. Vite does not scan `?worker` modules, and several of
 * these are CommonJS/UMD, so without pre-bundling the worker fails to load in dev.
 * `a > b` resolves b from a's location (they are monaco-yaml's dependencies, not ours).
 */
const YAML_WORKER = [
  'monaco-yaml > monaco-worker-manager/worker',
  'monaco-yaml > path-browserify',
  'monaco-yaml > vscode-languageserver-types',
  'monaco-yaml > vscode-languageserver-textdocument',
  'monaco-yaml > vscode-uri',
  'monaco-yaml > jsonc-parser',
  'monaco-yaml > @vscode/l10n',
  'yaml',
  'monaco-yaml > prettier/standalone',
  'monaco-yaml > prettier/plugins/estree',
  'monaco-yaml > prettier/plugins/yaml',
];

export const EDITOR_OPTIMIZE_DEPS = Object.freeze([...MONACO, ...YAML_WORKER]);

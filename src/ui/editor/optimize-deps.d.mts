/** See optimize-deps.mjs: the editor's entries for `vite.optimizeDeps.include`. */
export declare const EDITOR_OPTIMIZE_DEPS: readonly string[];

/**
 * Everything xterm in one module so that `terminal.ts` can load it with a
 * single dynamic `import()`: xterm, the fit addon and xterm's stylesheet end
 * up in their own chunk (Vite attaches the CSS to it), fetched only when a
 * lab terminal is mounted.
 */
import '@xterm/xterm/css/xterm.css';

export { Terminal } from '@xterm/xterm';
export { FitAddon } from '@xterm/addon-fit';

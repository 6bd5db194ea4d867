/**
 * The container shell: a busybox-ash compatible interpreter and applets running on virtual time.
 */
export { spawnProcess, CommandNotFound } from './process';
export { parseScript, ShellSyntaxError } from './parser';
export type { Node as ShellNode, Word as ShellWord } from './ast';
export * from './types';
export { Vfs, FsError } from './vfs';

/**
 * Command tables. Shell builtins work in any image; applets exist only when the image has them
 * (host.hasCommand). Modules register themselves at import time (see ../process.ts).
 */
import type { Fds } from '../io';
import type { Gen } from '../runtime';
import type { Shell } from '../state';

/** A command returns its status, or a generator when it may block on virtual time or stdin. */
export type CommandFn = (sh: Shell, io: Fds, argv: string[]) => number | Gen;

export const BUILTINS = new Map<string, CommandFn>();
export const APPLETS = new Map<string, CommandFn>();
/** POSIX special builtins: assignments before them persist, and they beat functions in lookup. */
export const SPECIAL = new Set([':', '.', 'break', 'continue', 'eval', 'exec', 'exit', 'export', 'readonly', 'return', 'set', 'shift', 'source', 'times', 'trap', 'unset']);

export function builtin(names: string | string[], fn: CommandFn): void {
  for (const n of Array.isArray(names) ? names : [names]) BUILTINS.set(n, fn);
}

export function applet(names: string | string[], fn: CommandFn): void {
  for (const n of Array.isArray(names) ? names : [names]) APPLETS.set(n, fn);
}

/** Implementation for argv[0] run directly by the container runtime (no shell involved). */
export function lookupProgram(name: string): CommandFn | undefined {
  return APPLETS.get(name) ?? BUILTINS.get(name);
}

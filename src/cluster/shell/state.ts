/**
 * Shell state: variables, positional parameters, functions, options, traps, control flow.
 * Subshells (`( )`, `$( )`, pipeline stages, `&` jobs) fork a copy so their changes stay local.
 */
import type { Node } from './ast';
import type { Fds } from './io';
import type { Proc, Thread } from './runtime';

/** Pending control transfer, checked after every command (cheaper than exceptions). */
export const CTL_BREAK = 1;
export const CTL_CONTINUE = 2;
export const CTL_RETURN = 3;
export const CTL_EXIT = 4;

export class Shell {
  vars: Map<string, string>;
  exported: Set<string>;
  readonlyVars: Set<string>;
  params: string[];
  arg0: string;
  funcs: Map<string, Node>;
  cwd: string;
  /** `$?` */
  status = 0;
  /** `$!` */
  lastBg = 0;
  ctl = 0;
  /** Loop count for break/continue, status for return/exit. */
  ctlN = 0;
  optE = false;
  optX = false;
  optU = false;
  pipefail = false;
  /** >0 while evaluating a condition (`if`, `while`, `&&` left side, `!`): `set -e` doesn't fire. */
  noErrexit = 0;
  loopDepth = 0;
  funcDepth = 0;
  /** Nesting of `.`/`source` (a top-level `return` ends the sourced file). */
  sourceDepth = 0;
  /** Saved values for `local`, one frame per function call. */
  locals: Map<string, string | undefined>[] = [];
  /** Signal name (TERM, INT, EXIT, ...) → handler text; '' = ignore. */
  traps = new Map<string, string>();
  /** 0 for the process's own shell; subshells are deeper and never run traps. */
  level = 0;
  interactive = false;
  /** Running a trap handler (handlers don't nest). */
  inTrap = false;
  /** Status of the last `$(...)` in the current command, -1 if none (for `x=$(false)`). */
  lastSubst = -1;
  /** Name used in error messages (busybox's arg0: `sh`, `/bin/sh`, or the script name). */
  errName: string;
  /** Base fds; `exec >file` replaces them. */
  io: Fds;

  constructor(
    readonly proc: Proc,
    public th: Thread,
    env: Record<string, string>,
    cwd: string,
    io: Fds,
    arg0 = 'sh',
  ) {
    this.vars = new Map(Object.entries(env));
    this.exported = new Set(this.vars.keys());
    this.readonlyVars = new Set();
    this.params = [];
    this.arg0 = arg0;
    this.errName = arg0;
    this.funcs = new Map();
    this.cwd = cwd;
    this.io = io;
    if (!this.vars.has('IFS')) this.vars.set('IFS', ' \t\n');
    if (!this.vars.has('PS1')) this.vars.set('PS1', '\\w \\$ ');
    if (!this.vars.has('PS2')) this.vars.set('PS2', '> ');
    this.vars.set('PWD', cwd);
    this.exported.add('PWD');
    this.vars.set('PPID', '0');
  }

  fork(th: Thread = this.th): Shell {
    const s = Object.create(Shell.prototype) as Shell;
    Object.assign(s, this);
    s.th = th;
    s.vars = new Map(this.vars);
    s.exported = new Set(this.exported);
    s.params = this.params.slice();
    s.funcs = new Map(this.funcs);
    s.locals = [];
    s.ctl = 0;
    s.ctlN = 0;
    s.level = this.level + 1;
    s.interactive = false;
    // Subshells reset caught signals to default but keep ignored ones.
    s.traps = new Map([...this.traps].filter(([, v]) => v === ''));
    return s;
  }

  get(name: string): string | undefined {
    return this.vars.get(name);
  }

  /** Returns an error message when the variable is read-only. */
  set(name: string, value: string): string | null {
    if (this.readonlyVars.has(name)) return `${name}: is read only`;
    this.vars.set(name, value);
    return null;
  }

  unset(name: string): string | null {
    if (this.readonlyVars.has(name)) return `${name}: is read only`;
    this.vars.delete(name);
    this.exported.delete(name);
    return null;
  }

  /** Environment passed to commands: exported variables. */
  env(): Record<string, string> {
    const e: Record<string, string> = {};
    for (const k of this.exported) {
      const v = this.vars.get(k);
      if (v !== undefined) e[k] = v;
    }
    return e;
  }

  get ifs(): string {
    return this.vars.get('IFS') ?? ' \t\n';
  }
}

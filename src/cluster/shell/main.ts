/**
 * Shell entry points: `sh -c`, `sh FILE`, the interactive prompt loop, scripts run by path, and
 * how a program name resolves against the image.
 */
import type { Node } from './ast';
import { APPLETS, BUILTINS, type CommandFn } from './commands/registry';
import type { Fds } from './io';
import { exec, runTrapAction, runTraps, setRunners } from './interp';
import { EOF, Parser, ShellSyntaxError } from './parser';
import { INTERRUPT, type Gen, type Proc, type Thread } from './runtime';
import { CTL_EXIT, Shell } from './state';
import type { ProcessHost } from './types';
import { FsError, resolvePath } from './vfs';

export const SHELLS = new Set(['sh', 'ash', 'bash']);
/** Builtins that also exist as standalone programs (so `kubectl exec pod -- echo hi` works). */
const PROGRAM_BUILTINS = new Set(['echo', 'printf', 'test', '[', '[[', 'true', 'false', 'kill', 'pwd']);
const BIN_DIRS = new Set(['/bin', '/sbin', '/usr/bin', '/usr/sbin', '/usr/local/bin', '/usr/local/sbin']);

const allAppletsCache = new WeakMap<ProcessHost, boolean>();
/**
 * Busybox images answer hasCommand() with yes for any name. Detect that with a name no image has,
 * so typos and non-busybox programs (bash!) are still "not found" there.
 */
function answersEverything(host: ProcessHost): boolean {
  let v = allAppletsCache.get(host);
  if (v === undefined) {
    v = host.hasCommand('podlab-no-such-binary-\u0001');
    allAppletsCache.set(host, v);
  }
  return v;
}

export type Program = { kind: 'shell' } | { kind: 'fn'; fn: CommandFn } | { kind: 'external' };

/** What running `name` from the image means, or null when the image lacks it. */
export function resolveProgram(host: ProcessHost, name: string): Program | null {
  const base = name.slice(name.lastIndexOf('/') + 1);
  if (base && host.hostPrograms?.includes(base)) return { kind: 'external' };
  if (!base || (!host.hasCommand(name) && !host.hasCommand(base))) return null;
  const every = answersEverything(host);
  if (SHELLS.has(base)) return base === 'bash' && every ? null : { kind: 'shell' };
  const fn = APPLETS.get(base) ?? (PROGRAM_BUILTINS.has(base) ? BUILTINS.get(base) : undefined);
  if (fn) return { kind: 'fn', fn };
  return every ? null : { kind: 'external' };
}

// ---- running scripts ---------------------------------------------------------------------

function syntaxError(sh: Shell, e: ShellSyntaxError): void {
  sh.io.err.write(`${sh.errName}: syntax error: ${e.detail}\n`);
}

/** Exit status of a finished shell, after its EXIT trap. */
function* finishShell(sh: Shell, st: number): Gen {
  let code = sh.ctl === CTL_EXIT ? sh.ctlN : st;
  const action = sh.traps.get('EXIT');
  if (action) {
    sh.traps.delete('EXIT');
    sh.ctl = 0;
    sh.status = code;
    yield* runTrapAction(sh, action);
    if (sh.ctl === CTL_EXIT) code = sh.ctlN;
  }
  return code;
}

/** Run script text the way ash runs `-c`: line by line, so a later syntax error comes after earlier output. */
export function* runScript(sh: Shell, src: string): Gen {
  const parser = new Parser(src);
  let st = 0;
  for (;;) {
    let node: Node | null | typeof EOF;
    try {
      node = parser.parseLine();
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      syntaxError(sh, e);
      sh.ctl = CTL_EXIT;
      sh.ctlN = 2;
      break;
    }
    if (node === EOF) break;
    if (node === null) continue;
    st = yield* exec(sh, node, sh.io);
    if (sh.proc.flags & 4 && sh.level === 0) yield* runTraps(sh);
    if (sh.ctl === CTL_EXIT) break;
    sh.ctl = 0; // stray break/continue/return at top level
  }
  return yield* finishShell(sh, st);
}

/** PS1/PS2 with busybox's escapes (\w \W \h \u \$) after parameter expansion. */
export function promptText(sh: Shell, which: 'PS1' | 'PS2'): string {
  const raw = sh.get(which) ?? '';
  const expanded = raw.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_m, n: string) => sh.get(n) ?? '');
  const host = sh.proc.host;
  const uid = host.user?.uid ?? 0;
  return expanded.replace(/\\([wWhHu$n\\])/g, (_m, c: string) => {
    switch (c) {
      case 'w': {
        const home = sh.get('HOME');
        if (home && home !== '/' && (sh.cwd === home || sh.cwd.startsWith(home + '/'))) return '~' + sh.cwd.slice(home.length);
        return sh.cwd;
      }
      case 'W':
        return sh.cwd === '/' ? '/' : sh.cwd.slice(sh.cwd.lastIndexOf('/') + 1);
      case 'h':
        return host.hostname.split('.')[0]!;
      case 'H':
        return host.hostname;
      case 'u':
        return uid === 0 ? 'root' : String(uid);
      case '$':
        return uid === 0 ? '#' : '$';
      case 'n':
        return '\n';
      default:
        return '\\';
    }
  });
}

/** Read commands from stdin; with a prompt when interactive. Ctrl-C abandons the current command. */
export function* repl(sh: Shell, interactive: boolean): Gen {
  const io = sh.io;
  let buf = '';
  for (;;) {
    if (interactive) io.out.write(promptText(sh, buf ? 'PS2' : 'PS1'));
    let line: string | null | undefined;
    try {
      while ((line = io.in.readLine()) === undefined) yield* sh.th.waitInput();
    } catch (e) {
      if (e !== INTERRUPT) throw e;
      buf = '';
      io.out.write('\n');
      sh.status = 130;
      continue;
    }
    if (line === null) break;
    buf += line.endsWith('\n') ? line : line + '\n';
    const nodes: Node[] = [];
    try {
      const p = new Parser(buf, 0, true);
      for (;;) {
        const n = p.parseLine();
        if (n === EOF) break;
        if (n) nodes.push(n);
      }
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      if (e.incomplete) continue; // keep reading with PS2
      syntaxError(sh, e);
      sh.status = 2;
      buf = '';
      if (!interactive) return 2;
      continue;
    }
    buf = '';
    for (const n of nodes) {
      try {
        yield* exec(sh, n, sh.io);
      } catch (e) {
        if (e !== INTERRUPT) throw e;
        io.out.write('\n');
        sh.status = 130;
        sh.ctl = sh.noErrexit = sh.loopDepth = sh.funcDepth = 0;
        sh.locals = [];
        sh.inTrap = false;
        break;
      }
      if (sh.proc.flags & 4) yield* runTraps(sh);
      if (sh.ctl === CTL_EXIT) return yield* finishShell(sh, sh.status);
      sh.ctl = 0;
    }
  }
  return yield* finishShell(sh, sh.status);
}

/**
 * `sh [-eux] [-c SCRIPT [NAME [ARGS...]] | FILE [ARGS...]]`. `parent` is the invoking shell when
 * run as a command inside a script (a child process: only exported variables carry over).
 */
export function* shellMain(proc: Proc, th: Thread, argv: string[], io: Fds, parent: Shell | null): Gen {
  const argv0 = argv[0] ?? 'sh';
  let i = 1;
  let cmd = false;
  let interactiveFlag = false;
  const opts: string[] = [];
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--' || a === '-') {
      i++;
      break;
    }
    if (!/^[-+][a-zA-Z]+$/.test(a)) break;
    for (const c of a.slice(1)) {
      if (c === 'c') cmd = true;
      else if (c === 'i') interactiveFlag = true;
      else if (c === 'o') i++;
      else if ('eux'.includes(c)) opts.push(a[0] + c);
    }
  }
  const host = proc.host;
  const env = parent ? parent.env() : host.env;
  const cwd = parent ? parent.cwd : host.cwd ?? '/';
  const sh = new Shell(proc, th, env, cwd, io, argv0);
  if (parent) sh.level = parent.level + 1;
  else proc.mainShell = sh;
  for (const o of opts) {
    const on = o[0] === '-';
    if (o[1] === 'e') sh.optE = on;
    else if (o[1] === 'u') sh.optU = on;
    else sh.optX = on;
  }
  const args = argv.slice(i);
  if (cmd) {
    const script = args[0];
    if (script === undefined) {
      io.err.write(`${argv0}: -c requires an argument\n`);
      return 2;
    }
    if (args.length > 1) sh.arg0 = sh.errName = args[1]!;
    sh.params = args.slice(2);
    return yield* runScript(sh, script);
  }
  if (args.length) {
    const file = args[0]!;
    let text: string;
    try {
      text = host.fs.readFile(resolvePath(cwd, file));
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
      io.err.write(`${argv0}: can't open '${file}': ${e.reason}\n`);
      return 2;
    }
    sh.arg0 = sh.errName = file;
    sh.params = args.slice(1);
    return yield* runScript(sh, text);
  }
  const interactive = interactiveFlag || (!parent && proc.tty);
  sh.interactive = interactive;
  if (interactive && !parent) proc.interactive = true;
  return yield* repl(sh, interactive);
}

// ---- programs by path and unsimulated programs -------------------------------------------

function* runByPath(sh: Shell, argv: string[], io: Fds): Gen {
  const path = argv[0]!;
  const host = sh.proc.host;
  const abs = resolvePath(sh.cwd, path);
  const node = host.fs.lookup(abs);
  const dir = abs.slice(0, abs.lastIndexOf('/')) || '/';
  const isScript = node?.kind === 'file' && (node.read ? node.read() : node.data).startsWith('#!');
  if (BIN_DIRS.has(dir) && !isScript) {
    const prog = resolveProgram(host, abs);
    if (prog) return yield* runProgram(sh, prog, argv, io);
  }
  if (!node) {
    io.err.write(`${sh.errName}: ${path}: not found\n`);
    return 127;
  }
  if (node.kind === 'dir' || !(node.mode & 0o111)) {
    io.err.write(`${sh.errName}: ${path}: Permission denied\n`);
    return 126;
  }
  const text = node.read ? node.read() : node.data;
  if (text.startsWith('#!')) {
    const [interp, ...iargs] = text.slice(2, (text.indexOf('\n') + 1 || text.length + 1) - 1).trim().split(/\s+/);
    let name = interp ?? '';
    let extra = iargs;
    if (name.endsWith('/env') && iargs.length) {
      name = iargs[0]!;
      extra = iargs.slice(1);
    }
    const prog = resolveProgram(host, name);
    if (!prog) {
      io.err.write(`${sh.errName}: ${path}: not found\n`);
      return 127;
    }
    return yield* runProgram(sh, prog, [name, ...extra, path, ...argv.slice(1)], io);
  }
  // No #!: the kernel refuses (ENOEXEC) and ash runs the file as a shell script itself.
  return yield* shellMain(sh.proc, sh.th, ['sh', path, ...argv.slice(1)], io, sh);
}

export function* runProgram(sh: Shell, prog: Program, argv: string[], io: Fds): Gen {
  if (prog.kind === 'shell') return yield* shellMain(sh.proc, sh.th, argv, io, sh);
  if (prog.kind === 'fn') {
    const r = prog.fn(sh, io, argv);
    return typeof r === 'number' ? r : yield* r;
  }
  // Programs the node implements (crictl on a node's root filesystem).
  const code = sh.proc.host.hostProgram?.(argv, { out: (t) => io.out.write(t), err: (t) => io.err.write(t) });
  if (code !== undefined) return code;
  return yield* idle(sh);
}

/** A program from the image we don't simulate (a server): it runs until signalled. */
export function* idle(sh: Shell): Gen {
  const r = yield* sh.th.waitForever();
  return r ? 128 + r : 0;
}

function* runExternal(sh: Shell, argv: string[], io: Fds): Gen {
  const prog = resolveProgram(sh.proc.host, argv[0]!);
  if (!prog) {
    io.err.write(`${sh.errName}: ${argv[0]}: not found\n`);
    return 127;
  }
  return yield* runProgram(sh, prog, argv, io);
}

setRunners(runByPath, runExternal);

/**
 * Shell builtins that change the shell itself (cd, export, set, trap, wait, eval, exec, read...).
 * They exist in every image that has a shell, whatever host.hasCommand says.
 */
import type { Node } from './ast';
import { BUILTINS, SPECIAL, builtin } from './commands/registry';
import { readLine } from './commands/util';
import { evalArith, ArithError } from './arith';
import type { Fds } from './io';
import { exec, runCommand } from './interp';
import { isName } from './lexer';
import { resolveProgram } from './main';
import { ShellSyntaxError, parseScript } from './parser';
import type { Gen } from './runtime';
import { CTL_BREAK, CTL_CONTINUE, CTL_EXIT, CTL_RETURN, type Shell } from './state';
import { FsError, resolvePath } from './vfs';

function quote(v: string): string {
  return `'${v.replace(/'/g, `'"'"'`)}'`;
}

function num(s: string): number | null {
  return /^\d+$/.test(s) ? Number(s) : null;
}

builtin(':', () => 0);

builtin(['cd', 'chdir'], (sh, io, argv) => {
  let dir = argv[1] === '-L' || argv[1] === '-P' ? argv[2] : argv[1];
  if (dir === undefined) dir = sh.get('HOME') ?? '/';
  const dash = dir === '-';
  if (dash) dir = sh.get('OLDPWD') ?? sh.cwd;
  const target = resolvePath(sh.cwd, dir);
  const node = sh.proc.host.fs.lookup(target);
  if (!node || node.kind !== 'dir') {
    const why = node ? 'Not a directory' : 'No such file or directory';
    io.err.write(`${sh.errName}: cd: can't cd to ${dir}: ${why}\n`);
    return 1;
  }
  sh.set('OLDPWD', sh.cwd);
  sh.cwd = target;
  sh.set('PWD', target);
  if (dash) io.out.write(target + '\n');
  return 0;
});

builtin('export', (sh, io, argv) => {
  const args = argv.slice(1).filter((a) => a !== '-p');
  if (args.length === 0) {
    for (const k of [...sh.exported].sort()) {
      const v = sh.vars.get(k);
      io.out.write(v === undefined ? `export ${k}\n` : `export ${k}=${quote(v)}\n`);
    }
    return 0;
  }
  let st = 0;
  for (const a of args) {
    const eq = a.indexOf('=');
    const name = eq < 0 ? a : a.slice(0, eq);
    if (!isName(name)) {
      io.err.write(`${sh.errName}: export: ${a}: bad variable name\n`);
      st = 1;
      continue;
    }
    if (eq >= 0) {
      const err = sh.set(name, a.slice(eq + 1));
      if (err) {
        io.err.write(`${sh.errName}: ${err}\n`);
        st = 1;
        continue;
      }
    }
    sh.exported.add(name);
  }
  return st;
});

builtin('readonly', (sh, io, argv) => {
  const args = argv.slice(1).filter((a) => a !== '-p');
  if (!args.length) {
    for (const k of [...sh.readonlyVars].sort()) io.out.write(`readonly ${k}=${quote(sh.vars.get(k) ?? '')}\n`);
    return 0;
  }
  for (const a of args) {
    const eq = a.indexOf('=');
    const name = eq < 0 ? a : a.slice(0, eq);
    if (eq >= 0) sh.set(name, a.slice(eq + 1));
    sh.readonlyVars.add(name);
  }
  return 0;
});

builtin('unset', (sh, io, argv) => {
  let fn = false;
  let st = 0;
  for (const a of argv.slice(1)) {
    if (a === '-f') fn = true;
    else if (a === '-v') fn = false;
    else if (fn) sh.funcs.delete(a);
    else {
      const err = sh.unset(a);
      if (err) {
        io.err.write(`${sh.errName}: ${err}\n`);
        st = 1;
      }
    }
  }
  return st;
});

const LONG_OPTS: Record<string, 'optE' | 'optX' | 'optU' | 'pipefail'> = { errexit: 'optE', xtrace: 'optX', nounset: 'optU', pipefail: 'pipefail' };

builtin('set', (sh, io, argv) => {
  if (argv.length === 1) {
    for (const k of [...sh.vars.keys()].sort()) io.out.write(`${k}=${quote(sh.vars.get(k)!)}\n`);
    return 0;
  }
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      i++;
      sh.params = argv.slice(i);
      return 0;
    }
    if (!/^[-+]/.test(a) || a.length < 2) break;
    const on = a[0] === '-';
    for (const c of a.slice(1)) {
      if (c === 'e') sh.optE = on;
      else if (c === 'x') sh.optX = on;
      else if (c === 'u') sh.optU = on;
      else if (c === 'o') {
        const name = argv[++i];
        if (name === undefined) {
          for (const [n, k] of Object.entries(LONG_OPTS)) io.out.write(`${n.padEnd(16)}${sh[k] ? 'on' : 'off'}\n`);
          return 0;
        }
        const k = LONG_OPTS[name];
        if (k) sh[k] = on;
        else if (!['monitor', 'noclobber', 'noglob', 'vi', 'emacs', 'allexport', 'notify', 'verbose'].includes(name)) {
          io.err.write(`${sh.errName}: set: illegal option -o ${name}\n`);
          return 1;
        }
      } else if (!'fmnvhaCbi'.includes(c)) {
        io.err.write(`${sh.errName}: set: illegal option -${c}\n`);
        return 1;
      }
    }
  }
  if (i < argv.length) sh.params = argv.slice(i);
  return 0;
});

builtin('exit', (sh, io, argv) => {
  let code = sh.status;
  if (argv[1] !== undefined) {
    const n = /^-?\d+$/.test(argv[1]) ? Number(argv[1]) : null;
    if (n === null) {
      io.err.write(`${sh.errName}: exit: Illegal number: ${argv[1]}\n`);
      code = 2;
    } else code = n & 255;
  }
  sh.ctl = CTL_EXIT;
  sh.ctlN = code;
  return code;
});

builtin('return', (sh, io, argv) => {
  const n = argv[1] === undefined ? sh.status : num(argv[1]);
  if (n === null) {
    io.err.write(`${sh.errName}: return: Illegal number: ${argv[1]}\n`);
    return 2;
  }
  // Outside a function (e.g. a sourced script or -c) return ends the script.
  sh.ctl = sh.funcDepth > 0 || sh.sourceDepth > 0 ? CTL_RETURN : CTL_EXIT;
  sh.ctlN = n & 255;
  return n & 255;
});

function loopJump(kind: number) {
  return (sh: Shell, io: Fds, argv: string[]): number => {
    const n = argv[1] === undefined ? 1 : num(argv[1]);
    if (n === null || n < 1) {
      io.err.write(`${sh.errName}: ${argv[0]}: Illegal number: ${argv[1]}\n`);
      return 1;
    }
    if (sh.loopDepth === 0) return 0;
    sh.ctl = kind;
    sh.ctlN = Math.min(n, sh.loopDepth);
    return 0;
  };
}
builtin('break', loopJump(CTL_BREAK));
builtin('continue', loopJump(CTL_CONTINUE));

builtin('shift', (sh, io, argv) => {
  const n = argv[1] === undefined ? 1 : num(argv[1]);
  if (n === null || n > sh.params.length) {
    io.err.write(`${sh.errName}: shift: can't shift that many\n`);
    return 1;
  }
  sh.params = sh.params.slice(n);
  return 0;
});

function* runText(sh: Shell, io: Fds, text: string): Gen {
  let node: Node | null;
  try {
    node = parseScript(text);
  } catch (e) {
    if (!(e instanceof ShellSyntaxError)) throw e;
    io.err.write(`${sh.errName}: syntax error: ${e.detail}\n`);
    return 2;
  }
  return node ? yield* exec(sh, node, io) : 0;
}

builtin('eval', (sh, io, argv) => runText(sh, io, argv.slice(1).join(' ')));

builtin(['.', 'source'], function* (sh, io, argv) {
  const file = argv[1];
  if (file === undefined) {
    io.err.write(`${sh.errName}: .: filename argument required\n`);
    return 2;
  }
  const fs = sh.proc.host.fs;
  const candidates = file.includes('/') ? [file] : [...(sh.get('PATH') ?? '').split(':').filter(Boolean).map((d) => `${d}/${file}`), file];
  let text: string | null = null;
  for (const c of candidates) {
    try {
      text = fs.readFile(resolvePath(sh.cwd, c));
      break;
    } catch (e) {
      if (!(e instanceof FsError)) throw e;
    }
  }
  if (text === null) {
    io.err.write(`${sh.errName}: .: can't open '${file}': No such file or directory\n`);
    return 2;
  }
  const params = sh.params;
  if (argv.length > 2) sh.params = argv.slice(2);
  sh.sourceDepth++;
  try {
    const st = yield* runText(sh, io, text);
    if (sh.ctl === CTL_RETURN && sh.funcDepth === 0) {
      sh.ctl = 0;
      return sh.ctlN;
    }
    return st;
  } finally {
    sh.sourceDepth--;
    if (argv.length > 2) sh.params = params;
  }
});

builtin('exec', function* (sh, io, argv) {
  if (argv.length === 1) {
    // `exec >file 2>&1`: the redirections (already applied to io) become the shell's own.
    sh.io = io;
    return 0;
  }
  const args = argv.slice(1);
  if (sh.level === 0) {
    // The shell is replaced: its traps are gone, and an image program gets its own signal handling.
    sh.traps.clear();
    const prog = BUILTINS.has(args[0]!) || sh.funcs.has(args[0]!) ? null : resolveProgram(sh.proc.host, args[0]!);
    if (prog?.kind === 'external') sh.proc.daemon = true;
  }
  const st = yield* runCommand(sh, args, io, true);
  sh.ctl = CTL_EXIT;
  sh.ctlN = st;
  return st;
});

builtin('command', function* (sh, io, argv) {
  let i = 1;
  let mode = '';
  while (argv[i]?.startsWith('-') && argv[i]!.length > 1) {
    if (argv[i] === '-v' || argv[i] === '-V') mode = argv[i]!;
    i++;
  }
  const args = argv.slice(i);
  if (!args.length) return 0;
  if (mode) {
    let st = 0;
    for (const n of args) {
      const d = describe(sh, n);
      if (!d) {
        if (mode === '-V') io.err.write(`${sh.errName}: command: ${n}: not found\n`);
        st = 127;
        continue;
      }
      io.out.write(mode === '-v' ? (d.path ?? n) + '\n' : d.text + '\n');
    }
    return mode === '-v' && st ? 1 : st;
  }
  return yield* runCommand(sh, args, io, true);
});

const KEYWORDS = new Set(['!', 'case', 'do', 'done', 'elif', 'else', 'esac', 'fi', 'for', 'if', 'in', 'then', 'until', 'while', '{', '}']);

function describe(sh: Shell, n: string): { text: string; path?: string } | null {
  if (KEYWORDS.has(n)) return { text: `${n} is a shell keyword` };
  if (sh.funcs.has(n)) return { text: `${n} is a function` };
  if (SPECIAL.has(n) && BUILTINS.has(n)) return { text: `${n} is a special shell builtin` };
  if (BUILTINS.has(n)) return { text: `${n} is a shell builtin` };
  if (n.includes('/')) return sh.proc.host.fs.lookup(resolvePath(sh.cwd, n)) ? { text: `${n} is ${n}`, path: n } : null;
  if (resolveProgram(sh.proc.host, n)) {
    const path = `/bin/${n}`;
    return { text: `${n} is ${path}`, path };
  }
  return null;
}

builtin('type', (sh, io, argv) => {
  let st = 0;
  for (const n of argv.slice(1)) {
    const d = describe(sh, n);
    if (d) io.out.write(d.text + '\n');
    else {
      io.out.write(`${n}: not found\n`);
      st = 127;
    }
  }
  return st;
});

builtin('read', function* (sh, io, argv) {
  let raw = false;
  let i = 1;
  for (; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '-r') raw = true;
    else if (a === '-p') io.err.write(argv[++i] ?? '');
    else if (a === '-t' || a === '-n' || a === '-u' || a === '-d') i++; // accepted, not modelled
    else if (a === '-s') continue;
    else if (a === '--') {
      i++;
      break;
    } else break;
  }
  const names = argv.slice(i);
  if (!names.length) names.push('REPLY');
  let text = '';
  let eof = false;
  for (;;) {
    const l = yield* readLine(sh, io.in);
    if (typeof l === 'number') return l;
    if (l === null) {
      eof = true;
      break;
    }
    const hasNl = l.endsWith('\n');
    let line = hasNl ? l.slice(0, -1) : l;
    if (!raw && line.endsWith('\\') && hasNl) {
      text += line.slice(0, -1);
      continue;
    }
    text += line;
    if (!hasNl) eof = true;
    break;
  }
  if (eof && text === '') {
    for (const n of names) sh.set(n, '');
    return 1;
  }
  const ifs = sh.ifs;
  const white = (c: string): boolean => (c === ' ' || c === '\t' || c === '\n') && ifs.includes(c);
  // Split on IFS, honouring backslash escapes unless -r; the last name takes the rest.
  let pos = 0;
  while (pos < text.length && white(text[pos]!)) pos++;
  for (let k = 0; k < names.length; k++) {
    let field = '';
    if (k === names.length - 1) {
      let rest = text.slice(pos);
      let end = rest.length;
      while (end > 0 && white(rest[end - 1]!)) end--;
      rest = rest.slice(0, end);
      field = raw ? rest : rest.replace(/\\(.)/g, '$1');
    } else {
      while (pos < text.length) {
        const c = text[pos]!;
        if (!raw && c === '\\' && pos + 1 < text.length) {
          field += text[pos + 1];
          pos += 2;
          continue;
        }
        if (ifs.includes(c)) break;
        field += c;
        pos++;
      }
      if (pos < text.length && !white(text[pos]!)) pos++;
      while (pos < text.length && white(text[pos]!)) pos++;
    }
    const err = sh.set(names[k]!, field);
    if (err) {
      io.err.write(`${sh.errName}: ${err}\n`);
      return 1;
    }
  }
  return eof ? 1 : 0;
});

const SIGNAMES: Record<string, string> = { '0': 'EXIT', '1': 'HUP', '2': 'INT', '3': 'QUIT', '9': 'KILL', '10': 'USR1', '12': 'USR2', '13': 'PIPE', '14': 'ALRM', '15': 'TERM', '17': 'CHLD' };
const KNOWN_SIGS = new Set(Object.values(SIGNAMES));

/** Canonical trap name (TERM, INT, EXIT...) or null. */
export function trapName(s: string): string | null {
  if (SIGNAMES[s]) return SIGNAMES[s]!;
  const u = s.toUpperCase().replace(/^SIG/, '');
  return KNOWN_SIGS.has(u) ? u : null;
}

builtin('trap', (sh, io, argv) => {
  const args = argv.slice(1);
  if (args[0] === '--') args.shift();
  if (args.length === 0) {
    for (const [sig, action] of sh.traps) io.out.write(`trap -- ${quote(action)} ${sig}\n`);
    return 0;
  }
  if (args[0] === '-l') {
    io.out.write(' 1) HUP\n 2) INT\n 3) QUIT\n 9) KILL\n10) USR1\n12) USR2\n13) PIPE\n14) ALRM\n15) TERM\n17) CHLD\n');
    return 0;
  }
  // A lone signal (or `-`) resets; otherwise the first operand is the action.
  let action: string | null;
  let sigs: string[];
  if (args.length === 1 || args[0] === '-') {
    action = null;
    sigs = args[0] === '-' ? args.slice(1) : args;
  } else {
    action = args[0]!;
    sigs = args.slice(1);
  }
  let st = 0;
  for (const s of sigs) {
    const name = trapName(s);
    if (!name) {
      io.err.write(`${sh.errName}: trap: ${s}: bad trap\n`);
      st = 1;
      continue;
    }
    if (action === null) sh.traps.delete(name);
    else sh.traps.set(name, action);
  }
  return st;
});

builtin('wait', function* (sh, io, argv) {
  const proc = sh.proc;
  const pids = argv.slice(1);
  if (pids.length === 0) {
    for (;;) {
      let running = false;
      for (const j of proc.jobs.values()) if (!j.done) running = true;
      if (!running) {
        proc.jobs.clear();
        return 0;
      }
      const r = yield* sh.th.waitJobs();
      if (r) return 128 + r;
    }
  }
  let st = 0;
  for (const p of pids) {
    const pid = p.startsWith('%') ? [...proc.jobs.keys()][Number(p.slice(1)) - 1] : Number(p);
    const job = pid === undefined ? undefined : proc.jobs.get(pid);
    if (!job) {
      io.err.write(`${sh.errName}: wait: pid ${p} is not a child of this shell\n`);
      st = 127;
      continue;
    }
    while (!job.done) {
      const r = yield* sh.th.waitJobs();
      if (r) return 128 + r;
    }
    st = job.status;
    proc.jobs.delete(job.pid);
  }
  return st;
});

builtin('jobs', (sh, io) => {
  let n = 0;
  for (const j of sh.proc.jobs.values()) {
    n++;
    const state = j.done ? (j.status ? `Done(${j.status})` : 'Done') : 'Running';
    io.out.write(`[${n}]${n === sh.proc.jobs.size ? '+' : ' '}  ${state.padEnd(26)} ${j.cmdline}\n`);
  }
  return 0;
});

builtin('local', (sh, io, argv) => {
  const frame = sh.locals[sh.locals.length - 1];
  if (!frame) {
    io.err.write(`${sh.errName}: local: not in a function\n`);
    return 1;
  }
  for (const a of argv.slice(1)) {
    const eq = a.indexOf('=');
    const name = eq < 0 ? a : a.slice(0, eq);
    if (!frame.has(name)) frame.set(name, sh.vars.get(name));
    if (eq >= 0) sh.set(name, a.slice(eq + 1));
  }
  return 0;
});

builtin('let', (sh, io, argv) => {
  let v = 0;
  try {
    for (const a of argv.slice(1)) v = evalArith(a, { get: (k) => sh.get(k), set: (k, x) => void sh.set(k, x) });
  } catch (e) {
    if (!(e instanceof ArithError)) throw e;
    io.err.write(`${sh.errName}: let: ${e.message}\n`);
    return 1;
  }
  return v ? 0 : 1;
});

builtin('hash', () => 0);
builtin('umask', (sh, io, argv) => {
  if (argv.length === 1) io.out.write('0022\n');
  return 0;
});
builtin('ulimit', (sh, io) => {
  io.out.write('unlimited\n');
  return 0;
});
builtin('times', (sh, io) => {
  const cpu = sh.proc.cpu / 1000;
  const m = Math.floor(cpu / 60);
  io.out.write(`${m}m${(cpu - m * 60).toFixed(2)}s 0m0.00s\n0m0.00s 0m0.00s\n`);
  return 0;
});

/**
 * Tree-walking interpreter. Every executor is a generator so any command can block on virtual
 * time; control flow (break/continue/return/exit) travels as flags on the Shell, not exceptions.
 */
import type { CaseNode, ForNode, IfNode, Node, PipeNode, Redir, SimpleNode, WhileNode } from './ast';
import { BUILTINS, SPECIAL } from './commands/registry';
import { ExpandError, expandPattern, expandString, expandWords, setSubstRunner } from './expand';
import { Capture, EMPTY_IN, FileOutput, FnOutput, NULL_OUT, StringInput, type Fds, type Input, type Output } from './io';
import { ShellSyntaxError, parseScript } from './parser';
import { globMatch } from './pattern';
import { CMD_CPU_MS, DEAD, INTERRUPT, SLICE_CMDS, type Gen } from './runtime';
import { CTL_BREAK, CTL_CONTINUE, CTL_EXIT, CTL_RETURN, type Shell } from './state';
import { FsError, resolvePath } from './vfs';

export function* exec(sh: Shell, n: Node, io: Fds): Gen {
  let st: number;
  switch (n.t) {
    case 'simple':
      return yield* execSimple(sh, n, io);
    case 'list': {
      st = 0;
      for (let i = 0; i < n.items.length; i++) {
        if (n.bg[i]) {
          st = startJob(sh, n.items[i]!, io, n.texts[i]!);
          continue;
        }
        const base = sh.io;
        st = yield* exec(sh, n.items[i]!, io);
        if (sh.ctl) return st;
        if (sh.io !== base && io === base) io = sh.io; // `exec >file` applies to the rest
      }
      return st;
    }
    case 'andor': {
      const last = n.rest.length - 1;
      sh.noErrexit++;
      st = yield* exec(sh, n.first, io);
      sh.noErrexit--;
      for (let i = 0; i <= last && !sh.ctl; i++) {
        if (n.ops[i] !== (st === 0)) continue;
        if (i < last) sh.noErrexit++;
        st = yield* exec(sh, n.rest[i]!, io);
        if (i < last) sh.noErrexit--;
      }
      return st;
    }
    case 'pipe':
      st = yield* execPipe(sh, n, io);
      break;
    case 'sub': {
      const r = yield* redirect(sh, n.redirs, io);
      if (!r) return (sh.status = 1);
      st = yield* subshell(sh.fork(), n.body, r);
      break;
    }
    case 'group': {
      const r = yield* redirect(sh, n.redirs, io);
      if (!r) return (sh.status = 1);
      return n.body ? yield* exec(sh, n.body, r) : 0;
    }
    case 'if':
      return yield* execIf(sh, n, io);
    case 'while':
      return yield* execWhile(sh, n, io);
    case 'for':
      return yield* execFor(sh, n, io);
    case 'case':
      return yield* execCase(sh, n, io);
    case 'func':
      sh.funcs.set(n.name, n.body);
      return (sh.status = 0);
  }
  sh.status = st;
  if (st !== 0 && sh.optE && sh.noErrexit === 0 && !sh.ctl && !(n.t === 'pipe' && n.bang)) {
    sh.ctl = CTL_EXIT;
    sh.ctlN = st;
  }
  return st;
}

/** Run a forked shell; its `exit` ends only the subshell. */
export function* subshell(sub: Shell, body: Node | null, io: Fds): Gen {
  if (!body) return 0;
  const st = yield* exec(sub, body, io);
  return sub.ctl === CTL_EXIT ? sub.ctlN : st;
}

function startJob(sh: Shell, node: Node, io: Fds, text: string): number {
  const sub = sh.fork();
  // Background jobs of a non-interactive shell read /dev/null (POSIX).
  const jio: Fds = { in: sh.interactive ? io.in : EMPTY_IN, out: io.out, err: io.err };
  const pid = sh.proc.spawnJob(text, (th) => {
    sub.th = th;
    return subshell(sub, node, jio);
  });
  sh.lastBg = pid;
  if (sh.interactive) io.err.write(`[${sh.proc.jobs.size}] ${pid}\n`);
  return (sh.status = 0);
}

function* execPipe(sh: Shell, n: PipeNode, io: Fds): Gen {
  if (n.bang) sh.noErrexit++;
  let input = io.in;
  let st = 0;
  let failed = 0;
  const last = n.cmds.length - 1;
  // Stages run one after another, each buffering its output for the next (no concurrent readers).
  for (let i = 0; i <= last; i++) {
    const out = i === last ? io.out : new Capture();
    st = yield* subshell(sh.fork(), n.cmds[i]!, { in: input, out, err: io.err });
    if (st) failed = st;
    if (i < last) input = new StringInput((out as Capture).text());
  }
  if (n.bang) {
    sh.noErrexit--;
    return st ? 0 : 1;
  }
  return sh.pipefail && failed ? failed : st;
}

function* execIf(sh: Shell, n: IfNode, io: Fds): Gen {
  const r = yield* redirect(sh, n.redirs, io);
  if (!r) return (sh.status = 1);
  for (let i = 0; i < n.conds.length; i++) {
    sh.noErrexit++;
    const c = yield* exec(sh, n.conds[i]!, r);
    sh.noErrexit--;
    if (sh.ctl) return c;
    if (c === 0) {
      const b = n.bodies[i];
      return b ? yield* exec(sh, b, r) : (sh.status = 0);
    }
  }
  return n.orelse ? yield* exec(sh, n.orelse, r) : (sh.status = 0);
}

/** After a loop body: 0 = next iteration, 1 = leave the loop (ctl may still propagate). */
function loopCtl(sh: Shell): number {
  if (sh.ctl === CTL_BREAK || sh.ctl === CTL_CONTINUE) {
    if (sh.ctlN > 1) {
      sh.ctlN--;
      return 1;
    }
    const brk = sh.ctl === CTL_BREAK;
    sh.ctl = 0;
    return brk ? 1 : 0;
  }
  return 1;
}

function* execWhile(sh: Shell, n: WhileNode, io: Fds): Gen {
  const r = yield* redirect(sh, n.redirs, io);
  if (!r) return (sh.status = 1);
  let st = 0;
  sh.loopDepth++;
  try {
    for (;;) {
      sh.noErrexit++;
      const c = yield* exec(sh, n.cond, r);
      sh.noErrexit--;
      if (sh.ctl) {
        if (loopCtl(sh)) break;
        continue;
      }
      if ((c === 0) === n.until) break;
      if (n.body) st = yield* exec(sh, n.body, r);
      if (sh.ctl && loopCtl(sh)) break;
    }
  } finally {
    sh.loopDepth--;
  }
  return (sh.status = st);
}

function* execFor(sh: Shell, n: ForNode, io: Fds): Gen {
  const r = yield* redirect(sh, n.redirs, io);
  if (!r) return (sh.status = 1);
  let items: string[];
  try {
    items = n.words ? yield* expandWords(sh, n.words, r) : sh.params.slice();
  } catch (e) {
    if (e instanceof ExpandError) return expandFailed(sh, e, r);
    throw e;
  }
  let st = 0;
  sh.loopDepth++;
  try {
    for (const v of items) {
      const err = sh.set(n.name, v);
      if (err) {
        r.err.write(`${sh.errName}: ${err}\n`);
        return (sh.status = 1);
      }
      if (n.body) st = yield* exec(sh, n.body, r);
      if (sh.ctl && loopCtl(sh)) break;
    }
  } finally {
    sh.loopDepth--;
  }
  return (sh.status = st);
}

function* execCase(sh: Shell, n: CaseNode, io: Fds): Gen {
  const r = yield* redirect(sh, n.redirs, io);
  if (!r) return (sh.status = 1);
  try {
    const w = yield* expandString(sh, n.word, r);
    for (const item of n.items) {
      for (const pw of item.pats) {
        const pat = yield* expandPattern(sh, pw, r);
        if (globMatch(pat, w)) return item.body ? yield* exec(sh, item.body, r) : (sh.status = 0);
      }
    }
  } catch (e) {
    if (e instanceof ExpandError) return expandFailed(sh, e, r);
    throw e;
  }
  return (sh.status = 0);
}

function expandFailed(sh: Shell, e: ExpandError, io: Fds): number {
  io.err.write(`${sh.errName}: ${e.message}\n`);
  if (!sh.interactive) {
    sh.ctl = CTL_EXIT;
    sh.ctlN = 2;
  }
  return (sh.status = 2);
}

/** Pending signals, kills and Ctrl-C are acted on between commands. */
export function* boundary(sh: Shell): Gen<void> {
  const p = sh.proc;
  if (p.exited) throw DEAD;
  if (p.flags & 2 && sh.th.killedWith >= 0) throw DEAD;
  if (p.flags & 8 && sh.th === p.main) {
    p.flags &= ~8;
    throw INTERRUPT;
  }
  if (p.flags & 4 && sh.level === 0 && !sh.inTrap) yield* runTraps(sh);
}

const trapCache = new Map<string, Node | null>();

/** Run handlers for signals caught since the last command; `$?` is preserved around them. */
export function* runTraps(sh: Shell): Gen<void> {
  const p = sh.proc;
  while (p.pendingTraps.length) {
    const sig = p.pendingTraps.shift()!;
    const action = sh.traps.get(sig);
    if (!action) continue;
    yield* runTrapAction(sh, action);
    if (sh.ctl === CTL_EXIT) break;
  }
  if (!p.pendingTraps.length) p.flags &= ~4;
}

export function* runTrapAction(sh: Shell, action: string): Gen<void> {
  let node = trapCache.get(action);
  if (node === undefined) {
    try {
      node = parseScript(action);
    } catch (e) {
      if (!(e instanceof ShellSyntaxError)) throw e;
      sh.io.err.write(`${sh.errName}: syntax error: ${e.detail}\n`);
      node = null;
    }
    trapCache.set(action, node);
  }
  if (!node) return;
  const saved = sh.status;
  sh.inTrap = true;
  try {
    yield* exec(sh, node, sh.io);
  } finally {
    sh.inTrap = false;
  }
  if (sh.ctl !== CTL_EXIT) sh.status = saved;
}

function* execSimple(sh: Shell, n: SimpleNode, io: Fds): Gen {
  const proc = sh.proc;
  if (proc.flags) {
    yield* boundary(sh);
    if (sh.ctl) return sh.status;
  }
  proc.cpu += CMD_CPU_MS;
  if (++sh.th.burst >= SLICE_CMDS) yield* sh.th.slice();
  let argv = n.argv;
  let assigns: string[] | null = null;
  let cio = io;
  sh.lastSubst = -1;
  try {
    if (argv === null) argv = yield* expandWords(sh, n.words, io);
    if (n.assigns.length) {
      assigns = [];
      for (const a of n.assigns) assigns.push(a.name, a.value.lit ?? (yield* expandString(sh, a.value, io)));
    }
    if (n.redirs.length) {
      const r = yield* redirect(sh, n.redirs, io);
      if (!r) return finish(sh, 1);
      cio = r;
    }
  } catch (e) {
    if (e instanceof ExpandError) return expandFailed(sh, e, io);
    throw e;
  }
  if (sh.optX) io.err.write(xtrace(assigns, argv));
  if (argv.length === 0) {
    let st = sh.lastSubst >= 0 ? sh.lastSubst : 0;
    if (assigns) {
      for (let i = 0; i < assigns.length; i += 2) {
        const err = sh.set(assigns[i]!, assigns[i + 1]!);
        if (err) {
          io.err.write(`${sh.errName}: ${err}\n`);
          st = 1;
        }
      }
    }
    return finish(sh, st);
  }
  const name = argv[0]!;
  // Assignments before a regular command only last for that command (and are exported to it).
  let saved: (string | boolean | undefined)[] | null = null;
  if (assigns) {
    const temp = !SPECIAL.has(name);
    if (temp) saved = [];
    for (let i = 0; i < assigns.length; i += 2) {
      const k = assigns[i]!;
      if (temp) saved!.push(k, sh.vars.get(k), sh.exported.has(k));
      const err = sh.set(k, assigns[i + 1]!);
      if (err) {
        io.err.write(`${sh.errName}: ${err}\n`);
        return finish(sh, 1);
      }
      if (temp) sh.exported.add(k);
    }
  }
  let st: number;
  try {
    st = yield* runCommand(sh, argv, cio);
  } finally {
    if (saved) {
      for (let i = 0; i < saved.length; i += 3) {
        const k = saved[i] as string;
        const v = saved[i + 1] as string | undefined;
        if (v === undefined) sh.vars.delete(k);
        else sh.vars.set(k, v);
        if (!saved[i + 2]) sh.exported.delete(k);
      }
    }
  }
  return finish(sh, st);
}

function finish(sh: Shell, st: number): number {
  sh.status = st;
  if (st !== 0 && sh.optE && sh.noErrexit === 0 && !sh.ctl) {
    sh.ctl = CTL_EXIT;
    sh.ctlN = st;
  }
  return st;
}

function shQuote(s: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function xtrace(assigns: string[] | null, argv: string[]): string {
  const parts: string[] = [];
  if (assigns) for (let i = 0; i < assigns.length; i += 2) parts.push(`${assigns[i]}=${shQuote(assigns[i + 1]!)}`);
  for (const a of argv) parts.push(shQuote(a));
  return `+ ${parts.join(' ')}\n`;
}

type ExternalRunner = (sh: Shell, argv: string[], io: Fds) => Gen;
let runPath: ExternalRunner;
let runExternal: ExternalRunner;
/** main.ts supplies how programs by path and from the image run (avoids an import cycle). */
export function setRunners(path: ExternalRunner, external: ExternalRunner): void {
  runPath = path;
  runExternal = external;
}

/** Look a command up the way ash does: special builtins, functions, builtins, then the image. */
export function* runCommand(sh: Shell, argv: string[], io: Fds, noFunctions = false): Gen {
  const name = argv[0]!;
  if (name.includes('/')) return yield* runPath(sh, argv, io);
  const special = SPECIAL.has(name);
  if (!special && !noFunctions) {
    const f = sh.funcs.get(name);
    if (f) return yield* callFunction(sh, f, argv, io);
  }
  const b = BUILTINS.get(name);
  if (b) {
    const r = b(sh, io, argv);
    return typeof r === 'number' ? r : yield* r;
  }
  return yield* runExternal(sh, argv, io);
}

/** Deep enough for real scripts; shallow enough that the JS stack never overflows. */
const MAX_FUNC_DEPTH = 200;

export function* callFunction(sh: Shell, body: Node, argv: string[], io: Fds): Gen {
  if (sh.funcDepth >= MAX_FUNC_DEPTH) {
    io.err.write(`${sh.errName}: ${argv[0]}: function nesting too deep\n`);
    sh.ctl = CTL_EXIT;
    sh.ctlN = 2;
    return 2;
  }
  const params = sh.params;
  sh.params = argv.slice(1);
  sh.funcDepth++;
  sh.locals.push(new Map());
  let st: number;
  try {
    st = yield* exec(sh, body, io);
  } finally {
    for (const [k, v] of sh.locals.pop()!) {
      if (v === undefined) sh.vars.delete(k);
      else sh.vars.set(k, v);
    }
    sh.params = params;
    sh.funcDepth--;
  }
  if (sh.ctl === CTL_RETURN) {
    sh.ctl = 0;
    st = sh.ctlN;
  }
  return st;
}

function* captureSubst(sh: Shell, body: Node | null, io: Fds): Gen<string> {
  const out = new Capture();
  const st = yield* subshell(sh.fork(), body, { in: io.in, out, err: io.err });
  sh.status = st;
  sh.lastSubst = st;
  return out.text();
}
setSubstRunner(captureSubst);

// ---- redirections ------------------------------------------------------------------------

/** Apply redirections to a copy of `io`; null (after printing the error) when one fails. */
export function* redirect(sh: Shell, redirs: Redir[], io: Fds): Gen<Fds | null> {
  if (redirs.length === 0) return io;
  const r: Fds = { in: io.in, out: io.out, err: io.err };
  for (const rd of redirs) {
    const op = rd.op;
    let target: string;
    try {
      target = yield* expandString(sh, rd.target, io);
    } catch (e) {
      if (e instanceof ExpandError) {
        expandFailed(sh, e, io);
        return null;
      }
      throw e;
    }
    if (op === '<<' || op === '<<-' || op === '<<<') {
      if (rd.fd === 0) r.in = new StringInput(op === '<<<' ? target + '\n' : target);
      continue;
    }
    if (op === '>&' || op === '<&') {
      if (target === '-') {
        setFd(r, rd.fd, NULL_OUT, EMPTY_IN);
        continue;
      }
      if (/^\d+$/.test(target)) {
        const n = Number(target);
        if (n > 2) {
          io.err.write(`${sh.errName}: ${target}: Bad file descriptor\n`);
          return null;
        }
        // Duplicating stdin onto an output (or vice versa) has nothing sensible to model.
        if (rd.fd !== 0 && n !== 0) setFd(r, rd.fd, n === 1 ? r.out : r.err, r.in);
        continue;
      }
      // `>&file` is bash's `&>file`
      const out = openOut(sh, target, false, r, io);
      if (!out) return null;
      r.out = r.err = out;
      continue;
    }
    if (op === '<' || op === '<>') {
      const inp = openIn(sh, target, io);
      if (!inp) return null;
      setFd(r, rd.fd, NULL_OUT, inp);
      continue;
    }
    const out = openOut(sh, target, op === '>>', r, io);
    if (!out) return null;
    if (op === '&>') r.out = r.err = out;
    else setFd(r, rd.fd, out, r.in);
  }
  return r;
}

function setFd(r: Fds, fd: number, out: Output, inp: Input): void {
  if (fd === 0) r.in = inp;
  else if (fd === 1) r.out = out;
  else if (fd === 2) r.err = out;
}

function openOut(sh: Shell, path: string, append: boolean, r: Fds, io: Fds): Output | null {
  if (path === '/dev/null') return NULL_OUT;
  if (path === '/dev/stdout') return r.out;
  if (path === '/dev/stderr') return r.err;
  if (path === '/dev/tty') return sh.proc.out;
  const host = sh.proc.host;
  const abs = resolvePath(sh.cwd, path);
  const dev = host.openDevice?.(abs);
  if (dev) return new FnOutput(dev);
  try {
    if (host.fs.isDir(abs)) throw new FsError('EISDIR', abs);
    host.fs.writeFile(abs, '', { append });
  } catch (e) {
    if (!(e instanceof FsError)) throw e;
    const why = e.code === 'ENOENT' ? 'nonexistent directory' : e.reason;
    io.err.write(`${sh.errName}: can't create ${path}: ${why}\n`);
    return null;
  }
  return new FileOutput(host.fs, abs);
}

function openIn(sh: Shell, path: string, io: Fds): Input | null {
  if (path === '/dev/null') return EMPTY_IN;
  if (path === '/dev/stdin') return io.in;
  try {
    return new StringInput(sh.proc.host.fs.readFile(resolvePath(sh.cwd, path)));
  } catch (e) {
    if (!(e instanceof FsError)) throw e;
    const why = e.code === 'ENOENT' ? 'no such file' : e.reason;
    io.err.write(`${sh.errName}: can't open ${path}: ${why}\n`);
    return null;
  }
}

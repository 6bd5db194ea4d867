/**
 * spawnProcess: turns a container's argv into a Process on virtual time. argv[0] is resolved
 * against the image like an OCI runtime would; a shell gets the interpreter, an applet runs directly.
 */
import './builtins';
import './commands/core';
import './commands/files';
import './commands/net';
import './commands/sed';
import './commands/system';
import './commands/text';
import type { Fds } from './io';
import { idle, resolveProgram, runProgram, shellMain, type Program } from './main';
import { Proc, Thread, type Gen } from './runtime';
import { Shell } from './state';
import type { Process, ProcessHost, Signal, SpawnOptions } from './types';
import { resolvePath } from './vfs';

/** argv[0] does not exist in the image: the runtime reports "executable file not found". */
export class CommandNotFound extends Error {
  constructor(readonly command: string) {
    super(`exec: "${command}": executable file not found in $PATH`);
  }
}

class ShellProcess implements Process {
  private readonly proc: Proc;
  private started = false;

  constructor(
    private readonly host: ProcessHost,
    private readonly opts: SpawnOptions,
    private readonly prog: Program | 'script',
  ) {
    this.proc = new Proc(host, opts.io, opts.pid ?? 1, opts.argv.join(' '), !!opts.tty, (code, sig) => opts.onExit(code, sig));
    if (opts.echo === false) this.proc.echo = false;
  }

  get pid(): number {
    return this.proc.pid;
  }

  get running(): boolean {
    return this.started && !this.proc.exited;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    const proc = this.proc;
    const th = new Thread(proc, proc.pid, proc.cmdline, this.host.now());
    proc.main = th;
    const io = proc.fds(this.opts.stdin ?? !!this.opts.tty);
    th.gen = this.main(th, io);
    proc.step(th, 0);
  }

  private *main(th: Thread, io: Fds): Gen {
    const argv = this.opts.argv;
    const prog = this.prog;
    if (prog === 'script') return yield* shellMain(this.proc, th, ['sh', ...argv], io, null);
    if (prog.kind === 'shell') return yield* shellMain(this.proc, th, argv, io, null);
    const sh = new Shell(this.proc, th, this.host.env, this.host.cwd ?? '/', io, argv[0]);
    if (prog.kind === 'external') {
      this.proc.daemon = true;
      return yield* idle(sh);
    }
    return yield* runProgram(sh, prog, argv, io);
  }

  writeStdin(text: string): void {
    this.proc.writeStdin(text);
  }

  closeStdin(): void {
    this.proc.closeStdin();
  }

  signal(sig: Signal): void {
    if (this.started) this.proc.signal(sig);
  }

  cpuMs(): number {
    return this.proc.cpu;
  }
}

/** Create (not start) the process for argv; throws CommandNotFound when the image lacks argv[0]. */
export function spawnProcess(host: ProcessHost, opts: SpawnOptions): Process {
  const name = opts.argv[0];
  if (!name) throw new CommandNotFound('');
  const prog = resolveProgram(host, name);
  if (prog) return new ShellProcess(host, opts, prog);
  if (name.includes('/')) {
    // An executable script in the container (e.g. mounted from a ConfigMap with defaultMode 0755).
    const node = host.fs.lookup(resolvePath(host.cwd ?? '/', name));
    if (node?.kind === 'file' && node.mode & 0o111) {
      const text = node.read ? node.read() : node.data;
      const interp = text.startsWith('#!') ? text.slice(2).trim().split(/\s+/)[0] ?? '' : 'sh';
      const ip = resolveProgram(host, interp.endsWith('/env') ? text.slice(2).trim().split(/\s+/)[1] ?? '' : interp);
      if (ip?.kind === 'shell') return new ShellProcess(host, opts, 'script');
    }
  }
  throw new CommandNotFound(name);
}

/**
 * Process core: green threads over generators on the virtual clock. A thread runs synchronously
 * until its generator yields a wait code (timer, stdin, jobs, forever); the clock or stdin resumes
 * it. One Proc is one container process; `&` jobs are extra threads sharing its output.
 */
import type { Fds, Input, Output } from './io';
import type { Shell } from './state';
import type { ProcessHost, ProcessIO, Signal } from './types';

/** Interpreter coroutines yield wait codes and are resumed with 0, or a signal number if interrupted. */
export type Gen<T = number> = Generator<number, T, number>;

export const W_TIMER = 1;
export const W_INPUT = 2;
export const W_JOBS = 3;
export const W_FOREVER = 4;

/** Thrown through generator frames when the process or job was killed. */
export const DEAD = { dead: true } as const;
/** Interactive Ctrl-C: unwinds to the prompt. */
export const INTERRUPT = { interrupt: true } as const;

export const SIGNO: Record<Signal, number> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };

/** Virtual CPU per executed command, and the busy-loop slice after which a thread must yield. */
export const CMD_CPU_MS = 0.01;
export const SLICE_CMDS = 1000;
export const SLICE_MS = 10;

export class Thread {
  gen: Gen | null = null;
  wakeAt = 0;
  /** W_* code while blocked, 0 while runnable/running. */
  waiting = 0;
  running = false;
  done = false;
  /** Exit status once done (jobs). */
  status = 0;
  /** Set when killed while running; the next command boundary unwinds. */
  killedWith = -1;
  /** Commands since the thread last blocked. */
  burst = 0;
  cancel: (() => void) | null = null;
  readonly wake = (): void => {
    this.cancel = null;
    this.proc.step(this, 0);
  };

  constructor(
    readonly proc: Proc,
    readonly pid: number,
    readonly cmdline: string,
    readonly startedAt: number,
  ) {}

  /** Block until virtual time `at`; returns 0, or the signal number that interrupted the wait. */
  *sleepUntil(at: number): Gen {
    if (at <= this.proc.host.now()) return 0;
    this.wakeAt = at;
    return yield W_TIMER;
  }

  *waitInput(): Gen {
    return yield W_INPUT;
  }

  *waitJobs(): Gen {
    return yield W_JOBS;
  }

  *waitForever(): Gen {
    return yield W_FOREVER;
  }

  /** Give up the CPU after a busy burst: other processes run, virtual time moves on. */
  *slice(): Gen {
    // CFS quota: with limits.cpu below one core the burst's 10 ms of CPU takes longer wall time.
    const limit = this.proc.host.cpuLimitMilli;
    this.wakeAt = this.proc.host.now() + (limit && limit < 1000 ? Math.ceil((SLICE_MS * 1000) / limit) : SLICE_MS);
    yield W_TIMER;
    return 0;
  }
}

/** The process's stdin: bytes from writeStdin, line-disciplined by Proc when a tty. */
export class StdinBuffer implements Input {
  data = '';
  closed = false;
  /** Ctrl-D on an empty tty line: one EOF for the current reader. */
  eofMark = false;
  readLine(): string | null | undefined {
    const nl = this.data.indexOf('\n');
    if (nl >= 0) {
      const line = this.data.slice(0, nl + 1);
      this.data = this.data.slice(nl + 1);
      return line;
    }
    // A partial line is only complete once input ends.
    return this.closed || this.eofMark ? this.read() : undefined;
  }
  read(): string | null | undefined {
    if (this.data) {
      const d = this.data;
      this.data = '';
      return d;
    }
    if (this.eofMark) {
      this.eofMark = false;
      return null;
    }
    return this.closed ? null : undefined;
  }
}

export class Proc {
  cpu = 0;
  exited = false;
  /** Any of these needs the interpreter's attention at the next command boundary. */
  flags = 0;
  main: Thread | null = null;
  /** The top-level shell (traps live there); null for a plain applet process. */
  mainShell: Shell | null = null;
  interactive = false;
  /** An image program we don't simulate: it idles and exits 0 on TERM/INT, like most servers. */
  daemon = false;
  readonly pendingTraps: string[] = [];
  readonly jobs = new Map<number, Thread>();
  readonly stdin = new StdinBuffer();
  private inputWaiters: Thread[] = [];
  private lastPid: number;
  readonly out: Output;
  readonly err: Output;
  /** Line being typed on the tty (canonical mode). */
  private ttyLine = '';
  private escape = 0;
  /** Echo typed input (a real tty does); off when the client edits and echoes lines itself. */
  echo = true;

  constructor(
    readonly host: ProcessHost,
    readonly io: ProcessIO,
    readonly pid: number,
    /** Command line as ps shows it. */
    readonly cmdline: string,
    readonly tty: boolean,
    private readonly onExit: (code: number, signal?: Signal) => void,
  ) {
    this.lastPid = pid;
    this.out = { write: (s) => this.exited || io.stdout(s), tty };
    this.err = { write: (s) => this.exited || io.stderr(s), tty };
  }

  fds(stdinOpen: boolean): Fds {
    if (!stdinOpen) this.stdin.closed = true;
    return { in: this.stdin, out: this.out, err: this.err };
  }

  /** Resume a thread. v: 0 or the interrupting signal; exc: thrown into it instead. */
  step(th: Thread, v: number, exc?: object): void {
    if (th.done || this.exited || th.running) return;
    if (th.cancel) {
      th.cancel();
      th.cancel = null;
    }
    if (th.waiting === W_INPUT) this.inputWaiters = this.inputWaiters.filter((t) => t !== th);
    th.waiting = 0;
    th.running = true;
    let r: IteratorResult<number, number>;
    try {
      r = exc !== undefined ? th.gen!.throw(exc) : th.gen!.next(v);
    } catch (e) {
      th.running = false;
      if (e === DEAD) {
        this.flags &= ~2;
        if (!this.exited && th !== this.main) this.threadDone(th, th.killedWith);
        return;
      }
      if (e === INTERRUPT) return this.threadDone(th, 130);
      // A bug in the interpreter must not take the cluster down: report it like a crashing program.
      this.err.write(`sh: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      if (th === this.main) this.finish(2);
      else this.threadDone(th, 2);
      return;
    }
    th.running = false;
    if (this.exited || th.done) return;
    if (r.done) {
      this.threadDone(th, r.value);
      return;
    }
    th.burst = 0;
    th.waiting = r.value;
    if (r.value === W_TIMER) th.cancel = this.host.schedule(th.wakeAt, th.wake);
    else if (r.value === W_INPUT) this.inputWaiters.push(th); // readers check the buffer right before waiting
  }

  /** Interrupt a blocked thread with a signal number (its wait returns it). */
  interrupt(th: Thread, signo: number): void {
    if (!th.running && th.waiting && !th.done) this.step(th, signo);
  }

  private threadDone(th: Thread, status: number): void {
    th.done = true;
    th.status = status;
    th.gen = null;
    if (th === this.main) {
      this.finish(status);
      return;
    }
    for (const t of [this.main, ...this.jobs.values()]) {
      if (t && t.waiting === W_JOBS) this.step(t, 0);
    }
  }

  /** The process ends: every thread stops, the runtime is told once. */
  finish(code: number, signal?: Signal): void {
    if (this.exited) return;
    this.exited = true;
    this.flags |= 1;
    for (const t of [this.main, ...this.jobs.values()]) {
      if (!t) continue;
      t.cancel?.();
      t.cancel = null;
      t.done = true;
    }
    this.inputWaiters = [];
    this.onExit(code, signal);
  }

  allocPid(): number {
    const fromHost = this.host.allocPid?.();
    if (fromHost !== undefined) return fromHost;
    let max = this.lastPid;
    for (const p of this.host.listProcesses()) max = Math.max(max, p.pid);
    this.lastPid = max + 1;
    return this.lastPid;
  }

  /** Start `&` job; it first runs once the parent blocks (at the same virtual time). */
  spawnJob(text: string, make: (th: Thread) => Gen): number {
    if (this.jobs.size >= 256) {
      // Never-waited-for jobs: forget finished ones (a real shell's table is bounded too).
      for (const [pid, j] of this.jobs) if (j.done) this.jobs.delete(pid);
    }
    const th = new Thread(this, this.allocPid(), text, this.host.now());
    th.gen = make(th);
    this.jobs.set(th.pid, th);
    th.waiting = W_TIMER;
    th.cancel = this.host.schedule(this.host.now(), th.wake);
    return th.pid;
  }

  /** Default signal action on a job (subshells reset traps; they are never PID 1). */
  signalJob(th: Thread, sig: Signal): void {
    if (th.done) return;
    const code = 128 + SIGNO[sig];
    if (th.running) {
      th.killedWith = code;
      this.flags |= 2;
      return;
    }
    th.cancel?.();
    th.cancel = null;
    if (th.waiting === W_INPUT) this.inputWaiters = this.inputWaiters.filter((t) => t !== th);
    th.waiting = 0;
    this.threadDone(th, code);
  }

  /** External signal delivery (Process.signal). */
  signal(sig: Signal): void {
    if (this.exited) return;
    const n = SIGNO[sig];
    if (sig === 'SIGKILL') return this.finish(137, 'SIGKILL');
    const trap = this.mainShell?.traps.get(sig.slice(3));
    if (trap !== undefined) {
      if (trap === '') return; // trap '' SIG: ignored
      this.pendingTraps.push(sig.slice(3));
      this.flags |= 4;
      if (this.main) this.interrupt(this.main, n);
      return;
    }
    if (this.interactive) {
      if (sig === 'SIGINT') this.interruptForeground();
      else if (sig === 'SIGHUP') this.finish(129, sig);
      return; // interactive shells ignore SIGTERM
    }
    if (this.daemon) return this.finish(0);
    if (this.pid === 1) return; // PID 1 has no default signal actions
    this.finish(128 + n, sig);
  }

  /** Ctrl-C in an interactive shell: abandon the foreground command. */
  private interruptForeground(): void {
    const m = this.main;
    if (!m) return;
    if (m.running) this.flags |= 8;
    else if (m.waiting) this.step(m, 0, INTERRUPT);
  }

  // ---- stdin -------------------------------------------------------------------------------

  writeStdin(text: string): void {
    if (this.exited || this.stdin.closed) return;
    if (!this.tty) this.stdin.data += text;
    else this.lineDiscipline(text);
    this.wakeInput();
  }

  closeStdin(): void {
    if (this.exited) return;
    if (this.ttyLine) this.stdin.data += this.ttyLine;
    this.ttyLine = '';
    this.stdin.closed = true;
    this.wakeInput();
  }

  private wakeInput(): void {
    const ws = this.inputWaiters;
    this.inputWaiters = [];
    for (const t of ws) this.step(t, 0);
  }

  /** Canonical tty mode: echo, erase, Enter completes a line, ^C interrupts, ^D ends input. */
  private lineDiscipline(text: string): void {
    let echo = '';
    for (const ch of text) {
      if (this.escape) {
        // Drop cursor-key escape sequences (ESC [ ... final) instead of echoing garbage.
        if (this.escape === 1) this.escape = ch === '[' || ch === 'O' ? 2 : 0;
        else if (ch >= '@' && ch <= '~') this.escape = 0;
        continue;
      }
      if (ch === '\r' || ch === '\n') {
        echo += '\n';
        this.stdin.data += this.ttyLine + '\n';
        this.ttyLine = '';
      } else if (ch === '\x7f' || ch === '\b') {
        if (this.ttyLine) {
          this.ttyLine = this.ttyLine.slice(0, -1);
          echo += '\b \b';
        }
      } else if (ch === '\x03') {
        echo += '^C';
        this.ttyLine = '';
        if (this.echo) this.out.write(echo);
        echo = '';
        this.signal('SIGINT');
      } else if (ch === '\x04') {
        if (this.ttyLine) {
          this.stdin.data += this.ttyLine;
          this.ttyLine = '';
        } else this.stdin.eofMark = true;
      } else if (ch === '\x1b') this.escape = 1;
      else if (ch >= ' ' || ch === '\t') {
        this.ttyLine += ch;
        echo += ch;
      }
    }
    if (echo && this.echo) this.out.write(echo);
  }
}

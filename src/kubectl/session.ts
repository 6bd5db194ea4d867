/**
 * The lab terminal's command line (a tiny host shell): `kubectl …` (and the `k` alias), plus
 * `clear`, `history`, `ls`, `cat FILE`, `echo`, `help`. Pure: the page's xterm and `podlab run`
 * both drive it, so the transcript a scenario prints is what a learner sees.
 */
import type { Cluster } from '../cluster/cluster';
import type { FileStore, KubectlContext } from './context';
import type { Running } from './io';
import { tokenize } from './io';
import { runKubectl } from './kubectl';
import { openNodeShell } from './node-shell';

export interface SessionEvents {
  /** Text for the screen (stdout and stderr interleaved, as a terminal shows them). */
  write(text: string): void;
  /** `clear` was typed. */
  clear?(): void;
  /** The running command finished; the prompt may return. */
  idle?(code: number): void;
}

export class TerminalSession {
  readonly history: string[] = [];
  private running: Running | null = null;
  private lastCode = 0;
  namespace = 'default';

  constructor(
    private readonly cluster: Cluster,
    private readonly files: FileStore,
    private readonly ev: SessionEvents,
  ) {}

  get busy(): boolean {
    return this.running !== null;
  }

  /** True while an interactive container shell (exec -it) owns the terminal. */
  interactive = false;

  get exitCode(): number {
    return this.lastCode;
  }

  /** Run one typed line. Returns true if the command finished synchronously. */
  runLine(line: string): boolean {
    if (this.running) {
      this.running.input?.(line + '\n');
      return false;
    }
    const trimmed = line.trim();
    if (trimmed) this.history.push(trimmed);
    if (!trimmed || trimmed.startsWith('#')) return this.finish(0);
    const t = tokenize(trimmed);
    if ('error' in t) {
      this.ev.write(`bash: ${t.error}\n`);
      return this.finish(2);
    }
    const [cmd, ...args] = t.tokens;
    if (trimmed.includes('|')) {
      this.ev.write('bash: pipes are not supported in this lab terminal; run the command on its own\n');
      return this.finish(1);
    }
    switch (cmd) {
      case 'kubectl':
      case 'k':
        return this.kubectl(args);
      case 'ssh':
        return this.ssh(args);
      case 'clear':
        this.ev.clear?.();
        return this.finish(0);
      case 'history':
        this.ev.write(this.history.map((h, i) => `${String(i + 1).padStart(5)}  ${h}\n`).join(''));
        return this.finish(0);
      case 'ls':
        this.ev.write(this.files.list().join('  ') + (this.files.list().length ? '\n' : ''));
        return this.finish(0);
      case 'cat': {
        let code = 0;
        for (const f of args) {
          const text = this.files.read(f.replace(/^\.\//, ''));
          if (text === undefined) {
            this.ev.write(`cat: ${f}: No such file or directory\n`);
            code = 1;
          } else this.ev.write(text.endsWith('\n') || !text ? text : text + '\n');
        }
        return this.finish(code);
      }
      case 'echo':
        this.ev.write(args.join(' ') + '\n');
        return this.finish(0);
      case 'help':
        this.ev.write('This terminal talks to the lab\'s cluster. Try:\n  kubectl get pods\n  kubectl apply -f <file>     (files are the tabs of the YAML panel; `ls` lists them)\n  kubectl describe pod <name>\n  kubectl logs <pod> [-c <container>]\n  ssh <node>                  (a root shell on a node: systemctl stop|start kubelet, crictl; `exit` returns)\nAlso: clear, history, ls, cat <file>, echo. Ctrl-C stops a running command.\n');
        return this.finish(0);
      default:
        this.ev.write(`bash: ${cmd}: command not found\n`);
        return this.finish(127);
    }
  }

  private kubectl(args: string[]): boolean {
    let finished = false;
    let code = 0;
    const ctx: KubectlContext = {
      cluster: this.cluster,
      files: this.files,
      namespace: this.namespace,
      io: { out: (t) => this.ev.write(t), err: (t) => this.ev.write(t) },
      done: (c) => {
        if (finished) return;
        finished = true;
        code = c;
        if (this.running) {
          this.running = null;
          this.interactive = false;
          this.finish(c);
        }
      },
    };
    let r;
    try {
      r = runKubectl(args, ctx);
    } catch (e) {
      // A bug in the model must not take the terminal down with it.
      this.ev.write(`error: podlab internal error: ${(e as Error).message}\n`);
      return this.finish(1);
    }
    if (r.running && !finished) {
      this.running = r.running;
      this.interactive = !!r.running.input && args.some((a) => /^-[a-z]*t|^--tty/.test(a)) && args.some((a) => /^-[a-z]*i|^--stdin/.test(a));
      return false;
    }
    return this.finish(r.code ?? code);
  }

  /** `ssh node01`: a root shell on a cluster node (node-shell.ts), interactive like exec -it. */
  private ssh(args: string[]): boolean {
    const host = args.filter((a) => !a.startsWith('-')).pop()?.replace(/^.*@/, '');
    if (!host) {
      this.ev.write('usage: ssh [user@]hostname\n');
      return this.finish(255);
    }
    if (!this.cluster.kubelets.has(host)) {
      this.ev.write(`ssh: Could not resolve hostname ${host}: Name or service not known\n`);
      return this.finish(255);
    }
    this.interactive = true;
    this.running = openNodeShell(this.cluster, host, (t) => this.ev.write(t), (code) => {
      this.running = null;
      this.interactive = false;
      this.finish(code);
    });
    return false;
  }

  private finish(code: number): boolean {
    this.lastCode = code;
    this.ev.idle?.(code);
    return true;
  }

  /** Ctrl-C. */
  interrupt(): void {
    if (this.running) this.running.interrupt();
  }

  /** Ctrl-D inside an interactive session. */
  eof(): void {
    this.running?.input?.('\u0004');
  }
}

/**
 * Lifecycle hook and probe handlers run inside a container: exec (a process in the container's
 * namespaces), httpGet (from the node to the pod IP), sleep. Results come back on virtual time.
 */
import type { Network } from '../network';
import type { VirtualClock } from '../clock';

export interface HandlerResult {
  ok: boolean;
  /** Output or error text (exec output, HTTP error). */
  message: string;
}

export interface HandlerEnv {
  clock: VirtualClock;
  network: Network;
  namespace: string;
  podIP: string;
  /** Resolve a named port against the container's ports. */
  port(p: number | string): number | undefined;
  /** Run argv in the container; calls back with exit code and combined output. */
  exec(argv: string[], done: (code: number, output: string) => void): { kill(): void } | null;
}

export function runHandler(h: any, env: HandlerEnv, timeoutMs: number, done: (r: HandlerResult) => void): void {
  let finished = false;
  const finish = (r: HandlerResult) => {
    if (finished) return;
    finished = true;
    env.clock.cancel(timer);
    done(r);
  };
  let timer: number | null = null;
  if (h?.exec) {
    const p = env.exec(h.exec.command ?? [], (code, output) => finish({ ok: code === 0, message: output }));
    if (!p) return finish({ ok: false, message: `command '${(h.exec.command ?? []).join(' ')}' exited with 126: ` });
    timer = env.clock.after(timeoutMs, () => {
      p.kill();
      finish({ ok: false, message: `command '${(h.exec.command ?? []).join(' ')}' timed out` });
    });
    return;
  }
  if (h?.httpGet) {
    const g = h.httpGet;
    const port = env.port(g.port);
    const host = g.host || env.podIP;
    const url = `${(g.scheme ?? 'HTTP').toLowerCase()}://${host}:${port ?? g.port}${g.path ?? '/'}`;
    const r = port !== undefined ? env.network.http(host, port, { method: 'GET', path: g.path ?? '/', userAgent: 'kube-lifecycle/1.36' }) : null;
    const after = Math.max(1, Math.round(r?.latencyMs ?? 1));
    timer = env.clock.after(Math.min(after, timeoutMs), () => {
      timer = null;
      if (!r || r.error) finish({ ok: false, message: `Get "${url}": dial tcp ${host}:${port ?? g.port}: connect: connection refused` });
      else if (r.status >= 200 && r.status < 400) finish({ ok: true, message: '' });
      else finish({ ok: false, message: `HTTP lifecycle hook (${g.path ?? '/'}) for Container in Pod failed with status ${r.status}` });
    });
    return;
  }
  if (h?.sleep) {
    timer = env.clock.after(Math.min(Number(h.sleep.seconds ?? 0) * 1000, timeoutMs), () => finish({ ok: true, message: '' }));
    return;
  }
  finish({ ok: false, message: 'unknown handler' });
}

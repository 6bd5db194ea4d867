/**
 * pkg/kubelet/prober/prober.go (probe, runProbeWithRetries, the prober actions) and the
 * pkg/probe/{exec,http,tcp,grpc} result mapping, driven through the kubelet's ProbeRunner.
 */
import type { Container, Probe } from 'kubernetes-types/core/v1';
import type { ProberCallbacks, ProberClock, ProbeRunner, ProbeType, HttpOutcome } from './types';
import {
  MAX_OUTPUT,
  canonicalHeaderKey,
  execTimeoutText,
  expandCommandOnlyStatic,
  formatURL,
  grpcErrorText,
  grpcStatusText,
  httpErrorText,
  httpRedirectWarningText,
  httpStatusFailureText,
  joinHostPort,
  resolveContainerPort,
  tcpErrorText,
} from './texts';

/** pkg/probe/probe.go Result (its %s form is what "errored and resulted in %s state" prints). */
export type ProbeOutcome = 'success' | 'warning' | 'failure' | 'unknown';

/** One run of a prober action: (result, output, err). */
type ActionDone = (result: ProbeOutcome, output: string, err?: string) => void;
type Action = (done: ActionDone) => void;

const maxProbeRetries = 3;

export const probeTypeName: Record<ProbeType, string> = { liveness: 'Liveness', readiness: 'Readiness', startup: 'Startup' };

export function probeTimeoutSeconds(p: Probe): number {
  return p.timeoutSeconds ?? 1;
}

export class Prober {
  constructor(
    private readonly clock: ProberClock,
    private readonly runner: ProbeRunner,
    private readonly cb: ProberCallbacks,
    private readonly userAgent: string,
  ) {}

  /**
   * prober.probe: run the action (retrying only on errors), record the Unhealthy / ProbeWarning
   * event, and report results.Success / results.Failure (+ err, which makes the worker discard it).
   */
  probe(type: ProbeType, container: Container, spec: Probe, podIP: string, done: (r: 'Success' | 'Failure', err?: string) => void): void {
    const action = this.newAction(container, spec, podIP);
    const T = probeTypeName[type];
    let attempt = 0;
    const run = () => {
      attempt++;
      action((result, output, err) => {
        if (err !== undefined && attempt < maxProbeRetries) {
          run();
          return;
        }
        if (err !== undefined) {
          this.cb.event(container.name, 'Warning', 'Unhealthy', `${T} probe errored and resulted in ${result} state: ${err}`);
          done('Failure', err);
          return;
        }
        switch (result) {
          case 'success':
            done('Success');
            return;
          case 'warning':
            this.cb.event(container.name, 'Warning', 'ProbeWarning', `${T} probe warning: ${output}`);
            done('Success');
            return;
          case 'failure':
            this.cb.event(container.name, 'Warning', 'Unhealthy', `${T} probe failed: ${output}`);
            done('Failure');
            return;
          default:
            // probe.Unknown without an error: no event.
            done('Failure');
        }
      });
    };
    run();
  }

  private newAction(c: Container, p: Probe, podIP: string): Action {
    const timeoutSeconds = probeTimeoutSeconds(p);
    const timeoutMs = timeoutSeconds * 1000;
    if (p.exec) {
      const command = expandCommandOnlyStatic(p.exec.command ?? [], c.env);
      return (done) =>
        this.runner.exec(c.name, command, timeoutMs, (r) => {
          if (r.timedOut) return done('failure', execTimeoutText(command, timeoutSeconds));
          if (r.error !== undefined) return done('unknown', '', r.error);
          const output = r.output.slice(0, MAX_OUTPUT);
          done(r.exitCode === 0 ? 'success' : 'failure', output);
        });
    }
    if (p.httpGet) {
      const g = p.httpGet;
      return (done) => {
        const port = resolveContainerPort(g.port, c);
        if ('err' in port) return done('unknown', '', port.err);
        const scheme = (g.scheme ?? '').toLowerCase() || 'http';
        const host = g.host || podIP;
        const headers = new Map<string, string[]>();
        for (const h of g.httpHeaders ?? []) {
          const k = canonicalHeaderKey(h.name);
          headers.set(k, [...(headers.get(k) ?? []), h.value]);
        }
        if (!headers.has('User-Agent')) headers.set('User-Agent', [this.userAgent]);
        if (!headers.has('Accept')) headers.set('Accept', ['*/*']);
        else if ((headers.get('Accept')![0] ?? '') === '') headers.delete('Accept');
        const list: { name: string; value: string }[] = [];
        for (const [name, values] of headers) for (const value of values) list.push({ name, value });
        const hostHeader = headers.get('Host')?.[0] || undefined;
        this.httpGet(c.name, scheme, host, port.port, g.path ?? '', list, hostHeader, timeoutSeconds, done);
      };
    }
    if (p.tcpSocket) {
      const t = p.tcpSocket;
      return (done) => {
        const port = resolveContainerPort(t.port, c);
        if ('err' in port) return done('unknown', '', port.err);
        const host = t.host || podIP;
        const addr = joinHostPort(host, port.port);
        this.runner.tcp(c.name, host, port.port, timeoutMs, (r) => {
          if (r.ok) done('success', '');
          else done('failure', tcpErrorText(addr, r.error ?? 'refused'));
        });
      };
    }
    if (p.grpc) {
      const g = p.grpc;
      return (done) => {
        const service = g.service ?? '';
        const addr = joinHostPort(podIP, g.port);
        this.runner.grpc(c.name, podIP, g.port, service, timeoutMs, (r) => {
          if (r.error !== undefined) return done('failure', grpcErrorText(addr, r.error, timeoutSeconds));
          const status = r.status ?? 'UNKNOWN';
          done(status === 'SERVING' ? 'success' : 'failure', grpcStatusText(status));
        });
      };
    }
    return (done) => done('unknown', '', `missing probe handler for ${c.name}`);
  }

  /**
   * pkg/probe/http/http.go DoHTTPProbe with the kubelet's client: Timeout = the probe timeout for
   * the whole exchange; redirects followed only to the same hostname (RedirectChecker(false)),
   * at most 10; a non-local redirect ends the chain and is a Warning.
   */
  private httpGet(
    container: string,
    scheme: string,
    host: string,
    port: number,
    path: string,
    headers: { name: string; value: string }[],
    hostHeader: string | undefined,
    timeoutSeconds: number,
    done: ActionDone,
  ): void {
    const started = this.clock.now();
    const timeoutMs = timeoutSeconds * 1000;
    const originalHost = host;
    let redirects = 0;
    const hop = (scheme: string, host: string, port: number, path: string, preformatted?: string) => {
      const f = formatURL(scheme, host, port, path);
      const url = preformatted ?? f.url;
      const remaining = timeoutMs - (this.clock.now() - started);
      if (remaining <= 0) return done('failure', httpErrorText(url, joinHostPort(host, port), 'timeout'));
      const req = { scheme, host, port, path: f.requestURI, url, headers, hostHeader };
      this.runner.http(container, req, remaining, (r: HttpOutcome) => {
        if (r.error !== undefined) return done('failure', httpErrorText(url, joinHostPort(host, port), r.error));
        const status = r.status ?? 0;
        if ([301, 302, 303, 307, 308].includes(status) && r.location) {
          let target: URL | undefined;
          try {
            target = new URL(r.location, url);
          } catch {
            target = undefined;
          }
          if (target && hostnameOf(target) === stripBrackets(originalHost)) {
            redirects++;
            if (redirects >= 10) return done('failure', httpErrorText(r.location, '', 'stopped after 10 redirects'));
            const tScheme = target.protocol.replace(/:$/, '');
            const tPort = target.port ? Number(target.port) : tScheme === 'https' ? 443 : 80;
            const tHost = hostnameOf(target);
            return hop(tScheme, tHost, tPort, target.pathname + target.search, target.href);
          }
          // http.ErrUseLastResponse: the 3xx response is the result.
        }
        const body = (r.body ?? '').slice(0, MAX_OUTPUT);
        if (status >= 200 && status < 400) {
          if (status >= 300) return done('warning', httpRedirectWarningText(body));
          return done('success', body);
        }
        done('failure', httpStatusFailureText(status));
      });
    };
    hop(scheme, host, port, path);
  }
}

function stripBrackets(h: string): string {
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}

function hostnameOf(u: URL): string {
  return stripBrackets(u.hostname);
}

import { describe, it, expect } from 'vitest';
import type { Probe } from 'kubernetes-types/core/v1';
import { Harness, container, s, type Handlers } from './harness';
import { goDuration, formatURL } from '~/cluster/kubelet/prober';

/** One liveness probe (failureThreshold 1) on container `app` with ports http=8080; returns the harness after 1 tick. */
function once(probe: Probe, handlers: Handlers, type: 'liveness' | 'readiness' = 'liveness'): Harness {
  const h = new Harness(handlers);
  h.startAt('app', 0, 'id1');
  const key = type === 'liveness' ? 'livenessProbe' : 'readinessProbe';
  h.pm.addPod({
    containers: [container('app', { ports: [{ name: 'http', containerPort: 8080 }], env: [{ name: 'FILE', value: '/tmp/x' }], [key]: { failureThreshold: 1, ...probe } })],
  });
  h.run(s(1));
  return h;
}

const messages = (h: Harness) => h.events.map((e) => `${e.type} ${e.reason} ${e.message}`);

describe('exec probe texts (pkg/probe/exec, cri-client ExecSync)', () => {
  it('failure output is the combined output; $(VAR) expands from static env', () => {
    const h = once({ exec: { command: ['cat', '$(FILE)', '$$(FILE)'] } }, { exec: (_h, _n, _c, _t, done) => done({ exitCode: 1, output: 'out\nerr\n' }) });
    expect(h.calls[0]!.command).toEqual(['cat', '/tmp/x', '$(FILE)']);
    expect(messages(h)).toEqual(['Warning Unhealthy Liveness probe failed: out\nerr\n']);
    expect(h.kills.map((k) => k.message)).toEqual(['Container app failed liveness probe, will be restarted']);
  });
  it('timeout: `command timed out: "<cmd>" timed out after <timeout>` is a failure', () => {
    const h = once(
      { exec: { command: ['sh', '-c', 'sleep 5'] }, timeoutSeconds: 2 },
      { exec: (h, _n, _c, timeoutMs, done) => h.at(h.clock.now() + timeoutMs, () => done({ exitCode: -1, output: '', timedOut: true })) },
    );
    h.run(s(3));
    expect(h.calls[0]!.timeoutMs).toBe(2000);
    expect(h.events).toEqual([
      { t: 2000, container: 'app', type: 'Warning', reason: 'Unhealthy', message: 'Liveness probe failed: command timed out: "sh -c sleep 5" timed out after 2s' },
    ]);
    expect(h.kills.length).toBe(1);
  });
  it('a runtime error is retried 3× and then "errored"; the result is thrown away (no kill)', () => {
    const err = 'rpc error: code = Unknown desc = failed to exec in container: exec: "nope": executable file not found in $PATH';
    const h = once({ exec: { command: ['nope'] } }, { exec: (_h, _n, _c, _t, done) => done({ exitCode: -1, output: '', error: err }) });
    expect(h.calls.length).toBe(3);
    expect(messages(h)).toEqual([`Warning Unhealthy Liveness probe errored and resulted in unknown state: ${err}`]);
    expect(h.kills).toEqual([]);
  });
  it('Go durations', () => {
    expect([1, 30, 60, 90, 3600].map(goDuration)).toEqual(['1s', '30s', '1m0s', '1m30s', '1h0m0s']);
  });
});

describe('HTTP probe texts (pkg/probe/http + net/http errors)', () => {
  it('connection refused, with a named port and the pod IP', () => {
    const h = once({ httpGet: { path: '/healthz', port: 'http' } }, { http: (_h, _n, _r, _t, done) => done({ error: 'refused' }) });
    const req = h.calls[0]!.req!;
    expect([req.url, req.host, req.port, req.path]).toEqual(['http://10.244.1.5:8080/healthz', '10.244.1.5', 8080, '/healthz']);
    expect(req.headers).toEqual([
      { name: 'User-Agent', value: 'kube-probe/1.36' },
      { name: 'Accept', value: '*/*' },
    ]);
    expect(messages(h)).toEqual([
      'Warning Unhealthy Liveness probe failed: Get "http://10.244.1.5:8080/healthz": dial tcp 10.244.1.5:8080: connect: connection refused',
    ]);
  });
  it('timeout awaiting headers', () => {
    const h = once({ httpGet: { path: '/healthz', port: 8080 } }, { http: (_h, _n, _r, _t, done) => done({ error: 'timeout' }) });
    expect(messages(h)).toEqual([
      'Warning Unhealthy Liveness probe failed: Get "http://10.244.1.5:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)',
    ]);
  });
  it('status codes: 200–399 succeed, others fail with the status code (never the body)', () => {
    for (const [status, msgs] of [
      [200, []],
      [204, []],
      [399, ['Warning ProbeWarning Liveness probe warning: Probe terminated redirects, Response body: moved']],
      [400, ['Warning Unhealthy Liveness probe failed: HTTP probe failed with statuscode: 400']],
      [500, ['Warning Unhealthy Liveness probe failed: HTTP probe failed with statuscode: 500']],
      [199, ['Warning Unhealthy Liveness probe failed: HTTP probe failed with statuscode: 199']],
    ] as const) {
      const h = once({ httpGet: { path: '/', port: 80 } }, { http: (_h, _n, _r, _t, done) => done({ status, body: 'moved' }) });
      expect([status, messages(h), h.kills.length]).toEqual([status, msgs, status >= 200 && status < 400 ? 0 : 1]);
    }
  });
  it('same-host redirects are followed; a redirect to another host is a warning but succeeds', () => {
    const h = once(
      { httpGet: { path: 'healthz', port: 8080, httpHeaders: [{ name: 'x-token', value: 'a' }, { name: 'accept', value: 'application/json' }] } },
      {
        http: (_h, _n, req, _t, done) => {
          if (req.path === '/healthz') done({ status: 302, location: '/ok' });
          else if (req.path === '/ok') done({ status: 301, location: 'http://example.com/', body: '<a href="http://example.com/">Moved</a>.' });
        },
      },
    );
    expect(h.calls.map((c) => c.req!.url)).toEqual(['http://10.244.1.5:8080/healthz', 'http://10.244.1.5:8080/ok']);
    expect(h.calls[0]!.req!.headers).toEqual([
      { name: 'X-Token', value: 'a' },
      { name: 'Accept', value: 'application/json' },
      { name: 'User-Agent', value: 'kube-probe/1.36' },
    ]);
    expect(messages(h)).toEqual(['Warning ProbeWarning Liveness probe warning: Probe terminated redirects, Response body: <a href="http://example.com/">Moved</a>.']);
    expect(h.kills).toEqual([]);
  });
  it('an unknown named port errors (retried, no result): "errored and resulted in unknown state"', () => {
    const h = once({ httpGet: { path: '/', port: 'metrics' } }, { http: () => undefined }, 'readiness');
    expect(h.calls).toEqual([]);
    expect(messages(h)).toEqual(['Warning Unhealthy Readiness probe errored and resulted in unknown state: strconv.Atoi: parsing "metrics": invalid syntax']);
    expect(h.pm.ready('app')).toBe(false);
  });
  it('URL formatting like formatURL/url.URL.String', () => {
    expect(formatURL('http', '10.0.0.1', 80, '').url).toBe('http://10.0.0.1:80');
    expect(formatURL('https', 'fd00::1', 8443, '/a b?x=1').url).toBe('https://[fd00::1]:8443/a%20b?x=1');
  });
});

describe('TCP and gRPC probe texts', () => {
  it('tcp connection refused', () => {
    const h = once({ tcpSocket: { port: 6379 } }, { tcp: (_h, _n, _host, _port, _t, done) => done({ ok: false, error: 'refused' }) });
    expect(messages(h)).toEqual(['Warning Unhealthy Liveness probe failed: dial tcp 10.244.1.5:6379: connect: connection refused']);
  });
  it('tcp timeout, and success has no event', () => {
    const h = once({ tcpSocket: { port: 'http', host: 'db' } }, { tcp: (_h, _n, host, port, _t, done) => done({ ok: false, error: host === 'db' && port === 8080 ? 'timeout' : 'refused' }) });
    expect(messages(h)).toEqual(['Warning Unhealthy Liveness probe failed: dial tcp db:8080: i/o timeout']);
    const ok = once({ tcpSocket: { port: 6379 } }, { tcp: (_h, _n, _host, _port, _t, done) => done({ ok: true }) });
    expect(ok.events).toEqual([]);
  });
  it('grpc NOT_SERVING and connect timeout', () => {
    const h = once({ grpc: { port: 9090 } }, { grpc: (_h, _n, _host, _port, _svc, _t, done) => done({ status: 'NOT_SERVING' }) });
    expect(messages(h)).toEqual(['Warning Unhealthy Liveness probe failed: service unhealthy (responded with "NOT_SERVING")']);
    const t = once({ grpc: { port: 9090, service: 'db' } }, { grpc: (_h, _n, _host, _port, svc, _t, done) => done(svc === 'db' ? { error: 'refused' } : {}) });
    expect(messages(t)).toEqual(['Warning Unhealthy Liveness probe failed: timeout: failed to connect service "10.244.1.5:9090" within 1s: context deadline exceeded']);
  });
});

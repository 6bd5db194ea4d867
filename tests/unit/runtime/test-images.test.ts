import { describe, expect, it } from 'vitest';
import { CommandNotFound, spawnProcess } from '~/cluster/shell';
import { piDigits } from '~/cluster/runtime/daemons-test';
import { IMAGES, containerArgv, findImage } from '~/cluster/runtime/images';
import { after, box, start } from './harness';

const MiB = 1024 * 1024;
const AGNHOST = 'registry.k8s.io/e2e-test-images/agnhost:2.40';

describe('pause', () => {
  it('prints nothing, and exits 0 on SIGTERM with psignal’s line', () => {
    const r = after(start(box('registry.k8s.io/pause:3.10.1')), 1000);
    expect(r.chunks).toEqual([]);
    expect(r.p.running).toBe(true);
    r.p.signal('SIGTERM');
    after(r, 10);
    expect(r.exit?.code).toBe(0);
    expect(r.err()).toBe('Shutting down, got signal: Terminated\n');
  });

  it('warns when it is not PID 1; -v prints its version', () => {
    expect(start(box('registry.k8s.io/pause:3.10'), { pid: 7 }).err()).toBe('Warning: pause should be the first process\n');
    const v = start(box('registry.k8s.io/pause:3.9'), { args: ['-v'] });
    expect(v.out()).toBe('pause.c v3.9\n');
    expect(v.exit?.code).toBe(0);
  });

  it('has no shell: `kubectl exec -- sh` cannot start', () => {
    const b = box('registry.k8s.io/pause:3.1');
    expect(() => spawnProcess(b.host, { argv: ['sh'], io: { stdout: () => {}, stderr: () => {} }, onExit: () => {} })).toThrow(CommandNotFound);
  });
});

describe('agnhost', () => {
  it('default command is `pause`: "Paused", and exit 2 on SIGTERM', () => {
    const r = after(start(box(AGNHOST)), 1000);
    expect(r.out()).toBe('Paused\n');
    r.p.signal('SIGTERM');
    after(r, 10);
    expect(r.exit?.code).toBe(2);
    expect(r.out()).toBe('Paused\nexiting 2\n');
  });

  it('liveness: /healthz is 200 for 10 s after start, then 500 with the elapsed seconds', () => {
    const b = box(AGNHOST);
    b.clock.advanceBy(60_000); // the container starts at an arbitrary time
    const r = start(b, { args: ['liveness'] });
    expect(r.chunks).toEqual([]);
    after(r, 9000);
    expect(r.d!.serveHttp({ path: '/healthz', port: 8080, userAgent: 'kube-probe/1.36' })).toMatchObject({ status: 200, body: 'ok' });
    after(r, 2500);
    expect(r.d!.serveHttp({ path: '/healthz', port: 8080 })).toMatchObject({ status: 500, body: 'error: 11.5' });
    expect(r.d!.serveHttp('/started')).toMatchObject({ status: 200, body: '11.5s' });
    // Go without a SIGTERM handler, as PID 1: exit status 2.
    r.p.signal('SIGTERM');
    after(r, 10);
    expect(r.exit?.code).toBe(2);
  });

  it('the old registry.k8s.io/liveness image runs /server the same way', () => {
    const r = start(box('registry.k8s.io/liveness'), { args: ['/server'] });
    after(r, 10_001);
    expect(r.d!.serveHttp('/healthz')).toMatchObject({ status: 500, body: 'error: 10.001' });
  });

  it('netexec: start-up lines, /hostname, /echo, /healthz, /clientip', () => {
    const r = after(start(box(AGNHOST, { hostname: 'netexec-0' }), { args: ['netexec', '--http-port=8080'] }), 1000);
    expect(r.logs()).toEqual(['2026/01/05 09:00:00 Started HTTP server on port 8080', '2026/01/05 09:00:00 Started UDP server on port  8081']);
    expect(r.d!.listening()).toEqual([
      { port: 8080, protocol: 'TCP', kind: 'http' },
      { port: 8081, protocol: 'UDP', kind: 'tcp' },
    ]);
    expect(r.d!.serveHttp('/hostname')).toMatchObject({ status: 200, body: 'netexec-0' });
    expect(r.d!.serveHttp('/echo?msg=hello%20world')).toMatchObject({ status: 200, body: 'hello world' });
    expect(r.d!.serveHttp('/echo?msg=teapot&code=418')).toMatchObject({ status: 418, body: 'teapot' });
    expect(r.d!.serveHttp('/healthz')).toMatchObject({ status: 200 });
    expect(r.d!.serveHttp({ path: '/clientip', clientIP: '10.244.2.9' })!.body).toMatch(/^10\.244\.2\.9:\d+$/);
    expect(r.logs().slice(2)).toEqual(['2026/01/05 09:00:01 GET /hostname', '2026/01/05 09:00:01 GET /echo?msg=hello world&code=', '2026/01/05 09:00:01 GET /echo?msg=teapot&code=418', '2026/01/05 09:00:01 GET /healthz', '2026/01/05 09:00:01 GET /clientip']);
    // Without the UDP server it never reports healthy.
    const noUdp = after(start(box(AGNHOST), { args: ['netexec', '--http-port=8080', '--udp-port=-1'] }), 100);
    expect(noUdp.d!.serveHttp('/healthz')!.status).toBe(412);
  });

  it('netexec: /shutdown exits 0; SIGTERM exits 0; --delay-shutdown keeps serving with /readyz 503', () => {
    const a = after(start(box(AGNHOST), { args: ['netexec'] }), 100);
    expect(a.d!.serveHttp('/shutdown')).toMatchObject({ error: 'eof' });
    after(a, 1);
    expect(a.exit?.code).toBe(0);
    const b = after(start(box(AGNHOST), { command: ['/agnhost', 'netexec', '--http-port=8080', '--delay-shutdown=5'] }), 100);
    b.p.signal('SIGTERM');
    expect(b.logs().at(-1)).toBe('2026/01/05 09:00:00 Sleeping 5 seconds before terminating...');
    expect(b.d!.serveHttp('/readyz')).toMatchObject({ status: 503, body: 'shutting down' });
    expect(b.d!.serveHttp('/healthz')!.status).toBe(200);
    after(b, 4900);
    expect(b.exit).toBeNull();
    after(b, 200);
    expect(b.exit?.code).toBe(0);
    expect(b.d!.serveHttp('/healthz')).toBeNull();
  });

  it('serve-hostname: port 9376; on SIGTERM it keeps serving for 60 s, then exits 0', () => {
    const r = after(start(box(AGNHOST, { hostname: 'hostnames-abc' }), { args: ['serve-hostname'] }), 100);
    expect(r.logs()).toEqual(['2026/01/05 09:00:00 Serving on port 9376.']);
    expect(r.d!.serveHttp({ path: '/', clientIP: '10.244.0.1' })).toMatchObject({ status: 200, body: 'hostnames-abc' });
    r.p.signal('SIGTERM');
    expect(r.logs().slice(-2)).toEqual(['2026/01/05 09:00:00 Shutting down after receiving signal: terminated.', '2026/01/05 09:00:00 Awaiting pod deletion.']);
    after(r, 59_000);
    expect(r.d!.serveHttp('/')!.body).toBe('hostnames-abc');
    after(r, 1000);
    expect(r.exit?.code).toBe(0);
  });

  it('grpc-health-checking: SERVING, then NOT_SERVING after --delay-unhealthy-sec or /make-not-serving', () => {
    const r = after(start(box(AGNHOST), { args: ['grpc-health-checking', '--delay-unhealthy-sec=5'] }), 100);
    expect(r.logs()).toEqual(['2026/01/05 09:00:00 Http server starting to listen on :8080', '2026/01/05 09:00:00 gRPC server starting to listen on :5000']);
    expect(r.d!.grpcHealthCheck('', 5000)).toEqual({ status: 'SERVING' });
    expect(r.d!.grpcHealthCheck('other', 5000)).toEqual({ error: 'not-found' });
    expect(r.d!.grpcHealthCheck('', 8080)).toEqual({ error: 'not-grpc' });
    expect(r.d!.grpcHealthCheck('', 9999)).toBeNull();
    after(r, 5000);
    expect(r.d!.grpcHealthCheck('')).toEqual({ status: 'NOT_SERVING' });
    const m = after(start(box(AGNHOST), { args: ['grpc-health-checking'] }), 100);
    expect(m.d!.grpcHealthCheck('')).toEqual({ status: 'SERVING' });
    m.d!.serveHttp({ path: '/make-not-serving', port: 8080 });
    expect(m.d!.grpcHealthCheck('')).toEqual({ status: 'NOT_SERVING' });
  });

  it('an unknown subcommand: cobra’s error, exit 0 (agnhost ignores Execute’s error)', () => {
    const r = start(box(AGNHOST), { args: ['nosuch'] });
    expect(r.err()).toBe('Error: unknown command "nosuch" for "app"\nRun \'app --help\' for usage.\n');
    expect(r.exit?.code).toBe(0);
  });

  it('has a shell and DNS tools', () => {
    const b = box(AGNHOST);
    const lines: string[] = [];
    const p = spawnProcess(b.host, { argv: ['sh', '-c', 'echo in agnhost'], io: { stdout: (t) => void lines.push(t), stderr: (t) => void lines.push(t) }, onExit: () => {} });
    p.start();
    b.clock.advanceBy(100);
    expect(lines.join('')).toBe('in agnhost\n');
  });
});

describe('vish/stress', () => {
  it('-cpus 2 burns two cores forever and logs like glog', () => {
    const r = after(start(box('vish/stress'), { args: ['-cpus', '2'] }), 5000);
    expect(r.argv).toEqual(['/stress', '-logtostderr', '-cpus', '2']);
    expect(r.logs().map((l) => l.replace(/^I0105 09:00:00\.\d{6}/, 'I0105 09:00:00.xxxxxx'))).toEqual([
      'I0105 09:00:00.xxxxxx       1 main.go:26] Allocating "0" memory, in "4Ki" chunks, with a 1ms sleep between allocations',
      'I0105 09:00:00.xxxxxx       1 main.go:39] Spawning a thread to consume CPU',
      'I0105 09:00:00.xxxxxx       1 main.go:39] Spawning a thread to consume CPU',
      'I0105 09:00:00.xxxxxx       1 main.go:29] Allocated "0" memory',
    ]);
    expect(r.err()).toBe(r.chunks.map((c) => c.text).join(''));
    expect(r.d!.cpuDemandMillicores()).toBe(2000);
    expect(r.d!.cpuMs()).toBe(10_000);
    expect(r.exit).toBeNull();
  });

  it('limits.cpu throttles what it gets, not what it asks for', () => {
    const r = after(start(box('vish/stress', { cpuLimitMilli: 1000 }), { args: ['-cpus', '2'] }), 4000);
    expect(r.d!.cpuDemandMillicores()).toBe(2000);
    expect(r.d!.cpuMs()).toBe(4000);
  });

  it('-mem-total allocates step by step (the old memory walkthrough)', () => {
    const r = start(box('vish/stress'), { args: ['-mem-total', '150Mi', '-mem-alloc-size', '10Mi', '-mem-alloc-sleep', '1s'] });
    expect(r.logs()[0]).toMatch(/main\.go:26\] Allocating "150Mi" memory, in "10Mi" chunks, with a 1s sleep between allocations$/);
    after(r, 4500);
    expect(r.d!.memoryBytes()).toBe(Math.round(1.6 * MiB + 50 * MiB));
    after(r, 10_500);
    expect(r.d!.memoryBytes()).toBe(Math.round(1.6 * MiB + 150 * MiB));
    expect(r.logs().at(-1)).toMatch(/^I0105 09:00:15\.\d{6}       1 main\.go:29\] Allocated "150Mi" memory$/);
  });

  it('bad flags: Go’s flag package, exit 2; SIGTERM as PID 1: exit 2', () => {
    const bad = start(box('vish/stress'), { args: ['--cpu', '2'] });
    expect(bad.exit?.code).toBe(2);
    expect(bad.err().split('\n')[0]).toBe('flag provided but not defined: -cpu');
    const r = after(start(box('vish/stress'), { args: ['-cpus', '1'] }), 100);
    r.p.signal('SIGTERM');
    after(r, 1);
    expect(r.exit?.code).toBe(2);
  });
});

describe('polinux/stress', () => {
  it('--vm 1 --vm-bytes 150M --vm-hang 1: "dispatching hogs", ~162.9 MB resident', () => {
    const r = after(start(box('polinux/stress'), { command: ['stress'], args: ['--vm', '1', '--vm-bytes', '150M', '--vm-hang', '1'] }), 5000);
    expect(r.logs()).toEqual(['stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd']);
    // The memory walkthrough: "about 162,900,000 bytes of memory, which is about 150 MiB".
    expect(Math.abs(r.d!.memoryBytes() - 162_900_000)).toBeLessThan(200_000);
    expect(r.d!.cpuDemandMillicores()).toBeLessThan(200);
  });

  it('--cpu 2 wants two cores; no SIGTERM handler, so PID 1 ignores it', () => {
    const r = after(start(box('polinux/stress'), { command: ['stress'], args: ['--cpu', '2'] }), 1000);
    expect(r.d!.cpuDemandMillicores()).toBe(2000);
    r.p.signal('SIGTERM');
    after(r, 30_000);
    expect(r.exit).toBeNull();
    r.p.signal('SIGKILL');
    expect(r.exit?.code).toBe(137);
  });

  it('--timeout ends the run; bad options fail like stress 1.0.4', () => {
    const t = start(box('polinux/stress'), { command: ['stress'], args: ['--cpu', '1', '--timeout', '3s'] });
    after(t, 2999);
    expect(t.exit).toBeNull();
    after(t, 1);
    expect(t.exit?.code).toBe(0);
    expect(t.logs()).toEqual(['stress: info: [1] dispatching hogs: 1 cpu, 0 io, 0 vm, 0 hdd', 'stress: info: [1] successful run completed in 3s']);
    const bad = start(box('polinux/stress'), { command: ['stress'], args: ['--vm', '1', '--vm-bytes', '150X'] });
    expect(bad.exit?.code).toBe(1);
    expect(bad.err()).toMatch(/^stress: FAIL: \[1\] \(\d+\) unrecognized suffix: X\n$/);
  });

  it('the image’s own CMD is broken (single-quoted JSON became shell form)', () => {
    const r = after(start(box('polinux/stress')), 100);
    expect(r.argv).toEqual(['/bin/sh', '-c', "['/usr/local/bin/stress']"]);
    expect(r.exit?.code).toBe(127);
    expect(r.err()).toContain('[/usr/local/bin/stress]: not found');
  });
});

describe('perl (the Job walkthrough)', () => {
  it('prints π to 2000 digits and completes after about 10 s', () => {
    const r = start(box('perl:5.34.0'), { command: ['perl', '-Mbignum=bpi', '-wle', 'print bpi(2000)'] });
    after(r, 5000);
    expect(r.exit).toBeNull();
    expect(r.d!.cpuDemandMillicores()).toBe(1000);
    after(r, 5000);
    expect(r.exit?.code).toBe(0);
    const out = r.out().trim();
    expect(out).toHaveLength(2001);
    expect(out.startsWith('3.14159265358979323846264338327950288419716939937510582097494459230781640628620899862803482534211706798214808651328230664709384460955058223172535940812848111745028410270193852110555964462294895493038196')).toBe(true);
  });

  it('piDigits rounds the last digit', () => {
    expect(piDigits(3)).toBe('3.14');
    expect(piDigits(5)).toBe('3.1416');
    expect(piDigits(8)).toBe('3.1415927');
  });
});

describe('shells and toolboxes', () => {
  const run = (image: string, spec: { command?: string[]; args?: string[] } = {}) => after(start(box(image), spec), 1000);

  it('busybox/alpine/debian shells exit 0 at once without stdin (Completed, then CrashLoopBackOff)', () => {
    for (const image of ['busybox', 'busybox:1.28', 'alpine', 'debian', 'ubuntu', 'registry.k8s.io/busybox']) {
      const r = run(image);
      expect(r.exit?.code, image).toBe(0);
      expect(r.d, image).toBeNull();
    }
  });

  it('netshoot’s zsh is a shell; with -c it runs the command', () => {
    // No ENTRYPOINT: `args: ["-c", …]` alone would make "-c" the program.
    expect(() => run('nicolaka/netshoot', { args: ['-c', 'echo hi'] })).toThrow(CommandNotFound);
    const r = run('nicolaka/netshoot', { command: ['zsh', '-c', 'echo hi from netshoot'] });
    expect(r.argv).toEqual(['zsh', '-c', 'echo hi from netshoot']);
    expect(r.out()).toBe('hi from netshoot\n');
    expect(r.exit?.code).toBe(0);
    expect(run('nicolaka/netshoot').exit?.code).toBe(0);
  });

  it('distroless has no shell; its :debug tag has busybox', () => {
    for (const image of ['gcr.io/distroless/static-debian12', 'gcr.io/distroless/base-debian12:nonroot', 'gcr.io/distroless/nodejs20-debian12']) {
      const b = box(image);
      expect(() => spawnProcess(b.host, { argv: ['sh'], io: { stdout: () => {}, stderr: () => {} }, onExit: () => {} }), image).toThrow(CommandNotFound);
    }
    const dbg = run('gcr.io/distroless/static-debian12:debug', { args: ['-c', 'echo debug shell'] });
    expect(dbg.argv).toEqual(['/busybox/sh', '-c', 'echo debug shell']);
    expect(dbg.out()).toBe('debug shell\n');
  });

  it('distroless node runs a script the volume provides, else MODULE_NOT_FOUND', () => {
    const missing = run('gcr.io/distroless/nodejs20-debian12', { args: ['/app/server.js'] });
    expect(missing.exit?.code).toBe(1);
    expect(missing.err()).toContain("Error: Cannot find module '/app/server.js'");
    expect(missing.err()).toContain('Node.js v20.18.1');
    const b = box('gcr.io/distroless/nodejs20-debian12');
    b.fs.writeFile('/app/server.js', 'require("http").createServer().listen(3000)', { parents: true });
    const ok = after(start(b, { args: ['/app/server.js'] }), 1000);
    expect(ok.exit).toBeNull();
  });
});

describe('determinism', () => {
  it('the same start gives the same logs and answers', () => {
    const once = () => {
      const r = after(start(box('registry.k8s.io/hpa-example')), 1234);
      r.d!.serveHttp({ path: '/', clientIP: '10.244.0.7' });
      const m = after(start(box('mysql', { env: { MYSQL_ROOT_PASSWORD: 'x' } })), 20_000);
      return [...r.logs(), ...m.logs()];
    };
    expect(once()).toEqual(once());
  });
});

describe('every catalogue image', () => {
  it('starts its default command, stops on SIGTERM or SIGKILL, and declares sane resources', () => {
    for (const d of IMAGES) {
      for (const tag of d.tags) {
        const image = `${d.repo}:${tag}`;
        if (!containerArgv(findImage({ raw: image, repo: d.repo, tag })!).length) continue; // "no command specified"

        const r = start(box(image, { env: { MYSQL_ROOT_PASSWORD: 'x' } }));
        after(r, 20_000);
        if (r.d && r.p.running) {
          expect(r.d.memoryBytes(), image).toBeGreaterThan(100 * 1024);
          expect(r.d.cpuDemandMillicores(), image).toBeGreaterThanOrEqual(0);
        }
        r.p.signal('SIGTERM');
        after(r, 70_000);
        if (!r.exit) r.p.signal('SIGKILL');
        after(r, 1);
        expect(r.exit, image).not.toBeNull();
      }
    }
  });

  it('a server that is not PID 1 dies of an unhandled SIGTERM (143)', () => {
    const r = after(start(box('luksa/kubia'), { pid: 7 }), 1000);
    r.p.signal('SIGTERM');
    expect(r.exit).toMatchObject({ code: 143, signal: 'SIGTERM' });
  });
});

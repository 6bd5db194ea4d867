import { describe, expect, it } from 'vitest';
import { CommandNotFound, spawnProcess } from '~/cluster/shell';
import { makeHost, spawn } from './helpers';

describe('virtual time', () => {
  it('sleep N exits after exactly N virtual seconds', () => {
    const h = makeHost();
    const r = spawn(h, ['sleep', '5']);
    h.clock.advanceBy(4999);
    expect(r.exit).toBeNull();
    expect(r.p.running).toBe(true);
    h.clock.advanceBy(1);
    expect(r.exit).toEqual({ code: 0, signal: undefined, t: 5000 });
    expect(r.p.running).toBe(false);
  });

  it('sleep accepts fractions, suffixes and sums', () => {
    const h = makeHost();
    const r = spawn(h, ['sh', '-c', 'sleep 0.5; echo a; sleep 1m; echo b; sleep 1 1.5; echo c']);
    h.clock.advanceBy(200_000);
    expect(r.lines.map((l) => [l.t, l.text])).toEqual([
      [500, 'a\n'],
      [60_500, 'b\n'],
      [63_000, 'c\n'],
    ]);
    const bad = spawn(h, ['sh', '-c', 'sleep abc; echo $?']);
    expect(bad.err()).toBe("sleep: invalid number 'abc'\n");
    expect(bad.out()).toBe('1\n');
  });

  it('the Kubernetes init-container script waits for the Service to resolve', () => {
    const h = makeHost();
    let ready = false;
    h.host.resolve = (name) => (ready && name === 'myservice.default.svc.cluster.local' ? { fqdn: name, addresses: ['10.96.12.34'] } : null);
    h.clock.at(7000, () => (ready = true));
    const r = spawn(h, ['sh', '-c', 'until nslookup myservice.$(cat /var/run/secrets/kubernetes.io/serviceaccount/namespace).svc.cluster.local; do echo waiting for myservice; sleep 2; done'], { pid: 1 });
    h.clock.advanceBy(20_000);
    const waiting = r.lines.filter((l) => l.text === 'waiting for myservice\n');
    expect(waiting.map((l) => l.t)).toEqual([0, 2000, 4000, 6000]);
    expect(r.exit).toEqual({ code: 0, signal: undefined, t: 8000 });
    expect(r.err()).toBe("nslookup: can't resolve 'myservice.default.svc.cluster.local'\n".repeat(4));
    expect(r.out().endsWith(
      'Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n' +
        'Name:      myservice.default.svc.cluster.local\nAddress 1: 10.96.12.34 myservice.default.svc.cluster.local\n',
    )).toBe(true);
  });

  it('liveness-probe demo: files appear and disappear at the right virtual times', () => {
    const h = makeHost();
    const r = spawn(h, ['/bin/sh', '-c', 'touch /tmp/healthy; sleep 30; rm -f /tmp/healthy; sleep 600'], { pid: 1 });
    expect(h.fs.exists('/tmp/healthy')).toBe(true);
    h.clock.advanceBy(29_999);
    expect(h.fs.exists('/tmp/healthy')).toBe(true);
    h.clock.advanceBy(1);
    expect(h.fs.exists('/tmp/healthy')).toBe(false);
    h.clock.advanceBy(599_999);
    expect(r.exit).toBeNull();
    h.clock.advanceBy(1);
    expect(r.exit?.code).toBe(0);
    expect(r.exit?.t).toBe(630_000);
  });

  it('output is delivered as produced, with the time it was produced', () => {
    const h = makeHost();
    const r = spawn(h, ['sh', '-c', 'for i in 1 2 3; do echo "tick $i"; sleep 1; done']);
    h.clock.advanceBy(1500);
    expect(r.out()).toBe('tick 1\ntick 2\n');
    h.clock.advanceBy(10_000);
    expect(r.lines.map((l) => l.t)).toEqual([0, 1000, 2000]);
    expect(r.exit?.t).toBe(3000);
  });

  it('$(sleep) inside a substitution blocks too', () => {
    const h = makeHost();
    const r = spawn(h, ['sh', '-c', 'echo "got $(sleep 3; echo late)"']);
    h.clock.advanceBy(2999);
    expect(r.out()).toBe('');
    h.clock.advanceBy(1);
    expect(r.out()).toBe('got late\n');
  });

  it('date prints UTC from virtual time (epoch 2000-01-01 by default)', () => {
    const h = makeHost();
    h.clock.advanceBy(10_000);
    expect(spawn(h, ['date']).out()).toBe('Sat Jan  1 00:00:10 UTC 2000\n');
    h.host.epochMs = Date.UTC(2024, 4, 17, 12, 30, 0);
    expect(spawn(h, ['date', '+%Y-%m-%dT%H:%M:%S %s']).out()).toBe(`2024-05-17T12:30:10 ${Date.UTC(2024, 4, 17, 12, 30, 10) / 1000}\n`);
  });
});

describe('background jobs', () => {
  it('& runs concurrently; wait collects; $! is the job pid', () => {
    const h = makeHost();
    const r = spawn(h, ['sh', '-c', '(sleep 2; echo job done) & echo started $!; wait $!; echo "waited $?"; sleep 1 & sleep 3 & wait; echo all']);
    h.clock.advanceBy(1000);
    expect(r.out()).toBe('started 2\n');
    h.clock.advanceBy(1000);
    expect(r.out()).toBe('started 2\njob done\nwaited 0\n');
    h.clock.advanceBy(3000);
    expect(r.out()).toBe('started 2\njob done\nwaited 0\nall\n');
    expect(r.exit?.t).toBe(5000);
  });

  it('wait returns the job status; kill ends a job', () => {
    const h = makeHost();
    const r = spawn(h, ['sh', '-c', '(exit 7) & wait $!; echo $?; sleep 100 & kill $!; wait $!; echo $?']);
    h.clock.advanceBy(10);
    expect(r.out()).toBe('7\n143\n');
  });

  it('ps lists the process table, this shell, its jobs and itself', () => {
    const h = makeHost();
    const r = spawn(h, ['sh', '-c', 'sleep 100 & ps'], { pid: 7 });
    h.clock.advanceBy(10);
    expect(r.out()).toBe(
      'PID   USER     TIME  COMMAND\n' +
        '    1 root      0:00 sleep 3600\n' +
        '    7 root      0:00 sh -c sleep 100 & ps\n' +
        '    8 root      0:00 sleep 100\n' +
        '    9 root      0:00 ps\n',
    );
  });
});

describe('signals', () => {
  it('PID 1 without a trap ignores SIGTERM and SIGINT; SIGKILL ends it with 137', () => {
    const h = makeHost();
    const r = spawn(h, ['sh', '-c', 'while true; do sleep 1; done'], { pid: 1 });
    h.clock.advanceBy(5000);
    r.p.signal('SIGTERM');
    r.p.signal('SIGINT');
    h.clock.advanceBy(30_000);
    expect(r.exit).toBeNull();
    r.p.signal('SIGKILL');
    expect(r.exit).toEqual({ code: 137, signal: 'SIGKILL', t: 35_000 });
    expect(r.p.running).toBe(false);
    h.clock.advanceBy(5000); // nothing runs after death
    expect(r.lines).toEqual([]);
  });

  it('a plain `sleep` as PID 1 also ignores SIGTERM', () => {
    const h = makeHost();
    const r = spawn(h, ['sleep', '3600'], { pid: 1 });
    r.p.signal('SIGTERM');
    h.clock.advanceBy(1000);
    expect(r.exit).toBeNull();
    r.p.signal('SIGKILL');
    expect(r.exit?.code).toBe(137);
  });

  it('non-PID-1 processes die on TERM (143) and INT (130)', () => {
    const h = makeHost();
    const a = spawn(h, ['sleep', '100'], { pid: 5 });
    const b = spawn(h, ['sh', '-c', 'sleep 100'], { pid: 6 });
    h.clock.advanceBy(1000);
    a.p.signal('SIGTERM');
    b.p.signal('SIGINT');
    expect(a.exit).toEqual({ code: 143, signal: 'SIGTERM', t: 1000 });
    expect(b.exit).toEqual({ code: 130, signal: 'SIGINT', t: 1000 });
  });

  it('trap on TERM interrupts sleep, runs the handler, and the handler exits', () => {
    const h = makeHost();
    const r = spawn(h, ['sh', '-c', "trap 'echo got TERM; exit 0' TERM; echo running; sleep 3600; echo never"], { pid: 1 });
    h.clock.advanceBy(10_000);
    r.p.signal('SIGTERM');
    expect(r.out()).toBe('running\ngot TERM\n');
    expect(r.exit).toEqual({ code: 0, signal: undefined, t: 10_000 });
  });

  it('trap spellings (SIGTERM, 15) and a handler that lets the script continue', () => {
    const h = makeHost();
    const r = spawn(h, ['sh', '-c', 'trap "echo caught" SIGTERM; trap "echo int" 2; sleep 100; echo "after $?"; sleep 1; echo end'], { pid: 1 });
    h.clock.advanceBy(500);
    r.p.signal('SIGTERM');
    expect(r.out()).toBe('caught\nafter 143\n');
    h.clock.advanceBy(1000);
    expect(r.out()).toBe('caught\nafter 143\nend\n');
    expect(r.exit?.t).toBe(1500);
  });

  it('the sleep-infinity-and-wait pattern shuts down gracefully', () => {
    const h = makeHost();
    const r = spawn(h, ['sh', '-c', "trap 'echo stopping; kill $PID; exit 0' TERM\nsleep infinity & PID=$!\nwait"], { pid: 1 });
    h.clock.advanceBy(60_000);
    expect(r.exit).toBeNull();
    r.p.signal('SIGTERM');
    expect(r.out()).toBe('stopping\n');
    expect(r.exit?.code).toBe(0);
  });

  it("trap '' ignores; EXIT traps run at the end", () => {
    const h = makeHost();
    const r = spawn(h, ['sh', '-c', "trap '' TERM; trap 'echo bye' EXIT; sleep 2; echo done"], { pid: 9 });
    r.p.signal('SIGTERM');
    h.clock.advanceBy(2000);
    expect(r.out()).toBe('done\nbye\n');
    expect(r.exit?.code).toBe(0);
  });

  it('kill -9 / kill -TERM on the process table go through the host', () => {
    const h = makeHost();
    const r = spawn(h, ['sh', '-c', 'kill -9 1; kill -TERM 1; kill 1; kill -s INT 1; kill 99; echo $?'], { pid: 7 });
    expect(h.kills).toEqual([[1, 'SIGKILL'], [1, 'SIGTERM'], [1, 'SIGTERM'], [1, 'SIGINT'], [99, 'SIGTERM']]);
    expect(r.err()).toBe("sh: can't kill pid 99: No such process\n");
    expect(r.out()).toBe('1\n');
  });
});

describe('busy loops', () => {
  it('while true; do :; done yields, lets time pass and accrues CPU like wall time', () => {
    const h = makeHost();
    const r = spawn(h, ['sh', '-c', 'while true; do :; done'], { pid: 3 });
    const other = spawn(h, ['sh', '-c', 'sleep 1; echo other ran']);
    h.clock.advanceBy(10_000);
    expect(other.out()).toBe('other ran\n');
    expect(r.exit).toBeNull();
    const cpu = r.p.cpuMs();
    expect(cpu).toBeGreaterThan(9_000);
    expect(cpu).toBeLessThan(11_000);
    r.p.signal('SIGTERM');
    expect(r.exit?.code).toBe(143);
  });

  it('sleeping accrues (almost) no CPU', () => {
    const h = makeHost();
    const r = spawn(h, ['sh', '-c', 'while true; do echo tick >/dev/null; sleep 1; done']);
    h.clock.advanceBy(100_000);
    expect(r.p.cpuMs()).toBeLessThan(10);
  });

  it('yes > /dev/null burns a full CPU', () => {
    const h = makeHost();
    const r = spawn(h, ['sh', '-c', 'yes > /dev/null'], { pid: 4 });
    h.clock.advanceBy(5000);
    expect(r.p.cpuMs()).toBeGreaterThanOrEqual(4990);
    expect(spawn(h, ['sh', '-c', 'yes | head -n 2']).out()).toBe('y\ny\n');
  });
});

describe('tail -f follows a shared file', () => {
  it('prints appended data every virtual second', () => {
    const h = makeHost();
    h.fs.writeFile('/var/log/app.log', 'old1\nold2\n');
    const r = spawn(h, ['tail', '-n', '1', '-f', '/var/log/app.log']);
    expect(r.out()).toBe('old2\n');
    h.clock.at(1500, () => h.fs.writeFile('/var/log/app.log', 'new line\n', { append: true }));
    h.clock.advanceBy(1999);
    expect(r.out()).toBe('old2\n');
    h.clock.advanceBy(1);
    expect(r.lines.map((l) => [l.t, l.text])).toEqual([[0, 'old2\n'], [2000, 'new line\n']]);
    expect(r.exit).toBeNull();
  });

  it('tail -f /dev/null idles forever', () => {
    const h = makeHost();
    const r = spawn(h, ['tail', '-f', '/dev/null'], { pid: 1 });
    h.clock.advanceBy(3_600_000);
    expect(r.exit).toBeNull();
    expect(r.p.cpuMs()).toBe(0);
  });
});

describe('spawnProcess', () => {
  it('throws CommandNotFound for binaries the image lacks', () => {
    const h = makeHost({ hasCommand: (n) => n === 'sleep' });
    expect(() => spawnProcess(h.host, { argv: ['sh'], io: { stdout() {}, stderr() {} }, onExit() {} })).toThrow(CommandNotFound);
    expect(() => spawnProcess(h.host, { argv: [], io: { stdout() {}, stderr() {} }, onExit() {} })).toThrow(CommandNotFound);
  });

  it('busybox images have no bash, and typos are not binaries', () => {
    const h = makeHost(); // hasCommand: () => true, like a busybox image
    for (const argv of [['bash'], ['slep', '1']]) {
      expect(() => spawnProcess(h.host, { argv, io: { stdout() {}, stderr() {} }, onExit() {} })).toThrow(CommandNotFound);
    }
  });

  it('runs applets directly and scripts by path', () => {
    const h = makeHost();
    expect(spawn(h, ['echo', 'hi']).out()).toBe('hi\n');
    h.fs.writeFile('/scripts/run.sh', '#!/bin/sh\necho "script $1"\n', { parents: true, mode: 0o755 });
    const r = spawn(h, ['/scripts/run.sh', 'arg']);
    expect(r.out()).toBe('script arg\n');
    expect(r.exit?.code).toBe(0);
    h.fs.writeFile('/scripts/noexec.sh', 'echo x\n', { mode: 0o644 });
    expect(spawn(h, ['sh', '-c', '/scripts/noexec.sh; echo $?']).all()).toBe('sh: /scripts/noexec.sh: Permission denied\n126\n');
  });

  it('an image program we do not simulate idles until signalled, then exits 0', () => {
    const h = makeHost({ hasCommand: (n) => ['sh', 'redis-server'].includes(n) });
    const r = spawn(h, ['redis-server'], { pid: 1 });
    h.clock.advanceBy(60_000);
    expect(r.exit).toBeNull();
    r.p.signal('SIGTERM');
    expect(r.exit?.code).toBe(0);
  });
});

describe('logging sidecar (Kubernetes docs)', () => {
  it('one container writes a log in a shared dir, the other follows it with tail -n+1 -F', () => {
    const h = makeHost();
    const sidecar = spawn(h, ['/bin/sh', '-c', 'tail -n+1 -F /var/log/1.log'], { pid: 1 });
    expect(sidecar.err()).toBe("tail: can't open '/var/log/1.log': No such file or directory\n");
    const writer = spawn(h, ['/bin/sh', '-c', 'i=0; while true; do echo "$i: $(date)" >> /var/log/1.log; i=$((i+1)); sleep 1; done'], { pid: 1 });
    h.clock.advanceBy(2500);
    expect(writer.exit).toBeNull();
    // Polled once a virtual second: the t=1000 poll runs before the writer's t=1000 line.
    expect(sidecar.out()).toBe('0: Sat Jan  1 00:00:00 UTC 2000\n1: Sat Jan  1 00:00:01 UTC 2000\n');
    expect(sidecar.lines.filter((l) => l.stream === 'stdout').map((l) => l.t)).toEqual([1000, 2000]);
  });
});

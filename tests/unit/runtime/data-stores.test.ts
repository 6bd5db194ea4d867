import { describe, expect, it } from 'vitest';
import { after, box, start } from './harness';

describe('redis', () => {
  it('logs the start-up as redis 7.4 does and accepts TCP on 6379', () => {
    const r = after(start(box('redis')), 1000);
    expect(r.argv).toEqual(['docker-entrypoint.sh', 'redis-server']);
    expect(r.logs()).toEqual([
      '1:C 05 Jan 2026 09:00:00.000 * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo',
      '1:C 05 Jan 2026 09:00:00.000 * Redis version=7.4.2, bits=64, commit=00000000, modified=0, pid=1, just started',
      '1:C 05 Jan 2026 09:00:00.000 # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf',
      '1:M 05 Jan 2026 09:00:00.001 * monotonic clock: POSIX clock_gettime',
      '1:M 05 Jan 2026 09:00:00.001 * Running mode=standalone, port=6379.',
      '1:M 05 Jan 2026 09:00:00.001 * Server initialized',
      '1:M 05 Jan 2026 09:00:00.002 * Ready to accept connections tcp',
    ]);
    expect(r.d!.listening()).toEqual([{ port: 6379, protocol: 'TCP', kind: 'tcp' }]);
    expect(r.d!.acceptsTcp(6379)).toBe(true);
    // Not an HTTP server: the client sees the connection close.
    expect(r.d!.serveHttp('/')).toEqual({ status: 0, body: '', error: 'eof' });
  });

  it('warns about overcommit when the node has vm.overcommit_memory=0', () => {
    const r = after(start(box('redis:7.2', { sysctls: { 'vm.overcommit_memory': '0' } })), 1000);
    expect(r.logs()[6]).toMatch(/^1:M 05 Jan 2026 09:00:00\.001 # WARNING Memory overcommit must be enabled! /);
    expect(r.logs().at(-1)).toBe('1:M 05 Jan 2026 09:00:00.002 * Ready to accept connections tcp');
    const old = after(start(box('redis:6.2', { sysctls: { 'vm.overcommit_memory': '0' } })), 1000);
    expect(old.logs()).toContain('1:M 05 Jan 2026 09:00:00.001 # Server initialized');
    expect(old.logs().at(-1)).toBe('1:M 05 Jan 2026 09:00:00.002 * Ready to accept connections');
  });

  it('SIGTERM saves the RDB and exits 0; the next start loads it', () => {
    const b = box('redis');
    const r = after(start(b), 5000);
    r.p.signal('SIGTERM');
    after(r, 1000);
    expect(r.exit?.code).toBe(0);
    expect(r.logs().slice(-5)).toEqual([
      '1:signal-handler (1767603605) Received SIGTERM scheduling shutdown...',
      '1:M 05 Jan 2026 09:00:05.100 * User requested shutdown...',
      '1:M 05 Jan 2026 09:00:05.100 * Saving the final RDB snapshot before exiting.',
      '1:M 05 Jan 2026 09:00:05.102 * DB saved on disk',
      '1:M 05 Jan 2026 09:00:05.102 # Redis is now ready to exit, bye bye...',
    ]);
    expect(b.fs.exists('/data/dump.rdb')).toBe(true);
    const again = after(start(box('redis', { fs: b.fs, clock: b.clock })), 1000);
    expect(again.logs()).toContain('1:M 05 Jan 2026 09:00:06.002 * Loading RDB produced by version 7.4.2');
    expect(again.logs()).toContain('1:M 05 Jan 2026 09:00:06.002 * DB loaded from disk: 0.000 seconds');
  });

  it('a config file from a ConfigMap: "Configuration loaded" and its port', () => {
    const b = box('redis');
    b.fs.writeFile('/redis-master/redis.conf', 'maxmemory 2mb\nmaxmemory-policy allkeys-lru\nport 7000\n', { parents: true });
    const r = after(start(b, { command: ['redis-server', '/redis-master/redis.conf'] }), 1000);
    expect(r.logs()[2]).toBe('1:C 05 Jan 2026 09:00:00.000 * Configuration loaded');
    expect(r.d!.listening().map((p) => p.port)).toEqual([7000]);
    const missing = start(box('redis'), { command: ['redis-server', '/nope.conf'] });
    expect(missing.exit?.code).toBe(1);
    expect(missing.logs().at(-1)).toBe("Fatal error, can't open config file '/nope.conf': No such file or directory");
  });

  it('the entrypoint passes flags to redis-server and execs anything else', () => {
    const r = after(start(box('redis'), { args: ['--port', '6380'] }), 100);
    expect(r.d!.listening().map((p) => p.port)).toEqual([6380]);
    const cli = after(start(box('redis'), { args: ['sh', '-c', 'echo not redis'] }), 100);
    expect(cli.out()).toBe('not redis\n');
    expect(cli.exit?.code).toBe(0);
  });
});

describe('mysql', () => {
  it('exits 1 without a root password option, as the entrypoint says', () => {
    const r = after(start(box('mysql:8.4')), 1000);
    expect(r.exit?.code).toBe(1);
    expect(r.logs()).toEqual([
      '2026-01-05 09:00:00+00:00 [Note] [Entrypoint]: Entrypoint script for MySQL Server 8.4.3-1.el9 started.',
      "2026-01-05 09:00:00+00:00 [Note] [Entrypoint]: Switching to dedicated user 'mysql'",
      '2026-01-05 09:00:00+00:00 [Note] [Entrypoint]: Entrypoint script for MySQL Server 8.4.3-1.el9 started.',
      '2026-01-05 09:00:00+00:00 [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified',
      '    You need to specify one of the following as an environment variable:',
      '    - MYSQL_ROOT_PASSWORD',
      '    - MYSQL_ALLOW_EMPTY_PASSWORD',
      '    - MYSQL_RANDOM_ROOT_PASSWORD',
    ]);
    expect(r.err()).toContain('[ERROR] [Entrypoint]');
  });

  it('initialises through a temporary server, then is ready on 3306 (and 33060) after ~12 s', () => {
    const b = box('mysql:8.4', { env: { MYSQL_ROOT_PASSWORD: 'secret', MYSQL_DATABASE: 'wordpress', MYSQL_USER: 'wordpress', MYSQL_PASSWORD: 'pw' } });
    const r = start(b);
    after(r, 8000);
    expect(r.d!.acceptsTcp(3306)).toBe(false);
    after(r, 5000);
    expect(r.d!.listening().map((p) => p.port)).toEqual([3306, 33060]);
    const logs = r.logs();
    for (const l of ['[Note] [Entrypoint]: Initializing database files', '[Note] [Entrypoint]: Creating database wordpress', '[Note] [Entrypoint]: Creating user wordpress', '[Note] [Entrypoint]: Giving user wordpress access to schema wordpress', '[Note] [Entrypoint]: MySQL init process done. Ready for start up.']) {
      expect(logs.some((x) => x.endsWith(l)), l).toBe(true);
    }
    expect(logs.at(-1)).toMatch(/^2026-01-05T09:00:1\d\.\d{6}Z 0 \[System\] \[MY-010931\] \[Server\] \/usr\/sbin\/mysqld: ready for connections\. Version: '8\.4\.3'  socket: '\/var\/run\/mysqld\/mysqld\.sock'  port: 3306  MySQL Community Server - GPL\.$/);
    expect(r.d!.memoryBytes()).toBeGreaterThan(300 * 1024 * 1024);
    // A restart on the same volume finds the data directory and skips the init.
    r.p.signal('SIGTERM');
    after(r, 2000);
    expect(r.exit?.code).toBe(0);
    expect(r.logs().at(-1)).toMatch(/\[MY-010910\] \[Server\] \/usr\/sbin\/mysqld: Shutdown complete \(mysqld 8\.4\.3\)  MySQL Community Server - GPL\.$/);
    const again = start(box('mysql:8.4', { fs: b.fs, clock: b.clock }));
    after(again, 1500);
    expect(again.d!.acceptsTcp(3306)).toBe(true);
    expect(again.logs().some((l) => l.includes('Initializing database files'))).toBe(false);
  });

  it('SIGTERM during initialisation is ignored (bash is PID 1 until it execs mysqld)', () => {
    const r = after(start(box('mysql', { env: { MYSQL_ALLOW_EMPTY_PASSWORD: 'yes' } })), 3000);
    r.p.signal('SIGTERM');
    after(r, 5000);
    expect(r.exit).toBeNull();
    r.p.signal('SIGKILL');
    expect(r.exit?.code).toBe(137);
  });

  it('mysql:5.7 logs in the 5.7 format', () => {
    const r = after(start(box('mysql:5.7', { env: { MYSQL_ROOT_PASSWORD: 'x' } })), 15000);
    expect(r.logs()).toContain("Version: '5.7.44'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server (GPL)");
    expect(r.d!.acceptsTcp(3306)).toBe(true);
  });
});

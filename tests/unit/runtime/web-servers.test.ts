import { describe, expect, it } from 'vitest';
import { after, box, start } from './harness';

const get = (path: string) => ({ path, clientIP: '10.244.0.1', userAgent: 'Wget' });

describe('nginx', () => {
  it('logs the entrypoint scripts and nginx notices with wall-clock timestamps', () => {
    const r = after(start(box('nginx:1.27')), 1000);
    expect(r.logs()).toEqual([
      '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
      '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
      '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
      '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
      '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
      '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
      '/docker-entrypoint.sh: Configuration complete; ready for start up',
      '2026/01/05 09:00:00 [notice] 1#1: using the "epoll" event method',
      '2026/01/05 09:00:00 [notice] 1#1: nginx/1.27.3',
      '2026/01/05 09:00:00 [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14)',
      '2026/01/05 09:00:00 [notice] 1#1: OS: Linux 6.8.0-podlab',
      '2026/01/05 09:00:00 [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576',
      '2026/01/05 09:00:00 [notice] 1#1: start worker processes',
      '2026/01/05 09:00:00 [notice] 1#1: start worker process 29',
      '2026/01/05 09:00:00 [notice] 1#1: start worker process 30',
    ]);
    // Entry-point lines on stdout, nginx's error log (notices) on stderr.
    expect(r.out()).toContain('Configuration complete; ready for start up');
    expect(r.err()).toContain('[notice] 1#1: nginx/1.27.3');
    expect(r.out()).not.toContain('[notice]');
  });

  it('timestamps follow the virtual clock', () => {
    const b = box('nginx:1.26');
    b.clock.advanceBy(3_723_000); // 01:02:03 later
    const r = after(start(b), 100);
    expect(r.err()).toContain('2026/01/05 10:02:03 [notice] 1#1: nginx/1.26.2');
  });

  it('serves the welcome page, 404s with nginx’s page, and writes the access and error logs', () => {
    const r = after(start(box('nginx:1.27')), 1000);
    const ok = r.d!.serveHttp(get('/'))!;
    expect(ok.status).toBe(200);
    expect(ok.body).toContain('<title>Welcome to nginx!</title>');
    expect(new TextEncoder().encode(ok.body).length).toBe(615);
    const miss = r.d!.serveHttp(get('/nope'))!;
    expect(miss.status).toBe(404);
    expect(miss.body).toBe('<html>\r\n<head><title>404 Not Found</title></head>\r\n<body>\r\n<center><h1>404 Not Found</h1></center>\r\n<hr><center>nginx/1.27.3</center>\r\n</body>\r\n</html>\r\n');
    const logs = r.logs();
    expect(logs).toContain('10.244.0.1 - - [05/Jan/2026:09:00:01 +0000] "GET / HTTP/1.1" 200 615 "-" "Wget" "-"');
    expect(logs).toContain('2026/01/05 09:00:01 [error] 29#29: *1 open() "/usr/share/nginx/html/nope" failed (2: No such file or directory), client: 10.244.0.1, server: localhost, request: "GET /nope HTTP/1.1", host: "10.244.1.5"');
    expect(logs).toContain('10.244.0.1 - - [05/Jan/2026:09:00:01 +0000] "GET /nope HTTP/1.1" 404 153 "-" "Wget" "-"');
  });

  it('serves what a volume put in its document root (403 for an empty one)', () => {
    const b = box('nginx:1.27');
    b.fs.mkdir('/usr/share/nginx/html', true);
    const r = after(start(b), 1000);
    expect(r.d!.serveHttp(get('/'))!.status).toBe(403);
    expect(r.logs().some((l) => l.includes('directory index of "/usr/share/nginx/html/" is forbidden'))).toBe(true);
    b.fs.writeFile('/usr/share/nginx/html/index.html', 'Hello from the debian container\n');
    expect(r.d!.serveHttp(get('/'))).toMatchObject({ status: 200, body: 'Hello from the debian container\n' });
  });

  it('reads listen and return from a mounted conf.d', () => {
    const b = box('nginx:1.27', { imageFiles: true });
    b.fs.writeFile('/etc/nginx/conf.d/default.conf', 'server {\n  listen 8080;\n  location / {\n    return 200 "hello from nginx\\n";\n  }\n}\n');
    const r = after(start(b), 1000);
    expect(r.logs()).toContain('10-listen-on-ipv6-by-default.sh: info: /etc/nginx/conf.d/default.conf differs from the packaged version');
    expect(r.d!.listening().map((p) => p.port)).toEqual([8080]);
    expect(r.d!.serveHttp(get('/'), 80)).toBeNull();
    expect(r.d!.serveHttp(get('/'), 8080)).toMatchObject({ status: 200, body: 'hello from nginx\n' });
  });

  it('SIGQUIT (the image’s STOPSIGNAL) shuts down gracefully; SIGTERM exits fast; both exit 0', () => {
    const q = after(start(box('nginx:1.27')), 1000);
    q.d!.signal('SIGQUIT');
    expect(q.d!.listening()).toEqual([]);
    after(q, 100);
    expect(q.exit).toMatchObject({ code: 0 });
    const n = (s: string) => `2026/01/05 09:00:01 [notice] ${s}`;
    expect(q.logs().slice(-12)).toEqual(
      [
        '1#1: signal 3 (SIGQUIT) received, shutting down',
        '29#29: gracefully shutting down',
        '29#29: exiting',
        '29#29: exit',
        '30#30: gracefully shutting down',
        '30#30: exiting',
        '30#30: exit',
        '1#1: signal 17 (SIGCHLD) received from 29',
        '1#1: worker process 29 exited with code 0',
        '1#1: signal 17 (SIGCHLD) received from 30',
        '1#1: worker process 30 exited with code 0',
        '1#1: exit',
      ].map(n),
    );
    const t = after(start(box('nginx:1.27')), 1000);
    t.p.signal('SIGTERM');
    after(t, 100);
    expect(t.exit).toMatchObject({ code: 0 });
    expect(t.logs()).toContain('2026/01/05 09:00:01 [notice] 1#1: signal 15 (SIGTERM) received, exiting');
    expect(t.logs()).not.toContain('2026/01/05 09:00:01 [notice] 29#29: gracefully shutting down');
  });

  it('nginx before 1.19: no entrypoint and nothing logged at start', () => {
    const r = after(start(box('nginx:1.14.2')), 1000);
    expect(r.argv).toEqual(['nginx', '-g', 'daemon off;']);
    expect(r.chunks).toEqual([]);
    expect(r.d!.serveHttp(get('/'))!.body).toContain('width: 35em;');
    r.p.signal('SIGTERM');
    after(r, 100);
    expect(r.exit?.code).toBe(0);
  });

  it('without `daemon off;` nginx forks into the background and the container exits 0', () => {
    const r = after(start(box('nginx:1.27'), { command: ['nginx'] }), 1000);
    expect(r.exit).toMatchObject({ code: 0 });
    expect(r.err()).toContain('[notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576');
    expect(r.err()).not.toContain('start worker processes');
  });

  it('`nginx -v` and the entrypoint’s exec "$@" for other programs', () => {
    const v = start(box('nginx:1.27'), { command: ['nginx', '-v'] });
    expect(v.exit?.code).toBe(0);
    expect(v.err()).toBe('nginx version: nginx/1.27.3\n');
    const s = start(box('nginx:1.27'), { args: ['sh', '-c', 'echo from the shell; sleep 5'] });
    after(s, 1000);
    expect(s.out()).toBe('from the shell\n');
    expect(s.d!.listening()).toEqual([]);
    expect(s.p.running).toBe(true);
    after(s, 5000);
    expect(s.exit?.code).toBe(0);
    const missing = start(box('nginx:1.27'), { args: ['nosuch'] });
    expect(missing.exit?.code).toBe(127);
    expect(missing.err()).toBe('/docker-entrypoint.sh: 47: exec: nosuch: not found\n');
  });

  it('nginx:alpine logs its Alpine build; SIGKILL is 137', () => {
    const r = after(start(box('nginx:alpine')), 1000);
    expect(r.err()).toContain('built by gcc 13.2.1 20240309 (Alpine 13.2.1_git20240309)');
    r.p.signal('SIGKILL');
    expect(r.exit).toMatchObject({ code: 137, signal: 'SIGKILL' });
  });

  it('is ready a few ms after start; declares its resources', () => {
    const r = start(box('nginx:1.27'));
    expect(r.d!.listening()).toEqual([]);
    expect(r.d!.serveHttp(get('/'))).toBeNull();
    after(r, 50);
    expect(r.d!.listening()).toEqual([{ port: 80, protocol: 'TCP', kind: 'http' }]);
    expect(r.d!.acceptsTcp(80)).toBe(true);
    expect(r.d!.cpuDemandMillicores()).toBe(0);
    expect(r.d!.memoryBytes()).toBeGreaterThan(3 * 1024 * 1024);
    expect(r.d!.memoryBytes()).toBeLessThan(8 * 1024 * 1024);
  });
});

describe('httpd and the HPA example (php-apache)', () => {
  it('httpd: AH00558 twice, then the event MPM notice; "It works!"', () => {
    const r = after(start(box('httpd')), 1000);
    const logs = r.logs();
    expect(logs[0]).toBe("AH00558: httpd: Could not reliably determine the server's fully qualified domain name, using 10.244.1.5. Set the 'ServerName' directive globally to suppress this message");
    expect(logs[1]).toBe(logs[0]);
    expect(logs[2]).toMatch(/^\[Mon Jan 05 09:00:00\.\d{6} 2026\] \[mpm_event:notice\] \[pid 1:tid \d+\] AH00489: Apache\/2\.4\.62 \(Unix\) configured -- resuming normal operations$/);
    expect(logs[3]).toMatch(/\[core:notice\] \[pid 1:tid \d+\] AH00094: Command line: 'httpd -D FOREGROUND'$/);
    expect(r.d!.serveHttp(get('/'))).toMatchObject({ status: 200, body: '<html><body><h1>It works!</h1></body></html>\n' });
    r.d!.signal('SIGWINCH');
    after(r, 100);
    expect(r.exit?.code).toBe(0);
    expect(r.logs().at(-1)).toMatch(/AH00492: caught SIGWINCH, shutting down gracefully$/);
  });

  it('hpa-example answers OK! and declares the CPU each request costs', () => {
    const r = after(start(box('registry.k8s.io/hpa-example', { cpuLimitMilli: 500 })), 1000);
    expect(r.logs()[2]).toMatch(/\[mpm_prefork:notice\] \[pid 1\] AH00163: Apache\/2\.4\.10 \(Debian\) PHP\/5\.6\.20 configured -- resuming normal operations$/);
    const a = r.d!.serveHttp(get('/'))!;
    expect(a).toMatchObject({ status: 200, body: 'OK!', cpuMs: 35 });
    // limits.cpu 500m: the request's 35 ms of CPU take 70 ms of wall time.
    expect(a.latencyMs).toBe(70);
    for (let i = 0; i < 9; i++) r.d!.serveHttp(get('/'));
    expect(r.d!.cpuMs()).toBe(350);
    expect(r.d!.declared().cpuMsPerRequest).toBe(35);
    expect(r.d!.cpuDemandMillicores()).toBe(0);
    expect(r.logs()).toContain('10.244.0.1 - - [05/Jan/2026:09:00:01 +0000] "GET / HTTP/1.1" 200 190 "-" "Wget"');
    r.p.signal('SIGTERM');
    after(r, 100);
    expect(r.exit?.code).toBe(0);
    expect(r.logs().at(-1)).toMatch(/\[mpm_prefork:notice\] \[pid 1\] AH00169: caught SIGTERM, shutting down$/);
  });
});

describe('tomcat', () => {
  it('catalina.sh run: JULI lines on stderr and in logs/catalina.<date>.log; listens on 8080 after startup', () => {
    const b = box('tomcat:10.1');
    const r = start(b);
    after(r, 500);
    expect(r.d!.listening()).toEqual([]);
    after(r, 500);
    expect(r.d!.listening()).toEqual([{ port: 8080, protocol: 'TCP', kind: 'http' }]);
    const logs = r.logs();
    expect(logs[0]).toBe('NOTE: Picked up JDK_JAVA_OPTIONS:  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED');
    expect(logs[1]).toBe('05-Jan-2026 09:00:00.420 INFO [main] org.apache.catalina.startup.VersionLoggerListener.log Server version name:   Apache Tomcat/10.1.34');
    expect(logs).toContain('05-Jan-2026 09:00:00.812 INFO [main] org.apache.coyote.AbstractProtocol.start Starting ProtocolHandler ["http-nio-8080"]');
    expect(logs.at(-1)).toMatch(/^05-Jan-2026 09:00:00\.826 INFO \[main\] org\.apache\.catalina\.startup\.Catalina\.start Server startup in \[\d+\] milliseconds$/);
    expect(r.out()).toBe('');
    const file = b.fs.readFile('/usr/local/tomcat/logs/catalina.2026-01-05.log');
    expect(file.split('\n')[0]).toBe(logs[1]);
    expect(file).not.toContain('NOTE: Picked up');
    expect(b.fs.list('/usr/local/tomcat/logs')).toEqual(['catalina.2026-01-05.log', 'localhost.2026-01-05.log', 'localhost_access_log.2026-01-05.txt']);
  });

  it('answers 404 (webapps moved to webapps.dist) and logs the access; SIGTERM → 143 after the shutdown hook', () => {
    const b = box('tomcat:9.0');
    const r = after(start(b), 2000);
    const a = r.d!.serveHttp(get('/'))!;
    expect(a.status).toBe(404);
    expect(a.body).toContain('<h3>Apache Tomcat/9.0.98</h3>');
    expect(b.fs.readFile('/usr/local/tomcat/logs/localhost_access_log.2026-01-05.txt')).toMatch(/^10\.244\.0\.1 - - \[05\/Jan\/2026:09:00:02 \+0000\] "GET \/ HTTP\/1\.1" 404 \d+\n$/);
    r.p.signal('SIGTERM');
    after(r, 1000);
    expect(r.exit).toMatchObject({ code: 143 });
    expect(r.logs().slice(-4).map((l) => l.replace(/^.*\[Thread-1\] /, ''))).toEqual([
      'org.apache.coyote.AbstractProtocol.pause Pausing ProtocolHandler ["http-nio-8080"]',
      'org.apache.catalina.core.StandardService.stopInternal Stopping service [Catalina]',
      'org.apache.coyote.AbstractProtocol.stop Stopping ProtocolHandler ["http-nio-8080"]',
      'org.apache.coyote.AbstractProtocol.destroy Destroying ProtocolHandler ["http-nio-8080"]',
    ]);
    expect(b.fs.readFile('/usr/local/tomcat/logs/catalina.2026-01-05.log')).toContain('Destroying ProtocolHandler');
  });

  it('a shared emptyDir sees the log files (sidecar tail)', () => {
    const b = box('tomcat');
    b.fs.mkdir('/usr/local/tomcat/logs', true);
    after(start(b), 2000);
    expect(b.fs.readFile('/usr/local/tomcat/logs/catalina.2026-01-05.log')).toContain('Apache Tomcat/11.0.2');
  });

  it('tomcat:8.0 still ships the ROOT webapp and Java 8', () => {
    const r = after(start(box('tomcat:8.0')), 2000);
    expect(r.logs()[0]).not.toContain('JDK_JAVA_OPTIONS');
    expect(r.logs()).toContain('05-Jan-2026 09:00:00.812 INFO [main] org.apache.catalina.startup.HostConfig.deployDirectory Deploying web application directory [/usr/local/tomcat/webapps/ROOT]');
    expect(r.d!.serveHttp(get('/'))).toMatchObject({ status: 200 });
  });
});

describe('luksa/kubia (Node.js)', () => {
  it('logs "Kubia server starting..." and answers with its hostname', () => {
    const r = after(start(box('luksa/kubia', { hostname: 'kubia-7d5b7b8f9c-x2x8q' })), 1000);
    expect(r.logs()).toEqual(['Kubia server starting...']);
    expect(r.d!.serveHttp(get('/'))).toMatchObject({ status: 200, body: "You've hit kubia-7d5b7b8f9c-x2x8q\n" });
    expect(r.logs()).toEqual(['Kubia server starting...', 'Received request from ::ffff:10.244.0.1']);
    expect(r.d!.listening()).toEqual([{ port: 8080, protocol: 'TCP', kind: 'http' }]);
  });

  it('as PID 1 it ignores SIGTERM: only SIGKILL ends it', () => {
    const r = after(start(box('luksa/kubia')), 1000);
    r.p.signal('SIGTERM');
    after(r, 30_000);
    expect(r.exit).toBeNull();
    expect(r.d!.serveHttp(get('/'))?.status).toBe(200);
    r.p.signal('SIGKILL');
    expect(r.exit).toMatchObject({ code: 137 });
  });

  it('kubia-unhealthy fails from the sixth request; v3 from the fifth', () => {
    const u = after(start(box('luksa/kubia-unhealthy')), 1000);
    const codes = Array.from({ length: 6 }, () => u.d!.serveHttp(get('/'))!.status);
    expect(codes).toEqual([200, 200, 200, 200, 200, 500]);
    expect(u.d!.serveHttp(get('/'))!.body).toBe("I'm not well. Please restart me!");
    const v3 = after(start(box('luksa/kubia:v3', { hostname: 'kubia-v3' })), 1000);
    const bodies = Array.from({ length: 5 }, () => v3.d!.serveHttp(get('/'))!.body);
    expect(bodies[0]).toBe('This is v3 running in pod kubia-v3\n');
    expect(bodies[4]).toBe('Some internal error has occurred! This is pod kubia-v3\n');
  });

  it('node with a missing script crashes with MODULE_NOT_FOUND', () => {
    const r = after(start(box('luksa/kubia'), { command: ['node', 'server.js'] }), 1000);
    expect(r.exit?.code).toBe(1);
    expect(r.err()).toContain("Error: Cannot find module '/server.js'");
  });
});

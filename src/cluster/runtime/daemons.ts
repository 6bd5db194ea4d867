/**
 * Server programs that images run by default (nginx, redis, mysql, tomcat, pause). They are not
 * shell scripts: each is a small behaviour on virtual time that logs like the real program, serves
 * its ports, and handles SIGTERM as the real one does.
 */
import type { Process, ProcessHost, SpawnOptions, Signal } from '../shell/types';

export interface DaemonBehaviour {
  /** Log lines at start; `(ts) => string` for lines that carry a timestamp. */
  startup(host: ProcessHost, argv: string[]): { lines: string[]; exitCode?: number };
  /** TCP ports this daemon listens on once started. */
  ports: number[];
  /** HTTP answer for GET path, if it speaks HTTP. */
  http?: (path: string) => { status: number; body: string };
  /** Lines logged when it shuts down on SIGTERM. */
  shutdown?: (host: ProcessHost) => string[];
  /** PID 1 ignoring SIGTERM (pause does not: it exits). */
}

const pad = (n: number) => String(n).padStart(2, '0');
function wall(host: ProcessHost, sep = ' '): string {
  const d = new Date((host.epochMs ?? 0) + host.now());
  return `${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}${sep}${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}
function isoSec(host: ProcessHost): string {
  const d = new Date((host.epochMs ?? 0) + host.now());
  return d.toISOString().replace(/\.\d+Z$/, '+00:00').replace('T', ' ');
}

const NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>
</body>
</html>
`;

export const DAEMONS: Record<string, DaemonBehaviour> = {
  pause: { startup: () => ({ lines: [] }), ports: [] },
  nginx: {
    ports: [80],
    startup: (h) => {
      const t = wall(h);
      return {
        lines: [
          '/docker-entrypoint.sh: /docker-entrypoint.d/ is not empty, will attempt to perform configuration',
          '/docker-entrypoint.sh: Looking for shell scripts in /docker-entrypoint.d/',
          '/docker-entrypoint.sh: Launching /docker-entrypoint.d/10-listen-on-ipv6-by-default.sh',
          '10-listen-on-ipv6-by-default.sh: info: Getting the checksum of /etc/nginx/conf.d/default.conf',
          '10-listen-on-ipv6-by-default.sh: info: Enabled listen on IPv6 in /etc/nginx/conf.d/default.conf',
          '/docker-entrypoint.sh: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh',
          '/docker-entrypoint.sh: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh',
          '/docker-entrypoint.sh: Launching /docker-entrypoint.d/30-tune-worker-processes.sh',
          '/docker-entrypoint.sh: Configuration complete; ready for start up',
          `${t} [notice] 1#1: using the "epoll" event method`,
          `${t} [notice] 1#1: nginx/1.27.3`,
          `${t} [notice] 1#1: built by gcc 12.2.0 (Debian 12.2.0-14)`,
          `${t} [notice] 1#1: OS: Linux 6.8.0-podlab`,
          `${t} [notice] 1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576`,
          `${t} [notice] 1#1: start worker processes`,
          `${t} [notice] 1#1: start worker process 29`,
        ],
      };
    },
    http: (path) => (path === '/' || path === '/index.html' ? { status: 200, body: NGINX_INDEX } : { status: 404, body: '<html>\r\n<head><title>404 Not Found</title></head>\r\n</html>\r\n' }),
    shutdown: (h) => [`${wall(h)} [notice] 1#1: signal 3 (SIGQUIT) received, shutting down`, `${wall(h)} [notice] 1#1: exit`],
  },
  redis: {
    ports: [6379],
    startup: (h) => {
      const d = new Date((h.epochMs ?? 0) + h.now());
      const ts = `1:M ${pad(d.getUTCDate())} ${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.000`;
      return {
        lines: [
          `1:C ${ts.slice(4)} * oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo`,
          `1:C ${ts.slice(4)} * Redis version=7.4.1, bits=64, commit=00000000, modified=0, pid=1, just started`,
          `1:C ${ts.slice(4)} # Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf`,
          `${ts} * monotonic clock: POSIX clock_gettime`,
          `${ts} * Running mode=standalone, port=6379.`,
          `${ts} * Server initialized`,
          `${ts} * Ready to accept connections tcp`,
        ],
      };
    },
  },
  mysql: {
    ports: [3306],
    startup: (h) => {
      const t = isoSec(h);
      const head = [`${t} [Note] [Entrypoint]: Entrypoint script for MySQL Server 8.4.3-1.el9 started.`, `${t} [Note] [Entrypoint]: Switching to dedicated user 'mysql'`, `${t} [Note] [Entrypoint]: Entrypoint script for MySQL Server 8.4.3-1.el9 started.`];
      if (!h.env.MYSQL_ROOT_PASSWORD && !h.env.MYSQL_ALLOW_EMPTY_PASSWORD && !h.env.MYSQL_RANDOM_ROOT_PASSWORD) {
        return {
          lines: [...head, `${t} [ERROR] [Entrypoint]: Database is uninitialized and password option is not specified`, '    You need to specify one of the following as an environment variable:', '    - MYSQL_ROOT_PASSWORD', '    - MYSQL_ALLOW_EMPTY_PASSWORD', '    - MYSQL_RANDOM_ROOT_PASSWORD'],
          exitCode: 1,
        };
      }
      return { lines: [...head, `${t} [Note] [Entrypoint]: Initializing database files`, `${t} [System] [MY-015015] [Server] MySQL Server - start.`, `${t} [System] [MY-010931] [Server] /usr/sbin/mysqld: ready for connections. Version: '8.4.3'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.`] };
    },
  },
  tomcat: {
    ports: [8080],
    startup: () => ({ lines: ['NOTE: Picked up JDK_JAVA_OPTIONS:  --add-opens=java.base/java.lang=ALL-UNNAMED', 'INFO [main] org.apache.catalina.startup.VersionLoggerListener.log Server version name:   Apache Tomcat/10.1.34', 'INFO [main] org.apache.coyote.AbstractProtocol.start Starting ProtocolHandler ["http-nio-8080"]', 'INFO [main] org.apache.catalina.startup.Catalina.start Server startup in [812] milliseconds'] }),
    http: (path) => (path === '/' ? { status: 404, body: '<!doctype html><html lang="en"><head><title>HTTP Status 404 – Not Found</title></head></html>' } : { status: 404, body: '' }),
  },
};

/** A daemon as a Process: logs, then runs until signalled. */
export class DaemonProcess implements Process {
  readonly pid: number;
  running = false;
  private exited = false;
  private readonly startedAt: number;

  constructor(
    private readonly host: ProcessHost,
    private readonly opts: SpawnOptions,
    private readonly behaviour: DaemonBehaviour,
  ) {
    this.pid = opts.pid ?? 1;
    this.startedAt = host.now();
  }

  start(): void {
    this.running = true;
    const { lines, exitCode } = this.behaviour.startup(this.host, this.opts.argv);
    if (lines.length) this.opts.io.stdout(lines.join('\n') + '\n');
    if (exitCode !== undefined) this.exit(exitCode);
  }

  writeStdin(): void {}
  closeStdin(): void {}

  signal(sig: Signal): void {
    if (!this.running) return;
    if (sig === 'SIGKILL') return this.exit(137, 'SIGKILL');
    if (sig === 'SIGTERM' || sig === 'SIGINT') {
      const lines = this.behaviour.shutdown?.(this.host) ?? [];
      if (lines.length) this.opts.io.stdout(lines.join('\n') + '\n');
      // Real servers take a moment to drain; 100ms of virtual time.
      this.host.schedule(this.host.now() + 100, () => this.exit(0));
    }
  }

  cpuMs(): number {
    return 0;
  }

  private exit(code: number, sig?: Signal): void {
    if (this.exited) return;
    this.exited = true;
    this.running = false;
    this.opts.onExit(code, sig);
  }
}

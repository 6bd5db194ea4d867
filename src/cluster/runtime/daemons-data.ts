/**
 * Data stores as the official images run them: redis (docker-entrypoint.sh → gosu → redis-server,
 * RDB save on SIGTERM) and mysql (entrypoint initialises /var/lib/mysql through a temporary server,
 * refuses to start without a root-password option, skips init when the data directory survives).
 */
import type { ProcessHost } from '../shell/types';
import type { DaemonBehaviour } from './daemons';
import { appendFile, fmtIsoMicro, fmtRedis, fmtRfc3339s, MiB, versionAtLeast, versionOf, type DaemonStart, type LogLine } from './daemon-kit';

// ---- redis ---------------------------------------------------------------------------------

function redisStart(host: ProcessHost, argv: string[]): DaemonStart {
  const viaEntrypoint = /(^|\/)docker-entrypoint\.sh$/.test(argv[0] ?? '');
  let args = viaEntrypoint ? argv.slice(1) : argv;
  // docker-entrypoint.sh: `-x` or `x.conf` as the first argument means redis-server.
  if (viaEntrypoint && args[0] !== undefined && (args[0].startsWith('-') || args[0].endsWith('.conf'))) args = ['redis-server', ...args];
  const prog = (args[0] ?? '').split('/').pop();
  if (viaEntrypoint && prog !== 'redis-server') return { lines: [], exec: args, execNotFound: (cmd) => ({ text: `/usr/local/bin/docker-entrypoint.sh: 24: exec: ${cmd}: not found`, code: 127 }) };
  const version = host.env.REDIS_VERSION ?? '7.4.2';
  const v = versionOf(version);
  const err = (text: string): LogLine => ({ stream: 'stdout', text });
  const rest = args.slice(1);
  if (rest.includes('-v') || rest.includes('--version')) return { lines: [`Redis server v=${version} sha=00000000:0 malloc=jemalloc-5.3.0 bits=64 build=ad1b7b11c0d3ba4f`], exitCode: 0 };
  // Options: a config file first, then --name value pairs.
  let config: string | undefined;
  const opts: Record<string, string> = {};
  let i = 0;
  if (rest[0] !== undefined && !rest[0].startsWith('--')) config = rest[i++];
  for (; i < rest.length; i++) {
    const a = rest[i]!;
    if (a.startsWith('--')) {
      const vals: string[] = [];
      while (rest[i + 1] !== undefined && !rest[i + 1]!.startsWith('--')) vals.push(rest[++i]!);
      opts[a.slice(2).toLowerCase()] = vals.join(' ');
    }
  }
  const C = (text: string, dt = 0): LogLine => ({ at: dt, text: (t) => `1:C ${fmtRedis(t)} ${text}` });
  const M = (text: string, dt = 1): LogLine => ({ at: dt, text: (t) => `1:M ${fmtRedis(t)} ${text}` });
  const lines: LogLine[] = [C('* oO0OoO0OoO0Oo Redis is starting oO0OoO0OoO0Oo'), C(`* Redis version=${version}, bits=64, commit=00000000, modified=0, pid=1, just started`)];
  if (config !== undefined) {
    let text: string | undefined;
    try {
      text = host.fs.readFile(config.startsWith('/') ? config : `${(host.cwd ?? '/data').replace(/\/$/, '')}/${config}`);
    } catch {
      text = undefined;
    }
    if (text === undefined) return { lines: [...lines, err(`Fatal error, can't open config file '${config}': No such file or directory`)], exitCode: 1 };
    for (const line of text.split('\n')) {
      const m = /^\s*([A-Za-z-]+)\s+(.*?)\s*$/.exec(line);
      if (m && !line.trim().startsWith('#')) opts[m[1]!.toLowerCase()] ??= m[2]!.replace(/^"(.*)"$/, '$1');
    }
    lines.push(C('* Configuration loaded'));
  } else lines.push(C('# Warning: no config file specified, using the default config. In order to specify a config file use redis-server /path/to/redis.conf'));
  const port = Number(opts.port ?? 6379);
  if (!Number.isInteger(port) || port < 0 || port > 65535) return { lines: [...lines, err(''), err('*** FATAL CONFIG FILE ERROR (Redis ' + version + ') ***'), err(`Reading the configuration file, at line 2`), err(`>>> 'port "${opts.port}"'`), err('argument must be between 0 and 65535 inclusive')], exitCode: 1 };
  lines.push(M('* monotonic clock: POSIX clock_gettime'), M(`* Running mode=standalone, port=${port}.`));
  lines.push(M(versionAtLeast(v, 7) ? '* Server initialized' : '# Server initialized'));
  if (host.sysctlGet('vm.overcommit_memory') === '0') {
    lines.push(
      M(
        versionAtLeast(v, 7)
          ? "# WARNING Memory overcommit must be enabled! Without it, a background save or replication may fail under low memory condition. Being disabled, it can also cause failures without low memory condition, see https://github.com/jemalloc/jemalloc/issues/1328. To fix this issue add 'vm.overcommit_memory = 1' to /etc/sysctl.conf and then reboot or run the command 'sysctl vm.overcommit_memory=1' for this to take effect."
          : "# WARNING overcommit_memory is set to 0! Background save may fail under low memory condition. To fix this issue add 'vm.overcommit_memory = 1' to /etc/sysctl.conf and then reboot or run the command 'sysctl vm.overcommit_memory=1' for this to take effect.",
      ),
    );
  }
  const dir = opts.dir ?? host.cwd ?? '/data';
  const rdb = `${dir.replace(/\/$/, '')}/${opts.dbfilename ?? 'dump.rdb'}`;
  const saved = host.fs.lookup(rdb);
  if (saved?.kind === 'file') {
    const age = Math.max(0, Math.round((host.now() - saved.mtime) / 1000));
    if (versionAtLeast(v, 7)) lines.push(M(`* Loading RDB produced by version ${version}`, 2), M(`* RDB age ${age} seconds`, 2), M('* RDB memory usage when created 0.90 Mb', 2), M('* Done loading RDB, keys loaded: 0, keys expired: 0.', 2));
    lines.push(M('* DB loaded from disk: 0.000 seconds', 2));
  }
  lines.push(M(versionAtLeast(v, 7, 2) ? '* Ready to accept connections tcp' : '* Ready to accept connections', 2));
  const saves = opts.save !== '' && opts.save !== '""';
  return {
    lines,
    readyAt: 2,
    ports: [{ port, protocol: 'TCP', kind: 'tcp' }],
    cpuMillicores: 0,
    memoryBytes: 3.4 * MiB,
    onSignal: (sig, ctx) => {
      if (sig !== 'SIGTERM' && sig !== 'SIGINT') return undefined;
      const secs = Math.floor(ctx.wallMs() / 1000);
      const out: LogLine[] = [{ text: `1:signal-handler (${secs}) Received ${sig} scheduling shutdown...` }, M('* User requested shutdown...', 100)];
      if (saves) {
        out.push(M('* Saving the final RDB snapshot before exiting.', 100), M('* DB saved on disk', 102));
        try {
          host.fs.writeFile(rdb, `REDIS${versionAtLeast(v, 7, 4) ? '0012' : '0011'}\u00fa\tredis-ver${version}`, { parents: false });
        } catch {
          /* read-only or missing dir: real redis logs a save error; not modelled */
        }
      }
      out.push(M('# Redis is now ready to exit, bye bye...', 102));
      return { lines: out, exitCode: 0, afterMs: 103 };
    },
  };
}

// ---- mysql ---------------------------------------------------------------------------------

function mysqlStart(host: ProcessHost, argv: string[]): DaemonStart {
  const viaEntrypoint = /(^|\/)docker-entrypoint\.sh$/.test(argv[0] ?? '');
  let args = viaEntrypoint ? argv.slice(1) : argv;
  if (viaEntrypoint && args[0]?.startsWith('-')) args = ['mysqld', ...args];
  const prog = (args[0] ?? '').split('/').pop();
  const full = host.env.MYSQL_VERSION ?? '8.4.3-1.el9';
  const version = full.replace(/-.*$/, '');
  const v = versionOf(version);
  const legacy = !versionAtLeast(v, 8);
  const E = (type: string, text: string, at = 0, stream: 'stdout' | 'stderr' = 'stdout'): LogLine => ({ at, stream, text: (t) => `${fmtRfc3339s(t)} [${type}] [Entrypoint]: ${text}` });
  const S = (thread: number, type: string, code: string, sub: string, text: string, at: number): LogLine =>
    legacy ? { at, stream: 'stderr', text: (t) => `${fmtIsoMicro(t, at)} ${thread} [${type === 'System' ? 'Note' : type}] ${text}` } : { at, stream: 'stderr', text: (t) => `${fmtIsoMicro(t, at)} ${thread} [${type}] [${code}] [${sub}] ${text}` };
  if (viaEntrypoint && prog !== 'mysqld') return { lines: [], exec: args, execNotFound: (cmd) => ({ text: `/usr/local/bin/docker-entrypoint.sh: line 433: exec: ${cmd}: not found`, code: 127 }) };
  if (args.includes('--version') || args.includes('-V')) return { lines: [`/usr/sbin/mysqld  Ver ${version} for Linux on x86_64 (MySQL Community Server - GPL)`], exitCode: 0 };
  const head = viaEntrypoint ? [E('Note', `Entrypoint script for MySQL Server ${full} started.`), E('Note', "Switching to dedicated user 'mysql'"), E('Note', `Entrypoint script for MySQL Server ${full} started.`)] : [];
  const env = host.env;
  const datadir = '/var/lib/mysql';
  const exists = host.fs.lookup(`${datadir}/mysql`)?.kind === 'dir';
  const lines: LogLine[] = [...head];
  let t = 60;
  if (viaEntrypoint && !exists) {
    if (!env.MYSQL_ROOT_PASSWORD && !env.MYSQL_ALLOW_EMPTY_PASSWORD && !env.MYSQL_RANDOM_ROOT_PASSWORD) {
      return {
        lines: [...lines, E('ERROR', 'Database is uninitialized and password option is not specified\n    You need to specify one of the following as an environment variable:\n    - MYSQL_ROOT_PASSWORD\n    - MYSQL_ALLOW_EMPTY_PASSWORD\n    - MYSQL_RANDOM_ROOT_PASSWORD', 40, 'stderr')],
        exitCode: 1,
        exitAt: 45,
      };
    }
    lines.push(E('Note', 'Initializing database files', t));
    if (legacy) {
      lines.push(S(0, 'Warning', '', '', 'TIMESTAMP with implicit DEFAULT value is deprecated. Please use --explicit_defaults_for_timestamp server option (see documentation for more details).', t + 200), S(0, 'Warning', '', '', 'InnoDB: New log files created, LSN=45790', t + 900), S(0, 'Warning', '', '', 'InnoDB: Creating foreign key constraint system tables.', t + 1000), S(1, 'Warning', '', '', 'root@localhost is created with an empty password ! Please consider switching off the --initialize-insecure option.', t + 2500));
      t += 2600;
    } else {
      lines.push(
        S(0, 'System', 'MY-015017', 'Server', 'MySQL Server Initialization - start.', t + 150),
        S(0, 'System', 'MY-013169', 'Server', `/usr/sbin/mysqld (mysqld ${version}) initializing of server in progress as process 80`, t + 160),
        S(1, 'System', 'MY-013576', 'InnoDB', 'InnoDB initialization has started.', t + 190),
        S(1, 'System', 'MY-013577', 'InnoDB', 'InnoDB initialization has ended.', t + 1400),
        S(6, 'Warning', 'MY-010453', 'Server', 'root@localhost is created with an empty password ! Please consider switching off the --initialize-insecure option.', t + 4200),
        S(0, 'System', 'MY-015018', 'Server', 'MySQL Server Initialization - end.', t + 6900),
      );
      t += 6950;
    }
    lines.push(E('Note', 'Database files initialized', t), E('Note', 'Starting temporary server', t + 1));
    t += 10;
    const server = (pid: number, port: number, t0: number): LogLine[] =>
      legacy
        ? [S(0, 'Note', '', '', `mysqld (mysqld ${version}) starting as process ${pid} ...`, t0), S(0, 'Note', '', '', `mysqld: ready for connections.\nVersion: '${version}'  socket: '/var/run/mysqld/mysqld.sock'  port: ${port}  MySQL Community Server (GPL)`, t0 + 900)]
        : [
            S(0, 'System', 'MY-015015', 'Server', 'MySQL Server - start.', t0),
            S(0, 'System', 'MY-010116', 'Server', `/usr/sbin/mysqld (mysqld ${version}) starting as process ${pid}`, t0 + 280),
            S(1, 'System', 'MY-013576', 'InnoDB', 'InnoDB initialization has started.', t0 + 300),
            S(1, 'System', 'MY-013577', 'InnoDB', 'InnoDB initialization has ended.', t0 + 620),
            S(0, 'Warning', 'MY-010068', 'Server', 'CA certificate ca.pem is self signed.', t0 + 900),
            S(0, 'System', 'MY-013602', 'Server', 'Channel mysql_main configured to support TLS. Encrypted connections are now supported for this channel.', t0 + 901),
            S(0, 'Warning', 'MY-011810', 'Server', "Insecure configuration for --pid-file: Location '/var/run/mysqld' in the path is accessible to all OS users. Consider choosing a different directory.", t0 + 905),
            S(0, 'System', 'MY-011323', 'Server', port ? 'X Plugin ready for connections. Bind-address: \'::\' port: 33060, socket: /var/run/mysqld/mysqlx.sock' : 'X Plugin ready for connections. Socket: /var/run/mysqld/mysqlx.sock', t0 + 960),
            S(0, 'System', 'MY-010931', 'Server', `/usr/sbin/mysqld: ready for connections. Version: '${version}'  socket: '/var/run/mysqld/mysqld.sock'  port: ${port}  MySQL Community Server - GPL.`, t0 + 961),
          ];
    lines.push(...server(124, 0, t));
    t += 1000;
    lines.push(E('Note', 'Temporary server started.', t), { at: t, text: "'/var/lib/mysql/mysql.sock' -> '/var/run/mysqld/mysqld.sock'" });
    for (const f of ['iso3166.tab', 'leap-seconds.list', 'leapseconds', 'tzdata.zi', 'zone.tab', 'zone1970.tab']) lines.push({ at: t + 700, stream: 'stderr', text: `Warning: Unable to load '/usr/share/zoneinfo/${f}' as time zone. Skipping it.` });
    t += 1400;
    if (env.MYSQL_RANDOM_ROOT_PASSWORD) {
      let h = 2166136261;
      for (const ch of host.hostname) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
      lines.push(E('Note', `GENERATED ROOT PASSWORD: ${h.toString(36)}${(h >>> 7).toString(36).toUpperCase()}`, t));
    }
    if (env.MYSQL_DATABASE) lines.push(E('Note', `Creating database ${env.MYSQL_DATABASE}`, t));
    if (env.MYSQL_USER && env.MYSQL_PASSWORD) {
      lines.push(E('Note', `Creating user ${env.MYSQL_USER}`, t + 20));
      if (env.MYSQL_DATABASE) lines.push(E('Note', `Giving user ${env.MYSQL_USER} access to schema ${env.MYSQL_DATABASE}`, t + 30));
    }
    t += 40;
    lines.push({ at: t, text: '' }, E('Note', 'Stopping temporary server', t));
    lines.push(legacy ? S(0, 'Note', '', '', `mysqld: Shutdown complete`, t + 1500) : S(10, 'System', 'MY-013172', 'Server', `Received SHUTDOWN from user root. Shutting down mysqld (Version: ${version}).`, t + 5), ...(legacy ? [] : [S(0, 'System', 'MY-010910', 'Server', `/usr/sbin/mysqld: Shutdown complete (mysqld ${version})  MySQL Community Server - GPL.`, t + 1500)]));
    t += 1510;
    lines.push(E('Note', 'Temporary server stopped', t), { at: t, text: '' }, E('Note', 'MySQL init process done. Ready for start up.', t), { at: t, text: '' });
    t += 10;
    // The data directory now exists: a restart with a persistent volume skips all of this.
    try {
      host.fs.mkdir(`${datadir}/mysql`, true);
      for (const f of ['ibdata1', 'auto.cnf', 'mysql.ibd']) appendFile(host, `${datadir}/${f}`, '');
      if (env.MYSQL_DATABASE) host.fs.mkdir(`${datadir}/${env.MYSQL_DATABASE}`, true);
    } catch {
      /* read-only data dir: mysqld would have failed earlier; not modelled */
    }
    lines.push(...finalServer());
  } else lines.push(...finalServer());

  function finalServer(): LogLine[] {
    const t0 = t;
    const srv = legacy
      ? [S(0, 'Note', '', '', `mysqld (mysqld ${version}) starting as process 1 ...`, t0), S(0, 'Note', '', '', `mysqld: ready for connections.\nVersion: '${version}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server (GPL)`, t0 + 900)]
      : [
          S(0, 'System', 'MY-015015', 'Server', 'MySQL Server - start.', t0),
          S(0, 'System', 'MY-010116', 'Server', `/usr/sbin/mysqld (mysqld ${version}) starting as process 1`, t0 + 280),
          S(1, 'System', 'MY-013576', 'InnoDB', 'InnoDB initialization has started.', t0 + 300),
          S(1, 'System', 'MY-013577', 'InnoDB', 'InnoDB initialization has ended.', t0 + 610),
          S(0, 'Warning', 'MY-010068', 'Server', 'CA certificate ca.pem is self signed.', t0 + 880),
          S(0, 'System', 'MY-013602', 'Server', 'Channel mysql_main configured to support TLS. Encrypted connections are now supported for this channel.', t0 + 881),
          S(0, 'Warning', 'MY-011810', 'Server', "Insecure configuration for --pid-file: Location '/var/run/mysqld' in the path is accessible to all OS users. Consider choosing a different directory.", t0 + 886),
          S(0, 'System', 'MY-011323', 'Server', "X Plugin ready for connections. Bind-address: '::' port: 33060, socket: /var/run/mysqld/mysqlx.sock", t0 + 950),
          S(0, 'System', 'MY-010931', 'Server', `/usr/sbin/mysqld: ready for connections. Version: '${version}'  socket: '/var/run/mysqld/mysqld.sock'  port: 3306  MySQL Community Server - GPL.`, t0 + 951),
        ];
    t = t0 + 951;
    return srv;
  }

  const readyAt = t;
  return {
    lines,
    readyAt,
    ports: legacy ? [{ port: 3306, protocol: 'TCP', kind: 'tcp' }] : [{ port: 3306, protocol: 'TCP', kind: 'tcp' }, { port: 33060, protocol: 'TCP', kind: 'tcp' }],
    cpuMillicores: 0,
    // InnoDB's 128M buffer pool and friends once the final server is up.
    memoryBytes: (up) => (up < readyAt - 1000 ? 180 * MiB : legacy ? 205 * MiB : 402 * MiB),
    onSignal: (sig, ctx) => {
      if (sig !== 'SIGTERM' && sig !== 'SIGINT' && sig !== 'SIGHUP') return undefined;
      // Until the entrypoint execs mysqld, PID 1 is bash without a trap: the signal is ignored.
      if (ctx.uptimeMs() < readyAt - 1000 && viaEntrypoint) return 'ignore';
      if (sig === 'SIGHUP') return { lines: [] };
      const who = '<via user signal>';
      return {
        lines: legacy
          ? [S(0, 'Note', '', '', `Giving 0 client threads a chance to die gracefully`, 1), S(0, 'Note', '', '', `mysqld: Shutdown complete`, 1400)]
          : [S(0, 'System', 'MY-013172', 'Server', `Received SHUTDOWN from user ${who}. Shutting down mysqld (Version: ${version}).`, 1), S(0, 'System', 'MY-010910', 'Server', `/usr/sbin/mysqld: Shutdown complete (mysqld ${version})  MySQL Community Server - GPL.`, 1400)],
        exitCode: 0,
        afterMs: 1405,
      };
    },
  };
}

export const DATA_DAEMONS: Record<string, DaemonBehaviour> = {
  redis: { ports: [6379], startup: redisStart, cpuMillicores: 0, memoryBytes: 3.4 * MiB },
  mysql: { ports: [3306], startup: mysqlStart, cpuMillicores: 0, memoryBytes: 402 * MiB },
};

/**
 * Web servers as the real images run them: nginx (docker-entrypoint.sh, notice log, SIGQUIT
 * graceful stop), Apache httpd and the php-apache HPA example, Tomcat (catalina.sh run, JULI
 * console + logs/catalina.<date>.log), and Node.js apps (luksa/kubia, distroless node).
 */
import type { ProcessHost } from '../shell/types';
import type { DaemonBehaviour } from './daemons';
import {
  appendFile,
  fmtApache,
  fmtClf,
  fmtDate,
  fmtSlash,
  fmtTomcat,
  MiB,
  splitQuery,
  versionAtLeast,
  versionOf,
  type DaemonContext,
  type DaemonStart,
  type HttpAnswer,
  type HttpRequest,
  type LogLine,
  type SignalReaction,
} from './daemon-kit';

/** Bytes of a string in UTF-8 (Content-Length, access-log sizes) without allocating a buffer. */
function utf8Len(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff) i++, (n += 2); // surrogate pair: 4 bytes for 2 code units
    else n += 2;
  }
  return n;
}

/** CPUs the container sees (nginx's worker_processes auto); /proc/cpuinfo when the node provides it. */
function cpuCount(host: ProcessHost): number {
  try {
    const n = (host.fs.readFile('/proc/cpuinfo').match(/^processor\s*:/gm) ?? []).length;
    if (n > 0) return n;
  } catch {
    /* no /proc/cpuinfo in this container */
  }
  return 2;
}

function fileText(host: ProcessHost, path: string): string | undefined {
  try {
    const n = host.fs.lookup(path);
    return n?.kind === 'file' ? host.fs.readFile(path) : undefined;
  } catch {
    return undefined;
  }
}

// ---- nginx ---------------------------------------------------------------------------------

/** /usr/share/nginx/html/index.html as shipped since 1.21 (615 bytes). */
export const NGINX_INDEX = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

/** The pre-1.21 index.html (612 bytes). */
export const NGINX_INDEX_OLD = `<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
    body {
        width: 35em;
        margin: 0 auto;
        font-family: Tahoma, Verdana, Arial, sans-serif;
    }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. Further configuration is required.</p>

<p>For online documentation and support please refer to
<a href="http://nginx.org/">nginx.org</a>.<br/>
Commercial support is available at
<a href="http://nginx.com/">nginx.com</a>.</p>

<p><em>Thank you for using nginx.</em></p>
</body>
</html>
`;

export const NGINX_50X = `<!DOCTYPE html>
<html>
<head>
<title>Error</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>An error occurred.</h1>
<p>Sorry, the page you are looking for is currently unavailable.<br/>
Please try again later.</p>
<p>If you are the system administrator of this resource then you should check
the error log for details.</p>
<p><em>Faithfully yours, nginx.</em></p>
</body>
</html>
`;

/** /etc/nginx/conf.d/default.conf as packaged (before the entrypoint adds the IPv6 listen). */
export const NGINX_DEFAULT_CONF = `server {
    listen       80;
    server_name  localhost;

    #access_log  /var/log/nginx/host.access.log  main;

    location / {
        root   /usr/share/nginx/html;
        index  index.html index.htm;
    }

    #error_page  404              /404.html;

    # redirect server error pages to the static page /50x.html
    #
    error_page   500 502 503 504  /50x.html;
    location = /50x.html {
        root   /usr/share/nginx/html;
    }

    # proxy the PHP scripts to Apache listening on 127.0.0.1:80
    #
    #location ~ \\.php$ {
    #    proxy_pass   http://127.0.0.1;
    #}

    # pass the PHP scripts to FastCGI server listening on 127.0.0.1:9000
    #
    #location ~ \\.php$ {
    #    root           html;
    #    fastcgi_pass   127.0.0.1:9000;
    #    fastcgi_index  index.php;
    #    fastcgi_param  SCRIPT_FILENAME  /scripts$fastcgi_script_name;
    #    include        fastcgi_params;
    #}

    # deny access to .htaccess files, if Apache's document root
    # concurs with nginx's one
    #
    #location ~ /\\.ht {
    #    deny  all;
    #}
}
`;

export const NGINX_CONF = `
user  nginx;
worker_processes  auto;

error_log  /var/log/nginx/error.log notice;
pid        /var/run/nginx.pid;


events {
    worker_connections  1024;
}


http {
    include       /etc/nginx/mime.types;
    default_type  application/octet-stream;

    log_format  main  '$remote_addr - $remote_user [$time_local] "$request" '
                      '$status $body_bytes_sent "$http_referer" '
                      '"$http_user_agent" "$http_x_forwarded_for"';

    access_log  /var/log/nginx/access.log  main;

    sendfile        on;
    #tcp_nopush     on;

    keepalive_timeout  65;

    #gzip  on;

    include /etc/nginx/conf.d/*.conf;
}
`;

interface NginxFlavour {
  version: number[];
  vstr: string;
  /** Debian codename, or 'alpine'. */
  distro: string;
}

function nginxFlavour(host: ProcessHost, fixed?: string): NginxFlavour {
  const raw = fixed ?? host.env.NGINX_VERSION ?? '1.27.3';
  const version = versionOf(raw);
  const codename = /~(\w+)/.exec(`${raw} ${host.env.PKG_RELEASE ?? ''}`)?.[1];
  return { version, vstr: version.join('.'), distro: codename ?? (host.env.PKG_RELEASE ? 'alpine' : 'bookworm') };
}

const GCC: Record<string, string> = {
  stretch: 'gcc 6.3.0 20170516 (Debian 6.3.0-18+deb9u1)',
  buster: 'gcc 8.3.0 (Debian 8.3.0-6)',
  bullseye: 'gcc 10.2.1 20210110 (Debian 10.2.1-6)',
  bookworm: 'gcc 12.2.0 (Debian 12.2.0-14)',
  alpine: 'gcc 13.2.1 20240309 (Alpine 13.2.1_git20240309)',
};

/** nginx's own error page ("404 Not Found" … "nginx/1.27.3"). */
function nginxErrorPage(status: number, vstr: string): string {
  const title = { 301: '301 Moved Permanently', 400: '400 Bad Request', 403: '403 Forbidden', 404: '404 Not Found', 405: '405 Not Allowed', 500: '500 Internal Server Error' }[status] ?? `${status}`;
  return `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx/${vstr}</center>\r\n</body>\r\n</html>\r\n`;
}

/** What the server blocks in conf.d say: listen ports, document root, a literal `return`. */
function nginxSiteConfig(host: ProcessHost): { ports: number[]; root: string; ret?: { status: number; body: string } } {
  let texts: string[] = [];
  try {
    if (host.fs.isDir('/etc/nginx/conf.d')) texts = host.fs.list('/etc/nginx/conf.d').filter((n) => n.endsWith('.conf')).map((n) => fileText(host, `/etc/nginx/conf.d/${n}`) ?? '');
  } catch {
    texts = [];
  }
  if (!host.fs.exists('/etc/nginx/conf.d')) texts = [NGINX_DEFAULT_CONF];
  const conf = texts.join('\n').replace(/#[^\n]*/g, '');
  const ports = [...conf.matchAll(/\blisten\s+(?:[\d.]+:)?(\d+)/g)].map((m) => Number(m[1]));
  const root = /location\s+\/\s*\{[^}]*?\broot\s+([^;\s]+)\s*;/.exec(conf)?.[1] ?? /\broot\s+([^;\s]+)\s*;/.exec(conf)?.[1] ?? '/usr/share/nginx/html';
  const r = /location\s+\/\s*\{[^}]*?\breturn\s+(\d{3})\s+(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^;]*))\s*;/.exec(conf);
  const ret = r ? { status: Number(r[1]), body: (r[2] ?? r[3] ?? r[4] ?? '').replace(/\\n/g, '\n').replace(/\\"/g, '"') } : undefined;
  return { ports: [...new Set(ports.length ? ports : [80])], root: root.replace(/\/+$/, '') || '/', ret };
}

/** The lines docker-entrypoint.sh prints before exec'ing nginx. */
function nginxEntrypointLines(host: ProcessHost, f: NginxFlavour): string[] {
  if (!versionAtLeast(f.version, 1, 19) || host.env.NGINX_ENTRYPOINT_QUIET_LOGS) return [];
  const E = '/docker-entrypoint.sh';
  const ipv6 = '10-listen-on-ipv6-by-default.sh';
  const conf = '/etc/nginx/conf.d/default.conf';
  const lines = [`${E}: /docker-entrypoint.d/ is not empty, will attempt to perform configuration`, `${E}: Looking for shell scripts in /docker-entrypoint.d/`, `${E}: Launching /docker-entrypoint.d/${ipv6}`];
  const node = host.fs.lookup(conf);
  const imageHasConfDir = host.fs.exists('/etc/nginx');
  if (imageHasConfDir && node?.kind !== 'file') lines.push(`${ipv6}: info: ${conf} is not a file or does not exist`);
  else if (node?.kind === 'file' && (node.readOnly || (host.fs.lookup('/etc/nginx/conf.d') as { readOnly?: boolean } | undefined)?.readOnly)) lines.push(`${ipv6}: info: can not modify ${conf} (read-only file system?)`);
  else if (node?.kind === 'file' && /listen\s+\[::\]:80;/.test(fileText(host, conf) ?? '')) lines.push(`${ipv6}: info: IPv6 listen already enabled`);
  else {
    lines.push(`${ipv6}: info: Getting the checksum of ${conf}`);
    if (node?.kind === 'file' && fileText(host, conf) !== NGINX_DEFAULT_CONF) lines.push(`${ipv6}: info: ${conf} differs from the packaged version`);
    else {
      lines.push(`${ipv6}: info: Enabled listen on IPv6 in ${conf}`);
      if (node?.kind === 'file') {
        try {
          host.fs.writeFile(conf, NGINX_DEFAULT_CONF.replace('    listen       80;\n', '    listen       80;\n    listen  [::]:80;\n'));
        } catch {
          /* unchanged */
        }
      }
    }
  }
  if (versionAtLeast(f.version, 1, 25)) lines.push(`${E}: Sourcing /docker-entrypoint.d/15-local-resolvers.envsh`);
  lines.push(`${E}: Launching /docker-entrypoint.d/20-envsubst-on-templates.sh`);
  if (versionAtLeast(f.version, 1, 21)) lines.push(`${E}: Launching /docker-entrypoint.d/30-tune-worker-processes.sh`);
  lines.push(`${E}: Configuration complete; ready for start up`);
  return lines;
}

const isEntrypoint = (a: string | undefined) => !!a && /(^|\/)docker-entrypoint\.sh$/.test(a);

/** registry.k8s.io/nginx-slim tags → the nginx they ship (their config logs nothing at start). */
export const NGINX_SLIM_VERSIONS: Record<string, string> = { '0.8': '1.11.1', '0.21': '1.21.6', '0.24': '1.23.4', '0.26': '1.25.1', '0.27': '1.25.3' };

function nginxStart(host: ProcessHost, argv: string[], slim?: string): DaemonStart {
  const f = nginxFlavour(host, slim);
  const viaEntrypoint = isEntrypoint(argv[0]);
  const args = viaEntrypoint ? argv.slice(1) : argv;
  const prog = (args[0] ?? '').split('/').pop();
  if (viaEntrypoint && prog !== 'nginx' && prog !== 'nginx-debug') {
    // `exec "$@"`: e.g. `args: ["sleep", "3600"]` on the nginx image runs sleep.
    return { lines: [], exec: args, execNotFound: (cmd) => ({ text: `/docker-entrypoint.sh: ${versionAtLeast(f.version, 1, 25) ? 47 : 38}: exec: ${cmd}: not found`, code: 127 }) };
  }
  const err = (text: string): LogLine => ({ stream: 'stderr', text });
  const flags = args.slice(1);
  let daemonOff = /\bdaemon\s+off\s*;/.test(fileText(host, '/etc/nginx/nginx.conf') ?? '');
  for (let i = 0; i < flags.length; i++) {
    const a = flags[i]!;
    if (a === '-v' || a === '-V') {
      const lines = [err(`nginx version: nginx/${f.vstr}`)];
      if (a === '-V') lines.push(err(`built by ${GCC[f.distro] ?? GCC.bookworm}`), err('built with OpenSSL 3.0.15 3 Sep 2024'), err('TLS SNI support enabled'));
      return { lines, exitCode: 0 };
    }
    if (a === '-t' || a === '-T') return { lines: [err('nginx: the configuration file /etc/nginx/nginx.conf syntax is ok'), err('nginx: configuration file /etc/nginx/nginx.conf test is successful')], exitCode: 0 };
    if (a === '-g') {
      const directives = flags[++i] ?? '';
      if (/\bdaemon\s+off\s*;/.test(directives)) daemonOff = true;
      continue;
    }
    if (a === '-c' || a === '-p' || a === '-e' || a === '-s') {
      i++;
      continue;
    }
    if (a === '-h' || a === '-?') return { lines: [err(`nginx version: nginx/${f.vstr}`), err('Usage: nginx [-?hvVtTq] [-s signal] [-p prefix]'), err('             [-e filename] [-c filename] [-g directives]')], exitCode: 0 };
    if (a !== '-q') return { lines: [err(`nginx: invalid option: "${a.replace(/^-/, '')}"`)], exitCode: 1 };
  }
  const site = nginxSiteConfig(host);
  const entry = viaEntrypoint ? nginxEntrypointLines(host, f) : [];
  // error_log is at notice level since 1.19 (warn before: nothing at start).
  const notice = versionAtLeast(f.version, 1, 19) && slim === undefined;
  const workers = cpuCount(host);
  const firstWorker = viaEntrypoint && versionAtLeast(f.version, 1, 19) ? 29 : 7;
  const at = 30; // entrypoint scripts take a few ms
  const n = (text: string, dt = 0): LogLine => ({ stream: 'stderr', at: at + dt, text: (t) => `${fmtSlash(t)} [notice] ${text}` });
  const lines: Array<string | LogLine> = [...entry];
  const head = notice ? [n('1#1: using the "epoll" event method'), n(`1#1: nginx/${f.vstr}`), n(`1#1: built by ${GCC[f.distro] ?? GCC.bookworm}`), n('1#1: OS: Linux 6.8.0-podlab'), n('1#1: getrlimit(RLIMIT_NOFILE): 1048576:1048576')] : [];
  if (!daemonOff) {
    // Without `daemon off;` the master forks into the background and PID 1 exits 0: the container completes.
    return { lines: [...lines, ...head], exitCode: 0, exitAt: at + 5 };
  }
  lines.push(...head);
  if (notice) {
    lines.push(n('1#1: start worker processes', 1));
    for (let w = 0; w < workers; w++) lines.push(n(`1#1: start worker process ${firstWorker + w}`, 1));
  }
  const workerPids = Array.from({ length: workers }, (_, i) => firstWorker + i);
  return {
    lines,
    readyAt: at + 1,
    ports: site.ports.map((port) => ({ port, protocol: 'TCP' as const, kind: 'http' as const })),
    cpuMillicores: 0,
    memoryBytes: 3 * MiB + workers * 512 * 1024,
    cpuMsPerRequest: 0.2,
    http: (req, ctx) => nginxServe(req, ctx, f, site),
    onSignal: (sig): SignalReaction | undefined => {
      const stop = (graceful: boolean): SignalReaction => {
        const lines: LogLine[] = [];
        const l = (text: string) => lines.push({ stream: 'stderr', text: (t) => `${fmtSlash(t)} [notice] ${text}` });
        if (!notice) return { lines, exitCode: 0, afterMs: 5 };
        l(graceful ? '1#1: signal 3 (SIGQUIT) received, shutting down' : `1#1: signal ${sig === 'SIGINT' ? '2 (SIGINT)' : '15 (SIGTERM)'} received, exiting`);
        for (const p of workerPids) {
          if (graceful) l(`${p}#${p}: gracefully shutting down`);
          l(`${p}#${p}: exiting`);
          l(`${p}#${p}: exit`);
        }
        for (const p of workerPids) {
          l(`1#1: signal 17 (SIGCHLD) received from ${p}`);
          l(`1#1: worker process ${p} exited with code 0`);
        }
        l('1#1: exit');
        return { lines, exitCode: 0, afterMs: graceful ? 20 : 5 };
      };
      if (sig === 'SIGQUIT') return stop(true);
      if (sig === 'SIGTERM' || sig === 'SIGINT') return stop(false);
      if (sig === 'SIGHUP') {
        return { lines: notice ? [{ stream: 'stderr', text: (t) => `${fmtSlash(t)} [notice] 1#1: signal 1 (SIGHUP) received, reconfiguring` }] : [] };
      }
      return undefined;
    },
  };
}

function nginxServe(req: HttpRequest, ctx: DaemonContext, f: NginxFlavour, site: { root: string; ret?: { status: number; body: string } }): HttpAnswer {
  const { host } = ctx;
  const method = (req.method ?? 'GET').toUpperCase();
  const { pathname } = splitQuery(req.path);
  const answer = (status: number, body: string, headers?: Record<string, string>): HttpAnswer => {
    const reqLine = `${method} ${req.path} HTTP/1.1`;
    ctx.log({ text: (t) => `${req.clientIP ?? '127.0.0.1'} - - [${fmtClf(t)}] "${reqLine}" ${status} ${method === 'HEAD' ? 0 : utf8Len(body)} "-" "${req.userAgent ?? '-'}" "-"` });
    return { status, body: method === 'HEAD' ? '' : body, headers: { 'Content-Type': 'text/html', ...headers } };
  };
  const errLog = (msg: string) => ctx.log({ stream: 'stderr', text: (t) => `${fmtSlash(t)} [error] 29#29: *1 ${msg}, client: ${req.clientIP ?? '127.0.0.1'}, server: localhost, request: "${method} ${req.path} HTTP/1.1", host: "${host.podIP || 'localhost'}"` });
  if (site.ret) return answer(site.ret.status, site.ret.body, { 'Content-Type': 'application/octet-stream' });
  if (method !== 'GET' && method !== 'HEAD') return answer(405, nginxErrorPage(405, f.vstr));
  let clean: string;
  try {
    clean = decodeURIComponent(pathname).replace(/\/+/g, '/');
  } catch {
    return answer(400, nginxErrorPage(400, f.vstr));
  }
  const useImage = site.root === '/usr/share/nginx/html' && !host.fs.exists(site.root);
  const file = site.root + clean;
  if (useImage) {
    const index = versionAtLeast(f.version, 1, 21) ? NGINX_INDEX : NGINX_INDEX_OLD;
    if (clean === '/' || clean === '/index.html') return answer(200, index);
    if (clean === '/50x.html') return answer(200, NGINX_50X);
    errLog(`open() "${file}" failed (2: No such file or directory)`);
    return answer(404, nginxErrorPage(404, f.vstr));
  }
  const node = host.fs.lookup(file);
  if (node?.kind === 'dir') {
    if (!clean.endsWith('/')) return answer(301, nginxErrorPage(301, f.vstr), { Location: `http://${host.podIP || 'localhost'}${clean}/` });
    for (const idx of ['index.html', 'index.htm']) {
      const t = fileText(host, `${file}${idx}`);
      if (t !== undefined) return answer(200, t);
    }
    errLog(`directory index of "${file}" is forbidden`);
    return answer(403, nginxErrorPage(403, f.vstr));
  }
  if (node?.kind === 'file') return answer(200, fileText(host, file) ?? '');
  errLog(`open() "${file}" failed (2: No such file or directory)`);
  return answer(404, nginxErrorPage(404, f.vstr));
}

// ---- Apache httpd and php-apache ------------------------------------------------------------

interface ApacheFlavour {
  /** Name in AH00558 ("httpd" or "apache2"). */
  bin: string;
  banner: string;
  mpm: 'event' | 'prefork';
  cmdline: string;
  docroot: string;
  /** Fixed content when the document root is not in the container's filesystem. */
  index: string;
  /** PHP script output (the HPA example answers "OK!"). */
  php?: { body: string; cpuMs: number; version: string };
}

const tid = '140284612962184';

function apacheStart(host: ProcessHost, a: ApacheFlavour): DaemonStart {
  const who = a.mpm === 'event' ? `pid 1:tid ${tid}` : 'pid 1';
  const fqdn = (text: string): LogLine => ({ stream: 'stderr', text });
  const warn = `AH00558: ${a.bin}: Could not reliably determine the server's fully qualified domain name, using ${host.podIP || '127.0.0.1'}. Set the 'ServerName' directive globally to suppress this message`;
  const note = (text: string, dt = 0): LogLine => ({ stream: 'stderr', at: 40 + dt, text: (t) => `[${fmtApache(t, dt)}] [${text.startsWith('AH00094') ? 'core' : `mpm_${a.mpm}`}:notice] [${who}] ${text}` });
  const cpuMs = a.php?.cpuMs ?? 0.3;
  return {
    lines: [fqdn(warn), fqdn(warn), note(`${a.mpm === 'event' ? 'AH00489' : 'AH00163'}: ${a.banner} configured -- resuming normal operations`), note(`AH00094: Command line: '${a.cmdline}'`, 1)],
    readyAt: 40,
    ports: [{ port: 80, protocol: 'TCP', kind: 'http' }],
    cpuMillicores: 0,
    memoryBytes: a.php ? 11 * MiB : 6 * MiB,
    cpuMsPerRequest: cpuMs,
    http: (req, ctx) => {
      const { pathname } = splitQuery(req.path);
      const method = (req.method ?? 'GET').toUpperCase();
      let status = 200;
      let body: string;
      let cost = 0.3;
      const onDisk = host.fs.exists(a.docroot);
      const path = pathname === '/' ? (a.php ? '/index.php' : '/index.html') : pathname;
      if (a.php && path === '/index.php') {
        body = a.php.body;
        cost = a.php.cpuMs;
      } else if (onDisk && host.fs.lookup(a.docroot + path)?.kind === 'file') body = fileText(host, a.docroot + path) ?? '';
      else if (!onDisk && path === '/index.html' && !a.php) body = a.index;
      else {
        status = 404;
        body = `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL ${pathname} was not found on this server.</p>\n${a.php ? `<hr>\n<address>${a.banner.replace(/ PHP\/.*/, '')} Server at ${host.podIP || 'localhost'} Port 80</address>\n` : ''}</body></html>\n`;
      }
      // %h %l %u %t "%r" %>s %O "%{Referer}i" "%{User-Agent}i" — %O counts headers too.
      const sent = utf8Len(body) + (a.php ? 187 : 245);
      ctx.log({ text: (t) => `${req.clientIP ?? '127.0.0.1'} - - [${fmtClf(t)}] "${method} ${req.path} HTTP/1.1" ${status} ${sent} "-" "${req.userAgent ?? '-'}"` });
      return { status, body, headers: { 'Content-Type': 'text/html' + (a.php ? '' : '; charset=iso-8859-1') }, cpuMs: cost };
    },
    onSignal: (sig) => {
      const line = (text: string): LogLine => ({ stream: 'stderr', text: (t) => `[${fmtApache(t, 7)}] [mpm_${a.mpm}:notice] [${who}] ${text}` });
      if (sig === 'SIGTERM') return { lines: [line('AH00169: caught SIGTERM, shutting down')], exitCode: 0, afterMs: 10 };
      if (sig === 'SIGWINCH') return { lines: [line('AH00492: caught SIGWINCH, shutting down gracefully')], exitCode: 0, afterMs: 20 };
      if (sig === 'SIGINT') return { lines: [line('AH00169: caught SIGTERM, shutting down')], exitCode: 0, afterMs: 10 };
      return undefined;
    },
  };
}

export const HTTPD_INDEX = '<html><body><h1>It works!</h1></body></html>\n';

/** The HPA walkthrough's index.php: 1,000,001 × sqrt in PHP 5.6, then "OK!". */
export const HPA_INDEX_PHP = `<?php
  $x = 0.0001;
  for ($i = 0; $i <= 1000000; $i++) {
    $x += sqrt($x);
  }
  echo "OK!";
?>
`;

/**
 * CPU one request to the HPA example costs. Not measured on the real image: derived from the HPA
 * walkthrough, where one sequential client (`while sleep 0.01; do wget …; done`) settles at 7
 * replicas of 200m at 50% target, i.e. ≈650m in total ⇒ c / (c + ~15 ms loop overhead) ≈ 0.65.
 */
export const HPA_CPU_MS_PER_REQUEST = 35;

// ---- Tomcat -------------------------------------------------------------------------------

const TOMCAT_JDK_OPTS = '--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED --add-opens=java.rmi/sun.rmi.transport=ALL-UNNAMED';

function tomcatStart(host: ProcessHost, argv: string[]): DaemonStart {
  const mode = argv.slice(1).find((a) => !a.startsWith('-'));
  if (mode !== 'run') {
    if (mode === 'version') return { lines: [`Server version: Apache Tomcat/${host.env.TOMCAT_VERSION ?? ''}`], exitCode: 0 };
    if (mode === 'start') return { lines: [`Using CATALINA_BASE:   /usr/local/tomcat`, `Using CATALINA_HOME:   /usr/local/tomcat`, 'Using CATALINA_TMPDIR: /usr/local/tomcat/temp', `Using JRE_HOME:        ${host.env.JAVA_HOME ?? '/opt/java/openjdk'}`, 'Using CLASSPATH:       /usr/local/tomcat/bin/bootstrap.jar:/usr/local/tomcat/bin/tomcat-juli.jar', 'Using CATALINA_OPTS:   ', 'Tomcat started.'], exitCode: 0 };
    return { lines: ['Usage: catalina.sh ( commands ... )', 'commands:', '  debug             Start Catalina in a debugger', '  jpda start        Start Catalina under JPDA debugger', '  run               Start Catalina in the current window', '  start             Start Catalina in a separate window', '  stop              Stop Catalina, waiting up to 5 seconds for the process to end', '  version           What version of tomcat are you running?'], exitCode: 1 };
  }
  const ver = host.env.TOMCAT_VERSION ?? '10.1.34';
  const v = versionOf(ver);
  const java = host.env.JAVA_VERSION ?? 'jdk-21.0.5+11';
  const modernJava = !/^(jdk)?8u|^1\.8/.test(java);
  const jvm = java.replace(/^jdk-?/, '').replace(/-b\d+$/, '') + (modernJava ? '-LTS' : '');
  const base = host.env.CATALINA_HOME ?? '/usr/local/tomcat';
  const ports = [{ port: 8080, protocol: 'TCP' as const, kind: 'http' as const }];
  const epoch = (host.epochMs ?? 0) + host.now();
  const logFile = `${base}/logs/catalina.${fmtDate(epoch)}.log`;
  const accessLog = `${base}/logs/localhost_access_log.${fmtDate(epoch)}.txt`;
  // The JVM's JULI handlers create their files at start.
  for (const f of [logFile, `${base}/logs/localhost.${fmtDate(epoch)}.log`, accessLog]) appendFile(host, f, '');
  const L = (at: number, cls: string, msg: string, level = 'INFO', thread = 'main'): LogLine => ({ stream: 'stderr', file: logFile, at, text: (t) => `${fmtTomcat(t)} ${level} [${thread}] ${cls} ${msg}` });
  const VL = 'org.apache.catalina.startup.VersionLoggerListener.log';
  const proto = '"http-nio-8080"';
  const webapps = !versionAtLeast(v, 8, 5); // tomcat:8.0 images still shipped the default webapps
  const lines: Array<string | LogLine> = [];
  if (modernJava) lines.push({ stream: 'stderr', at: 250, text: `NOTE: Picked up JDK_JAVA_OPTIONS:  ${TOMCAT_JDK_OPTS}` });
  lines.push(
    L(420, VL, `Server version name:   Apache Tomcat/${ver}`),
    L(423, VL, `Server built:          Dec 5 2024 19:38:11 UTC`),
    L(423, VL, `Server version number: ${ver}.0`),
    L(423, VL, 'OS Name:               Linux'),
    L(423, VL, 'OS Version:            6.8.0-podlab'),
    L(423, VL, 'Architecture:          amd64'),
    L(423, VL, `Java Home:             ${host.env.JAVA_HOME ?? '/opt/java/openjdk'}`),
    L(423, VL, `JVM Version:           ${jvm}`),
    L(423, VL, `JVM Vendor:            ${modernJava ? 'Eclipse Adoptium' : 'Oracle Corporation'}`),
    L(423, VL, `CATALINA_BASE:         ${base}`),
    L(423, VL, `CATALINA_HOME:         ${base}`),
  );
  if (modernJava) for (const o of TOMCAT_JDK_OPTS.split(' ')) lines.push(L(426, VL, `Command line argument: ${o}`));
  lines.push(
    L(426, VL, `Command line argument: -Djava.util.logging.config.file=${base}/conf/logging.properties`),
    L(426, VL, 'Command line argument: -Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager'),
    L(427, VL, 'Command line argument: -Djdk.tls.ephemeralDHKeySize=2048'),
    L(427, VL, 'Command line argument: -Djava.protocol.handler.pkgs=org.apache.catalina.webresources'),
    L(427, VL, 'Command line argument: -Dorg.apache.catalina.security.SecurityListener.UMASK=0027'),
    L(427, VL, `Command line argument: -Dcatalina.base=${base}`),
    L(427, VL, `Command line argument: -Dcatalina.home=${base}`),
    L(427, VL, `Command line argument: -Djava.io.tmpdir=${base}/temp`),
    L(431, 'org.apache.catalina.core.AprLifecycleListener.lifecycleEvent', 'Loaded Apache Tomcat Native library [2.0.8] using APR version [1.7.2].'),
    L(436, 'org.apache.catalina.core.AprLifecycleListener.initializeSSL', 'OpenSSL successfully initialized [OpenSSL 3.0.13 30 Jan 2024]'),
    L(712, 'org.apache.coyote.AbstractProtocol.init', `Initializing ProtocolHandler [${proto}]`),
    L(741, 'org.apache.catalina.startup.Catalina.load', 'Server initialization in [571] milliseconds'),
    L(785, 'org.apache.catalina.core.StandardService.startInternal', 'Starting service [Catalina]'),
    L(786, 'org.apache.catalina.core.StandardEngine.startInternal', `Starting Servlet engine: [Apache Tomcat/${ver}]`),
  );
  if (webapps) lines.push(L(812, 'org.apache.catalina.startup.HostConfig.deployDirectory', `Deploying web application directory [${base}/webapps/ROOT]`), L(1290, 'org.apache.catalina.startup.HostConfig.deployDirectory', `Deployment of web application directory [${base}/webapps/ROOT] has finished in [478] ms`));
  const startedAt = webapps ? 1305 : 812;
  lines.push(L(startedAt, 'org.apache.coyote.AbstractProtocol.start', `Starting ProtocolHandler [${proto}]`), L(startedAt + 14, 'org.apache.catalina.startup.Catalina.start', `Server startup in [${startedAt + 14 - 741}] milliseconds`));
  const notFound = `<!doctype html><html lang="en"><head><title>HTTP Status 404 – Not Found</title><style type="text/css">body {font-family:Tahoma,Arial,sans-serif;} h1, h2, h3, b {color:white;background-color:#525D76;} h1 {font-size:22px;} h2 {font-size:16px;} h3 {font-size:14px;} p {font-size:12px;} a {color:black;} .line {height:1px;background-color:#525D76;border:none;}</style></head><body><h1>HTTP Status 404 – Not Found</h1><hr class="line" /><p><b>Type</b> Status Report</p><p><b>Description</b> The origin server did not find a current representation for the target resource or is not willing to disclose that one exists.</p><hr class="line" /><h3>Apache Tomcat/${ver}</h3></body></html>`;
  return {
    lines,
    readyAt: startedAt,
    ports,
    cpuMillicores: 0,
    memoryBytes: (up) => (up < startedAt ? 60 * MiB : 118 * MiB),
    cpuMsPerRequest: 1,
    http: (req, ctx) => {
      const { pathname } = splitQuery(req.path);
      const method = (req.method ?? 'GET').toUpperCase();
      const ok = webapps && (pathname === '/' || pathname === '/index.jsp');
      const body = ok ? `<!DOCTYPE html>\n<html lang="en">\n    <head>\n        <meta charset="UTF-8" />\n        <title>Apache Tomcat/${ver}</title>\n    </head>\n    <body>\n        <h1>If you're seeing this, you've successfully installed Tomcat. Congratulations!</h1>\n    </body>\n</html>\n` : notFound;
      const status = ok ? 200 : 404;
      appendFile(host, accessLog, `${req.clientIP ?? '127.0.0.1'} - - [${fmtClf(ctx.wallMs())}] "${method} ${req.path} HTTP/1.1" ${status} ${utf8Len(body)}\n`);
      return { status, body, headers: { 'Content-Type': 'text/html;charset=utf-8' } };
    },
    onSignal: (sig) => {
      if (sig !== 'SIGTERM' && sig !== 'SIGINT' && sig !== 'SIGHUP') return undefined;
      // The JVM runs Catalina's shutdown hook, then exits 128+15.
      const S = (at: number, cls: string, msg: string): LogLine => ({ stream: 'stderr', file: logFile, at, text: (t) => `${fmtTomcat(t)} INFO [Thread-1] ${cls} ${msg}` });
      return {
        lines: [S(2, 'org.apache.coyote.AbstractProtocol.pause', `Pausing ProtocolHandler [${proto}]`), S(12, 'org.apache.catalina.core.StandardService.stopInternal', 'Stopping service [Catalina]'), S(31, 'org.apache.coyote.AbstractProtocol.stop', `Stopping ProtocolHandler [${proto}]`), S(36, 'org.apache.coyote.AbstractProtocol.destroy', `Destroying ProtocolHandler [${proto}]`)],
        exitCode: 128 + ({ SIGTERM: 15, SIGINT: 2, SIGHUP: 1 } as const)[sig],
        afterMs: 45,
      };
    },
  };
}

// ---- Node.js: luksa/kubia and distroless node -----------------------------------------------

interface KubiaVariant {
  /** Body for a request, given the 1-based request number. */
  answer(n: number, hostname: string): { status: number; body: string };
}

const KUBIA: Record<string, KubiaVariant> = {
  kubia: { answer: (_n, h) => ({ status: 200, body: `You've hit ${h}\n` }) },
  'kubia-v1': { answer: (_n, h) => ({ status: 200, body: `This is v1 running in pod ${h}\n` }) },
  'kubia-v2': { answer: (_n, h) => ({ status: 200, body: `This is v2 running in pod ${h}\n` }) },
  'kubia-v3': { answer: (n, h) => (n >= 5 ? { status: 500, body: `Some internal error has occurred! This is pod ${h}\n` } : { status: 200, body: `This is v3 running in pod ${h}\n` }) },
  'kubia-v4': { answer: (_n, h) => ({ status: 200, body: `This is v4 running in pod ${h}\n` }) },
  'kubia-unhealthy': { answer: (n, h) => (n > 5 ? { status: 500, body: "I'm not well. Please restart me!" } : { status: 200, body: `You've hit ${h}\n` }) },
};

export const KUBIA_APP_JS = `const http = require('http');
const os = require('os');

console.log("Kubia server starting...");

var handler = function(request, response) {
  console.log("Received request from " + request.connection.remoteAddress);
  response.writeHead(200);
  response.end("You've hit " + os.hostname() + "\\n");
};

var www = http.createServer(handler);
www.listen(8080);
`;

/** node's "Cannot find module" crash, as Node.js 20 prints it. */
function nodeMissingModule(path: string, version: string): DaemonStart {
  const e = (text: string): LogLine => ({ stream: 'stderr', text });
  const major = versionOf(version)[0]!;
  const lines = major >= 12 ? [e('node:internal/modules/cjs/loader:1228'), e('  throw err;'), e('  ^'), e(''), e(`Error: Cannot find module '${path}'`), e('    at Module._resolveFilename (node:internal/modules/cjs/loader:1225:15)'), e('    at Module._load (node:internal/modules/cjs/loader:1051:27)'), e('    at Function.executeUserEntryPoint [as runMain] (node:internal/modules/run_main:174:12)'), e('    at node:internal/main/run_main_module:28:49 {'), e("  code: 'MODULE_NOT_FOUND',"), e('  requireStack: []'), e('}'), e(''), e(`Node.js v${version}`)] : [e('module.js:487'), e('    throw err;'), e('    ^'), e(''), e(`Error: Cannot find module '${path}'`), e('    at Function.Module._resolveFilename (module.js:485:15)'), e('    at Function.Module._load (module.js:437:25)'), e('    at Function.Module.runMain (module.js:605:10)'), e('    at startup (bootstrap_node.js:158:16)'), e('    at bootstrap_node.js:575:3')];
  return { lines, exitCode: 1, exitAt: 40 };
}

/** Node ignores SIGTERM as PID 1 (its default handler re-raises, which the kernel drops for init). */
const nodeSignals = (sig: string, ctx: DaemonContext): SignalReaction | 'ignore' | undefined => (ctx.pid === 1 && sig !== 'SIGKILL' ? 'ignore' : undefined);

function kubiaStart(variant: string) {
  return (host: ProcessHost, argv: string[]): DaemonStart => {
    const nodeVersion = host.env.NODE_VERSION ?? '7.10.1';
    const script = argv.slice(1).find((a) => !a.startsWith('-'));
    if (script === undefined) return { lines: [], exitCode: 0, exitAt: 30 }; // REPL with no terminal: stdin EOF
    const cwd = host.cwd ?? '/';
    const abs = script.startsWith('/') ? script : `${cwd.replace(/\/$/, '')}/${script}`;
    if (abs !== '/app.js') return host.fs.lookup(abs)?.kind === 'file' ? nodeStart(host, argv) : nodeMissingModule(abs, nodeVersion);
    const v = KUBIA[variant] ?? KUBIA.kubia!;
    return {
      lines: [{ at: 60, text: 'Kubia server starting...' }],
      readyAt: 65,
      ports: [{ port: 8080, protocol: 'TCP', kind: 'http' }],
      cpuMillicores: 0,
      memoryBytes: 9 * MiB,
      cpuMsPerRequest: 0.5,
      http: (req, ctx) => {
        const n = ((ctx.state.requests as number | undefined) ?? 0) + 1;
        ctx.state.requests = n;
        ctx.log(`Received request from ::ffff:${req.clientIP ?? '127.0.0.1'}`);
        return { ...v.answer(n, host.hostname), headers: {} };
      },
      onSignal: nodeSignals,
    };
  };
}

/** `node <script>` in an image whose app we do not model (distroless node): starts and keeps running. */
function nodeStart(host: ProcessHost, argv: string[]): DaemonStart {
  const version = host.env.NODE_VERSION ?? '20.18.1';
  const script = argv.slice(1).find((a) => !a.startsWith('-'));
  if (argv.includes('--version') || argv.includes('-v')) return { lines: [`v${version}`], exitCode: 0 };
  if (script === undefined) return { lines: [], exitCode: 0, exitAt: 30 };
  const abs = script.startsWith('/') ? script : `${(host.cwd ?? '/').replace(/\/$/, '')}/${script}`;
  if (host.fs.lookup(abs)?.kind !== 'file') return nodeMissingModule(abs, version);
  return { lines: [], cpuMillicores: 0, memoryBytes: 40 * MiB, onSignal: nodeSignals };
}

export const WEB_DAEMONS: Record<string, DaemonBehaviour> = {
  nginx: {
    ports: [80],
    startup: (host, argv) => nginxStart(host, argv),
    http: (path) => (path === '/' || path === '/index.html' ? { status: 200, body: NGINX_INDEX } : { status: 404, body: nginxErrorPage(404, '1.27.3') }),
    cpuMillicores: 0,
    memoryBytes: 4 * MiB,
    cpuMsPerRequest: 0.2,
  },
  ...Object.fromEntries(
    Object.entries(NGINX_SLIM_VERSIONS).map(([tag, version]) => [`nginx-slim@${tag}`, { ports: [80], startup: (host, argv) => nginxStart(host, argv, version), cpuMillicores: 0, memoryBytes: 3 * MiB } satisfies DaemonBehaviour]),
  ),
  httpd: {
    ports: [80],
    startup: (host, argv) => {
      const ver = host.env.HTTPD_VERSION ?? '2.4.62';
      if (!/httpd-foreground$/.test(argv[0] ?? '') && !argv.includes('-DFOREGROUND') && !argv.includes('FOREGROUND')) return { lines: [], exitCode: 0, exitAt: 20 }; // httpd daemonizes
      return apacheStart(host, { bin: 'httpd', banner: `Apache/${ver} (Unix)`, mpm: 'event', cmdline: 'httpd -D FOREGROUND', docroot: '/usr/local/apache2/htdocs', index: HTTPD_INDEX });
    },
    http: (path) => (path === '/' || path === '/index.html' ? { status: 200, body: HTTPD_INDEX } : { status: 404, body: '' }),
    memoryBytes: 6 * MiB,
  },
  'php-apache': {
    ports: [80],
    startup: (host) => {
      const php = host.env.PHP_VERSION ?? '5.6.20';
      return apacheStart(host, { bin: 'apache2', banner: `Apache/2.4.10 (Debian) PHP/${php}`, mpm: 'prefork', cmdline: 'apache2 -D FOREGROUND', docroot: '/var/www/html', index: '', php: { body: 'OK!', cpuMs: HPA_CPU_MS_PER_REQUEST, version: php } });
    },
    http: (path) => (path === '/' || path === '/index.php' ? { status: 200, body: 'OK!' } : { status: 404, body: '' }),
    cpuMillicores: 0,
    memoryBytes: 11 * MiB,
    cpuMsPerRequest: HPA_CPU_MS_PER_REQUEST,
  },
  tomcat: {
    ports: [8080],
    startup: tomcatStart,
    http: () => ({ status: 404, body: '' }),
    cpuMillicores: 0,
    memoryBytes: 118 * MiB,
    cpuMsPerRequest: 1,
  },
  node: { ports: [], startup: nodeStart, memoryBytes: 40 * MiB },
  ...Object.fromEntries(
    Object.keys(KUBIA).map((id) => [id, { ports: [8080], startup: kubiaStart(id), http: () => ({ status: 200, body: "You've hit kubia\n" }), cpuMillicores: 0, memoryBytes: 9 * MiB, cpuMsPerRequest: 0.5 } satisfies DaemonBehaviour]),
  ),
};

/** Network applets over the cluster model: wget, nslookup (busybox 1.28 format), ip. */
import { applet } from './registry';
import { abs, fsReason, getopt } from './util';
import type { Gen } from '../runtime';

const REASONS: Record<number, string> = {
  200: 'OK', 201: 'Created', 204: 'No Content', 301: 'Moved Permanently', 302: 'Found', 304: 'Not Modified',
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  408: 'Request Timeout', 429: 'Too Many Requests', 500: 'Internal Server Error', 502: 'Bad Gateway',
  503: 'Service Unavailable', 504: 'Gateway Timeout',
};

const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;

interface Url {
  hostport: string;
  host: string;
  port: number;
  path: string;
  full: string;
}

function parseUrl(raw: string): Url | null {
  let scheme = 'http';
  let rest = raw;
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\//.exec(raw);
  if (m) {
    scheme = m[1]!.toLowerCase();
    rest = raw.slice(m[0].length);
  }
  if (scheme !== 'http' && scheme !== 'https') return null;
  const slash = rest.indexOf('/');
  const hostport = slash < 0 ? rest : rest.slice(0, slash);
  const path = slash < 0 ? '/' : rest.slice(slash);
  const colon = hostport.lastIndexOf(':');
  const host = colon < 0 ? hostport : hostport.slice(0, colon);
  const port = colon < 0 ? (scheme === 'https' ? 443 : 80) : Number(hostport.slice(colon + 1));
  return { hostport, host, port, path, full: `${scheme}://${hostport}${path}` };
}

/** busybox's final progress-meter line, as it appears in non-tty logs. */
function progress(name: string, size: number): string {
  const sz = size < 100000 ? String(size).padStart(6) : `${String(Math.round(size / 1024)).padStart(5)}k`;
  return `${name.padEnd(20).slice(0, 20)} 100% |${'*'.repeat(32)}|${sz}  0:00:00 ETA\n`;
}

applet('wget', function* (sh, io, argv): Gen {
  const o = getopt(argv, 'qO:T:cSsY:U:P:t:H:k', {
    quiet: 'q',
    'output-document': 'O',
    timeout: 'T',
    spider: '!',
    'no-check-certificate': 'k',
    header: 'H',
    'user-agent': 'U',
    tries: 't',
    continue: 'c',
  });
  if (typeof o === 'string') {
    io.err.write(`wget: ${o}\n`);
    return 1;
  }
  if (!o.args.length) {
    io.err.write('BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: wget [-cqS] [--spider] [-O FILE] [-o LOGFILE] [--header STR]\n\t[--post-data STR | --post-file FILE] [-Y on/off]\n\t[-P DIR] [-U AGENT] [-T SEC] URL...\n');
    return 1;
  }
  const host = sh.proc.host;
  const quiet = o.flags.has('q');
  const t = o.vals.get('T');
  const timeoutMs = t !== undefined && /^\d+(\.\d+)?$/.test(t) ? Number(t) * 1000 : 900_000;
  for (const raw of o.args) {
    const u = parseUrl(raw);
    if (!u) {
      io.err.write(`wget: not an http or ftp url: ${raw}\n`);
      return 1;
    }
    let ip = u.host;
    if (!IPV4.test(u.host)) {
      const ans = host.resolve(u.host);
      if (!ans || !ans.addresses.length) {
        io.err.write(`wget: bad address '${u.host}'\n`);
        return 1;
      }
      ip = ans.addresses[0]!;
    }
    if (!quiet) io.err.write(`Connecting to ${u.hostport} (${ip}:${u.port})\n`);
    const res = host.httpGet(u.full);
    const latency = Math.max(0, res.latencyMs ?? 0);
    const now = host.now();
    if (latency > timeoutMs) {
      const r = yield* sh.th.sleepUntil(now + timeoutMs);
      if (r) return 128 + r;
      io.err.write('wget: download timed out\n');
      return 1;
    }
    const r = yield* sh.th.sleepUntil(now + latency);
    if (r) return 128 + r;
    if (res.error) {
      io.err.write(res.error.startsWith('bad address') || res.error.startsWith('error getting response') ? `wget: ${res.error}\n` : `wget: can't connect to remote host (${ip}): ${res.error}\n`);
      return 1;
    }
    if (res.status >= 400) {
      io.err.write(`wget: server returned error: HTTP/1.1 ${res.status} ${REASONS[res.status] ?? ''}`.trimEnd() + '\n');
      return 1;
    }
    if (o.flags.has('!')) {
      if (!quiet) io.err.write('remote file exists\n');
      continue;
    }
    const explicit = o.vals.get('O');
    const dest = explicit ?? (u.path.split('?')[0]!.split('/').pop() || 'index.html');
    if (dest === '-') {
      if (!quiet) io.err.write('writing to stdout\n');
      io.out.write(res.body);
      if (!quiet) io.err.write(progress('-', res.body.length) + 'written to stdout\n');
      continue;
    }
    const dir = o.vals.get('P');
    const path = abs(sh, dir && explicit === undefined ? `${dir}/${dest}` : dest);
    const fs = host.fs;
    if (explicit === undefined && fs.exists(path)) {
      io.err.write(`wget: can't open '${dest}': File exists\n`);
      return 1;
    }
    if (!quiet) io.err.write(`saving to '${dest}'\n`);
    try {
      fs.writeFile(path, res.body);
    } catch (e) {
      io.err.write(`wget: can't open '${dest}': ${fsReason(e)}\n`);
      return 1;
    }
    if (!quiet) io.err.write(progress(dest, res.body.length) + `'${dest}' saved\n`);
  }
  return 0;
});

applet('nslookup', (sh, io, argv) => {
  const name = argv.slice(1).find((a) => !a.startsWith('-'));
  const host = sh.proc.host;
  if (name === undefined) {
    io.err.write('BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: nslookup [HOST] [SERVER]\n\nQuery the nameserver for the IP address of the given HOST\noptionally using a specified DNS server\n');
    return 1;
  }
  const server = `Server:    ${host.dnsServer}\nAddress 1: ${host.dnsServer} kube-dns.kube-system.svc.cluster.local\n\n`;
  const ans = host.resolve(name);
  if (!ans || !ans.addresses.length) {
    if (IPV4.test(name)) {
      io.out.write(`${server}Name:      ${name}\nAddress 1: ${name}\n`);
      return 0;
    }
    io.out.write(server);
    io.err.write(`nslookup: can't resolve '${name}'\n`);
    return 1;
  }
  const addrs = ans.addresses.map((a, i) => `Address ${i + 1}: ${a} ${ans.fqdn}\n`).join('');
  io.out.write(`${server}Name:      ${name}\n${addrs}`);
  return 0;
});

function mac(ip: string): string {
  const o = ip.split('.').map((x) => Number(x) || 0);
  return ['0a', '58', ...o.map((x) => x.toString(16).padStart(2, '0'))].join(':');
}

applet(['ip', 'ifconfig'], (sh, io, argv) => {
  const ip = sh.proc.host.podIP || '0.0.0.0';
  const net = ip.split('.').slice(0, 3).join('.');
  const obj = argv[0]!.endsWith('ifconfig') ? 'ifconfig' : argv.slice(1).find((a) => !a.startsWith('-')) ?? '';
  if (obj === 'ifconfig') {
    io.out.write(
      `eth0      Link encap:Ethernet  HWaddr ${mac(ip).toUpperCase()}  \n          inet addr:${ip}  Bcast:${net}.255  Mask:255.255.255.0\n          UP BROADCAST RUNNING MULTICAST  MTU:1500  Metric:1\n\n` +
        'lo        Link encap:Local Loopback  \n          inet addr:127.0.0.1  Mask:255.0.0.0\n          UP LOOPBACK RUNNING  MTU:65536  Metric:1\n\n',
    );
    return 0;
  }
  const link = '1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue qlen 1000\n    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\n';
  const eth = `2: eth0@if7: <BROADCAST,MULTICAST,UP,LOWER_UP,M-DOWN> mtu 1500 qdisc noqueue \n    link/ether ${mac(ip)} brd ff:ff:ff:ff:ff:ff\n`;
  if ('address'.startsWith(obj) && obj) {
    io.out.write(
      link +
        '    inet 127.0.0.1/8 scope host lo\n       valid_lft forever preferred_lft forever\n' +
        eth +
        `    inet ${ip}/24 brd ${net}.255 scope global eth0\n       valid_lft forever preferred_lft forever\n`,
    );
    return 0;
  }
  if ('link'.startsWith(obj) && obj) {
    io.out.write(link + eth);
    return 0;
  }
  if ('route'.startsWith(obj) && obj) {
    io.out.write(`default via ${net}.1 dev eth0 \n${net}.0/24 dev eth0 scope link  src ${ip} \n`);
    return 0;
  }
  io.err.write('BusyBox v1.36.1 (2023-05-18 22:34:17 UTC) multi-call binary.\n\nUsage: ip [OPTIONS] address|route|link|tunnel|neigh|rule [ARGS]\n');
  return 1;
});

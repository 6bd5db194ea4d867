import { describe, expect, it } from 'vitest';
import { makeHost, sh, spawn, type Harness } from './helpers';

function withHttp(): Harness {
  const h = makeHost();
  h.dns.set('php-apache', { fqdn: 'php-apache.default.svc.cluster.local', addresses: ['10.96.0.12'] });
  h.dns.set('broken', { fqdn: 'broken.default.svc.cluster.local', addresses: ['10.96.0.13'] });
  h.dns.set('slow', { fqdn: 'slow.default.svc.cluster.local', addresses: ['10.96.0.14'] });
  h.http.set('http://php-apache/', { status: 200, body: 'OK!', latencyMs: 50 });
  h.http.set('http://php-apache/index.php', { status: 200, body: '<html>hi</html>\n', latencyMs: 5 });
  h.http.set('http://broken/', { status: 500, body: 'oops' });
  h.http.set('http://slow/', { status: 0, body: '', error: 'Connection timed out', latencyMs: 130_000 });
  return h;
}

describe('wget', () => {
  it('-q -O- prints the body after the request latency', () => {
    const h = withHttp();
    const r = spawn(h, ['wget', '-q', '-O-', 'http://php-apache']);
    expect(r.out()).toBe('');
    h.clock.advanceBy(50);
    expect(r.out()).toBe('OK!');
    expect(r.err()).toBe('');
    expect(r.exit?.code).toBe(0);
  });

  it('-qO- clustered, inside the HPA load-generator loop', () => {
    const h = withHttp();
    const r = spawn(h, ['sh', '-c', 'while sleep 0.01; do wget -q -O- http://php-apache; done'], { pid: 1 });
    h.clock.advanceBy(600);
    expect(r.out()).toBe('OK!'.repeat(10));
  });

  it('-O- shows progress on stderr', () => {
    const h = withHttp();
    const r = spawn(h, ['wget', '-O-', 'php-apache']);
    h.clock.advanceBy(100);
    expect(r.out()).toBe('OK!');
    expect(r.err()).toBe(
      'Connecting to php-apache (10.96.0.12:80)\nwriting to stdout\n' +
        `-                    100% |${'*'.repeat(32)}|     3  0:00:00 ETA\nwritten to stdout\n`,
    );
  });

  it('saves index.html, refuses to overwrite it', () => {
    const h = withHttp();
    const r = spawn(h, ['sh', '-c', 'cd /tmp && wget http://php-apache/ && cat index.html && wget -q http://php-apache/; echo " $?"']);
    h.clock.advanceBy(1000);
    expect(h.fs.readFile('/tmp/index.html')).toBe('OK!');
    expect(r.err()).toBe(
      "Connecting to php-apache (10.96.0.12:80)\nsaving to 'index.html'\n" +
        `index.html           100% |${'*'.repeat(32)}|     3  0:00:00 ETA\n'index.html' saved\n` +
        "wget: can't open 'index.html': File exists\n",
    );
    expect(r.out()).toBe('OK! 1\n');
  });

  it('busybox error messages', () => {
    const h = withHttp();
    const r = spawn(h, ['sh', '-c', 'wget -q -O- nosuch; echo $?; wget -q -O- http://broken; echo $?; wget -O- http://10.96.0.99; echo $?']);
    h.clock.advanceBy(1000);
    expect(r.err()).toBe(
      "wget: bad address 'nosuch'\n" +
        'wget: server returned error: HTTP/1.1 500 Internal Server Error\n' +
        'Connecting to 10.96.0.99 (10.96.0.99:80)\n' +
        "wget: can't connect to remote host (10.96.0.99): Connection refused\n",
    );
    expect(r.out()).toBe('1\n1\n1\n');
  });

  it('-T caps the wait; --spider only checks', () => {
    const h = withHttp();
    const r = spawn(h, ['sh', '-c', 'wget -q -T 5 -O- http://slow; echo $?; wget --spider http://php-apache']);
    h.clock.advanceBy(4999);
    expect(r.err()).toBe('');
    h.clock.advanceBy(1);
    expect(r.err()).toBe('wget: download timed out\nConnecting to php-apache (10.96.0.12:80)\n');
    expect(r.out()).toBe('1\n');
    h.clock.advanceBy(100);
    expect(r.err()).toBe('wget: download timed out\nConnecting to php-apache (10.96.0.12:80)\nremote file exists\n');
    expect(r.exit?.code).toBe(0);
  });
});

describe('nslookup, hostname, ip, sysctl', () => {
  it('nslookup success and failure (busybox 1.28)', () => {
    const h = makeHost();
    h.dns.set('redis', { fqdn: 'redis.default.svc.cluster.local', addresses: ['10.96.5.5'] });
    const ok = spawn(h, ['nslookup', 'redis']);
    expect(ok.out()).toBe(
      'Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\nName:      redis\nAddress 1: 10.96.5.5 redis.default.svc.cluster.local\n',
    );
    expect(ok.exit?.code).toBe(0);
    const bad = spawn(h, ['nslookup', 'nope']);
    expect(bad.out()).toBe('Server:    10.96.0.10\nAddress 1: 10.96.0.10 kube-dns.kube-system.svc.cluster.local\n\n');
    expect(bad.err()).toBe("nslookup: can't resolve 'nope'\n");
    expect(bad.exit?.code).toBe(1);
  });

  it('hostname, hostname -i, ip addr', () => {
    const h = makeHost();
    expect(sh('hostname; hostname -i', { h }).out()).toBe('pod-1\n10.244.1.5\n');
    const ip = sh('ip a', { h }).out();
    expect(ip).toContain('inet 127.0.0.1/8 scope host lo');
    expect(ip).toContain('link/ether 0a:58:0a:f4:01:05 brd ff:ff:ff:ff:ff:ff');
    expect(ip).toContain('inet 10.244.1.5/24 brd 10.244.1.255 scope global eth0');
  });

  it('sysctl get, -n, -w, errors', () => {
    const h = makeHost();
    const r = sh('sysctl net.ipv4.ip_forward; sysctl -n vm.swappiness; sysctl -w net.ipv4.ip_forward=0; sysctl -w vm.swappiness=10; echo $?; sysctl foo.bar; echo $?', { h });
    expect(r.out()).toBe('net.ipv4.ip_forward = 1\n60\nnet.ipv4.ip_forward = 0\n1\n1\n');
    expect(r.err()).toBe("sysctl: error setting key 'vm.swappiness': Read-only file system\nsysctl: error: 'foo.bar' is an unknown key\n");
    expect(h.sysctls.get('net.ipv4.ip_forward')).toBe('0');
  });
});

describe('file applets', () => {
  it('cat / rm / cd / mkdir / touch errors', () => {
    const r = sh("cat /tmp/x; rm /x; rm -f /x; cd /nope; mkdir /a/b; touch /a/b/c; mkdir /tmp; echo end");
    expect(r.err()).toBe(
      "cat: can't open '/tmp/x': No such file or directory\n" +
        "rm: can't remove '/x': No such file or directory\n" +
        'sh: cd: can\'t cd to /nope: No such file or directory\n' +
        "mkdir: can't create directory '/a/b': No such file or directory\n" +
        'touch: /a/b/c: No such file or directory\n' +
        "mkdir: can't create directory '/tmp': File exists\n",
    );
    expect(r.out()).toBe('end\n');
  });

  it('mkdir -p, touch, ls, ls -a, rm -r, pwd', () => {
    const h = makeHost();
    const r = sh('mkdir -p /work/a/b && cd /work && touch z .dot && ls; ls -a; pwd; rm a; rm -r a; ls', { h });
    expect(r.out()).toBe('a\nz\n.\n..\n.dot\na\nz\n/work\nz\n');
    expect(r.err()).toBe("rm: 'a' is a directory\n");
  });

  it('ls -l in busybox format', () => {
    const h = makeHost();
    h.clock.advanceBy(65_000);
    h.fs.writeFile('/data/config.yaml', 'key: value\n');
    h.fs.mkdir('/data/sub');
    expect(sh('ls -l /data', { h }).out()).toBe(
      'total 8\n' +
        '-rw-r--r--    1 root     root            11 Jan  1 00:01 config.yaml\n' +
        'drwxr-xr-x    2 root     root          4096 Jan  1 00:01 sub\n',
    );
  });

  it('ls prints columns on a tty', () => {
    const h = makeHost();
    for (const f of ['a', 'bb', 'ccc']) h.fs.writeFile(`/data/${f}`, '');
    const r = spawn(h, ['sh'], { tty: true });
    r.p.writeStdin('ls /data\n');
    expect(r.out()).toBe('/ # ls /data\na    bb   ccc\n/ # ');
  });

  it('head, tail, wc, seq, sort, uniq, cut, tr, basename, dirname', () => {
    const h = makeHost();
    h.fs.writeFile('/tmp/n', Array.from({ length: 20 }, (_, i) => `line${i + 1}\n`).join(''));
    expect(sh('head -n 2 /tmp/n; head -3 /tmp/n | tail -1; tail -n 2 /tmp/n; wc -l < /tmp/n; wc -l /tmp/n', { h }).out()).toBe(
      'line1\nline2\nline3\nline19\nline20\n20\n       20 /tmp/n\n',
    );
    expect(sh('seq 3; seq 2 2 6 | sort -rn; printf "b\\na\\nb\\n" | sort | uniq -c').out()).toBe('1\n2\n3\n6\n4\n2\n      1 a\n      2 b\n');
    expect(sh('echo a:b:c | cut -d: -f2; echo hello | tr a-z A-Z; basename /a/b/c.txt .txt; dirname /a/b/c.txt').out()).toBe('b\nHELLO\nc\n/a/b\n');
  });

  it('grep on files with messages', () => {
    const h = makeHost();
    h.fs.writeFile('/tmp/a', 'ERROR one\ninfo\nerror two\n');
    const r = sh('grep ERROR /tmp/a; grep -i error /tmp/a | wc -l; grep -n info /tmp/a; grep x /nope; echo $?; grep -E "one|two" /tmp/a', { h });
    expect(r.out()).toBe('ERROR one\n2\n2:info\n2\nERROR one\nerror two\n');
    expect(r.err()).toBe('grep: /nope: No such file or directory\n');
  });

  it('stat, chmod, find, cp, mv', () => {
    const h = makeHost();
    h.fs.writeFile('/data/s.sh', 'echo hi\n');
    const r = sh('chmod +x /data/s.sh; stat -c "%a %s %n" /data/s.sh; /data/s.sh; cp /data/s.sh /tmp/; mv /tmp/s.sh /tmp/t.sh; find /tmp -name "*.sh"', { h });
    expect(r.out()).toBe('755 8 /data/s.sh\nhi\n/tmp/t.sh\n');
  });

  it('printf and echo formatting', () => {
    expect(sh('printf "%s=%d\\n" a 1 b 2; printf "%5s|%-4s|%03d|%x\\n" ab c 7 255; echo -e "a\\tb\\c"; echo; printf "%d\\n" zz').all()).toBe(
      "a=1\nb=2\n   ab|c   |007|ff\na\tb\nprintf: invalid number 'zz'\n0\n",
    );
  });
});

describe('identity and environment', () => {
  it('env, printenv, export, id, whoami, uname, which', () => {
    const h = makeHost();
    const r = sh('export GREETING=hi; printenv GREETING; env | grep -c HOME; id; whoami; uname; uname -m; which sleep; which nosuch; echo $?', { h });
    expect(r.out()).toBe('hi\n1\nuid=0(root) gid=0(root) groups=0(root),10(wheel)\nroot\nLinux\nx86_64\n/bin/sleep\n1\n');
  });

  it('id under securityContext runAsUser', () => {
    const h = makeHost({ user: { uid: 1000, gid: 3000, groups: [2000] } });
    const r = sh('id; whoami', { h });
    expect(r.out()).toBe('uid=1000 gid=3000 groups=2000\n');
    expect(r.err()).toBe('whoami: unknown uid 1000\n');
  });

  it('hostname and HOSTNAME from the container env', () => {
    expect(sh('echo $HOSTNAME $PATH').out()).toBe('pod-1 /usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n');
  });
});

describe('sed', () => {
  it('substitutes, deletes, prints, edits in place', () => {
    const h = makeHost();
    h.fs.writeFile('/etc/app.conf', 'port=PORT\nhost=HOST\n# comment\n');
    const r = sh(
      'PORT=8080; sed -i "s/PORT/$PORT/; /^#/d" /etc/app.conf; cat /etc/app.conf; ' +
        'echo "a.b.c" | sed "s/\\./-/g"; echo "hello world" | sed -E "s/(\\w+) (\\w+)/\\2 \\1/"; ' +
        'printf "1\\n2\\n3\\n4\\n" | sed -n "2,3p"; printf "x\\ny\\n" | sed "1d"; echo "a&b" | sed "s/&/ and /"; echo abc | sed "s/b/[&]/"',
      { h },
    );
    expect(r.err()).toBe('');
    expect(r.out()).toBe('port=8080\nhost=HOST\na-b-c\nworld hello\n2\n3\ny\na and b\na[b]c\n');
  });
});

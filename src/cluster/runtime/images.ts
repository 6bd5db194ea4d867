/**
 * The image catalogue: what the simulated registry knows. Each image says what runs by default
 * (ENTRYPOINT/CMD, ENV, WORKDIR, USER, STOPSIGNAL as in its image config), which binaries exist
 * inside it (so `kubectl exec distroless -- sh` fails as it really does), which server program
 * its binaries are (daemons.ts), and its compressed size (which drives pull time).
 *
 * Versions are a snapshot of the registries around January 2025: `nginx:latest` is 1.27.3,
 * `redis:latest` 7.4.2, `mysql:latest` 9.1.0, `tomcat:latest` 11.0.2, `busybox:latest` 1.37.0.
 */
import { HPA_INDEX_PHP, HTTPD_INDEX, KUBIA_APP_JS, NGINX_50X, NGINX_CONF, NGINX_DEFAULT_CONF, NGINX_INDEX, NGINX_INDEX_OLD, NGINX_SLIM_VERSIONS } from './daemons-web';
import { AGNHOST_VERSIONS, PAUSE_VERSIONS } from './daemons-test';

export type StopSignal = 'SIGTERM' | 'SIGQUIT' | 'SIGWINCH' | 'SIGINT';

export interface ImageDef {
  /** Repository without registry/library prefix, e.g. "busybox", "registry.k8s.io/hpa-example". */
  repo: string;
  /** Other names of the same repository (k8s.gcr.io/pause for registry.k8s.io/pause). */
  aliases?: string[];
  /** Known tags; pulling another tag fails with "not found". */
  tags: string[];
  /** Compressed size as the kubelet reports it ("Image size: N bytes"). */
  sizeBytes: number;
  /** ENTRYPOINT. Kubernetes `command` replaces it; `args` replaces `cmd`. */
  entrypoint: string[];
  /** CMD. */
  cmd: string[];
  /** ENV from the image config. */
  env: Record<string, string>;
  /** WORKDIR. */
  workingDir?: string;
  /** USER ("65532", "65535:65535"); unset = root. */
  user?: string;
  /** STOPSIGNAL: containerd stops the container with this instead of SIGTERM. */
  stopSignal?: StopSignal;
  /** EXPOSE, e.g. "80/tcp". */
  exposedPorts?: string[];
  /** 'busybox' = every busybox applet (and no bash); otherwise the list of executables present. */
  binaries: 'busybox' | string[];
  /** Program name (as argv[0] or its basename) → daemon behaviour id (see daemons.ts). */
  daemons?: Record<string, string>;
  /** Files the image ships, laid down before volumes are mounted (path → content). */
  files?: Record<string, string>;
  /** Tags whose image config differs (older versions, alpine flavours, debug images). */
  variants?: ImageVariant[];
  /** Set by findImage: the tag this definition was resolved for. */
  tag?: string;
}

/** Per-tag differences: fields here replace the base image's (env and files are merged). */
export type ImageVariant = Partial<Omit<ImageDef, 'repo' | 'aliases' | 'tags' | 'variants' | 'tag'>> & { tags: string[] };

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';

/** Debian/Ubuntu essential packages (coreutils, dash, bash, grep, sed, findutils, tar, gzip, …): no procps (ps, kill, sysctl), ip, ping, curl, wget, nslookup. */
const DEBIAN_TOOLS = [
  'sh', 'dash', 'bash', 'ls', 'cat', 'echo', 'sleep', 'env', 'printenv', 'hostname', 'mkdir', 'rm', 'rmdir', 'touch', 'head', 'tail', 'grep', 'egrep', 'fgrep', 'sed', 'awk', 'mawk',
  'date', 'true', 'false', 'id', 'uname', 'whoami', 'test', '[', 'wc', 'seq', 'yes', 'stat', 'chmod', 'chown', 'chgrp', 'basename', 'dirname', 'tr', 'find', 'xargs', 'which', 'printf',
  'pwd', 'cp', 'mv', 'ln', 'cut', 'sort', 'uniq', 'tee', 'sync', 'df', 'du', 'mount', 'umount', 'tar', 'gzip', 'gunzip', 'zcat', 'od', 'md5sum', 'sha256sum', 'base64', 'nproc', 'readlink',
  'realpath', 'timeout', 'nice', 'nohup', 'stty', 'tty', 'su', 'login', 'more', 'expr', 'diff', 'cmp', 'getent', 'ldd', 'clear', 'mktemp', 'paste', 'split', 'tac', 'nl', 'fold', 'dd',
];

/** Applets of the busybox in Alpine (for images that add programs on top of Alpine's busybox). */
const BUSYBOX_APPLETS = [
  'sh', 'ash', 'busybox', '[', '[[', 'awk', 'base64', 'basename', 'cat', 'chgrp', 'chmod', 'chown', 'chroot', 'clear', 'cmp', 'cp', 'cut', 'date', 'dd', 'df', 'diff', 'dirname', 'dmesg',
  'du', 'echo', 'egrep', 'env', 'expr', 'false', 'fgrep', 'find', 'free', 'fuser', 'grep', 'gunzip', 'gzip', 'head', 'hexdump', 'hostname', 'id', 'ifconfig', 'install', 'ip', 'ipcalc',
  'kill', 'killall', 'less', 'ln', 'logger', 'ls', 'md5sum', 'mkdir', 'mkfifo', 'mknod', 'mktemp', 'more', 'mount', 'mv', 'nc', 'netstat', 'nice', 'nl', 'nohup', 'nproc', 'nslookup',
  'od', 'paste', 'pgrep', 'pidof', 'ping', 'ping6', 'pkill', 'printenv', 'printf', 'ps', 'pstree', 'pwd', 'readlink', 'realpath', 'renice', 'rm', 'rmdir', 'route', 'sed', 'seq',
  'setsid', 'sha1sum', 'sha256sum', 'sha512sum', 'sleep', 'sort', 'split', 'stat', 'strings', 'stty', 'su', 'sync', 'sysctl', 'tac', 'tail', 'tar', 'tee', 'test', 'time', 'timeout',
  'top', 'touch', 'tr', 'traceroute', 'true', 'truncate', 'tty', 'udhcpc', 'umount', 'uname', 'uniq', 'unzip', 'uptime', 'usleep', 'vi', 'watch', 'wc', 'wget', 'which', 'whoami',
  'xargs', 'yes', 'zcat', 'apk', 'getent', 'getconf', 'ldd', 'ssl_client',
];

const osRelease = {
  bookworm: 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nID=debian\nHOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\nBUG_REPORT_URL="https://bugs.debian.org/"\n',
  bullseye: 'PRETTY_NAME="Debian GNU/Linux 11 (bullseye)"\nNAME="Debian GNU/Linux"\nVERSION_ID="11"\nVERSION="11 (bullseye)"\nVERSION_CODENAME=bullseye\nID=debian\nHOME_URL="https://www.debian.org/"\nSUPPORT_URL="https://www.debian.org/support"\nBUG_REPORT_URL="https://bugs.debian.org/"\n',
  noble: 'PRETTY_NAME="Ubuntu 24.04.1 LTS"\nNAME="Ubuntu"\nVERSION_ID="24.04"\nVERSION="24.04.1 LTS (Noble Numbat)"\nVERSION_CODENAME=noble\nID=ubuntu\nID_LIKE=debian\nHOME_URL="https://www.ubuntu.com/"\nSUPPORT_URL="https://help.ubuntu.com/"\nBUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"\nPRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"\nUBUNTU_CODENAME=noble\nLOGO=ubuntu-logo\n',
  jammy: 'PRETTY_NAME="Ubuntu 22.04.5 LTS"\nNAME="Ubuntu"\nVERSION_ID="22.04"\nVERSION="22.04.5 LTS (Jammy Jellyfish)"\nVERSION_CODENAME=jammy\nID=ubuntu\nID_LIKE=debian\nHOME_URL="https://www.ubuntu.com/"\nSUPPORT_URL="https://help.ubuntu.com/"\nBUG_REPORT_URL="https://bugs.launchpad.net/ubuntu/"\nPRIVACY_POLICY_URL="https://www.ubuntu.com/legal/terms-and-policies/privacy-policy"\nUBUNTU_CODENAME=jammy\nLOGO=ubuntu-logo\n',
  alpine: (v: string) => `NAME="Alpine Linux"\nID=alpine\nVERSION_ID=${v}\nPRETTY_NAME="Alpine Linux v${v.split('.').slice(0, 2).join('.')}"\nHOME_URL="https://alpinelinux.org/"\nBUG_REPORT_URL="https://gitlab.alpinelinux.org/alpine/aports/-/issues"\n`,
};

const nginxFiles = (index: string) => ({ '/usr/share/nginx/html/index.html': index, '/usr/share/nginx/html/50x.html': NGINX_50X, '/etc/nginx/nginx.conf': NGINX_CONF, '/etc/nginx/conf.d/default.conf': NGINX_DEFAULT_CONF });
const nginxEnv = (version: string, njs: string, pkg: string) => ({ PATH, NGINX_VERSION: version, NJS_VERSION: njs, NJS_RELEASE: pkg, PKG_RELEASE: pkg });
const NGINX_BINS = [...DEBIAN_TOOLS, 'nginx', 'nginx-debug', 'curl', 'envsubst', '/docker-entrypoint.sh'];
const NGINX_ALPINE_BINS = [...BUSYBOX_APPLETS, 'nginx', 'nginx-debug', 'curl', 'envsubst', '/docker-entrypoint.sh'];
const NGINX_DAEMONS = { '/docker-entrypoint.sh': 'nginx', nginx: 'nginx', 'nginx-debug': 'nginx' };

const REDIS_BINS = ['redis-server', 'redis-cli', 'redis-benchmark', 'redis-check-aof', 'redis-check-rdb', 'redis-sentinel', 'gosu', 'docker-entrypoint.sh'];
const MYSQL_BINS = [...DEBIAN_TOOLS.filter((b) => b !== 'dash'), 'mysqld', 'mysql', 'mysqladmin', 'mysqldump', 'mysqlsh', 'mysql_tzinfo_to_sql', 'gosu', 'docker-entrypoint.sh', 'microdnf'];
const TOMCAT_BINS = [...DEBIAN_TOOLS, 'catalina.sh', 'startup.sh', 'shutdown.sh', 'version.sh', 'configtest.sh', 'java', 'jshell', 'keytool', 'jcmd', 'jfr'];

const DISTROLESS_ENV = { PATH, SSL_CERT_FILE: '/etc/ssl/certs/ca-certificates.crt' };
/** gcr.io/distroless/*: :latest (root, /), :nonroot (65532, /home/nonroot), :debug (busybox at /busybox, ENTRYPOINT /busybox/sh). */
function distroless(repo: string, sizeBytes: number, extra: { entrypoint?: string[]; binaries?: string[]; env?: Record<string, string>; daemons?: Record<string, string> } = {}): ImageDef {
  const bins = extra.binaries ?? [];
  const debugBins = 'busybox' as const;
  return {
    repo,
    tags: ['latest', 'nonroot', 'debug', 'debug-nonroot', 'latest-amd64', 'nonroot-amd64', 'debug-amd64', 'debug-nonroot-amd64'],
    sizeBytes,
    entrypoint: extra.entrypoint ?? [],
    cmd: [],
    env: { ...DISTROLESS_ENV, ...extra.env },
    workingDir: '/',
    binaries: bins,
    ...(extra.daemons ? { daemons: extra.daemons } : {}),
    variants: [
      { tags: ['nonroot', 'nonroot-amd64'], user: '65532', workingDir: '/home/nonroot' },
      { tags: ['debug', 'debug-amd64'], sizeBytes: sizeBytes + 1_010_000, entrypoint: extra.entrypoint ?? ['/busybox/sh'], env: { PATH: `${PATH}:/busybox` }, binaries: debugBins },
      { tags: ['debug-nonroot', 'debug-nonroot-amd64'], sizeBytes: sizeBytes + 1_010_000, entrypoint: extra.entrypoint ?? ['/busybox/sh'], env: { PATH: `${PATH}:/busybox` }, binaries: debugBins, user: '65532', workingDir: '/home/nonroot' },
    ],
  };
}

const agnhostBins = [...BUSYBOX_APPLETS, 'bash', 'dig', 'nslookup', 'host', 'curl', 'nc', 'ss', 'ip', 'iperf', '/coredns', '/agnhost', '/agnhost-2'];
const KUBIA_BINS = [...DEBIAN_TOOLS, 'node', 'nodejs', 'npm', 'yarn', 'ps', 'curl', 'wget', 'git', 'python', 'make', 'gcc', 'ssh'];
/** The perl image: buildpack-deps (curl, git, gcc…) unless slim. */
function perlBins(v: string, slim = false): string[] {
  return [...DEBIAN_TOOLS, 'perl', `perl${v}`, 'cpan', 'prove', 'perldoc', ...(slim ? [] : ['cpanm', 'curl', 'wget', 'git', 'ps', 'make', 'gcc'])];
}
const NODE7_ENV = { PATH, NPM_CONFIG_LOGLEVEL: 'info', NODE_VERSION: '7.10.1', YARN_VERSION: '0.24.4' };

export const IMAGES: ImageDef[] = [
  {
    repo: 'busybox',
    tags: ['latest', 'stable', 'unstable', '1', '1.37', '1.37.0', '1.36', '1.36.1', '1.35', '1.35.0', '1.34', '1.34.1', '1.33', '1.33.1', '1.32', '1.31', '1.30', '1.29', '1.28', '1.28.4', '1.27', '1.27.2', '1.26', '1.25', '1.24', 'musl', 'glibc', 'uclibc', '1.37-musl', '1.37-glibc', '1.37-uclibc', '1.37.0-musl', '1.37.0-glibc', '1.37.0-uclibc', '1.36-musl', '1.36-glibc', '1.36-uclibc', '1.36.1-musl', '1.36.1-glibc', '1.36.1-uclibc'],
    sizeBytes: 2_167_176,
    entrypoint: [],
    cmd: ['sh'],
    env: { PATH },
    binaries: 'busybox',
    variants: [
      { tags: ['1.36', '1.36.1', '1.36-glibc', '1.36.1-glibc'], sizeBytes: 2_224_358 },
      { tags: ['musl', '1.37-musl', '1.37.0-musl'], sizeBytes: 862_416 },
      { tags: ['1.36-musl', '1.36.1-musl'], sizeBytes: 865_209 },
      { tags: ['uclibc', '1.37-uclibc', '1.37.0-uclibc'], sizeBytes: 1_012_644 },
      { tags: ['1.36-uclibc', '1.36.1-uclibc'], sizeBytes: 1_013_817 },
      { tags: ['1.35', '1.35.0'], sizeBytes: 2_220_720 },
      { tags: ['1.34', '1.34.1', '1.33', '1.33.1', '1.32'], sizeBytes: 772_788 },
      { tags: ['1.31', '1.30', '1.29', '1.28', '1.28.4', '1.27', '1.27.2', '1.26', '1.25', '1.24'], sizeBytes: 727_869 },
    ],
  },
  {
    repo: 'alpine',
    tags: ['latest', '3', '3.21', '3.21.2', '3.20', '3.20.5', '3.19', '3.19.6', '3.18', '3.18.11', '3.17', '3.16', 'edge'],
    sizeBytes: 3_644_273,
    entrypoint: [],
    cmd: ['/bin/sh'],
    env: { PATH },
    binaries: 'busybox',
    files: { '/etc/os-release': osRelease.alpine('3.21.2'), '/etc/alpine-release': '3.21.2\n' },
    variants: [
      { tags: ['3.20', '3.20.5'], sizeBytes: 3_626_898, files: { '/etc/os-release': osRelease.alpine('3.20.5'), '/etc/alpine-release': '3.20.5\n' } },
      { tags: ['3.19', '3.19.6'], sizeBytes: 3_420_353, files: { '/etc/os-release': osRelease.alpine('3.19.6'), '/etc/alpine-release': '3.19.6\n' } },
      { tags: ['3.18', '3.18.11'], sizeBytes: 3_418_547, files: { '/etc/os-release': osRelease.alpine('3.18.11'), '/etc/alpine-release': '3.18.11\n' } },
    ],
  },
  {
    repo: 'nginx',
    tags: ['latest', 'mainline', '1', '1.27', '1.27.3', 'bookworm', 'mainline-bookworm', 'stable', '1.26', '1.26.2', 'stable-bookworm', 'alpine', 'mainline-alpine', '1-alpine', '1.27-alpine', '1.27.3-alpine', 'stable-alpine', '1.26-alpine', '1.26.2-alpine', '1.25', '1.25.5', '1.24', '1.24.0', '1.23', '1.23.4', '1.22', '1.22.1', '1.21', '1.21.6', '1.20', '1.20.2', '1.19', '1.19.10', '1.17', '1.17.10', '1.16', '1.16.1', '1.15', '1.15.12', '1.14', '1.14.2'],
    sizeBytes: 72_195_292,
    entrypoint: ['/docker-entrypoint.sh'],
    cmd: ['nginx', '-g', 'daemon off;'],
    env: nginxEnv('1.27.3', '0.8.7', '1~bookworm'),
    stopSignal: 'SIGQUIT',
    exposedPorts: ['80/tcp'],
    binaries: NGINX_BINS,
    daemons: NGINX_DAEMONS,
    files: { ...nginxFiles(NGINX_INDEX), '/etc/os-release': osRelease.bookworm },
    variants: [
      { tags: ['stable', '1.26', '1.26.2', 'stable-bookworm'], sizeBytes: 71_012_545, env: nginxEnv('1.26.2', '0.8.5', '1~bookworm') },
      { tags: ['alpine', 'mainline-alpine', '1-alpine', '1.27-alpine', '1.27.3-alpine'], sizeBytes: 20_528_174, env: nginxEnv('1.27.3', '0.8.7', '1'), binaries: NGINX_ALPINE_BINS, files: { '/etc/os-release': osRelease.alpine('3.20.3') } },
      { tags: ['stable-alpine', '1.26-alpine', '1.26.2-alpine'], sizeBytes: 20_384_617, env: nginxEnv('1.26.2', '0.8.5', '1'), binaries: NGINX_ALPINE_BINS, files: { '/etc/os-release': osRelease.alpine('3.20.3') } },
      { tags: ['1.25', '1.25.5'], sizeBytes: 70_540_338, env: nginxEnv('1.25.5', '0.8.4', '1~bookworm') },
      { tags: ['1.24', '1.24.0'], sizeBytes: 56_940_417, env: nginxEnv('1.24.0', '0.7.12', '1~bullseye'), files: { '/etc/os-release': osRelease.bullseye } },
      { tags: ['1.23', '1.23.4'], sizeBytes: 56_782_931, env: nginxEnv('1.23.4', '0.7.11', '1~bullseye'), files: { '/etc/os-release': osRelease.bullseye } },
      { tags: ['1.22', '1.22.1'], sizeBytes: 56_773_105, env: nginxEnv('1.22.1', '0.7.9', '1~bullseye'), files: { '/etc/os-release': osRelease.bullseye } },
      { tags: ['1.21', '1.21.6'], sizeBytes: 56_745_916, env: nginxEnv('1.21.6', '0.7.3', '1~bullseye'), files: { '/etc/os-release': osRelease.bullseye } },
      { tags: ['1.20', '1.20.2'], sizeBytes: 53_658_409, env: nginxEnv('1.20.2', '0.7.0', '1~bullseye'), files: { ...nginxFiles(NGINX_INDEX_OLD), '/etc/os-release': osRelease.bullseye } },
      { tags: ['1.19', '1.19.10'], sizeBytes: 53_596_212, env: nginxEnv('1.19.10', '0.5.3', '1~buster'), files: nginxFiles(NGINX_INDEX_OLD) },
      { tags: ['1.17', '1.17.10'], sizeBytes: 51_029_370, entrypoint: [], env: nginxEnv('1.17.10', '0.3.9', '1~buster'), binaries: [...DEBIAN_TOOLS, 'nginx', 'nginx-debug', 'envsubst'], files: nginxFiles(NGINX_INDEX_OLD) },
      { tags: ['1.16', '1.16.1'], sizeBytes: 51_027_523, entrypoint: [], env: nginxEnv('1.16.1', '0.3.8', '1~buster'), binaries: [...DEBIAN_TOOLS, 'nginx', 'nginx-debug', 'envsubst'], files: nginxFiles(NGINX_INDEX_OLD) },
      { tags: ['1.15', '1.15.12'], sizeBytes: 44_799_433, entrypoint: [], stopSignal: 'SIGTERM', env: { PATH, NGINX_VERSION: '1.15.12-1~stretch', NJS_VERSION: '1.15.12.0.3.1-1~stretch' }, binaries: [...DEBIAN_TOOLS, 'nginx', 'nginx-debug', 'envsubst'], files: nginxFiles(NGINX_INDEX_OLD) },
      { tags: ['1.14', '1.14.2'], sizeBytes: 44_712_186, entrypoint: [], stopSignal: 'SIGTERM', env: { PATH, NGINX_VERSION: '1.14.2-1~stretch', NJS_VERSION: '1.14.2.0.2.6-1~stretch' }, binaries: [...DEBIAN_TOOLS, 'nginx', 'nginx-debug', 'envsubst'], files: nginxFiles(NGINX_INDEX_OLD) },
    ],
  },
  {
    repo: 'registry.k8s.io/nginx-slim',
    aliases: ['k8s.gcr.io/nginx-slim', 'gcr.io/google_containers/nginx-slim', 'gcr.io/google-containers/nginx-slim'],
    tags: Object.keys(NGINX_SLIM_VERSIONS),
    sizeBytes: 31_617_325,
    entrypoint: [],
    cmd: ['nginx', '-g', 'daemon off;'],
    env: { PATH },
    exposedPorts: ['80/tcp', '443/tcp'],
    binaries: [...DEBIAN_TOOLS, 'nginx'],
    daemons: { nginx: 'nginx-slim@0.27' },
    variants: [
      { tags: ['0.8'], sizeBytes: 50_561_426, daemons: { nginx: 'nginx-slim@0.8' } },
      { tags: ['0.21'], sizeBytes: 31_201_417, daemons: { nginx: 'nginx-slim@0.21' } },
      { tags: ['0.24'], sizeBytes: 31_303_220, daemons: { nginx: 'nginx-slim@0.24' } },
      { tags: ['0.26'], sizeBytes: 31_564_032, daemons: { nginx: 'nginx-slim@0.26' } },
    ],
  },
  {
    repo: 'httpd',
    tags: ['latest', '2', '2.4', '2.4.62', 'bookworm', 'alpine', '2-alpine', '2.4-alpine', '2.4.62-alpine'],
    sizeBytes: 58_254_912,
    entrypoint: [],
    cmd: ['httpd-foreground'],
    env: { PATH: `/usr/local/apache2/bin:${PATH}`, HTTPD_PREFIX: '/usr/local/apache2', HTTPD_VERSION: '2.4.62', HTTPD_PATCHES: '' },
    workingDir: '/usr/local/apache2',
    stopSignal: 'SIGWINCH',
    exposedPorts: ['80/tcp'],
    binaries: [...DEBIAN_TOOLS, 'httpd', 'httpd-foreground', 'apachectl', 'htpasswd', 'ab'],
    daemons: { 'httpd-foreground': 'httpd', httpd: 'httpd' },
    files: { '/usr/local/apache2/htdocs/index.html': HTTPD_INDEX, '/etc/os-release': osRelease.bookworm },
    variants: [{ tags: ['alpine', '2-alpine', '2.4-alpine', '2.4.62-alpine'], sizeBytes: 23_061_344, binaries: [...BUSYBOX_APPLETS, 'httpd', 'httpd-foreground', 'apachectl', 'htpasswd', 'ab'], files: { '/etc/os-release': osRelease.alpine('3.21.2') } }],
  },
  {
    repo: 'redis',
    tags: ['latest', '7', '7.4', '7.4.2', 'bookworm', '7.4-bookworm', '7.2', '7.2.7', '7.0', '7.0.15', '6', '6.2', '6.2.17', '5', '5.0', '5.0.14', 'alpine', '7-alpine', '7.4-alpine', '7.4.2-alpine', '7.2-alpine', '6.2-alpine'],
    sizeBytes: 45_102_138,
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['redis-server'],
    env: { PATH, GOSU_VERSION: '1.17', REDIS_VERSION: '7.4.2', REDIS_DOWNLOAD_URL: 'http://download.redis.io/releases/redis-7.4.2.tar.gz', REDIS_DOWNLOAD_SHA: '4ddebbf09061cbb589011786febdb34f29767dd7f89dbe712d2b68e808af6a1f' },
    workingDir: '/data',
    exposedPorts: ['6379/tcp'],
    binaries: [...DEBIAN_TOOLS, ...REDIS_BINS],
    daemons: { 'docker-entrypoint.sh': 'redis', 'redis-server': 'redis' },
    files: { '/etc/os-release': osRelease.bookworm },
    variants: [
      { tags: ['7.2', '7.2.7'], sizeBytes: 43_881_023, env: { REDIS_VERSION: '7.2.7', REDIS_DOWNLOAD_URL: 'http://download.redis.io/releases/redis-7.2.7.tar.gz' } },
      { tags: ['7.0', '7.0.15'], sizeBytes: 43_297_814, env: { REDIS_VERSION: '7.0.15', REDIS_DOWNLOAD_URL: 'http://download.redis.io/releases/redis-7.0.15.tar.gz' } },
      { tags: ['6', '6.2', '6.2.17'], sizeBytes: 40_175_622, env: { REDIS_VERSION: '6.2.17', REDIS_DOWNLOAD_URL: 'http://download.redis.io/releases/redis-6.2.17.tar.gz' } },
      { tags: ['5', '5.0', '5.0.14'], sizeBytes: 39_852_233, env: { GOSU_VERSION: '1.12', REDIS_VERSION: '5.0.14', REDIS_DOWNLOAD_URL: 'http://download.redis.io/releases/redis-5.0.14.tar.gz' }, files: { '/etc/os-release': osRelease.bullseye } },
      { tags: ['alpine', '7-alpine', '7.4-alpine', '7.4.2-alpine'], sizeBytes: 17_252_733, binaries: [...BUSYBOX_APPLETS, ...REDIS_BINS], files: { '/etc/os-release': osRelease.alpine('3.21.2') } },
      { tags: ['7.2-alpine'], sizeBytes: 16_883_402, env: { REDIS_VERSION: '7.2.7' }, binaries: [...BUSYBOX_APPLETS, ...REDIS_BINS], files: { '/etc/os-release': osRelease.alpine('3.21.2') } },
      { tags: ['6.2-alpine'], sizeBytes: 12_153_096, env: { REDIS_VERSION: '6.2.17' }, binaries: [...BUSYBOX_APPLETS, ...REDIS_BINS], files: { '/etc/os-release': osRelease.alpine('3.21.2') } },
    ],
  },
  {
    repo: 'mysql',
    tags: ['latest', '9', '9.1', '9.1.0', 'innovation', 'oraclelinux9', 'lts', '8', '8.4', '8.4.3', '8.0', '8.0.40', '8.0-debian', '5.7', '5.7.44'],
    sizeBytes: 172_348_901,
    entrypoint: ['docker-entrypoint.sh'],
    cmd: ['mysqld'],
    env: { PATH, GOSU_VERSION: '1.17', MYSQL_MAJOR: 'innovation', MYSQL_VERSION: '9.1.0-1.el9', MYSQL_SHELL_VERSION: '9.1.1-1.el9' },
    exposedPorts: ['3306/tcp', '33060/tcp'],
    binaries: MYSQL_BINS,
    daemons: { 'docker-entrypoint.sh': 'mysql', mysqld: 'mysql' },
    variants: [
      { tags: ['lts', '8', '8.4', '8.4.3'], sizeBytes: 171_921_438, env: { MYSQL_MAJOR: '8.4', MYSQL_VERSION: '8.4.3-1.el9', MYSQL_SHELL_VERSION: '8.4.3-1.el9' } },
      { tags: ['8.0', '8.0.40'], sizeBytes: 167_538_214, env: { MYSQL_MAJOR: '8.0', MYSQL_VERSION: '8.0.40-1.el9', MYSQL_SHELL_VERSION: '8.0.40-1.el9' } },
      { tags: ['8.0-debian'], sizeBytes: 182_904_311, env: { MYSQL_MAJOR: '8.0', MYSQL_VERSION: '8.0.40-1debian12' }, files: { '/etc/os-release': osRelease.bookworm } },
      { tags: ['5.7', '5.7.44'], sizeBytes: 137_318_962, env: { GOSU_VERSION: '1.16', MYSQL_MAJOR: '5.7', MYSQL_VERSION: '5.7.44-1.el7', MYSQL_SHELL_VERSION: '8.0.35-1.el7' } },
    ],
  },
  {
    repo: 'tomcat',
    tags: ['latest', '11', '11.0', '11.0.2', 'jdk21', '10', '10.1', '10.1.34', '10.1-jdk17', '9', '9.0', '9.0.98', '8.5', '8.5.100', '8.0', '8.0.53'],
    sizeBytes: 192_305_613,
    entrypoint: [],
    cmd: ['catalina.sh', 'run'],
    env: {
      PATH: `/usr/local/tomcat/bin:/opt/java/openjdk/bin:${PATH}`,
      JAVA_HOME: '/opt/java/openjdk',
      LANG: 'en_US.UTF-8',
      LANGUAGE: 'en_US:en',
      LC_ALL: 'en_US.UTF-8',
      JAVA_VERSION: 'jdk-21.0.5+11',
      CATALINA_HOME: '/usr/local/tomcat',
      TOMCAT_NATIVE_LIBDIR: '/usr/local/tomcat/native-jni-lib',
      LD_LIBRARY_PATH: '/usr/local/tomcat/native-jni-lib',
      TOMCAT_MAJOR: '11',
      TOMCAT_VERSION: '11.0.2',
    },
    workingDir: '/usr/local/tomcat',
    exposedPorts: ['8080/tcp'],
    binaries: TOMCAT_BINS,
    daemons: { 'catalina.sh': 'tomcat' },
    files: { '/etc/os-release': osRelease.noble },
    variants: [
      { tags: ['10', '10.1', '10.1.34'], sizeBytes: 190_012_777, env: { TOMCAT_MAJOR: '10', TOMCAT_VERSION: '10.1.34' } },
      { tags: ['10.1-jdk17'], sizeBytes: 177_503_926, env: { TOMCAT_MAJOR: '10', TOMCAT_VERSION: '10.1.34', JAVA_VERSION: 'jdk-17.0.13+11' } },
      { tags: ['9', '9.0', '9.0.98'], sizeBytes: 189_720_318, env: { TOMCAT_MAJOR: '9', TOMCAT_VERSION: '9.0.98' } },
      { tags: ['8.5', '8.5.100'], sizeBytes: 155_012_468, env: { TOMCAT_MAJOR: '8', TOMCAT_VERSION: '8.5.100', JAVA_VERSION: 'jdk-17.0.11+9' }, files: { '/etc/os-release': osRelease.jammy } },
      {
        tags: ['8.0', '8.0.53'],
        sizeBytes: 158_327_155,
        env: { PATH: `/usr/local/tomcat/bin:/docker-java-home/jre/bin:${PATH}`, JAVA_HOME: '/docker-java-home/jre', JAVA_VERSION: '8u181', LANG: 'C.UTF-8', LANGUAGE: '', LC_ALL: '', TOMCAT_MAJOR: '8', TOMCAT_VERSION: '8.0.53' },
        files: { '/etc/os-release': 'PRETTY_NAME="Debian GNU/Linux 9 (stretch)"\nNAME="Debian GNU/Linux"\nVERSION_ID="9"\nVERSION="9 (stretch)"\nID=debian\n' },
      },
    ],
  },
  {
    repo: 'registry.k8s.io/pause',
    aliases: ['k8s.gcr.io/pause', 'gcr.io/google_containers/pause', 'gcr.io/google-containers/pause'],
    tags: ['latest', ...PAUSE_VERSIONS],
    sizeBytes: 320_368,
    entrypoint: ['/pause'],
    cmd: [],
    env: { PATH },
    user: '65535:65535',
    binaries: ['/pause'],
    daemons: { '/pause': 'pause@3.10' },
    variants: [
      { tags: ['3.10.1'], sizeBytes: 320_448, daemons: { '/pause': 'pause@3.10.1' } },
      { tags: ['3.9'], sizeBytes: 321_520, daemons: { '/pause': 'pause@3.9' } },
      { tags: ['3.8'], sizeBytes: 311_286, daemons: { '/pause': 'pause@3.8' } },
      { tags: ['3.7'], sizeBytes: 311_278, daemons: { '/pause': 'pause@3.7' } },
      { tags: ['3.6'], sizeBytes: 301_773, daemons: { '/pause': 'pause@3.6' } },
      { tags: ['3.5'], sizeBytes: 301_416, daemons: { '/pause': 'pause@3.5' } },
      // USER 65535 arrived with 3.5; older pause images run as root.
      ...['3.4.1', '3.3', '3.2', '3.1', '3.0'].map((t) => ({ tags: [t], sizeBytes: 317_164 - Math.round((4 - Number(t.split('.')[1] ?? 0)) * 1000), user: undefined, daemons: { '/pause': `pause@${t}` } })),
      { tags: ['latest'], sizeBytes: 317_164, user: undefined, daemons: { '/pause': 'pause@3.1' } },
    ],
  },
  distroless('gcr.io/distroless/static-debian12', 1_019_221),
  distroless('gcr.io/distroless/static', 1_019_221),
  distroless('gcr.io/distroless/static-debian11', 989_210),
  distroless('gcr.io/distroless/base-debian12', 8_789_514),
  distroless('gcr.io/distroless/base', 8_789_514),
  distroless('gcr.io/distroless/cc-debian12', 9_563_337),
  distroless('gcr.io/distroless/nodejs20-debian12', 45_312_007, { entrypoint: ['/nodejs/bin/node'], binaries: ['/nodejs/bin/node'], env: { NODE_VERSION: '20.18.1' }, daemons: { '/nodejs/bin/node': 'node' } }),
  distroless('gcr.io/distroless/nodejs22-debian12', 46_840_118, { entrypoint: ['/nodejs/bin/node'], binaries: ['/nodejs/bin/node'], env: { NODE_VERSION: '22.12.0' }, daemons: { '/nodejs/bin/node': 'node' } }),
  {
    repo: 'registry.k8s.io/hpa-example',
    aliases: ['k8s.gcr.io/hpa-example', 'gcr.io/google_containers/hpa-example', 'gcr.io/google-containers/hpa-example'],
    tags: ['latest'],
    sizeBytes: 180_521_846,
    entrypoint: [],
    cmd: ['apache2-foreground'],
    env: { PATH, PHP_INI_DIR: '/usr/local/etc/php', PHP_VERSION: '5.6.20', PHP_FILENAME: 'php-5.6.20.tar.xz' },
    workingDir: '/var/www/html',
    exposedPorts: ['80/tcp'],
    binaries: [...DEBIAN_TOOLS, 'apache2', 'apache2-foreground', 'apache2ctl', 'apachectl', 'php', 'php-config', 'phpize', 'docker-php-ext-install', 'docker-php-ext-enable', 'curl', 'perl'],
    daemons: { 'apache2-foreground': 'php-apache', apache2: 'php-apache' },
    files: { '/var/www/html/index.php': HPA_INDEX_PHP },
  },
  {
    repo: 'vish/stress',
    tags: ['latest'],
    sizeBytes: 2_487_104,
    entrypoint: ['/stress', '-logtostderr'],
    cmd: [],
    env: { PATH },
    binaries: ['/stress'],
    daemons: { '/stress': 'vish-stress' },
  },
  {
    repo: 'polinux/stress',
    tags: ['latest', '1.0.4'],
    sizeBytes: 4_719_410,
    entrypoint: [],
    // The Dockerfile's CMD ['/usr/local/bin/stress'] uses single quotes: not JSON, so Docker stored the shell form.
    cmd: ['/bin/sh', '-c', "['/usr/local/bin/stress']"],
    env: { PATH, RELEASE_VERSION: '1.0.4', SHELL: '/bin/bash' },
    binaries: [...BUSYBOX_APPLETS, 'bash', 'stress', '/usr/local/bin/stress'],
    daemons: { stress: 'stress' },
    files: { '/etc/os-release': osRelease.alpine('3.9.4') },
  },
  {
    repo: 'luksa/kubia',
    tags: ['latest', 'v1', 'v2', 'v3', 'v4'],
    sizeBytes: 264_520_327,
    entrypoint: ['node', 'app.js'],
    cmd: [],
    env: NODE7_ENV,
    exposedPorts: [],
    binaries: KUBIA_BINS,
    daemons: { node: 'kubia', nodejs: 'kubia' },
    files: { '/app.js': KUBIA_APP_JS },
    variants: [
      { tags: ['v1'], daemons: { node: 'kubia-v1', nodejs: 'kubia-v1' } },
      { tags: ['v2'], daemons: { node: 'kubia-v2', nodejs: 'kubia-v2' } },
      { tags: ['v3'], daemons: { node: 'kubia-v3', nodejs: 'kubia-v3' } },
      { tags: ['v4'], daemons: { node: 'kubia-v4', nodejs: 'kubia-v4' } },
    ],
  },
  {
    repo: 'luksa/kubia-unhealthy',
    tags: ['latest'],
    sizeBytes: 264_520_433,
    entrypoint: ['node', 'app.js'],
    cmd: [],
    env: NODE7_ENV,
    binaries: KUBIA_BINS,
    daemons: { node: 'kubia-unhealthy', nodejs: 'kubia-unhealthy' },
  },
  {
    repo: 'registry.k8s.io/e2e-test-images/agnhost',
    aliases: ['k8s.gcr.io/e2e-test-images/agnhost'],
    tags: AGNHOST_VERSIONS,
    sizeBytes: 52_174_393,
    entrypoint: ['/agnhost'],
    cmd: ['pause'],
    env: { PATH },
    exposedPorts: ['80/tcp', '8080/tcp', '8081/tcp', '9376/tcp'],
    binaries: agnhostBins,
    daemons: { '/agnhost': 'agnhost@2.53', '/agnhost-2': 'agnhost@2.53' },
    variants: AGNHOST_VERSIONS.filter((t) => t !== '2.53').map((t) => {
      const id = `agnhost@${t}`;
      return { tags: [t], daemons: { '/agnhost': id, '/agnhost-2': id }, sizeBytes: 52_174_393 - (53 - Number(t.split('.')[1])) * 180_000 };
    }),
  },
  {
    repo: 'registry.k8s.io/liveness',
    aliases: ['k8s.gcr.io/liveness', 'gcr.io/google_containers/liveness', 'gcr.io/google-containers/liveness'],
    tags: ['latest'],
    sizeBytes: 2_734_417,
    entrypoint: [],
    cmd: [],
    env: { PATH },
    binaries: ['/server'],
    daemons: { '/server': 'liveness' },
  },
  {
    repo: 'registry.k8s.io/busybox',
    aliases: ['k8s.gcr.io/busybox', 'gcr.io/google_containers/busybox', 'gcr.io/google-containers/busybox'],
    tags: ['latest', '1.24', '1.27.2'],
    sizeBytes: 676_037,
    entrypoint: [],
    cmd: ['sh'],
    env: { PATH },
    binaries: 'busybox',
    variants: [{ tags: ['1.27.2'], sizeBytes: 729_993 }],
  },
  {
    repo: 'debian',
    tags: ['latest', 'bookworm', '12', '12.9', 'stable', 'bookworm-slim', '12-slim', '12.9-slim', 'stable-slim', 'bullseye', '11', '11.11', 'bullseye-slim', '11-slim', 'trixie', 'testing', 'sid', 'unstable'],
    sizeBytes: 48_494_272,
    entrypoint: [],
    cmd: ['bash'],
    env: { PATH },
    binaries: DEBIAN_TOOLS,
    files: { '/etc/os-release': osRelease.bookworm, '/etc/debian_version': '12.9\n' },
    variants: [
      { tags: ['bookworm-slim', '12-slim', '12.9-slim', 'stable-slim'], sizeBytes: 28_227_259 },
      { tags: ['bullseye', '11', '11.11'], sizeBytes: 53_737_426, files: { '/etc/os-release': osRelease.bullseye, '/etc/debian_version': '11.11\n' } },
      { tags: ['bullseye-slim', '11-slim'], sizeBytes: 30_253_542, files: { '/etc/os-release': osRelease.bullseye, '/etc/debian_version': '11.11\n' } },
      { tags: ['trixie', 'testing', 'sid', 'unstable'], sizeBytes: 49_615_207, files: { '/etc/debian_version': 'trixie/sid\n' } },
    ],
  },
  {
    repo: 'ubuntu',
    tags: ['latest', '24.04', 'noble', '22.04', 'jammy', '20.04', 'focal', 'rolling', '24.10', 'oracular'],
    sizeBytes: 29_754_422,
    entrypoint: [],
    cmd: ['/bin/bash'],
    env: { PATH },
    binaries: DEBIAN_TOOLS,
    files: { '/etc/os-release': osRelease.noble },
    variants: [
      { tags: ['22.04', 'jammy'], sizeBytes: 29_534_055, files: { '/etc/os-release': osRelease.jammy } },
      { tags: ['20.04', 'focal'], sizeBytes: 27_505_594 },
      { tags: ['rolling', '24.10', 'oracular'], sizeBytes: 31_236_114 },
    ],
  },
  {
    repo: 'nicolaka/netshoot',
    tags: ['latest', 'v0.13', 'v0.12', 'v0.11'],
    sizeBytes: 183_874_212,
    entrypoint: [],
    cmd: ['zsh'],
    env: { PATH, HOSTNAME: 'netshoot' },
    workingDir: '/root',
    binaries: [
      ...BUSYBOX_APPLETS,
      'bash', 'zsh', 'curl', 'dig', 'nslookup', 'host', 'drill', 'nmap', 'nping', 'tcpdump', 'tshark', 'termshark', 'ip', 'ss', 'bridge', 'ethtool', 'iperf', 'iperf3', 'nc', 'socat', 'jq',
      'vim', 'strace', 'ltrace', 'mtr', 'traceroute', 'tcptraceroute', 'ping', 'fping', 'arping', 'openssl', 'iptables', 'ip6tables', 'nft', 'conntrack', 'ipvsadm', 'ipset', 'ctop',
      'calicoctl', 'grpcurl', 'fortio', 'http', 'ab', 'swaks', 'websocat', 'speedtest-cli', 'git', 'python3', 'pip', 'file', 'ngrep', 'iftop', 'iptraf-ng', 'dhcping', 'ssh', 'scp', 'trip',
      'lsof', 'ps', 'top', 'telnet', 'whois',
    ],
    daemons: { zsh: 'zsh' },
    files: { '/etc/os-release': osRelease.alpine('3.21.0') },
  },
  {
    repo: 'perl',
    tags: ['latest', '5', '5.40', '5.40.0', '5.38', '5.38.2', '5.36', '5.36.3', '5.34', '5.34.0', '5.34.3', 'slim', '5.40-slim', '5.34-slim'],
    sizeBytes: 341_902_557,
    entrypoint: [],
    cmd: ['perl5.40.0', '-de0'],
    env: { PATH },
    workingDir: '/usr/src/app',
    binaries: perlBins('5.40.0'),
    daemons: { perl: 'perl', 'perl5.40.0': 'perl', 'perl5.38.2': 'perl', 'perl5.36.3': 'perl', 'perl5.34.0': 'perl', 'perl5.34.3': 'perl' },
    variants: [
      { tags: ['5.38', '5.38.2'], sizeBytes: 339_775_914, cmd: ['perl5.38.2', '-de0'], binaries: perlBins('5.38.2') },
      { tags: ['5.36', '5.36.3'], sizeBytes: 338_217_405, cmd: ['perl5.36.3', '-de0'], binaries: perlBins('5.36.3') },
      { tags: ['5.34', '5.34.3'], sizeBytes: 335_605_911, cmd: ['perl5.34.3', '-de0'], binaries: perlBins('5.34.3') },
      { tags: ['5.34.0'], sizeBytes: 332_617_402, cmd: ['perl5.34.0', '-de0'], binaries: perlBins('5.34.0') },
      { tags: ['slim', '5.40-slim'], sizeBytes: 39_012_745, binaries: perlBins('5.40.0', true) },
      { tags: ['5.34-slim'], sizeBytes: 37_120_533, cmd: ['perl5.34.3', '-de0'], binaries: perlBins('5.34.3', true) },
    ],
  },
];

// ---- references ------------------------------------------------------------------------------

export interface ImageRef {
  /** As written in the pod spec. */
  raw: string;
  /** Repository as the catalogue names it: "nginx", "nicolaka/netshoot", "registry.k8s.io/pause". */
  repo: string;
  /** "latest" when no tag was written. */
  tag: string;
  digest?: string;
  /** A tag was written explicitly (`nginx:latest@sha256:…` pulls by digest but defaults to Always). */
  tagged?: boolean;
  /** Fully-qualified name: docker.io/library/nginx. */
  name?: string;
}

const DEFAULT_DOMAIN = 'docker.io';
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN = /^(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])(?:\.(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9]))*(?::[0-9]+)?$/;

/** distribution/reference's splitDockerDomain. */
function splitDomain(name: string): { domain: string; remainder: string } {
  const i = name.indexOf('/');
  let domain: string;
  let remainder: string;
  if (i === -1 || (!/[.:]/.test(name.slice(0, i)) && name.slice(0, i) !== 'localhost' && name.slice(0, i).toLowerCase() === name.slice(0, i))) {
    domain = DEFAULT_DOMAIN;
    remainder = name;
  } else {
    domain = name.slice(0, i);
    remainder = name.slice(i + 1);
  }
  if (domain === 'index.docker.io') domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = `library/${remainder}`;
  return { domain, remainder };
}

/** Parse an image reference the way the kubelet does (distribution/reference ParseNormalizedNamed). */
export function parseImageRef(raw: string): ImageRef | { error: string } {
  const fail = (why: string) => ({ error: `couldn't parse image name "${raw}": ${why}` });
  const invalid = fail('invalid reference format');
  if (!raw || /\s/.test(raw)) return invalid;
  if (/^[a-f0-9]{64}$/.test(raw)) return fail(`invalid repository name (${raw}), cannot specify 64-byte hexadecimal strings`);
  const { domain, remainder } = splitDomain(raw);
  const colon = remainder.indexOf(':');
  const remote = colon >= 0 ? remainder.slice(0, colon) : remainder.split('@')[0]!;
  if (remote.toLowerCase() !== remote) return fail(`invalid reference format: repository name (${remote}) must be lowercase`);
  let rest = `${domain}/${remainder}`;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    const d = /^([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*):([0-9a-fA-F]{32,})$/.exec(digest);
    if (!d) return invalid;
    if (d[1] === 'sha256' && d[2]!.length !== 64) return fail('invalid checksum digest length');
    if (d[1] !== 'sha256' && d[1] !== 'sha384' && d[1] !== 'sha512') return fail('unsupported digest algorithm');
  }
  let tag: string | undefined;
  const slash = rest.lastIndexOf('/');
  const tc = rest.lastIndexOf(':');
  if (tc > slash) {
    tag = rest.slice(tc + 1);
    rest = rest.slice(0, tc);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) return invalid;
  }
  const [dom, ...path] = rest.split('/');
  if (!DOMAIN.test(dom!) || path.length === 0 || !path.every((p) => PATH_COMPONENT.test(p))) return invalid;
  const pathName = path.join('/');
  if (`${dom}/${pathName}`.length > 255) return fail('repository name must not be more than 255 characters');
  const repo = dom === DEFAULT_DOMAIN ? pathName.replace(/^library\//, '') : `${dom}/${pathName}`;
  return { raw, repo, tag: tag ?? 'latest', ...(digest ? { digest } : {}), tagged: tag !== undefined, name: `${dom}/${pathName}` };
}

const resolved = new Map<string, ImageDef>();

/** The image a reference names, with its tag's variant applied; undefined when the registry has no such repository or tag. */
export function findImage(ref: ImageRef): ImageDef | undefined {
  const def = IMAGES.find((i) => i.repo === ref.repo || i.aliases?.includes(ref.repo));
  if (!def) return undefined;
  const tag = def.tags.includes(ref.tag) ? ref.tag : ref.digest ? def.tags[0]! : undefined;
  if (tag === undefined) return undefined;
  const key = `${def.repo}:${tag}`;
  let out = resolved.get(key);
  if (!out) {
    const v = def.variants?.find((x) => x.tags.includes(tag));
    const { variants: _variants, ...base } = def;
    out = { ...base, tag };
    if (v) {
      const { tags: _tags, env, files, ...fields } = v;
      for (const [k, val] of Object.entries(fields)) (out as unknown as Record<string, unknown>)[k] = val;
      if ('user' in fields && fields.user === undefined) delete out.user;
      out.env = { ...def.env, ...env };
      if (files || def.files) out.files = { ...def.files, ...files };
    }
    resolved.set(key, out);
  }
  return out;
}

/** Registry's canonical name, as containerd reports it: docker.io/library/busybox:1.28. */
export function canonicalName(ref: ImageRef): string {
  const first = ref.repo.split('/')[0]!;
  const hasDomain = ref.repo.includes('/') && (/[.:]/.test(first) || first === 'localhost');
  const base = hasDomain ? ref.repo : ref.repo.includes('/') ? `docker.io/${ref.repo}` : `docker.io/library/${ref.repo}`;
  return ref.digest ? `${base}@${ref.digest}` : `${base}:${ref.tag}`;
}

/** Stable fake digest per image, for `Image ID` in describe. */
export function imageDigest(ref: ImageRef): string {
  let h = 2166136261;
  const s = `${ref.repo}:${ref.tag}`;
  let out = '';
  for (let round = 0; round < 8; round++) {
    for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
    h = Math.imul(h ^ round, 2246822519) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return `sha256:${out}`;
}

/** pkg/apis/core/v1/defaults.go: Always for `:latest` or no tag (without a digest), else IfNotPresent. */
export function defaultPullPolicy(ref: ImageRef): 'Always' | 'IfNotPresent' {
  if (ref.digest) return ref.tagged && ref.tag === 'latest' ? 'Always' : 'IfNotPresent';
  return ref.tag === 'latest' ? 'Always' : 'IfNotPresent';
}

export function imageHasBinary(def: ImageDef, name: string): boolean {
  if (def.binaries === 'busybox') return true;
  const base = name.split('/').pop()!;
  return def.binaries.includes(name) || def.binaries.includes(base);
}

/**
 * The process a container runs: Kubernetes `command` replaces ENTRYPOINT and `args` replaces CMD;
 * `command` alone drops CMD; `args` alone keeps ENTRYPOINT.
 */
export function containerArgv(def: Pick<ImageDef, 'entrypoint' | 'cmd'>, command?: string[], args?: string[]): string[] {
  const cmd = command ?? [];
  const a = args ?? [];
  if (cmd.length) return [...cmd, ...a];
  return [...def.entrypoint, ...(a.length ? a : def.cmd)];
}

/** The signal containerd sends to stop a container of this image (its STOPSIGNAL, else SIGTERM). */
export function stopSignalOf(def: ImageDef | undefined): StopSignal {
  return def?.stopSignal ?? 'SIGTERM';
}

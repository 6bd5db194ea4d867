/**
 * The image catalogue: what the simulated registry knows. Each image says what runs by default,
 * which binaries exist inside it (so `kubectl exec distroless -- sh` fails as it really does),
 * what it serves, and its size (which drives pull time).
 */

export interface ImageDef {
  /** Repository without registry/library prefix, e.g. "busybox", "registry.k8s.io/hpa-example". */
  repo: string;
  /** Known tags; pulling another tag fails with "not found". */
  tags: string[];
  sizeBytes: number;
  entrypoint: string[];
  cmd: string[];
  env: Record<string, string>;
  workingDir?: string;
  /** 'busybox' = every busybox applet; otherwise the list of executables present. */
  binaries: 'busybox' | string[];
  /** Program name → daemon behaviour id (see daemons.ts). */
  daemons?: Record<string, string>;
}

const PATH = '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
const DEBIAN_TOOLS = ['sh', 'bash', 'ls', 'cat', 'echo', 'sleep', 'env', 'printenv', 'hostname', 'mkdir', 'rm', 'touch', 'head', 'tail', 'grep', 'date', 'true', 'false', 'kill', 'id', 'uname', 'whoami', 'test', '[', 'wc', 'seq', 'yes', 'stat', 'chmod', 'basename', 'dirname', 'tr', 'find', 'which', 'printf', 'pwd'];

export const IMAGES: ImageDef[] = [
  { repo: 'busybox', tags: ['latest', '1.28', '1.36', '1.36.1', '1.37', '1.37.0', 'stable', 'musl', 'glibc', 'uclibc'], sizeBytes: 2_224_358, entrypoint: [], cmd: ['sh'], env: { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' }, binaries: 'busybox' },
  { repo: 'alpine', tags: ['latest', '3.19', '3.20', '3.21', '3.22'], sizeBytes: 3_645_278, entrypoint: [], cmd: ['/bin/sh'], env: { PATH }, binaries: 'busybox' },
  { repo: 'nginx', tags: ['latest', '1.25', '1.26', '1.27', '1.27.3', '1.28', '1.29', 'alpine', 'stable', '1.14.2', '1.16.1', '1.17'], sizeBytes: 72_195_292, entrypoint: ['/docker-entrypoint.sh'], cmd: ['nginx', '-g', 'daemon off;'], env: { PATH, NGINX_VERSION: '1.27.3' }, binaries: [...DEBIAN_TOOLS, 'nginx', '/docker-entrypoint.sh'], daemons: { '/docker-entrypoint.sh': 'nginx', nginx: 'nginx' } },
  { repo: 'redis', tags: ['latest', '7', '7.2', '7.4', '8', 'alpine'], sizeBytes: 45_102_138, entrypoint: ['docker-entrypoint.sh'], cmd: ['redis-server'], env: { PATH, REDIS_VERSION: '7.4.1' }, workingDir: '/data', binaries: [...DEBIAN_TOOLS, 'redis-server', 'redis-cli', 'docker-entrypoint.sh'], daemons: { 'docker-entrypoint.sh': 'redis', 'redis-server': 'redis' } },
  { repo: 'mysql', tags: ['latest', '8', '8.0', '8.4', '9'], sizeBytes: 171_921_438, entrypoint: ['docker-entrypoint.sh'], cmd: ['mysqld'], env: { PATH, MYSQL_MAJOR: '8.4' }, binaries: [...DEBIAN_TOOLS, 'mysqld', 'mysql', 'docker-entrypoint.sh'], daemons: { 'docker-entrypoint.sh': 'mysql', mysqld: 'mysql' } },
  { repo: 'tomcat', tags: ['latest', '9', '10', '11', '8.5'], sizeBytes: 186_342_120, entrypoint: [], cmd: ['catalina.sh', 'run'], env: { PATH: '/usr/local/tomcat/bin:' + PATH, CATALINA_HOME: '/usr/local/tomcat' }, workingDir: '/usr/local/tomcat', binaries: [...DEBIAN_TOOLS, 'catalina.sh', 'java'], daemons: { 'catalina.sh': 'tomcat' } },
  { repo: 'registry.k8s.io/pause', tags: ['3.10', '3.10.1', '3.9'], sizeBytes: 320_368, entrypoint: ['/pause'], cmd: [], env: {}, binaries: ['/pause'], daemons: { '/pause': 'pause' } },
];

export interface ImageRef {
  /** As written in the pod spec. */
  raw: string;
  repo: string;
  tag: string;
  digest?: string;
}

/** Parse an image reference the way the container runtime's reference parser does. */
export function parseImageRef(raw: string): ImageRef | { error: string } {
  const invalid = { error: `couldn't parse image name "${raw}": invalid reference format` };
  if (!raw || /\s/.test(raw)) return invalid;
  let rest = raw;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!/^sha256:[a-f0-9]{64}$/.test(digest)) return invalid;
  }
  let tag = 'latest';
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!/^[\w][\w.-]{0,127}$/.test(tag)) return invalid;
  }
  if (rest !== rest.toLowerCase()) {
    const path = rest.includes('/') ? rest : `library/${rest}`;
    return { error: `couldn't parse image name "${raw}": invalid reference format: repository name (${path}) must be lowercase` };
  }
  if (!/^[a-z0-9]+([._-][a-z0-9]+)*(:[0-9]+)?(\/[a-z0-9]+([._-]+[a-z0-9]+)*)*$/.test(rest)) return invalid;
  const repo = rest.replace(/^docker\.io\//, '').replace(/^library\//, '');
  return { raw, repo, tag, digest };
}

export function findImage(ref: ImageRef): ImageDef | undefined {
  const def = IMAGES.find((i) => i.repo === ref.repo);
  if (!def) return undefined;
  if (ref.digest) return def;
  return def.tags.includes(ref.tag) ? def : undefined;
}

/** Registry's canonical name, as containerd reports it: docker.io/library/busybox:1.28. */
export function canonicalName(ref: ImageRef): string {
  const base = ref.repo.includes('/') && ref.repo.split('/')[0]!.includes('.') ? ref.repo : ref.repo.includes('/') ? `docker.io/${ref.repo}` : `docker.io/library/${ref.repo}`;
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

export function defaultPullPolicy(ref: ImageRef): 'Always' | 'IfNotPresent' {
  return ref.digest ? 'IfNotPresent' : ref.tag === 'latest' ? 'Always' : 'IfNotPresent';
}

export function imageHasBinary(def: ImageDef, name: string): boolean {
  if (def.binaries === 'busybox') return true;
  const base = name.split('/').pop()!;
  return def.binaries.includes(name) || def.binaries.includes(base);
}

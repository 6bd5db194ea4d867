import { describe, expect, it } from 'vitest';
import { IMAGES, canonicalName, containerArgv, defaultPullPolicy, findImage, imageHasBinary, parseImageRef, stopSignalOf, type ImageDef, type ImageRef } from '~/cluster/runtime/images';
import { DAEMONS } from '~/cluster/runtime/daemons';

const HEX = 'a'.repeat(64);

function ref(s: string): ImageRef {
  const r = parseImageRef(s);
  if ('error' in r) throw new Error(r.error);
  return r;
}
function img(s: string): ImageDef {
  const d = findImage(ref(s));
  if (!d) throw new Error(`not found: ${s}`);
  return d;
}

describe('parseImageRef', () => {
  it('defaults the tag and the docker.io/library prefix', () => {
    expect(ref('nginx')).toMatchObject({ raw: 'nginx', repo: 'nginx', tag: 'latest', tagged: false, name: 'docker.io/library/nginx' });
    expect(ref('nginx:1.27')).toMatchObject({ repo: 'nginx', tag: '1.27', tagged: true });
    expect(ref('docker.io/library/nginx:1.27')).toMatchObject({ repo: 'nginx', tag: '1.27', name: 'docker.io/library/nginx' });
    expect(ref('index.docker.io/library/busybox:1.28')).toMatchObject({ repo: 'busybox', tag: '1.28' });
    expect(ref('nicolaka/netshoot')).toMatchObject({ repo: 'nicolaka/netshoot', tag: 'latest', name: 'docker.io/nicolaka/netshoot' });
  });

  it('keeps other registries, ports and nested paths', () => {
    expect(ref('registry.k8s.io/e2e-test-images/agnhost:2.40')).toMatchObject({ repo: 'registry.k8s.io/e2e-test-images/agnhost', tag: '2.40' });
    expect(ref('localhost:5000/app:v1')).toMatchObject({ repo: 'localhost:5000/app', tag: 'v1' });
    expect(ref('gcr.io/distroless/static-debian12:nonroot')).toMatchObject({ repo: 'gcr.io/distroless/static-debian12', tag: 'nonroot' });
  });

  it('parses digests, with or without a tag', () => {
    expect(ref(`nginx@sha256:${HEX}`)).toMatchObject({ repo: 'nginx', tag: 'latest', tagged: false, digest: `sha256:${HEX}` });
    expect(ref(`nginx:1.27@sha256:${HEX}`)).toMatchObject({ repo: 'nginx', tag: '1.27', digest: `sha256:${HEX}` });
    expect(parseImageRef('nginx@sha256:abc')).toEqual({ error: 'couldn\'t parse image name "nginx@sha256:abc": invalid reference format' });
    expect(parseImageRef(`nginx@sha256:${'a'.repeat(40)}`)).toEqual({ error: `couldn't parse image name "nginx@sha256:${'a'.repeat(40)}": invalid checksum digest length` });
  });

  it('rejects upper case with the runtime’s exact text', () => {
    expect(parseImageRef('Nginx')).toEqual({ error: 'couldn\'t parse image name "Nginx": invalid reference format: repository name (library/Nginx) must be lowercase' });
    expect(parseImageRef('Nginx:1.27')).toEqual({ error: 'couldn\'t parse image name "Nginx:1.27": invalid reference format: repository name (library/Nginx) must be lowercase' });
    expect(parseImageRef('luksa/Kubia')).toEqual({ error: 'couldn\'t parse image name "luksa/Kubia": invalid reference format: repository name (luksa/Kubia) must be lowercase' });
    // Upper case is fine in a tag.
    expect(ref('nginx:Latest').tag).toBe('Latest');
  });

  it('rejects malformed references', () => {
    for (const bad of ['nginx:', '', 'nginx latest', ':1.27', 'nginx::1', '-nginx', 'nginx/', 'nginx:-x', 'nginx:1.27:3']) {
      expect(parseImageRef(bad), bad).toEqual({ error: `couldn't parse image name "${bad}": invalid reference format` });
    }
    expect(parseImageRef(HEX)).toEqual({ error: `couldn't parse image name "${HEX}": invalid repository name (${HEX}), cannot specify 64-byte hexadecimal strings` });
  });
});

describe('findImage', () => {
  it('knows repositories and tags; anything else is "not found"', () => {
    expect(img('nginx').tag).toBe('latest');
    expect(findImage(ref('nginx:1.161'))).toBeUndefined(); // the rolling-update walkthrough's typo
    expect(findImage(ref('nginx:9.9'))).toBeUndefined();
    expect(findImage(ref('nosuchimage'))).toBeUndefined();
    expect(findImage(ref('registry.k8s.io/e2e-test-images/agnhost'))).toBeUndefined(); // agnhost has no :latest
    expect(findImage(ref(`nginx@sha256:${HEX}`))?.repo).toBe('nginx');
  });

  it('resolves aliases of the old registries', () => {
    expect(img('k8s.gcr.io/pause:3.1').repo).toBe('registry.k8s.io/pause');
    expect(img('gcr.io/google_containers/hpa-example').repo).toBe('registry.k8s.io/hpa-example');
    expect(img('k8s.gcr.io/busybox').repo).toBe('registry.k8s.io/busybox');
    expect(img('k8s.gcr.io/liveness').repo).toBe('registry.k8s.io/liveness');
  });

  it('applies the tag’s variant', () => {
    expect(img('nginx:1.27').env.NGINX_VERSION).toBe('1.27.3');
    expect(img('nginx:stable').env.NGINX_VERSION).toBe('1.26.2');
    expect(img('nginx:1.14.2')).toMatchObject({ entrypoint: [], cmd: ['nginx', '-g', 'daemon off;'] });
    expect(img('nginx:1.14.2').env.NGINX_VERSION).toBe('1.14.2-1~stretch');
    expect(img('nginx:alpine').sizeBytes).toBeLessThan(img('nginx').sizeBytes / 3);
    expect(img('busybox:1.28').sizeBytes).toBe(727_869);
    expect(img('mysql:5.7').env.MYSQL_MAJOR).toBe('5.7');
    expect(img('mysql:5.7').env.GOSU_VERSION).toBe('1.16');
    expect(img('gcr.io/distroless/static-debian12:nonroot')).toMatchObject({ user: '65532', workingDir: '/home/nonroot' });
    expect(img('gcr.io/distroless/static-debian12').user).toBeUndefined();
    expect(img('registry.k8s.io/pause:3.10').user).toBe('65535:65535');
    expect(img('registry.k8s.io/pause:3.1').user).toBeUndefined();
    // The same tag resolves to the same object (stable identity for caches).
    expect(img('nginx:1.27')).toBe(img('docker.io/library/nginx:1.27'));
  });

  it('every variant names tags of its image, and every daemon id exists', () => {
    for (const d of IMAGES) {
      for (const v of d.variants ?? []) for (const t of v.tags) expect(d.tags, `${d.repo}:${t}`).toContain(t);
      expect(new Set(d.tags).size, d.repo).toBe(d.tags.length);
      for (const t of d.tags) {
        const def = findImage({ raw: `${d.repo}:${t}`, repo: d.repo, tag: t })!;
        for (const id of Object.values(def.daemons ?? {})) expect(DAEMONS[id], `${d.repo}:${t} → ${id}`).toBeDefined();
        expect(def.sizeBytes, `${d.repo}:${t}`).toBeGreaterThan(100_000);
      }
    }
  });

  it('every image’s default process exists in the image (or is a known shell-less image)', () => {
    const noCommand = new Set(['registry.k8s.io/liveness', 'gcr.io/distroless/static-debian12', 'gcr.io/distroless/static', 'gcr.io/distroless/static-debian11', 'gcr.io/distroless/base-debian12', 'gcr.io/distroless/base', 'gcr.io/distroless/cc-debian12']);
    for (const d of IMAGES) {
      for (const t of d.tags) {
        const def = findImage({ raw: '', repo: d.repo, tag: t })!;
        const argv = containerArgv(def);
        if (!argv.length) {
          expect(noCommand.has(d.repo), `${d.repo}:${t} has no command`).toBe(true);
          continue;
        }
        expect(imageHasBinary(def, argv[0]!), `${d.repo}:${t} ${argv[0]}`).toBe(true);
      }
    }
  });
});

describe('ENTRYPOINT/CMD and command/args', () => {
  const table: [string, string[]][] = [
    ['busybox', ['sh']],
    ['busybox:1.28', ['sh']],
    ['alpine', ['/bin/sh']],
    ['nginx', ['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;']],
    ['nginx:alpine', ['/docker-entrypoint.sh', 'nginx', '-g', 'daemon off;']],
    ['nginx:1.14.2', ['nginx', '-g', 'daemon off;']],
    ['httpd', ['httpd-foreground']],
    ['redis', ['docker-entrypoint.sh', 'redis-server']],
    ['mysql:8.0', ['docker-entrypoint.sh', 'mysqld']],
    ['tomcat:9.0', ['catalina.sh', 'run']],
    ['registry.k8s.io/pause:3.10.1', ['/pause']],
    ['gcr.io/distroless/static-debian12', []],
    ['gcr.io/distroless/base-debian12:debug', ['/busybox/sh']],
    ['gcr.io/distroless/nodejs20-debian12', ['/nodejs/bin/node']],
    ['registry.k8s.io/hpa-example', ['apache2-foreground']],
    ['vish/stress', ['/stress', '-logtostderr']],
    ['polinux/stress', ['/bin/sh', '-c', "['/usr/local/bin/stress']"]],
    ['luksa/kubia', ['node', 'app.js']],
    ['registry.k8s.io/e2e-test-images/agnhost:2.40', ['/agnhost', 'pause']],
    ['registry.k8s.io/liveness', []],
    ['registry.k8s.io/busybox', ['sh']],
    ['debian', ['bash']],
    ['ubuntu', ['/bin/bash']],
    ['nicolaka/netshoot', ['zsh']],
    ['perl:5.34.0', ['perl5.34.0', '-de0']],
  ];
  it.each(table)('%s runs %j by default', (image, argv) => {
    expect(containerArgv(img(image))).toEqual(argv);
  });

  it('command replaces ENTRYPOINT (and drops CMD); args replaces CMD', () => {
    const nginx = img('nginx:1.27');
    expect(containerArgv(nginx, undefined, ['sleep', '3600'])).toEqual(['/docker-entrypoint.sh', 'sleep', '3600']);
    expect(containerArgv(nginx, ['sh', '-c'], undefined)).toEqual(['sh', '-c']);
    expect(containerArgv(nginx, ['sh', '-c'], ['echo hi'])).toEqual(['sh', '-c', 'echo hi']);
    const agnhost = img('registry.k8s.io/e2e-test-images/agnhost:2.40');
    expect(containerArgv(agnhost, undefined, ['liveness'])).toEqual(['/agnhost', 'liveness']);
    expect(containerArgv(agnhost, ['/agnhost', 'netexec', '--http-port=8080'])).toEqual(['/agnhost', 'netexec', '--http-port=8080']);
    expect(containerArgv(img('vish/stress'), undefined, ['-cpus', '2'])).toEqual(['/stress', '-logtostderr', '-cpus', '2']);
    expect(containerArgv(img('registry.k8s.io/liveness'), undefined, ['/server'])).toEqual(['/server']);
    expect(containerArgv(img('busybox'), [], [])).toEqual(['sh']);
  });
});

describe('image facts', () => {
  it('binaries: shell-less images have no sh; debug and toolbox images do', () => {
    expect(imageHasBinary(img('gcr.io/distroless/static-debian12'), 'sh')).toBe(false);
    expect(imageHasBinary(img('gcr.io/distroless/nodejs20-debian12'), 'sh')).toBe(false);
    expect(imageHasBinary(img('gcr.io/distroless/nodejs20-debian12'), '/nodejs/bin/node')).toBe(true);
    expect(imageHasBinary(img('gcr.io/distroless/nodejs20-debian12'), 'node')).toBe(false); // not on PATH
    expect(imageHasBinary(img('registry.k8s.io/pause:3.1'), 'sh')).toBe(false);
    expect(imageHasBinary(img('registry.k8s.io/liveness'), '/server')).toBe(true);
    expect(imageHasBinary(img('vish/stress'), 'sh')).toBe(false);
    expect(imageHasBinary(img('gcr.io/distroless/static-debian12:debug'), 'sh')).toBe(true);
    expect(img('gcr.io/distroless/static-debian12:debug').env.PATH).toMatch(/:\/busybox$/);
    for (const tool of ['bash', 'zsh', 'dig', 'nslookup', 'curl', 'ps', 'ip', 'tcpdump']) expect(imageHasBinary(img('nicolaka/netshoot'), tool), tool).toBe(true);
    // Debian-based images have no ps, ping or nslookup; nginx ships curl.
    for (const tool of ['ps', 'ping', 'nslookup', 'wget']) expect(imageHasBinary(img('nginx'), tool), tool).toBe(false);
    expect(imageHasBinary(img('nginx'), 'curl')).toBe(true);
    expect(imageHasBinary(img('debian'), 'bash')).toBe(true);
    expect(imageHasBinary(img('registry.k8s.io/e2e-test-images/agnhost:2.40'), 'bash')).toBe(true);
  });

  it('ENV, WORKDIR, STOPSIGNAL and EXPOSE as in the image configs', () => {
    expect(img('redis').workingDir).toBe('/data');
    expect(img('tomcat').workingDir).toBe('/usr/local/tomcat');
    expect(img('tomcat').env.PATH).toMatch(/^\/usr\/local\/tomcat\/bin:/);
    expect(img('tomcat:10.1').env).toMatchObject({ CATALINA_HOME: '/usr/local/tomcat', TOMCAT_MAJOR: '10', TOMCAT_VERSION: '10.1.34', JAVA_HOME: '/opt/java/openjdk' });
    expect(img('nicolaka/netshoot').workingDir).toBe('/root');
    expect(img('registry.k8s.io/hpa-example').workingDir).toBe('/var/www/html');
    expect(stopSignalOf(img('nginx'))).toBe('SIGQUIT');
    expect(stopSignalOf(img('nginx:alpine'))).toBe('SIGQUIT');
    expect(stopSignalOf(img('httpd'))).toBe('SIGWINCH');
    expect(stopSignalOf(img('redis'))).toBe('SIGTERM');
    expect(stopSignalOf(undefined)).toBe('SIGTERM');
    expect(img('mysql').exposedPorts).toEqual(['3306/tcp', '33060/tcp']);
    expect(img('nginx').files?.['/usr/share/nginx/html/index.html']).toHaveLength(615);
    expect(img('nginx:1.14.2').files?.['/usr/share/nginx/html/index.html']).toHaveLength(612);
  });

  it('sizes order as on the registries', () => {
    const s = (x: string) => img(x).sizeBytes;
    expect(s('registry.k8s.io/pause:3.10')).toBeLessThan(s('busybox:1.28'));
    expect(s('busybox:1.28')).toBeLessThan(s('busybox'));
    expect(s('busybox')).toBeLessThan(s('alpine'));
    expect(s('alpine')).toBeLessThan(s('nginx:alpine'));
    expect(s('nginx:alpine')).toBeLessThan(s('redis'));
    expect(s('redis')).toBeLessThan(s('nginx'));
    expect(s('nginx')).toBeLessThan(s('mysql'));
    expect(s('mysql')).toBeLessThan(s('tomcat'));
    expect(s('tomcat')).toBeLessThan(s('luksa/kubia'));
  });
});

describe('canonical names and pull policy', () => {
  it('canonicalName is what containerd reports', () => {
    expect(canonicalName(ref('busybox:1.28'))).toBe('docker.io/library/busybox:1.28');
    expect(canonicalName(ref('nicolaka/netshoot'))).toBe('docker.io/nicolaka/netshoot:latest');
    expect(canonicalName(ref('registry.k8s.io/pause:3.10.1'))).toBe('registry.k8s.io/pause:3.10.1');
    expect(canonicalName(ref('localhost:5000/app:v1'))).toBe('localhost:5000/app:v1');
    expect(canonicalName(ref(`nginx@sha256:${HEX}`))).toBe(`docker.io/library/nginx@sha256:${HEX}`);
  });

  it('Always for :latest or no tag, IfNotPresent otherwise (a bare digest too)', () => {
    expect(defaultPullPolicy(ref('nginx'))).toBe('Always');
    expect(defaultPullPolicy(ref('nginx:latest'))).toBe('Always');
    expect(defaultPullPolicy(ref('nginx:1.27'))).toBe('IfNotPresent');
    expect(defaultPullPolicy(ref(`nginx@sha256:${HEX}`))).toBe('IfNotPresent');
    expect(defaultPullPolicy(ref(`nginx:latest@sha256:${HEX}`))).toBe('Always');
  });
});

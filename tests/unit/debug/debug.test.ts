import { describe, it, expect } from 'vitest';
import { Cluster } from '~/cluster/cluster';
import { PodWorker } from '~/cluster/kubelet/pod-worker';
import { FlagError } from '~/kubectl/flags';
import type { KubectlContext } from '~/kubectl/context';
import type { Running } from '~/kubectl/io';
import { debug, parseStringToString, isImageReference, applyProfile, TEXT, type DebugOptions } from '~/kubectl/commands/debug';

// The lead's cluster side: the ephemeralcontainers subresource and kubelet attach.
const hasEphemeral = 'addEphemeralContainer' in new Cluster().api;
const hasAttach = typeof (PodWorker.prototype as any).attach === 'function';

function labCluster(): Cluster {
  const c = new Cluster();
  c.api.create({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' }, annotations: { team: 'shop' } },
    spec: {
      initContainers: [{ name: 'init', image: 'busybox:1.28', command: ['true'] }],
      containers: [{ name: 'app', image: 'busybox:1.28', command: ['sleep', '3600'], readinessProbe: { exec: { command: ['true'] } }, livenessProbe: { exec: { command: ['true'] } } }],
    },
  });
  c.advance(15_000);
  return c;
}

interface Chunk {
  stream: 'out' | 'err';
  text: string;
}

/** Runs `kubectl debug …` the way the lab terminal does, on virtual time. */
function kubectl(c: Cluster, files: Record<string, string> = {}) {
  let chunks: Chunk[] = [];
  let code: number | null = null;
  const ctx: KubectlContext = {
    cluster: c,
    files: { read: (n) => files[n], list: () => Object.keys(files) },
    namespace: 'default',
    io: { out: (t) => chunks.push({ stream: 'out', text: t }), err: (t) => chunks.push({ stream: 'err', text: t }) },
    done: (x) => (code = x),
  };
  const text = () => chunks.map((ch) => ch.text).join('');
  return {
    text,
    stdout: () => chunks.filter((ch) => ch.stream === 'out').map((ch) => ch.text).join(''),
    stderr: () => chunks.filter((ch) => ch.stream === 'err').map((ch) => ch.text).join(''),
    get code() {
      return code;
    },
    /** Start the command; returns the running handle if it keeps running. */
    start(args: string[]): Running | undefined {
      chunks = [];
      code = null;
      const r = debug(args, ctx);
      if (!r.running) code = r.code ?? 0;
      return r.running;
    },
    /** Start, wait for the prompt hint, type the lines (one virtual second apart), wait for the end. */
    session(args: string[], lines: string[], maxMs = 120_000): number | null {
      const r = this.start(args);
      if (!r) return code;
      let t = 0;
      while (code === null && !text().includes(TEXT.prompt) && t < maxMs) {
        c.advance(100);
        t += 100;
      }
      for (const l of lines) {
        if (code !== null) break;
        chunks.push({ stream: 'out', text: `<typed ${l}>` });
        r.input!(l + '\n');
        c.advance(1000);
      }
      while (code === null && t < maxMs) {
        c.advance(100);
        t += 100;
      }
      return code;
    },
  };
}

describe('kubectl debug: flags and client-side validation (no cluster support needed)', () => {
  const cases: [string[], string][] = [
    [[], 'error: you must specify --image when not using --copy-to.\n'],
    [['web'], 'error: you must specify --image when not using --copy-to.\n'],
    [['--image=busybox'], 'error: NAME or filename is required for debug\n'],
    [['web', '--image=busybox', '--replace'], 'error: --replace may only be used with --copy-to.\n'],
    [['web', '--image=busybox', '--same-node'], 'error: --same-node may only be used with --copy-to.\n'],
    [['web', '--set-image=app=nginx'], 'error: --set-image may only be used with --copy-to.\n'],
    [['web', '--copy-to=web-copy'], 'error: you must specify --image, --set-image or command arguments.\n'],
    [['web', '--copy-to=web-copy', '--', 'sh'], 'error: you must specify an existing container or a new image when specifying args.\n'],
    [['web', '--attach'], 'error: you must specify --container or create a new container using --image in order to attach.\n'],
    [['web', '--image=BusyBox'], 'error: invalid image name "BusyBox": invalid reference format\n'],
    [['web', '--copy-to=x', '--set-image=app=Nginx:1'], 'error: invalid image name "Nginx:1" for container "app": invalid reference format\n'],
    [['web', '--image=busybox', '--image-pull-policy=always'], 'error: invalid image pull policy: always\n'],
    [['web', '--image=busybox', '--copy-to=web-copy', '--target=app'], 'error: --target is incompatible with --copy-to. Use --share-processes instead.\n'],
    [['web', '--image=busybox', '-t'], 'error: -i/--stdin is required for containers with -t/--tty=true\n'],
    [['web', '--image=busybox', '--profile=admin'], 'error: unknown profile: admin\n'],
    [['web', '--image=busybox', '--custom=missing.json'], 'error: must pass a container spec json file for custom profile: open missing.json: no such file or directory\n'],
  ];
  for (const [args, want] of cases)
    it(`kubectl debug ${args.join(' ')}`, () => {
      const k = kubectl(labCluster());
      k.start(args);
      expect(k.code).toBe(1);
      expect(k.stderr()).toBe(want);
      expect(k.stdout()).toBe('');
    });

  it('--target prints the targeting line on stdout during validation, before other errors', () => {
    const k = kubectl(labCluster());
    k.start(['web', '--image=busybox', '--target=app', '-t']);
    expect(k.stdout()).toBe(`Targeting container "app". If you don't see processes from this container it may be because the container runtime doesn't support this feature.\n`);
    expect(k.stderr()).toBe('error: -i/--stdin is required for containers with -t/--tty=true\n');
  });

  it('--profile=legacy warns on stderr (kubectl 1.36 text)', () => {
    const k = kubectl(labCluster());
    k.start(['nope', '--image=busybox', '--profile=legacy']);
    expect(k.stderr()).toBe('--profile=legacy is deprecated and planned to be removed in v1.39. It is recommended to specify other profile, for example "--profile=general".\nError from server (NotFound): pods "nope" not found\n');
  });

  it('custom profiles may not change name, image, command, lifecycle or devices', () => {
    const k = kubectl(labCluster(), { 'c.json': '{"image":"x"}' });
    k.start(['web', '--image=busybox', '--custom=c.json']);
    expect(k.stderr()).toBe('error: name, command, image, lifecycle and volume devices are not modifiable via custom profile\n');
  });

  it('objects that are missing or not debuggable', () => {
    const k = kubectl(labCluster());
    k.start(['nope', '--image=busybox']);
    expect(k.stderr()).toBe('Error from server (NotFound): pods "nope" not found\n');
    k.start(['node/nope', '--image=busybox']);
    expect(k.stderr()).toBe('Error from server (NotFound): nodes "nope" not found\n');
    k.start(['deploy/web', '--image=busybox']);
    expect(k.stderr()).toBe('Error from server (NotFound): deployments.apps "web" not found\n');
    k.start(['svc/kubernetes', '--image=busybox']);
    expect(k.stderr()).toBe('error: "/v1, Kind=Service" not supported by debug\n');
    k.start(['-n', 'dev', 'web', '--image=busybox']);
    expect(k.stderr()).toBe('Error from server (NotFound): pods "web" not found\n');
  });

  it('--env and --set-image follow pflag stringToString', () => {
    expect(parseStringToString(['B=2', 'A=1,C=x=y'], 'env')).toEqual({ A: '1', B: '2', C: 'x=y' });
    expect(parseStringToString(['A=1,2'], 'env')).toEqual({ A: '1,2' });
    expect(parseStringToString(['*=busybox'], 'set-image')).toEqual({ '*': 'busybox' });
    expect(() => parseStringToString(['A'], 'env')).toThrow(new FlagError('invalid argument "A" for "--env" flag: A must be formatted as key=value'));
    expect(() => debug(['web', '--image=busybox', '--env=A'], kubectlCtx())).toThrow(FlagError);
  });

  it('image references', () => {
    for (const ok of ['busybox', 'busybox:1.28', 'registry.k8s.io/e2e-test-images/agnhost:2.39', 'localhost:5000/a/b_c:v1', 'nicolaka/netshoot@sha256:' + 'a'.repeat(64)]) expect(isImageReference(ok)).toBe(true);
    for (const bad of ['BusyBox', 'busybox:', 'busy box', ':tag', 'a//b']) expect(isImageReference(bad)).toBe(false);
  });

  it('reports the subresource missing as kubectl does', () => {
    const c = labCluster();
    (c.api as any).addEphemeralContainer = undefined;
    const k = kubectl(c);
    k.start(['web', '--image=busybox']);
    expect(k.code).toBe(1);
    expect(k.stdout()).toMatch(/^Defaulting debug container name to debugger-[b-z2-9]{5}\.\n$/);
    expect(k.stderr()).toBe('error: ephemeral containers are disabled for this cluster (error from server: "the server could not find the requested resource")\n');
  });
});

function kubectlCtx(): KubectlContext {
  return { cluster: labCluster(), files: { read: () => undefined, list: () => [] }, namespace: 'default', io: { out: () => {}, err: () => {} }, done: () => {} };
}

describe('kubectl debug: profiles (kubectl 1.36 profiles.go)', () => {
  const keep: DebugOptions['keep'] = { labels: false, annotations: false, liveness: false, readiness: false, startup: false, initContainers: true };
  const podFor = () => ({ metadata: { labels: { a: 'b' }, annotations: { x: 'y' } }, spec: { initContainers: [{ name: 'i' }], containers: [{ name: 'app', livenessProbe: {}, readinessProbe: {}, startupProbe: {} }] } as any });

  it('ephemeral: general adds SYS_PTRACE, sysadmin is privileged, netadmin NET_ADMIN/NET_RAW, legacy nothing', () => {
    const run = (p: any) => {
      const pod = podFor();
      const c: any = { name: 'd', securityContext: { runAsUser: 5 } };
      applyProfile(p, 'ephemeral', pod, c, keep);
      return { c, labels: pod.metadata.labels };
    };
    expect(run('general').c.securityContext).toEqual({ runAsUser: 5, capabilities: { add: ['SYS_PTRACE'] } });
    expect(run('general').labels).toEqual({ a: 'b' });
    expect(run('legacy').c.securityContext).toEqual({ runAsUser: 5 });
    expect(run('sysadmin').c.securityContext).toEqual({ runAsUser: 5, privileged: true });
    expect(run('netadmin').c.securityContext).toEqual({ runAsUser: 5, capabilities: { add: ['NET_ADMIN', 'NET_RAW'] } });
    expect(run('baseline').c.securityContext).toBeUndefined();
    expect(run('restricted').c.securityContext).toEqual({ runAsNonRoot: true, capabilities: { drop: ['ALL'] }, allowPrivilegeEscalation: false, seccompProfile: { type: 'RuntimeDefault' } });
  });

  it('pod copy: general strips labels, annotations and probes, keeps init containers, shares processes', () => {
    const pod = podFor();
    const c = pod.spec.containers[0];
    applyProfile('general', 'podCopy', pod, c, keep);
    expect(pod.metadata).toEqual({});
    expect(pod.spec.containers[0]).toEqual({ name: 'app', securityContext: { capabilities: { add: ['SYS_PTRACE'] } } });
    expect(pod.spec.initContainers).toHaveLength(1);
    expect(pod.spec.shareProcessNamespace).toBe(true);
    const legacy = podFor();
    applyProfile('legacy', 'podCopy', legacy, legacy.spec.containers[0], { ...keep, labels: true });
    expect(legacy.metadata).toEqual({ annotations: { x: 'y' } });
    expect(legacy.spec.containers[0].livenessProbe).toEqual({});
  });

  it('node: general mounts / at /host, clears the security context and uses host namespaces', () => {
    const pod: any = { metadata: {}, spec: { containers: [{ name: 'debugger', securityContext: { privileged: true } }] } };
    applyProfile('general', 'node', pod, pod.spec.containers[0], keep);
    expect(pod.spec).toEqual({
      containers: [{ name: 'debugger', volumeMounts: [{ mountPath: '/host', name: 'host-root' }] }],
      volumes: [{ name: 'host-root', hostPath: { path: '/' } }],
      hostNetwork: true,
      hostPID: true,
      hostIPC: true,
    });
    const base: any = { metadata: {}, spec: { containers: [{ name: 'debugger' }] } };
    applyProfile('baseline', 'node', base, base.spec.containers[0], keep);
    expect(base.spec).toEqual({ containers: [{ name: 'debugger' }] });
  });
});

describe('kubectl debug --copy-to (no attach)', () => {
  it('creates a copy with the debug container and the general profile applied; prints only the name line', () => {
    const c = labCluster();
    const k = kubectl(c);
    k.start(['web', '--copy-to=web-debug', '--image=busybox:1.28', '--', 'sleep', '1d']);
    expect(k.code).toBe(0);
    expect(k.stderr()).toBe('');
    const name = /^Defaulting debug container name to (debugger-[b-z2-9]{5})\.\n$/.exec(k.stdout())?.[1];
    expect(name).toBeDefined();
    const copy = c.store.get('Pod', 'default', 'web-debug')!;
    expect(copy.metadata.labels).toBeUndefined();
    expect(copy.metadata.annotations).toBeUndefined();
    expect(copy.spec.shareProcessNamespace).toBe(true);
    expect(copy.spec.initContainers.map((x: any) => x.name)).toEqual(['init']);
    expect(copy.spec.containers[0].readinessProbe).toBeUndefined();
    expect(copy.spec.containers[0].livenessProbe).toBeUndefined();
    const dc = copy.spec.containers[1];
    expect(dc).toMatchObject({ name, image: 'busybox:1.28', command: ['sleep', '1d'], securityContext: { capabilities: { add: ['SYS_PTRACE'] } } });
    expect(copy.spec.nodeName).toBeUndefined();
    expect(c.store.get('Pod', 'default', 'web')).toBeDefined();
  });

  it('--set-image only, --same-node, --replace, --keep-labels, --share-processes=false, -c on an existing container', () => {
    const c = labCluster();
    const k = kubectl(c);
    const node = c.store.get('Pod', 'default', 'web')!.spec.nodeName;
    k.start(['web', '--copy-to=web2', '--set-image=*=busybox:1.36', '--same-node', '--keep-labels', '--share-processes=false']);
    expect([k.code, k.text()]).toEqual([0, '']);
    const w2 = c.store.get('Pod', 'default', 'web2')!;
    expect(w2.spec.containers.map((x: any) => x.image)).toEqual(['busybox:1.36']);
    expect(w2.spec.nodeName).toBe(node);
    expect(w2.metadata.labels).toEqual({ app: 'web' });
    expect(w2.spec.shareProcessNamespace).toBe(false);
    k.start(['web', '--copy-to=web3', '-c', 'app', '--replace', '--', 'sh', '-c', 'sleep 1d']);
    expect([k.code, k.text()]).toEqual([0, '']);
    expect(c.store.get('Pod', 'default', 'web3')!.spec.containers[0]).toMatchObject({ name: 'app', image: 'busybox:1.28', command: ['sh', '-c', 'sleep 1d'] });
    expect(c.store.get('Pod', 'default', 'web')).toBeUndefined();
  });

  it('server errors come back as kubectl prints them', () => {
    const c = labCluster();
    const k = kubectl(c);
    k.start(['web', '--copy-to=web', '--image=busybox', '-c', 'dbg']);
    expect(k.stderr()).toBe('Error from server (AlreadyExists): pods "web" already exists\n');
    k.start(['web', '--copy-to=Web', '--image=busybox', '-c', 'dbg']);
    expect(k.stderr()).toMatch(/^The Pod "Web" is invalid: metadata.name: Invalid value: "Web": a lowercase RFC 1123 subdomain/);
  });
});

describe('kubectl debug node/NAME (no attach)', () => {
  it('creates the node debugger pod', () => {
    const c = labCluster();
    const k = kubectl(c);
    k.start(['node/node01', '--image=busybox:1.28']);
    expect(k.code).toBe(0);
    const name = /^Creating debugging pod (node-debugger-node01-[b-z2-9]{5}) with container debugger on node node01\.\n$/.exec(k.stdout())?.[1];
    expect(name).toBeDefined();
    const p = c.store.get('Pod', 'default', name!)!;
    expect(p.metadata.labels).toEqual({ 'app.kubernetes.io/managed-by': 'kubectl-debug' });
    expect(p.spec).toMatchObject({ nodeName: 'node01', restartPolicy: 'Never', hostNetwork: true, hostPID: true, hostIPC: true });
    expect(p.spec.tolerations).toContainEqual({ operator: 'Exists' });
    expect(p.spec.volumes).toContainEqual({ name: 'host-root', hostPath: { path: '/', type: '' } });
    expect(p.spec.containers[0].volumeMounts).toContainEqual({ mountPath: '/host', name: 'host-root' });
    expect(p.spec.containers[0].securityContext).toBeUndefined();
  });
});

describe.runIf(hasEphemeral)('kubectl debug with ephemeral containers (needs the ephemeralcontainers subresource)', () => {
  it.skipIf(!hasEphemeral)('without -it: prints the name line, adds the container and returns', () => {
    const c = labCluster();
    const k = kubectl(c);
    k.start(['web', '--image=busybox:1.28', '--target=app', '--', 'sleep', '1d']);
    expect(k.code).toBe(0);
    const m = /^Targeting container "app"\. .*\nDefaulting debug container name to (debugger-[b-z2-9]{5})\.\n$/.exec(k.stdout());
    expect(m).not.toBeNull();
    const ec = c.store.get('Pod', 'default', 'web')!.spec.ephemeralContainers[0];
    expect(ec).toMatchObject({ name: m![1], image: 'busybox:1.28', command: ['sleep', '1d'], targetContainerName: 'app', terminationMessagePolicy: 'File', securityContext: { capabilities: { add: ['SYS_PTRACE'] } } });
    expect(ec.stdin).toBeUndefined();
  });

  it.skipIf(!hasEphemeral)('server-side validation errors', () => {
    const c = labCluster();
    const k = kubectl(c);
    k.start(['web', '--image=busybox', '-c', 'app']);
    expect(k.stderr()).toBe('The Pod "web" is invalid: spec.ephemeralContainers[0].name: Duplicate value: "app"\n');
    k.start(['web', '--image=busybox', '--target=ap', '-c', 'dbg']);
    expect(k.stderr()).toBe('The Pod "web" is invalid: spec.ephemeralContainers[0].targetContainerName: Not found: "ap"\n');
  });

  it.skipIf(!hasEphemeral || !hasAttach)('-it --target: the whole session, as kubectl 1.36 prints it', () => {
    const c = labCluster();
    const k = kubectl(c);
    const code = k.session(['web', '-it', '--image=busybox:1.28', '--target=app'], ['ps', 'exit']);
    expect(code).toBe(0);
    const name = /Defaulting debug container name to (debugger-[b-z2-9]{5})\./.exec(k.text())![1]!;
    expect(k.stdout().startsWith(TEXT.targeting('app') + '\n' + TEXT.defaulting(name) + '\n')).toBe(true);
    expect(k.stderr().startsWith(TEXT.recorded + '\n' + TEXT.prompt + '\n')).toBe(true);
    expect(k.text()).toMatch(/sleep 3600/);
    expect(k.stdout().endsWith(`Session ended, the ephemeral container will not be restarted but may be reattached using 'kubectl attach web -c ${name} -n default -i -t' if it is still running\n`)).toBe(true);
    const st = c.store.get('Pod', 'default', 'web')!.status.ephemeralContainerStatuses?.find((s: any) => s.name === name);
    expect(st).toBeDefined();
  });

  it.skipIf(!hasEphemeral)('waits while the image cannot be pulled, warning once per message; Ctrl-C ends it', () => {
    const c = labCluster();
    const k = kubectl(c);
    const r = k.start(['web', '-it', '--image=busybx:1.28'])!;
    c.advance(20_000);
    expect(k.code).toBeNull();
    expect(k.stderr()).toMatch(/^Warning: container debugger-[b-z2-9]{5}: /);
    r.interrupt();
    expect(k.code).toBe(1);
    expect(k.stderr()).not.toContain(TEXT.prompt);
  });

  it.skipIf(!hasEphemeral)('-i with a short command that has already finished: falls back to its logs', () => {
    const c = labCluster();
    const k = kubectl(c);
    k.start(['web', '-i', '--image=busybox:1.28', '--', 'sh', '-c', 'echo hello; echo world']);
    for (let i = 0; i < 300 && k.code === null; i++) c.advance(100);
    expect(k.code).toBe(0);
    expect(k.stdout()).toMatch(/hello\nworld\n$/);
  });
});

describe.runIf(hasAttach)('kubectl debug -it on new pods (needs kubelet attach)', () => {
  it.skipIf(!hasAttach)('--copy-to -it attaches to the new container; the reattach text names the copy', () => {
    const c = labCluster();
    const k = kubectl(c);
    const code = k.session(['web', '-it', '--image=busybox:1.28', '--copy-to=web-debug'], ['echo hi', 'exit']);
    expect(code).toBe(0);
    const name = /Defaulting debug container name to (debugger-[b-z2-9]{5})\./.exec(k.text())![1]!;
    expect(k.text()).toContain('hi\n');
    expect(k.stdout().endsWith(`Session ended, resume using 'kubectl attach web-debug -c ${name} -n default -i -t' command when the pod is running\n`)).toBe(true);
  });

  it.skipIf(!hasAttach)('node/NAME -it: restartPolicy Never, so no reattach message', () => {
    const c = labCluster();
    const k = kubectl(c);
    const code = k.session(['node/node01', '-it', '--image=busybox:1.28'], ['echo on-node', 'exit']);
    expect(code).toBe(0);
    expect(k.stdout()).toMatch(/^Creating debugging pod node-debugger-node01-[b-z2-9]{5} with container debugger on node node01\.\n/);
    expect(k.text()).toContain('on-node');
    expect(k.text()).not.toContain('Session ended');
  });
});

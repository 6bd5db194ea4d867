import { describe, it, expect } from 'vitest';
import { buildFs, setUpPodVolumes, refreshDownwardAPIVolumes, refreshPodVolumes, VolumeSetUpError, type PodVolumes, type VolumeHostInputs } from '~/cluster/kubelet/container-fs';
import { collectDownwardAPIData, mountTimeoutEvent, type VolumeHost } from '~/cluster/kubelet/downward';
import { Vfs, newDir, FsError } from '~/cluster/shell/vfs';
import { Cluster } from '~/cluster/cluster';
import { dapiVolumePod, dapiTestPod, stored, busybox } from './fixtures';

/** `ls` (dotfiles hidden: the atomic writer's ..data and ..<timestamp> entries). */
const ls = (fs: Vfs, p: string) => fs.list(p).filter((n) => !n.startsWith('.'));
const NODE = { cpu: '2', memory: '4Gi', 'ephemeral-storage': '102626232Ki' };
const WALL = Date.UTC(2026, 0, 5, 9, 30, 0);

function objects(extra: { cms?: any[]; secrets?: any[] } = {}): VolumeHostInputs {
  return {
    getConfigMap: (ns, name) => (extra.cms ?? []).find((c) => c.metadata.name === name && (c.metadata.namespace ?? 'default') === ns),
    getSecret: (ns, name) => (extra.secrets ?? []).find((c) => c.metadata.name === name && (c.metadata.namespace ?? 'default') === ns),
    nodeAllocatable: NODE,
    wallClock: () => WALL,
  };
}

function fsFor(pod: any, inputs: VolumeHostInputs, volumes: PodVolumes = { dirs: new Map() }, container = pod.spec.containers[0]): Vfs {
  return buildFs({ now: () => 1000, pod, container, image: busybox, argv: ['sh'], volumes, hostsIP: '10.244.1.7', volumeHost: inputs });
}

function host(pod: any, inputs: VolumeHostInputs): VolumeHost {
  return { ...inputs, pod, now: () => 2000 };
}

describe('downwardAPI volume (article pod dapi-test-pod-volume)', () => {
  it('writes labels/annotations as sorted key="value" lines without a trailing newline', () => {
    const pod = stored(dapiVolumePod());
    const fs = fsFor(pod, objects());
    expect(ls(fs, '/etc/podinfo')).toEqual(['annotations', 'lables']);
    expect(fs.readFile('/etc/podinfo/lables')).toBe('cluster="test-cluster1"\nrack="rack-22"\nzone="us-est-coast"');
    expect(fs.readFile('/etc/podinfo/annotations')).toBe('build="two"\nbuilder="john-doe"');
    // the article's `cat /etc/podinfo/labels` finds nothing: the item path is "lables"
    expect(fs.exists('/etc/podinfo/labels')).toBe(false);
    // the atomic writer's layout
    const ts = ls(fs, '/etc/podinfo').length;
    expect(ts).toBe(2);
    const all = [...(fs.lookup('/etc/podinfo') as any).entries.keys()].sort();
    expect(all).toEqual(['..2026_01_05_09_30_00.' + all[0].split('.').pop(), '..data', 'annotations', 'lables'].sort());
    expect(fs.readFile('/etc/podinfo/..data/annotations')).toBe('build="two"\nbuilder="john-doe"');
    expect((fs.lookup('/etc/podinfo/lables') as any).mode).toBe(0o644);
  });

  it('is read-only even when the mount says readOnly: false', () => {
    const fs = fsFor(stored(dapiVolumePod()), objects());
    expect(() => fs.writeFile('/etc/podinfo/x', 'y')).toThrow(FsError);
    expect(() => fs.writeFile('/etc/podinfo/lables', 'y')).toThrow(/EROFS/);
  });

  it('escapes values with Go %q and writes scalar fields verbatim, with modes', () => {
    const pod = stored({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', labels: { a: 'x' }, annotations: { note: 'say "hi"\nbye', 'example.com/é': 'ü' } },
      spec: {
        containers: [{ name: 'c', image: 'busybox', resources: { limits: { memory: '64Mi' }, requests: { cpu: '250m' } }, volumeMounts: [{ name: 'info', mountPath: '/info' }] }],
        volumes: [
          {
            name: 'info',
            downwardAPI: {
              defaultMode: 0o400,
              items: [
                { path: 'name', fieldRef: { fieldPath: 'metadata.name' } },
                { path: 'ns', fieldRef: { fieldPath: 'metadata.namespace' } },
                { path: 'uid', fieldRef: { fieldPath: 'metadata.uid' } },
                { path: 'ann', fieldRef: { fieldPath: 'metadata.annotations' } },
                { path: 'sub/dir/app', fieldRef: { fieldPath: "metadata.labels['a']" } },
                { path: 'mem_limit', resourceFieldRef: { containerName: 'c', resource: 'limits.memory', divisor: '1Mi' }, mode: 0o444 },
                { path: 'cpu_limit', resourceFieldRef: { containerName: 'c', resource: 'limits.cpu', divisor: '1m' } },
                { path: 'cpu_request', resourceFieldRef: { containerName: 'c', resource: 'requests.cpu' } },
              ],
            },
          },
        ],
      },
    });
    const fs = fsFor(pod, objects());
    expect(fs.readFile('/info/name')).toBe('p');
    expect(fs.readFile('/info/ns')).toBe('default');
    expect(fs.readFile('/info/uid')).toBe('5c0e3a36-7c8d-4b43-9c55-2a0b8f8d1e0a');
    expect(fs.readFile('/info/ann')).toBe('example.com/é="ü"\nnote="say \\"hi\\"\\nbye"');
    expect(fs.readFile('/info/sub/dir/app')).toBe('x');
    expect(fs.readFile('/info/mem_limit')).toBe('64');
    expect(fs.readFile('/info/cpu_limit')).toBe('2000'); // no cpu limit: node allocatable (2 cores)
    expect(fs.readFile('/info/cpu_request')).toBe('1');
    expect((fs.lookup('/info/name') as any).mode).toBe(0o400);
    expect((fs.lookup('/info/mem_limit') as any).mode).toBe(0o444);
  });

  it('refreshes the files when labels/annotations change (same mounted directory, new data dir)', () => {
    const pod = stored(dapiVolumePod());
    const volumes: PodVolumes = { dirs: new Map() };
    expect(setUpPodVolumes(volumes, host(pod, objects()))).toEqual([]);
    const fs = fsFor(pod, objects(), volumes);
    const before = [...(fs.lookup('/etc/podinfo') as any).entries.keys()].find((k: string) => k.startsWith('..2'));
    pod.metadata.labels.rack = 'rack-23';
    pod.metadata.labels.env = 'prod';
    const r = refreshDownwardAPIVolumes(volumes, { ...host(pod, objects()), wallClock: () => WALL + 61_000 });
    expect(r).toEqual({ changed: ['podinfo'], failures: [] });
    expect(fs.readFile('/etc/podinfo/lables')).toBe('cluster="test-cluster1"\nenv="prod"\nrack="rack-23"\nzone="us-est-coast"');
    const after = [...(fs.lookup('/etc/podinfo') as any).entries.keys()].filter((k: string) => k.startsWith('..2'));
    expect(after).toHaveLength(1);
    expect(after[0]).not.toBe(before);
    expect(after[0]!.startsWith('..2026_01_05_09_31_01.')).toBe(true);
    // nothing changed: nothing rewritten
    expect(refreshDownwardAPIVolumes(volumes, host(pod, objects()))).toEqual({ changed: [], failures: [] });
  });

  it('a volume resourceFieldRef naming no container fails the mount', () => {
    const r = collectDownwardAPIData([{ path: 'x', resourceFieldRef: { containerName: 'nope', resource: 'limits.cpu' } }], stored(dapiVolumePod()), NODE);
    expect(r.errors).toEqual(['container nope not found']);
  });
});

describe('configMap and secret volumes', () => {
  const appCM = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'app', namespace: 'default' }, data: { 'app.conf': 'port=80\n', 'log.level': 'debug' } };
  const creds = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'creds', namespace: 'default' }, type: 'Opaque', data: { user: Buffer.from('admin').toString('base64'), 'tls.key': Buffer.from('KEY\n').toString('base64') } };
  const pod = (volumes: any[], mounts: any[]) => stored({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'busybox', volumeMounts: mounts }], volumes } });

  it('projects all keys, or the listed items to their paths, with defaultMode / mode', () => {
    const p = pod(
      [
        { name: 'cfg', configMap: { name: 'app' } },
        { name: 'some', configMap: { name: 'app', defaultMode: 0o755, items: [{ key: 'app.conf', path: 'conf/app.conf' }, { key: 'log.level', path: 'level', mode: 0o600 }] } },
        { name: 'sec', secret: { secretName: 'creds', defaultMode: 0o400 } },
      ],
      [
        { name: 'cfg', mountPath: '/etc/app' },
        { name: 'some', mountPath: '/etc/some' },
        { name: 'sec', mountPath: '/etc/creds', readOnly: true },
      ],
    );
    const fs = fsFor(p, objects({ cms: [appCM], secrets: [creds] }));
    expect(ls(fs, '/etc/app')).toEqual(['app.conf', 'log.level']);
    expect(fs.readFile('/etc/app/app.conf')).toBe('port=80\n');
    expect(ls(fs, '/etc/some')).toEqual(['conf', 'level']);
    expect(fs.readFile('/etc/some/conf/app.conf')).toBe('port=80\n');
    expect((fs.lookup('/etc/some/conf/app.conf') as any).mode).toBe(0o755);
    expect((fs.lookup('/etc/some/level') as any).mode).toBe(0o600);
    expect(fs.readFile('/etc/creds/user')).toBe('admin');
    expect(fs.readFile('/etc/creds/tls.key')).toBe('KEY\n');
    expect((fs.lookup('/etc/creds/user') as any).mode).toBe(0o400);
  });

  it('missing ConfigMap/Secret/key fail the mount with the kubelet FailedMount text', () => {
    const p = pod(
      [
        { name: 'cfg', configMap: { name: 'nope' } },
        { name: 'sec', secret: { secretName: 'gone' } },
        { name: 'items', configMap: { name: 'app', items: [{ key: 'missing', path: 'm' }] } },
        { name: 'sitems', secret: { secretName: 'creds', items: [{ key: 'missing', path: 'm' }] } },
        { name: 'unused', configMap: { name: 'also-missing' } },
      ],
      [
        { name: 'cfg', mountPath: '/a' },
        { name: 'sec', mountPath: '/b' },
        { name: 'items', mountPath: '/c' },
        { name: 'sitems', mountPath: '/d' },
      ],
    );
    const volumes: PodVolumes = { dirs: new Map() };
    const failures = setUpPodVolumes(volumes, host(p, objects({ cms: [appCM], secrets: [creds] })));
    expect(failures.map((f) => f.event)).toEqual([
      { type: 'Warning', reason: 'FailedMount', message: 'MountVolume.SetUp failed for volume "cfg" : configmap "nope" not found' },
      { type: 'Warning', reason: 'FailedMount', message: 'MountVolume.SetUp failed for volume "sec" : secret "gone" not found' },
      { type: 'Warning', reason: 'FailedMount', message: 'MountVolume.SetUp failed for volume "items" : configmap references non-existent config key: missing' },
      { type: 'Warning', reason: 'FailedMount', message: 'MountVolume.SetUp failed for volume "sitems" : references non-existent secret key: missing' },
    ]);
    expect(() => fsFor(p, objects({ cms: [appCM], secrets: [creds] }), volumes)).toThrow(VolumeSetUpError);
    expect(mountTimeoutEvent(['cfg', 'sec'], ['cfg', 'kube-api-access-x2kq9', 'sec']).message).toBe(
      'Unable to attach or mount volumes: unmounted volumes=[cfg sec], unattached volumes=[cfg kube-api-access-x2kq9 sec], failed to process volumes=[]: context deadline exceeded',
    );
    // the ConfigMap appears: the next attempt mounts
    const later = setUpPodVolumes(volumes, host(p, objects({ cms: [appCM, { ...appCM, metadata: { name: 'nope', namespace: 'default' } }], secrets: [creds] })));
    expect(later.map((f) => f.volume)).toEqual(['sec', 'items', 'sitems']);
  });

  it('optional sources that miss give an empty volume / skip missing items', () => {
    const p = pod(
      [
        { name: 'cfg', configMap: { name: 'nope', optional: true } },
        { name: 'items', configMap: { name: 'app', optional: true, items: [{ key: 'missing', path: 'm' }, { key: 'log.level', path: 'l' }] } },
      ],
      [
        { name: 'cfg', mountPath: '/a' },
        { name: 'items', mountPath: '/b' },
      ],
    );
    const fs = fsFor(p, objects({ cms: [appCM] }));
    expect(ls(fs, '/a')).toEqual([]);
    expect(ls(fs, '/b')).toEqual(['l']);
  });

  it('ConfigMap edits reach the volume on refresh, but not a subPath mount', () => {
    const cm = structuredClone(appCM);
    const inputs = objects({ cms: [cm] });
    const p = pod([{ name: 'cfg', configMap: { name: 'app' } }], [
      { name: 'cfg', mountPath: '/etc/app' },
      { name: 'cfg', mountPath: '/etc/app.conf', subPath: 'app.conf' },
    ]);
    const volumes: PodVolumes = { dirs: new Map() };
    const fs = fsFor(p, inputs, volumes);
    expect(fs.readFile('/etc/app.conf')).toBe('port=80\n');
    cm.data['app.conf'] = 'port=8080\n';
    expect(refreshPodVolumes(volumes, host(p, inputs)).changed).toEqual(['cfg']);
    expect(fs.readFile('/etc/app/app.conf')).toBe('port=8080\n');
    expect(fs.readFile('/etc/app.conf')).toBe('port=80\n');
  });
});

describe('projected, emptyDir and hostPath volumes', () => {
  it('projected: serviceAccountToken + kube-root-ca.crt + downwardAPI (the kube-api-access volume)', () => {
    const p = stored({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'team-a' },
      spec: {
        containers: [{ name: 'c', image: 'busybox', volumeMounts: [{ name: 'kube-api-access-abcde', mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', readOnly: true }] }],
        volumes: [
          {
            name: 'kube-api-access-abcde',
            projected: {
              defaultMode: 420,
              sources: [
                { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
                { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
                { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
              ],
            },
          },
        ],
      },
    });
    const fs = fsFor(p, { ...objects(), serviceAccountToken: (ns, sa, exp) => `token-for-${ns}-${sa}-${exp}` });
    const dir = '/var/run/secrets/kubernetes.io/serviceaccount';
    expect(ls(fs, dir)).toEqual(['ca.crt', 'namespace', 'token']);
    expect(fs.readFile(`${dir}/namespace`)).toBe('team-a');
    expect(fs.readFile(`${dir}/token`)).toBe('token-for-team-a-default-3607');
    expect(fs.readFile(`${dir}/ca.crt`)).toContain('BEGIN CERTIFICATE');
  });

  it('projected: a missing secret source fails, errors aggregated', () => {
    const p = stored({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        containers: [{ name: 'c', image: 'busybox', volumeMounts: [{ name: 'all', mountPath: '/all' }] }],
        volumes: [{ name: 'all', projected: { sources: [{ secret: { name: 's1' } }, { configMap: { name: 'c1' } }] } }],
      },
    });
    expect(setUpPodVolumes({ dirs: new Map() }, host(p, objects()))[0]!.event.message).toBe('MountVolume.SetUp failed for volume "all" : [secret "s1" not found, configmap "c1" not found]');
  });

  it('emptyDir is shared by the pod’s containers', () => {
    const p = stored({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        containers: [
          { name: 'a', image: 'busybox', volumeMounts: [{ name: 'shared', mountPath: '/data' }] },
          { name: 'b', image: 'busybox', volumeMounts: [{ name: 'shared', mountPath: '/in', readOnly: true }] },
        ],
        volumes: [{ name: 'shared', emptyDir: {} }],
      },
    });
    const volumes: PodVolumes = { dirs: new Map() };
    const a = fsFor(p, objects(), volumes, p.spec.containers[0]);
    const b = fsFor(p, objects(), volumes, p.spec.containers[1]);
    a.writeFile('/data/hello', 'world');
    expect(b.readFile('/in/hello')).toBe('world');
    expect(() => b.writeFile('/in/x', '1')).toThrow(/EROFS/);
  });

  it('hostPath: a per-node tree, with the type checks', () => {
    const node = newDir();
    const nodeFs = new Vfs(() => 0, node);
    nodeFs.mkdir('/var/log', true);
    nodeFs.writeFile('/var/log/syslog', 'boot\n');
    const mk = (hostPath: any) =>
      stored({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p' },
        spec: { containers: [{ name: 'c', image: 'busybox', volumeMounts: [{ name: 'h', mountPath: '/host' }] }], volumes: [{ name: 'h', hostPath }] },
      });
    const inputs = { ...objects(), hostRoot: node };
    const fail = (hostPath: any) => setUpPodVolumes({ dirs: new Map() }, host(mk(hostPath), inputs)).map((f) => f.event.message);

    const fs = fsFor(mk({ path: '/var/log', type: 'Directory' }), inputs);
    expect(fs.readFile('/host/syslog')).toBe('boot\n');
    fs.writeFile('/host/app.log', 'hi');
    expect(nodeFs.readFile('/var/log/app.log')).toBe('hi');

    expect(fsFor(mk({ path: '/var/log/syslog', type: 'File' }), inputs).readFile('/host')).toBe('boot\n');
    expect(fail({ path: '/data', type: 'Directory' })).toEqual(['MountVolume.SetUp failed for volume "h" : hostPath type check failed: /data is not a directory']);
    expect(fail({ path: '/var/log', type: 'File' })).toEqual(['MountVolume.SetUp failed for volume "h" : hostPath type check failed: /var/log is not a file']);
    expect(fail({ path: '/run/docker.sock', type: 'Socket' })).toEqual(['MountVolume.SetUp failed for volume "h" : hostPath type check failed: /run/docker.sock is not a socket file']);
    expect(fail({ path: '/data/app', type: 'DirectoryOrCreate' })).toEqual([]);
    expect(nodeFs.isDir('/data/app')).toBe(true);
    expect(fail({ path: '/etc/app.conf', type: 'FileOrCreate' })).toEqual(['MountVolume.SetUp failed for volume "h" : open /etc/app.conf: no such file or directory']);
    nodeFs.mkdir('/etc');
    expect(fail({ path: '/etc/app.conf', type: 'FileOrCreate' })).toEqual([]);
    expect(nodeFs.readFile('/etc/app.conf')).toBe('');
    expect(fail({ path: '/srv/new', type: '' })).toEqual([]);
    expect(nodeFs.isDir('/srv/new')).toBe(true);
  });
});

describe('end to end through the cluster model (current pod-worker wiring)', () => {
  it('the article pods print their env and downwardAPI files', () => {
    const c = new Cluster();
    c.api.create({ ...dapiTestPod(), metadata: { name: 'dapi-test-pod', namespace: 'default' } });
    const vol = dapiVolumePod();
    vol.metadata.namespace = 'default';
    vol.spec.containers[0].imagePullPolicy = 'IfNotPresent';
    vol.spec.containers[0].args = ['cat /etc/podinfo/annotations; echo; cat /etc/podinfo/lables; echo; sleep 3600'];
    c.api.create(vol);
    c.advance(20_000);
    const pod = c.store.get('Pod', 'default', 'dapi-test-pod')!;
    const logs = c.workerFor(pod)!.record('test-container')!.current!.logs.map((l) => l.text);
    expect(logs).toContain('MY_POD_NAME=dapi-test-pod');
    expect(logs).toContain('MY_POD_NAMESPACE=default');
    expect(logs).toContain(`MY_POD_IP=${pod.status.podIP}`);
    const vpod = c.store.get('Pod', 'default', 'dapi-test-pod-volume')!;
    const vlogs = c.workerFor(vpod)!.record('test-container')!.current!.logs.map((l) => l.text);
    expect(vlogs).toEqual(['build="two"', 'builder="john-doe"', 'cluster="test-cluster1"', 'rack="rack-22"', 'zone="us-est-coast"']);
  });
});

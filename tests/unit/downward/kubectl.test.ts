import { describe, it, expect } from 'vitest';
import { Cluster } from '~/cluster/cluster';
import type { KubectlContext } from '~/kubectl/context';
import { createConfigMap, createSecret, configMapHash, secretHash } from '~/kubectl/commands/create-configmap-secret';
import { describeContainerEnvironment, describeVolumes } from '~/kubectl/describe/env';
import { PrefixWriter } from '~/kubectl/describe/writer';
import { dapiTestPod, dapiContainerVarsPod, dapiVolumePod, stored } from './fixtures';

function ctxWith(files: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const cluster = new Cluster();
  const ctx: KubectlContext = {
    cluster,
    files: { read: (n) => files[n], list: () => Object.keys(files) },
    namespace: 'default',
    io: { out: (t) => out.push(t), err: (t) => err.push(t) },
    done: () => {},
  };
  return { ctx, cluster, out, err };
}

describe('kubectl create configmap', () => {
  it('--from-literal / --from-file (file, key=file, directory) / prints configmap/NAME created', () => {
    const { ctx, cluster, out, err } = ctxWith({ 'app.properties': 'color=blue\n', 'conf/a.txt': 'A', 'conf/b.txt': 'B', 'conf/sub/c.txt': 'C' });
    expect(createConfigMap(['configmap', 'game-config', '--from-literal=special.how=very', '--from-literal', 'x=a=b', '--from-file=app.properties', '--from-file=renamed=app.properties,conf'], ctx)).toEqual({ code: 0 });
    expect(err).toEqual([]);
    expect(out).toEqual(['configmap/game-config created\n']);
    const cm = cluster.store.get('ConfigMap', 'default', 'game-config')!;
    expect(cm.data).toEqual({ 'app.properties': 'color=blue\n', renamed: 'color=blue\n', 'a.txt': 'A', 'b.txt': 'B', 'special.how': 'very', x: 'a=b' });
  });

  it('cm alias, -n, --from-env-file, --dry-run and -o name', () => {
    const { ctx, cluster, out } = ctxWith({ 'game.env': '# comment\n\nenemies=aliens\nlives=3\n  allowed="true"\n' });
    expect(createConfigMap(['cm', 'env-config', '--from-env-file=game.env', '-n', 'kube-system'], ctx).code).toBe(0);
    expect(cluster.store.get('ConfigMap', 'kube-system', 'env-config')!.data).toEqual({ enemies: 'aliens', lives: '3', allowed: '"true"' });
    createConfigMap(['cm', 'dry', '--from-literal=a=b', '--dry-run=client'], ctx);
    createConfigMap(['cm', 'dry2', '--from-literal=a=b', '--dry-run=server'], ctx);
    createConfigMap(['cm', 'named', '--from-literal=a=b', '-o', 'name'], ctx);
    expect(out).toEqual(['configmap/env-config created\n', 'configmap/dry created (dry run)\n', 'configmap/dry2 created (server dry run)\n', 'configmap/named\n']);
    expect(cluster.store.get('ConfigMap', 'default', 'dry')).toBeUndefined();
    expect(cluster.store.get('ConfigMap', 'default', 'dry2')).toBeUndefined();
  });

  it('errors as kubectl prints them', () => {
    const { ctx, err } = ctxWith({ 'a.env': '1abc=x\n', dir: undefined as any, 'd/x': 'x' });
    const run = (...a: string[]) => {
      err.length = 0;
      const r = createConfigMap(['configmap', ...a], ctx);
      return [r.code, err.join('')];
    };
    expect(run()).toEqual([1, "error: exactly one NAME is required, got 0\nSee 'kubectl create configmap -h' for help and examples\n"]);
    expect(run('x', '--from-literal=novalue')).toEqual([1, 'error: invalid literal source novalue, expected key=value\n']);
    expect(run('x', '--from-literal==v')).toEqual([1, 'error: invalid literal source =v, expected key=value\n']);
    expect(run('x', '--from-literal=a b=v')).toEqual([
      1,
      `error: "a b" is not a valid key name for a ConfigMap: a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')\n`,
    ]);
    expect(run('x', '--from-literal=a=1', '--from-literal=a=2')).toEqual([1, 'error: cannot add key "a", another key by that name already exists in Data for ConfigMap "x"\n']);
    expect(run('x', '--from-file=missing.txt')).toEqual([1, 'error: error reading missing.txt: no such file or directory\n']);
    expect(run('x', '--from-file=k=')).toEqual([1, 'error: file path for key name k missing\n']);
    expect(run('x', '--from-file==p')).toEqual([1, 'error: key name for file path p missing\n']);
    expect(run('x', '--from-file=a=b=c')).toEqual([1, "error: key names or file paths cannot contain '='\n"]);
    expect(run('x', '--from-file=k=d')).toEqual([1, 'error: cannot give a key name for a directory path\n']);
    expect(run('x', '--from-env-file=a.env', '--from-literal=a=b')).toEqual([1, 'error: from-env-file cannot be combined with from-file or from-literal\n']);
    expect(run('x', '--from-env-file=d')).toEqual([1, 'error: env config file cannot be a directory\n']);
    expect(run('x', '--from-env-file=a.env')[1]).toMatch(/^error: "1abc" is not a valid key name: a valid environment variable name must consist of/);
    expect(run('Bad_Name', '--from-literal=a=b')[1]).toMatch(/^error: failed to create configmap: ConfigMap "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/);
    expect(run('ok', '--from-literal=a=b')).toEqual([0, '']);
    expect(run('ok', '--from-literal=a=b')).toEqual([1, 'error: failed to create configmap: configmaps "ok" already exists\n']);
    expect(run('x', '--from-literal=a=b', '-n', 'nope')).toEqual([1, 'error: failed to create configmap: namespaces "nope" not found\n']);
  });

  it('--append-hash uses kubectl’s hash (pkg/util/hash test vectors)', () => {
    expect(configMapHash({ metadata: { name: '' }, data: {} })).toBe('42745tchd9');
    expect(configMapHash({ metadata: { name: '' }, data: { one: '' } })).toBe('9g67k2htb6');
    expect(configMapHash({ metadata: { name: '' }, data: { two: '2', one: '', three: '3' } })).toBe('f5h7t85m9b');
    expect(secretHash({ metadata: { name: '' }, type: 'my-type', data: {} })).toBe('t75bgf6ctb');
    expect(secretHash({ metadata: { name: '' }, type: 'my-type', data: { one: '' } })).toBe('74bd68bm66');
    expect(secretHash({ metadata: { name: '' }, type: 'my-type', data: { two: 'Mg==', one: '', three: 'Mw==' } })).toBe('dgcb6h9tmk');
    const { ctx, out } = ctxWith();
    createConfigMap(['cm', 'h', '--from-literal=a=b', '--append-hash'], ctx);
    expect(out[0]).toMatch(/^configmap\/h-[a-z0-9]{10} created\n$/);
  });
});

describe('kubectl create secret generic', () => {
  it('stores base64 data, type Opaque, prints secret/NAME created', () => {
    const { ctx, cluster, out } = ctxWith({ 'id_rsa.pub': 'ssh-rsa AAAA\n' });
    expect(createSecret(['secret', 'generic', 'db-user-pass', '--from-literal=username=admin', "--from-literal=password=S!B\\*d$zDsb=", '--from-file=ssh-publickey=id_rsa.pub'], ctx).code).toBe(0);
    expect(out).toEqual(['secret/db-user-pass created\n']);
    const s = cluster.store.get('Secret', 'default', 'db-user-pass')!;
    expect(s.type).toBe('Opaque');
    expect(s.data).toEqual({ username: 'YWRtaW4=', password: Buffer.from('S!B\\*d$zDsb=').toString('base64'), 'ssh-publickey': Buffer.from('ssh-rsa AAAA\n').toString('base64') });
  });

  it('errors', () => {
    const { ctx, err } = ctxWith();
    const run = (...a: string[]) => {
      err.length = 0;
      const r = createSecret(['secret', ...a], ctx);
      return [r.code, err.join('')];
    };
    expect(run('generic')).toEqual([1, "error: exactly one NAME is required, got 0\nSee 'kubectl create secret generic -h' for help and examples\n"]);
    expect(run('bogus', 'x')).toEqual([1, "error: unknown command \"bogus\"\nSee 'kubectl create secret -h' for help and examples\n"]);
    expect(run('generic', 's', '--from-literal=a=1', '--from-literal=a=2')).toEqual([1, 'error: cannot add key a, another key by that name already exists\n']);
    expect(run('generic', 's', '--from-literal=a b=1')[1]).toMatch(/^error: "a b" is not valid key name for a Secret a valid config key must consist of/);
    expect(run('generic', 's', '--from-literal=a=1')).toEqual([0, '']);
    expect(run('generic', 's', '--from-literal=a=1')).toEqual([1, 'error: failed to create secret secrets "s" already exists\n']);
  });
});

describe('kubectl describe: Environment and Volumes', () => {
  const render = (fn: (w: PrefixWriter) => void) => {
    const w = new PrefixWriter();
    fn(w);
    return w.toString();
  };

  it('fieldRef env: only metadata.name/namespace resolve in kubectl', () => {
    const pod = stored(dapiTestPod());
    expect(render((w) => describeContainerEnvironment(w, pod.spec.containers[0], pod))).toBe(
      ['    Environment:', '      MY_POD_NAME:       dapi-test-pod (v1:metadata.name)', '      MY_POD_NAMESPACE:  default (v1:metadata.namespace)', '      MY_POD_IP:          (v1:status.podIP)', ''].join('\n'),
    );
  });

  it('resourceFieldRef env: value from the container spec, "node allocatable" for unset limits', () => {
    const pod = stored(dapiContainerVarsPod());
    const c = pod.spec.containers[0];
    c.env.push({ name: 'MY_CPU_LIMIT_M', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } } });
    expect(render((w) => describeContainerEnvironment(w, c, pod))).toBe(
      ['    Environment:', '      MY_CPU_REQUEST:  1 (requests.cpu)', '      MY_CPU_LIMIT:    1 (limits.cpu)', '      MY_MEM_REQUEST:  33554432 (requests.memory)', '      MY_MEM_LIMIT:    67108864 (limits.memory)', '      MY_CPU_LIMIT_M:  250 (limits.cpu)', ''].join('\n'),
    );
    delete c.resources;
    expect(render((w) => describeContainerEnvironment(w, c, pod))).toContain('MY_CPU_LIMIT:    node allocatable (limits.cpu)');
    expect(render((w) => describeContainerEnvironment(w, c, pod))).toContain('MY_MEM_REQUEST:  0 (requests.memory)');
  });

  it('configMapKeyRef / secretKeyRef / envFrom', () => {
    const c = {
      name: 'c',
      envFrom: [{ configMapRef: { name: 'app' } }, { prefix: 'DB_', secretRef: { name: 'creds', optional: true } }],
      env: [
        { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'app', key: 'mode' } } },
        { name: 'PASS', valueFrom: { secretKeyRef: { name: 'creds', key: 'password', optional: true } } },
        { name: 'MULTI', value: 'line1\nline2' },
      ],
    };
    expect(render((w) => describeContainerEnvironment(w, c, stored({ metadata: { name: 'p' }, spec: {} })))).toBe(
      [
        '    Environment Variables from:',
        '      app    ConfigMap                 Optional: false',
        "      creds  Secret with prefix 'DB_'  Optional: true",
        '    Environment:',
        "      MODE:   <set to the key 'mode' of config map 'app'>    Optional: false",
        "      PASS:   <set to the key 'password' in secret 'creds'>  Optional: true",
        '      MULTI:  line1',
        '              line2',
        '',
      ].join('\n'),
    );
    expect(render((w) => describeContainerEnvironment(w, { envFrom: [{ configMapRef: { name: 'app' } }] }, {}))).toBe(
      ['    Environment Variables from:', '      app         ConfigMap  Optional: false', '    Environment:  <none>', ''].join('\n'),
    );
  });

  it('Volumes: DownwardAPI items, ConfigMap, Secret, Projected, HostPath, EmptyDir', () => {
    const vols = [
      ...dapiVolumePod().spec.volumes,
      { name: 'cfg', configMap: { name: 'app', defaultMode: 420 } },
      { name: 'sec', secret: { secretName: 'creds', optional: true, defaultMode: 420 } },
      {
        name: 'kube-api-access-x2kq9',
        projected: {
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
          ],
        },
      },
      { name: 'logs', hostPath: { path: '/var/log', type: '' } },
      { name: 'cache', emptyDir: {} },
    ];
    expect(render((w) => describeVolumes(w, vols))).toBe(
      [
        'Volumes:',
        '  podinfo:',
        '    Type:  DownwardAPI (a volume populated by information about the pod)',
        '    Items:',
        '      metadata.labels -> lables',
        '      metadata.annotations -> annotations',
        '  cfg:',
        '    Type:      ConfigMap (a volume populated by a ConfigMap)',
        '    Name:      app',
        '    Optional:  false',
        '  sec:',
        '    Type:        Secret (a volume populated by a Secret)',
        '    SecretName:  creds',
        '    Optional:    true',
        '  kube-api-access-x2kq9:',
        '    Type:                    Projected (a volume that contains injected data from multiple sources)',
        '    TokenExpirationSeconds:  3607',
        '    ConfigMapName:           kube-root-ca.crt',
        '    ConfigMapOptional:       <nil>',
        '    DownwardAPI:             true',
        '  logs:',
        '    Type:          HostPath (bare host directory volume)',
        '    Path:          /var/log',
        '    HostPathType:  ',
        '  cache:',
        "    Type:       EmptyDir (a temporary directory that shares a pod's lifetime)",
        '    Medium:     ',
        '    SizeLimit:  <unset>',
        '',
      ].join('\n'),
    );
  });
});

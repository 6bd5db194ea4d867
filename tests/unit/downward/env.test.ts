import { describe, it, expect } from 'vitest';
import { makeEnvironment, buildEnv, CreateContainerConfigError, expandRefs } from '~/cluster/kubelet/container-fs';
import { extractContainerResourceValue, canonicalQuantity, parseExactQuantity, goQuote, formatMap } from '~/cluster/kubelet/downward';
import { dapiTestPod, dapiContainerVarsPod, stored, busybox } from './fixtures';

const NODE = { cpu: '2', memory: '4Gi', pods: '110', 'ephemeral-storage': '102626232Ki' };

function env(pod: any, extra: Partial<Parameters<typeof makeEnvironment>[0]> = {}, container = pod.spec.containers[0]) {
  return makeEnvironment({ pod, container, image: busybox, services: [], nodeAllocatable: NODE, podIPs: ['10.244.1.7'], hostIPs: ['172.18.0.3'], ...extra });
}

function err(fn: () => unknown): CreateContainerConfigError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CreateContainerConfigError) return e;
    throw e;
  }
  throw new Error('no error');
}

const cm = (name: string, data: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default' }, data });
const secret = (name: string, data: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Secret',
  metadata: { name, namespace: 'default' },
  type: 'Opaque',
  data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString('base64')])),
});

describe('env: valueFrom.fieldRef (article pod dapi-test-pod)', () => {
  it('injects the pod name, namespace and IP', () => {
    const r = env(stored(dapiTestPod()));
    expect(r.kubeletEnv).toEqual({ MY_POD_NAME: 'dapi-test-pod', MY_POD_NAMESPACE: 'default', MY_POD_IP: '10.244.1.7' });
    expect(r.env.HOSTNAME).toBe('dapi-test-pod');
    expect(r.env.PATH).toBe('/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin');
  });

  it('resolves every allowed env path, label/annotation subscripts and the IP lists', () => {
    const pod = stored({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', labels: { app: 'web', 'example.com/tier': 'front' }, annotations: { Build: 'seven' } },
      spec: {
        serviceAccountName: 'robot',
        containers: [
          {
            name: 'c',
            image: 'busybox',
            env: [
              ['UID', 'metadata.uid'],
              ['NODE', 'spec.nodeName'],
              ['SA', 'spec.serviceAccountName'],
              ['HOST_IP', 'status.hostIP'],
              ['HOST_IPS', 'status.hostIPs'],
              ['POD_IP', 'status.podIP'],
              ['POD_IPS', 'status.podIPs'],
              ['APP', "metadata.labels['app']"],
              ['TIER', "metadata.labels['example.com/tier']"],
              ['MISSING', "metadata.labels['nope']"],
              ['BUILD', "metadata.annotations['Build']"],
            ].map(([name, fieldPath]) => ({ name, valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } } })),
          },
        ],
      },
    });
    const r = env(pod, { podIPs: ['10.244.1.7', 'fd00::7'], hostIPs: ['172.18.0.3', 'fc00::3'] });
    expect(r.kubeletEnv).toEqual({
      UID: '5c0e3a36-7c8d-4b43-9c55-2a0b8f8d1e0a',
      NODE: 'worker-1',
      SA: 'robot',
      HOST_IP: '172.18.0.3',
      HOST_IPS: '172.18.0.3,fc00::3',
      POD_IP: '10.244.1.7',
      POD_IPS: '10.244.1.7,fd00::7',
      APP: 'web',
      TIER: 'front',
      MISSING: '',
      BUILD: 'seven',
    });
  });

  it('falls back to the old resolveFieldRef callback for the IPs', () => {
    const pod = stored(dapiTestPod());
    const e = buildEnv({ pod, container: pod.spec.containers[0], image: busybox, services: [], resolveFieldRef: (p) => (p === 'status.podIP' ? '10.244.2.9' : undefined) });
    expect(e.MY_POD_IP).toBe('10.244.2.9');
  });
});

describe('env: valueFrom.resourceFieldRef (article pod dapi-test-pod-container-vars)', () => {
  it('gives requests/limits rounded up: cpu in cores, memory in bytes', () => {
    const r = env(stored(dapiContainerVarsPod()));
    expect(r.kubeletEnv).toEqual({ MY_CPU_REQUEST: '1', MY_CPU_LIMIT: '1', MY_MEM_REQUEST: '33554432', MY_MEM_LIMIT: '67108864' });
  });

  it('divisors round up (ceil) and cpu is computed in millicores', () => {
    const c = { resources: { requests: { cpu: '250m', memory: '100M' }, limits: { cpu: '1500m', memory: '64Mi', 'ephemeral-storage': '1Gi' } } };
    const v = (resource: string, divisor?: string | number) => {
      const r = extractContainerResourceValue({ resource, divisor }, c);
      return r.ok ? r.value : r.error;
    };
    expect(v('requests.cpu')).toBe('1');
    expect(v('requests.cpu', '1')).toBe('1');
    expect(v('requests.cpu', '1m')).toBe('250');
    expect(v('requests.cpu', '1000m')).toBe('1');
    expect(v('limits.cpu')).toBe('2');
    expect(v('limits.cpu', '1m')).toBe('1500');
    expect(v('limits.memory', '1Mi')).toBe('64');
    expect(v('limits.memory')).toBe('67108864');
    expect(v('limits.memory', 1)).toBe('67108864');
    expect(v('limits.memory', '1Ki')).toBe('65536');
    expect(v('limits.memory', '1M')).toBe('68');
    expect(v('requests.memory', '1Mi')).toBe('96');
    expect(v('requests.memory', '1k')).toBe('100000');
    expect(v('limits.ephemeral-storage', '1Mi')).toBe('1024');
    expect(v('requests.ephemeral-storage')).toBe('0');
    expect(v('limits.foo')).toBe('unsupported container resource : limits.foo');
  });

  it('limits fall back to node allocatable; requests do not', () => {
    const pod = stored({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        initContainers: [{ name: 'init', image: 'busybox' }],
        containers: [
          {
            name: 'app',
            image: 'busybox',
            env: [
              { name: 'CPU_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } },
              { name: 'CPU_LIMIT_M', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '1m' } } },
              { name: 'MEM_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.memory' } } },
              { name: 'MEM_LIMIT_MI', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
              { name: 'EPH_LIMIT', valueFrom: { resourceFieldRef: { resource: 'limits.ephemeral-storage' } } },
              { name: 'CPU_REQUEST', valueFrom: { resourceFieldRef: { resource: 'requests.cpu' } } },
              { name: 'SIDE_CPU', valueFrom: { resourceFieldRef: { containerName: 'side', resource: 'limits.cpu', divisor: '1m' } } },
              { name: 'INIT_CPU', valueFrom: { resourceFieldRef: { containerName: 'init', resource: 'limits.cpu' } } },
            ],
          },
          { name: 'side', image: 'busybox', resources: { limits: { memory: '1Gi' } } },
        ],
      },
    });
    expect(env(pod).kubeletEnv).toEqual({
      CPU_LIMIT: '2',
      CPU_LIMIT_M: '2000',
      MEM_LIMIT: '4294967296',
      MEM_LIMIT_MI: '4096',
      EPH_LIMIT: '105089261568',
      CPU_REQUEST: '0',
      SIDE_CPU: '2000',
      INIT_CPU: '0',
    });
  });

  it('a containerName that names no container stops the container from being created', () => {
    const pod = stored(dapiContainerVarsPod());
    pod.spec.containers[0].env[0].valueFrom.resourceFieldRef.containerName = 'nope';
    const e = err(() => env(pod));
    expect(e.message).toBe('container nope not found');
    expect(e.reason).toBe('CreateContainerConfigError');
    expect(e.event).toEqual({ type: 'Warning', reason: 'Failed', message: 'Error: container nope not found' });
  });
});

describe('env: ConfigMaps and Secrets', () => {
  const pod = (container: any) => stored({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'busybox', ...container }] } });
  const objects = {
    getConfigMap: (ns: string, name: string) => (ns === 'default' ? ({ app: cm('app', { MODE: 'prod', LEVEL: 'info', 'log.level': 'debug', '1ST': 'one' }) } as any)[name] : undefined),
    getSecret: (ns: string, name: string) => (ns === 'default' ? ({ creds: secret('creds', { user: 'admin', password: 's3cr=t\n' }) } as any)[name] : undefined),
  };

  it('configMapKeyRef / secretKeyRef values, secret data base64-decoded', () => {
    const r = env(
      pod({
        env: [
          { name: 'MODE', valueFrom: { configMapKeyRef: { name: 'app', key: 'MODE' } } },
          { name: 'USER', valueFrom: { secretKeyRef: { name: 'creds', key: 'user' } } },
          { name: 'PASS', valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } } },
        ],
      }),
      objects,
    );
    expect(r.kubeletEnv).toEqual({ MODE: 'prod', USER: 'admin', PASS: 's3cr=t\n' });
  });

  it('envFrom with prefix, then env overrides, $(VAR) expansion from what is declared so far', () => {
    const r = env(
      pod({
        envFrom: [{ configMapRef: { name: 'app' } }, { prefix: 'DB_', secretRef: { name: 'creds' } }],
        env: [
          { name: 'LEVEL', value: 'warn' },
          { name: 'URL', value: 'postgres://$(DB_user)@db/$(MODE)?l=$(LEVEL)&x=$(UNKNOWN)&cost=$$5' },
          { name: 'EMPTY', value: '' },
        ],
      }),
      objects,
    );
    expect(r.kubeletEnv).toEqual({
      MODE: 'prod',
      LEVEL: 'warn',
      'log.level': 'debug',
      '1ST': 'one',
      DB_user: 'admin',
      DB_password: 's3cr=t\n',
      URL: 'postgres://admin@db/prod?l=warn&x=$(UNKNOWN)&cost=$5',
      EMPTY: '',
    });
    expect(r.events).toEqual([]);
  });

  it('service links come first and env overrides them; image env is not an expansion source', () => {
    const svc: any = { metadata: { name: 'redis-primary', namespace: 'default' }, spec: { clusterIP: '10.96.0.50', ports: [{ name: 'redis', port: 6379, protocol: 'TCP' }] } };
    const k8s: any = { metadata: { name: 'kubernetes', namespace: 'default' }, spec: { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, protocol: 'TCP' }] } };
    const r = env(pod({ env: [{ name: 'REDIS_PRIMARY_SERVICE_PORT', value: 'override' }, { name: 'ADDR', value: '$(REDIS_PRIMARY_SERVICE_HOST):$(REDIS_PRIMARY_SERVICE_PORT) $(PATH)' }] }), { services: [svc, k8s] });
    expect(r.kubeletEnv.ADDR).toBe('10.96.0.50:override $(PATH)');
    expect(r.env.REDIS_PRIMARY_PORT_6379_TCP_ADDR).toBe('10.96.0.50');
    expect(r.env.REDIS_PRIMARY_SERVICE_PORT_REDIS).toBe('6379');
    expect(r.env.KUBERNETES_PORT).toBe('tcp://10.96.0.1:443');
  });

  it('optional refs that miss leave the variable unset', () => {
    const r = env(
      pod({
        envFrom: [{ configMapRef: { name: 'gone', optional: true } }],
        env: [
          { name: 'A', valueFrom: { configMapKeyRef: { name: 'gone', key: 'x', optional: true } } },
          { name: 'B', valueFrom: { configMapKeyRef: { name: 'app', key: 'x', optional: true } } },
          { name: 'C', valueFrom: { secretKeyRef: { name: 'creds', key: 'x', optional: true } } },
          { name: 'D', value: 'd' },
        ],
      }),
      objects,
    );
    expect(r.kubeletEnv).toEqual({ D: 'd' });
  });

  it('missing objects and keys give the kubelet messages (CreateContainerConfigError)', () => {
    const msg = (c: any) => err(() => env(pod(c), objects)).message;
    expect(msg({ env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'x', key: 'k' } } }] })).toBe('configmap "x" not found');
    expect(msg({ env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'app', key: 'k' } } }] })).toBe("couldn't find key k in ConfigMap default/app");
    expect(msg({ env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] })).toBe('secret "s" not found');
    expect(msg({ env: [{ name: 'A', valueFrom: { secretKeyRef: { name: 'creds', key: 'k' } } }] })).toBe("couldn't find key k in Secret default/creds");
    expect(msg({ envFrom: [{ configMapRef: { name: 'x' } }] })).toBe('configmap "x" not found');
    expect(msg({ envFrom: [{ secretRef: { name: 's' } }] })).toBe('secret "s" not found');
    expect(() => buildEnv({ pod: pod({ envFrom: [{ configMapRef: { name: 'x' } }] }), container: pod({ envFrom: [{ configMapRef: { name: 'x' } }] }).spec.containers[0], image: busybox, services: [] })).toThrow(CreateContainerConfigError);
  });

  it('1.30+ passes every envFrom key through; pre-1.30 kubelets skipped invalid ones with an event', () => {
    const p = pod({ envFrom: [{ configMapRef: { name: 'app' } }, { prefix: 'p_', secretRef: { name: 'creds' } }] });
    expect(env(p, objects).kubeletEnv['1ST']).toBe('one');
    const seen: any[] = [];
    const legacy = env(p, { ...objects, legacyEnvFromKeyCheck: true, onEvent: (e) => seen.push(e) });
    expect(legacy.kubeletEnv['1ST']).toBeUndefined();
    expect(legacy.kubeletEnv['log.level']).toBe('debug');
    expect(legacy.events).toEqual([
      { type: 'Warning', reason: 'InvalidEnvironmentVariableNames', message: 'Keys [1ST] from the EnvFrom configMap default/app were skipped since they are considered invalid environment variable names.' },
    ]);
    expect(seen).toEqual(legacy.events);
  });
});

describe('expansion and formatting helpers', () => {
  it('expandRefs follows expansion.Expand', () => {
    const e = { A: 'a', 'B.C': 'bc' };
    expect(expandRefs('$(A)-$(B.C)-$(Z)-$$(A)-$-$x-$(', e)).toBe('a-bc-$(Z)-$(A)-$-$x-$(');
  });

  it('Go %q and FormatMap', () => {
    expect(goQuote('say "hi"\n\ttab\\ é \u0001')).toBe('"say \\"hi\\"\\n\\ttab\\\\ é \\x01"');
    expect(formatMap({ b: '2', a: 'x"y', 'a.b': 'line1\nline2' })).toBe('a="x\\"y"\na.b="line1\\nline2"\nb="2"');
    expect(formatMap({})).toBe('');
  });

  it('canonical quantities (Quantity.String)', () => {
    const c = (s: string | number) => canonicalQuantity(parseExactQuantity(s)!);
    expect(['1000m', '0.001', '1', '1e3', '1024', '1024Ki', '512', '0.5Ki', '1500', '1.5k', '0.0015', 1, 2048].map(c)).toEqual(['1', '1m', '1', '1e3', '1024', '1Mi', '512', '512', '1500', '1500', '1500u', '1', '2048']);
  });
});

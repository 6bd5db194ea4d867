import { describe, it, expect } from 'vitest';
import { validateEnv, validateEnvFrom, validateVolumes, validateVolumesWithNames } from '~/cluster/api/validate-env-volumes';

const P = 'spec.containers[0].env';
const text = (errs: { field: string; message: string }[]) => errs.map((e) => `${e.field}: ${e.message}`);
const env1 = (e: any, opts = {}) => text(validateEnv([e], P, opts));
const fieldRef = (fieldPath: string, apiVersion?: string) => ({ name: 'X', valueFrom: { fieldRef: { fieldPath, ...(apiVersion !== undefined ? { apiVersion } : {}) } } });
const rref = (r: any) => ({ name: 'X', valueFrom: { resourceFieldRef: r } });

const ENV_SUPPORTED = '"metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"';
const VOL_SUPPORTED = '"metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"';
const RES_SUPPORTED = '"limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"';
const LABEL_NAME_MSG =
  "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const SUBDOMAIN_MSG =
  "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

describe('validateEnv', () => {
  it('accepts the article pods and every supported env fieldRef', () => {
    for (const p of ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs', "metadata.labels['app']", "metadata.annotations['Example.com/Build']"])
      expect(env1(fieldRef(p))).toEqual([]);
    for (const r of ['requests.cpu', 'limits.cpu', 'requests.memory', 'limits.memory', 'limits.ephemeral-storage', 'requests.hugepages-2Mi']) expect(env1(rref({ containerName: 'c', resource: r }))).toEqual([]);
  });

  it('env names: required, relaxed (1.34+) and strict (pre-1.32) messages', () => {
    expect(text(validateEnv([{ value: 'x' }], P))).toEqual(['spec.containers[0].env[0].name: Required value']);
    expect(env1({ name: '1ABC', value: 'x' })).toEqual([]);
    expect(env1({ name: 'A=B', value: 'x' })).toEqual([`${P}[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`]);
    expect(env1({ name: 'ÄBC', value: 'x' })).toEqual([`${P}[0].name: Invalid value: "ÄBC": a valid environment variable name must consist only of printable ASCII characters other than '='`]);
    expect(env1({ name: '1ABC', value: 'x' }, { relaxedEnvVarNames: false })).toEqual([
      `${P}[0].name: Invalid value: "1ABC": a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit (e.g. 'my.env-name',  or 'MY_ENV.NAME',  or 'MyEnvName1', regex used for validation is '[-._a-zA-Z][-._a-zA-Z0-9]*')`,
    ]);
    expect(env1({ name: '..x', value: 'x' }, { relaxedEnvVarNames: false })).toEqual([`${P}[0].name: Invalid value: "..x": must not start with '..'`]);
  });

  it('valueFrom exclusivity', () => {
    const v = `${P}[0].valueFrom`;
    expect(env1({ name: 'X', valueFrom: {} })).toEqual([`${v}: Invalid value: "": must specify one of: \`fieldRef\`, \`resourceFieldRef\`, \`configMapKeyRef\` or \`secretKeyRef\``]);
    expect(env1({ name: 'X', value: 'v', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } })).toEqual([`${v}: Invalid value: "": may not be specified when \`value\` is not empty`]);
    expect(env1({ name: 'X', valueFrom: { fieldRef: { fieldPath: 'metadata.name' }, configMapKeyRef: { name: 'c', key: 'k' } } })).toEqual([`${v}: Invalid value: "": may not have more than one field specified at a time`]);
  });

  it('fieldRef: unsupported, unconvertible and subscripted paths', () => {
    const f = `${P}[0].valueFrom.fieldRef`;
    expect(env1(fieldRef('metadata.labels'))).toEqual([`${f}.fieldPath: Unsupported value: "metadata.labels": supported values: ${ENV_SUPPORTED}`]);
    expect(env1(fieldRef('metadata.annotations'))).toEqual([`${f}.fieldPath: Unsupported value: "metadata.annotations": supported values: ${ENV_SUPPORTED}`]);
    expect(env1(fieldRef('status.phase'))).toEqual([`${f}.fieldPath: Unsupported value: "status.phase": supported values: ${ENV_SUPPORTED}`]);
    expect(env1(fieldRef('spec.foo'))).toEqual([`${f}.fieldPath: Invalid value: "spec.foo": error converting fieldPath: field label not supported: spec.foo`]);
    expect(env1(fieldRef("spec.nodeName['x']"))).toEqual([`${f}.fieldPath: Invalid value: "spec.nodeName['x']": error converting fieldPath: field label does not support subscript: spec.nodeName['x']`]);
    expect(env1(fieldRef('metadata.name', 'v2'))).toEqual([`${f}.fieldPath: Invalid value: "metadata.name": error converting fieldPath: unsupported pod version: v2`]);
    expect(env1(fieldRef(''))).toEqual([`${f}.fieldPath: Required value`]);
    expect(env1(fieldRef("metadata.labels['bad key']"))).toEqual([`${f}: Invalid value: "bad key": ${LABEL_NAME_MSG}`]);
    expect(env1(fieldRef("metadata.annotations['A B']"))).toEqual([`${f}: Invalid value: "a b": ${LABEL_NAME_MSG}`]);
    expect(env1(fieldRef('spec.host'))).toEqual([]);
  });

  it('resourceFieldRef: resource list and divisor rules', () => {
    const r = `${P}[0].valueFrom.resourceFieldRef`;
    expect(env1(rref({ resource: 'limits.gpu' }))).toEqual([`${r}.resource: Unsupported value: "limits.gpu": supported values: ${RES_SUPPORTED}`]);
    expect(env1(rref({}))).toEqual([`${r}.resource: Required value`]);
    expect(env1(rref({ resource: 'limits.cpu', divisor: '1Mi' }))).toEqual([`${r}.divisor: Invalid value: "limits.cpu": only divisor's values 1m and 1 are supported with the cpu resource`]);
    expect(env1(rref({ resource: 'requests.cpu', divisor: '10m' }))).toEqual([`${r}.divisor: Invalid value: "requests.cpu": only divisor's values 1m and 1 are supported with the cpu resource`]);
    expect(env1(rref({ resource: 'limits.cpu', divisor: '1000m' }))).toEqual([]);
    expect(env1(rref({ resource: 'limits.cpu', divisor: 0.001 }))).toEqual([]);
    expect(env1(rref({ resource: 'limits.cpu', divisor: '0' }))).toEqual([]);
    expect(env1(rref({ resource: 'limits.memory', divisor: '2Mi' }))).toEqual([
      `${r}.divisor: Invalid value: "limits.memory": only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the memory resource`,
    ]);
    expect(env1(rref({ resource: 'limits.memory', divisor: '1024' }))).toEqual([
      `${r}.divisor: Invalid value: "limits.memory": only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the memory resource`,
    ]);
    expect(env1(rref({ resource: 'limits.memory', divisor: '1024Ki' }))).toEqual([]);
    expect(env1(rref({ resource: 'requests.ephemeral-storage', divisor: '1m' }))).toEqual([
      `${r}.divisor: Invalid value: "requests.ephemeral-storage": only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the local ephemeral storage resource`,
    ]);
    expect(env1(rref({ resource: 'limits.hugepages-2Mi', divisor: '1m' }))).toEqual([
      `${r}.divisor: Invalid value: "limits.hugepages-2Mi": only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the hugepages resource`,
    ]);
  });

  it('configMapKeyRef / secretKeyRef names and keys', () => {
    const c = `${P}[0].valueFrom.configMapKeyRef`;
    expect(env1({ name: 'X', valueFrom: { configMapKeyRef: { name: 'My_CM', key: 'k' } } })).toEqual([`${c}.name: Invalid value: "My_CM": ${SUBDOMAIN_MSG}`]);
    expect(env1({ name: 'X', valueFrom: { configMapKeyRef: { key: 'k' } } })).toEqual([`${c}.name: Invalid value: "": ${SUBDOMAIN_MSG}`]);
    expect(env1({ name: 'X', valueFrom: { configMapKeyRef: { name: 'cm' } } })).toEqual([`${c}.key: Required value`]);
    expect(env1({ name: 'X', valueFrom: { secretKeyRef: { name: 's', key: 'a/b' } } })).toEqual([
      `${P}[0].valueFrom.secretKeyRef.key: Invalid value: "a/b": a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')`,
    ]);
  });
});

describe('validateEnvFrom', () => {
  const E = 'spec.containers[0].envFrom';
  const ef = (list: any[], opts = {}) => text(validateEnvFrom(list, E, opts));
  it('sources, names and prefixes', () => {
    expect(ef([{ configMapRef: { name: 'app' }, prefix: 'APP_' }, { secretRef: { name: 'creds', optional: true } }])).toEqual([]);
    expect(ef([{ prefix: 'X_' }])).toEqual([`${E}: Invalid value: "": must specify one of: \`configMapRef\` or \`secretRef\``]);
    expect(ef([{ configMapRef: { name: 'a' }, secretRef: { name: 'b' } }])).toEqual([`${E}: Invalid value: "": may not have more than one field specified at a time`]);
    expect(ef([{ configMapRef: {} }])).toEqual([`${E}[0].configMapRef.name: Required value`]);
    expect(ef([{ secretRef: { name: 'Bad_Name' } }])).toEqual([`${E}[0].secretRef.name: Invalid value: "Bad_Name": ${SUBDOMAIN_MSG}`]);
    expect(ef([{ configMapRef: { name: 'a' }, prefix: 'A=' }])).toEqual([`${E}[0].prefix: Invalid value: "A=": a valid environment variable name must consist only of printable ASCII characters other than '='`]);
    expect(ef([{ configMapRef: { name: 'a' }, prefix: '1_' }])).toEqual([]);
    expect(ef([{ configMapRef: { name: 'a' }, prefix: '1_' }], { relaxedEnvVarNames: false })).toHaveLength(1);
  });
});

describe('validateVolumes', () => {
  const V = 'spec.volumes';
  const vols = (list: any[]) => text(validateVolumes(list, V));
  const FILE_MODE = 'must be a number between 0 and 0777 (octal), both inclusive';

  it('accepts the article volume and the defaulted kube-api-access volume', () => {
    expect(
      vols([
        { name: 'podinfo', downwardAPI: { items: [{ path: 'lables', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'annotations', fieldRef: { fieldPath: 'metadata.annotations' } }] } },
        {
          name: 'kube-api-access-x2kq9',
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
              { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
            ],
          },
        },
        { name: 'data', emptyDir: {} },
        { name: 'logs', hostPath: { path: '/var/log', type: 'Directory' } },
      ]),
    ).toEqual([]);
  });

  it('names: required, DNS label, duplicates (only of valid volumes)', () => {
    expect(vols([{ emptyDir: {} }])).toEqual([`${V}[0].name: Required value`]);
    expect(vols([{ name: 'My_Vol', emptyDir: {} }])).toEqual([
      `${V}[0].name: Invalid value: "My_Vol": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    ]);
    expect(vols([{ name: 'a.b', emptyDir: {} }])).toEqual([`${V}[0].name: Invalid value: "a.b": must not contain dots`]);
    expect(vols([{ name: 'x', emptyDir: {} }, { name: 'x', emptyDir: {} }])).toEqual([`${V}[1].name: Duplicate value: "x"`]);
    expect(vols([{ name: 'x' }, { name: 'x', emptyDir: {} }])).toEqual([`${V}[0]: Required value: must specify a volume type`]);
    const r = validateVolumesWithNames([{ name: 'a', emptyDir: {} }, { name: 'b' }], V);
    expect([...r.names]).toEqual(['a']);
  });

  it('exactly one volume source', () => {
    expect(vols([{ name: 'x' }])).toEqual([`${V}[0]: Required value: must specify a volume type`]);
    expect(vols([{ name: 'x', emptyDir: null }])).toEqual([`${V}[0]: Required value: must specify a volume type`]);
    expect(vols([{ name: 'x', emptyDir: {}, configMap: { name: 'c' } }])).toEqual([`${V}[0].configMap: Forbidden: may not specify more than 1 volume type`]);
    expect(vols([{ name: 'x', secret: { secretName: 's' }, downwardAPI: { items: [] } }])).toEqual([`${V}[0].downwarAPI: Forbidden: may not specify more than 1 volume type`]);
  });

  it('configMap / secret sources: names, modes, item keys and paths', () => {
    expect(vols([{ name: 'x', configMap: {} }])).toEqual([`${V}[0].configMap.name: Required value`]);
    expect(vols([{ name: 'x', secret: {} }])).toEqual([`${V}[0].secret.secretName: Required value`]);
    expect(vols([{ name: 'x', configMap: { name: 'c', defaultMode: 1000 } }])).toEqual([`${V}[0].configMap.defaultMode: Invalid value: 1000: ${FILE_MODE}`]);
    expect(
      vols([
        {
          name: 'x',
          configMap: {
            name: 'c',
            items: [{ key: 'a', path: '/etc/a' }, { key: 'b', path: 'x/../../b' }, { key: 'c', path: '..c' }, { path: '' }, { key: 'd', path: 'd', mode: -1 }, { key: 'e', path: '../e' }],
          },
        },
      ]),
    ).toEqual([
      `${V}[0].configMap.items[0].path: Invalid value: "/etc/a": must be a relative path`,
      `${V}[0].configMap.items[1].path: Invalid value: "x/../../b": must not contain '..'`,
      `${V}[0].configMap.items[2].path: Invalid value: "..c": must not start with '..'`,
      `${V}[0].configMap.items[3].key: Required value`,
      `${V}[0].configMap.items[3].path: Required value`,
      `${V}[0].configMap.items[4].mode: Invalid value: -1: ${FILE_MODE}`,
      `${V}[0].configMap.items[5].path: Invalid value: "../e": must not contain '..'`,
    ]);
    expect(vols([{ name: 'x', secret: { secretName: 's', items: [{ key: 'k', path: '/abs' }] } }])).toEqual([`${V}[0].secret.items[0].path: Invalid value: "/abs": must be a relative path`]);
  });

  it('downwardAPI items (errors carry no item index, as in validation.go)', () => {
    const D = `${V}[0].downwardAPI`;
    const dv = (items: any[], extra = {}) => vols([{ name: 'x', downwardAPI: { items, ...extra } }]);
    expect(dv([{ path: 'n', fieldRef: { fieldPath: 'spec.nodeName' } }])).toEqual([`${D}.fieldRef.fieldPath: Unsupported value: "spec.nodeName": supported values: ${VOL_SUPPORTED}`]);
    expect(dv([{ path: 'n', fieldRef: { fieldPath: 'status.podIP' } }])).toEqual([`${D}.fieldRef.fieldPath: Unsupported value: "status.podIP": supported values: ${VOL_SUPPORTED}`]);
    expect(dv([{ path: 'n', fieldRef: { fieldPath: "metadata.labels['app']" } }])).toEqual([]);
    expect(dv([{ path: 'cpu', resourceFieldRef: { resource: 'limits.cpu' } }])).toEqual([`${D}.resourceFieldRef.containerName: Required value`]);
    expect(dv([{ path: 'cpu', resourceFieldRef: { resource: 'limits.cpu', divisor: '1Ki' } }])).toEqual([
      `${D}.resourceFieldRef.containerName: Required value`,
      `${D}.resourceFieldRef.divisor: Invalid value: "limits.cpu": only divisor's values 1m and 1 are supported with the cpu resource`,
    ]);
    expect(dv([{ path: 'cpu', resourceFieldRef: { containerName: 'c', resource: 'cpu' } }])).toEqual([`${D}.resourceFieldRef.resource: Unsupported value: "cpu": supported values: ${RES_SUPPORTED}`]);
    expect(dv([{ path: 'x' }])).toEqual([`${D}: Required value: one of fieldRef and resourceFieldRef is required`]);
    expect(dv([{ path: 'x', fieldRef: { fieldPath: 'metadata.name' }, resourceFieldRef: { containerName: 'c', resource: 'limits.cpu' } }])).toEqual([
      `${D}: Invalid value: "resource": fieldRef and resourceFieldRef can not be specified simultaneously`,
    ]);
    expect(dv([{ fieldRef: { fieldPath: 'metadata.name' } }])).toEqual([`${D}.path: Required value`]);
    expect(dv([{ path: '/abs', fieldRef: { fieldPath: 'metadata.name' }, mode: 4096 }])).toEqual([`${D}.path: Invalid value: "/abs": must be a relative path`, `${D}.mode: Invalid value: 4096: ${FILE_MODE}`]);
    expect(dv([], { defaultMode: 512 })).toEqual([`${D}.defaultMode: Invalid value: 512: ${FILE_MODE}`]);
  });

  it('projected sources', () => {
    const J = `${V}[0].projected`;
    const pv = (sources: any[]) => vols([{ name: 'x', projected: { sources } }]);
    expect(pv([{ serviceAccountToken: { expirationSeconds: 300, path: 'token' } }])).toEqual([`${J}.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes`]);
    expect(pv([{ serviceAccountToken: { expirationSeconds: 3600 } }])).toEqual([`${J}.path: Required value`]);
    expect(pv([{ secret: {} }])).toEqual([`${J}.sources[0].secret.name: Required value`]);
    expect(pv([{ secret: { name: 's' }, configMap: { name: 'c' } }])).toEqual([`${J}.sources[0]: Forbidden: may not specify more than 1 volume type per source`]);
    expect(pv([{ configMap: { name: 'c', items: [{ key: 'a', path: 'p' }] } }, { secret: { name: 's', items: [{ key: 'b', path: 'p' }] } }])).toEqual([`${J}: Invalid value: "s": conflicting duplicate paths`]);
    expect(pv([{ configMap: { name: 'c', items: [{ key: 'a', path: 'ns' }] } }, { downwardAPI: { items: [{ path: 'ns', fieldRef: { fieldPath: 'metadata.namespace' } }] } }])).toEqual([
      `${J}: Invalid value: "ns": conflicting duplicate paths`,
    ]);
  });

  it('hostPath and emptyDir', () => {
    expect(vols([{ name: 'x', hostPath: { path: '' } }])).toEqual([`${V}[0].hostPath.path: Required value`]);
    expect(vols([{ name: 'x', hostPath: { path: '/var/../etc' } }])).toEqual([`${V}[0].hostPath.path: Invalid value: "/var/../etc": must not contain '..'`]);
    expect(vols([{ name: 'x', hostPath: { path: '/data', type: 'Dir' } }])).toEqual([
      `${V}[0].hostPath.type: Unsupported value: "Dir": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"`,
    ]);
    expect(vols([{ name: 'x', emptyDir: { sizeLimit: '-1Gi' } }])).toEqual([`${V}[0].emptyDir.sizeLimit: Forbidden: SizeLimit field must be a valid resource quantity`]);
    expect(vols([{ name: 'x', persistentVolumeClaim: {} }])).toEqual([`${V}[0].persistentVolumeClaim.claimName: Required value`]);
  });
});

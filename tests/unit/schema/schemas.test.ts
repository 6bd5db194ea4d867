import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  SCHEMAS,
  SUPPORTED_KINDS,
  lookupKind,
  multiKindSchema,
  schemaForKind,
  type JsonSchema,
} from '../../../src/kubectl/schema/index';

function newAjv(): Ajv {
  // The schemas use OpenAPI-style integer formats; declare them so strict mode accepts them.
  return new Ajv({
    strict: true,
    allowUnionTypes: true,
    allErrors: true,
    formats: { int32: true, int64: true, 'int-or-string': true, 'date-time': true },
  });
}

function refs(v: unknown, out: string[] = []): string[] {
  if (Array.isArray(v)) for (const x of v) refs(x, out);
  else if (typeof v === 'object' && v !== null) {
    for (const [k, x] of Object.entries(v)) {
      if (k === '$ref' && typeof x === 'string') out.push(x);
      else refs(x, out);
    }
  }
  return out;
}

const DEPLOYMENT = parse(`
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, labels: {app: web}}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  strategy: {rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: web
        image: nginx
        ports: [{containerPort: 80}]
        resources: {limits: {cpu: 0.5, memory: 128Mi}}
`) as unknown;

describe('generated file', () => {
  it('has a kind entry per supported kind, pointing at its definition', () => {
    expect(Object.keys(SCHEMAS.kinds)).toHaveLength(12);
    for (const k of SUPPORTED_KINDS) {
      const def = SCHEMAS.definitions[k.definition] as JsonSchema;
      expect(def.properties?.apiVersion).toMatchObject({ const: k.apiVersion });
      expect(def.properties?.kind).toMatchObject({ const: k.kind });
      expect(def.required).toEqual(expect.arrayContaining(['apiVersion', 'kind']));
      expect(def.additionalProperties).toBe(false);
    }
  });
  it('only holds reachable definitions, and every $ref resolves', () => {
    for (const ref of refs(SCHEMAS)) expect(SCHEMAS.definitions[ref.replace('#/definitions/', '')], ref).toBeDefined();
    const all = Object.keys(SCHEMAS.definitions);
    const reached = new Set(Object.keys(multiKindSchema().definitions ?? {}));
    expect(all.every((d) => reached.has(d))).toBe(true);
    expect(all).not.toContain('Node'); // not reachable from the chosen kinds
  });
  it('keeps descriptions, objects closed, maps open', () => {
    const d = SCHEMAS.definitions;
    expect(d.Container?.description).toMatch(/single application container/);
    expect(d.Container?.properties?.image?.description).toMatch(/Container image name/);
    expect(d.ObjectMeta?.additionalProperties).toBe(false);
    expect(d.ObjectMeta?.properties?.labels?.additionalProperties).toEqual({ type: 'string' });
    expect(d.ObjectMeta?.properties?.annotations?.additionalProperties).toEqual({ type: 'string' });
    expect(d.PodSpec?.properties?.nodeSelector?.additionalProperties).toEqual({ type: 'string' });
    expect(d.LabelSelector?.properties?.matchLabels?.additionalProperties).toEqual({ type: 'string' });
    expect(d.ResourceRequirements?.properties?.limits?.additionalProperties).toEqual({ $ref: '#/definitions/Quantity' });
    expect(d.Secret?.properties?.data?.additionalProperties).toEqual({ type: 'string', contentEncoding: 'base64' });
  });
  it('Quantity and IntOrString accept strings and numbers; integers carry their Go width', () => {
    const d = SCHEMAS.definitions;
    expect(d.Quantity?.type).toEqual(['string', 'number']);
    expect(d.IntOrString?.type).toEqual(['integer', 'string']);
    expect(d.ServicePort?.properties?.targetPort?.$ref).toBe('#/definitions/IntOrString');
    expect(d.ContainerPort?.properties?.containerPort).toMatchObject({ type: 'integer', format: 'int32' });
    expect(d.PodSpec?.properties?.terminationGracePeriodSeconds).toMatchObject({ type: 'integer', format: 'int64' });
  });
});

describe('schemaForKind', () => {
  it('returns a self-contained schema for each kind', () => {
    for (const k of SUPPORTED_KINDS) {
      const s = schemaForKind(`${k.apiVersion}/${k.kind}`);
      expect(s).toBeDefined();
      for (const ref of refs(s)) expect(s?.definitions?.[ref.replace('#/definitions/', '')], `${k.kind} ${ref}`).toBeDefined();
      expect(() => newAjv().compile(s as object)).not.toThrow();
    }
    expect(schemaForKind('v1/Deployment')).toBeUndefined();
    expect(lookupKind('autoscaling/v2/HorizontalPodAutoscaler')?.definition).toBe('HorizontalPodAutoscaler');
  });
  it('validates with a JSON Schema validator (ajv) like the editor would', () => {
    const validate = newAjv().compile(schemaForKind('apps/v1/Deployment') as object);
    expect(validate(DEPLOYMENT), JSON.stringify(validate.errors)).toBe(true);
    const bad = structuredClone(DEPLOYMENT) as { spec: { replicas: unknown; template: { spec: { containers: Array<Record<string, unknown>> } } } };
    bad.spec.replicas = '3';
    (bad.spec.template.spec.containers[0] as Record<string, unknown>).imagePullPolcy = 'Always';
    expect(validate(bad)).toBe(false);
    expect(validate.errors?.map((e) => `${e.instancePath} ${e.message}`)).toEqual(
      expect.arrayContaining(['/spec/replicas must be integer', '/spec/template/spec/containers/0 must NOT have additional properties']),
    );
  });
});

describe('multiKindSchema', () => {
  const validate = newAjv().compile(multiKindSchema() as object);
  it('accepts every kind and selects its schema by kind', () => {
    expect(validate(DEPLOYMENT), JSON.stringify(validate.errors)).toBe(true);
    expect(validate({ apiVersion: 'v1', kind: 'Pod', spec: { containers: [{ name: 'c', image: 'nginx' }] } })).toBe(true);
    expect(validate({ apiVersion: 'v1', kind: 'Pod', spec: { containerz: [] } })).toBe(false);
  });
  it('pins apiVersion to the kind', () => {
    expect(validate({ apiVersion: 'v1', kind: 'Deployment' })).toBe(false);
    expect(validate.errors?.some((e) => e.instancePath === '/apiVersion' && e.keyword === 'const')).toBe(true);
  });
  it('lists kinds and apiVersions for completion', () => {
    const s = multiKindSchema();
    expect(s.properties?.kind?.enum).toContain('HorizontalPodAutoscaler');
    expect(s.properties?.apiVersion?.enum).toEqual(['apps/v1', 'autoscaling/v2', 'batch/v1', 'policy/v1', 'v1']);
    expect(s.allOf).toHaveLength(12);
  });
});

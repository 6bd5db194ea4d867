import Ajv from 'ajv';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SCHEMAS, multiKindSchema } from '../../../src/kubectl/schema/index';
import { GO_ENUMS, GO_EXAMPLES, withValueCompletions, type SchemaNode } from '../../../src/ui/editor/enums';

const schema = (): SchemaNode => withValueCompletions(multiKindSchema() as unknown as SchemaNode, SCHEMAS.go.types);
const prop = (s: SchemaNode, def: string, p: string): SchemaNode =>
  (s.definitions?.[def] as SchemaNode).properties?.[p] as SchemaNode;

describe('withValueCompletions', () => {
  it('adds enums for closed sets and examples for open ones', () => {
    const s = schema();
    expect(prop(s, 'Container', 'imagePullPolicy').enum).toEqual(['Always', 'IfNotPresent', 'Never']);
    expect(prop(s, 'PodSpec', 'restartPolicy').enum).toEqual(['Always', 'OnFailure', 'Never']);
    expect(prop(s, 'ServicePort', 'protocol').enum).toEqual(['TCP', 'UDP', 'SCTP']);
    expect(prop(s, 'ServiceSpec', 'type').enum).toContain('NodePort');
    expect((prop(s, 'PersistentVolumeClaimSpec', 'accessModes').items as SchemaNode).enum).toContain('ReadWriteOnce');
    expect(prop(s, 'Secret', 'type').examples).toContain('Opaque');
    expect(prop(s, 'Secret', 'type').enum).toBeUndefined();
    // The description survives.
    expect(prop(s, 'Container', 'imagePullPolicy').description).toMatch(/Image pull policy/);
  });

  it('does not mutate the shared generated schema', () => {
    schema();
    const base = multiKindSchema() as unknown as SchemaNode;
    expect(prop(base, 'Container', 'imagePullPolicy').enum).toBeUndefined();
    expect(SCHEMAS.definitions.Container?.properties?.imagePullPolicy?.enum).toBeUndefined();
  });

  it('leaves fields with their own enum/const alone and skips unknown fields', () => {
    const base: SchemaNode = {
      definitions: {
        A: { properties: { p: { type: 'string', enum: ['mine'] }, q: { type: 'string' }, n: { type: 'integer' } } },
      },
    };
    const out = withValueCompletions(base, { 'A.p': 'v1.PullPolicy', 'A.q': 'v1.PullPolicy', 'A.n': 'v1.PullPolicy', 'B.x': 'v1.PullPolicy', 'A.zz': 'v1.PullPolicy' });
    const a = out.definitions?.A as SchemaNode;
    expect((a.properties?.p as SchemaNode).enum).toEqual(['mine']);
    expect((a.properties?.q as SchemaNode).enum).toEqual(['Always', 'IfNotPresent', 'Never']);
    expect((a.properties?.n as SchemaNode).enum).toBeUndefined();
    expect(withValueCompletions(base, {})).toBe(base);
  });

  it('every table entry names a Go type the schema file records', () => {
    const recorded = new Set(Object.values(SCHEMAS.go.types).map((t) => t.replace(/^\[\]/, '')));
    for (const t of [...Object.keys(GO_ENUMS), ...Object.keys(GO_EXAMPLES)]) expect(recorded, t).toContain(t);
  });

  it('validates with ajv: the right values pass, a wrong case fails', () => {
    const ajv = new Ajv({ strict: false, allErrors: true, formats: { int32: true, int64: true, 'int-or-string': true, byte: true, 'date-time': true } });
    const validate = ajv.compile(schema());
    const pod = (policy: string): unknown =>
      parse(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx\n      imagePullPolicy: ${policy}\n`);
    expect(validate(pod('IfNotPresent'))).toBe(true);
    expect(validate(pod('ifnotpresent'))).toBe(false);
    expect(JSON.stringify(validate.errors)).toContain('imagePullPolicy');
  });
});

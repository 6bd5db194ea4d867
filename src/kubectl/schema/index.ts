/**
 * JSON Schemas for the kinds podlab supports, generated from `kubernetes-types`
 * (src/tools/gen-schemas.ts → k8s-schemas.json), for the editor (monaco-yaml) and for
 * strict decoding (./strict).
 *
 * The returned schemas are shared, cached objects: treat them as read-only.
 */
import { SCHEMAS, SUPPORTED_KINDS, lookupKind, refName, type JsonSchema } from './file';

export { SCHEMAS, SUPPORTED_KINDS, knownKind, lookupKind, type JsonSchema, type KindRef, type SchemaFile } from './file';
export {
  strictDecode,
  decodeErrorMessage,
  parseQuantityError,
  base64Error,
  type StrictDecodeResult,
  type StrictDecodeOptions,
} from './strict';

const DRAFT_07 = 'http://json-schema.org/draft-07/schema#';

/** Definitions reachable from `roots` through `$ref`, in the file's (sorted) order. */
function reachableDefinitions(roots: string[]): Record<string, JsonSchema> {
  const seen = new Set<string>();
  const stack = [...roots];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) for (const x of v) visit(x);
    else if (typeof v === 'object' && v !== null) {
      for (const [k, x] of Object.entries(v)) {
        if (k === '$ref' && typeof x === 'string') stack.push(refName(x));
        else if (k !== 'description') visit(x);
      }
    }
  };
  while (stack.length > 0) {
    const name = stack.pop() as string;
    if (seen.has(name)) continue;
    seen.add(name);
    visit(SCHEMAS.definitions[name]);
  }
  const out: Record<string, JsonSchema> = {};
  for (const [name, def] of Object.entries(SCHEMAS.definitions)) if (seen.has(name)) out[name] = def;
  return out;
}

const perKind = new Map<string, JsonSchema>();

/**
 * A self-contained JSON Schema (draft-07) for one kind: the kind's root definition at the top,
 * plus `definitions` holding everything it references. `apiVersionKind` is `apiVersion/Kind`,
 * e.g. `v1/Pod`, `apps/v1/Deployment`, `autoscaling/v2/HorizontalPodAutoscaler`.
 * Returns undefined for kinds podlab does not know.
 */
export function schemaForKind(apiVersionKind: string): JsonSchema | undefined {
  const cached = perKind.get(apiVersionKind);
  if (cached) return cached;
  const ref = lookupKind(apiVersionKind);
  if (!ref) return undefined;
  const root = SCHEMAS.definitions[ref.definition] as JsonSchema;
  const schema: JsonSchema = {
    $schema: DRAFT_07,
    title: `${ref.kind} (${ref.apiVersion})`,
    ...root,
    definitions: reachableDefinitions([ref.definition]),
  };
  perKind.set(apiVersionKind, schema);
  return schema;
}

let multi: JsonSchema | undefined;

/**
 * One schema for any supported object, for the editor: `kind` selects the kind's schema with
 * if/then (a kind served under several apiVersions is selected by both), and that schema pins
 * `apiVersion` with `const` — so `kind: Deployment` + `apiVersion: v1` reports the apiVersion.
 * Unknown kinds get a completion list (enum) for `kind` and `apiVersion`.
 */
export function multiKindSchema(): JsonSchema {
  if (multi) return multi;
  const versionsOf = new Map<string, string[]>();
  for (const k of SUPPORTED_KINDS) versionsOf.set(k.kind, [...(versionsOf.get(k.kind) ?? []), k.apiVersion]);
  const allOf: JsonSchema[] = SUPPORTED_KINDS.map((k) => {
    const byKindOnly = (versionsOf.get(k.kind) ?? []).length === 1;
    const cond: JsonSchema = byKindOnly
      ? { properties: { kind: { const: k.kind } }, required: ['kind'] }
      : { properties: { apiVersion: { const: k.apiVersion }, kind: { const: k.kind } }, required: ['apiVersion', 'kind'] };
    return { if: cond, then: { $ref: `#/definitions/${k.definition}` } };
  });
  multi = {
    $schema: DRAFT_07,
    title: 'Kubernetes object',
    type: 'object',
    required: ['apiVersion', 'kind'],
    properties: {
      apiVersion: { type: 'string', enum: [...new Set(SUPPORTED_KINDS.map((k) => k.apiVersion))].sort() },
      kind: { type: 'string', enum: [...new Set(SUPPORTED_KINDS.map((k) => k.kind))].sort() },
    },
    allOf,
    definitions: SCHEMAS.definitions,
  };
  return multi;
}

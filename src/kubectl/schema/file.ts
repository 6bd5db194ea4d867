/**
 * Typed access to the generated k8s-schemas.json (see src/tools/gen-schemas.ts).
 * Pure TS: no Node APIs, no DOM.
 */
import schemas from './k8s-schemas.json';

/** The subset of JSON Schema (draft-07) the generator emits. */
export interface JsonSchema {
  $ref?: string;
  $schema?: string;
  type?: string | string[];
  format?: string;
  pattern?: string;
  contentEncoding?: string;
  const?: string;
  enum?: string[];
  description?: string;
  title?: string;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  required?: string[];
  definitions?: Record<string, JsonSchema>;
  allOf?: JsonSchema[];
  if?: JsonSchema;
  then?: JsonSchema;
}

export interface SchemaFile {
  $schema: string;
  definitions: Record<string, JsonSchema>;
  /** `apiVersion/Kind` (e.g. `v1/Pod`, `apps/v1/Deployment`) → `{ $ref: '#/definitions/<Kind>' }`. */
  kinds: Record<string, { $ref: string }>;
  go: {
    /** Go package name → definitions declared in it; definitions not listed are in a `v1` package. */
    packages: Record<string, string[]>;
    /** `Definition.field` → Go type of the field (pointer dereferenced), where it is a named type. */
    types: Record<string, string>;
  };
}

export const SCHEMAS = schemas as unknown as SchemaFile;

export interface KindRef {
  readonly apiVersion: string;
  readonly kind: string;
  /** Name of the root definition in `SCHEMAS.definitions`. */
  readonly definition: string;
}

/** Every kind the schemas cover, in the generator's (sorted) order. */
export const SUPPORTED_KINDS: readonly KindRef[] = Object.freeze(
  Object.entries(SCHEMAS.kinds).map(([key, ref]) => {
    const slash = key.lastIndexOf('/');
    return Object.freeze({
      apiVersion: key.slice(0, slash),
      kind: key.slice(slash + 1),
      definition: refName(ref.$ref),
    });
  }),
);

const BY_KEY = new Map(SUPPORTED_KINDS.map((k) => [`${k.apiVersion}/${k.kind}`, k]));

export function refName(ref: string): string {
  return ref.startsWith('#/definitions/') ? decodeURIComponent(ref.slice('#/definitions/'.length)) : ref;
}

/** Looks a kind up by `apiVersion/Kind` (`v1/Pod`, `apps/v1/Deployment`). */
export function lookupKind(apiVersionKind: string): KindRef | undefined {
  return BY_KEY.get(apiVersionKind);
}

/** True when `apiVersion` + `kind` is one of SUPPORTED_KINDS (case-sensitive, like the API server). */
export function knownKind(apiVersion: string, kind: string): boolean {
  return BY_KEY.has(`${apiVersion}/${kind}`);
}

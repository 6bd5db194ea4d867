/**
 * Strict decoding as the Kubernetes API server does it with server-side field validation
 * (`fieldValidation=Strict`, what kubectl >= 1.27 sends by default).
 *
 * The API server decodes the request body with sigs.k8s.io/json (a case-sensitive fork of
 * Go's encoding/json) into the typed Go object. That yields two kinds of failure, which this
 * module reproduces from the generated schema:
 *
 *  - a decode error (`typeError`): the first value whose JSON type does not fit the Go field,
 *    phrased like Go's `UnmarshalTypeError` —
 *      json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32
 *    (`<struct holding the field>.<field path from the root, no indices>`), or the error of a
 *    custom unmarshaler (resource.Quantity, []byte base64, intstr.IntOrString, metav1.Time);
 *  - unknown fields (`unknownFields`): `spec.containers[0].imagee`, `metadata.lables`, ...
 *
 * The server reports the decode error alone when there is one (`<Kind> in version "<v>" cannot
 * be handled as a <Kind>: json: ...`); otherwise all unknown fields in one
 * `strict decoding error: unknown field "a", unknown field "b"` (see decodeErrorMessage).
 *
 * Order. The server reports in the order of the JSON it receives. kubectl does not send the
 * file's text: it parses the YAML into a map and re-encodes it with Go's encoding/json, which
 * sorts object keys — so with kubectl, fields come out in sorted-key, depth-first order (the
 * default here, `order: 'kubectl'`). `order: 'document'` walks keys in the object's own order,
 * as the server does for a JSON body posted directly (e.g. curl).
 *
 * Pure TS, no Node or DOM APIs, no ajv: a small walker over the generated schema.
 */
import { SCHEMAS, SUPPORTED_KINDS, knownKind, lookupKind, refName, type JsonSchema, type KindRef } from './file';

export { SUPPORTED_KINDS, knownKind, type KindRef };

export interface StrictDecodeResult {
  /** Unknown field paths in the API server's format, e.g. `spec.containers[0].imagee`. */
  unknownFields: string[];
  /** The decode error the API server would return (it takes precedence over unknown fields). */
  typeError?: string;
}

export interface StrictDecodeOptions {
  /**
   * `kubectl` (default): keys in sorted order at every level, as in the JSON kubectl sends.
   * `document`: keys in the object's own (insertion) order, as for a JSON body sent as-is.
   */
  order?: 'kubectl' | 'document';
}

// ---------------------------------------------------------------------------------------------
// Compiled schema

type Node =
  | { readonly k: 'struct'; readonly def: string; readonly go: string }
  | { readonly k: 'string'; readonly go: string }
  | { readonly k: 'bool'; readonly go: string }
  | { readonly k: 'int'; readonly go: string; readonly min: number; readonly max: number }
  | { readonly k: 'bytes'; readonly go: string; readonly elem: Node }
  | { readonly k: 'array'; readonly go: string; readonly elem: Node }
  | { readonly k: 'map'; readonly go: string; readonly elem: Node }
  | { readonly k: 'quantity'; readonly go: string }
  | { readonly k: 'intstr'; readonly go: string }
  | { readonly k: 'time'; readonly go: string }
  | { readonly k: 'opaque'; readonly go: string };

interface Struct {
  readonly name: string;
  readonly fields: ReadonlyMap<string, Node>;
}

const INT_RANGE: Record<string, readonly [number, number]> = {
  int32: [-2147483648, 2147483647],
  int64: [-9223372036854775808, 9223372036854775807],
  uint8: [0, 255],
};

const PACKAGE_OF = new Map<string, string>();
for (const [pkg, defs] of Object.entries(SCHEMAS.go.packages)) for (const d of defs) PACKAGE_OF.set(d, pkg);

const SPECIAL_REFS: Record<string, Node> = {
  Quantity: { k: 'quantity', go: 'resource.Quantity' },
  IntOrString: { k: 'intstr', go: 'intstr.IntOrString' },
  Time: { k: 'time', go: 'v1.Time' },
  MicroTime: { k: 'time', go: 'v1.MicroTime' },
  FieldsV1: { k: 'opaque', go: 'v1.FieldsV1' },
};

function typeName(s: JsonSchema): string | undefined {
  return typeof s.type === 'string' ? s.type : undefined;
}

/** Builds the node for schema `s`; `go` is the Go type from the override table, if any. */
function compile(s: JsonSchema, go: string | undefined): Node {
  if (s.$ref !== undefined) {
    const name = refName(s.$ref);
    const special = SPECIAL_REFS[name];
    if (special) return special;
    return { k: 'struct', def: name, go: go ?? `${PACKAGE_OF.get(name) ?? 'v1'}.${name}` };
  }
  switch (typeName(s)) {
    case 'string':
      if (s.contentEncoding === 'base64') return bytesNode(go);
      return { k: 'string', go: go ?? 'string' };
    case 'boolean':
      return { k: 'bool', go: go ?? 'bool' };
    case 'integer': {
      const width = s.format === 'int64' ? 'int64' : 'int32';
      const [min, max] = INT_RANGE[width] as readonly [number, number];
      return { k: 'int', go: go ?? width, min, max };
    }
    case 'array': {
      const elem = compile(s.items ?? {}, go?.startsWith('[]') ? go.slice(2) : undefined);
      return { k: 'array', go: go ?? `[]${elem.go}`, elem };
    }
    case 'object':
      if (typeof s.additionalProperties === 'object') {
        const elem = compile(s.additionalProperties, go?.startsWith('map[string]') ? go.slice(11) : undefined);
        return { k: 'map', go: go ?? `map[string]${elem.go}`, elem };
      }
      return { k: 'opaque', go: go ?? 'map[string]interface {}' };
    default:
      return { k: 'opaque', go: go ?? 'interface {}' };
  }
}

function bytesNode(go: string | undefined): Node {
  const [min, max] = INT_RANGE.uint8 as readonly [number, number];
  return { k: 'bytes', go: go ?? '[]uint8', elem: { k: 'int', go: 'uint8', min, max } };
}

const STRUCTS = new Map<string, Struct>();

function struct(name: string): Struct {
  let s = STRUCTS.get(name);
  if (s) return s;
  const def = SCHEMAS.definitions[name];
  if (!def) throw new Error(`schema has no definition ${name}`);
  const fields = new Map<string, Node>();
  for (const [field, fs] of Object.entries(def.properties ?? {})) {
    fields.set(field, compile(fs, SCHEMAS.go.types[`${name}.${field}`]));
  }
  s = { name, fields };
  STRUCTS.set(name, s);
  return s;
}

// ---------------------------------------------------------------------------------------------
// Walker

/** Go's errorContext: the struct holding the current field and the field names from the root. */
interface ErrCtx {
  readonly struct: string | undefined;
  readonly stack: readonly string[];
}

class Fatal {
  constructor(readonly message: string) {}
}

interface State {
  readonly sorted: boolean;
  readonly unknown: string[];
  saved: string | undefined;
}

type JsonKind = 'null' | 'bool' | 'number' | 'string' | 'array' | 'object';

function jsonKind(v: unknown): JsonKind | undefined {
  if (v === null) return 'null';
  switch (typeof v) {
    case 'boolean':
      return 'bool';
    case 'number':
    case 'bigint':
      return 'number';
    case 'string':
      return 'string';
    case 'object':
      if (Array.isArray(v)) return 'array';
      if (v instanceof Date) return 'string';
      return 'object';
    default:
      return undefined; // undefined, functions, symbols: absent from the JSON
  }
}

/** How Go's encoding/json writes a float64 (what kubectl sends for a YAML number). */
function numberText(v: unknown): string {
  return typeof v === 'bigint' ? v.toString() : String(v);
}

/** The message of Go's *json.UnmarshalTypeError after the decoder added its error context. */
function typeErrorMessage(value: string, goType: string, ctx: ErrCtx): string {
  if (ctx.struct !== undefined || ctx.stack.length > 0) {
    return `json: cannot unmarshal ${value} into Go struct field ${ctx.struct ?? ''}.${ctx.stack.join('.')} of type ${goType}`;
  }
  return `json: cannot unmarshal ${value} into Go value of type ${goType}`;
}

function save(st: State, message: string): void {
  if (st.saved === undefined) st.saved = message;
}

function keysOf(obj: Record<string, unknown>, sorted: boolean): string[] {
  const keys = Object.keys(obj);
  return sorted ? keys.sort(byteOrder) : keys;
}

function byteOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function join(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function decode(st: State, node: Node, v: unknown, path: string, ctx: ErrCtx): void {
  const kind = jsonKind(v);
  if (kind === undefined || kind === 'null') return; // null never fails: pointers/maps/slices go nil, the rest is left alone
  switch (node.k) {
    case 'struct':
      if (kind !== 'object') return save(st, typeErrorMessage(kind, node.go, ctx));
      return decodeStruct(st, struct(node.def), v as Record<string, unknown>, path, ctx);
    case 'string':
      if (kind !== 'string') save(st, typeErrorMessage(kind, node.go, ctx));
      return;
    case 'bool':
      if (kind !== 'bool') save(st, typeErrorMessage(kind, node.go, ctx));
      return;
    case 'int':
      if (kind === 'number') {
        if (!fitsInt(v, node.min, node.max)) save(st, typeErrorMessage(`number ${numberText(v)}`, node.go, ctx));
      } else {
        save(st, typeErrorMessage(kind, node.go, ctx));
      }
      return;
    case 'bytes':
      // []byte: a JSON string is base64 (StdEncoding); an array is decoded element-wise.
      if (kind === 'string') {
        const bad = base64Error(v instanceof Date ? v.toISOString() : (v as string));
        if (bad !== undefined) save(st, `illegal base64 data at input byte ${bad}`);
        return;
      }
      if (kind === 'array') return decodeArray(st, node.elem, v as unknown[], path, ctx);
      return save(st, typeErrorMessage(kind, node.go, ctx));
    case 'array':
      if (kind !== 'array') return save(st, typeErrorMessage(kind, node.go, ctx));
      return decodeArray(st, node.elem, v as unknown[], path, ctx);
    case 'map': {
      if (kind !== 'object') return save(st, typeErrorMessage(kind, node.go, ctx));
      const obj = v as Record<string, unknown>;
      for (const key of keysOf(obj, st.sorted)) decode(st, node.elem, obj[key], join(path, key), ctx);
      return;
    }
    case 'quantity': {
      // resource.Quantity.UnmarshalJSON: strip the quotes, ParseQuantity(TrimSpace(...)).
      // Its errors end the decoding and are returned as they are.
      const text = kind === 'string' ? JSON.stringify(v instanceof Date ? v.toISOString() : v).slice(1, -1) : rawText(v);
      const err = parseQuantityError(goTrimSpace(text));
      if (err !== undefined) throw new Fatal(err);
      return;
    }
    case 'intstr':
      // intstr.IntOrString.UnmarshalJSON: a string, else json.Unmarshal into its int32. That
      // inner error is fatal; the outer decoder then adds the struct/field context to it.
      if (kind === 'string') return;
      if (kind === 'number') {
        if (!fitsInt(v, ...(INT_RANGE.int32 as readonly [number, number]))) {
          throw new Fatal(typeErrorMessage(`number ${numberText(v)}`, 'int32', ctx));
        }
        return;
      }
      throw new Fatal(typeErrorMessage(kind, 'int32', ctx));
    case 'time':
      // metav1.Time.UnmarshalJSON: json.Unmarshal into a string first (fatal, context added).
      if (kind !== 'string') throw new Fatal(typeErrorMessage(kind, 'string', ctx));
      return;
    case 'opaque':
      return;
  }
}

function decodeArray(st: State, elem: Node, arr: unknown[], path: string, ctx: ErrCtx): void {
  for (let i = 0; i < arr.length; i++) decode(st, elem, arr[i], `${path}[${i}]`, ctx);
}

function decodeStruct(st: State, s: Struct, obj: Record<string, unknown>, path: string, ctx: ErrCtx): void {
  for (const key of keysOf(obj, st.sorted)) {
    const v = obj[key];
    if (jsonKind(v) === undefined) continue;
    const fieldPath = join(path, key);
    const field = s.fields.get(key);
    if (field === undefined) {
      st.unknown.push(fieldPath);
      continue;
    }
    decode(st, field, v, fieldPath, { struct: s.name, stack: [...ctx.stack, key] });
  }
}

function fitsInt(v: unknown, min: number, max: number): boolean {
  if (typeof v === 'bigint') return v >= BigInt(min) && v <= BigInt(max);
  return typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;
}

function rawText(v: unknown): string {
  if (typeof v === 'number' || typeof v === 'bigint') return numberText(v);
  if (typeof v === 'boolean') return String(v);
  return JSON.stringify(v) ?? '';
}

/** strings.TrimSpace for the ASCII whitespace that matters here. */
function goTrimSpace(s: string): string {
  return s.replace(/^[\t\n\v\f\r \u0085\u00a0]+|[\t\n\v\f\r \u0085\u00a0]+$/g, '');
}

// ---------------------------------------------------------------------------------------------
// resource.ParseQuantity (k8s.io/apimachinery/pkg/api/resource), errors only

const ERR_FORMAT_WRONG = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
const ERR_NUMERIC = 'unable to parse numeric part of quantity';
const ERR_SUFFIX = "unable to parse quantity's suffix";

const DEC_SUFFIXES: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BIN_SUFFIXES: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };
const SUFFIX_CHARS = 'eEinumkKMGTP';

const isDigit = (c: string | undefined): boolean => c !== undefined && c >= '0' && c <= '9';

/** Returns the ParseQuantity error message for `str`, or undefined when it parses. */
export function parseQuantityError(str: string): string | undefined {
  if (str.length === 0) return ERR_FORMAT_WRONG;
  if (str === '0') return undefined;
  // parseQuantityString
  const end = str.length;
  let pos = 0;
  let num = '';
  let denom = '';
  let value: string;
  let suffix: string;
  parse: {
    if (str[0] === '-' || str[0] === '+') pos++;
    while (str[pos] === '0') pos++;
    if (pos >= end) {
      num = '0';
      value = num;
      suffix = '';
      break parse;
    }
    let i = pos;
    while (i < end && isDigit(str[i])) i++;
    num = str.slice(pos, i);
    if (i >= end) {
      value = str;
      suffix = '';
      break parse;
    }
    pos = i;
    if (num.length === 0) num = '0';
    if (str[pos] === '.') {
      pos++;
      i = pos;
      while (i < end && isDigit(str[i])) i++;
      denom = str.slice(pos, i);
      if (i >= end) {
        value = str;
        suffix = '';
        break parse;
      }
      pos = i;
    }
    value = str.slice(0, pos);
    const suffixStart = pos;
    i = pos;
    while (i < end && SUFFIX_CHARS.includes(str[i] as string)) i++;
    if (i >= end) {
      suffix = str.slice(suffixStart);
      break parse;
    }
    pos = i;
    if (str[pos] === '-' || str[pos] === '+') pos++;
    i = pos;
    while (i < end && isDigit(str[i])) i++;
    if (i < end) return ERR_FORMAT_WRONG;
    suffix = str.slice(suffixStart);
  }
  // quantitySuffixer.interpret
  let exponent: number;
  let binary = false;
  if (suffix in DEC_SUFFIXES) exponent = DEC_SUFFIXES[suffix] as number;
  else if (suffix in BIN_SUFFIXES) {
    exponent = BIN_SUFFIXES[suffix] as number;
    binary = true;
  } else if (suffix.length > 1 && (suffix[0] === 'e' || suffix[0] === 'E') && /^[+-]?[0-9]+$/.test(suffix.slice(1))) {
    exponent = Number(suffix.slice(1));
    if (!Number.isSafeInteger(exponent)) return ERR_SUFFIX;
  } else {
    return ERR_SUFFIX;
  }
  // Fast path (int64 arithmetic) or inf.Dec.SetString(value), which fails on an empty mantissa.
  let precision: number;
  let scale = 0;
  if (binary) precision = exponent >= 0 && denom.length === 0 ? 15 - num.length - Math.trunc((exponent * 3) / 10) - 1 : -1;
  else {
    scale = exponent;
    precision = 18 - (num.length + denom.length);
  }
  if (precision >= 0 && scale - denom.length >= -9) return undefined;
  return /^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)$/.test(value) ? undefined : ERR_NUMERIC;
}

// ---------------------------------------------------------------------------------------------
// encoding/base64 StdEncoding.Decode, errors only

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function utf8(s: string): number[] {
  const out: number[] = [];
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (c < 0x80) out.push(c);
    else if (c < 0x800) out.push(0xc0 | (c >> 6), 0x80 | (c & 63));
    else if (c < 0x10000) out.push(0xe0 | (c >> 12), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
    else out.push(0xf0 | (c >> 18), 0x80 | ((c >> 12) & 63), 0x80 | ((c >> 6) & 63), 0x80 | (c & 63));
  }
  return out;
}

/** The offset Go's base64.StdEncoding.Decode reports as CorruptInputError, or undefined. */
export function base64Error(text: string): number | undefined {
  const src = utf8(text);
  const n = src.length;
  const isNl = (b: number | undefined): boolean => b === 10 || b === 13;
  const PAD = 61; // '='
  let si = 0;
  while (si < n) {
    // decodeQuantum
    let j = 0;
    for (; j < 4; j++) {
      if (si === n) {
        if (j === 0) return undefined;
        return si - j; // a partial quantum: padding is required
      }
      const b = src[si] as number;
      si++;
      if (b < 128 && B64.includes(String.fromCharCode(b))) continue;
      if (isNl(b)) {
        j--;
        continue;
      }
      if (b !== PAD) return si - 1;
      // padding
      if (j === 0 || j === 1) return si - 1;
      if (j === 2) {
        while (si < n && isNl(src[si])) si++;
        if (si === n) return n;
        if (src[si] !== PAD) return si - 1;
        si++;
      }
      while (si < n && isNl(src[si])) si++;
      if (si < n) return si; // trailing garbage
      return undefined;
    }
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// API

/**
 * Decodes `obj` (a parsed manifest) the way the API server does with strict field validation.
 * Objects whose apiVersion/kind is not in SUPPORTED_KINDS give an empty result (check
 * knownKind first).
 */
export function strictDecode(obj: unknown, options: StrictDecodeOptions = {}): StrictDecodeResult {
  const ref = kindOf(obj);
  if (!ref) return { unknownFields: [] };
  const st: State = { sorted: options.order !== 'document', unknown: [], saved: undefined };
  let fatal: string | undefined;
  try {
    decode(st, { k: 'struct', def: ref.definition, go: `${PACKAGE_OF.get(ref.definition) ?? 'v1'}.${ref.definition}` }, obj, '', {
      struct: undefined,
      stack: [],
    });
  } catch (e) {
    if (!(e instanceof Fatal)) throw e;
    fatal = e.message;
  }
  const typeError = fatal ?? st.saved;
  return typeError === undefined ? { unknownFields: st.unknown } : { unknownFields: st.unknown, typeError };
}

function kindOf(obj: unknown): KindRef | undefined {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return undefined;
  const { apiVersion, kind } = obj as { apiVersion?: unknown; kind?: unknown };
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  return lookupKind(`${apiVersion}/${kind}`);
}

/**
 * The message the API server puts in its 400 response (kubectl prints it after
 * `Error from server (BadRequest): error when creating "<file>": `), or undefined when the
 * result is clean:
 *   Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.foo"
 *   Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal ...
 */
export function decodeErrorMessage(apiVersion: string, kind: string, result: StrictDecodeResult): string | undefined {
  let detail: string;
  if (result.typeError !== undefined) detail = result.typeError;
  else if (result.unknownFields.length > 0) {
    detail = `strict decoding error: ${result.unknownFields.map((f) => `unknown field "${f}"`).join(', ')}`;
  } else return undefined;
  const version = apiVersion.slice(apiVersion.lastIndexOf('/') + 1);
  return `${kind} in version "${version}" cannot be handled as a ${kind}: ${detail}`;
}

/**
 * The Downward API and the API-data volumes, as the kubelet implements them.
 *
 * Sources (k/k): pkg/fieldpath/fieldpath.go (FormatMap, ExtractFieldPathAsString,
 * SplitMaybeSubscriptedPath), pkg/apis/core/pods/helpers.go (ConvertDownwardAPIFieldLabel),
 * pkg/api/v1/resource/helpers.go (ExtractContainerResourceValue, MergeContainerResourceLimits,
 * convertResource*ToString), pkg/kubelet/kubelet_pods.go (makeEnvironmentVariables,
 * podFieldSelectorRuntimeValue, containerResourceRuntimeValue), pkg/kubelet/kubelet_resources.go
 * (defaultPodLimitsForDownwardAPI), pkg/volume/{downwardapi,configmap,secret,projected,hostpath},
 * pkg/volume/util/atomic_writer.go, third_party/forked/golang/expansion (Expand),
 * apimachinery pkg/util/errors (aggregate), apimachinery pkg/api/resource (Quantity).
 */
import { Vfs, newDir, splitPath, type DirNode, type FileNode, type Node } from '../shell/vfs';

// ---------------------------------------------------------------------------------------------
// Go formatting helpers
// ---------------------------------------------------------------------------------------------

const PRINTABLE = /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u;

/** Go's strconv.Quote / fmt %q for a string. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (cp === 0x20 || (cp < 0x7f && cp > 0x20)) out += ch;
    else if (cp === 7) out += '\\a';
    else if (cp === 8) out += '\\b';
    else if (cp === 12) out += '\\f';
    else if (cp === 10) out += '\\n';
    else if (cp === 13) out += '\\r';
    else if (cp === 9) out += '\\t';
    else if (cp === 11) out += '\\v';
    else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
    else if (cp < 0x80) out += '\\x' + cp.toString(16).padStart(2, '0');
    else if (PRINTABLE.test(ch)) out += ch;
    else if (cp < 0x10000) out += '\\u' + cp.toString(16).padStart(4, '0');
    else out += '\\U' + cp.toString(16).padStart(8, '0');
  }
  return out + '"';
}

/** Go's sort.Strings order (byte-wise on UTF-8; code-point order is the same). */
export function goSort(list: string[]): string[] {
  return [...list].sort((a, b) => {
    const x = [...a];
    const y = [...b];
    for (let i = 0; i < Math.min(x.length, y.length); i++) {
      const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
      if (d) return d;
    }
    return x.length - y.length;
  });
}

/** fieldpath.FormatMap: `key="value"` lines, keys sorted, Go %q values, no trailing newline. */
export function formatMap(m: Record<string, string> | undefined): string {
  return goSort(Object.keys(m ?? {}))
    .map((k) => `${k}=${goQuote(String(m![k]))}`)
    .join('\n');
}

/** utilerrors.NewAggregate(errs).Error(): one message as is, several de-duplicated in `[a, b]`. */
export function aggregateError(msgs: string[]): string {
  if (msgs.length === 0) return '';
  if (msgs.length === 1) return msgs[0]!;
  const seen: string[] = [];
  for (const m of msgs) if (!seen.includes(m)) seen.push(m);
  return seen.length === 1 ? seen[0]! : `[${seen.join(', ')}]`;
}

// ---------------------------------------------------------------------------------------------
// Exact resource quantities (apimachinery resource.Quantity) — what the Downward API computes with
// ---------------------------------------------------------------------------------------------

export type QuantityFormat = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';
export interface ExactQuantity {
  /** value = num / den exactly; den is a power of ten. */
  num: bigint;
  den: bigint;
  format: QuantityFormat;
}

const QRE = /^([+-]?)(\d+\.?\d*|\.\d+)(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;
const DEC_EXP: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BIN_EXP: Record<string, number> = { Ki: 1, Mi: 2, Gi: 3, Ti: 4, Pi: 5, Ei: 6 };
const NANO = 10n ** 9n;

function ceilAway(n: bigint, d: bigint): bigint {
  const q = n / d;
  return n % d === 0n ? q : n > 0n ? q + 1n : q - 1n;
}

/** resource.ParseQuantity, exactly (rounded up to nano precision as the API does). Undefined if malformed. */
export function parseExactQuantity(input: string | number | undefined | null): ExactQuantity | undefined {
  if (input === undefined || input === null) return undefined;
  const m = QRE.exec(String(input).trim());
  if (!m) return undefined;
  const [, sign, digits, suffix, exp] = m;
  const [ip, fp = ''] = digits!.split('.');
  let num = BigInt((ip || '0') + fp);
  let den = 10n ** BigInt(fp.length);
  let format: QuantityFormat = 'DecimalSI';
  if (exp !== undefined) {
    format = 'DecimalExponent';
    const e = Number(exp);
    if (e >= 0) num *= 10n ** BigInt(e);
    else den *= 10n ** BigInt(-e);
  } else if (suffix && suffix in BIN_EXP) {
    format = 'BinarySI';
    num *= 1024n ** BigInt(BIN_EXP[suffix]!);
  } else {
    const e = DEC_EXP[suffix ?? '']!;
    if (e >= 0) num *= 10n ** BigInt(e);
    else den *= 10n ** BigInt(-e);
  }
  if (sign === '-') num = -num;
  if (den > NANO) {
    num = ceilAway(num * NANO, den);
    den = NANO;
  }
  return { num, den, format };
}

/** Quantity.Value(): rounded up (away from zero) to an integer. */
export function quantityValue(q: ExactQuantity): bigint {
  return ceilAway(q.num, q.den);
}

/** Quantity.MilliValue(): value × 1000, rounded up (away from zero). */
export function quantityMilliValue(q: ExactQuantity): bigint {
  return ceilAway(q.num * 1000n, q.den);
}

/** Quantity.String(): the canonical form (`1000m` → `1`, `1024Ki` → `1Mi`, `0.001` → `1m`). */
export function canonicalQuantity(q: ExactQuantity): string {
  if (q.num === 0n) return '0';
  const neg = q.num < 0n;
  const abs = neg ? -q.num : q.num;
  let format = q.format;
  if (format === 'BinarySI') {
    if (abs < 1024n * q.den || abs % q.den !== 0n) format = 'DecimalSI';
    else {
      let amount = abs / q.den;
      let e = 0;
      while (e < 6 && amount % 1024n === 0n) {
        amount /= 1024n;
        e++;
      }
      return `${neg ? '-' : ''}${amount}${['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][e]}`;
    }
  }
  // value = m × 10^e
  let m = (abs * NANO) / q.den;
  let e = -9;
  while (m % 10n === 0n) {
    m /= 10n;
    e++;
  }
  const r = e % 3;
  if (r === 1 || r === -2) {
    m *= 10n;
    e -= 1;
  } else if (r === 2 || r === -1) {
    m *= 100n;
    e -= 2;
  }
  let suffix: string;
  if (format === 'DecimalSI') {
    const s = Object.entries(DEC_EXP).find(([, v]) => v === e)?.[0];
    suffix = s !== undefined ? s : `e${e}`;
  } else suffix = e === 0 ? '' : `e${e}`;
  return `${neg ? '-' : ''}${m}${suffix}`;
}

// ---------------------------------------------------------------------------------------------
// Field paths
// ---------------------------------------------------------------------------------------------

/** fieldpath.SplitMaybeSubscriptedPath: `metadata.labels['k']` → ['metadata.labels', 'k', true]. */
export function splitMaybeSubscriptedPath(fieldPath: string): [string, string, boolean] {
  if (!fieldPath.endsWith("']")) return [fieldPath, '', false];
  const s = fieldPath.slice(0, -2);
  const i = s.indexOf("['");
  if (i < 0) return [fieldPath, '', false];
  if (i === 0) return [fieldPath, '', false];
  return [s.slice(0, i), s.slice(i + 2), true];
}

const CONVERTIBLE = new Set([
  'metadata.annotations',
  'metadata.labels',
  'metadata.name',
  'metadata.namespace',
  'metadata.uid',
  'spec.nodeName',
  'spec.restartPolicy',
  'spec.serviceAccountName',
  'spec.schedulerName',
  'status.phase',
  'status.hostIP',
  'status.hostIPs',
  'status.podIP',
  'status.podIPs',
]);

/** pods.ConvertDownwardAPIFieldLabel (version must be v1; `spec.host` is an alias of spec.nodeName). */
export function convertDownwardAPIFieldLabel(version: string | undefined, label: string): { path: string } | { error: string } {
  const v = version === undefined || version === '' ? 'v1' : version;
  if (v !== 'v1') return { error: `unsupported pod version: ${v}` };
  const [path, , ok] = splitMaybeSubscriptedPath(label);
  if (ok) {
    if (path === 'metadata.annotations' || path === 'metadata.labels') return { path: label };
    return { error: `field label does not support subscript: ${label}` };
  }
  if (CONVERTIBLE.has(label)) return { path: label };
  if (label === 'spec.host') return { path: 'spec.nodeName' };
  return { error: `field label not supported: ${label}` };
}

// label-key (qualified name) validation, apimachinery content.IsLabelKey
const LABEL_KEY_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const LABEL_KEY_RE = new RegExp(`^${LABEL_KEY_FMT}$`);
const LABEL_KEY_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const DNS1123_SUBDOMAIN_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*';
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);

/** apimachinery validation.RegexError. */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (!examples.length) return `${msg} (regex used for validation is '${fmt}')`;
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}

export function isDNS1123Subdomain(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push('must be no more than 253 characters');
  if (!DNS1123_SUBDOMAIN_RE.test(v))
    errs.push(regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", DNS1123_SUBDOMAIN_FMT, 'example.com'));
  return errs;
}

/** IsQualifiedName (= content.IsLabelKey). */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  let name: string;
  const slash = value.indexOf('/');
  if (slash < 0) name = value;
  else {
    const prefix = value.slice(0, slash);
    name = value.slice(slash + 1);
    if (name.includes('/'))
      return [`a valid label key ${regexError(LABEL_KEY_MSG, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else for (const m of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${m}`);
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 characters');
  if (!LABEL_KEY_RE.test(name)) errs.push(`name part ${regexError(LABEL_KEY_MSG, LABEL_KEY_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

export type Result<T> = { ok: true; value: T } | { ok: false; error: string };
const ok = <T>(value: T): Result<T> => ({ ok: true, value });
const fail = <T>(error: string): Result<T> => ({ ok: false, error });

/** fieldpath.ExtractFieldPathAsString: what a downwardAPI volume file contains for a fieldRef. */
export function extractFieldPathAsString(pod: any, fieldPath: string): Result<string> {
  const md = pod?.metadata ?? {};
  const [path, subscript, subscripted] = splitMaybeSubscriptedPath(fieldPath);
  if (subscripted) {
    if (path === 'metadata.annotations') {
      const errs = isQualifiedName(subscript.toLowerCase());
      if (errs.length) return fail(`invalid key subscript in ${fieldPath}: ${errs.join(';')}`);
      return ok(String((md.annotations ?? {})[subscript] ?? ''));
    }
    if (path === 'metadata.labels') {
      const errs = isQualifiedName(subscript);
      if (errs.length) return fail(`invalid key subscript in ${fieldPath}: ${errs.join(';')}`);
      return ok(String((md.labels ?? {})[subscript] ?? ''));
    }
    return fail(`fieldPath ${goQuote(fieldPath)} does not support subscript`);
  }
  switch (fieldPath) {
    case 'metadata.annotations':
      return ok(formatMap(md.annotations));
    case 'metadata.labels':
      return ok(formatMap(md.labels));
    case 'metadata.name':
      return ok(md.name ?? '');
    case 'metadata.namespace':
      return ok(md.namespace ?? '');
    case 'metadata.uid':
      return ok(md.uid ?? '');
  }
  return fail(`unsupported fieldPath: ${fieldPath}`);
}

export interface PodNetworkInfo {
  /** The pod's IPs (status.podIPs), primary first. */
  podIPs?: string[];
  /** The node's IPs (status.hostIPs), primary first. */
  hostIPs?: string[];
}

/** kubelet podFieldSelectorRuntimeValue: the value an env var with valueFrom.fieldRef gets. */
export function podFieldSelectorRuntimeValue(fieldRef: { apiVersion?: string; fieldPath: string }, pod: any, net: PodNetworkInfo): Result<string> {
  const conv = convertDownwardAPIFieldLabel(fieldRef.apiVersion, fieldRef.fieldPath);
  if ('error' in conv) return fail(conv.error);
  const podIPs = net.podIPs ?? (pod?.status?.podIPs ?? []).map((x: any) => x.ip).filter(Boolean);
  const podIP = podIPs[0] ?? pod?.status?.podIP ?? '';
  const hostIPs = net.hostIPs ?? (pod?.status?.hostIPs ?? []).map((x: any) => x.ip).filter(Boolean);
  switch (conv.path) {
    case 'spec.nodeName':
      return ok(pod?.spec?.nodeName ?? '');
    case 'spec.serviceAccountName':
      return ok(pod?.spec?.serviceAccountName ?? '');
    case 'status.hostIP':
      return ok(hostIPs[0] ?? pod?.status?.hostIP ?? '');
    case 'status.hostIPs':
      return ok((hostIPs.length ? hostIPs : pod?.status?.hostIP ? [pod.status.hostIP] : []).join(','));
    case 'status.podIP':
      return ok(podIP);
    case 'status.podIPs':
      return ok((podIPs.length ? podIPs : podIP ? [podIP] : []).join(','));
  }
  return extractFieldPathAsString(pod, conv.path);
}

// ---------------------------------------------------------------------------------------------
// Resource field refs
// ---------------------------------------------------------------------------------------------

export interface ResourceFieldRef {
  containerName?: string;
  resource: string;
  divisor?: string | number;
}
export type ResourceList = Record<string, string | number>;

const ZERO: ExactQuantity = { num: 0n, den: 1n, format: 'DecimalSI' };
const ONE: ExactQuantity = { num: 1n, den: 1n, format: 'DecimalSI' };

function resourceOf(list: ResourceList | undefined, name: string): ExactQuantity {
  return parseExactQuantity(list?.[name]) ?? ZERO;
}

/** Go: int64(math.Ceil(float64(a) / float64(b))) — float64 division, as the kubelet does it. */
function ceilDiv(a: bigint, b: bigint): string {
  return String(Math.ceil(Number(a) / Number(b)));
}

/** resource.ExtractContainerResourceValue: ceil(quantity / divisor); CPU in millicores. */
export function extractContainerResourceValue(fs: ResourceFieldRef, container: any): Result<string> {
  const parsed = parseExactQuantity(fs.divisor);
  const divisor = !parsed || parsed.num === 0n ? ONE : parsed;
  const limits: ResourceList | undefined = container?.resources?.limits;
  const requests: ResourceList | undefined = container?.resources?.requests;
  const cpu = (q: ExactQuantity) => ok(ceilDiv(quantityMilliValue(q), quantityMilliValue(divisor)));
  const val = (q: ExactQuantity) => ok(ceilDiv(quantityValue(q), quantityValue(divisor)));
  switch (fs.resource) {
    case 'limits.cpu':
      return cpu(resourceOf(limits, 'cpu'));
    case 'limits.memory':
      return val(resourceOf(limits, 'memory'));
    case 'limits.ephemeral-storage':
      return val(resourceOf(limits, 'ephemeral-storage'));
    case 'requests.cpu':
      return cpu(resourceOf(requests, 'cpu'));
    case 'requests.memory':
      return val(resourceOf(requests, 'memory'));
    case 'requests.ephemeral-storage':
      return val(resourceOf(requests, 'ephemeral-storage'));
  }
  if (fs.resource.startsWith('requests.hugepages-')) return val(resourceOf(requests, fs.resource.slice('requests.'.length)));
  if (fs.resource.startsWith('limits.hugepages-')) return val(resourceOf(limits, fs.resource.slice('limits.'.length)));
  return fail(`unsupported container resource : ${fs.resource}`);
}

/** resource.MergeContainerResourceLimits: unset (or zero) cpu/memory/ephemeral-storage limits take node allocatable. */
export function mergeContainerResourceLimits(container: any, allocatable: ResourceList | undefined): any {
  const c = structuredClone(container ?? {});
  c.resources ??= {};
  c.resources.limits ??= {};
  for (const r of ['cpu', 'memory', 'ephemeral-storage']) {
    const q = parseExactQuantity(c.resources.limits[r]);
    if (!q || q.num === 0n) {
      if (allocatable && allocatable[r] !== undefined) c.resources.limits[r] = allocatable[r];
    }
  }
  return c;
}

function findContainerInPod(pod: any, name: string): any | undefined {
  return (pod?.spec?.containers ?? []).find((c: any) => c.name === name) ?? (pod?.spec?.initContainers ?? []).find((c: any) => c.name === name);
}

/** resource.ExtractResourceValueByContainerNameAndNodeAllocatable (downwardAPI volume files). */
export function extractResourceValueByContainerNameAndNodeAllocatable(fs: ResourceFieldRef, pod: any, containerName: string, allocatable: ResourceList | undefined): Result<string> {
  const real = findContainerInPod(pod, containerName);
  if (!real) return fail(`container ${containerName} not found`);
  return extractContainerResourceValue(fs, mergeContainerResourceLimits(real, allocatable));
}

/**
 * kubelet containerResourceRuntimeValue after defaultPodLimitsForDownwardAPI: every app container
 * of the pod (and the current container) gets node allocatable for unset limits; init containers
 * referenced by name do not.
 */
export function containerResourceRuntimeValue(fs: ResourceFieldRef, pod: any, container: any, allocatable: ResourceList | undefined): Result<string> {
  if (!fs.containerName) return extractContainerResourceValue(fs, mergeContainerResourceLimits(container, allocatable));
  const defaulted = structuredClone(pod ?? {});
  defaulted.spec ??= {};
  defaulted.spec.containers = (defaulted.spec.containers ?? []).map((c: any) => mergeContainerResourceLimits(c, allocatable));
  const found = findContainerInPod(defaulted, fs.containerName);
  if (!found) return fail(`container ${fs.containerName} not found`);
  return extractContainerResourceValue(fs, found);
}

// ---------------------------------------------------------------------------------------------
// $(VAR) expansion (third_party/forked/golang/expansion)
// ---------------------------------------------------------------------------------------------

/** expansion.Expand with MappingFuncFor(contexts...): `$(NAME)` from the first context that has it, `$$` → `$`. */
export function expandVars(input: string, ...contexts: Record<string, string>[]): string {
  const lookup = (name: string) => {
    for (const c of contexts) if (Object.prototype.hasOwnProperty.call(c, name)) return c[name]!;
    return `$(${name})`;
  };
  let out = '';
  let checkpoint = 0;
  for (let cursor = 0; cursor < input.length; cursor++) {
    if (input[cursor] === '$' && cursor + 1 < input.length) {
      out += input.slice(checkpoint, cursor);
      const rest = input.slice(cursor + 1);
      let advance = 1;
      if (rest[0] === '$') out += '$';
      else if (rest[0] === '(') {
        const close = rest.indexOf(')', 1);
        if (close >= 0) {
          out += lookup(rest.slice(1, close));
          advance = close + 1;
        } else out += '$(';
      } else out += '$' + rest[0];
      cursor += advance;
      checkpoint = cursor + 1;
    }
  }
  return out + input.slice(checkpoint);
}

// ---------------------------------------------------------------------------------------------
// ConfigMap / Secret data
// ---------------------------------------------------------------------------------------------

function base64Decode(s: string): string {
  try {
    const bin = atob(String(s).replace(/\s+/g, ''));
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new TextDecoder().decode(bytes);
  } catch {
    return '';
  }
}

export function base64Encode(s: string): string {
  const bytes = new TextEncoder().encode(s);
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin);
}

/** A Secret's data as strings: `data` is base64 (the API's []byte); `stringData` is merged over it on write. */
export function secretData(secret: any): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(secret?.data ?? {})) out[k] = base64Decode(String(v));
  for (const [k, v] of Object.entries(secret?.stringData ?? {})) out[k] = String(v);
  return out;
}

/** A ConfigMap's `data` (strings) and `binaryData` (base64). */
export function configMapData(cm: any): { data: Record<string, string>; binary: Record<string, string> } {
  const data: Record<string, string> = {};
  for (const [k, v] of Object.entries(cm?.data ?? {})) data[k] = String(v);
  const binary: Record<string, string> = {};
  for (const [k, v] of Object.entries(cm?.binaryData ?? {})) binary[k] = base64Decode(String(v));
  return { data, binary };
}

// ---------------------------------------------------------------------------------------------
// Volume payloads
// ---------------------------------------------------------------------------------------------

export interface FileProjection {
  data: string;
  mode: number;
}
export type Payload = Map<string, FileProjection>;

/** Default file mode of configMap, secret, downwardAPI and projected volumes (0644). */
export const DEFAULT_MODE = 0o644;

/** path.Clean for relative paths. */
function cleanPath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..' && parts.length && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/') || '.';
}

/** downwardapi.CollectData. Errors are aggregated the way the plugin does. */
export function collectDownwardAPIData(items: any[], pod: any, allocatable: ResourceList | undefined, defaultMode: number = DEFAULT_MODE): { payload: Payload; errors: string[] } {
  const payload: Payload = new Map();
  const errors: string[] = [];
  for (const item of items ?? []) {
    const mode = item.mode ?? defaultMode;
    let data = '';
    if (item.fieldRef) {
      const r = extractFieldPathAsString(pod, item.fieldRef.fieldPath);
      if (r.ok) data = r.value;
      else errors.push(r.error);
    } else if (item.resourceFieldRef) {
      const r = extractResourceValueByContainerNameAndNodeAllocatable(item.resourceFieldRef, pod, item.resourceFieldRef.containerName ?? '', allocatable);
      if (r.ok) data = r.value;
      else errors.push(r.error);
    }
    payload.set(cleanPath(String(item.path ?? '')), { data, mode });
  }
  return { payload, errors };
}

/** configmap.MakePayload. */
export function makeConfigMapPayload(items: any[] | undefined, cm: any, defaultMode: number = DEFAULT_MODE, optional = false): Result<Payload> {
  const { data, binary } = configMapData(cm);
  const payload: Payload = new Map();
  if (!items?.length) {
    for (const [k, v] of Object.entries(data)) payload.set(k, { data: v, mode: defaultMode });
    for (const [k, v] of Object.entries(binary)) payload.set(k, { data: v, mode: defaultMode });
    return ok(payload);
  }
  for (const ktp of items) {
    let content: string;
    if (Object.prototype.hasOwnProperty.call(data, ktp.key)) content = data[ktp.key]!;
    else if (Object.prototype.hasOwnProperty.call(binary, ktp.key)) content = binary[ktp.key]!;
    else {
      if (optional) continue;
      return fail(`configmap references non-existent config key: ${ktp.key}`);
    }
    payload.set(ktp.path, { data: content, mode: ktp.mode ?? defaultMode });
  }
  return ok(payload);
}

/** secret.MakePayload. */
export function makeSecretPayload(items: any[] | undefined, secret: any, defaultMode: number = DEFAULT_MODE, optional = false): Result<Payload> {
  const data = secretData(secret);
  const payload: Payload = new Map();
  if (!items?.length) {
    for (const [k, v] of Object.entries(data)) payload.set(k, { data: v, mode: defaultMode });
    return ok(payload);
  }
  for (const ktp of items) {
    if (!Object.prototype.hasOwnProperty.call(data, ktp.key)) {
      if (optional) continue;
      return fail(`references non-existent secret key: ${ktp.key}`);
    }
    payload.set(ktp.path, { data: data[ktp.key]!, mode: ktp.mode ?? defaultMode });
  }
  return ok(payload);
}

// ---------------------------------------------------------------------------------------------
// Volume set-up
// ---------------------------------------------------------------------------------------------

/** What a volume plugin needs from the kubelet. */
export interface VolumeHost {
  pod: any;
  /** Virtual clock (mtimes). */
  now: () => number;
  /** Wall clock in epoch ms, for the atomic writer's `..2006_01_02_15_04_05.N` directory names. */
  wallClock?: () => number;
  getConfigMap?: (namespace: string, name: string) => any | undefined;
  getSecret?: (namespace: string, name: string) => any | undefined;
  /** Node status.allocatable (cpu, memory, ephemeral-storage): limits fallback for resourceFieldRef. */
  nodeAllocatable?: ResourceList;
  /** The node's root filesystem, for hostPath volumes (one per node, shared by its pods). */
  hostRoot?: DirNode;
  /** The projected serviceAccountToken contents. */
  serviceAccountToken?: (namespace: string, serviceAccountName: string, expirationSeconds: number, audience?: string) => string;
  /**
   * Missing ConfigMaps/Secrets are treated as optional (empty volume) instead of failing the mount.
   * Used only when the caller wires no object lookups (old call sites).
   */
  lenient?: boolean;
}

/** The kube-apiserver CA the model hands out when the namespace has no kube-root-ca.crt ConfigMap. */
export const FALLBACK_CA_CRT =
  '-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIpodlabCAwDQYJKoZIhvcNAQELBQAwFTETMBEGA1UEAxMK\na3ViZXJuZXRlczAeFw0yNjAxMDUwOTAwMDBaFw0zNjAxMDMwOTAwMDBaMBUxEzAR\n-----END CERTIFICATE-----\n';
export const FAKE_SA_TOKEN = 'eyJhbGciOiJSUzI1NiIsImtpZCI6InBvZGxhYiJ9.eyJpc3MiOiJodHRwczovL2t1YmVybmV0ZXMuZGVmYXVsdC5zdmMuY2x1c3Rlci5sb2NhbCJ9.c2lnbmF0dXJl';

/** One volume that could not be set up: the kubelet's FailedMount event, repeated on every retry. */
export interface VolumeMountFailure {
  volume: string;
  /** The plugin's SetUp error, e.g. `configmap "app-config" not found`. */
  message: string;
  event: { type: 'Warning'; reason: 'FailedMount'; message: string };
}

export function mountFailure(volume: string, message: string): VolumeMountFailure {
  return { volume, message, event: { type: 'Warning', reason: 'FailedMount', message: `MountVolume.SetUp failed for volume ${goQuote(volume)} : ${message}` } };
}

/**
 * The event the kubelet records when WaitForAttachAndMount gives up (after 2m3s) for a pod:
 * `Unable to attach or mount volumes: unmounted volumes=[a], unattached volumes=[a b], failed to process volumes=[]: context deadline exceeded`.
 */
export function mountTimeoutEvent(unmounted: string[], unattached: string[], notProcessed: string[] = []): { type: 'Warning'; reason: 'FailedMount'; message: string } {
  const l = (x: string[]) => `[${x.join(' ')}]`;
  return { type: 'Warning', reason: 'FailedMount', message: `Unable to attach or mount volumes: unmounted volumes=${l(unmounted)}, unattached volumes=${l(unattached)}, failed to process volumes=${l(notProcessed)}: context deadline exceeded` };
}

/** Per-volume state kept for a pod (beside PodVolumes.dirs). */
export interface VolumeState {
  kind: 'emptyDir' | 'hostPath' | 'configMap' | 'secret' | 'downwardAPI' | 'projected' | 'other';
  /** What gets mounted: the volume directory, or a host file for hostPath File/FileOrCreate. */
  node: DirNode | FileNode;
  /** Serialized payload last written (API-data volumes), to skip rewrites that change nothing. */
  written?: string;
}

function namespaceOf(pod: any): string {
  return pod?.metadata?.namespace ?? 'default';
}

function notFoundMessage(kind: 'configmap' | 'secret', name: string): string {
  return `${kind} ${goQuote(name)} not found`;
}

/** Compute the payload of an API-data volume (configMap, secret, downwardAPI, projected). */
export function computeVolumePayload(vol: any, host: VolumeHost): Result<Payload> {
  const ns = namespaceOf(host.pod);
  if (vol.downwardAPI) {
    const r = collectDownwardAPIData(vol.downwardAPI.items ?? [], host.pod, host.nodeAllocatable, vol.downwardAPI.defaultMode ?? DEFAULT_MODE);
    return r.errors.length ? fail(aggregateError(r.errors)) : ok(r.payload);
  }
  if (vol.configMap) {
    const src = vol.configMap;
    const optional = src.optional === true;
    let cm = host.getConfigMap?.(ns, src.name);
    if (!cm) {
      if (!optional && !host.lenient) return fail(notFoundMessage('configmap', src.name));
      cm = { metadata: { name: src.name, namespace: ns } };
    }
    return makeConfigMapPayload(src.items, cm, src.defaultMode ?? DEFAULT_MODE, optional);
  }
  if (vol.secret) {
    const src = vol.secret;
    const optional = src.optional === true;
    let s = host.getSecret?.(ns, src.secretName);
    if (!s) {
      if (!optional && !host.lenient) return fail(notFoundMessage('secret', src.secretName));
      s = { metadata: { name: src.secretName, namespace: ns } };
    }
    return makeSecretPayload(src.items, s, src.defaultMode ?? DEFAULT_MODE, optional);
  }
  if (vol.projected) {
    const defaultMode = vol.projected.defaultMode ?? DEFAULT_MODE;
    const payload: Payload = new Map();
    const errors: string[] = [];
    for (const source of vol.projected.sources ?? []) {
      if (source.secret) {
        const optional = source.secret.optional === true;
        let s = host.getSecret?.(ns, source.secret.name);
        if (!s) {
          if (!optional && !host.lenient) {
            errors.push(notFoundMessage('secret', source.secret.name));
            continue;
          }
          s = { metadata: { name: source.secret.name, namespace: ns } };
        }
        const r = makeSecretPayload(source.secret.items, s, defaultMode, optional);
        if (!r.ok) errors.push(r.error);
        else for (const [k, v] of r.value) payload.set(k, v);
      } else if (source.configMap) {
        const optional = source.configMap.optional === true;
        let cm = host.getConfigMap?.(ns, source.configMap.name);
        if (!cm && source.configMap.name === 'kube-root-ca.crt') cm = { data: { 'ca.crt': FALLBACK_CA_CRT } };
        if (!cm) {
          if (!optional && !host.lenient) {
            errors.push(notFoundMessage('configmap', source.configMap.name));
            continue;
          }
          cm = { metadata: { name: source.configMap.name, namespace: ns } };
        }
        const r = makeConfigMapPayload(source.configMap.items, cm, defaultMode, optional);
        if (!r.ok) errors.push(r.error);
        else for (const [k, v] of r.value) payload.set(k, v);
      } else if (source.downwardAPI) {
        const r = collectDownwardAPIData(source.downwardAPI.items ?? [], host.pod, host.nodeAllocatable, defaultMode);
        if (r.errors.length) errors.push(aggregateError(r.errors));
        else for (const [k, v] of r.payload) payload.set(k, v);
      } else if (source.serviceAccountToken) {
        const t = source.serviceAccountToken;
        const token = host.serviceAccountToken?.(ns, host.pod?.spec?.serviceAccountName ?? 'default', t.expirationSeconds ?? 3600, t.audience) ?? FAKE_SA_TOKEN;
        payload.set(t.path, { data: token, mode: defaultMode });
      }
    }
    return errors.length ? fail(aggregateError(errors)) : ok(payload);
  }
  return ok(new Map());
}

function serializePayload(p: Payload): string {
  return JSON.stringify([...p.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

function pad2(n: number): string {
  return String(n).padStart(2, '0');
}

let tsCounter = 0;
/** atomic_writer's data directory name: `..2006_01_02_15_04_05.<random>` (UTC). */
function timestampDirName(wallMs: number): string {
  const d = new Date(wallMs);
  tsCounter = (tsCounter * 1103515245 + 12345 + wallMs) % 2147483647;
  return `..${d.getUTCFullYear()}_${pad2(d.getUTCMonth() + 1)}_${pad2(d.getUTCDate())}_${pad2(d.getUTCHours())}_${pad2(d.getUTCMinutes())}_${pad2(d.getUTCSeconds())}.${Math.abs(tsCounter) % 1_000_000_000}`;
}

/**
 * AtomicWriter.Write into a volume directory: a fresh `..<timestamp>` directory holds the files,
 * `..data` points at it, and each top-level name points into it. The directory object and its
 * `entries` map are kept (they may be mounted in running containers), so readers see the swap.
 */
export function writeAtomic(dir: DirNode, payload: Payload, t: number, wallMs: number): void {
  const tsName = timestampDirName(wallMs);
  const tsDir: DirNode = { ...newDir(0o755, t), readOnly: true };
  for (const [p, proj] of payload) {
    const parts = splitPath(p);
    const name = parts.pop();
    if (!name) continue;
    let d = tsDir;
    for (const seg of parts) {
      let next = d.entries.get(seg);
      if (!next || next.kind !== 'dir') {
        next = { ...newDir(0o755, t), readOnly: true };
        d.entries.set(seg, next);
      }
      d = next;
    }
    d.entries.set(name, { kind: 'file', data: proj.data, mode: proj.mode, mtime: t, readOnly: true });
  }
  for (const k of [...dir.entries.keys()]) dir.entries.delete(k);
  dir.entries.set(tsName, tsDir);
  dir.entries.set('..data', tsDir);
  for (const [k, v] of tsDir.entries) dir.entries.set(k, v);
  dir.mtime = t;
  dir.readOnly = true;
}

/** hostPath SetUp: the type checks of pkg/volume/hostpath (checkTypeInternal). */
export function setUpHostPath(src: { path: string; type?: string }, hostRoot: DirNode, now: () => number): Result<DirNode | FileNode> {
  const fs = new Vfs(now, hostRoot);
  const path = src.path;
  if (splitPath(path).includes('..')) return fail(`invalid HostPath \`${path}\`: must not contain '..'`);
  const type = src.type ?? '';
  const existing = () => fs.lookup(path);
  const notDir = `hostPath type check failed: ${path} is not a directory`;
  const notFile = `hostPath type check failed: ${path} is not a file`;
  if (type === '') {
    // No check; the container runtime creates a missing source as a directory.
    if (!existing()) {
      try {
        fs.mkdir(path, true);
      } catch {
        return fail(`mkdir ${path}: not a directory`);
      }
    }
    return ok(existing() as DirNode | FileNode);
  }
  if (type === 'DirectoryOrCreate' || type === 'Directory') {
    if (type === 'DirectoryOrCreate' && !existing()) {
      try {
        fs.mkdir(path, true);
      } catch {
        return fail(notDir);
      }
    }
    const n = existing();
    return n?.kind === 'dir' ? ok(n) : fail(notDir);
  }
  if (type === 'FileOrCreate' || type === 'File') {
    if (type === 'FileOrCreate' && !existing()) {
      try {
        fs.writeFile(path, '', { mode: 0o644 });
      } catch {
        return fail(`open ${path}: no such file or directory`);
      }
    }
    const n = existing();
    return n?.kind === 'file' ? ok(n) : fail(notFile);
  }
  if (type === 'Socket') return fail(`hostPath type check failed: ${path} is not a socket file`);
  if (type === 'CharDevice') return fail(`hostPath type check failed: ${path} is not a character device`);
  if (type === 'BlockDevice') return fail(`hostPath type check failed: ${path} is not a block device`);
  return fail(`${type} is an invalid volume type`);
}

function volumeKind(vol: any): VolumeState['kind'] {
  if (vol.emptyDir !== undefined && vol.emptyDir !== null) return 'emptyDir';
  if (vol.hostPath) return 'hostPath';
  if (vol.configMap) return 'configMap';
  if (vol.secret) return 'secret';
  if (vol.downwardAPI) return 'downwardAPI';
  if (vol.projected) return 'projected';
  if (vol.emptyDir === null) return 'emptyDir';
  return 'other';
}

/**
 * SetUp of one volume (MountVolume.SetUp). API-data volumes are written with the atomic writer
 * and are read-only; emptyDir is a fresh directory; hostPath resolves into the node's tree.
 */
export function setUpVolume(vol: any, host: VolumeHost, existing?: DirNode): { ok: true; state: VolumeState } | { ok: false; failure: VolumeMountFailure } {
  const kind = volumeKind(vol);
  const t = host.now();
  if (kind === 'hostPath') {
    if (!host.hostRoot) return { ok: true, state: { kind, node: existing ?? newDir(0o755, t) } };
    const r = setUpHostPath(vol.hostPath, host.hostRoot, host.now);
    if (!r.ok) return { ok: false, failure: mountFailure(vol.name, r.error) };
    return { ok: true, state: { kind, node: r.value } };
  }
  if (kind === 'configMap' || kind === 'secret' || kind === 'downwardAPI' || kind === 'projected') {
    const r = computeVolumePayload(vol, host);
    if (!r.ok) return { ok: false, failure: mountFailure(vol.name, r.error) };
    const dir = existing ?? newDir(0o755, t);
    writeAtomic(dir, r.value, t, host.wallClock?.() ?? t);
    return { ok: true, state: { kind, node: dir, written: serializePayload(r.value) } };
  }
  return { ok: true, state: { kind, node: existing ?? newDir(0o777, t) } };
}

/** Names of the pod's volumes that some container mounts (only those are set up by the kubelet). */
export function mountedVolumeNames(pod: any): Set<string> {
  const names = new Set<string>();
  const spec = pod?.spec ?? {};
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? []), ...(spec.ephemeralContainers ?? [])]) {
    for (const m of c?.volumeMounts ?? []) if (m?.name) names.add(m.name);
    for (const d of c?.volumeDevices ?? []) if (d?.name) names.add(d.name);
  }
  return names;
}

/** Refresh API-data volumes whose content changed (downwardAPI labels/annotations, ConfigMap/Secret edits). */
export function refreshVolume(vol: any, state: VolumeState, host: VolumeHost): { changed: boolean; failure?: VolumeMountFailure } {
  if (!['configMap', 'secret', 'downwardAPI', 'projected'].includes(state.kind) || state.node.kind !== 'dir') return { changed: false };
  const r = computeVolumePayload(vol, host);
  if (!r.ok) return { changed: false, failure: mountFailure(vol.name, r.error) };
  const ser = serializePayload(r.value);
  if (ser === state.written) return { changed: false };
  const t = host.now();
  writeAtomic(state.node, r.value, t, host.wallClock?.() ?? t);
  state.written = ser;
  return { changed: true };
}

/** Mount a DirNode or FileNode at `path` in a container's Vfs (parents created). */
export function mountNode(fs: Vfs, path: string, node: Node): void {
  const parts = splitPath(path);
  const name = parts.pop();
  if (!name) return;
  fs.mkdir('/' + parts.join('/'), true);
  const parent = fs.lookup('/' + parts.join('/'));
  if (parent?.kind === 'dir') parent.entries.set(name, node);
}

/**
 * Pod validation: the part of k/k pkg/apis/core/validation/validation.go (ValidatePodCreate,
 * ValidatePodSpec, validateContainerCommon, probes, lifecycle, resources, security context,
 * tolerations, DNS) that learners meet, with the API server's field paths, texts and order.
 *
 * The real API server decodes, then defaults, then validates. This model validates before
 * defaulting, so every rule here treats "unset" as "will be defaulted" (protocol TCP,
 * pull policy, probe thresholds, httpGet path/scheme, terminationMessagePolicy).
 *
 * Undecodable input (a resource quantity like "500x") is not a validation error in Kubernetes
 * but a decode error: `validatePod` throws that as an ApiError(BadRequest) with the real text
 * (`Pod in version "v1" cannot be handled as a Pod: quantities must match …`).
 */
import { badRequest, type FieldCause } from '../errors';
import { dns1123Label, dns1123Subdomain, q } from './names';
import { validateEnv, validateEnvFrom, validateVolumesWithNames } from './validate-env-volumes';

type Errs = FieldCause[];

// ---- field.Error shapes (apimachinery pkg/util/validation/field/errors.go) ----------------------

/** How field.Error prints a bad value: strings %q, numbers/bools plain, nil "null". */
export function fmtValue(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return q(v);
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v);
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return `[]string{${v.map((x) => q(x)).join(', ')}}`;
  return JSON.stringify(v);
}
export const required = (field: string, detail = ''): FieldCause => ({ field, message: detail ? `Required value: ${detail}` : 'Required value' });
export const invalidValue = (field: string, value: unknown, detail: string): FieldCause => ({ field, message: `Invalid value: ${fmtValue(value)}: ${detail}` });
export const forbidden = (field: string, detail: string): FieldCause => ({ field, message: `Forbidden: ${detail}` });
export const duplicate = (field: string, value: unknown): FieldCause => ({ field, message: `Duplicate value: ${fmtValue(value)}` });
export const notFoundCause = (field: string, value: unknown): FieldCause => ({ field, message: `Not found: ${fmtValue(value)}` });
export const notSupported = (field: string, value: unknown, valid: string[]): FieldCause => ({
  field,
  message: `Unsupported value: ${fmtValue(value)}: supported values: ${valid.map((v) => JSON.stringify(v)).join(', ')}`,
});

const inclusiveRange = (lo: number, hi: number) => `must be between ${lo} and ${hi}, inclusive`;
const IS_NEGATIVE = 'must be greater than or equal to 0';
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

// ---- names (apimachinery pkg/util/validation, api/validate/content) -----------------------------

const DNS1123_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** IsDNS1123Label, including the newer "must not contain dots" case for dotted names. */
export function dnsLabelErrors(v: string): string[] {
  return dns1123Label(v).map((m) => (m.startsWith('a lowercase RFC 1123 label') && v.length <= 253 && DNS1123_SUBDOMAIN_RE.test(v) ? 'must not contain dots' : m));
}

const LABEL_KEY_NAME_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_KEY_REGEX_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

/** content.IsLabelKey (a.k.a. IsQualifiedName). */
export function labelKeyErrors(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) name = parts[0]!;
  else if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else for (const m of dns1123Subdomain(prefix)) errs.push('prefix part ' + m);
  } else {
    return [`a valid label key ${LABEL_KEY_REGEX_MSG} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (name.length > 63) errs.push('name part must be no more than 63 bytes');
  if (!LABEL_KEY_NAME_RE.test(name)) errs.push('name part ' + LABEL_KEY_REGEX_MSG);
  return errs;
}

const LABEL_VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** content.IsLabelValue. */
export function labelValueErrors(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push('must be no more than 63 bytes');
  if (!LABEL_VALUE_RE.test(v))
    errs.push("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
  return errs;
}

/** unversioned ValidateLabels: keys and values, every error on the map's own path. */
export function validateLabels(labels: unknown, path: string, errs: Errs): void {
  if (!labels || typeof labels !== 'object') return;
  for (const [k, v] of Object.entries(labels as Record<string, unknown>)) {
    for (const m of labelKeyErrors(k)) errs.push(invalidValue(path, k, m));
    if (typeof v !== 'string') errs.push(invalidValue(path, String(v), 'label values must be strings'));
    else for (const m of labelValueErrors(v)) errs.push(invalidValue(path, v, m));
  }
}

/** IsValidPortName (IANA_SVC_NAME). */
export function portNameErrors(port: string): string[] {
  const errs: string[] = [];
  if (port.length > 15) errs.push('must be no more than 15 characters');
  if (!/^[-a-z0-9]+$/.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}

function portNumErrors(p: unknown): string[] {
  return isInt(p) && p >= 1 && p <= 65535 ? [] : [inclusiveRange(1, 65535)];
}

/** ValidatePortNumOrName for an IntOrString (probe/handler ports). A missing port is int 0. */
function validatePortNumOrName(port: unknown, path: string, errs: Errs): void {
  if (typeof port === 'string') for (const m of portNameErrors(port)) errs.push(invalidValue(path, port, m));
  else for (const m of portNumErrors(port ?? 0)) errs.push(invalidValue(path, port ?? 0, m));
}

// ---- resource quantities (apimachinery pkg/api/resource) -----------------------------------------

export const QUANTITY_FORMAT_ERROR = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
export const QUANTITY_SUFFIX_ERROR = "unable to parse quantity's suffix";

/** An exact quantity: num / den (den > 0), plus the format its suffix chose. */
export interface Quantity {
  num: bigint;
  den: bigint;
  format: 'DecimalSI' | 'BinarySI' | 'DecimalExponent';
}

const DEC_SUFFIX: Record<string, number> = { n: -9, u: -6, m: -3, '': 0, k: 3, M: 6, G: 9, T: 12, P: 15, E: 18 };
const BIN_SUFFIX: Record<string, number> = { Ki: 10, Mi: 20, Gi: 30, Ti: 40, Pi: 50, Ei: 60 };

/** resource.ParseQuantity. Returns the error text of the real parser on failure. */
export function parseQuantityExact(input: unknown): Quantity | { error: string } {
  const str = typeof input === 'number' ? String(input) : input;
  if (typeof str !== 'string' || str.length === 0) return { error: QUANTITY_FORMAT_ERROR };
  const m = /^([+-]?)(\d*)(?:\.(\d*))?([eEinumkKMGTP]*[-+]?\d*)$/.exec(str);
  if (!m || (m[2]! + (m[3] ?? '')).length === 0) return { error: QUANTITY_FORMAT_ERROR };
  const sign = m[1] === '-' ? -1n : 1n;
  const intPart = m[2]!;
  const frac = m[3] ?? '';
  const suffix = m[4]!;
  let num = BigInt((intPart + frac).replace(/^0+(?=\d)/, '') || '0') * sign;
  let den = 10n ** BigInt(frac.length);
  let format: Quantity['format'];
  if (suffix in DEC_SUFFIX) {
    format = 'DecimalSI';
    const e = DEC_SUFFIX[suffix]!;
    if (e >= 0) num *= 10n ** BigInt(e);
    else den *= 10n ** BigInt(-e);
  } else if (suffix in BIN_SUFFIX) {
    format = 'BinarySI';
    num *= 2n ** BigInt(BIN_SUFFIX[suffix]!);
  } else if (/^[eE][-+]?\d+$/.test(suffix)) {
    format = 'DecimalExponent';
    const e = Number(suffix.slice(1));
    if (e >= 0) num *= 10n ** BigInt(e);
    else den *= 10n ** BigInt(-e);
  } else return { error: QUANTITY_SUFFIX_ERROR };
  return { num, den, format };
}

export function compareQuantity(a: Quantity, b: Quantity): number {
  const l = a.num * b.den;
  const r = b.num * a.den;
  return l < r ? -1 : l > r ? 1 : 0;
}

/** Quantity.String(): the canonical form ("0.5" → "500m", "2048Mi" → "2Gi", "1.5Gi" → "1536Mi"). */
export function canonicalQuantity(qty: Quantity): string {
  if (qty.num === 0n) return '0';
  const neg = qty.num < 0n;
  const absNum = neg ? -qty.num : qty.num;
  let format = qty.format;
  if (format === 'BinarySI') {
    const small = absNum < 1024n * qty.den;
    if (small || absNum % qty.den !== 0n) format = 'DecimalSI';
    else {
      let n = absNum / qty.den;
      let k = 0;
      while (k < 6 && n % 1024n === 0n) {
        n /= 1024n;
        k++;
      }
      return (neg ? '-' : '') + n.toString() + ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'][k];
    }
  }
  // value = n × 10^exp with n an integer: den is a power of ten (binary multipliers only touch num).
  let s = 0;
  while (10n ** BigInt(s) < qty.den) s++;
  let n = (absNum * 10n ** BigInt(s)) / qty.den;
  let exp = -s;
  if (exp < -9) {
    const div = 10n ** BigInt(-9 - exp);
    n = (n + div - 1n) / div; // rounds up to nano precision, as ParseQuantity does
    exp = -9;
  }
  while (n !== 0n && n % 10n === 0n) {
    n /= 10n;
    exp++;
  }
  const r = ((exp % 3) + 3) % 3;
  n *= 10n ** BigInt(r);
  exp -= r;
  let suffix: string;
  if (format === 'DecimalExponent') suffix = exp === 0 ? '' : `e${exp}`;
  else {
    const found = Object.entries(DEC_SUFFIX).find(([, e]) => e === exp);
    suffix = found ? found[0] : `e${exp}`;
  }
  return (neg ? '-' : '') + n.toString() + suffix;
}

function resourceMaps(c: any): [string, Record<string, unknown>][] {
  const out: [string, Record<string, unknown>][] = [];
  const r = c?.resources;
  if (r && typeof r === 'object') {
    if (r.limits && typeof r.limits === 'object') out.push(['limits', r.limits]);
    if (r.requests && typeof r.requests === 'object') out.push(['requests', r.requests]);
  }
  return out;
}

/**
 * The decode step the real API server runs before validation: the first quantity that does not
 * parse. Returns the full BadRequest message, or undefined when the pod decodes.
 */
export function podDecodeError(pod: any): string | undefined {
  const spec = pod?.spec;
  if (!spec || typeof spec !== 'object') return undefined;
  const quantities: unknown[] = [];
  for (const list of [spec.initContainers, spec.containers, spec.ephemeralContainers])
    for (const c of Array.isArray(list) ? list : []) for (const [, m] of resourceMaps(c)) quantities.push(...Object.values(m));
  for (const m of [spec.overhead, spec.resources?.limits, spec.resources?.requests]) if (m && typeof m === 'object') quantities.push(...Object.values(m));
  for (const v of Array.isArray(spec.volumes) ? spec.volumes : []) if (v?.emptyDir?.sizeLimit !== undefined) quantities.push(v.emptyDir.sizeLimit);
  for (const v of quantities) {
    if (typeof v !== 'string' && typeof v !== 'number') continue;
    const r = parseQuantityExact(v);
    if ('error' in r) return `Pod in version "v1" cannot be handled as a Pod: ${r.error}`;
  }
  return undefined;
}

const STANDARD_RESOURCES = new Set([
  'cpu', 'memory', 'ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage', 'limits.cpu', 'limits.memory', 'limits.ephemeral-storage',
  'pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps', 'persistentvolumeclaims', 'storage', 'requests.storage',
  'services.nodeports', 'services.loadbalancers', 'count/pods',
]);
const isHugePages = (n: string) => n.startsWith('hugepages-');
const isNative = (n: string) => !n.includes('/') || n.startsWith('kubernetes.io/') || n.includes('.kubernetes.io/');
const isExtended = (n: string) => !isNative(n) && !n.startsWith('requests.') && labelKeyErrors('requests.' + n).length === 0;

function validateContainerResourceName(name: string, path: string, errs: Errs): void {
  const qualified = labelKeyErrors(name);
  for (const m of qualified) errs.push(invalidValue(path, name, m));
  const single = !name.includes('/');
  if (!qualified.length && single && !STANDARD_RESOURCES.has(name) && !isHugePages(name)) errs.push(invalidValue(path, name, 'must be a standard resource type or fully qualified'));
  if (single) {
    if (!['cpu', 'memory', 'ephemeral-storage'].includes(name) && !isHugePages(name)) errs.push(invalidValue(path, name, 'must be a standard resource for containers'));
  } else if (!isNative(name) && !isExtended(name)) errs.push(invalidValue(path, name, "doesn't follow extended resource name standard"));
}

/** validateResourceRequirements (container flavour): names, non-negative quantities, requests ≤ limits. */
function validateResources(c: any, path: string, errs: Errs): void {
  const r = c?.resources;
  if (!r || typeof r !== 'object') return;
  const limits: Record<string, unknown> = r.limits && typeof r.limits === 'object' ? r.limits : {};
  const requests: Record<string, unknown> = r.requests && typeof r.requests === 'object' ? r.requests : {};
  const parsed = (v: unknown) => {
    const p = parseQuantityExact(v);
    return 'error' in p ? undefined : p;
  };
  const checkValue = (name: string, v: unknown, p: string) => {
    const qv = parsed(v);
    if (!qv) return;
    if (qv.num < 0n) errs.push(invalidValue(p, canonicalQuantity(qv), IS_NEGATIVE));
    // Extended resources are integer resources ("must be an integer"; the value prints via String()).
    if (isExtended(name) && qv.num % qv.den !== 0n) errs.push({ field: p, message: `Invalid value: ${canonicalQuantity(qv)}: must be an integer` });
  };
  for (const [name, v] of Object.entries(limits)) {
    const p = `${path}.limits[${name}]`;
    validateContainerResourceName(name, p, errs);
    checkValue(name, v, p);
  }
  for (const [name, v] of Object.entries(requests)) {
    const p = `${path}.requests[${name}]`;
    validateContainerResourceName(name, p, errs);
    checkValue(name, v, p);
    const req = parsed(v);
    const overcommit = isNative(name) && !isHugePages(name);
    if (name in limits) {
      const lim = parsed(limits[name]);
      if (req && lim) {
        if (!overcommit && compareQuantity(req, lim) !== 0)
          errs.push(invalidValue(`${path}.requests`, canonicalQuantity(req), `must be equal to ${name} limit of ${canonicalQuantity(lim)}`));
        else if (compareQuantity(req, lim) > 0) errs.push(invalidValue(`${path}.requests`, canonicalQuantity(req), `must be less than or equal to ${name} limit of ${canonicalQuantity(lim)}`));
      }
    } else if (!overcommit) errs.push(required(`${path}.limits`, 'Limit must be set for non overcommitable resources'));
  }
}

// ---- probes and lifecycle handlers ---------------------------------------------------------------

function validateHandler(h: any, grace: number, path: string, errs: Errs, kind: 'probe' | 'lifecycle'): void {
  let n = 0;
  const types = kind === 'probe' ? ['exec', 'httpGet', 'tcpSocket', 'grpc'] : ['exec', 'httpGet', 'tcpSocket', 'sleep'];
  for (const t of types) {
    const a = h?.[t];
    if (a === undefined || a === null) continue;
    if (n > 0) {
      errs.push(forbidden(`${path}.${t}`, 'may not specify more than 1 handler type'));
      continue;
    }
    n++;
    const p = `${path}.${t}`;
    switch (t) {
      case 'exec':
        if (!Array.isArray(a.command) || a.command.length === 0) errs.push(required(`${p}.command`));
        break;
      case 'httpGet':
        // path defaults to "/" and scheme to HTTP before validation.
        validatePortNumOrName(a.port, `${p}.port`, errs);
        if (a.scheme !== undefined && a.scheme !== '' && !['HTTP', 'HTTPS'].includes(a.scheme)) errs.push(notSupported(`${p}.scheme`, a.scheme, ['HTTP', 'HTTPS']));
        for (const hd of Array.isArray(a.httpHeaders) ? a.httpHeaders : [])
          if (typeof hd?.name !== 'string' || !/^[-A-Za-z0-9]+$/.test(hd.name))
            errs.push(invalidValue(`${p}.httpHeaders`, hd?.name ?? '', "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')"));
        break;
      case 'tcpSocket':
        validatePortNumOrName(a.port, `${p}.port`, errs);
        break;
      case 'grpc':
        for (const m of portNumErrors(a.port ?? 0)) errs.push(invalidValue(`${p}.port`, a.port ?? 0, m));
        break;
      case 'sleep': {
        // PodLifecycleSleepActionAllowZero is on: 0 is allowed.
        const s = a.seconds ?? 0;
        if (s < 0 || s > grace) errs.push(invalidValue(p, s, `must be non-negative and less than terminationGracePeriodSeconds (${grace})`));
        break;
      }
    }
  }
  if (n === 0) errs.push(required(path, 'must specify a handler type'));
}

function validateProbe(probe: any, grace: number, path: string, errs: Errs, kind: 'liveness' | 'readiness' | 'startup'): void {
  if (probe === undefined || probe === null) return;
  validateHandler(probe, grace, path, errs, 'probe');
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    const v = probe[f];
    if (typeof v === 'number' && v < 0) errs.push(invalidValue(`${path}.${f}`, v, IS_NEGATIVE));
  }
  if (typeof probe.terminationGracePeriodSeconds === 'number' && probe.terminationGracePeriodSeconds <= 0)
    errs.push(invalidValue(`${path}.terminationGracePeriodSeconds`, probe.terminationGracePeriodSeconds, 'must be greater than 0'));
  if (kind === 'readiness') {
    if (probe.terminationGracePeriodSeconds !== undefined && probe.terminationGracePeriodSeconds !== null)
      errs.push(invalidValue(`${path}.terminationGracePeriodSeconds`, probe.terminationGracePeriodSeconds, 'must not be set for readinessProbes'));
  } else {
    // successThreshold 0 (or unset) defaults to 1.
    const st = probe.successThreshold ?? 0;
    if (st !== 0 && st !== 1) errs.push(invalidValue(`${path}.successThreshold`, st, 'must be 1'));
  }
}

function validateLifecycle(lc: any, grace: number, path: string, errs: Errs): void {
  if (!lc || typeof lc !== 'object') return;
  if (lc.postStart) validateHandler(lc.postStart, grace, `${path}.postStart`, errs, 'lifecycle');
  if (lc.preStop) validateHandler(lc.preStop, grace, `${path}.preStop`, errs, 'lifecycle');
}

// ---- containers --------------------------------------------------------------------------------

export interface ContainerContext {
  /** Volume names declared in spec.volumes. */
  volumes: Set<string>;
  /** spec.terminationGracePeriodSeconds after defaulting. */
  grace: number;
  /** spec.hostUsers (default true). */
  hostUsers: boolean;
}

function validatePorts(ports: any, path: string, errs: Errs): void {
  if (!Array.isArray(ports)) return;
  const names = new Set<string>();
  ports.forEach((p: any, i: number) => {
    const pp = `${path}[${i}]`;
    if (typeof p?.name === 'string' && p.name.length > 0) {
      const msgs = portNameErrors(p.name);
      if (msgs.length) for (const m of msgs) errs.push(invalidValue(`${pp}.name`, p.name, m));
      else if (names.has(p.name)) errs.push(duplicate(`${pp}.name`, p.name));
      else names.add(p.name);
    }
    if (p?.containerPort === undefined || p?.containerPort === null || p?.containerPort === 0) errs.push(required(`${pp}.containerPort`));
    else for (const m of portNumErrors(p.containerPort)) errs.push(invalidValue(`${pp}.containerPort`, p.containerPort, m));
    if (p?.hostPort !== undefined && p?.hostPort !== null && p?.hostPort !== 0) for (const m of portNumErrors(p.hostPort)) errs.push(invalidValue(`${pp}.hostPort`, p.hostPort, m));
    if (p?.protocol !== undefined && p?.protocol !== '' && !['SCTP', 'TCP', 'UDP'].includes(p.protocol)) errs.push(notSupported(`${pp}.protocol`, p.protocol, ['SCTP', 'TCP', 'UDP']));
  });
}

/** validateLocalDescendingPath (subPath, subPathExpr). Note: the real code uses the list path. */
function validateLocalDescendingPath(v: string, path: string, errs: Errs): void {
  if (v.startsWith('/')) errs.push(invalidValue(path, v, 'must be a relative path'));
  if (v.split('/').includes('..')) errs.push(invalidValue(path, v, "must not contain '..'"));
}

function validateVolumeMounts(mounts: any, ctx: ContainerContext, path: string, errs: Errs): void {
  if (!Array.isArray(mounts)) return;
  const seen = new Set<string>();
  mounts.forEach((m: any, i: number) => {
    const p = `${path}[${i}]`;
    const name = m?.name ?? '';
    if (!name) errs.push(required(`${p}.name`));
    if (!ctx.volumes.has(name)) errs.push(notFoundCause(`${p}.name`, name));
    if (!m?.mountPath) errs.push(required(`${p}.mountPath`));
    else if (seen.has(m.mountPath)) errs.push(invalidValue(`${p}.mountPath`, m.mountPath, 'must be unique'));
    if (m?.mountPath) seen.add(m.mountPath);
    if (typeof m?.subPath === 'string' && m.subPath) validateLocalDescendingPath(m.subPath, `${path}.subPath`, errs);
    if (typeof m?.subPathExpr === 'string' && m.subPathExpr) {
      if (m.subPath) errs.push(invalidValue(`${p}.subPathExpr`, m.subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
      validateLocalDescendingPath(m.subPathExpr, `${path}.subPathExpr`, errs);
    }
  });
}

const ID_RANGE = inclusiveRange(0, 4294967295);
const validId = (v: unknown) => isInt(v) && v >= 0 && v <= 4294967295;

function validateSeccomp(sp: any, path: string, errs: Errs): void {
  if (!sp || typeof sp !== 'object') return;
  if (!sp.type) errs.push(required(`${path}.type`, 'type is required when seccompProfile is set'));
  else if (!['Localhost', 'RuntimeDefault', 'Unconfined'].includes(sp.type)) errs.push(notSupported(`${path}.type`, sp.type, ['Localhost', 'RuntimeDefault', 'Unconfined']));
  if (sp.type === 'Localhost') {
    if (sp.localhostProfile === undefined) errs.push(required(`${path}.localhostProfile`, 'must be set when seccomp type is Localhost'));
    else validateLocalDescendingPath(String(sp.localhostProfile), `${path}.localhostProfile`, errs);
  }
}

/** ValidateSecurityContext (container). `privileged: true` is allowed (kubeadm clusters allow it). */
function validateSecurityContext(sc: any, path: string, hostUsers: boolean, errs: Errs): void {
  if (!sc || typeof sc !== 'object') return;
  if (sc.runAsUser !== undefined && !validId(sc.runAsUser)) errs.push(invalidValue(`${path}.runAsUser`, sc.runAsUser, ID_RANGE));
  if (sc.runAsGroup !== undefined && !validId(sc.runAsGroup)) errs.push(invalidValue(`${path}.runAsGroup`, sc.runAsGroup, ID_RANGE));
  if (sc.procMount !== undefined) {
    if (!['Default', 'Unmasked'].includes(sc.procMount)) errs.push(notSupported(`${path}.procMount`, sc.procMount, ['Default', 'Unmasked']));
    if (hostUsers && sc.procMount === 'Unmasked') errs.push(invalidValue(`${path}.procMount`, sc.procMount, '`hostUsers` must be false to use `Unmasked`'));
  }
  validateSeccomp(sc.seccompProfile, `${path}.seccompProfile`, errs);
  if (sc.allowPrivilegeEscalation === false) {
    // The real value prints as a Go struct (%#v); JSON stands in for it here.
    if (sc.privileged === true) errs.push(invalidValue(path, sc, 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'));
    for (const cap of sc.capabilities?.add ?? []) if (cap === 'CAP_SYS_ADMIN') errs.push(invalidValue(path, sc, 'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN'));
  }
}

/**
 * validateContainerCommon: what regular, init and ephemeral containers share (name, image,
 * terminationMessagePolicy, ports, env, mounts, pull policy, resources, security context).
 */
export function validateContainerCommon(c: any, path: string, ctx: ContainerContext, errs: Errs): void {
  if (!c || typeof c !== 'object') {
    errs.push(required(path));
    return;
  }
  if (!c.name) errs.push(required(`${path}.name`));
  else for (const m of dnsLabelErrors(String(c.name))) errs.push(invalidValue(`${path}.name`, c.name, m));
  if (c.image === undefined || c.image === null || c.image === '') errs.push(required(`${path}.image`));
  if (c.terminationMessagePolicy !== undefined && c.terminationMessagePolicy !== '' && !['File', 'FallbackToLogsOnError'].includes(c.terminationMessagePolicy))
    errs.push(notSupported(`${path}.terminationMessagePolicy`, c.terminationMessagePolicy, ['File', 'FallbackToLogsOnError']));
  for (const key of ['command', 'args'] as const)
    if (c[key] !== undefined && c[key] !== null && !Array.isArray(c[key])) errs.push(invalidValue(`${path}.${key}`, String(c[key]), 'must be a list of strings'));
  validatePorts(c.ports, `${path}.ports`, errs);
  errs.push(...validateEnv(c.env, `${path}.env`), ...validateEnvFrom(c.envFrom, `${path}.envFrom`));
  validateVolumeMounts(c.volumeMounts, ctx, `${path}.volumeMounts`, errs);
  if (c.imagePullPolicy !== undefined && c.imagePullPolicy !== '' && !['Always', 'IfNotPresent', 'Never'].includes(c.imagePullPolicy))
    errs.push(notSupported(`${path}.imagePullPolicy`, c.imagePullPolicy, ['Always', 'IfNotPresent', 'Never']));
  validateResources(c, `${path}.resources`, errs);
  validateSecurityContext(c.securityContext, `${path}.securityContext`, ctx.hostUsers, errs);
}

/** validateContainerOnlyForPod: the image whitespace rule pods (not templates) get. */
export function validateContainerOnlyForPod(c: any, path: string, errs: Errs): void {
  if (typeof c?.image === 'string' && c.image !== c.image.trim()) errs.push(invalidValue(`${path}.image`, c.image, 'must not have leading or trailing whitespace'));
}

function checkHostPortConflicts(containers: any[], path: string, seen: Set<string>, indexOffset: number, errs: Errs): void {
  containers.forEach((c: any, ci: number) =>
    (Array.isArray(c?.ports) ? c.ports : []).forEach((p: any, pi: number) => {
      if (!p?.hostPort) return;
      const key = `${p.protocol || 'TCP'}/${p.hostIP ?? ''}/${p.hostPort}`;
      if (seen.has(key)) errs.push(duplicate(`${path}[${ci + indexOffset}].ports[${pi}].hostPort`, key));
      else seen.add(key);
    }),
  );
}

function validateContainers(list: any, ctx: ContainerContext, errs: Errs): void {
  if (!Array.isArray(list) || list.length === 0) {
    errs.push(required('spec.containers'));
    return;
  }
  const names = new Set<string>();
  list.forEach((c: any, i: number) => {
    const path = `spec.containers[${i}]`;
    validateContainerCommon(c, path, ctx, errs);
    if (!c || typeof c !== 'object') return;
    if (names.has(c.name)) errs.push(duplicate(`${path}.name`, c.name));
    else names.add(c.name);
    if (c.lifecycle) validateLifecycle(c.lifecycle, ctx.grace, `${path}.lifecycle`, errs);
    validateProbe(c.livenessProbe, ctx.grace, `${path}.livenessProbe`, errs, 'liveness');
    validateProbe(c.readinessProbe, ctx.grace, `${path}.readinessProbe`, errs, 'readiness');
    validateProbe(c.startupProbe, ctx.grace, `${path}.startupProbe`, errs, 'startup');
    if (c.restartPolicy !== undefined && c.restartPolicy !== null) errs.push(forbidden(`${path}.restartPolicy`, 'may not be set for non-init containers'));
  });
  checkHostPortConflicts(list, 'spec.containers', new Set(), 0, errs);
}

function validateInitContainers(list: any, regular: any, ctx: ContainerContext, errs: Errs): void {
  if (!Array.isArray(list)) return;
  const names = new Set<string>((Array.isArray(regular) ? regular : []).map((c: any) => c?.name));
  list.forEach((c: any, i: number) => {
    const path = `spec.initContainers[${i}]`;
    validateContainerCommon(c, path, ctx, errs);
    if (!c || typeof c !== 'object') return;
    const sidecar = c.restartPolicy === 'Always';
    if (c.restartPolicy !== undefined && c.restartPolicy !== null && !sidecar) errs.push(notSupported(`${path}.restartPolicy`, c.restartPolicy, ['Always']));
    if (names.has(c.name)) errs.push(duplicate(`${path}.name`, c.name));
    else if (c.name) names.add(c.name);
    // Init containers run one by one: host ports only conflict within one container.
    checkHostPortConflicts([c], 'spec.initContainers', new Set(), i, errs);
    if (sidecar) {
      if (c.lifecycle) validateLifecycle(c.lifecycle, ctx.grace, `${path}.lifecycle`, errs);
      validateProbe(c.livenessProbe, ctx.grace, `${path}.livenessProbe`, errs, 'liveness');
      validateProbe(c.readinessProbe, ctx.grace, `${path}.readinessProbe`, errs, 'readiness');
      validateProbe(c.startupProbe, ctx.grace, `${path}.startupProbe`, errs, 'startup');
    } else {
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'])
        if (c[f] !== undefined && c[f] !== null) errs.push(forbidden(`${path}.${f}`, 'may not be set for init containers without restartPolicy=Always'));
    }
  });
}

// ---- ephemeral containers inside a pod spec ------------------------------------------------------

/** EphemeralContainerCommon fields, in struct order, that are NOT allowed (validateFieldAllowList). */
export const EPHEMERAL_FORBIDDEN_FIELDS = ['ports', 'resources', 'resizePolicy', 'restartPolicy', 'restartPolicyRules', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle'];

/** Go's "is this field its zero value": nil/absent, and for `resources` an empty struct. */
export function isZeroField(name: string, v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (name === 'resources' && typeof v === 'object' && !Array.isArray(v)) return Object.values(v as object).every((x) => x === undefined || x === null);
  return false;
}

/** validateEphemeralContainers as ValidatePodSpec runs it over spec.ephemeralContainers. */
export function validateEphemeralList(spec: any, ctx: ContainerContext, errs: Errs): void {
  const list = spec?.ephemeralContainers;
  if (!Array.isArray(list) || list.length === 0) return;
  const other = new Set<string>();
  for (const c of [...(Array.isArray(spec.containers) ? spec.containers : []), ...(Array.isArray(spec.initContainers) ? spec.initContainers : [])]) other.add(c?.name);
  const all = new Set(other);
  list.forEach((ec: any, i: number) => {
    const path = `spec.ephemeralContainers[${i}]`;
    validateContainerCommon(ec, path, ctx, errs);
    if (!ec || typeof ec !== 'object') return;
    validateContainerOnlyForPod(ec, path, errs);
    if (all.has(ec.name)) errs.push(duplicate(`${path}.name`, ec.name));
    else all.add(ec.name);
    if (ec.targetContainerName && !other.has(ec.targetContainerName)) errs.push(notFoundCause(`${path}.targetContainerName`, ec.targetContainerName));
    for (const f of EPHEMERAL_FORBIDDEN_FIELDS) if (!isZeroField(f, ec[f])) errs.push(forbidden(`${path}.${f}`, 'cannot be set for an Ephemeral Container'));
    (Array.isArray(ec.volumeMounts) ? ec.volumeMounts : []).forEach((m: any, mi: number) => {
      if (m?.subPath) errs.push(forbidden(`${path}.volumeMounts[${mi}].subPath`, 'cannot be set for an Ephemeral Container'));
      if (m?.subPathExpr) errs.push(forbidden(`${path}.volumeMounts[${mi}].subPathExpr`, 'cannot be set for an Ephemeral Container'));
    });
  });
}

// ---- pod-level ---------------------------------------------------------------------------------

export function validateObjectMeta(meta: any, errs: Errs, nameCheck: (v: string) => string[]): void {
  const name = meta?.name;
  if (!name && !meta?.generateName) errs.push({ field: 'metadata.name', message: 'Required value: name or generateName is required' });
  else if (name) for (const m of nameCheck(name)) errs.push({ field: 'metadata.name', message: `Invalid value: ${q(name)}: ${m}` });
  validateLabels(meta?.labels, 'metadata.labels', errs);
}

const SYSCTL_RE = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;

function validatePodSecurityContext(spec: any, errs: Errs): void {
  const sc = spec.securityContext;
  const path = 'spec.securityContext';
  if (sc && typeof sc === 'object') {
    if (sc.fsGroup !== undefined && !validId(sc.fsGroup)) errs.push(invalidValue(`${path}.fsGroup`, sc.fsGroup, ID_RANGE));
    if (sc.runAsUser !== undefined && !validId(sc.runAsUser)) errs.push(invalidValue(`${path}.runAsUser`, sc.runAsUser, ID_RANGE));
    if (sc.runAsGroup !== undefined && !validId(sc.runAsGroup)) errs.push(invalidValue(`${path}.runAsGroup`, sc.runAsGroup, ID_RANGE));
    (Array.isArray(sc.supplementalGroups) ? sc.supplementalGroups : []).forEach((g: unknown, i: number) => !validId(g) && errs.push(invalidValue(`${path}.supplementalGroups[${i}]`, g, ID_RANGE)));
  }
  // v1 keeps shareProcessNamespace/hostPID on the spec; the internal type (and so the error path) has them in securityContext.
  if (spec.shareProcessNamespace === true && spec.hostPID === true) errs.push(invalidValue(`${path}.shareProcessNamespace`, true, 'ShareProcessNamespace and HostPID cannot both be enabled'));
  if (sc && typeof sc === 'object') {
    const seen = new Set<string>();
    (Array.isArray(sc.sysctls) ? sc.sysctls : []).forEach((s: any, i: number) => {
      const p = `${path}.sysctls[${i}].name`;
      if (!s?.name) errs.push(required(p));
      else if (s.name.length > 253 || !SYSCTL_RE.test(s.name)) errs.push(invalidValue(p, s.name, `must have at most 253 characters and match regex ${SYSCTL_RE.source}`));
      else if (seen.has(s.name)) errs.push(duplicate(p, s.name));
      if (s?.name && spec.hostNetwork && /^net\./.test(s.name)) errs.push(invalidValue(p, s.name, "may not be specified when 'hostNetwork' is true"));
      if (s?.name) seen.add(s.name);
    });
    if (sc.fsGroupChangePolicy !== undefined && !['Always', 'OnRootMismatch'].includes(sc.fsGroupChangePolicy))
      errs.push(notSupported(`${path}.fsGroupChangePolicy`, sc.fsGroupChangePolicy, ['Always', 'OnRootMismatch']));
    validateSeccomp(sc.seccompProfile, `${path}.seccompProfile`, errs);
  }
}

function validateTolerations(list: any, errs: Errs): void {
  if (!Array.isArray(list)) return;
  list.forEach((t: any, i: number) => {
    const p = `spec.tolerations[${i}]`;
    const key = t?.key ?? '';
    const op = t?.operator ?? '';
    const value = t?.value ?? '';
    const effect = t?.effect ?? '';
    if (key) for (const m of labelKeyErrors(key)) errs.push(invalidValue(`${p}.key`, key, m));
    if (!key && op !== 'Exists') errs.push(invalidValue(`${p}.operator`, op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    if (t?.tolerationSeconds !== undefined && t?.tolerationSeconds !== null && effect !== 'NoExecute') errs.push(invalidValue(`${p}.effect`, effect, "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    if (op === 'Equal' || op === '') {
      const msgs = labelValueErrors(String(value));
      if (msgs.length) errs.push(invalidValue(`${p}.operator`, value, msgs.join(';')));
    } else if (op === 'Exists') {
      if (value) errs.push(invalidValue(`${p}.operator`, value, "value must be empty when `operator` is 'Exists'"));
    } else errs.push(notSupported(`${p}.operator`, op, ['Equal', 'Exists']));
    if (effect && !['NoSchedule', 'PreferNoSchedule', 'NoExecute'].includes(effect)) errs.push(notSupported(`${p}.effect`, effect, ['NoSchedule', 'PreferNoSchedule', 'NoExecute']));
  });
}

const RELAXED_SEARCH_RE = /^_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*$/;

function validateDNS(spec: any, errs: Errs): void {
  const policy = spec.dnsPolicy;
  const valid = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
  if (policy !== undefined && policy !== '' && !valid.includes(policy)) errs.push(notSupported('spec.dnsPolicy', policy, valid));
}

function validateDNSConfig(spec: any, errs: Errs): void {
  const cfg = spec.dnsConfig;
  if (spec.dnsPolicy === 'None') {
    if (!cfg) return void errs.push(required('spec.dnsConfig', 'must provide `dnsConfig` when `dnsPolicy` is None'));
    if (!Array.isArray(cfg.nameservers) || cfg.nameservers.length === 0) return void errs.push(required('spec.dnsConfig.nameservers', 'must provide at least one DNS nameserver when `dnsPolicy` is None'));
  }
  if (!cfg || typeof cfg !== 'object') return;
  const ns: unknown[] = Array.isArray(cfg.nameservers) ? cfg.nameservers : [];
  if (ns.length > 3) errs.push(invalidValue('spec.dnsConfig.nameservers', ns, 'must not have more than 3 nameservers'));
  const searches: string[] = Array.isArray(cfg.searches) ? cfg.searches : [];
  if (searches.length > 32) errs.push(invalidValue('spec.dnsConfig.searches', searches, 'must not have more than 32 search paths'));
  if (searches.join(' ').length > 2048) errs.push(invalidValue('spec.dnsConfig.searches', searches, 'must not have more than 2048 characters (including spaces) in the search list'));
  searches.forEach((s, i) => {
    if (s === '.') return;
    const t = String(s).replace(/\.$/, '');
    if (t.length > 253) errs.push(invalidValue(`spec.dnsConfig.searches[${i}]`, t, 'must be no more than 253 characters'));
    if (!RELAXED_SEARCH_RE.test(t))
      errs.push(
        invalidValue(
          `spec.dnsConfig.searches[${i}]`,
          t,
          "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*')",
        ),
      );
  });
  (Array.isArray(cfg.options) ? cfg.options : []).forEach((o: any, i: number) => !o?.name && errs.push(required(`spec.dnsConfig.options[${i}]`, 'must not be empty')));
}

function validateHostNetworkDeps(spec: any, errs: Errs): void {
  if (spec.hostNetwork !== true) return;
  (Array.isArray(spec.containers) ? spec.containers : []).forEach((c: any, i: number) =>
    (Array.isArray(c?.ports) ? c.ports : []).forEach((p: any, pi: number) => {
      // hostPort defaults to containerPort under hostNetwork, so only an explicit mismatch fails.
      const hp = p?.hostPort;
      if (hp !== undefined && hp !== null && hp !== 0 && hp !== p?.containerPort)
        errs.push(invalidValue(`spec.containers[${i}].ports[${pi}].hostPort`, hp, 'must match `containerPort` when `hostNetwork` is true'));
    }),
  );
}

function subdomainField(v: unknown, path: string, errs: Errs): void {
  if (typeof v === 'string' && v.length > 0) for (const m of dns1123Subdomain(v)) errs.push(invalidValue(path, v, m));
}

/** ValidatePodSpec, in the real order. */
export function validatePodSpec(spec: any, errs: Errs): void {
  // Defaulting: unset → 30. A negative value is stored as is (only a warning, see podWarnings)
  // and bounds preStop sleeps as it stands; kubelet and the delete path treat it as 1.
  const grace = typeof spec.terminationGracePeriodSeconds === 'number' ? spec.terminationGracePeriodSeconds : 30;
  const hostUsers = spec.hostUsers !== false;
  const vr = validateVolumesWithNames(Array.isArray(spec.volumes) ? spec.volumes : [], 'spec.volumes');
  errs.push(...vr.errs);
  const volumes = vr.names;
  const ctx: ContainerContext = { volumes, grace, hostUsers };
  validateContainers(spec.containers, ctx, errs);
  validateInitContainers(spec.initContainers, spec.containers, ctx, errs);
  validateEphemeralList(spec, ctx, errs);
  validateHostNetworkDeps(spec, errs);
  const rp = ['Always', 'OnFailure', 'Never'];
  if (spec.restartPolicy !== undefined && spec.restartPolicy !== '' && !rp.includes(spec.restartPolicy)) errs.push(notSupported('spec.restartPolicy', spec.restartPolicy, rp));
  validateDNS(spec, errs);
  validateLabels(spec.nodeSelector, 'spec.nodeSelector', errs);
  validatePodSecurityContext(spec, errs);
  validateDNSConfig(spec, errs);
  (Array.isArray(spec.readinessGates) ? spec.readinessGates : []).forEach((g: any, i: number) => {
    for (const m of labelKeyErrors(String(g?.conditionType ?? ''))) errs.push(invalidValue(`spec.readinessGates[${i}].conditionType`, g?.conditionType ?? '', m));
  });
  const gates = new Set<string>();
  (Array.isArray(spec.schedulingGates) ? spec.schedulingGates : []).forEach((g: any, i: number) => {
    const n = String(g?.name ?? '');
    for (const m of labelKeyErrors(n)) errs.push(invalidValue(`spec.schedulingGates[${i}]`, n, m));
    if (gates.has(n)) errs.push(duplicate(`spec.schedulingGates[${i}]`, n));
    gates.add(n);
  });
  if (!hostUsers) {
    if (spec.hostNetwork) errs.push(forbidden('spec.hostNetwork', 'when `pod.Spec.HostUsers` is false'));
    if (spec.hostPID) errs.push(forbidden('spec.HostPID', 'when `pod.Spec.HostUsers` is false'));
    if (spec.hostIPC) errs.push(forbidden('spec.HostIPC', 'when `pod.Spec.HostUsers` is false'));
  }
  subdomainField(spec.serviceAccountName, 'spec.serviceAccountName', errs);
  subdomainField(spec.nodeName, 'spec.nodeName', errs);
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
    const v = spec.activeDeadlineSeconds;
    if (!(typeof v === 'number' && v >= 1 && v <= 2147483647)) errs.push(invalidValue('spec.activeDeadlineSeconds', v, inclusiveRange(1, 2147483647)));
  }
  for (const f of ['hostname', 'subdomain'])
    if (typeof spec[f] === 'string' && spec[f].length > 0) for (const m of dnsLabelErrors(spec[f])) errs.push(invalidValue(`spec.${f}`, spec[f], m));
  validateTolerations(spec.tolerations, errs);
  (Array.isArray(spec.hostAliases) ? spec.hostAliases : []).forEach((a: any, i: number) =>
    (Array.isArray(a?.hostnames) ? a.hostnames : []).forEach((h: string, j: number) => subdomainField(h, `spec.hostAliases[${i}].hostnames[${j}]`, errs)),
  );
  subdomainField(spec.priorityClassName, 'spec.priorityClassName', errs);
  if (spec.runtimeClassName !== undefined && spec.runtimeClassName !== null) for (const m of dns1123Subdomain(String(spec.runtimeClassName))) errs.push(invalidValue('spec.runtimeClassName', spec.runtimeClassName, m));
  if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== null) {
    if (spec.preemptionPolicy === '') errs.push(required('spec.preemptionPolicy'));
    else if (!['PreemptLowerPriority', 'Never'].includes(spec.preemptionPolicy)) errs.push(notSupported('spec.preemptionPolicy', spec.preemptionPolicy, ['PreemptLowerPriority', 'Never']));
  }
  if (spec.os !== undefined && spec.os !== null) {
    if (!spec.os.name) errs.push(required('spec.os.name', 'cannot be empty'));
    else if (!['linux', 'windows'].includes(spec.os.name)) errs.push(notSupported('spec.os', spec.os.name, ['linux', 'windows']));
  }
}

/**
 * ValidatePodCreate minus the "ephemeralContainers cannot be set on create" rule (the API server
 * checks that itself). Used for create and update.
 * @throws ApiError(BadRequest) when the pod does not decode (bad quantity), as the real server does.
 */
export function validatePod(pod: any): FieldCause[] {
  const decode = podDecodeError(pod);
  if (decode) throw badRequest(decode);
  const errs: FieldCause[] = [];
  validateObjectMeta(pod.metadata, errs, dns1123Subdomain);
  const spec = pod.spec;
  if (!spec || typeof spec !== 'object') {
    errs.push(required('spec.containers'));
    return errs;
  }
  validatePodSpec(spec, errs);
  // validateContainersOnlyForPod: containers, then init containers (ephemeral ones did it already).
  (Array.isArray(spec.containers) ? spec.containers : []).forEach((c: any, i: number) => validateContainerOnlyForPod(c, `spec.containers[${i}]`, errs));
  (Array.isArray(spec.initContainers) ? spec.initContainers : []).forEach((c: any, i: number) => validateContainerOnlyForPod(c, `spec.initContainers[${i}]`, errs));
  return errs;
}

// ---- warnings (pkg/api/pod/warnings.go): kubectl prints each as `Warning: <text>` on stderr -----

export function podWarnings(pod: any): string[] {
  const spec = pod?.spec;
  if (!spec) return [];
  const out: string[] = [];
  const visit = (fn: (c: any, path: string) => void) => {
    (Array.isArray(spec.initContainers) ? spec.initContainers : []).forEach((c: any, i: number) => fn(c, `spec.initContainers[${i}]`));
    (Array.isArray(spec.containers) ? spec.containers : []).forEach((c: any, i: number) => fn(c, `spec.containers[${i}]`));
    (Array.isArray(spec.ephemeralContainers) ? spec.ephemeralContainers : []).forEach((c: any, i: number) => fn(c, `spec.ephemeralContainers[${i}]`));
  };
  visit((c, p) => {
    for (const [kind, m] of resourceMaps(c))
      for (const r of ['memory', 'ephemeral-storage']) {
        if (!(r in m)) continue;
        const qv = parseQuantityExact(m[r]);
        if (!('error' in qv) && qv.num % qv.den !== 0n)
          out.push(`${p}.resources.${kind}[${r}]: fractional byte value ${q(canonicalQuantity(qv))} is invalid, must be an integer`);
      }
    if (Array.isArray(c?.env) && c.env.length > 1) {
      const seen = new Set<string>();
      c.env.forEach((e: any, i: number) => {
        if (!seen.has(e?.name)) return void seen.add(e?.name);
        const ref = `$(${e.name})`;
        const value = e.value ?? '';
        if (e.valueFrom || value === ref || !value.includes(ref)) out.push(`${p}.env[${i}]: hides previous definition of ${q(e.name)}, which may be dropped when using apply`);
      });
    }
  });
  const ports = new Map<string, { field: string; p: any }[]>();
  visit((c, path) =>
    (Array.isArray(c?.ports) ? c.ports : []).forEach((p: any, i: number) => {
      const field = `${path}.ports[${i}]`;
      const k = `${p?.containerPort}/${p?.protocol || 'TCP'}`;
      for (const o of ports.get(k) ?? []) {
        const hp = p?.hostPort ?? 0;
        const ohp = o.p?.hostPort ?? 0;
        if ((p?.hostIP ?? '') === (o.p?.hostIP ?? '') && hp === ohp) out.push(`${field}: duplicate port definition with ${o.field}`);
        else if (hp === 0 || ohp === 0) out.push(`${field}: overlapping port definition with ${o.field}`);
      }
      ports.set(k, [...(ports.get(k) ?? []), { field, p }]);
    }),
  );
  if (typeof spec.terminationGracePeriodSeconds === 'number' && spec.terminationGracePeriodSeconds < 0)
    out.push('spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1');
  return out;
}

// ---- updates -------------------------------------------------------------------------------------

/** updatablePodSpecFields, joined as the API server joins them. */
export const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

/**
 * A small stand-in for cmp.Diff(old, new): one `-`/`+` pair per changed leaf, indented like cmp.
 * (The real diff prints Go struct syntax; this keeps the shape, not the bytes.)
 */
export function specDiff(oldSpec: any, newSpec: any, root = 'core.PodSpec'): string {
  const lines: string[] = [];
  const walk = (a: any, b: any, path: string) => {
    if (JSON.stringify(a) === JSON.stringify(b)) return;
    const objs = a && b && typeof a === 'object' && typeof b === 'object' && Array.isArray(a) === Array.isArray(b);
    if (objs) {
      const keys = Array.isArray(a) ? [...Array(Math.max(a.length, b.length)).keys()].map(String) : [...new Set([...Object.keys(a), ...Object.keys(b)])];
      for (const k of keys) walk(a[k], b[k], Array.isArray(a) ? `${path}[${k}]` : path ? `${path}.${k}` : k);
      return;
    }
    if (a !== undefined) lines.push(`- \t${path}: ${JSON.stringify(a)},`);
    if (b !== undefined) lines.push(`+ \t${path}: ${JSON.stringify(b)},`);
  };
  walk(oldSpec, newSpec, '');
  return `  ${root}{\n${lines.join('\n')}\n  }\n`;
}

/** `spec: Forbidden: pod updates may not change fields other than …` (with a diff when given both specs). */
export function podUpdateForbidden(oldSpec?: any, mungedNewSpec?: any): FieldCause {
  const diff = oldSpec !== undefined && mungedNewSpec !== undefined ? '\n' + specDiff(oldSpec, mungedNewSpec) : '';
  return forbidden('spec', `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}${diff}`);
}

/**
 * The update-only rules of ValidatePodUpdate, for two defaulted pods: container count, images,
 * activeDeadlineSeconds, tolerations (additions only), then the generic "may not change" error.
 */
export function validatePodUpdate(newPod: any, oldPod: any): FieldCause[] {
  const errs: FieldCause[] = [];
  const n = newPod.spec ?? {};
  const o = oldPod.spec ?? {};
  for (const [key, label] of [
    ['containers', 'spec.containers'],
    ['initContainers', 'spec.initContainers'],
  ] as const) {
    const nl: any[] = n[key] ?? [];
    const ol: any[] = o[key] ?? [];
    if (nl.length !== ol.length) {
      errs.push(forbidden(label, 'pod updates may not add or remove containers'));
      return errs;
    }
    nl.forEach((c, i) => {
      if (!c?.image) errs.push(required(`${label}[${i}].image`));
      if (typeof c?.image === 'string' && c.image.trim() !== c.image) errs.push(invalidValue(`${label}[${i}].image`, c.image, 'must not have leading or trailing whitespace'));
    });
  }
  const nad = n.activeDeadlineSeconds;
  const oad = o.activeDeadlineSeconds;
  if (nad !== undefined && nad !== null) {
    if (nad < 0 || nad > 2147483647) {
      errs.push(invalidValue('spec.activeDeadlineSeconds', nad, inclusiveRange(0, 2147483647)));
      return errs;
    }
    if (oad !== undefined && oad !== null && oad < nad) {
      errs.push(invalidValue('spec.activeDeadlineSeconds', nad, 'must be less than or equal to previous value'));
      return errs;
    }
  } else if (oad !== undefined && oad !== null) errs.push(invalidValue('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
  const strip = (t: any) => {
    const c = { ...t };
    delete c.tolerationSeconds;
    return JSON.stringify(c);
  };
  const newTol: any[] = n.tolerations ?? [];
  for (const old of o.tolerations ?? [])
    if (!newTol.some((t) => strip(t) === strip(old))) {
      errs.push(forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds'));
      break;
    }
  if (JSON.stringify(n) === JSON.stringify(o)) return errs;
  const munged = JSON.parse(JSON.stringify(n));
  (munged.containers ?? []).forEach((c: any, i: number) => (c.image = o.containers[i].image));
  (munged.initContainers ?? []).forEach((c: any, i: number) => (c.image = o.initContainers[i].image));
  if (oad === undefined) delete munged.activeDeadlineSeconds;
  else munged.activeDeadlineSeconds = oad;
  if (o.tolerations === undefined) delete munged.tolerations;
  else munged.tolerations = o.tolerations;
  if (typeof o.terminationGracePeriodSeconds === 'number' && o.terminationGracePeriodSeconds < 0 && munged.terminationGracePeriodSeconds === 1) munged.terminationGracePeriodSeconds = o.terminationGracePeriodSeconds;
  if (JSON.stringify(munged) !== JSON.stringify(o)) errs.push(podUpdateForbidden(o, munged));
  return errs;
}

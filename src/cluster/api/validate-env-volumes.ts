/**
 * API-server validation of container env / envFrom and pod volumes, with the field paths and texts
 * of k/k pkg/apis/core/validation/validation.go (ValidateEnv, validateEnvVarValueFrom,
 * validateObjectFieldSelector, validateContainerResourceFieldSelector, validateContainerResourceDivisor,
 * ValidateEnvFrom, ValidateVolumes, validateVolumeSource and the per-source validators) and
 * apimachinery pkg/util/validation (+ field/errors.go for the message shapes).
 */
import type { FieldCause } from '../errors';
import { convertDownwardAPIFieldLabel, splitMaybeSubscriptedPath, isQualifiedName, isDNS1123Subdomain, regexError, goQuote, parseExactQuantity, canonicalQuantity } from '../kubelet/downward';

type Errs = FieldCause[];

// ---------- field/errors.go message shapes ----------

function fmtValue(v: unknown): string {
  if (typeof v === 'string') return goQuote(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}
const required = (field: string, detail = ''): FieldCause => ({ field, message: detail ? `Required value: ${detail}` : 'Required value' });
const invalid = (field: string, value: unknown, detail: string): FieldCause => ({ field, message: `Invalid value: ${fmtValue(value)}: ${detail}` });
const forbidden = (field: string, detail: string): FieldCause => ({ field, message: `Forbidden: ${detail}` });
const duplicate = (field: string, value: unknown): FieldCause => ({ field, message: `Duplicate value: ${fmtValue(value)}` });
/** field.NotSupported; `jsonValue` when Go passes a pointer (rendered with json.Marshal). */
const notSupported = (field: string, value: unknown, valid: string[], jsonValue = false): FieldCause => ({
  field,
  message: `Unsupported value: ${jsonValue ? JSON.stringify(value) : fmtValue(value)}` + (valid.length ? `: supported values: ${valid.map((v) => goQuote(v)).join(', ')}` : ''),
});

/** Go sets.List order. */
const sorted = (xs: string[]) => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

// ---------- apimachinery name/key validators ----------

const ENV_NAME_FMT = '[-._a-zA-Z][-._a-zA-Z0-9]*';
const ENV_NAME_RE = new RegExp(`^${ENV_NAME_FMT}$`);
const CM_KEY_FMT = '[-._a-zA-Z0-9]+';
const CM_KEY_RE = new RegExp(`^${CM_KEY_FMT}$`);
const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_LABEL_RE = new RegExp(`^${DNS1123_LABEL_FMT}$`);
const DNS1123_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

function hasChDirPrefix(v: string): string[] {
  if (v === '.') return [`must not be '.'`];
  if (v === '..') return [`must not be '..'`];
  if (v.startsWith('..')) return [`must not start with '..'`];
  return [];
}

/** validation.IsEnvVarName (strict: before RelaxedEnvironmentVariableValidation). */
export function isEnvVarName(v: string): string[] {
  const errs: string[] = [];
  if (!ENV_NAME_RE.test(v))
    errs.push(regexError("a valid environment variable name must consist of alphabetic characters, digits, '_', '-', or '.', and must not start with a digit", ENV_NAME_FMT, 'my.env-name', 'MY_ENV.NAME', 'MyEnvName1'));
  return [...errs, ...hasChDirPrefix(v)];
}

/** validation.IsRelaxedEnvVarName (RelaxedEnvironmentVariableValidation: GA and locked on since 1.34). */
export function isRelaxedEnvVarName(v: string): string[] {
  const errs: string[] = [];
  if (v.length === 0) errs.push('environment variable name must be non-empty');
  for (const ch of v) {
    const cp = ch.codePointAt(0)!;
    if (cp > 0x7f || cp < 0x20 || cp === 0x7f || ch === '=') {
      errs.push("a valid environment variable name must consist only of printable ASCII characters other than '='");
      break;
    }
  }
  return errs;
}

/** validation.IsConfigMapKey. */
export function isConfigMapKey(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 253) errs.push('must be no more than 253 characters');
  if (!CM_KEY_RE.test(v)) errs.push(regexError("a valid config key must consist of alphanumeric characters, '-', '_' or '.'", CM_KEY_FMT, 'key.name', 'KEY_NAME', 'key-name'));
  return [...errs, ...hasChDirPrefix(v)];
}

/** validation.IsDNS1123Label (with the "must not contain dots" case). */
export function isDNS1123Label(v: string): string[] {
  const errs: string[] = [];
  if (v.length > 63) errs.push('must be no more than 63 characters');
  if (!DNS1123_LABEL_RE.test(v)) {
    if (DNS1123_SUBDOMAIN_RE.test(v)) errs.push('must not contain dots');
    else errs.push(regexError("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character", DNS1123_LABEL_FMT, 'my-name', '123-abc'));
  }
  return errs;
}

/** apimachineryvalidation.NameIsDNSSubdomain(name, prefix). */
function nameIsDNSSubdomain(name: string, prefix: boolean): string[] {
  const n = prefix && name.length > 1 && name.endsWith('-') ? name.slice(0, -2) + 'a' : name;
  return isDNS1123Subdomain(n);
}

// ---------- env ----------

export interface EnvValidationOptions {
  /** opts.AllowRelaxedEnvironmentVariableValidation: true on 1.34+ (gate GA, locked); false = pre-1.32 defaults. */
  relaxedEnvVarNames?: boolean;
}

export const ENV_FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];
export const VOLUME_FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.labels', 'metadata.annotations', 'metadata.uid'];
export const CONTAINER_RESOURCES = ['limits.cpu', 'limits.memory', 'limits.ephemeral-storage', 'requests.cpu', 'requests.memory', 'requests.ephemeral-storage'];
const HUGEPAGES_PREFIXES = ['requests.hugepages-', 'limits.hugepages-'];
const CPU_DIVISORS = ['1m', '1'];
const MEM_DIVISORS = ['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei'];
const MEM_DIVISOR_LIST = '1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei';

/** validateObjectFieldSelector. `fs.apiVersion` is defaulted to v1 (as decoding does before validation). */
export function validateObjectFieldSelector(fs: any, expressions: string[], path: string): Errs {
  const errs: Errs = [];
  const apiVersion = fs?.apiVersion === undefined || fs?.apiVersion === null || fs?.apiVersion === '' ? 'v1' : String(fs.apiVersion);
  const fieldPath = fs?.fieldPath;
  if (!fieldPath) return [required(`${path}.fieldPath`)];
  const conv = convertDownwardAPIFieldLabel(apiVersion, String(fieldPath));
  if ('error' in conv) return [invalid(`${path}.fieldPath`, String(fieldPath), `error converting fieldPath: ${conv.error}`)];
  const [p, subscript, ok] = splitMaybeSubscriptedPath(conv.path);
  if (ok) {
    if (p === 'metadata.annotations') for (const m of isQualifiedName(subscript.toLowerCase())) errs.push(invalid(path, subscript.toLowerCase(), m));
    else if (p === 'metadata.labels') for (const m of isQualifiedName(subscript)) errs.push(invalid(path, subscript, m));
    else errs.push(invalid(path, p, 'does not support subscript'));
  } else if (!expressions.includes(p)) {
    errs.push(notSupported(`${path}.fieldPath`, p, sorted(expressions)));
  }
  return errs;
}

/** validateContainerResourceDivisor: only checked when the divisor is set (non-zero). */
function validateContainerResourceDivisor(rName: string, divisor: unknown, path: string): Errs {
  if (divisor === undefined || divisor === null || divisor === '') return [];
  const q = parseExactQuantity(divisor as string | number);
  if (!q || q.num === 0n) return [];
  const s = canonicalQuantity(q);
  const errs: Errs = [];
  switch (rName) {
    case 'limits.cpu':
    case 'requests.cpu':
      if (!CPU_DIVISORS.includes(s)) errs.push(invalid(`${path}.divisor`, rName, "only divisor's values 1m and 1 are supported with the cpu resource"));
      break;
    case 'limits.memory':
    case 'requests.memory':
      if (!MEM_DIVISORS.includes(s)) errs.push(invalid(`${path}.divisor`, rName, `only divisor's values ${MEM_DIVISOR_LIST} are supported with the memory resource`));
      break;
    case 'limits.ephemeral-storage':
    case 'requests.ephemeral-storage':
      if (!MEM_DIVISORS.includes(s)) errs.push(invalid(`${path}.divisor`, rName, `only divisor's values ${MEM_DIVISOR_LIST} are supported with the local ephemeral storage resource`));
      break;
  }
  if (HUGEPAGES_PREFIXES.some((p) => rName.startsWith(p)) && !MEM_DIVISORS.includes(s))
    errs.push(invalid(`${path}.divisor`, rName, `only divisor's values ${MEM_DIVISOR_LIST} are supported with the hugepages resource`));
  return errs;
}

/** validateContainerResourceFieldSelector (volume=true: containerName is required). */
export function validateContainerResourceFieldSelector(fs: any, path: string, volume: boolean): Errs {
  const errs: Errs = [];
  const resource = fs?.resource ?? '';
  if (volume && !fs?.containerName) errs.push(required(`${path}.containerName`));
  else if (!resource) errs.push(required(`${path}.resource`));
  else if (!CONTAINER_RESOURCES.includes(resource) && !HUGEPAGES_PREFIXES.some((p) => String(resource).startsWith(p)))
    errs.push(notSupported(`${path}.resource`, resource, sorted(CONTAINER_RESOURCES)));
  errs.push(...validateContainerResourceDivisor(resource, fs?.divisor, path));
  return errs;
}

function validateKeySelector(s: any, path: string): Errs {
  const errs: Errs = [];
  const name = s?.name ?? '';
  for (const m of nameIsDNSSubdomain(String(name), false)) errs.push(invalid(`${path}.name`, String(name), m));
  const key = s?.key ?? '';
  if (!key) errs.push(required(`${path}.key`));
  else for (const m of isConfigMapKey(String(key))) errs.push(invalid(`${path}.key`, String(key), m));
  return errs;
}

function validateEnvVarValueFrom(ev: any, path: string): Errs {
  const errs: Errs = [];
  const vf = ev?.valueFrom;
  if (vf === undefined || vf === null) return errs;
  let numSources = 0;
  if (vf.fieldRef) {
    numSources++;
    errs.push(...validateObjectFieldSelector(vf.fieldRef, ENV_FIELD_PATHS, `${path}.fieldRef`));
  }
  if (vf.resourceFieldRef) {
    numSources++;
    errs.push(...validateContainerResourceFieldSelector(vf.resourceFieldRef, `${path}.resourceFieldRef`, false));
  }
  if (vf.configMapKeyRef) {
    numSources++;
    errs.push(...validateKeySelector(vf.configMapKeyRef, `${path}.configMapKeyRef`));
  }
  if (vf.secretKeyRef) {
    numSources++;
    errs.push(...validateKeySelector(vf.secretKeyRef, `${path}.secretKeyRef`));
  }
  if (numSources === 0) errs.push(invalid(path, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
  else if (ev.value !== undefined && ev.value !== null && String(ev.value).length !== 0) errs.push(invalid(path, '', 'may not be specified when `value` is not empty'));
  else if (numSources > 1) errs.push(invalid(path, '', 'may not have more than one field specified at a time'));
  return errs;
}

/** ValidateEnv(env, path): `path` like `spec.containers[0].env`. */
export function validateEnv(env: any[] | undefined, path: string, opts: EnvValidationOptions = {}): FieldCause[] {
  const relaxed = opts.relaxedEnvVarNames ?? true;
  const errs: Errs = [];
  (env ?? []).forEach((ev: any, i: number) => {
    const idx = `${path}[${i}]`;
    const name = ev?.name;
    if (name === undefined || name === null || String(name).length === 0) errs.push(required(`${idx}.name`));
    else for (const m of relaxed ? isRelaxedEnvVarName(String(name)) : isEnvVarName(String(name))) errs.push(invalid(`${idx}.name`, String(name), m));
    errs.push(...validateEnvVarValueFrom(ev, `${idx}.valueFrom`));
  });
  return errs;
}

/** ValidateEnvFrom(envFrom, path): `path` like `spec.containers[0].envFrom`. */
export function validateEnvFrom(envFrom: any[] | undefined, path: string, opts: EnvValidationOptions = {}): FieldCause[] {
  const relaxed = opts.relaxedEnvVarNames ?? true;
  const errs: Errs = [];
  (envFrom ?? []).forEach((ev: any, i: number) => {
    const idx = `${path}[${i}]`;
    const prefix = ev?.prefix ?? '';
    if (prefix.length > 0) for (const m of relaxed ? isRelaxedEnvVarName(prefix) : isEnvVarName(prefix)) errs.push(invalid(`${idx}.prefix`, prefix, m));
    let numSources = 0;
    for (const [key, label] of [
      ['configMapRef', 'configMapRef'],
      ['secretRef', 'secretRef'],
    ] as const) {
      const ref = ev?.[key];
      if (!ref) continue;
      numSources++;
      const name = ref.name ?? '';
      if (!name) errs.push(required(`${idx}.${label}.name`));
      else for (const m of nameIsDNSSubdomain(String(name), true)) errs.push(invalid(`${idx}.${label}.name`, String(name), m));
    }
    if (numSources === 0) errs.push(invalid(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (numSources > 1) errs.push(invalid(path, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

// ---------- volumes ----------

const FILE_MODE_MSG = 'must be a number between 0 and 0777 (octal), both inclusive';
const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];

function badMode(m: unknown): boolean {
  return m !== undefined && m !== null && (typeof m !== 'number' || m > 0o777 || m < 0);
}

function validatePathNoBacksteps(p: string, path: string): Errs {
  return p.replace(/\\/g, '/').split('/').includes('..') ? [invalid(path, p, "must not contain '..'")] : [];
}

function validateLocalDescendingPath(p: string, path: string): Errs {
  const errs: Errs = [];
  if (p.startsWith('/')) errs.push(invalid(path, p, 'must be a relative path'));
  errs.push(...validatePathNoBacksteps(p, path));
  return errs;
}

/** ValidateLocalNonReservedPath. */
export function validateLocalNonReservedPath(p: string, path: string): Errs {
  const errs = validateLocalDescendingPath(p, path);
  if (p.startsWith('..') && !p.startsWith('../')) errs.push(invalid(path, p, "must not start with '..'"));
  return errs;
}

function validateKeyToPath(kp: any, path: string): Errs {
  const errs: Errs = [];
  const key = kp?.key ?? '';
  const p = kp?.path ?? '';
  if (!key) errs.push(required(`${path}.key`));
  if (!p) errs.push(required(`${path}.path`));
  errs.push(...validateLocalNonReservedPath(String(p), `${path}.path`));
  if (badMode(kp?.mode)) errs.push(invalid(`${path}.mode`, kp.mode, FILE_MODE_MSG));
  return errs;
}

function validateDownwardAPIVolumeFile(file: any, path: string): Errs {
  const errs: Errs = [];
  const p = file?.path ?? '';
  if (!p) errs.push(required(`${path}.path`));
  errs.push(...validateLocalNonReservedPath(String(p), `${path}.path`));
  if (file?.fieldRef) {
    errs.push(...validateObjectFieldSelector(file.fieldRef, VOLUME_FIELD_PATHS, `${path}.fieldRef`));
    if (file.resourceFieldRef) errs.push(invalid(path, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
  } else if (file?.resourceFieldRef) {
    errs.push(...validateContainerResourceFieldSelector(file.resourceFieldRef, `${path}.resourceFieldRef`, true));
  } else errs.push(required(path, 'one of fieldRef and resourceFieldRef is required'));
  if (badMode(file?.mode)) errs.push(invalid(`${path}.mode`, file.mode, FILE_MODE_MSG));
  return errs;
}

function validateProjected(proj: any, path: string): Errs {
  const errs: Errs = [];
  if (badMode(proj?.defaultMode)) errs.push(invalid(`${path}.defaultMode`, proj.defaultMode, FILE_MODE_MSG));
  const allPaths = new Set<string>();
  (proj?.sources ?? []).forEach((source: any, i: number) => {
    let numSources = 0;
    const src = `${path}.sources[${i}]`;
    for (const kind of ['secret', 'configMap'] as const) {
      const s = source?.[kind];
      if (!s) continue;
      numSources++;
      const pp = `${src}.${kind}`;
      if (!s.name) errs.push(required(`${pp}.name`));
      (s.items ?? []).forEach((kp: any, j: number) => {
        errs.push(...validateKeyToPath(kp, `${pp}.items[${j}]`));
        if (kp?.path) {
          if (!allPaths.has(kp.path)) allPaths.add(kp.path);
          else errs.push(invalid(path, s.name ?? '', 'conflicting duplicate paths'));
        }
      });
    }
    if (source?.downwardAPI) {
      numSources++;
      for (const file of source.downwardAPI.items ?? []) {
        errs.push(...validateDownwardAPIVolumeFile(file, `${src}.downwardAPI`));
        if (file?.path) {
          if (!allPaths.has(file.path)) allPaths.add(file.path);
          else errs.push(invalid(path, file.path, 'conflicting duplicate paths'));
        }
      }
    }
    if (source?.serviceAccountToken) {
      numSources++;
      const t = source.serviceAccountToken;
      const exp = t.expirationSeconds ?? 3600;
      if (exp < 10 * 60) errs.push(invalid(`${src}.serviceAccountToken.expirationSeconds`, exp, 'may not specify a duration less than 10 minutes'));
      if (exp > 2 ** 32) errs.push(invalid(`${src}.serviceAccountToken.expirationSeconds`, exp, 'may not specify a duration larger than 2^32 seconds'));
      if (!t.path) errs.push(required(`${path}.path`));
      else errs.push(...validateLocalNonReservedPath(String(t.path), `${path}.path`));
    }
    if (source?.clusterTrustBundle) numSources++;
    if (numSources > 1) errs.push(forbidden(src, 'may not specify more than 1 volume type per source'));
  });
  return errs;
}

/** Volume sources in the order validateVolumeSource checks them, with the child name its errors use. */
const SOURCES: [key: string, errChild: string][] = [
  ['emptyDir', 'emptyDir'],
  ['hostPath', 'hostPath'],
  ['gitRepo', 'gitRepo'],
  ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'],
  ['secret', 'secret'],
  ['nfs', 'nfs'],
  ['iscsi', 'iscsi'],
  ['glusterfs', 'glusterfs'],
  ['flocker', 'flocker'],
  ['persistentVolumeClaim', 'persistentVolumeClaim'],
  ['rbd', 'rbd'],
  ['cinder', 'cinder'],
  ['cephfs', 'cephFS'],
  ['quobyte', 'quobyte'],
  ['downwardAPI', 'downwarAPI'],
  ['fc', 'fc'],
  ['flexVolume', 'flexVolume'],
  ['configMap', 'configMap'],
  ['azureFile', 'azureFile'],
  ['vsphereVolume', 'vsphereVolume'],
  ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'],
  ['azureDisk', 'azureDisk'],
  ['storageos', 'storageos'],
  ['projected', 'projected'],
  ['scaleIO', 'scaleIO'],
  ['csi', 'csi'],
  ['ephemeral', 'ephemeral'],
  ['image', 'image'],
];

function present(v: unknown): boolean {
  return v !== undefined && v !== null;
}

function validateSourceBody(key: string, src: any, path: string, volName: string): Errs {
  const errs: Errs = [];
  switch (key) {
    case 'emptyDir': {
      const q = src.sizeLimit !== undefined && src.sizeLimit !== null ? parseExactQuantity(src.sizeLimit) : undefined;
      if (q && q.num < 0n) errs.push(forbidden(`${path}.emptyDir.sizeLimit`, 'SizeLimit field must be a valid resource quantity'));
      break;
    }
    case 'hostPath': {
      const p = src.path ?? '';
      if (!p) return [required(`${path}.hostPath.path`)];
      errs.push(...validatePathNoBacksteps(String(p), `${path}.hostPath.path`));
      if (src.type !== undefined && src.type !== null && !HOST_PATH_TYPES.includes(src.type)) errs.push(notSupported(`${path}.hostPath.type`, src.type, HOST_PATH_TYPES, true));
      break;
    }
    case 'secret': {
      if (!src.secretName) errs.push(required(`${path}.secret.secretName`));
      if (badMode(src.defaultMode)) errs.push(invalid(`${path}.secret.defaultMode`, src.defaultMode, FILE_MODE_MSG));
      (src.items ?? []).forEach((kp: any, i: number) => errs.push(...validateKeyToPath(kp, `${path}.secret.items[${i}]`)));
      break;
    }
    case 'configMap': {
      if (!src.name) errs.push(required(`${path}.configMap.name`));
      if (badMode(src.defaultMode)) errs.push(invalid(`${path}.configMap.defaultMode`, src.defaultMode, FILE_MODE_MSG));
      (src.items ?? []).forEach((kp: any, i: number) => errs.push(...validateKeyToPath(kp, `${path}.configMap.items[${i}]`)));
      break;
    }
    case 'downwardAPI': {
      const p = `${path}.downwardAPI`;
      if (badMode(src.defaultMode)) errs.push(invalid(`${p}.defaultMode`, src.defaultMode, FILE_MODE_MSG));
      for (const file of src.items ?? []) errs.push(...validateDownwardAPIVolumeFile(file, p));
      break;
    }
    case 'projected':
      errs.push(...validateProjected(src, `${path}.projected`));
      break;
    case 'persistentVolumeClaim':
      if (!src.claimName) errs.push(required(`${path}.persistentVolumeClaim.claimName`));
      break;
    case 'nfs':
      if (!src.server) errs.push(required(`${path}.nfs.server`));
      if (!src.path) errs.push(required(`${path}.nfs.path`));
      if (!String(src.path ?? '').startsWith('/')) errs.push(invalid(`${path}.nfs.path`, String(src.path ?? ''), 'must be an absolute path'));
      break;
    case 'gitRepo':
      if (!src.repository) errs.push(required(`${path}.gitRepo.repository`));
      errs.push(...validateLocalDescendingPath(String(src.directory ?? ''), `${path}.gitRepo.directory`));
      break;
  }
  void volName;
  return errs;
}

/** validateVolumeSource: exactly one source; the per-source checks. */
function validateVolumeSource(vol: any, path: string): Errs {
  const errs: Errs = [];
  let numVolumes = 0;
  for (const [key, child] of SOURCES) {
    const src = vol?.[key];
    if (!present(src)) continue;
    if (numVolumes > 0) {
      errs.push(forbidden(`${path}.${child}`, 'may not specify more than 1 volume type'));
      continue;
    }
    numVolumes++;
    errs.push(...validateSourceBody(key, typeof src === 'object' ? src : {}, path, vol?.name ?? ''));
  }
  if (numVolumes === 0) errs.push(required(path, 'must specify a volume type'));
  return errs;
}

/**
 * ValidateVolumes(volumes, path): `path` like `spec.volumes`. Also returns the names of the
 * volumes that validated (container volumeMounts must name one of those, else `Not found`).
 */
export function validateVolumesWithNames(volumes: any[] | undefined, path: string): { errs: FieldCause[]; names: Set<string> } {
  const errs: Errs = [];
  const names = new Set<string>();
  (volumes ?? []).forEach((vol: any, i: number) => {
    const idx = `${path}[${i}]`;
    const el = validateVolumeSource(vol, idx);
    const name = vol?.name ?? '';
    if (!name) el.push(required(`${idx}.name`));
    else for (const m of isDNS1123Label(String(name))) el.push(invalid(`${idx}.name`, String(name), m));
    if (names.has(name)) el.push(duplicate(`${idx}.name`, name));
    if (el.length === 0) names.add(name);
    else errs.push(...el);
  });
  return { errs, names };
}

/** ValidateVolumes(volumes, path). */
export function validateVolumes(volumes: any[] | undefined, path: string): FieldCause[] {
  return validateVolumesWithNames(volumes, path).errs;
}

/**
 * Pod validation: the subset of k/k pkg/apis/core/validation ValidatePod that learners meet,
 * with the API server's field paths and texts.
 */
import type { FieldCause } from '../errors';
import { dns1123Label, dns1123Subdomain, q } from './names';

type Errs = FieldCause[];

export function validateObjectMeta(meta: any, errs: Errs, nameCheck: (v: string) => string[]): void {
  const name = meta?.name;
  if (!name && !meta?.generateName) errs.push({ field: 'metadata.name', message: 'Required value: name or generateName is required' });
  else if (name) for (const m of nameCheck(name)) errs.push({ field: 'metadata.name', message: `Invalid value: ${q(name)}: ${m}` });
  for (const [k, v] of Object.entries(meta?.labels ?? {})) {
    if (typeof v !== 'string') errs.push({ field: `metadata.labels`, message: `Invalid value: ${q(String(v))}: label values must be strings` });
    else if (v.length > 63 || (v !== '' && !/^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/.test(v)))
      errs.push({ field: 'metadata.labels', message: `Invalid value: ${q(v)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')` });
    void k;
  }
}

const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];

function validateContainer(c: any, path: string, errs: Errs, names: Set<string>, isInit: boolean): void {
  if (!c || typeof c !== 'object') {
    errs.push({ field: path, message: 'Required value' });
    return;
  }
  if (!c.name) errs.push({ field: `${path}.name`, message: 'Required value' });
  else {
    for (const m of dns1123Label(c.name)) errs.push({ field: `${path}.name`, message: `Invalid value: ${q(c.name)}: ${m}` });
    if (names.has(c.name)) errs.push({ field: `${path}.name`, message: `Duplicate value: ${q(c.name)}` });
    names.add(c.name);
  }
  if (!c.image || (typeof c.image === 'string' && c.image.trim() === '')) errs.push({ field: `${path}.image`, message: 'Required value' });
  else if (typeof c.image === 'string' && c.image !== c.image.trim()) errs.push({ field: `${path}.image`, message: `Invalid value: ${q(c.image)}: must not have leading or trailing whitespace` });
  if (c.imagePullPolicy !== undefined && !PULL_POLICIES.includes(c.imagePullPolicy))
    errs.push({ field: `${path}.imagePullPolicy`, message: `Unsupported value: ${q(c.imagePullPolicy)}: supported values: "Always", "IfNotPresent", "Never"` });
  for (const key of ['command', 'args'] as const) {
    if (c[key] !== undefined && !Array.isArray(c[key])) errs.push({ field: `${path}.${key}`, message: `Invalid value: ${q(String(c[key]))}: must be a list of strings` });
  }
  (c.ports ?? []).forEach((p: any, i: number) => {
    const pp = `${path}.ports[${i}]`;
    if (p.containerPort === undefined) errs.push({ field: `${pp}.containerPort`, message: 'Required value' });
    else if (!(Number.isInteger(p.containerPort) && p.containerPort >= 1 && p.containerPort <= 65535))
      errs.push({ field: `${pp}.containerPort`, message: `Invalid value: ${p.containerPort}: must be between 1 and 65535, inclusive` });
    if (p.protocol !== undefined && !['TCP', 'UDP', 'SCTP'].includes(p.protocol)) errs.push({ field: `${pp}.protocol`, message: `Unsupported value: ${q(p.protocol)}: supported values: "SCTP", "TCP", "UDP"` });
  });
  (c.env ?? []).forEach((e: any, i: number) => {
    if (!e?.name) errs.push({ field: `${path}.env[${i}].name`, message: 'Required value' });
  });
  if (isInit && c.restartPolicy === undefined) {
    for (const probe of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe'])
      if (c[probe] !== undefined) errs.push({ field: `${path}.${probe}`, message: 'Forbidden: may not be set for init containers without restartPolicy=Always' });
  }
  if (isInit && c.restartPolicy !== undefined && c.restartPolicy !== 'Always') errs.push({ field: `${path}.restartPolicy`, message: `Unsupported value: ${q(c.restartPolicy)}: supported values: "Always"` });
  if (!isInit && c.restartPolicy !== undefined) errs.push({ field: `${path}.restartPolicy`, message: 'Forbidden: may not be set for non-init containers' });
  if (c.livenessProbe?.successThreshold !== undefined && c.livenessProbe.successThreshold !== 1)
    errs.push({ field: `${path}.livenessProbe.successThreshold`, message: `Invalid value: ${c.livenessProbe.successThreshold}: must be 1` });
}

export function validatePod(pod: any): FieldCause[] {
  const errs: FieldCause[] = [];
  validateObjectMeta(pod.metadata, errs, dns1123Subdomain);
  const spec = pod.spec;
  if (!spec) {
    errs.push({ field: 'spec.containers', message: 'Required value' });
    return errs;
  }
  const names = new Set<string>();
  (spec.initContainers ?? []).forEach((c: any, i: number) => validateContainer(c, `spec.initContainers[${i}]`, errs, names, true));
  if (!Array.isArray(spec.containers) || spec.containers.length === 0) errs.push({ field: 'spec.containers', message: 'Required value' });
  else spec.containers.forEach((c: any, i: number) => validateContainer(c, `spec.containers[${i}]`, errs, names, false));
  if (spec.restartPolicy !== undefined && !RESTART_POLICIES.includes(spec.restartPolicy))
    errs.push({ field: 'spec.restartPolicy', message: `Unsupported value: ${q(spec.restartPolicy)}: supported values: "Always", "OnFailure", "Never"` });
  if (spec.terminationGracePeriodSeconds !== undefined && !(Number.isInteger(spec.terminationGracePeriodSeconds) && spec.terminationGracePeriodSeconds >= 0))
    errs.push({ field: 'spec.terminationGracePeriodSeconds', message: `Invalid value: ${spec.terminationGracePeriodSeconds}: must be greater than or equal to 0` });
  const volNames = new Set<string>();
  (spec.volumes ?? []).forEach((v: any, i: number) => {
    if (!v?.name) errs.push({ field: `spec.volumes[${i}].name`, message: 'Required value' });
    else if (volNames.has(v.name)) errs.push({ field: `spec.volumes[${i}].name`, message: `Duplicate value: ${q(v.name)}` });
    else volNames.add(v.name);
  });
  const checkMounts = (list: any[], base: string) =>
    list.forEach((c: any, ci: number) =>
      (c?.volumeMounts ?? []).forEach((m: any, mi: number) => {
        if (m?.name && !volNames.has(m.name)) errs.push({ field: `${base}[${ci}].volumeMounts[${mi}].name`, message: `Not found: ${q(m.name)}` });
        if (!m?.mountPath) errs.push({ field: `${base}[${ci}].volumeMounts[${mi}].mountPath`, message: 'Required value' });
      }),
    );
  checkMounts(spec.initContainers ?? [], 'spec.initContainers');
  checkMounts(Array.isArray(spec.containers) ? spec.containers : [], 'spec.containers');
  return errs;
}

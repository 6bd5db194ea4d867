/**
 * API server hooks for HorizontalPodAutoscaler; registered on import.
 * - autoscaling/v1 objects are converted to autoscaling/v2 (targetCPUUtilizationPercentage → a cpu
 *   Resource Utilization metric), as the API server stores them.
 * - SetDefaults_HorizontalPodAutoscaler (autoscaling/v2 defaults.go): minReplicas 1, no metrics →
 *   cpu Utilization 80%, behavior defaults only when behavior is set.
 * - ValidateHorizontalPodAutoscaler (pkg/apis/autoscaling/validation): the common field errors.
 */
import { registerKind } from '../kinds';
import type { FieldCause } from '../../errors';
import type { KObject } from '../../objects';
import { parseQuantity } from '../../hpa/quantity';

/** autoscaling/v1 → v2 (pkg/apis/autoscaling/v1/conversion.go). */
export function convertHpaV1(obj: KObject): void {
  if (obj.apiVersion !== 'autoscaling/v1') return;
  obj.apiVersion = 'autoscaling/v2';
  const spec = (obj.spec ??= {});
  const pct = spec.targetCPUUtilizationPercentage;
  delete spec.targetCPUUtilizationPercentage;
  if (pct !== undefined && pct !== null) spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: pct } } }];
  if (obj.status) {
    const cur = obj.status.currentCPUUtilizationPercentage;
    delete obj.status.currentCPUUtilizationPercentage;
    if (cur !== undefined) obj.status.currentMetrics = [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: cur } } }];
  }
}

function defaultRules(r: any, up: boolean): any {
  const out = { ...(r ?? {}) };
  if (up) out.stabilizationWindowSeconds ??= 0;
  out.selectPolicy ??= 'Max';
  if (!out.policies || !out.policies.length)
    out.policies = up
      ? [
          { type: 'Pods', value: 4, periodSeconds: 15 },
          { type: 'Percent', value: 100, periodSeconds: 15 },
        ]
      : [{ type: 'Percent', value: 100, periodSeconds: 15 }];
  return out;
}

export function defaultHpa(obj: KObject): void {
  convertHpaV1(obj);
  const spec = (obj.spec ??= {});
  spec.minReplicas ??= 1;
  if (!spec.metrics || !spec.metrics.length) spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  if (spec.behavior) spec.behavior = { scaleUp: defaultRules(spec.behavior.scaleUp, true), scaleDown: defaultRules(spec.behavior.scaleDown, false) };
}

const inv = (v: unknown, d: string) => `Invalid value: ${typeof v === 'string' ? JSON.stringify(v) : String(v)}: ${d}`;

function validateTarget(t: any, path: string, errs: FieldCause[], allowUtilization: boolean): void {
  if (!t) {
    errs.push({ field: `${path}.target`, message: 'Required value' });
    return;
  }
  const types = allowUtilization ? ['Utilization', 'Value', 'AverageValue'] : ['Value', 'AverageValue'];
  if (!t.type) errs.push({ field: `${path}.target.type`, message: 'Required value: must specify a metric target type' });
  else if (!types.includes(t.type)) errs.push({ field: `${path}.target.type`, message: inv(t.type, `must be either ${types.join(', ').replace(/, ([^,]*)$/, ' or $1')}`) });
  if (t.averageUtilization !== undefined && t.averageUtilization < 1) errs.push({ field: `${path}.target.averageUtilization`, message: inv(t.averageUtilization, 'must be greater than 0') });
  for (const f of ['value', 'averageValue']) {
    if (t[f] === undefined) continue;
    try {
      const q = parseQuantity(t[f]);
      if (q.mantissa <= 0n) errs.push({ field: `${path}.target.${f}`, message: inv(String(t[f]), 'must be positive') });
    } catch {
      errs.push({ field: `${path}.target.${f}`, message: inv(String(t[f]), 'quantities must match the regular expression \'^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$\'') });
    }
  }
  if (t.type === 'Utilization' && t.averageUtilization === undefined) errs.push({ field: `${path}.target.averageUtilization`, message: 'Required value: must set either a target raw value or a target utilization' });
  if (t.type === 'Value' && t.value === undefined) errs.push({ field: `${path}.target.value`, message: 'Required value: must set either a target value for metric or a per-pod target' });
  if (t.type === 'AverageValue' && t.averageValue === undefined) errs.push({ field: `${path}.target.averageValue`, message: 'Required value: must set either a target value for metric or a per-pod target' });
}

export function validateHpa(obj: KObject): FieldCause[] {
  const errs: FieldCause[] = [];
  const spec = obj.spec ?? {};
  const ref = spec.scaleTargetRef;
  if (!ref) {
    errs.push({ field: 'spec.scaleTargetRef.kind', message: 'Required value' });
    errs.push({ field: 'spec.scaleTargetRef.name', message: 'Required value' });
  } else {
    if (!ref.kind) errs.push({ field: 'spec.scaleTargetRef.kind', message: 'Required value' });
    if (!ref.name) errs.push({ field: 'spec.scaleTargetRef.name', message: 'Required value' });
  }
  const min = spec.minReplicas;
  const max = spec.maxReplicas ?? 0;
  if (min !== undefined && min !== null && min < 1) errs.push({ field: 'spec.minReplicas', message: inv(min, 'must be greater than or equal to 1') });
  if (max < 1) errs.push({ field: 'spec.maxReplicas', message: inv(max, 'must be greater than 0') });
  if (min !== undefined && min !== null && max < min) errs.push({ field: 'spec.maxReplicas', message: inv(max, 'must be greater than or equal to `minReplicas`') });
  (spec.metrics ?? []).forEach((m: any, i: number) => {
    const p = `spec.metrics[${i}]`;
    const types = ['Object', 'Pods', 'Resource', 'ContainerResource', 'External'];
    if (!m.type) {
      errs.push({ field: `${p}.type`, message: 'Required value: must specify a metric source type' });
      return;
    }
    if (!types.includes(m.type)) {
      errs.push({ field: `${p}.type`, message: `Unsupported value: ${JSON.stringify(m.type)}: supported values: ${types.map((t) => JSON.stringify(t)).join(', ')}` });
      return;
    }
    const field = { Object: 'object', Pods: 'pods', Resource: 'resource', ContainerResource: 'containerResource', External: 'external' }[m.type as string]!;
    const src = m[field];
    if (!src) {
      errs.push({ field: `${p}.${field}`, message: `Required value: must populate information for the given metric source` });
      return;
    }
    if (m.type === 'Resource' || m.type === 'ContainerResource') {
      if (!src.name) errs.push({ field: `${p}.${field}.name`, message: 'Required value: must specify a resource name' });
      if (m.type === 'ContainerResource' && !src.container) errs.push({ field: `${p}.${field}.container`, message: 'Required value: must specify a container' });
      validateTarget(src.target, `${p}.${field}`, errs, true);
    } else {
      if (!src.metric?.name) errs.push({ field: `${p}.${field}.metric.name`, message: 'Required value: must specify a metric name' });
      if (m.type === 'Object' && !src.describedObject?.kind) errs.push({ field: `${p}.object.describedObject.kind`, message: 'Required value' });
      if (m.type === 'Object' && !src.describedObject?.name) errs.push({ field: `${p}.object.describedObject.name`, message: 'Required value' });
      validateTarget(src.target, `${p}.${field}`, errs, false);
    }
  });
  return errs;
}

registerKind('HorizontalPodAutoscaler', {
  default: (obj) => defaultHpa(obj),
  validate: (obj) => validateHpa(obj),
});

/** API server hooks (validation, defaulting) for the batch kinds; registered on import. */
import { registerKind } from '../kinds';
import type { FieldCause } from '../../errors';
import type { KObject } from '../../objects';
import { validatePodSpec, validateContainerOnlyForPod, notSupported, invalidValue, required, validateLabels } from '../validate-pod';
import { parseCron, isValidTimeZone } from '../../controllers/batch/cron';
import { matchesLabelSelector } from '../../selectors';
import { validatePerIndexLimits, validatePerIndexMode, validateFailIndexRule, validateSuccessPolicy } from '../../job/validation';

const IS_NEGATIVE = 'must be greater than or equal to 0';

/** SetDefaults_PodSpec / SetDefaults_Container for a pod template (no service-account volume: that is pod admission). */
export function defaultPodTemplate(t: any): void {
  if (!t || typeof t !== 'object') return;
  const spec = (t.spec ??= {});
  spec.restartPolicy ||= 'Always';
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.securityContext ??= {};
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    if (!c || typeof c !== 'object') continue;
    if (c.imagePullPolicy === undefined && typeof c.image === 'string') {
      const last = c.image.split('/').pop() ?? '';
      const tag = last.includes('@') ? 'digest' : last.includes(':') ? last.split(':').pop() : 'latest';
      c.imagePullPolicy = tag === 'latest' ? 'Always' : 'IfNotPresent';
    }
    c.terminationMessagePath ??= '/dev/termination-log';
    c.terminationMessagePolicy ??= 'File';
    c.resources ??= {};
  }
}

/** SetDefaults_Job (pkg/apis/batch/v1/defaults.go). */
export function defaultJobSpecObject(spec: any): void {
  if (spec.completions == null && spec.parallelism == null) {
    spec.completions = 1;
    spec.parallelism = 1;
  }
  spec.parallelism ??= 1;
  if (spec.backoffLimit == null) spec.backoffLimit = spec.backoffLimitPerIndex != null ? 2147483647 : 6;
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  spec.manualSelector ??= undefined;
  if (spec.manualSelector === undefined) delete spec.manualSelector;
  defaultPodTemplate((spec.template ??= {}));
}

function nonNeg(spec: any, f: string, path: string, errs: FieldCause[]): void {
  const v = spec?.[f];
  if (v !== undefined && v !== null && (typeof v !== 'number' || v < 0)) errs.push(invalidValue(`${path}.${f}`, v, IS_NEGATIVE));
}

/** ValidateJobSpec (+ the template) under `path` (`spec` or `spec.jobTemplate.spec`). */
export function validateJobSpec(spec: any, path: string, errs: FieldCause[], isTemplate = false): void {
  if (!spec || typeof spec !== 'object') {
    errs.push(required(`${path}.template`));
    return;
  }
  for (const f of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes']) nonNeg(spec, f, path, errs);
  validatePerIndexLimits(spec, path, errs);
  if (spec.activeDeadlineSeconds === 0) errs.push(invalidValue(`${path}.activeDeadlineSeconds`, 0, 'must be greater than 0'));
  if (spec.completionMode != null && !['NonIndexed', 'Indexed'].includes(spec.completionMode)) errs.push(notSupported(`${path}.completionMode`, spec.completionMode, ['NonIndexed', 'Indexed']));
  if (spec.completionMode === 'Indexed') {
    if (spec.completions == null) errs.push(required(`${path}.completions`, 'when completion mode is Indexed'));
  }
  validatePerIndexMode(spec, path, errs);
  (spec.podFailurePolicy?.rules ?? []).forEach((r: any, i: number) => {
    const rp = `${path}.podFailurePolicy.rules[${i}]`;
    if (!['FailJob', 'FailIndex', 'Ignore', 'Count'].includes(r?.action)) errs.push(notSupported(`${rp}.action`, r?.action ?? '', ['Count', 'FailIndex', 'FailJob', 'Ignore']));
    validateFailIndexRule(spec, r, rp, errs);
    if (r?.onExitCodes && !['In', 'NotIn'].includes(r.onExitCodes.operator)) errs.push(notSupported(`${rp}.onExitCodes.operator`, r.onExitCodes.operator ?? '', ['In', 'NotIn']));
  });
  validateSuccessPolicy(spec, path, errs);
  const tpl = spec.template;
  const labels = tpl?.metadata?.labels ?? {};
  if (spec.selector) {
    if (!matchesLabelSelector(spec.selector, labels) || !Object.keys(spec.selector.matchLabels ?? {}).length && !(spec.selector.matchExpressions ?? []).length)
      errs.push({ field: `${path}.template.metadata.labels`, message: `Invalid value: ${goMap(labels)}: \`selector\` does not match template \`labels\`` });
  } else if (spec.manualSelector === true && !isTemplate) {
    errs.push(required(`${path}.selector`));
  }
  validateLabels(tpl?.metadata?.labels, `${path}.template.metadata.labels`, errs);
  const ps = tpl?.spec;
  if (!ps) {
    errs.push(required(`${path}.template.spec.containers`));
  } else {
    const inner: FieldCause[] = [];
    validatePodSpec(ps, inner);
    (Array.isArray(ps.containers) ? ps.containers : []).forEach((c: any, i: number) => validateContainerOnlyForPod(c, `spec.containers[${i}]`, inner));
    for (const e of inner) if (e.field !== 'spec.restartPolicy') errs.push({ ...e, field: `${path}.template.${e.field}` });
    if (ps.restartPolicy !== 'OnFailure' && ps.restartPolicy !== 'Never') errs.push(notSupported(`${path}.template.spec.restartPolicy`, ps.restartPolicy ?? '', ['OnFailure', 'Never']));
    else if (spec.podFailurePolicy && ps.restartPolicy !== 'Never') errs.push(invalidValue(`${path}.template.spec.restartPolicy`, ps.restartPolicy, 'only "Never" is supported when podFailurePolicy is specified'));
  }
}

function goMap(m: Record<string, string>): string {
  return `map[string]string{${Object.keys(m)
    .sort()
    .map((k) => `"${k}":"${m[k]}"`)
    .join(', ')}}`;
}

const GENERATED_LABELS = ['batch.kubernetes.io/controller-uid', 'batch.kubernetes.io/job-name', 'controller-uid', 'job-name'];

function jobTemplateImmutable(obj: KObject, old: KObject): FieldCause[] {
  const errs: FieldCause[] = [];
  // An applied manifest without the generated selector keeps the live one (and its template labels).
  if (obj.spec && obj.spec.manualSelector !== true && !obj.spec.selector && old.spec?.selector) {
    obj.spec.selector = old.spec.selector;
    const oldLabels = old.spec.template?.metadata?.labels ?? {};
    const t = (obj.spec.template ??= {});
    t.metadata ??= {};
    const labels = { ...(t.metadata.labels ?? {}) };
    for (const k of GENERATED_LABELS) if (oldLabels[k] !== undefined && labels[k] === undefined) labels[k] = oldLabels[k];
    t.metadata.labels = Object.fromEntries(Object.keys(oldLabels).filter((k) => k in labels).concat(Object.keys(labels).filter((k) => !(k in oldLabels))).map((k) => [k, labels[k]]));
  }
  const a = JSON.stringify(old.spec?.template ?? null);
  const b = JSON.stringify(obj.spec?.template ?? null);
  // the controller may have filled in the generated labels: compare with them ignored
  if (a !== b && !(old.spec?.suspend === true && obj.spec?.suspend === true)) errs.push({ field: 'spec.template', message: `Invalid value: ${templateValue(obj.spec?.template)}: field is immutable` });
  for (const f of ['completions', 'completionMode', 'selector', 'podFailurePolicy', 'backoffLimitPerIndex', 'successPolicy']) {
    if (f === 'completions' && (obj.spec?.completions === obj.spec?.parallelism || old.spec?.completions === old.spec?.parallelism)) {
      // elastic Indexed jobs may change both together
      if (JSON.stringify(old.spec?.[f]) === JSON.stringify(obj.spec?.[f])) continue;
      if (obj.spec?.completionMode === 'Indexed' && obj.spec?.completions === obj.spec?.parallelism) continue;
    }
    if (JSON.stringify(old.spec?.[f] ?? null) !== JSON.stringify(obj.spec?.[f] ?? null)) errs.push({ field: `spec.${f}`, message: `Invalid value: ${f === 'selector' ? 'core.LabelSelector{...}' : f === 'podFailurePolicy' ? 'batch.PodFailurePolicy{...}' : f === 'successPolicy' ? 'batch.SuccessPolicy{...}' : JSON.stringify(obj.spec?.[f] ?? null)}: field is immutable` });
  }
  return errs;
}

function templateValue(_t: any): string {
  return 'core.PodTemplateSpec{...}';
}

registerKind('Job', {
  default(obj) {
    obj.spec ??= {};
    defaultJobSpecObject(obj.spec);
    // selector generation needs the uid (assigned by the store): the job controller completes it on ADDED
  },
  validate(obj) {
    const errs: FieldCause[] = [];
    validateJobSpec(obj.spec, 'spec', errs);
    return errs;
  },
  validateUpdate(obj, old) {
    return jobTemplateImmutable(obj, old);
  },
});

export function validateSchedule(schedule: unknown, path: string, errs: FieldCause[]): void {
  if (typeof schedule !== 'string' || schedule === '') {
    errs.push(required(path));
    return;
  }
  if (/^(CRON_TZ|TZ)=/.test(schedule.trim())) {
    errs.push(invalidValue(path, schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
    return;
  }
  try {
    parseCron(schedule);
  } catch (e: any) {
    errs.push(invalidValue(path, schedule, e.message));
  }
}

registerKind('CronJob', {
  default(obj) {
    const spec = (obj.spec ??= {});
    spec.concurrencyPolicy ??= 'Allow';
    spec.suspend ??= false;
    spec.successfulJobsHistoryLimit ??= 3;
    spec.failedJobsHistoryLimit ??= 1;
    spec.jobTemplate ??= {};
    spec.jobTemplate.spec ??= {};
    defaultPodTemplate((spec.jobTemplate.spec.template ??= {}));
  },
  validate(obj) {
    const errs: FieldCause[] = [];
    const name = obj.metadata?.name ?? '';
    if (name.length > 52) errs.push(invalidValue('metadata.name', name, 'must be no more than 52 characters'));
    const spec = obj.spec ?? {};
    validateSchedule(spec.schedule, 'spec.schedule', errs);
    if (spec.timeZone != null) {
      if (typeof spec.timeZone !== 'string' || !isValidTimeZone(spec.timeZone) || spec.timeZone === '' || spec.timeZone === 'Local')
        errs.push(invalidValue('spec.timeZone', spec.timeZone, `unknown time zone ${spec.timeZone}`));
    }
    if (!['Allow', 'Forbid', 'Replace'].includes(spec.concurrencyPolicy)) errs.push(notSupported('spec.concurrencyPolicy', spec.concurrencyPolicy ?? '', ['Allow', 'Forbid', 'Replace']));
    for (const f of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) nonNeg(spec, f, 'spec', errs);
    validateJobSpec(spec.jobTemplate?.spec, 'spec.jobTemplate.spec', errs, true);
    return errs;
  },
});

/** API server hooks (validation, defaulting) for the workloads kinds; registered on import. */
import { registerKind } from '../kinds';
import type { FieldCause } from '../../errors';
import type { KObject } from '../../objects';
import { parseImageRef, defaultPullPolicy } from '../../runtime/images';
import { matchesLabelSelector } from '../../selectors';

/** SetDefaults for a PodTemplateSpec's pod spec (no admission: no tolerations, no SA volume). */
function defaultTemplate(t: any): void {
  if (!t) return;
  t.metadata ??= {};
  const spec = (t.spec ??= {});
  spec.restartPolicy ??= 'Always';
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.securityContext ??= {};
  for (const c of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    if (c.imagePullPolicy === undefined && typeof c.image === 'string') {
      const ref = parseImageRef(c.image);
      c.imagePullPolicy = 'error' in ref ? 'IfNotPresent' : defaultPullPolicy(ref);
    }
    c.terminationMessagePath ??= '/dev/termination-log';
    c.terminationMessagePolicy ??= 'File';
    c.resources ??= {};
    for (const p of c.ports ?? []) p.protocol ??= 'TCP';
    for (const pr of [c.livenessProbe, c.readinessProbe, c.startupProbe]) {
      if (!pr) continue;
      pr.timeoutSeconds ??= 1;
      pr.periodSeconds ??= 10;
      pr.successThreshold ??= 1;
      pr.failureThreshold ??= 3;
      if (pr.httpGet) pr.httpGet.scheme ??= 'HTTP';
    }
  }
}

function goMap(m: Record<string, string> | undefined): string {
  const keys = Object.keys(m ?? {}).sort();
  return `map[string]string{${keys.map((k) => `"${k}":"${m![k]}"`).join(', ')}}`;
}

function validateCommon(o: KObject, kind: 'Deployment' | 'ReplicaSet' | 'DaemonSet'): FieldCause[] {
  const errs: FieldCause[] = [];
  const spec = o.spec ?? {};
  if (kind !== 'DaemonSet') {
    if (typeof spec.replicas === 'number' && spec.replicas < 0) errs.push({ field: 'spec.replicas', message: `Invalid value: ${spec.replicas}: must be greater than or equal to 0` });
  }
  const sel = spec.selector;
  const empty = !sel || (!Object.keys(sel.matchLabels ?? {}).length && !(sel.matchExpressions ?? []).length);
  if (!sel) errs.push({ field: 'spec.selector', message: 'Required value' });
  else if (empty) errs.push({ field: 'spec.selector', message: 'Invalid value: "null": empty selector is invalid for deployment' });
  const labels = spec.template?.metadata?.labels ?? {};
  if (sel && !empty && !matchesLabelSelector(sel, labels))
    errs.push({ field: 'spec.template.metadata.labels', message: `Invalid value: ${goMap(labels)}: \`selector\` does not match template \`labels\`` });
  const containers = spec.template?.spec?.containers;
  if (!containers?.length) errs.push({ field: 'spec.template.spec.containers', message: 'Required value' });
  (containers ?? []).forEach((c: any, i: number) => {
    if (!c.name) errs.push({ field: `spec.template.spec.containers[${i}].name`, message: 'Required value' });
    if (!c.image) errs.push({ field: `spec.template.spec.containers[${i}].image`, message: 'Required value' });
  });
  const rp = spec.template?.spec?.restartPolicy;
  if (rp && rp !== 'Always') errs.push({ field: 'spec.template.spec.restartPolicy', message: `Unsupported value: "${rp}": supported values: "Always"` });
  if (kind === 'Deployment') {
    const st = spec.strategy ?? {};
    if (st.type && !['RollingUpdate', 'Recreate'].includes(st.type)) errs.push({ field: 'spec.strategy.type', message: `Unsupported value: "${st.type}": supported values: "Recreate", "RollingUpdate"` });
    if (st.type === 'Recreate' && st.rollingUpdate) errs.push({ field: 'spec.strategy.rollingUpdate', message: `Forbidden: may not be specified when strategy \`type\` is 'Recreate'` });
    const ru = st.rollingUpdate;
    if (ru) {
      const isZero = (v: any) => v === 0 || v === '0%' || v === '0';
      if (isZero(ru.maxSurge) && isZero(ru.maxUnavailable)) errs.push({ field: 'spec.strategy.rollingUpdate.maxUnavailable', message: `Invalid value: ${typeof ru.maxUnavailable === 'string' ? `"${ru.maxUnavailable}"` : ru.maxUnavailable}: may not be 0 when \`maxSurge\` is 0` });
    }
    if (typeof spec.progressDeadlineSeconds === 'number' && spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0))
      errs.push({ field: 'spec.progressDeadlineSeconds', message: `Invalid value: ${spec.progressDeadlineSeconds}: must be greater than minReadySeconds` });
  }
  return errs;
}

function immutableSelector(o: KObject, old: KObject): FieldCause[] {
  if (JSON.stringify(o.spec?.selector ?? null) === JSON.stringify(old.spec?.selector ?? null)) return [];
  const s = o.spec?.selector ?? {};
  const parts: string[] = [];
  if (s.matchLabels) parts.push(`MatchLabels:${goMap(s.matchLabels).replace('map[string]string', 'map[string]string')}`);
  parts.push(`MatchExpressions:[]v1.LabelSelectorRequirement(${s.matchExpressions?.length ? '...' : 'nil'})`);
  return [{ field: 'spec.selector', message: `Invalid value: v1.LabelSelector{${parts.join(', ')}}: field is immutable` }];
}

registerKind('Deployment', {
  default(o) {
    const spec = (o.spec ??= {});
    spec.replicas ??= 1;
    spec.strategy ??= {};
    spec.strategy.type ??= 'RollingUpdate';
    if (spec.strategy.type === 'RollingUpdate') {
      spec.strategy.rollingUpdate ??= {};
      spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
      spec.strategy.rollingUpdate.maxSurge ??= '25%';
    }
    spec.revisionHistoryLimit ??= 10;
    spec.progressDeadlineSeconds ??= 600;
    defaultTemplate(spec.template);
  },
  validate: (o) => validateCommon(o, 'Deployment'),
  validateUpdate: immutableSelector,
});

registerKind('ReplicaSet', {
  default(o) {
    const spec = (o.spec ??= {});
    spec.replicas ??= 1;
    defaultTemplate(spec.template);
    if (!o.metadata.labels && spec.template?.metadata?.labels) o.metadata.labels = { ...spec.template.metadata.labels };
  },
  validate: (o) => validateCommon(o, 'ReplicaSet'),
  validateUpdate: immutableSelector,
});

registerKind('DaemonSet', {
  default(o) {
    const spec = (o.spec ??= {});
    spec.updateStrategy ??= {};
    spec.updateStrategy.type ??= 'RollingUpdate';
    if (spec.updateStrategy.type === 'RollingUpdate') {
      spec.updateStrategy.rollingUpdate ??= {};
      spec.updateStrategy.rollingUpdate.maxUnavailable ??= 1;
      spec.updateStrategy.rollingUpdate.maxSurge ??= 0;
    }
    spec.revisionHistoryLimit ??= 10;
    defaultTemplate(spec.template);
  },
  validate: (o) => validateCommon(o, 'DaemonSet'),
  validateUpdate: immutableSelector,
});

/**
 * podFailurePolicy matching — pure port of k/k pkg/controller/job/pod_failure_policy.go
 * (matchPodFailurePolicy, matchOnExitCodes, matchOnPodConditions). syncJob acts on the result:
 * FailJob → FailureTarget, Ignore → not counted, FailIndex → the index fails (per-index.ts).
 */
export type PodFailurePolicyAction = 'FailJob' | 'FailIndex' | 'Ignore' | 'Count';

export interface PodFailurePolicyRule {
  action: PodFailurePolicyAction;
  onExitCodes?: { containerName?: string | null; operator: 'In' | 'NotIn'; values: number[] } | null;
  onPodConditions?: { type: string; status?: string }[] | null;
}

export interface PodFailurePolicy {
  rules: PodFailurePolicyRule[];
}

/** The parts of a failed pod the matcher reads (API shapes). */
export interface FailedPodView {
  namespace: string;
  name: string;
  initContainerStatuses?: { name: string; state?: { terminated?: { exitCode: number } } }[];
  containerStatuses?: { name: string; state?: { terminated?: { exitCode: number } } }[];
  conditions?: { type: string; status: string }[];
}

export interface PodFailurePolicyMatch {
  /** the FailJob message, when a FailJob rule matched */
  failJobMessage: string | null;
  /** whether the failure counts toward backoffLimit */
  countFailed: boolean;
  action: PodFailurePolicyAction | null;
}

function matchOnExitCodes(pod: FailedPodView, req: NonNullable<PodFailurePolicyRule['onExitCodes']>) {
  const check = (list: FailedPodView['containerStatuses']) => {
    for (const cs of list ?? []) {
      if (req.containerName && req.containerName !== cs.name) continue;
      const t = cs.state?.terminated;
      if (!t || t.exitCode === 0) continue;
      const inSet = req.values.includes(t.exitCode);
      if ((req.operator === 'In' && inSet) || (req.operator === 'NotIn' && !inSet)) return { name: cs.name, exitCode: t.exitCode };
    }
    return null;
  };
  return check(pod.initContainerStatuses) ?? check(pod.containerStatuses);
}

function matchOnPodConditions(pod: FailedPodView, reqs: NonNullable<PodFailurePolicyRule['onPodConditions']>) {
  for (const r of reqs) for (const c of pod.conditions ?? []) if (c.type === r.type && c.status === (r.status ?? 'True')) return c;
  return null;
}

export function matchPodFailurePolicy(policy: PodFailurePolicy | null | undefined, pod: FailedPodView): PodFailurePolicyMatch {
  if (!policy) return { failJobMessage: null, countFailed: true, action: null };
  for (const [index, rule] of (policy.rules ?? []).entries()) {
    if (rule.onExitCodes) {
      const m = matchOnExitCodes(pod, rule.onExitCodes);
      if (!m) continue;
      if (rule.action === 'Ignore') return { failJobMessage: null, countFailed: false, action: 'Ignore' };
      if (rule.action === 'FailJob')
        return { failJobMessage: `Container ${m.name} for pod ${pod.namespace}/${pod.name} failed with exit code ${m.exitCode} matching FailJob rule at index ${index}`, countFailed: true, action: 'FailJob' };
      return { failJobMessage: null, countFailed: true, action: rule.action };
    } else if (rule.onPodConditions) {
      const c = matchOnPodConditions(pod, rule.onPodConditions);
      if (!c) continue;
      if (rule.action === 'Ignore') return { failJobMessage: null, countFailed: false, action: 'Ignore' };
      if (rule.action === 'FailJob') return { failJobMessage: `Pod ${pod.namespace}/${pod.name} has condition ${c.type} matching FailJob rule at index ${index}`, countFailed: true, action: 'FailJob' };
      return { failJobMessage: null, countFailed: true, action: rule.action };
    }
  }
  return { failJobMessage: null, countFailed: true, action: null };
}

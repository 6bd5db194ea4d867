/**
 * Job successPolicy (GA 1.33) — port of k/k pkg/controller/job/success_policy.go.
 * Rules are tried in order; the first that matches gives the SuccessCriteriaMet / Complete
 * message "Matched rules at index <rule index>" (reason SuccessPolicy).
 */
import { intervalsTotal, parseIndexesFromString, type Interval } from './intervals';

export interface SuccessPolicyRule {
  succeededIndexes?: string | null;
  succeededCount?: number | null;
}

export interface SuccessPolicy {
  rules: SuccessPolicyRule[];
}

export const SUCCESS_POLICY_REASON = 'SuccessPolicy';

/** matchSuccessPolicy: the message when a rule matches the succeeded indexes, else null. */
export function matchSuccessPolicy(policy: SuccessPolicy | null | undefined, completions: number, succeeded: readonly Interval[]): string | null {
  if (!policy || succeeded.length === 0) return null;
  for (const [index, rule] of (policy.rules ?? []).entries()) {
    if (rule.succeededIndexes !== undefined && rule.succeededIndexes !== null) {
      const required = parseIndexesFromString(rule.succeededIndexes, completions);
      // unparsable succeededIndexes: the rule is skipped
      if (required.length === 0) continue;
      if (matchSucceededIndexesRule(required, succeeded, rule.succeededCount ?? null)) return `Matched rules at index ${index}`;
    } else if (rule.succeededCount !== undefined && rule.succeededCount !== null && intervalsTotal(succeeded) >= rule.succeededCount) {
      return `Matched rules at index ${index}`;
    }
  }
  return null;
}

/** All of the rule's indexes succeeded, or at least succeededCount of them. */
export function matchSucceededIndexesRule(rule: readonly Interval[], succeeded: readonly Interval[], succeededCount: number | null): boolean {
  let contains = 0;
  let s = 0;
  let r = 0;
  while (r < rule.length && s < succeeded.length) {
    const overlap = Math.min(rule[r]!.last, succeeded[s]!.last) - Math.max(rule[r]!.first, succeeded[s]!.first) + 1;
    if (overlap > 0) contains += overlap;
    if (succeeded[s]!.last < rule[r]!.last) s++;
    else if (succeeded[s]!.last > rule[r]!.last) r++;
    else {
      s++;
      r++;
    }
  }
  return contains === intervalsTotal(rule) || (succeededCount !== null && contains >= succeededCount);
}

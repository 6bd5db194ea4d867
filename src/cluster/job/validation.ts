/**
 * API validation of the Indexed-Job fields — the backoffLimitPerIndex / maxFailedIndexes /
 * FailIndex / successPolicy parts of k/k pkg/apis/batch/validation/validation.go
 * (validateJobSpec, validatePodFailurePolicyRule, validateSuccessPolicy, validateIndexesFormat),
 * with its field paths and texts. Called from src/cluster/api/kinds/batch.ts.
 */
import type { FieldCause } from '../errors';
import { invalidValue, required } from '../api/validate-pod';

const IS_NEGATIVE = 'must be greater than or equal to 0';
const MAX_FAILED_INDEXES = 100_000;
const MAX_SUCCESS_POLICY_RULES = 20;
const isSet = (v: unknown): boolean => v !== undefined && v !== null;
const indexed = (spec: any) => spec.completionMode === 'Indexed';

/** Before the completionMode checks: maxFailedIndexes needs backoffLimitPerIndex. */
export function validatePerIndexLimits(spec: any, path: string, errs: FieldCause[]): void {
  if (isSet(spec.maxFailedIndexes) && !isSet(spec.backoffLimitPerIndex)) errs.push(required(`${path}.backoffLimitPerIndex`, 'when maxFailedIndexes is specified'));
}

/** Inside `completionMode: Indexed` (completions set) and for NonIndexed jobs. */
export function validatePerIndexMode(spec: any, path: string, errs: FieldCause[]): void {
  if (indexed(spec)) {
    if (isSet(spec.completions) && isSet(spec.maxFailedIndexes) && spec.maxFailedIndexes > spec.completions) errs.push(invalidValue(`${path}.maxFailedIndexes`, spec.maxFailedIndexes, 'must be less than or equal to completions'));
    if (isSet(spec.maxFailedIndexes) && spec.maxFailedIndexes > MAX_FAILED_INDEXES) errs.push(invalidValue(`${path}.maxFailedIndexes`, spec.maxFailedIndexes, `must be less than or equal to ${MAX_FAILED_INDEXES}`));
    return;
  }
  if (isSet(spec.backoffLimitPerIndex)) errs.push(invalidValue(`${path}.backoffLimitPerIndex`, spec.backoffLimitPerIndex, 'requires indexed completion mode'));
  if (isSet(spec.maxFailedIndexes)) errs.push(invalidValue(`${path}.maxFailedIndexes`, spec.maxFailedIndexes, 'requires indexed completion mode'));
}

/** validatePodFailurePolicyRule: FailIndex only with backoffLimitPerIndex. */
export function validateFailIndexRule(spec: any, rule: any, rulePath: string, errs: FieldCause[]): void {
  if (rule?.action === 'FailIndex' && !isSet(spec.backoffLimitPerIndex)) errs.push(invalidValue(`${rulePath}.action`, 'FailIndex', 'requires the backoffLimitPerIndex to be set'));
}

/** Go's %#v of the (internal) SuccessPolicy, pointers abbreviated. */
function successPolicyValue(sp: any): string {
  const rules = (sp?.rules ?? []).map((r: any) => `batch.SuccessPolicyRule{SucceededIndexes:${isSet(r?.succeededIndexes) ? '(*string)(...)' : '(*string)(nil)'}, SucceededCount:${isSet(r?.succeededCount) ? '(*int32)(...)' : '(*int32)(nil)'}}`);
  return `batch.SuccessPolicy{Rules:[]batch.SuccessPolicyRule{${rules.join(', ')}}}`;
}

export function validateSuccessPolicy(spec: any, path: string, errs: FieldCause[]): void {
  const sp: any = spec.successPolicy;
  if (!isSet(sp)) return;
  const p = `${path}.successPolicy`;
  if (!indexed(spec)) {
    errs.push({ field: p, message: `Invalid value: ${successPolicyValue(sp)}: requires indexed completion mode` });
    return;
  }
  const rules: any[] = Array.isArray(sp.rules) ? sp.rules : [];
  if (rules.length === 0) errs.push(required(`${p}.rules`, 'at least one rules must be specified when the successPolicy is specified'));
  if (rules.length > MAX_SUCCESS_POLICY_RULES) errs.push({ field: `${p}.rules`, message: `Too many: ${rules.length}: must have at most ${MAX_SUCCESS_POLICY_RULES} items` });
  const completions = spec.completions ?? 0;
  rules.forEach((r, i) => {
    const rp = `${p}.rules[${i}]`;
    if (!isSet(r?.succeededCount) && !isSet(r?.succeededIndexes)) errs.push(required(rp, 'at least one of succeededCount or succeededIndexes must be specified'));
    let total = 0;
    if (isSet(r?.succeededIndexes)) {
      const v = validateIndexesFormat(String(r.succeededIndexes), completions);
      if (typeof v === 'string') errs.push(invalidValue(`${rp}.succeededIndexes`, r.succeededIndexes, `error parsing succeededIndexes: ${v}`));
      else total = v;
    }
    if (isSet(r?.succeededCount)) {
      const cp = `${rp}.succeededCount`;
      if (r.succeededCount < 0) errs.push(invalidValue(cp, r.succeededCount, IS_NEGATIVE));
      if (r.succeededCount > completions) errs.push(invalidValue(cp, r.succeededCount, `must be less than or equal to ${completions} (the number of specified completions)`));
      if (isSet(r.succeededIndexes) && r.succeededCount > total) errs.push(invalidValue(cp, r.succeededCount, `must be less than or equal to ${total} (the number of indexes in the specified succeededIndexes field)`));
    }
  });
}

/** validateIndexesFormat: the number of indexes, or the parse error text. */
export function validateIndexesFormat(s: string, completions: number): number | string {
  if (s.length === 0) return 0;
  let last: number | null = null;
  let total = 0;
  for (const part of s.split(',')) {
    const r = parseIndexInterval(part, completions);
    if (typeof r === 'string') return r;
    const [x, y] = r;
    if (last !== null && last >= x) return `non-increasing order, previous: ${last}, current: ${x}`;
    total += y - x + 1;
    last = y;
  }
  return total;
}

const goQ = (s: string) => JSON.stringify(s);
/** strconv.Atoi: optional sign, decimal digits only. */
const atoi = (s: string) => (/^[+-]?\d+$/.test(s) ? Number(s) : null);

function parseIndexInterval(s: string, completions: number): [number, number] | string {
  const limits = s.split('-');
  if (limits.length > 2) return `the fragment ${goQ(s)} violates the requirement that an index interval can have at most two parts separated by '-'`;
  const x = atoi(limits[0]!);
  if (x === null) return `cannot convert string to integer for index: ${goQ(limits[0]!)}`;
  if (x >= completions) return `too large index: ${goQ(limits[0]!)}`;
  if (limits.length > 1) {
    const y = atoi(limits[1]!);
    if (y === null) return `cannot convert string to integer for index: ${goQ(limits[1]!)}`;
    if (y >= completions) return `too large index: ${goQ(limits[1]!)}`;
    if (x >= y) return `non-increasing order, previous: ${x}, current: ${y}`;
    return [x, y];
  }
  return [x, x];
}

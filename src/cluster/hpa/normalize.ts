/**
 * HPA normalization: stabilization windows, behavior rate limits, the legacy (behavior == nil)
 * rules and the AbleToScale / ScalingLimited condition reasons and messages.
 * Pure port of k/k pkg/controller/podautoscaler/horizontal.go (normalizeDesiredReplicas*,
 * stabilizeRecommendation*, convertDesiredReplicasWith*, calculateScale{Up,Down}Limit*,
 * storeScaleEvent, markScaleEventsOutdated) and pkg/apis/autoscaling/v2/defaults.go
 * (behavior defaults).
 *
 * The controller's per-HPA memory (recommendations, scale events) is passed in and returned as
 * plain arrays; `now` is explicit (epoch ms).
 */

export type SelectPolicy = 'Max' | 'Min' | 'Disabled';

export interface ScalingPolicy {
  type: 'Pods' | 'Percent';
  value: number;
  periodSeconds: number;
}

/** HPAScalingRules after defaulting (stabilizationWindowSeconds may still be null for scaleDown). */
export interface ScalingRules {
  selectPolicy?: SelectPolicy;
  stabilizationWindowSeconds?: number | null;
  policies?: ScalingPolicy[];
  /** HPAConfigurableTolerance (beta 1.35): quantity string like "0.05"; handled by the controller. */
  tolerance?: string;
}

export interface Behavior {
  scaleUp?: ScalingRules;
  scaleDown?: ScalingRules;
}

export interface TimestampedRecommendation {
  recommendation: number;
  timestamp: number;
}

export interface TimestampedScaleEvent {
  /** absolute value, non-negative */
  replicaChange: number;
  timestamp: number;
  outdated: boolean;
}

/** horizontal.go: scaleUpLimitFactor (2.0; the unit tests set 8) and scaleUpLimitMinimum (4.0). */
export const SCALE_UP_LIMIT_FACTOR = 2.0;
export const SCALE_UP_LIMIT_MINIMUM = 4.0;
/** --horizontal-pod-autoscaler-downscale-stabilization default. */
export const DEFAULT_DOWNSCALE_STABILISATION_WINDOW_MS = 5 * 60_000;

const MAX_INT32 = 2147483647;
const MIN_INT32 = -2147483648;

export const MSG = {
  scaleDownStabilized: 'recent recommendations were higher than current one, applying the highest recent recommendation',
  scaleUpStabilized: 'recent recommendations were lower than current one, applying the lowest recent recommendation',
  readyForNewScale: 'recommended size matches current size',
  scaleUpLimit: 'the desired replica count is increasing faster than the maximum scale rate',
  scaleDownLimit: 'the desired replica count is decreasing faster than the maximum scale rate',
  tooManyReplicas: 'the desired replica count is more than the maximum replica count',
  tooFewReplicas: 'the desired replica count is less than the minimum replica count',
  desiredWithinRange: 'the desired count is within the acceptable range',
} as const;

// ---------------------------------------------------------------------------------------------
// Defaults (pkg/apis/autoscaling/v2/defaults.go)
// ---------------------------------------------------------------------------------------------

/** GenerateHPAScaleUpRules: 0s window, Max of Pods 4/15s and Percent 100/15s. */
export function generateHPAScaleUpRules(rules?: ScalingRules | null): ScalingRules {
  const r: ScalingRules = { ...(rules ?? {}) };
  if (r.stabilizationWindowSeconds === undefined || r.stabilizationWindowSeconds === null) r.stabilizationWindowSeconds = 0;
  if (r.selectPolicy === undefined) r.selectPolicy = 'Max';
  if (r.policies === undefined) {
    r.policies = [
      { type: 'Pods', value: 4, periodSeconds: 15 },
      { type: 'Percent', value: 100, periodSeconds: 15 },
    ];
  }
  return r;
}

/** GenerateHPAScaleDownRules: window left nil (the controller uses its 5m flag), Max of Percent 100/15s. */
export function generateHPAScaleDownRules(rules?: ScalingRules | null): ScalingRules {
  const r: ScalingRules = { ...(rules ?? {}) };
  if (r.selectPolicy === undefined) r.selectPolicy = 'Max';
  if (r.policies === undefined) r.policies = [{ type: 'Percent', value: 100, periodSeconds: 15 }];
  if (r.stabilizationWindowSeconds === undefined) r.stabilizationWindowSeconds = null;
  return r;
}

/** SetDefaults_HorizontalPodAutoscalerBehavior: only when spec.behavior is set. */
export function defaultBehavior(behavior: Behavior | null | undefined): Behavior | null {
  if (!behavior) return null;
  return { scaleUp: generateHPAScaleUpRules(behavior.scaleUp), scaleDown: generateHPAScaleDownRules(behavior.scaleDown) };
}

// ---------------------------------------------------------------------------------------------
// Legacy path (behavior == nil)
// ---------------------------------------------------------------------------------------------

/**
 * stabilizeRecommendation: max of the recommendations younger than the window (and the new one);
 * the last sample older than the window is overwritten in place, else the new one is appended.
 */
export function stabilizeRecommendation(
  recommendations: readonly TimestampedRecommendation[],
  prenormalizedDesiredReplicas: number,
  windowMs: number,
  now: number,
): { replicas: number; recommendations: TimestampedRecommendation[] } {
  let maxRecommendation = prenormalizedDesiredReplicas;
  let foundOldSample = false;
  let oldSampleIndex = 0;
  const cutoff = now - windowMs;
  const recs = recommendations.map((r) => ({ ...r }));
  recs.forEach((rec, i) => {
    if (rec.timestamp < cutoff) {
      foundOldSample = true;
      oldSampleIndex = i;
    } else if (rec.recommendation > maxRecommendation) {
      maxRecommendation = rec.recommendation;
    }
  });
  const fresh = { recommendation: prenormalizedDesiredReplicas, timestamp: now };
  if (foundOldSample) recs[oldSampleIndex] = fresh;
  else recs.push(fresh);
  return { replicas: maxRecommendation, recommendations: recs };
}

/** calculateScaleUpLimit: max(factor × current, 4). */
export function calculateScaleUpLimit(currentReplicas: number, scaleUpLimitFactor = SCALE_UP_LIMIT_FACTOR, scaleUpLimitMinimum = SCALE_UP_LIMIT_MINIMUM): number {
  return Math.trunc(Math.max(scaleUpLimitFactor * currentReplicas, scaleUpLimitMinimum));
}

export interface LimitResult {
  replicas: number;
  /** ScalingLimited reason: ScaleUpLimit | ScaleDownLimit | TooManyReplicas | TooFewReplicas | DesiredWithinRange */
  reason: string;
  message: string;
}

/** convertDesiredReplicasWithRules: clamp to [min, min(max, scaleUpLimit)]. */
export function convertDesiredReplicasWithRules(
  currentReplicas: number,
  desiredReplicas: number,
  hpaMinReplicas: number,
  hpaMaxReplicas: number,
  scaleUpLimitFactor = SCALE_UP_LIMIT_FACTOR,
): LimitResult {
  const minimumAllowedReplicas = hpaMinReplicas;
  let maximumAllowedReplicas: number;
  let possibleLimitingCondition: string;
  let possibleLimitingReason: string;
  // Do not scaleup too much to prevent incorrect rapid increase of the number of master replicas caused by
  // bogus CPU usage report from heapster/kubelet (like in issue #32304).
  const scaleUpLimit = calculateScaleUpLimit(currentReplicas, scaleUpLimitFactor);
  if (hpaMaxReplicas > scaleUpLimit) {
    maximumAllowedReplicas = scaleUpLimit;
    possibleLimitingCondition = 'ScaleUpLimit';
    possibleLimitingReason = MSG.scaleUpLimit;
  } else {
    maximumAllowedReplicas = hpaMaxReplicas;
    possibleLimitingCondition = 'TooManyReplicas';
    possibleLimitingReason = MSG.tooManyReplicas;
  }
  if (desiredReplicas < minimumAllowedReplicas) {
    return { replicas: minimumAllowedReplicas, reason: 'TooFewReplicas', message: MSG.tooFewReplicas };
  } else if (desiredReplicas > maximumAllowedReplicas) {
    return { replicas: maximumAllowedReplicas, reason: possibleLimitingCondition, message: possibleLimitingReason };
  }
  return { replicas: desiredReplicas, reason: 'DesiredWithinRange', message: MSG.desiredWithinRange };
}

/** A condition as setCondition would write it (messages and reasons included). */
export interface HpaConditionUpdate {
  type: 'AbleToScale' | 'ScalingActive' | 'ScalingLimited';
  status: 'True' | 'False';
  reason: string;
  message: string;
}

export interface NormalizeResult {
  desiredReplicas: number;
  /** AbleToScale then ScalingLimited, in the order the controller sets them. */
  conditions: HpaConditionUpdate[];
  recommendations: TimestampedRecommendation[];
}

/** normalizeDesiredReplicas (behavior == nil). */
export function normalizeDesiredReplicas(args: {
  recommendations: readonly TimestampedRecommendation[];
  currentReplicas: number;
  prenormalizedDesiredReplicas: number;
  minReplicas: number;
  maxReplicas: number;
  downscaleStabilisationWindowMs?: number;
  scaleUpLimitFactor?: number;
  now: number;
}): NormalizeResult {
  const { replicas: stabilizedRecommendation, recommendations } = stabilizeRecommendation(
    args.recommendations,
    args.prenormalizedDesiredReplicas,
    args.downscaleStabilisationWindowMs ?? DEFAULT_DOWNSCALE_STABILISATION_WINDOW_MS,
    args.now,
  );
  const conditions: HpaConditionUpdate[] = [];
  if (stabilizedRecommendation !== args.prenormalizedDesiredReplicas) {
    conditions.push({ type: 'AbleToScale', status: 'True', reason: 'ScaleDownStabilized', message: MSG.scaleDownStabilized });
  } else {
    conditions.push({ type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: MSG.readyForNewScale });
  }
  const lim = convertDesiredReplicasWithRules(args.currentReplicas, stabilizedRecommendation, args.minReplicas, args.maxReplicas, args.scaleUpLimitFactor);
  conditions.push({
    type: 'ScalingLimited',
    status: lim.replicas === stabilizedRecommendation ? 'False' : 'True',
    reason: lim.reason,
    message: lim.message,
  });
  return { desiredReplicas: lim.replicas, conditions, recommendations };
}

// ---------------------------------------------------------------------------------------------
// Behavior path
// ---------------------------------------------------------------------------------------------

export interface NormalizationArg {
  scaleUpBehavior: ScalingRules;
  scaleDownBehavior: ScalingRules;
  minReplicas: number;
  maxReplicas: number;
  currentReplicas: number;
  desiredReplicas: number;
}

/**
 * stabilizeRecommendationWithBehaviors: up = min(recs younger than the scale-up window ∪ desired),
 * down = max(recs younger than the scale-down window ∪ desired); result = current raised to up,
 * lowered to down. Records the raw desired value (reusing the last sample older than both windows).
 */
export function stabilizeRecommendationWithBehaviors(
  recommendations: readonly TimestampedRecommendation[],
  args: Pick<NormalizationArg, 'currentReplicas' | 'desiredReplicas'> & { scaleUpWindowSeconds: number; scaleDownWindowSeconds: number },
  now: number,
): { replicas: number; reason: string; message: string; recommendations: TimestampedRecommendation[] } {
  let foundOldSample = false;
  let oldSampleIndex = 0;
  let upRecommendation = args.desiredReplicas;
  const upCutoff = now - args.scaleUpWindowSeconds * 1000;
  let downRecommendation = args.desiredReplicas;
  const downCutoff = now - args.scaleDownWindowSeconds * 1000;
  const recs = recommendations.map((r) => ({ ...r }));
  recs.forEach((rec, i) => {
    if (rec.timestamp > upCutoff) upRecommendation = Math.min(rec.recommendation, upRecommendation);
    if (rec.timestamp > downCutoff) downRecommendation = Math.max(rec.recommendation, downRecommendation);
    if (rec.timestamp < upCutoff && rec.timestamp < downCutoff) {
      foundOldSample = true;
      oldSampleIndex = i;
    }
  });
  // Bring the recommendation to within the upper and lower limits (stabilize).
  let recommendation = args.currentReplicas;
  if (recommendation < upRecommendation) recommendation = upRecommendation;
  if (recommendation > downRecommendation) recommendation = downRecommendation;
  // Record the unstabilized recommendation.
  const fresh = { recommendation: args.desiredReplicas, timestamp: now };
  if (foundOldSample) recs[oldSampleIndex] = fresh;
  else recs.push(fresh);
  // Determine a human-friendly message.
  if (args.desiredReplicas >= args.currentReplicas) {
    return { replicas: recommendation, reason: 'ScaleUpStabilized', message: MSG.scaleUpStabilized, recommendations: recs };
  }
  return { replicas: recommendation, reason: 'ScaleDownStabilized', message: MSG.scaleDownStabilized, recommendations: recs };
}

/** getReplicasChangePerPeriod: sum of changes strictly younger than the period. */
export function getReplicasChangePerPeriod(periodSeconds: number, scaleEvents: readonly TimestampedScaleEvent[], now: number): number {
  const cutoff = now - periodSeconds * 1000;
  let replicas = 0;
  for (const rec of scaleEvents) {
    if (rec.timestamp > cutoff) replicas += rec.replicaChange;
  }
  return replicas;
}

/** calculateScaleUpLimitWithScalingRules: the highest (Max) / lowest (Min) replica count the policies allow. */
export function calculateScaleUpLimitWithScalingRules(
  currentReplicas: number,
  scaleUpEvents: readonly TimestampedScaleEvent[],
  scaleDownEvents: readonly TimestampedScaleEvent[],
  scalingRules: ScalingRules,
  now: number,
): number {
  let result: number;
  let selectPolicyFn: (a: number, b: number) => number;
  if (scalingRules.selectPolicy === 'Disabled') {
    return currentReplicas; // Scaling is disabled
  } else if (scalingRules.selectPolicy === 'Min') {
    result = MAX_INT32;
    selectPolicyFn = Math.min; // For scaling up, the lowest change ('min' policy) produces a minimum value
  } else {
    result = MIN_INT32;
    selectPolicyFn = Math.max; // Use the default policy otherwise to produce a highest possible change
  }
  for (const policy of scalingRules.policies ?? []) {
    const replicasAddedInCurrentPeriod = getReplicasChangePerPeriod(policy.periodSeconds, scaleUpEvents, now);
    const replicasDeletedInCurrentPeriod = getReplicasChangePerPeriod(policy.periodSeconds, scaleDownEvents, now);
    const periodStartReplicas = currentReplicas - replicasAddedInCurrentPeriod + replicasDeletedInCurrentPeriod;
    let proposed = 0;
    if (policy.type === 'Pods') {
      proposed = periodStartReplicas + policy.value;
    } else if (policy.type === 'Percent') {
      // the proposal has to be rounded up because the proposed change might not increase the replica count causing the target to never scale up
      proposed = Math.ceil(periodStartReplicas * (1 + policy.value / 100));
    }
    result = selectPolicyFn(result, proposed);
  }
  return result;
}

/** calculateScaleDownLimitWithBehaviors: the lowest (Max) / highest (Min) replica count the policies allow. */
export function calculateScaleDownLimitWithBehaviors(
  currentReplicas: number,
  scaleUpEvents: readonly TimestampedScaleEvent[],
  scaleDownEvents: readonly TimestampedScaleEvent[],
  scalingRules: ScalingRules,
  now: number,
): number {
  let result: number;
  let selectPolicyFn: (a: number, b: number) => number;
  if (scalingRules.selectPolicy === 'Disabled') {
    return currentReplicas; // Scaling is disabled
  } else if (scalingRules.selectPolicy === 'Min') {
    result = MIN_INT32;
    selectPolicyFn = Math.max; // For scaling down, the lowest change ('min' policy) produces a maximum value
  } else {
    result = MAX_INT32;
    selectPolicyFn = Math.min; // Use the default policy otherwise to produce a highest possible change
  }
  for (const policy of scalingRules.policies ?? []) {
    const replicasAddedInCurrentPeriod = getReplicasChangePerPeriod(policy.periodSeconds, scaleUpEvents, now);
    const replicasDeletedInCurrentPeriod = getReplicasChangePerPeriod(policy.periodSeconds, scaleDownEvents, now);
    const periodStartReplicas = currentReplicas - replicasAddedInCurrentPeriod + replicasDeletedInCurrentPeriod;
    let proposed = 0;
    if (policy.type === 'Pods') {
      proposed = periodStartReplicas - policy.value;
    } else if (policy.type === 'Percent') {
      proposed = Math.trunc(periodStartReplicas * (1 - policy.value / 100));
    }
    result = selectPolicyFn(result, proposed);
  }
  return result;
}

/** convertDesiredReplicasWithBehaviorRate: apply the rate limits, then [min, max]. */
export function convertDesiredReplicasWithBehaviorRate(
  args: NormalizationArg,
  scaleUpEvents: readonly TimestampedScaleEvent[],
  scaleDownEvents: readonly TimestampedScaleEvent[],
  now: number,
): LimitResult {
  if (args.desiredReplicas > args.currentReplicas) {
    let scaleUpLimit = calculateScaleUpLimitWithScalingRules(args.currentReplicas, scaleUpEvents, scaleDownEvents, args.scaleUpBehavior, now);
    if (scaleUpLimit < args.currentReplicas) {
      // We shouldn't scale up further until the scaleUpEvents will be cleaned up
      scaleUpLimit = args.currentReplicas;
    }
    let maximumAllowedReplicas = args.maxReplicas;
    let reason: string;
    let message: string;
    if (maximumAllowedReplicas > scaleUpLimit) {
      maximumAllowedReplicas = scaleUpLimit;
      reason = 'ScaleUpLimit';
      message = MSG.scaleUpLimit;
    } else {
      reason = 'TooManyReplicas';
      message = MSG.tooManyReplicas;
    }
    if (args.desiredReplicas > maximumAllowedReplicas) return { replicas: maximumAllowedReplicas, reason, message };
  } else if (args.desiredReplicas < args.currentReplicas) {
    let scaleDownLimit = calculateScaleDownLimitWithBehaviors(args.currentReplicas, scaleUpEvents, scaleDownEvents, args.scaleDownBehavior, now);
    if (scaleDownLimit > args.currentReplicas) {
      // We shouldn't scale down further until the scaleDownEvents will be cleaned up
      scaleDownLimit = args.currentReplicas;
    }
    let minimumAllowedReplicas = args.minReplicas;
    let reason: string;
    let message: string;
    if (minimumAllowedReplicas < scaleDownLimit) {
      minimumAllowedReplicas = scaleDownLimit;
      reason = 'ScaleDownLimit';
      message = MSG.scaleDownLimit;
    } else {
      reason = 'TooFewReplicas';
      message = MSG.tooFewReplicas;
    }
    if (args.desiredReplicas < minimumAllowedReplicas) return { replicas: minimumAllowedReplicas, reason, message };
  }
  return { replicas: args.desiredReplicas, reason: 'DesiredWithinRange', message: MSG.desiredWithinRange };
}

/**
 * normalizeDesiredReplicasWithBehaviors: stabilize, then rate-limit. `behavior` must be defaulted;
 * a nil scaleDown stabilization window takes the controller's --horizontal-pod-autoscaler-downscale-stabilization.
 */
export function normalizeDesiredReplicasWithBehaviors(args: {
  behavior: Behavior;
  recommendations: readonly TimestampedRecommendation[];
  scaleUpEvents: readonly TimestampedScaleEvent[];
  scaleDownEvents: readonly TimestampedScaleEvent[];
  currentReplicas: number;
  prenormalizedDesiredReplicas: number;
  minReplicas: number;
  maxReplicas: number;
  downscaleStabilisationWindowMs?: number;
  now: number;
}): NormalizeResult {
  const scaleUp = generateHPAScaleUpRules(args.behavior.scaleUp);
  const scaleDown = generateHPAScaleDownRules(args.behavior.scaleDown);
  // maybeInitScaleDownStabilizationWindow
  if (scaleDown.stabilizationWindowSeconds === null || scaleDown.stabilizationWindowSeconds === undefined) {
    scaleDown.stabilizationWindowSeconds = Math.trunc((args.downscaleStabilisationWindowMs ?? DEFAULT_DOWNSCALE_STABILISATION_WINDOW_MS) / 1000);
  }
  const normalizationArg: NormalizationArg = {
    scaleUpBehavior: scaleUp,
    scaleDownBehavior: scaleDown,
    minReplicas: args.minReplicas,
    maxReplicas: args.maxReplicas,
    currentReplicas: args.currentReplicas,
    desiredReplicas: args.prenormalizedDesiredReplicas,
  };
  const stab = stabilizeRecommendationWithBehaviors(
    args.recommendations,
    {
      currentReplicas: args.currentReplicas,
      desiredReplicas: args.prenormalizedDesiredReplicas,
      scaleUpWindowSeconds: scaleUp.stabilizationWindowSeconds ?? 0,
      scaleDownWindowSeconds: scaleDown.stabilizationWindowSeconds,
    },
    args.now,
  );
  const conditions: HpaConditionUpdate[] = [];
  normalizationArg.desiredReplicas = stab.replicas;
  if (stab.replicas !== args.prenormalizedDesiredReplicas) {
    // "ScaleUpStabilized" || "ScaleDownStabilized"
    conditions.push({ type: 'AbleToScale', status: 'True', reason: stab.reason, message: stab.message });
  } else {
    conditions.push({ type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale', message: MSG.readyForNewScale });
  }
  const lim = convertDesiredReplicasWithBehaviorRate(normalizationArg, args.scaleUpEvents, args.scaleDownEvents, args.now);
  conditions.push({
    type: 'ScalingLimited',
    status: lim.replicas === stab.replicas ? 'False' : 'True',
    reason: lim.reason,
    message: lim.message,
  });
  return { desiredReplicas: lim.replicas, conditions, recommendations: stab.recommendations };
}

// ---------------------------------------------------------------------------------------------
// Scale-event memory
// ---------------------------------------------------------------------------------------------

export function getLongestPolicyPeriod(scalingRules: ScalingRules): number {
  let longest = 0;
  for (const p of scalingRules.policies ?? []) if (p.periodSeconds > longest) longest = p.periodSeconds;
  return longest;
}

/** markScaleEventsOutdated: events older than the longest policy period may be reused. */
export function markScaleEventsOutdated(scaleEvents: TimestampedScaleEvent[], longestPolicyPeriod: number, now: number): void {
  const cutoff = now - longestPolicyPeriod * 1000;
  for (const e of scaleEvents) if (e.timestamp < cutoff) e.outdated = true;
}

/**
 * storeScaleEvent: after a rescale with behavior set, remember the change (reusing the last
 * outdated slot). Returns new arrays; without behavior nothing is stored.
 */
export function storeScaleEvent(
  behavior: Behavior | null | undefined,
  scaleUpEvents: readonly TimestampedScaleEvent[],
  scaleDownEvents: readonly TimestampedScaleEvent[],
  prevReplicas: number,
  newReplicas: number,
  now: number,
): { scaleUpEvents: TimestampedScaleEvent[]; scaleDownEvents: TimestampedScaleEvent[] } {
  const up = scaleUpEvents.map((e) => ({ ...e }));
  const down = scaleDownEvents.map((e) => ({ ...e }));
  if (!behavior) return { scaleUpEvents: up, scaleDownEvents: down };
  const store = (events: TimestampedScaleEvent[], rules: ScalingRules, change: number) => {
    markScaleEventsOutdated(events, getLongestPolicyPeriod(rules), now);
    let foundOldSample = false;
    let oldSampleIndex = 0;
    events.forEach((e, i) => {
      if (e.outdated) {
        foundOldSample = true;
        oldSampleIndex = i;
      }
    });
    const newEvent = { replicaChange: change, timestamp: now, outdated: false };
    if (foundOldSample) events[oldSampleIndex] = newEvent;
    else events.push(newEvent);
  };
  if (newReplicas > prevReplicas) store(up, generateHPAScaleUpRules(behavior.scaleUp), newReplicas - prevReplicas);
  else store(down, generateHPAScaleDownRules(behavior.scaleDown), prevReplicas - newReplicas);
  return { scaleUpEvents: up, scaleDownEvents: down };
}

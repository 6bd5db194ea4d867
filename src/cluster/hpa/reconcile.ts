/**
 * One HPA sync (HorizontalController.reconcileAutoscaler, computeReplicasForMetrics,
 * computeReplicasForMetric, computeStatusFor*Metric) as a pure function.
 *
 * The live controller gathers the inputs — the HPA object, the target's scale subresource, the
 * pods its selector matches, a snapshot of the metrics APIs — calls `reconcileAutoscaler`, then
 * writes `status`, updates the scale when `rescale` is true, records `events`, and keeps `state`
 * (recommendations and scale events, the controller's in-memory per-HPA history) for next time.
 */
import type { MetricSpec, MetricStatus, MetricTarget, MetricValueStatus } from 'kubernetes-types/autoscaling/v2';
import type { LabelSelector } from 'kubernetes-types/meta/v1';
import {
  DEFAULT_CPU_INITIALIZATION_PERIOD_MS,
  DEFAULT_DELAY_OF_INITIAL_READINESS_STATUS_MS,
  DEFAULT_TOLERANCE,
  GetExternalMetricReplicas,
  GetExternalPerPodMetricReplicas,
  GetMetricReplicas,
  GetObjectMetricReplicas,
  GetObjectPerPodMetricReplicas,
  GetRawResourceReplicas,
  GetResourceReplicas,
  type ExternalSamples,
  type HpaPod,
  type RawPodMetrics,
  type RawPodsMetricValue,
  type ReplicaCalcConfig,
  type Tolerances,
  type ValueSample,
} from './replica-calculator';
import {
  DEFAULT_DOWNSCALE_STABILISATION_WINDOW_MS,
  SCALE_UP_LIMIT_FACTOR,
  defaultBehavior,
  normalizeDesiredReplicas,
  normalizeDesiredReplicasWithBehaviors,
  storeScaleEvent,
  type Behavior,
  type TimestampedRecommendation,
  type TimestampedScaleEvent,
} from './normalize';
import { approximateFloat, formatMilli, milliValue } from './quantity';

export interface HpaCondition {
  type: string;
  status: string;
  reason: string;
  message: string;
  /** epoch ms */
  lastTransitionTime: number;
}

export interface HpaEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/** The HPA as the controller reads it (spec fields of autoscaling/v2, plus the previous status). */
export interface HpaInput {
  namespace?: string;
  name?: string;
  scaleTargetRef: { kind: string; name: string; apiVersion?: string };
  minReplicas?: number | null;
  maxReplicas: number;
  /** spec.metrics; empty/undefined is defaulted to cpu Utilization 80%. */
  metrics?: MetricSpec[];
  /** spec.behavior; null/undefined selects the legacy normalization. */
  behavior?: Behavior | null;
  status?: {
    desiredReplicas?: number;
    conditions?: HpaCondition[];
    /** epoch ms */
    lastScaleTime?: number | null;
  };
}

/** The target's scale subresource. */
export interface ScaleInput {
  specReplicas: number;
  statusReplicas: number;
  /** status.selector; '' means the target has none. */
  selector?: string;
}

/** What the metrics APIs return for this HPA at `now`. */
export interface HpaMetricsSnapshot {
  /** metrics.k8s.io PodMetrics for the selected pods. */
  resource?: RawPodMetrics[] | { error: string };
  /** custom.metrics.k8s.io, per metric name: per-pod values. */
  pods?: Record<string, RawPodsMetricValue[] | { error: string }>;
  /** custom.metrics.k8s.io object metrics, keyed `${kind}/${name}/${metricName}`. */
  object?: Record<string, ValueSample>;
  /** external.metrics.k8s.io, per metric name. */
  external?: Record<string, ExternalSamples>;
}

/** The controller's in-memory history for one HPA. */
export interface HpaControllerState {
  /** null/undefined until the first sync records currentReplicas. */
  recommendations?: TimestampedRecommendation[] | null;
  scaleUpEvents?: TimestampedScaleEvent[];
  scaleDownEvents?: TimestampedScaleEvent[];
}

export interface HpaControllerConfig {
  tolerance?: number;
  cpuInitializationPeriodMs?: number;
  delayOfInitialReadinessStatusMs?: number;
  downscaleStabilisationWindowMs?: number;
  /** 2.0 in production; horizontal_test.go sets 8. */
  scaleUpLimitFactor?: number;
  /** HPAConfigurableTolerance gate (beta, on, in 1.35+). */
  configurableTolerance?: boolean;
  podLevelResources?: boolean;
}

export interface ReconcileResult {
  status: {
    currentReplicas: number;
    desiredReplicas: number;
    currentMetrics: MetricStatus[] | null;
    conditions: HpaCondition[];
    lastScaleTime: number | null;
  };
  /** Whether to write `desiredReplicas` to the scale subresource. */
  rescale: boolean;
  desiredReplicas: number;
  rescaleReason: string;
  events: HpaEvent[];
  state: HpaControllerState;
  /** The error reconcileAutoscaler would return (logged by the controller), if any. */
  error?: string;
}

/** setConditionInList: update in place (lastTransitionTime changes only with status) or append. */
export function setConditionInList(
  list: readonly HpaCondition[],
  type: string,
  status: string,
  reason: string,
  message: string,
  now: number,
): HpaCondition[] {
  const res = list.map((c) => ({ ...c }));
  let existing = res.find((c) => c.type === type);
  if (!existing) {
    existing = { type, status: '', reason: '', message: '', lastTransitionTime: now };
    res.push(existing);
  }
  if (existing.status !== status) existing.lastTransitionTime = now;
  existing.status = status;
  existing.reason = reason;
  existing.message = message;
  return res;
}

/** SetDefaults_HorizontalPodAutoscaler: minReplicas 1, metrics → cpu 80% Utilization. */
export function defaultMetrics(metrics: MetricSpec[] | undefined): MetricSpec[] {
  if (metrics && metrics.length > 0) return metrics;
  return [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
}

/** Go's %+v of a *metav1.LabelSelector (nil → <nil>). */
export function formatSelectorPlusV(sel: LabelSelector | undefined | null): string {
  if (!sel) return '<nil>';
  const labels = Object.keys(sel.matchLabels ?? {})
    .sort()
    .map((k) => `${k}: ${sel.matchLabels![k]},`)
    .join('');
  const exprs = (sel.matchExpressions ?? [])
    .map((e) => `LabelSelectorRequirement{Key:${e.key},Operator:${e.operator},Values:[]string{${(e.values ?? []).join(',')}},},`)
    .join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}

interface MetricOutcome {
  replicaCountProposal: number;
  metricNameProposal: string;
  timestampProposal: number;
  status: MetricStatus;
  /** set on error: the ScalingActive=False condition the metric proposes */
  condition?: { reason: string; message: string };
  error?: string;
}

function targetMilli(q: MetricTarget['averageValue']): number {
  return milliValue(String(q));
}

/** Computes the proposal for one metric (computeReplicasForMetric + computeStatusFor*Metric). */
function computeReplicasForMetric(
  spec: MetricSpec,
  specReplicas: number,
  statusReplicas: number,
  pods: HpaPod[],
  snapshot: HpaMetricsSnapshot,
  tolerances: Tolerances,
  namespace: string,
  calcCfg: ReplicaCalcConfig,
  events: HpaEvent[],
): MetricOutcome {
  const empty: MetricStatus = { type: '' };
  const unable = (reason: string, err: string, outer: string): MetricOutcome => {
    events.push({ type: 'Warning', reason, message: err });
    return {
      replicaCountProposal: 0,
      metricNameProposal: '',
      timestampProposal: 0,
      status: empty,
      condition: { reason, message: `the HPA was unable to compute the replica count: ${err}` },
      error: outer,
    };
  };
  const msg = (e: unknown) => (e instanceof Error ? e.message : String(e));

  switch (spec.type) {
    case 'Object': {
      const o = spec.object!;
      const sample = snapshot.object?.[`${o.describedObject.kind}/${o.describedObject.name}/${o.metric.name}`] ?? { error: 'no metrics returned from custom metrics API' };
      if (o.target.type === 'Value' && o.target.value !== undefined) {
        try {
          const r = GetObjectMetricReplicas({
            currentReplicas: specReplicas,
            targetUsage: targetMilli(o.target.value),
            metricName: o.metric.name,
            objectRef: o.describedObject,
            namespace,
            tolerances,
            pods,
            sample,
          });
          return {
            replicaCountProposal: r.replicaCount,
            metricNameProposal: `${o.describedObject.kind} metric ${o.metric.name}`,
            timestampProposal: r.timestamp,
            status: {
              type: 'Object',
              object: { describedObject: o.describedObject, metric: { name: o.metric.name, ...(o.metric.selector ? { selector: o.metric.selector } : {}) }, current: { value: formatMilli(r.usage) } },
            },
          };
        } catch (e) {
          return unable('FailedGetObjectMetric', msg(e), `failed to get object metric value: ${msg(e)}`);
        }
      } else if (o.target.type === 'AverageValue' && o.target.averageValue !== undefined) {
        try {
          const r = GetObjectPerPodMetricReplicas({
            statusReplicas,
            targetAverageUsage: targetMilli(o.target.averageValue),
            metricName: o.metric.name,
            objectRef: o.describedObject,
            namespace,
            tolerances,
            sample,
          });
          return {
            replicaCountProposal: r.replicaCount,
            metricNameProposal: `external metric ${o.metric.name}(${formatSelectorPlusV(o.metric.selector)})`,
            timestampProposal: r.timestamp,
            status: { type: 'Object', object: { metric: { name: o.metric.name, ...(o.metric.selector ? { selector: o.metric.selector } : {}) }, current: { averageValue: formatMilli(r.usage) } } as MetricStatus['object'] },
          };
        } catch (e) {
          const err = `failed to get ${o.metric.name} object metric: ${msg(e)}`;
          return unable('FailedGetObjectMetric', msg(e), `failed to get object metric value: ${err}`);
        }
      }
      const err = 'invalid object metric source: neither a value target nor an average value target was set';
      return unable('FailedGetObjectMetric', err, `failed to get object metric value: ${err}`);
    }
    case 'Pods': {
      const p = spec.pods!;
      try {
        const r = GetMetricReplicas(
          {
            currentReplicas: specReplicas,
            targetUsage: targetMilli(p.target.averageValue),
            metricName: p.metric.name,
            tolerances,
            pods,
            values: snapshot.pods?.[p.metric.name] ?? [],
          },
          calcCfg,
        );
        return {
          replicaCountProposal: r.replicaCount,
          metricNameProposal: `pods metric ${p.metric.name}`,
          timestampProposal: r.timestamp,
          status: { type: 'Pods', pods: { metric: { name: p.metric.name, ...(p.metric.selector ? { selector: p.metric.selector } : {}) }, current: { averageValue: formatMilli(r.usage) } } },
        };
      } catch (e) {
        return unable('FailedGetPodsMetric', msg(e), `failed to get pods metric value: ${msg(e)}`);
      }
    }
    case 'Resource':
    case 'ContainerResource': {
      const isContainer = spec.type === 'ContainerResource';
      const src = isContainer ? spec.containerResource! : spec.resource!;
      const container = isContainer ? spec.containerResource!.container : '';
      const failReason = isContainer ? 'FailedGetContainerResourceMetric' : 'FailedGetResourceMetric';
      const outer = (err: string) => (isContainer ? `failed to get ${container} container metric value: ${err}` : `failed to get ${src.name} resource metric value: ${err}`);
      const mkStatus = (current: MetricValueStatus): MetricStatus =>
        isContainer
          ? { type: 'ContainerResource', containerResource: { name: src.name, container, current } }
          : { type: 'Resource', resource: { name: src.name, current } };
      const podMetrics = snapshot.resource ?? [];
      if (src.target.averageValue !== undefined) {
        try {
          const r = GetRawResourceReplicas(
            { currentReplicas: specReplicas, targetUsage: targetMilli(src.target.averageValue), resource: src.name, tolerances, pods, podMetrics, container },
            calcCfg,
          );
          return {
            replicaCountProposal: r.replicaCount,
            metricNameProposal: `${src.name} resource`,
            timestampProposal: r.timestamp,
            status: mkStatus({ averageValue: formatMilli(r.usage) }),
          };
        } catch (e) {
          const err = `failed to get ${src.name} usage: ${msg(e)}`;
          return unable(failReason, err, outer(err));
        }
      }
      if (src.target.averageUtilization === undefined) {
        const err = 'invalid resource metric source: neither an average utilization target nor an average value (usage) target was set';
        return unable(failReason, err, outer(err));
      }
      try {
        const r = GetResourceReplicas(
          { currentReplicas: specReplicas, targetUtilization: src.target.averageUtilization, resource: src.name, tolerances, pods, podMetrics, container },
          calcCfg,
        );
        return {
          replicaCountProposal: r.replicaCount,
          metricNameProposal: isContainer
            ? `${src.name} container resource utilization (percentage of request)`
            : `${src.name} resource utilization (percentage of request)`,
          timestampProposal: r.timestamp,
          status: mkStatus({ averageUtilization: r.utilization, averageValue: formatMilli(r.rawUtilization) }),
        };
      } catch (e) {
        const err = `failed to get ${src.name} utilization: ${msg(e)}`;
        return unable(failReason, err, outer(err));
      }
    }
    case 'External': {
      const x = spec.external!;
      const selectorText = formatSelectorPlusV(x.metric.selector);
      const samples = snapshot.external?.[x.metric.name] ?? { valuesMilli: [], timestamp: 0 };
      const metricId = { name: x.metric.name, ...(x.metric.selector ? { selector: x.metric.selector } : {}) };
      const outer = (err: string) => `failed to get ${x.metric.name} external metric value: ${err}`;
      if (x.target.averageValue !== undefined) {
        try {
          const r = GetExternalPerPodMetricReplicas({
            statusReplicas,
            targetUsagePerPod: targetMilli(x.target.averageValue),
            metricName: x.metric.name,
            namespace,
            selectorText,
            tolerances,
            samples,
          });
          return {
            replicaCountProposal: r.replicaCount,
            metricNameProposal: `external metric ${x.metric.name}(${selectorText})`,
            timestampProposal: r.timestamp,
            status: { type: 'External', external: { metric: metricId, current: { averageValue: formatMilli(r.usage) } } },
          };
        } catch (e) {
          return unable('FailedGetExternalMetric', msg(e), outer(`failed to get ${x.metric.name} external metric: ${msg(e)}`));
        }
      }
      if (x.target.value !== undefined) {
        try {
          const r = GetExternalMetricReplicas({
            currentReplicas: specReplicas,
            targetUsage: targetMilli(x.target.value),
            metricName: x.metric.name,
            namespace,
            selectorText,
            tolerances,
            pods,
            samples,
          });
          return {
            replicaCountProposal: r.replicaCount,
            metricNameProposal: `external metric ${x.metric.name}(${selectorText})`,
            timestampProposal: r.timestamp,
            status: { type: 'External', external: { metric: metricId, current: { value: formatMilli(r.usage) } } },
          };
        } catch (e) {
          return unable('FailedGetExternalMetric', msg(e), outer(`failed to get external metric ${x.metric.name}: ${msg(e)}`));
        }
      }
      const err = 'invalid external metric source: neither a value target nor an average value target was set';
      return unable('FailedGetExternalMetric', err, outer(err));
    }
    default: {
      const err = `unknown metric source type "${spec.type}"`;
      return unable('InvalidMetricSourceType', err, err);
    }
  }
}

/** computeReplicasForMetrics: max over metric proposals, with the invalid-metric rules. */
export function computeReplicasForMetrics(args: {
  metricSpecs: MetricSpec[];
  scale: ScaleInput;
  pods: HpaPod[];
  snapshot: HpaMetricsSnapshot;
  tolerances: Tolerances;
  namespace: string;
  calcCfg: ReplicaCalcConfig;
  conditions: HpaCondition[];
  events: HpaEvent[];
  now: number;
}): { replicas: number; metric: string; statuses: MetricStatus[] | null; timestamp: number; error?: string; conditions: HpaCondition[] } {
  let conditions = args.conditions;
  if ((args.scale.selector ?? 'x') === '') {
    args.events.push({ type: 'Warning', reason: 'SelectorRequired', message: 'selector is required' });
    conditions = setConditionInList(conditions, 'ScalingActive', 'False', 'InvalidSelector', "the HPA target's scale is missing a selector", args.now);
    return { replicas: -1, metric: '', statuses: null, timestamp: 0, error: 'selector is required', conditions };
  }
  const specReplicas = args.scale.specReplicas;
  const statuses: MetricStatus[] = [];
  let replicas = 0;
  let metric = '';
  let timestamp = 0;
  let invalidMetricsCount = 0;
  let invalidMetricError: string | undefined;
  let invalidMetricCondition: { reason: string; message: string } | undefined;
  for (const spec of args.metricSpecs) {
    const o = computeReplicasForMetric(spec, specReplicas, args.scale.statusReplicas, args.pods, args.snapshot, args.tolerances, args.namespace, args.calcCfg, args.events);
    statuses.push(o.status);
    if (o.error !== undefined) {
      if (invalidMetricsCount <= 0) {
        invalidMetricCondition = o.condition;
        invalidMetricError = o.error;
      }
      invalidMetricsCount++;
      continue;
    }
    if (replicas === 0 || o.replicaCountProposal > replicas) {
      timestamp = o.timestampProposal;
      replicas = o.replicaCountProposal;
      metric = o.metricNameProposal;
    }
  }
  if (invalidMetricError !== undefined) {
    invalidMetricError = `invalid metrics (${invalidMetricsCount} invalid out of ${args.metricSpecs.length}), first error is: ${invalidMetricError}`;
  }
  // If all metrics are invalid or some are invalid and we would scale down,
  // return an error and set the condition of the hpa based on the first invalid metric.
  if (invalidMetricsCount >= args.metricSpecs.length || (invalidMetricsCount > 0 && replicas < specReplicas)) {
    if (invalidMetricCondition) {
      conditions = setConditionInList(conditions, 'ScalingActive', 'False', invalidMetricCondition.reason, invalidMetricCondition.message, args.now);
    }
    return { replicas: -1, metric: '', statuses, timestamp: 0, error: invalidMetricError, conditions };
  }
  conditions = setConditionInList(conditions, 'ScalingActive', 'True', 'ValidMetricFound', `the HPA was able to successfully calculate a replica count from ${metric}`, args.now);
  return { replicas, metric, statuses, timestamp, error: invalidMetricError, conditions };
}

/** Tolerances for this HPA: behavior.scale{Up,Down}.tolerance when the gate is on, else the flag. */
export function hpaTolerances(behavior: Behavior | null | undefined, cfg: HpaControllerConfig): Tolerances {
  const def = cfg.tolerance ?? DEFAULT_TOLERANCE;
  const t: Tolerances = { scaleDown: def, scaleUp: def };
  if ((cfg.configurableTolerance ?? true) && behavior) {
    if (behavior.scaleDown?.tolerance !== undefined) t.scaleDown = approximateFloat(behavior.scaleDown.tolerance);
    if (behavior.scaleUp?.tolerance !== undefined) t.scaleUp = approximateFloat(behavior.scaleUp.tolerance);
  }
  return t;
}

/** reconcileAutoscaler: one sync of one HPA. */
export function reconcileAutoscaler(args: {
  hpa: HpaInput;
  scale: ScaleInput;
  pods: HpaPod[];
  metrics: HpaMetricsSnapshot;
  state?: HpaControllerState;
  config?: HpaControllerConfig;
  now: number;
}): ReconcileResult {
  const { hpa, scale, now } = args;
  const cfg = args.config ?? {};
  const events: HpaEvent[] = [];
  const prevStatus = hpa.status ?? {};
  let conditions = (prevStatus.conditions ?? []).map((c) => ({ ...c }));
  let recommendations = args.state?.recommendations ? args.state.recommendations.map((r) => ({ ...r })) : null;
  let scaleUpEvents = (args.state?.scaleUpEvents ?? []).map((e) => ({ ...e }));
  let scaleDownEvents = (args.state?.scaleDownEvents ?? []).map((e) => ({ ...e }));
  const behavior = defaultBehavior(hpa.behavior);
  const reference = `${hpa.scaleTargetRef.kind}/${hpa.namespace ?? ''}/${hpa.scaleTargetRef.name}`;

  conditions = setConditionInList(conditions, 'AbleToScale', 'True', 'SucceededGetScale', "the HPA controller was able to get the target's current scale", now);
  const currentReplicas = scale.specReplicas;
  // recordInitialRecommendation
  if (recommendations === null) recommendations = [{ recommendation: currentReplicas, timestamp: now }];

  let metricStatuses: MetricStatus[] | null = null;
  let desiredReplicas = 0;
  let rescaleReason = '';
  const minReplicas = hpa.minReplicas ?? 1;
  let rescale = true;
  let retErr: string | undefined;

  const calcCfg: ReplicaCalcConfig = {
    now,
    cpuInitializationPeriodMs: cfg.cpuInitializationPeriodMs ?? DEFAULT_CPU_INITIALIZATION_PERIOD_MS,
    delayOfInitialReadinessStatusMs: cfg.delayOfInitialReadinessStatusMs ?? DEFAULT_DELAY_OF_INITIAL_READINESS_STATUS_MS,
    podLevelResources: cfg.podLevelResources ?? true,
  };
  const state = (): HpaControllerState => ({ recommendations, scaleUpEvents, scaleDownEvents });

  if (currentReplicas === 0 && minReplicas !== 0) {
    // Autoscaling is disabled for this resource
    desiredReplicas = 0;
    rescale = false;
    conditions = setConditionInList(conditions, 'ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero', now);
  } else if (currentReplicas > hpa.maxReplicas) {
    rescaleReason = 'Current number of replicas above Spec.MaxReplicas';
    desiredReplicas = hpa.maxReplicas;
  } else if (currentReplicas < minReplicas) {
    rescaleReason = 'Current number of replicas below Spec.MinReplicas';
    desiredReplicas = minReplicas;
  } else {
    const r = computeReplicasForMetrics({
      metricSpecs: defaultMetrics(hpa.metrics),
      scale,
      pods: args.pods,
      snapshot: args.metrics,
      tolerances: hpaTolerances(behavior, cfg),
      namespace: hpa.namespace ?? '',
      calcCfg,
      conditions,
      events,
      now,
    });
    conditions = r.conditions;
    metricStatuses = r.statuses;
    if (r.error !== undefined && r.replicas === -1) {
      events.push({ type: 'Warning', reason: 'FailedComputeMetricsReplicas', message: r.error });
      return {
        status: {
          currentReplicas,
          desiredReplicas: prevStatus.desiredReplicas ?? 0,
          currentMetrics: metricStatuses,
          conditions,
          lastScaleTime: prevStatus.lastScaleTime ?? null,
        },
        rescale: false,
        desiredReplicas: currentReplicas,
        rescaleReason: '',
        events,
        state: state(),
        error: `failed to compute desired number of replicas based on listed metrics for ${reference}: ${r.error}`,
      };
    }
    if (r.error !== undefined) retErr = r.error; // scale anyway, report the error
    let rescaleMetric = '';
    if (r.replicas > desiredReplicas) {
      desiredReplicas = r.replicas;
      rescaleMetric = r.metric;
    }
    if (desiredReplicas > currentReplicas) rescaleReason = `${rescaleMetric} above target`;
    if (desiredReplicas < currentReplicas) rescaleReason = 'All metrics below target';
    const norm = behavior
      ? normalizeDesiredReplicasWithBehaviors({
          behavior,
          recommendations,
          scaleUpEvents,
          scaleDownEvents,
          currentReplicas,
          prenormalizedDesiredReplicas: desiredReplicas,
          minReplicas,
          maxReplicas: hpa.maxReplicas,
          downscaleStabilisationWindowMs: cfg.downscaleStabilisationWindowMs ?? DEFAULT_DOWNSCALE_STABILISATION_WINDOW_MS,
          now,
        })
      : normalizeDesiredReplicas({
          recommendations,
          currentReplicas,
          prenormalizedDesiredReplicas: desiredReplicas,
          minReplicas,
          maxReplicas: hpa.maxReplicas,
          downscaleStabilisationWindowMs: cfg.downscaleStabilisationWindowMs ?? DEFAULT_DOWNSCALE_STABILISATION_WINDOW_MS,
          scaleUpLimitFactor: cfg.scaleUpLimitFactor ?? SCALE_UP_LIMIT_FACTOR,
          now,
        });
    recommendations = norm.recommendations;
    for (const c of norm.conditions) conditions = setConditionInList(conditions, c.type, c.status, c.reason, c.message, now);
    desiredReplicas = norm.desiredReplicas;
    rescale = desiredReplicas !== currentReplicas;
  }

  if (rescale) {
    conditions = setConditionInList(conditions, 'AbleToScale', 'True', 'SucceededRescale', `the HPA controller was able to update the target scale to ${desiredReplicas}`, now);
    events.push({ type: 'Normal', reason: 'SuccessfulRescale', message: `New size: ${desiredReplicas}; reason: ${rescaleReason}` });
    ({ scaleUpEvents, scaleDownEvents } = storeScaleEvent(behavior, scaleUpEvents, scaleDownEvents, currentReplicas, desiredReplicas, now));
  } else {
    desiredReplicas = currentReplicas;
  }

  return {
    status: {
      currentReplicas,
      desiredReplicas,
      currentMetrics: metricStatuses,
      conditions,
      lastScaleTime: rescale ? now : prevStatus.lastScaleTime ?? null,
    },
    rescale,
    desiredReplicas,
    rescaleReason,
    events,
    state: state(),
    ...(retErr !== undefined ? { error: retErr } : {}),
  };
}

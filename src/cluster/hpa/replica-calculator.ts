/**
 * HorizontalPodAutoscaler replica calculation — a pure port of
 * k/k pkg/controller/podautoscaler/replica_calculator.go (v1.35/1.36 era: per-direction
 * tolerances, pod-level requests, sidecar requests) and metrics/utilization.go, plus the parts of
 * the metrics clients (metrics/client.go) that turn raw metric lists into PodMetricsInfo.
 *
 * Everything takes plain data: pods as they are in the store (reduced to what the calculator
 * reads), metric samples from the (simulated) metrics APIs, times as epoch milliseconds and an
 * explicit `now`. Errors are thrown as ReplicaCalcError with the Go error text.
 */

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';
export type ConditionStatus = 'True' | 'False' | 'Unknown';

/** Milli-units per resource name, e.g. { cpu: 200, memory: 134217728000 }. */
export type ResourceListMilli = Record<string, number>;

export interface HpaContainer {
  name: string;
  /** resources.requests, in milli-units (cpu 200m → 200; memory 128Mi → 134217728000). */
  requests?: ResourceListMilli;
}

export interface HpaInitContainer extends HpaContainer {
  /** 'Always' marks a sidecar (restartable init container), whose requests count. */
  restartPolicy?: string;
}

/** The parts of a Pod the HPA reads. */
export interface HpaPod {
  name: string;
  phase: PodPhase;
  /** The PodReady condition, or null/undefined when the pod has none. */
  ready?: { status: ConditionStatus; lastTransitionTime: number } | null;
  /** status.startTime (epoch ms), null/undefined when unset. */
  startTime?: number | null;
  /** metadata.deletionTimestamp (epoch ms), null/undefined when unset. */
  deletionTimestamp?: number | null;
  containers: HpaContainer[];
  initContainers?: HpaInitContainer[];
  /** spec.resources.requests (pod-level resources, KEP-2837), milli-units. */
  podRequests?: ResourceListMilli;
}

/** One pod's sample (metrics.PodMetric). */
export interface PodMetric {
  /** milli-units */
  value: number;
  timestamp: number;
  /** sample window in ms */
  window: number;
}

/** metricsclient.PodMetricsInfo: pod name → sample. */
export type PodMetricsInfo = Map<string, PodMetric>;

export class ReplicaCalcError extends Error {
  override name = 'ReplicaCalcError';
}

/** Tolerances (replica_calculator.go): ratio r is within iff 1-scaleDown <= r <= 1+scaleUp. */
export interface Tolerances {
  scaleDown: number;
  scaleUp: number;
}

export const DEFAULT_TOLERANCE = 0.1;
export const DEFAULT_CPU_INITIALIZATION_PERIOD_MS = 5 * 60_000;
export const DEFAULT_DELAY_OF_INITIAL_READINESS_STATUS_MS = 30_000;
/** metricServerDefaultMetricWindow (custom metrics carry no window; the client assumes 1m). */
export const DEFAULT_METRIC_WINDOW_MS = 60_000;

export function symmetricTolerances(t: number = DEFAULT_TOLERANCE): Tolerances {
  return { scaleDown: t, scaleUp: t };
}

export function isWithinTolerance(t: Tolerances, usageRatio: number): boolean {
  return 1.0 - t.scaleDown <= usageRatio && usageRatio <= 1.0 + t.scaleUp;
}

/** Go's "[down:10.0%, up:10.0%]" rendering of Tolerances. */
export function formatTolerances(t: Tolerances): string {
  return `[down:${(t.scaleDown * 100).toFixed(1)}%, up:${(t.scaleUp * 100).toFixed(1)}%]`;
}

/** Settings shared by every calculation (ReplicaCalculator struct fields). */
export interface ReplicaCalcConfig {
  now: number;
  cpuInitializationPeriodMs?: number;
  delayOfInitialReadinessStatusMs?: number;
  /** PodLevelResources feature gate (beta, on, in 1.34+). */
  podLevelResources?: boolean;
}

// ---------------------------------------------------------------------------------------------
// Metrics clients (metrics/client.go): raw API lists → PodMetricsInfo
// ---------------------------------------------------------------------------------------------

/** One item of metrics.k8s.io PodMetricsList, usage in milli-units. */
export interface RawPodMetrics {
  name: string;
  namespace?: string;
  timestamp: number;
  window: number;
  containers: { name: string; usage: ResourceListMilli }[];
}

/**
 * resourceMetricsClient.GetResourceMetric: sums container usage per pod (a pod missing the
 * resource in any container is left out), or the named container's usage.
 */
export function getResourceMetric(
  items: RawPodMetrics[] | { error: string },
  resource: string,
  container = '',
): { metrics: PodMetricsInfo; timestamp: number } {
  if (!Array.isArray(items)) {
    throw new ReplicaCalcError(`unable to fetch metrics from resource metrics API: ${items.error}`);
  }
  if (items.length === 0) throw new ReplicaCalcError('no metrics returned from resource metrics API');
  const res: PodMetricsInfo = new Map();
  if (container !== '') {
    for (const m of items) {
      const c = m.containers.find((x) => x.name === container);
      if (!c) {
        throw new ReplicaCalcError(
          `failed to get container metrics: container ${container} not present in metrics for pod ${m.namespace ?? ''}/${m.name}`,
        );
      }
      const v = c.usage[resource];
      if (v !== undefined) res.set(m.name, { value: v, timestamp: m.timestamp, window: m.window });
    }
  } else {
    for (const m of items) {
      let sum = 0;
      let missing = m.containers.length === 0;
      for (const c of m.containers) {
        const v = c.usage[resource];
        if (v === undefined) {
          missing = true;
          break;
        }
        sum += v;
      }
      if (!missing) res.set(m.name, { value: sum, timestamp: m.timestamp, window: m.window });
    }
  }
  return { metrics: res, timestamp: items[0]!.timestamp };
}

/** A per-pod custom metric sample (custom.metrics.k8s.io MetricValue for a Pod). */
export interface RawPodsMetricValue {
  podName: string;
  valueMilli: number;
  timestamp: number;
  window?: number;
}

/** cmClient.GetRawMetric for pods: per-pod values. */
export function getRawMetric(items: RawPodsMetricValue[] | { error: string }): { metrics: PodMetricsInfo; timestamp: number } {
  if (!Array.isArray(items)) throw new ReplicaCalcError(`unable to fetch metrics from custom metrics API: ${items.error}`);
  if (items.length === 0) throw new ReplicaCalcError('no metrics returned from custom metrics API');
  const res: PodMetricsInfo = new Map();
  for (const m of items) {
    res.set(m.podName, { value: m.valueMilli, timestamp: m.timestamp, window: m.window ?? DEFAULT_METRIC_WINDOW_MS });
  }
  return { metrics: res, timestamp: items[0]!.timestamp };
}

// ---------------------------------------------------------------------------------------------
// utilization.go
// ---------------------------------------------------------------------------------------------

/**
 * GetResourceUtilizationRatio: utilization = trunc(sum(usage)*100/sum(requests)) over pods that have
 * both a metric and a request; ratio = utilization/target; raw average = trunc(sum(usage)/count).
 */
export function getResourceUtilizationRatio(
  metrics: PodMetricsInfo,
  requests: Map<string, number>,
  targetUtilization: number,
): { usageRatio: number; utilization: number; rawAverageValue: number } {
  let metricsTotal = 0;
  let requestsTotal = 0;
  let numEntries = 0;
  for (const [podName, metric] of metrics) {
    const request = requests.get(podName);
    if (request === undefined) continue; // extraneous metric
    metricsTotal += metric.value;
    requestsTotal += request;
    numEntries++;
  }
  if (requestsTotal === 0) throw new ReplicaCalcError('no metrics returned matched known pods');
  const utilization = Math.trunc((metricsTotal * 100) / requestsTotal);
  return {
    usageRatio: utilization / targetUtilization,
    utilization,
    rawAverageValue: Math.trunc(metricsTotal / numEntries),
  };
}

/** GetMetricUsageRatio: usage = trunc(sum/len), ratio = usage/target. */
export function getMetricUsageRatio(metrics: PodMetricsInfo, targetUsage: number): { usageRatio: number; usage: number } {
  let total = 0;
  for (const m of metrics.values()) total += m.value;
  const usage = Math.trunc(total / metrics.size);
  return { usageRatio: usage / targetUsage, usage };
}

// ---------------------------------------------------------------------------------------------
// groupPods / requests
// ---------------------------------------------------------------------------------------------

export interface GroupedPods {
  readyPodCount: number;
  unreadyPods: Set<string>;
  missingPods: Set<string>;
  ignoredPods: Set<string>;
}

/**
 * groupPods: deleted or Failed → ignored; Pending → unready; no sample → missing; for cpu only,
 * readiness rules (see k8s-facts §8.2) may mark a pod unready; else ready.
 */
export function groupPods(
  pods: HpaPod[],
  metrics: PodMetricsInfo,
  resource: string,
  cpuInitializationPeriodMs: number,
  delayOfInitialReadinessStatusMs: number,
  now: number,
): GroupedPods {
  const missingPods = new Set<string>();
  const unreadyPods = new Set<string>();
  const ignoredPods = new Set<string>();
  let readyPodCount = 0;
  for (const pod of pods) {
    if ((pod.deletionTimestamp !== undefined && pod.deletionTimestamp !== null) || pod.phase === 'Failed') {
      ignoredPods.add(pod.name);
      continue;
    }
    // Pending pods are ignored.
    if (pod.phase === 'Pending') {
      unreadyPods.add(pod.name);
      continue;
    }
    // Pods missing metrics.
    const metric = metrics.get(pod.name);
    if (!metric) {
      missingPods.add(pod.name);
      continue;
    }
    // Unready pods are ignored.
    if (resource === 'cpu') {
      let unready: boolean;
      const condition = pod.ready ?? null;
      const startTime = pod.startTime ?? null;
      if (condition === null || startTime === null) {
        unready = true;
      } else if (startTime + cpuInitializationPeriodMs > now) {
        // Pod still within possible initialisation period: ignore the sample if the pod is unready
        // or one window of metric wasn't collected since the last state transition.
        unready = condition.status === 'False' || metric.timestamp < condition.lastTransitionTime + metric.window;
      } else {
        // Ignore the metric if the pod is unready and it has never been ready.
        unready = condition.status === 'False' && startTime + delayOfInitialReadinessStatusMs > condition.lastTransitionTime;
      }
      if (unready) {
        unreadyPods.add(pod.name);
        continue;
      }
    }
    readyPodCount++;
  }
  return { readyPodCount, unreadyPods, missingPods, ignoredPods };
}

function removeMetricsForPods(metrics: PodMetricsInfo, pods: Set<string>): void {
  for (const p of pods) metrics.delete(p);
}

/**
 * calculateRequests: per pod, the named container's request, else pod-level requests (when the
 * PodLevelResources gate is on and set), else the sum over app containers and sidecars.
 */
export function calculateRequests(pods: HpaPod[], container: string, resource: string, podLevelResources = true): Map<string, number> {
  const requests = new Map<string, number>();
  for (const pod of pods) {
    const usePodLevel = podLevelResources && pod.podRequests !== undefined && Object.keys(pod.podRequests).length > 0 && container === '';
    requests.set(pod.name, usePodLevel ? calculatePodLevelRequests(pod, resource) : calculatePodRequestsFromContainers(pod, container, resource));
  }
  return requests;
}

function calculatePodLevelRequests(pod: HpaPod, resource: string): number {
  const v = pod.podRequests?.[resource];
  if (v === undefined) throw new ReplicaCalcError(`missing pod-level request for ${resource} in Pod ${pod.name}`);
  return v;
}

function calculatePodRequestsFromContainers(pod: HpaPod, container: string, resource: string): number {
  const containers: HpaContainer[] = [...pod.containers];
  for (const c of pod.initContainers ?? []) {
    if (c.restartPolicy === 'Always') containers.push(c);
  }
  let request = 0;
  for (const c of containers) {
    if (container === '' || container === c.name) {
      const r = c.requests?.[resource];
      if (r === undefined) throw new ReplicaCalcError(`missing request for ${resource} in container ${c.name} of Pod ${pod.name}`);
      request += r;
    }
    if (container === c.name) return request;
  }
  if (container !== '') throw new ReplicaCalcError(`container ${container} not found in Pod ${pod.name}`);
  return request;
}

// ---------------------------------------------------------------------------------------------
// The calculator
// ---------------------------------------------------------------------------------------------

export interface ResourceReplicasResult {
  replicaCount: number;
  /** integer percentage of requests (status.currentMetrics[].resource.current.averageUtilization) */
  utilization: number;
  /** average usage in milli-units (status averageValue) */
  rawUtilization: number;
  timestamp: number;
}

export interface ResourceReplicasArgs {
  currentReplicas: number;
  /** percent of requests */
  targetUtilization: number;
  resource: string;
  tolerances: Tolerances;
  pods: HpaPod[];
  /** The resource metrics API list (or an error from it). */
  podMetrics: RawPodMetrics[] | { error: string };
  /** ContainerResource metrics: the container name; '' for Resource metrics. */
  container?: string;
}

/** GetResourceReplicas: replicas for a Resource/ContainerResource metric with a Utilization target. */
export function GetResourceReplicas(args: ResourceReplicasArgs, cfg: ReplicaCalcConfig): ResourceReplicasResult {
  const { currentReplicas, targetUtilization, resource, tolerances, pods } = args;
  const container = args.container ?? '';
  let metrics: PodMetricsInfo;
  let timestamp: number;
  try {
    ({ metrics, timestamp } = getResourceMetric(args.podMetrics, resource, container));
  } catch (e) {
    throw new ReplicaCalcError(`unable to get metrics for resource ${resource}: ${(e as Error).message}`);
  }
  if (pods.length === 0) throw new ReplicaCalcError('no pods returned by selector while calculating replica count');

  const { readyPodCount, unreadyPods, missingPods, ignoredPods } = groupPods(
    pods,
    metrics,
    resource,
    cfg.cpuInitializationPeriodMs ?? DEFAULT_CPU_INITIALIZATION_PERIOD_MS,
    cfg.delayOfInitialReadinessStatusMs ?? DEFAULT_DELAY_OF_INITIAL_READINESS_STATUS_MS,
    cfg.now,
  );
  removeMetricsForPods(metrics, ignoredPods);
  removeMetricsForPods(metrics, unreadyPods);
  if (metrics.size === 0) throw new ReplicaCalcError('did not receive metrics for targeted pods (pods might be unready)');

  const requests = calculateRequests(pods, container, resource, cfg.podLevelResources ?? true);

  const { usageRatio, utilization, rawAverageValue: rawUtilization } = getResourceUtilizationRatio(metrics, requests, targetUtilization);

  const scaleUpWithUnready = unreadyPods.size > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && missingPods.size === 0) {
    if (isWithinTolerance(tolerances, usageRatio)) {
      // return the current replicas if the change would be too small
      return { replicaCount: currentReplicas, utilization, rawUtilization, timestamp };
    }
    // if we don't have any unready or missing pods, we can calculate the new replica count now
    return { replicaCount: Math.ceil(usageRatio * readyPodCount), utilization, rawUtilization, timestamp };
  }

  if (missingPods.size > 0) {
    if (usageRatio < 1.0) {
      // on a scale-down, treat missing pods as using 100% (all) of the resource request
      // or the utilization target for targets higher than 100%
      const fallbackUtilization = Math.max(100, targetUtilization);
      for (const podName of missingPods) {
        metrics.set(podName, { value: Math.trunc(((requests.get(podName) ?? 0) * fallbackUtilization) / 100), timestamp: 0, window: 0 });
      }
    } else if (usageRatio > 1.0) {
      // on a scale-up, treat missing pods as using 0% of the resource request
      for (const podName of missingPods) metrics.set(podName, { value: 0, timestamp: 0, window: 0 });
    }
  }

  if (scaleUpWithUnready) {
    // on a scale-up, treat unready pods as using 0% of the resource request
    for (const podName of unreadyPods) metrics.set(podName, { value: 0, timestamp: 0, window: 0 });
  }

  // re-run the utilization calculation with our new numbers
  const { usageRatio: newUsageRatio } = getResourceUtilizationRatio(metrics, requests, targetUtilization);

  if (isWithinTolerance(tolerances, newUsageRatio) || (usageRatio < 1.0 && newUsageRatio > 1.0) || (usageRatio > 1.0 && newUsageRatio < 1.0)) {
    // return the current replicas if the change would be too small,
    // or if the new usage ratio would cause a change in scale direction
    return { replicaCount: currentReplicas, utilization, rawUtilization, timestamp };
  }

  const newReplicas = Math.ceil(newUsageRatio * metrics.size);
  if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) {
    // return the current replicas if the change of metrics length would cause a change in scale direction
    return { replicaCount: currentReplicas, utilization, rawUtilization, timestamp };
  }
  // the number of replicas considered is however many replicas factored into our calculation
  return { replicaCount: newReplicas, utilization, rawUtilization, timestamp };
}

export interface PlainMetricResult {
  replicaCount: number;
  /** average per-pod value in milli-units (status averageValue) */
  usage: number;
  timestamp: number;
}

/**
 * calcPlainMetricReplicas: AverageValue targets over per-pod values (Pods metrics with resource
 * '', Resource metrics with an AverageValue target). Missing pods on scale-down count as exactly
 * the target.
 */
export function calcPlainMetricReplicas(
  metricsIn: PodMetricsInfo,
  currentReplicas: number,
  targetUsage: number,
  tolerances: Tolerances,
  pods: HpaPod[],
  resource: string,
  cfg: ReplicaCalcConfig,
): { replicaCount: number; usage: number } {
  const metrics: PodMetricsInfo = new Map(metricsIn);
  if (pods.length === 0) throw new ReplicaCalcError('no pods returned by selector while calculating replica count');

  const { readyPodCount, unreadyPods, missingPods, ignoredPods } = groupPods(
    pods,
    metrics,
    resource,
    cfg.cpuInitializationPeriodMs ?? DEFAULT_CPU_INITIALIZATION_PERIOD_MS,
    cfg.delayOfInitialReadinessStatusMs ?? DEFAULT_DELAY_OF_INITIAL_READINESS_STATUS_MS,
    cfg.now,
  );
  removeMetricsForPods(metrics, ignoredPods);
  removeMetricsForPods(metrics, unreadyPods);
  if (metrics.size === 0) throw new ReplicaCalcError('did not receive metrics for targeted pods (pods might be unready)');

  const { usageRatio, usage } = getMetricUsageRatio(metrics, targetUsage);

  const scaleUpWithUnready = unreadyPods.size > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && missingPods.size === 0) {
    if (isWithinTolerance(tolerances, usageRatio)) return { replicaCount: currentReplicas, usage };
    return { replicaCount: Math.ceil(usageRatio * readyPodCount), usage };
  }

  if (missingPods.size > 0) {
    if (usageRatio < 1.0) {
      // on a scale-down, treat missing pods as using exactly the target amount
      for (const podName of missingPods) metrics.set(podName, { value: targetUsage, timestamp: 0, window: 0 });
    } else if (usageRatio > 1.0) {
      for (const podName of missingPods) metrics.set(podName, { value: 0, timestamp: 0, window: 0 });
    }
  }
  if (scaleUpWithUnready) {
    for (const podName of unreadyPods) metrics.set(podName, { value: 0, timestamp: 0, window: 0 });
  }

  const { usageRatio: newUsageRatio } = getMetricUsageRatio(metrics, targetUsage);
  if (isWithinTolerance(tolerances, newUsageRatio) || (usageRatio < 1.0 && newUsageRatio > 1.0) || (usageRatio > 1.0 && newUsageRatio < 1.0)) {
    return { replicaCount: currentReplicas, usage };
  }
  const newReplicas = Math.ceil(newUsageRatio * metrics.size);
  if ((newUsageRatio < 1.0 && newReplicas > currentReplicas) || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) {
    return { replicaCount: currentReplicas, usage };
  }
  return { replicaCount: newReplicas, usage };
}

/** GetRawResourceReplicas: Resource metric with an AverageValue target (milli-units). */
export function GetRawResourceReplicas(
  args: Omit<ResourceReplicasArgs, 'targetUtilization'> & { targetUsage: number },
  cfg: ReplicaCalcConfig,
): PlainMetricResult {
  let metrics: PodMetricsInfo;
  let timestamp: number;
  try {
    ({ metrics, timestamp } = getResourceMetric(args.podMetrics, args.resource, args.container ?? ''));
  } catch (e) {
    throw new ReplicaCalcError(`unable to get metrics for resource ${args.resource}: ${(e as Error).message}`);
  }
  const r = calcPlainMetricReplicas(metrics, args.currentReplicas, args.targetUsage, args.tolerances, args.pods, args.resource, cfg);
  return { ...r, timestamp };
}

/** GetMetricReplicas: Pods metric (custom per-pod metric) with an AverageValue target. */
export function GetMetricReplicas(
  args: {
    currentReplicas: number;
    targetUsage: number;
    metricName: string;
    tolerances: Tolerances;
    pods: HpaPod[];
    values: RawPodsMetricValue[] | { error: string };
  },
  cfg: ReplicaCalcConfig,
): PlainMetricResult {
  let metrics: PodMetricsInfo;
  let timestamp: number;
  try {
    ({ metrics, timestamp } = getRawMetric(args.values));
  } catch (e) {
    throw new ReplicaCalcError(`unable to get metric ${args.metricName}: ${(e as Error).message}`);
  }
  const r = calcPlainMetricReplicas(metrics, args.currentReplicas, args.targetUsage, args.tolerances, args.pods, '', cfg);
  return { ...r, timestamp };
}

/** getReadyPodsCount: pods in phase Running with Ready=True. */
export function getReadyPodsCount(pods: HpaPod[]): number {
  if (pods.length === 0) throw new ReplicaCalcError('no pods returned by selector while calculating replica count');
  return pods.filter((p) => p.phase === 'Running' && p.ready?.status === 'True').length;
}

const MAX_INT32 = 2147483647;

/**
 * getUsageRatioReplicaCount: for Object/External Value targets. With currentReplicas 0 (scale to
 * zero), ceil(ratio) without tolerance; else ceil(ratio × Running+Ready pods) outside tolerance.
 */
export function getUsageRatioReplicaCount(currentReplicas: number, usageRatio: number, tolerances: Tolerances, pods: HpaPod[]): number {
  if (currentReplicas !== 0) {
    if (isWithinTolerance(tolerances, usageRatio)) return currentReplicas;
    let readyPodCount: number;
    try {
      readyPodCount = getReadyPodsCount(pods);
    } catch (e) {
      throw new ReplicaCalcError(`unable to calculate ready pods: ${(e as Error).message}`);
    }
    const f = usageRatio * readyPodCount;
    return f > MAX_INT32 ? MAX_INT32 : Math.ceil(f);
  }
  // Scale to zero or n pods depending on usageRatio
  return Math.ceil(usageRatio);
}

/** A single metric value (object metric / one external series), or an error from its API. */
export type ValueSample = { valueMilli: number; timestamp: number } | { error: string };

/** GetObjectMetricReplicas: Object metric with a Value target. */
export function GetObjectMetricReplicas(
  args: {
    currentReplicas: number;
    targetUsage: number;
    metricName: string;
    objectRef: { kind: string; name: string };
    namespace?: string;
    tolerances: Tolerances;
    pods: HpaPod[];
    sample: ValueSample;
  },
): PlainMetricResult {
  if ('error' in args.sample) {
    throw new ReplicaCalcError(
      `unable to get metric ${args.metricName}: ${args.sample.error} on ${args.objectRef.kind} ${args.namespace ?? ''}/${args.objectRef.name}`,
    );
  }
  const usage = args.sample.valueMilli;
  const usageRatio = usage / args.targetUsage;
  const replicaCount = getUsageRatioReplicaCount(args.currentReplicas, usageRatio, args.tolerances, args.pods);
  // Go returns the zero timestamp from getUsageRatioReplicaCount here.
  return { replicaCount, usage, timestamp: 0 };
}

/** GetObjectPerPodMetricReplicas: Object metric with an AverageValue target (divisor = status.replicas). */
export function GetObjectPerPodMetricReplicas(
  args: {
    statusReplicas: number;
    targetAverageUsage: number;
    metricName: string;
    objectRef: { kind: string; name: string };
    namespace?: string;
    tolerances: Tolerances;
    sample: ValueSample;
  },
): PlainMetricResult {
  if ('error' in args.sample) {
    throw new ReplicaCalcError(
      `unable to get metric ${args.metricName}: ${args.sample.error} on ${args.objectRef.kind} ${args.namespace ?? ''}/${args.objectRef.name}`,
    );
  }
  let usage = args.sample.valueMilli;
  let replicaCount = args.statusReplicas;
  const usageRatio = usage / (args.targetAverageUsage * replicaCount);
  if (!isWithinTolerance(args.tolerances, usageRatio)) {
    // update number of replicas if change is large enough
    replicaCount = Math.ceil(usage / args.targetAverageUsage);
  }
  usage = Math.ceil(usage / args.statusReplicas);
  return { replicaCount, usage, timestamp: args.sample.timestamp };
}

/** External metric API result: all matching series, or an error. */
export type ExternalSamples = { valuesMilli: number[]; timestamp: number } | { error: string };

function externalError(namespace: string, metricName: string, selector: string, err: string): ReplicaCalcError {
  return new ReplicaCalcError(`unable to get external metric ${namespace}/${metricName}/${selector}: ${err}`);
}

function externalValues(samples: ExternalSamples, namespace: string, metricName: string, selector: string): { values: number[]; timestamp: number } {
  if ('error' in samples) throw externalError(namespace, metricName, selector, `unable to fetch metrics from external metrics API: ${samples.error}`);
  if (samples.valuesMilli.length === 0) throw externalError(namespace, metricName, selector, 'no metrics returned from external metrics API');
  return { values: samples.valuesMilli, timestamp: samples.timestamp };
}

/** GetExternalMetricReplicas: External metric with a Value target (sums all series). */
export function GetExternalMetricReplicas(
  args: {
    currentReplicas: number;
    targetUsage: number;
    metricName: string;
    namespace?: string;
    /** Go's %+v of the metric selector, for error texts */
    selectorText?: string;
    tolerances: Tolerances;
    pods: HpaPod[];
    samples: ExternalSamples;
  },
): PlainMetricResult {
  const { values } = externalValues(args.samples, args.namespace ?? '', args.metricName, args.selectorText ?? '<nil>');
  let usage = 0;
  for (const v of values) usage += v;
  const usageRatio = usage / args.targetUsage;
  const replicaCount = getUsageRatioReplicaCount(args.currentReplicas, usageRatio, args.tolerances, args.pods);
  return { replicaCount, usage, timestamp: 0 };
}

/** GetExternalPerPodMetricReplicas: External metric with an AverageValue target. */
export function GetExternalPerPodMetricReplicas(
  args: {
    statusReplicas: number;
    targetUsagePerPod: number;
    metricName: string;
    namespace?: string;
    selectorText?: string;
    tolerances: Tolerances;
    samples: ExternalSamples;
  },
): PlainMetricResult {
  const { values, timestamp } = externalValues(args.samples, args.namespace ?? '', args.metricName, args.selectorText ?? '<nil>');
  let usage = 0;
  for (const v of values) usage += v;
  let replicaCount = args.statusReplicas;
  const usageRatio = usage / (args.targetUsagePerPod * replicaCount);
  if (!isWithinTolerance(args.tolerances, usageRatio)) {
    const r = Math.ceil(usage / args.targetUsagePerPod);
    replicaCount = r > MAX_INT32 ? MAX_INT32 : r;
  }
  usage = Math.ceil(usage / args.statusReplicas);
  return { replicaCount, usage, timestamp };
}

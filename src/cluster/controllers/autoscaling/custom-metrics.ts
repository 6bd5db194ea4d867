/**
 * A stand-in for a custom/external metrics adapter (prometheus-adapter and the like), serving
 * custom.metrics.k8s.io (Pods and Object metrics) and external.metrics.k8s.io to the HPA.
 *
 * Labs publish values in either of two ways:
 * - annotations: `metrics.podlab.dev/<metric>: "<quantity>"` on a Pod (a Pods metric for that
 *   pod) or on any object (an Object metric described by that object), and for External metrics a
 *   ConfigMap named `external-metrics` in the HPA's namespace whose data maps `<metric>` to a
 *   quantity (several comma-separated values are summed as separate series);
 * - code: `cluster.controller<CustomMetrics>('custom-metrics').setPodMetric(…)` /
 *   `setObjectMetric(…)` / `setExternalMetric(…)`. Values set in code win over annotations.
 */
import type { Cluster } from '../../cluster';
import type { WatchEvent } from '../../store';
import type { Controller } from '../registry';
import { milliValue } from '../../hpa/quantity';
import { matchesLabelSelector, type LabelSelector } from '../../selectors';
import type { RawPodsMetricValue, ValueSample, ExternalSamples } from '../../hpa/replica-calculator';

export const METRIC_ANNOTATION_PREFIX = 'metrics.podlab.dev/';
export const EXTERNAL_METRICS_CONFIGMAP = 'external-metrics';

function toMilli(v: string | number): number {
  return typeof v === 'number' ? Math.round(v * 1000) : milliValue(v);
}

export class CustomMetrics implements Controller {
  readonly name = 'custom-metrics';
  private podValues = new Map<string, number>();
  private objectValues = new Map<string, number>();
  private externalValues = new Map<string, number[]>();

  constructor(private readonly cluster: Cluster) {}

  handle(_e: WatchEvent): void {}

  setPodMetric(namespace: string, pod: string, metric: string, value: string | number): void {
    this.podValues.set(`${namespace}/${pod}/${metric}`, toMilli(value));
  }

  setObjectMetric(namespace: string, kind: string, name: string, metric: string, value: string | number): void {
    this.objectValues.set(`${namespace}/${kind}/${name}/${metric}`, toMilli(value));
  }

  setExternalMetric(namespace: string, metric: string, value: string | number | (string | number)[]): void {
    this.externalValues.set(`${namespace}/${metric}`, (Array.isArray(value) ? value : [value]).map(toMilli));
  }

  private nowEpoch(): number {
    return this.cluster.epochMs + this.cluster.clock.now();
  }

  /** Per-pod values of a Pods metric for the pods matching `selector`. */
  podsMetric(namespace: string, metric: string, selector: LabelSelector | undefined): RawPodsMetricValue[] {
    const out: RawPodsMetricValue[] = [];
    for (const p of this.cluster.store.list('Pod', namespace)) {
      if (selector && !matchesLabelSelector(selector, p.metadata.labels ?? {})) continue;
      let v = this.podValues.get(`${namespace}/${p.metadata.name}/${metric}`);
      const ann = p.metadata.annotations?.[METRIC_ANNOTATION_PREFIX + metric];
      if (v === undefined && ann !== undefined) {
        try {
          v = milliValue(ann);
        } catch {
          v = undefined;
        }
      }
      if (v !== undefined) out.push({ podName: p.metadata.name, valueMilli: v, timestamp: this.nowEpoch() });
    }
    return out;
  }

  objectMetric(namespace: string, kind: string, name: string, metric: string): ValueSample {
    const set = this.objectValues.get(`${namespace}/${kind}/${name}/${metric}`);
    if (set !== undefined) return { valueMilli: set, timestamp: this.nowEpoch() };
    const obj = this.cluster.store.get(kind, namespace, name);
    const ann = obj?.metadata.annotations?.[METRIC_ANNOTATION_PREFIX + metric];
    if (ann !== undefined) {
      try {
        return { valueMilli: milliValue(ann), timestamp: this.nowEpoch() };
      } catch {
        /* fall through */
      }
    }
    return { error: `the server could not find the metric ${metric} for ${kind.toLowerCase()}s ${name}` };
  }

  externalMetric(namespace: string, metric: string): ExternalSamples {
    const set = this.externalValues.get(`${namespace}/${metric}`);
    if (set) return { valuesMilli: set, timestamp: this.nowEpoch() };
    const cm = this.cluster.store.get('ConfigMap', namespace, EXTERNAL_METRICS_CONFIGMAP);
    const raw = cm?.data?.[metric];
    if (typeof raw === 'string') {
      try {
        return { valuesMilli: raw.split(',').map((s: string) => milliValue(s.trim())), timestamp: this.nowEpoch() };
      } catch {
        /* fall through */
      }
    }
    return { valuesMilli: [], timestamp: this.nowEpoch() };
  }
}

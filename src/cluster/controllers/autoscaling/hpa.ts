/**
 * The horizontal-pod-autoscaler loop of kube-controller-manager (k/k
 * pkg/controller/podautoscaler/horizontal.go): every HPA is synced every 15 s
 * (`--horizontal-pod-autoscaler-sync-period`; a new HPA is queued with that delay too, so its first
 * sync is 15 s after creation). Each sync gathers the inputs — the target's scale (spec.replicas
 * and spec.selector of the Deployment/ReplicaSet/StatefulSet), the pods the selector matches, the
 * metrics APIs — runs the pure `reconcileAutoscaler`, then writes status, records events and, when
 * it decides to rescale, updates the target's `spec.replicas` (what the scale subresource does).
 */
import type { Cluster } from '../../cluster';
import type { WatchEvent } from '../../store';
import type { KObject } from '../../objects';
import { kindInfo, qualifiedResource } from '../../objects';
import type { Controller } from '../registry';
import type { TimerId } from '../../clock';
import { matchesLabelSelector, type LabelSelector } from '../../selectors';
import { parseTime, rfc3339 } from '../../time';
import { milliValue } from '../../hpa/quantity';
import { reconcileAutoscaler, setConditionInList, type HpaCondition, type HpaControllerConfig, type HpaControllerState, type HpaInput, type HpaMetricsSnapshot } from '../../hpa/reconcile';
import type { HpaPod, RawPodMetrics, ResourceListMilli } from '../../hpa/replica-calculator';
import type { MetricSpec } from 'kubernetes-types/autoscaling/v2';
import type { MetricsServer } from './metrics-server';
import type { CustomMetrics } from './custom-metrics';

export const HPA_SYNC_PERIOD_MS = 15_000;
export const HPA_COMPONENT = 'horizontal-pod-autoscaler';

/** Kinds with a scale subresource in this model. */
export const SCALABLE_KINDS = ['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController'];

function requestsMilli(r: Record<string, string | number> | undefined): ResourceListMilli | undefined {
  if (!r) return undefined;
  const out: ResourceListMilli = {};
  for (const [k, v] of Object.entries(r)) {
    try {
      out[k] = milliValue(String(v));
    } catch {
      /* invalid quantities never pass validation */
    }
  }
  return out;
}

/** The parts of a stored Pod the replica calculator reads. */
export function toHpaPod(p: KObject): HpaPod {
  const ready = (p.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
  return {
    name: p.metadata.name,
    phase: p.status?.phase ?? 'Pending',
    ready: ready ? { status: ready.status, lastTransitionTime: parseTime(ready.lastTransitionTime) ?? 0 } : null,
    startTime: parseTime(p.status?.startTime) ?? null,
    deletionTimestamp: parseTime(p.metadata.deletionTimestamp) ?? null,
    containers: (p.spec?.containers ?? []).map((c: any) => ({ name: c.name, requests: requestsMilli(c.resources?.requests) })),
    initContainers: (p.spec?.initContainers ?? []).map((c: any) => ({ name: c.name, requests: requestsMilli(c.resources?.requests), ...(c.restartPolicy ? { restartPolicy: c.restartPolicy } : {}) })),
    ...(p.spec?.resources?.requests ? { podRequests: requestsMilli(p.spec.resources.requests) } : {}),
  };
}

function selectorString(sel: LabelSelector | undefined): string {
  if (!sel) return '';
  const parts = Object.keys(sel.matchLabels ?? {})
    .sort()
    .map((k) => `${k}=${sel.matchLabels![k]}`);
  for (const e of sel.matchExpressions ?? []) parts.push(`${e.key} ${e.operator.toLowerCase()} (${(e.values ?? []).join(',')})`);
  return parts.join(',');
}

const toEpoch = (s: string | undefined | null) => parseTime(s) ?? null;

export class HpaController implements Controller {
  readonly name = 'horizontal-pod-autoscaler';
  private timers = new Map<string, TimerId>();
  private states = new Map<string, HpaControllerState>();

  constructor(
    private readonly cluster: Cluster,
    readonly config: HpaControllerConfig = {},
    readonly syncPeriodMs = HPA_SYNC_PERIOD_MS,
  ) {}

  handle(e: WatchEvent): void {
    if (e.object.kind !== 'HorizontalPodAutoscaler') return;
    const key = `${e.object.metadata.namespace}/${e.object.metadata.name}`;
    if (e.type === 'ADDED') this.schedule(key);
    else if (e.type === 'DELETED') {
      this.cluster.clock.cancel(this.timers.get(key));
      this.timers.delete(key);
      this.states.delete(key);
    }
  }

  private schedule(key: string): void {
    this.cluster.clock.cancel(this.timers.get(key));
    this.timers.set(
      key,
      this.cluster.clock.after(this.syncPeriodMs, () => {
        this.timers.delete(key);
        const [ns, name] = key.split('/') as [string, string];
        if (!this.cluster.store.get('HorizontalPodAutoscaler', ns, name)) return;
        this.sync(ns, name);
        this.schedule(key);
      }),
    );
  }

  private nowEpoch(): number {
    return this.cluster.epochMs + this.cluster.clock.now();
  }

  private record(hpa: KObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.cluster.events.record(hpa, type, reason, message, { component: HPA_COMPONENT });
  }

  /** One reconcileAutoscaler for namespace/name (also callable directly by tests). */
  sync(namespace: string, name: string): void {
    const store = this.cluster.store;
    const hpa = store.get('HorizontalPodAutoscaler', namespace, name);
    if (!hpa) return;
    const key = `${namespace}/${name}`;
    const now = this.nowEpoch();
    const spec = hpa.spec ?? {};
    const ref = spec.scaleTargetRef ?? {};
    const prevConditions: HpaCondition[] = (hpa.status?.conditions ?? []).map((c: any) => ({ type: c.type, status: c.status, reason: c.reason ?? '', message: c.message ?? '', lastTransitionTime: toEpoch(c.lastTransitionTime) ?? now }));

    const target = SCALABLE_KINDS.includes(ref.kind) ? store.get(ref.kind, namespace, ref.name) : undefined;
    if (!target) {
      const info = kindInfo(ref.kind);
      const err = info ? `${qualifiedResource(info)} "${ref.name}" not found` : `no matches for kind "${ref.kind}" in group "${String(ref.apiVersion ?? '').split('/').slice(0, -1).join('/')}"`;
      this.record(hpa, 'Warning', 'FailedGetScale', err);
      const conditions = setConditionInList(prevConditions, 'AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: ${err}`, now);
      this.writeStatus(hpa, { ...(hpa.status ?? {}), currentReplicas: hpa.status?.currentReplicas ?? 0, desiredReplicas: hpa.status?.desiredReplicas ?? 0, conditions });
      return;
    }
    const selector: LabelSelector | undefined = target.spec?.selector;
    const match = (labels: Record<string, string>) => !!selector && matchesLabelSelector(selector, labels);
    const pods = store.list('Pod', namespace).filter((p) => match(p.metadata.labels ?? {}));
    const metrics = defaultMetricsOf(spec.metrics);
    const snapshot = this.snapshot(namespace, metrics, match, selector);
    const input: HpaInput = {
      namespace,
      name,
      scaleTargetRef: { kind: ref.kind, name: ref.name, apiVersion: ref.apiVersion },
      minReplicas: spec.minReplicas ?? null,
      maxReplicas: spec.maxReplicas ?? 0,
      metrics,
      behavior: spec.behavior ?? null,
      status: {
        desiredReplicas: hpa.status?.desiredReplicas,
        conditions: prevConditions,
        lastScaleTime: toEpoch(hpa.status?.lastScaleTime),
      },
    };
    const r = reconcileAutoscaler({
      hpa: input,
      // status.replicas as the workload controllers keep it; before they have written any status,
      // the live pods the selector matches.
      scale: { specReplicas: target.spec?.replicas ?? 1, statusReplicas: target.status?.replicas ?? pods.filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded').length, selector: selectorString(selector) },
      pods: pods.map(toHpaPod),
      metrics: snapshot,
      state: this.states.get(key),
      config: this.config,
      now,
    });
    this.states.set(key, r.state);
    if (r.rescale) {
      store.mutate(target.kind, namespace, target.metadata.name, (t) => {
        t.spec.replicas = r.desiredReplicas;
        if (t.metadata.generation !== undefined) t.metadata.generation += 1;
      });
    }
    for (const ev of r.events) this.record(hpa, ev.type, ev.reason, ev.message);
    const status: any = {
      ...(hpa.metadata.generation !== undefined ? { observedGeneration: hpa.metadata.generation } : {}),
      ...(r.status.lastScaleTime !== null ? { lastScaleTime: rfc3339(r.status.lastScaleTime, 0) } : {}),
      currentReplicas: r.status.currentReplicas,
      desiredReplicas: r.status.desiredReplicas,
      ...(r.status.currentMetrics && r.status.currentMetrics.length ? { currentMetrics: r.status.currentMetrics } : {}),
      conditions: r.status.conditions,
    };
    this.writeStatus(hpa, status);
  }

  private writeStatus(hpa: KObject, status: any): void {
    const out = { ...status, conditions: (status.conditions as HpaCondition[]).map((c) => ({ type: c.type, status: c.status, lastTransitionTime: rfc3339(c.lastTransitionTime, 0), reason: c.reason, message: c.message })) };
    if (JSON.stringify(out) === JSON.stringify(hpa.status ?? null)) return;
    this.cluster.store.mutate('HorizontalPodAutoscaler', hpa.metadata.namespace, hpa.metadata.name, (o) => {
      o.status = out;
    });
  }

  private snapshot(namespace: string, metrics: MetricSpec[], match: (l: Record<string, string>) => boolean, selector: LabelSelector | undefined): HpaMetricsSnapshot {
    const snap: HpaMetricsSnapshot = {};
    const ms = this.cluster.controller<MetricsServer>('metrics-server');
    const cm = this.cluster.controller<CustomMetrics>('custom-metrics');
    for (const m of metrics) {
      if ((m.type === 'Resource' || m.type === 'ContainerResource') && !snap.resource) {
        if (!ms) snap.resource = { error: 'the server could not find the requested resource (get pods.metrics.k8s.io)' };
        else
          snap.resource = ms.podMetrics(namespace, match).map(
            (p): RawPodMetrics => ({
              name: p.name,
              namespace: p.namespace,
              timestamp: p.timestamp,
              window: p.window,
              containers: p.containers.map((c) => ({ name: c.name, usage: { cpu: c.cpuMilli, memory: c.memoryBytes * 1000 } })),
            }),
          );
      } else if (m.type === 'Pods' && m.pods) {
        snap.pods ??= {};
        snap.pods[m.pods.metric.name] = cm ? cm.podsMetric(namespace, m.pods.metric.name, selector) : { error: 'the server could not find the requested resource' };
      } else if (m.type === 'Object' && m.object) {
        snap.object ??= {};
        const d = m.object.describedObject;
        snap.object[`${d.kind}/${d.name}/${m.object.metric.name}`] = cm ? cm.objectMetric(namespace, d.kind, d.name, m.object.metric.name) : { error: 'the server could not find the requested resource' };
      } else if (m.type === 'External' && m.external) {
        snap.external ??= {};
        snap.external[m.external.metric.name] = cm ? cm.externalMetric(namespace, m.external.metric.name) : { error: 'the server could not find the requested resource' };
      }
    }
    return snap;
  }
}

function defaultMetricsOf(metrics: MetricSpec[] | undefined): MetricSpec[] {
  if (metrics && metrics.length) return metrics;
  return [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
}

/** Helpers shared by the workload controllers (deployment_util.go, controller_utils.go, podutil). */
import type { KObject } from '../../objects';

export const REVISION_ANN = 'deployment.kubernetes.io/revision';
export const DESIRED_ANN = 'deployment.kubernetes.io/desired-replicas';
export const MAX_ANN = 'deployment.kubernetes.io/max-replicas';
export const HASH_LABEL = 'pod-template-hash';

/** intstr.GetScaledValueFromIntOrPercent. */
export function scaledValue(v: number | string | undefined, total: number, roundUp: boolean): number {
  if (v === undefined || v === null) return 0;
  if (typeof v === 'number') return v;
  const m = /^(-?\d+)%$/.exec(v);
  if (!m) return Number(v) || 0;
  const x = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(x) : Math.floor(x);
}

/** deploymentutil.ResolveFenceposts. */
export function resolveFenceposts(maxSurge: number | string | undefined, maxUnavailable: number | string | undefined, desired: number): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge ?? '25%', desired, true);
  let unavailable = scaledValue(maxUnavailable ?? '25%', desired, false);
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

const isRolling = (d: KObject) => (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';

export function maxSurge(d: KObject): number {
  if (!isRolling(d)) return 0;
  const ru = d.spec.strategy?.rollingUpdate ?? {};
  return resolveFenceposts(ru.maxSurge, ru.maxUnavailable, d.spec.replicas ?? 1).surge;
}

export function maxUnavailable(d: KObject): number {
  const replicas = d.spec.replicas ?? 1;
  if (!isRolling(d) || replicas === 0) return 0;
  const ru = d.spec.strategy?.rollingUpdate ?? {};
  const u = resolveFenceposts(ru.maxSurge, ru.maxUnavailable, replicas).unavailable;
  return u > replicas ? replicas : u;
}

export function podReadyCondition(p: KObject): any {
  return (p.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
}

export function isPodReady(p: KObject): boolean {
  return podReadyCondition(p)?.status === 'True';
}

/** podutil.IsPodAvailable: ready for at least minReadySeconds (wall-clock ms `now`). */
export function isPodAvailable(p: KObject, minReadySeconds: number, now: number): boolean {
  const c = podReadyCondition(p);
  if (c?.status !== 'True') return false;
  if (!minReadySeconds) return true;
  const t = Date.parse(c.lastTransitionTime ?? '');
  return !Number.isNaN(t) && t + minReadySeconds * 1000 <= now;
}

/** controller.IsPodActive. */
export function isPodActive(p: KObject): boolean {
  return p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && !p.metadata.deletionTimestamp;
}

export function controllerRef(o: KObject): any | undefined {
  return (o.metadata.ownerReferences ?? []).find((r: any) => r.controller);
}

export function ownerRefFor(owner: KObject): any {
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true };
}

export function revisionOf(o: KObject | undefined): number {
  const v = Number(o?.metadata.annotations?.[REVISION_ANN] ?? '0');
  return Number.isFinite(v) ? v : 0;
}

/** Template equality ignoring the pod-template-hash label (EqualIgnoreHash). */
export function templateKey(t: any): string {
  const c = structuredClone(t ?? {});
  if (c.metadata?.labels) {
    delete c.metadata.labels[HASH_LABEL];
  }
  return JSON.stringify(sortKeys(c));
}

function sortKeys(v: any): any {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    const o: any = {};
    for (const k of Object.keys(v).sort()) if (v[k] !== undefined) {
      const s = sortKeys(v[k]);
      if (k === 'labels' || k === 'annotations') {
        if (s && Object.keys(s).length === 0) continue;
      }
      o[k] = s;
    }
    return o;
  }
  return v;
}

export function key(o: KObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

export function byCreation(a: KObject, b: KObject): number {
  const x = a.metadata.creationTimestamp ?? '';
  const y = b.metadata.creationTimestamp ?? '';
  return x < y ? -1 : x > y ? 1 : a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

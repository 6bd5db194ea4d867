/**
 * disruption controller: keeps each PodDisruptionBudget's status (expectedPods, currentHealthy,
 * desiredHealthy, disruptionsAllowed) up to date from the pods its selector matches.
 */
import type { Cluster } from '../cluster';
import type { KObject } from '../objects';
import type { WatchEvent } from '../store';
import type { Controller } from './registry';
import { matchesLabelSelector } from '../selectors';

function healthy(p: KObject): boolean {
  return !p.metadata.deletionTimestamp && (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
}

/** intstr.GetScaledValueFromIntOrPercent: percentages round up. */
function scaled(v: number | string, total: number): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  return m ? Math.ceil((Number(m[1]) * total) / 100) : Number(v) || 0;
}

export function pdbPods(c: Cluster, pdb: KObject): KObject[] {
  return c.store.list('Pod', pdb.metadata.namespace).filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed' && matchesLabelSelector(pdb.spec?.selector ?? {}, (p.metadata.labels ?? {}) as Record<string, string>));
}

export function computePdbStatus(c: Cluster, pdb: KObject): any {
  const pods = pdbPods(c, pdb);
  const expected = pods.length;
  const current = pods.filter(healthy).length;
  let desired: number;
  if (pdb.spec?.minAvailable !== undefined) desired = scaled(pdb.spec.minAvailable, expected);
  else if (pdb.spec?.maxUnavailable !== undefined) desired = Math.max(0, expected - scaled(pdb.spec.maxUnavailable, expected));
  else desired = expected;
  const allowed = Math.max(0, current - desired);
  return {
    currentHealthy: current,
    desiredHealthy: desired,
    disruptionsAllowed: allowed,
    expectedPods: expected,
    observedGeneration: pdb.metadata.generation ?? 1,
    conditions: [
      allowed > 0
        ? { type: 'DisruptionAllowed', status: 'True', reason: 'SufficientPods', message: '' }
        : { type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '' },
    ],
  };
}

export function startDisruptionController(c: Cluster): Controller {
  let scheduled = false;
  const syncAll = () => {
    scheduled = false;
    for (const pdb of c.store.list('PodDisruptionBudget')) {
      const status = computePdbStatus(c, pdb);
      const cmp = (x: any) => JSON.stringify({ ...x, conditions: (x?.conditions ?? []).map((k: any) => [k.type, k.status]) });
      if (cmp(pdb.status ?? {}) === cmp(status)) continue;
      c.store.mutate('PodDisruptionBudget', pdb.metadata.namespace, pdb.metadata.name, (o) => {
        const prev = o.status?.conditions?.[0];
        o.status = status;
        o.status.conditions[0].lastTransitionTime = prev && prev.status === status.conditions[0].status ? prev.lastTransitionTime : c.store.timestamp();
      });
    }
  };
  return {
    name: 'disruption',
    handle(e: WatchEvent) {
      if ((e.object.kind !== 'Pod' && e.object.kind !== 'PodDisruptionBudget') || scheduled) return;
      if (e.object.kind === 'PodDisruptionBudget' && e.type === 'MODIFIED' && JSON.stringify(e.old?.spec) === JSON.stringify(e.object.spec)) return;
      scheduled = true;
      c.clock.after(0, syncAll);
    },
  };
}

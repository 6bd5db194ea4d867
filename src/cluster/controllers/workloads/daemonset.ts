/**
 * daemonset controller (pkg/controller/daemon): one pod per eligible node. Pods are pinned with
 * node affinity on metadata.name (as the real controller does since 1.12) and get the DaemonSet
 * tolerations; the scheduler then binds them.
 */
import type { Cluster } from '../../cluster';
import type { KObject } from '../../objects';
import type { WatchEvent } from '../../store';
import { matchesNodeSelectorTerm } from '../scheduler';
import { controllerRef, ownerRefFor, isPodReady, isPodActive } from './util';

/** Tolerations every DaemonSet pod gets (daemon/util AddOrUpdateDaemonPodTolerations). */
const DS_TOLERATIONS = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

function tolerates(tols: any[], taint: any): boolean {
  return tols.some((t) => (!t.effect || t.effect === taint.effect) && (t.operator === 'Exists' ? !t.key || t.key === taint.key : t.key === taint.key && (t.value ?? '') === (taint.value ?? '')));
}

/** Should this DaemonSet run on this node (nodeSelector, required node affinity, taints)? */
function eligible(ds: KObject, node: KObject): boolean {
  const tpl = ds.spec?.template?.spec ?? {};
  const labels = node.metadata.labels ?? {};
  if (Object.entries(tpl.nodeSelector ?? {}).some(([k, v]) => labels[k] !== v)) return false;
  const req = tpl.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (req && !(req.nodeSelectorTerms ?? []).some((t: any) => matchesNodeSelectorTerm(t, labels, node.metadata.name))) return false;
  const tols = [...(tpl.tolerations ?? []), ...DS_TOLERATIONS];
  return (node.spec?.taints ?? []).every((t: any) => (t.effect !== 'NoSchedule' && t.effect !== 'NoExecute') || tolerates(tols, t));
}

export class DaemonSetController {
  readonly name = 'daemonset';
  private dirty = new Set<string>();
  private scheduled = false;

  constructor(private readonly c: Cluster) {}

  handle(e: WatchEvent): void {
    const o = e.object;
    if (o.kind === 'DaemonSet') this.mark(`${o.metadata.namespace}/${o.metadata.name}`);
    else if (o.kind === 'Node') for (const ds of this.c.store.list('DaemonSet')) this.mark(`${ds.metadata.namespace}/${ds.metadata.name}`);
    else if (o.kind === 'Pod') {
      const ref = controllerRef(o);
      if (ref?.kind === 'DaemonSet') this.mark(`${o.metadata.namespace}/${ref.name}`);
    }
  }

  private mark(k: string): void {
    this.dirty.add(k);
    if (this.scheduled) return;
    this.scheduled = true;
    this.c.clock.after(0, () => {
      this.scheduled = false;
      const keys = [...this.dirty];
      this.dirty.clear();
      for (const key of keys) this.sync(key);
    });
  }

  private sync(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const ds = this.c.store.get('DaemonSet', ns, name);
    const pods = this.c.store.list('Pod', ns).filter((p) => controllerRef(p)?.uid === ds?.metadata.uid && isPodActive(p));
    if (!ds) return;
    const nodes = this.c.store.list('Node');
    const want = nodes.filter((n) => eligible(ds, n));
    const podNode = (p: KObject) => p.spec?.nodeName ?? p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]?.matchFields?.[0]?.values?.[0];
    for (const node of want) {
      if (pods.some((p) => podNode(p) === node.metadata.name)) continue;
      const tpl = structuredClone(ds.spec.template ?? {});
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { ...(tpl.metadata ?? {}), generateName: `${name}-`, namespace: ns, ownerReferences: [ownerRefFor(ds)], labels: { ...(tpl.metadata?.labels ?? {}), 'controller-revision-hash': String(ds.metadata.generation ?? 1), 'pod-template-generation': String(ds.metadata.generation ?? 1) } },
        spec: {
          ...tpl.spec,
          tolerations: [...(tpl.spec?.tolerations ?? []), ...DS_TOLERATIONS.filter((t) => !(tpl.spec?.tolerations ?? []).some((x: any) => x.key === t.key && x.effect === t.effect))],
          affinity: { ...(tpl.spec?.affinity ?? {}), nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [{ key: 'metadata.name', operator: 'In', values: [node.metadata.name] }] }] } } },
        },
      };
      try {
        const created = this.c.api.create(pod as KObject);
        this.c.events.record(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata.name}`, { component: 'daemonset-controller' });
      } catch (err) {
        this.c.events.record(ds, 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`, { component: 'daemonset-controller' });
      }
    }
    for (const p of pods) {
      if (want.some((n) => n.metadata.name === podNode(p))) continue;
      this.c.api.delete('Pod', ns, p.metadata.name);
      this.c.events.record(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${p.metadata.name}`, { component: 'daemonset-controller' });
    }
    const current = this.c.store.list('Pod', ns).filter((p) => controllerRef(p)?.uid === ds.metadata.uid && isPodActive(p));
    const scheduled = current.filter((p) => p.spec?.nodeName);
    const ready = current.filter(isPodReady).length;
    const status = {
      currentNumberScheduled: scheduled.filter((p) => want.some((n) => n.metadata.name === p.spec.nodeName)).length,
      desiredNumberScheduled: want.length,
      numberMisscheduled: scheduled.filter((p) => !want.some((n) => n.metadata.name === p.spec.nodeName)).length,
      numberReady: ready,
      numberAvailable: ready,
      updatedNumberScheduled: scheduled.length,
      observedGeneration: ds.metadata.generation ?? 1,
      ...(want.length - ready > 0 ? { numberUnavailable: want.length - ready } : {}),
    };
    if (JSON.stringify(ds.status ?? {}) !== JSON.stringify(status)) this.c.store.mutate('DaemonSet', ns, name, (o) => (o.status = status));
  }
}

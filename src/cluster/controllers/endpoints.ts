/**
 * endpoints controller: keeps one Endpoints object per Service with a selector, listing the pods
 * that match it: ready ones under `addresses`, the rest under `notReadyAddresses`. The
 * endpointslice controller's work is done here too (one IPv4 EndpointSlice per Service, see
 * ./endpointslice.ts), since both read the same pods at the same moment.
 */
import type { ApiStore, WatchEvent } from '../store';
import type { VirtualClock } from '../clock';
import type { KObject } from '../objects';
import { matchesSelector } from '../selectors';
import { syncEndpointSlice, ipNum } from './endpointslice';

export class EndpointsController {
  private dirty = new Set<string>();
  private scheduled = false;

  constructor(
    private readonly store: ApiStore,
    private readonly clock: VirtualClock,
  ) {}

  handle(e: WatchEvent): void {
    const o = e.object;
    if (o.kind === 'Service') this.mark(`${o.metadata.namespace}/${o.metadata.name}`);
    else if (o.kind === 'Pod') {
      for (const svc of this.store.list('Service', o.metadata.namespace)) {
        const sel = svc.spec?.selector;
        if (!sel) continue;
        const labels = o.metadata.labels ?? {};
        const oldLabels = e.old?.metadata.labels ?? {};
        if (matchesSelector(sel, labels) || matchesSelector(sel, oldLabels)) this.mark(`${svc.metadata.namespace}/${svc.metadata.name}`);
      }
    }
  }

  private mark(key: string): void {
    this.dirty.add(key);
    if (this.scheduled) return;
    this.scheduled = true;
    this.clock.after(0, () => {
      this.scheduled = false;
      const keys = [...this.dirty];
      this.dirty.clear();
      for (const k of keys) this.sync(k);
    });
  }

  private sync(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const svc = this.store.get('Service', ns, name);
    const existing = this.store.get('Endpoints', ns, name);
    if (!svc) {
      if (existing) this.store.remove('Endpoints', ns, name);
      return; // the slice has the Service as owner: the garbage collector removes it
    }
    if (!svc.spec?.selector) return; // user-managed endpoints
    const matching = this.store.list('Pod', ns).filter((p) => matchesSelector(svc.spec.selector, p.metadata.labels ?? {}) && p.status?.podIP && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    const pods = matching.filter((p) => !p.metadata.deletionTimestamp);
    const addr = (p: KObject) => ({ ip: p.status.podIP, nodeName: p.spec.nodeName, targetRef: { kind: 'Pod', name: p.metadata.name, namespace: ns, uid: p.metadata.uid } });
    const ready = pods.filter((p) => (p.status.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True')).map(addr);
    const notReady = pods.filter((p) => !(p.status.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True')).map(addr);
    const ports = (svc.spec.ports ?? []).map((p: any) => ({ ...(p.name ? { name: p.name } : {}), port: resolveTargetPort(p.targetPort ?? p.port, pods[0]), protocol: p.protocol ?? 'TCP' }));
    // endpoints.RepackSubsets sorts addresses (by IP), so the order never depends on pod names.
    const byIP = (a: any, b: any) => ipNum(a.ip) - ipNum(b.ip);
    ready.sort(byIP);
    notReady.sort(byIP);
    syncEndpointSlice(this.store, ns, name, svc, matching, ports);
    const subsets = ready.length || notReady.length ? [{ ...(ready.length ? { addresses: ready } : {}), ...(notReady.length ? { notReadyAddresses: notReady } : {}), ports }] : [];
    if (existing) {
      if (JSON.stringify(existing.subsets ?? []) === JSON.stringify(subsets)) return;
      this.store.mutate('Endpoints', ns, name, (ep) => {
        ep.subsets = subsets;
      });
    } else {
      this.store.create({ apiVersion: 'v1', kind: 'Endpoints', metadata: { name, namespace: ns, labels: svc.metadata.labels }, subsets });
    }
  }
}

/** A named targetPort resolves against the pod's container ports. */
function resolveTargetPort(tp: number | string, pod: KObject | undefined): number {
  if (typeof tp === 'number') return tp;
  for (const c of pod?.spec?.containers ?? []) for (const p of c.ports ?? []) if (p.name === tp) return p.containerPort;
  return Number(tp) || 0;
}

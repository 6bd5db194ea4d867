/**
 * endpointslice controller (k/k pkg/controller/endpointslice, staging endpointslice/reconciler.go):
 * one IPv4 slice per selector Service, named `<service>-<5 chars>` and labelled with
 * kubernetes.io/service-name. Unlike Endpoints, terminating pods stay listed with
 * ready=false, serving=<pod ready>, terminating=true.
 * The name suffix and uid are derived from the Service's uid rather than the seeded RNG, so adding
 * slices did not shift every pod name the RNG hands out after them.
 */
import type { ApiStore } from '../store';
import type { KObject } from '../objects';
import { fnv32a, safeEncodeString } from './workloads/hash';

const SERVICE_NAME = 'kubernetes.io/service-name';
const MANAGED_BY = 'endpointslice.kubernetes.io/managed-by';
/** Five characters from the same alphabet generateName uses, derived from the Service's uid. */
function suffixFor(uid: string): string {
  return safeEncodeString(String(fnv32a(new TextEncoder().encode(uid))).padStart(10, '0')).slice(-5);
}

function uidFor(uid: string): string {
  const hex = Array.from({ length: 4 }, (_, i) => fnv32a(new TextEncoder().encode(`${uid}/slice/${i}`)).toString(16).padStart(8, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

const isReady = (p: KObject) => (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');

/** An IPv4 address as a number, for sorting addresses as endpoints.RepackSubsets does. */
export function ipNum(ip: string): number {
  return ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
}

/** Bring the Service's slice in line with its pods (removal is the garbage collector's, via the owner). */
export function syncEndpointSlice(store: ApiStore, ns: string, svcName: string, svc: KObject, pods: KObject[], ports: any[]): void {
  const existing = store.list('EndpointSlice', ns).find((s) => s.metadata.labels?.[SERVICE_NAME] === svcName && s.metadata.labels?.[MANAGED_BY]);
  const endpoints = pods
    .slice()
    .sort((a, b) => ipNum(a.status.podIP) - ipNum(b.status.podIP))
    .map((p) => {
      const terminating = !!p.metadata.deletionTimestamp;
      return {
        addresses: [p.status.podIP],
        conditions: { ready: isReady(p) && !terminating, serving: isReady(p), terminating },
        nodeName: p.spec.nodeName,
        targetRef: { kind: 'Pod', name: p.metadata.name, namespace: ns, uid: p.metadata.uid },
      };
    });
  const slicePorts = ports.map((p) => ({ name: p.name ?? '', port: p.port, protocol: p.protocol }));
  if (existing) {
    if (JSON.stringify(existing.endpoints ?? []) === JSON.stringify(endpoints) && JSON.stringify(existing.ports ?? []) === JSON.stringify(slicePorts)) return;
    store.mutate('EndpointSlice', ns, existing.metadata.name, (s) => {
      s.endpoints = endpoints;
      s.ports = slicePorts;
    });
    return;
  }
  const labels = { ...(svc.metadata.labels ?? {}), [MANAGED_BY]: 'endpointslice-controller.k8s.io', [SERVICE_NAME]: svcName };
  store.create(
    {
      apiVersion: 'discovery.k8s.io/v1',
      kind: 'EndpointSlice',
      metadata: {
        name: `${svcName}-${suffixFor(svc.metadata.uid ?? svcName)}`,
        generateName: `${svcName}-`,
        namespace: ns,
        labels,
        ownerReferences: [{ apiVersion: 'v1', kind: 'Service', name: svcName, uid: svc.metadata.uid, controller: true, blockOwnerDeletion: true }],
      },
      addressType: 'IPv4',
      endpoints,
      ports: slicePorts,
    },
    { uid: uidFor(svc.metadata.uid ?? svcName) },
  );
}

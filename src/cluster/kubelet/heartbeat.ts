/**
 * The kubelet's two health signals to the control plane (pkg/kubelet/nodelease, nodestatus):
 * - the node Lease in kube-node-lease, renewed every 10 s (0.25 × leaseDurationSeconds 40);
 * - NodeStatus, posted when a condition changes (here: when the kubelet starts). A real kubelet
 *   also re-posts unchanged status every 5 min (nodeStatusReportFrequency); the Lease is what
 *   the node lifecycle controller watches between those, so that refresh is not modelled.
 */
import type { Kubelet } from './kubelet';
import type { KObject } from '../objects';

export const NODE_LEASE_NAMESPACE = 'kube-node-lease';
export const LEASE_DURATION_SECONDS = 40;
/** nodelease.go: renewInterval = leaseDuration × 0.25. */
export const LEASE_RENEW_INTERVAL_MS = 10_000;

/** The conditions a healthy kubelet reports (setters.go), with the event each transition records. */
const HEALTHY: { type: string; status: string; reason: string; message: string }[] = [
  { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
  { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
  { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
  { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
];
const EVENT_FOR: Record<string, string> = { MemoryPressure: 'NodeHasSufficientMemory', DiskPressure: 'NodeHasNoDiskPressure', PIDPressure: 'NodeHasSufficientPID', Ready: 'NodeReady' };

/** metav1.MicroTime: RFC 3339 with microseconds, as Lease renewTime is serialised. */
function microTime(k: Kubelet): string {
  return new Date(k.epochMs + k.clock.now()).toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/** A stable uuid-shaped id from a name (FNV-1a), so Leases do not shift the seeded RNG. */
export function stableUid(name: string): string {
  let hex = '';
  for (let seed = 0; hex.length < 32; seed++) {
    let h = 0x811c9dc5 ^ seed;
    for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 0x01000193) >>> 0;
    hex += h.toString(16).padStart(8, '0');
  }
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export class NodeHeartbeat {
  private timer: number | null = null;

  constructor(private readonly k: Kubelet) {}

  /** Renew now and every 10 s until stopped. */
  start(): void {
    this.stop();
    const tick = () => {
      this.renew();
      this.timer = this.k.clock.after(LEASE_RENEW_INTERVAL_MS, tick);
    };
    tick();
  }

  stop(): void {
    this.k.clock.cancel(this.timer);
    this.timer = null;
  }

  private renew(): void {
    const { store, nodeName } = this.k;
    const renewTime = microTime(this.k);
    if (store.mutate('Lease', NODE_LEASE_NAMESPACE, nodeName, (l) => void (l.spec.renewTime = renewTime))) return;
    const node = store.get('Node', undefined, nodeName);
    const lease: KObject = {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: nodeName,
        namespace: NODE_LEASE_NAMESPACE,
        ...(node ? { ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name: nodeName, uid: node.metadata.uid }] } : {}),
      },
      spec: { holderIdentity: nodeName, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime },
    };
    store.create(lease, { uid: stableUid(`lease/${nodeName}`) });
  }

  /** On kubelet start: report healthy conditions, recording an event for each that changed. */
  postReadyStatus(): void {
    const { store, nodeName, events } = this.k;
    const ts = store.timestamp();
    const changed: string[] = [];
    const node = store.mutate('Node', undefined, nodeName, (n) => {
      const conds: any[] = (n.status.conditions ??= []);
      for (const want of HEALTHY) {
        let c = conds.find((x) => x.type === want.type);
        if (!c) conds.push((c = { type: want.type }));
        if (c.status !== want.status) {
          changed.push(want.type);
          c.lastTransitionTime = ts;
        }
        Object.assign(c, want, { lastHeartbeatTime: ts });
      }
    });
    if (!node) return;
    const src = { component: 'kubelet', host: nodeName };
    events.record(node, 'Normal', 'Starting', 'Starting kubelet.', src);
    for (const t of changed) events.record(node, 'Normal', EVENT_FOR[t]!, `Node ${nodeName} status is now: ${EVENT_FOR[t]}`, src);
  }
}

/**
 * cluster-autoscaler (kubernetes/autoscaler): every scan interval (10 s) it looks at pods the
 * scheduler marked Unschedulable and grows a node group whose new node would fit them, and it
 * removes nodes that have been under-utilised for scale-down-unneeded-time whose pods fit elsewhere.
 * The "cloud" is ours: a group's target size, and nodes that register and turn Ready after a delay.
 */
import type { Cluster } from '../../cluster';
import type { KObject } from '../../objects';
import type { Controller } from '../registry';
import { NODE_GROUP_LABEL, resolveOptions, type NodeGroupOptions, type ResolvedOptions } from './config';
import { groupOf } from './simulate';
import { runScaleUp } from './scale-up';
import { runScaleDown } from './scale-down';
import { writeStatus } from './status';

export const CA_SOURCE = { component: 'cluster-autoscaler' };
export const TO_BE_DELETED_TAINT = 'ToBeDeletedByClusterAutoscaler';
export const DELETION_CANDIDATE_TAINT = 'DeletionCandidateOfClusterAutoscaler';
const NOT_READY_TAINT = { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' };

export interface GroupState {
  opts: NodeGroupOptions;
  /** The cloud provider's target size (what `1->2` in the events counts). */
  target: number;
}

export class ClusterAutoscaler implements Controller {
  readonly name = 'cluster-autoscaler';
  readonly o: ResolvedOptions;
  readonly groups = new Map<string, GroupState>();
  /** Node name → virtual ms when it was first found unneeded. */
  readonly unneededSince = new Map<string, number>();
  /** Nodes being drained or deleted. */
  readonly deleting = new Set<string>();
  /** Nodes we created that have not turned Ready yet ("notStarted": upcoming, not unready). */
  readonly starting = new Set<string>();
  lastScaleUpAt = -Infinity;
  lastScaleDownAt = -Infinity;
  lastScaleDownFailAt = -Infinity;
  /** What the last loop did, for the status ConfigMap. */
  scaleUpStatus = 'NoActivity';
  scaleDownStatus = 'NoCandidates';

  constructor(readonly c: Cluster, opts: NonNullable<Cluster['autoscalerOptions']>) {
    this.o = resolveOptions(opts);
    for (const g of [...this.o.nodeGroups].sort((a, b) => a.name.localeCompare(b.name))) {
      const have = c.store.list('Node').filter((n) => groupOf(n) === g.name).length;
      const initial = Math.max(have, g.initial ?? g.min);
      this.groups.set(g.name, { opts: g, target: initial });
      // The pool as created: its first nodes exist and are Ready when the lab starts.
      for (let i = have; i < initial; i++) this.registerNode(g, true);
    }
    writeStatus(this);
    c.clock.after(this.o.scanIntervalMs, () => this.loop());
  }

  handle(): void {
    // Level-triggered on the scan interval, as the real autoscaler's RunOnce loop.
  }

  private loop(): void {
    const scaledUp = runScaleUp(this);
    runScaleDown(this, scaledUp);
    writeStatus(this);
    this.c.clock.after(this.o.scanIntervalMs, () => this.loop());
  }

  /** Raise a group's target: each new VM registers its Node after a boot delay, Ready a bit later. */
  increase(g: GroupState, by: number): void {
    g.target += by;
    for (let i = 0; i < by; i++) this.c.clock.after(this.o.registerDelayMs, () => this.registerNode(g.opts, false));
  }

  registerNode(g: NodeGroupOptions, ready: boolean): void {
    const c = this.c;
    let name: string;
    do name = `${g.name}-${c.rng.k8sSuffix(5)}`;
    while (c.store.get('Node', undefined, name));
    const used = new Set(c.store.list('Node').map((n) => (n.status?.addresses ?? []).find((a: any) => a.type === 'InternalIP')?.address));
    let index = 0;
    while (used.has(`172.18.0.${index + 2}`)) index++;
    const taints = [...(g.taints ?? []), ...(ready ? [] : [NOT_READY_TAINT])];
    c.addNode({ name, cpu: g.cpu, memory: g.memory, labels: { [NODE_GROUP_LABEL]: g.name, ...g.labels }, taints }, index);
    // Nodes of the pool as created are there from the start, like the other bootstrap nodes.
    if (ready) return;
    const node = c.store.get('Node', undefined, name)!;
    c.events.record(node, 'Normal', 'RegisteredNode', `Node ${name} event: Registered Node ${name} in Controller`, { component: 'node-controller' });
    this.starting.add(name);
    // The kubelet registers before the CNI is up: NotReady (and the not-ready taint) until then.
    c.store.mutate('Node', undefined, name, (n) => {
      const cond = n.status.conditions.find((x: any) => x.type === 'Ready');
      Object.assign(cond, { status: 'False', reason: 'KubeletNotReady', message: 'container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized' });
    });
    c.clock.after(this.o.readyDelayMs, () => {
      this.starting.delete(name);
      const ts = c.store.timestamp();
      const n = c.store.mutate('Node', undefined, name, (n) => {
        const cond = n.status.conditions.find((x: any) => x.type === 'Ready');
        Object.assign(cond, { status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: ts, lastTransitionTime: ts });
        const rest = (n.spec.taints ?? []).filter((t: any) => t.key !== NOT_READY_TAINT.key);
        if (rest.length) n.spec.taints = rest;
        else delete n.spec.taints;
      });
      if (n) c.events.record(n, 'Normal', 'NodeReady', `Node ${name} status is now: NodeReady`, { component: 'kubelet', host: name });
    });
  }

  /** The cloud deletes the VM; the Node object, its kubelet and pods still bound there go with it. */
  removeNode(node: KObject): void {
    const c = this.c;
    const name = node.metadata.name;
    const g = this.groups.get(groupOf(node) ?? '');
    if (g) g.target -= 1;
    c.events.record(node, 'Normal', 'ScaleDown', 'node removed by cluster autoscaler', CA_SOURCE);
    // Pod GC removes pods bound to a node that no longer exists (DaemonSet pods, typically).
    for (const p of c.store.list('Pod').filter((p) => p.spec?.nodeName === name)) c.store.remove('Pod', p.metadata.namespace, p.metadata.name);
    // The VM is gone: its kubelet stops (no more Lease renewals), optional so older kubelets work.
    (c.kubelets.get(name) as { stop?: () => void } | undefined)?.stop?.();
    c.kubelets.delete(name);
    c.store.remove('Node', undefined, name);
    this.deleting.delete(name);
    this.starting.delete(name);
    this.unneededSince.delete(name);
  }

  /** The LogEventRecorder: CA's notable actions as events on its status ConfigMap. */
  logEvent(type: 'Normal' | 'Warning', reason: string, message: string): void {
    const cm = this.c.store.get('ConfigMap', 'kube-system', 'cluster-autoscaler-status');
    if (cm) this.c.events.record(cm, type, reason, message, CA_SOURCE);
  }

  setTaint(name: string, key: string, effect: string | null): void {
    this.c.store.mutate('Node', undefined, name, (n) => {
      const rest = (n.spec.taints ?? []).filter((t: any) => t.key !== key);
      // The value is the Unix time of marking, as taints.MarkToBeDeleted / MarkDeletionCandidate write it.
      if (effect) rest.push({ key, value: String(Math.floor((this.c.epochMs + this.c.now()) / 1000)), effect });
      if (rest.length) n.spec.taints = rest;
      else delete n.spec.taints;
    });
  }
}

export function startClusterAutoscaler(c: Cluster): Controller {
  const opts = c.autoscalerOptions;
  return opts ? new ClusterAutoscaler(c, opts) : { name: 'cluster-autoscaler', handle() {} };
}

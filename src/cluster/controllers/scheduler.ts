/**
 * default-scheduler: filters nodes (readiness, cordon, taints, nodeSelector, resource requests),
 * scores the feasible ones by least-allocated requests, binds, and reports FailedScheduling with the
 * scheduler's aggregated message when nothing fits.
 */
import type { ApiStore, WatchEvent } from '../store';
import type { EventRecorder } from '../events';
import type { VirtualClock } from '../clock';
import type { Rng } from '../rng';
import type { KObject } from '../objects';
import { milliCPU, bytes } from '../quantity';
import { matchesLabelSelector } from '../selectors';

const RETRY_MS = 10_000;

interface Taint {
  key: string;
  value?: string;
  effect: string;
}

export class Scheduler {
  private queue = new Set<string>();
  private scheduled = false;
  private lastFailure = new Map<string, string>();

  constructor(
    private readonly store: ApiStore,
    private readonly events: EventRecorder,
    private readonly clock: VirtualClock,
    private readonly rng: Rng,
  ) {}

  handle(e: WatchEvent): void {
    const o = e.object;
    if (o.kind === 'Pod') {
      // Status writes (including our own FailedScheduling condition) must not requeue the pod.
      const specChanged = e.type === 'ADDED' || JSON.stringify(e.old?.spec) !== JSON.stringify(o.spec);
      if (e.type !== 'DELETED' && specChanged && !o.spec?.nodeName && !o.metadata.deletionTimestamp && (o.spec?.schedulerName ?? 'default-scheduler') === 'default-scheduler') {
        this.enqueue(`${o.metadata.namespace}/${o.metadata.name}`);
      } else if (e.type === 'DELETED' && o.spec?.nodeName) this.retryAll(); // capacity freed
    } else if (o.kind === 'Node') this.retryAll();
  }

  private enqueue(key: string, delay = 0): void {
    this.queue.add(key);
    if (this.scheduled) return;
    this.scheduled = true;
    this.clock.after(delay, () => {
      this.scheduled = false;
      const keys = [...this.queue];
      this.queue.clear();
      for (const k of keys) this.scheduleOne(k);
    });
  }

  private retryAll(): void {
    for (const p of this.store.list('Pod')) if (!p.spec?.nodeName && !p.metadata.deletionTimestamp) this.enqueue(`${p.metadata.namespace}/${p.metadata.name}`);
  }

  private scheduleOne(key: string): void {
    const [ns, name] = key.split('/') as [string, string];
    const pod = this.store.get('Pod', ns, name);
    if (!pod || pod.spec?.nodeName || pod.metadata.deletionTimestamp) return;
    const nodes = this.store.list('Node');
    const reasons = new Map<string, number>();
    const feasible: { node: KObject; score: number }[] = [];
    const req = podRequests(pod);
    // One snapshot per cycle, as the scheduler's cache: requests per node and the pods on each node.
    const snap = this.snapshot();
    for (const node of nodes) {
      const why = this.filter(pod, node, req, snap);
      if (why) reasons.set(why, (reasons.get(why) ?? 0) + 1);
      else feasible.push({ node, score: this.score(node, podNonZeroRequests(pod), snap) + preferredScore(pod, node, nodes, snap) });
    }
    if (!feasible.length) return this.fail(pod, nodes.length, reasons);
    const best = Math.max(...feasible.map((f) => f.score));
    const top = feasible.filter((f) => f.score === best);
    const chosen = top[this.rng.int(0, top.length)]!.node;
    this.lastFailure.delete(key);
    const bound = this.store.mutate('Pod', ns, name, (p) => {
      p.spec.nodeName = chosen.metadata.name;
      const conds = (p.status.conditions ?? []).filter((c: any) => c.type !== 'PodScheduled');
      conds.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: this.store.timestamp() });
      p.status.conditions = conds;
    });
    if (bound) this.events.record(bound, 'Normal', 'Scheduled', `Successfully assigned ${ns}/${name} to ${chosen.metadata.name}`, { component: 'default-scheduler' });
  }

  private snapshot(): Snapshot {
    const used = new Map<string, { cpu: number; memory: number }>();
    const nonZero = new Map<string, { cpu: number; memory: number }>();
    const podsOn = new Map<string, KObject[]>();
    for (const p of this.store.list('Pod')) {
      const n = p.spec?.nodeName;
      if (!n || p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed') continue;
      const r = podRequests(p);
      const u = used.get(n) ?? { cpu: 0, memory: 0 };
      u.cpu += r.cpu;
      u.memory += r.memory;
      used.set(n, u);
      const z = podNonZeroRequests(p);
      const nz = nonZero.get(n) ?? { cpu: 0, memory: 0 };
      nz.cpu += z.cpu;
      nz.memory += z.memory;
      nonZero.set(n, nz);
      (podsOn.get(n) ?? podsOn.set(n, []).get(n)!).push(p);
    }
    return { used, podsOn, nonZero };
  }

  private filter(pod: KObject, node: KObject, req: { cpu: number; memory: number }, snap: Snapshot): string | null {
    const ready = (node.status?.conditions ?? []).find((c: any) => c.type === 'Ready')?.status === 'True';
    const tolerations: any[] = pod.spec?.tolerations ?? [];
    if (node.spec?.unschedulable && !tolerations.some((t) => tolerates(t, { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' }))) return 'node(s) were unschedulable';
    if (!ready && !tolerations.some((t) => tolerates(t, { key: 'node.kubernetes.io/not-ready', effect: 'NoSchedule' }))) return 'node(s) had untolerated taint {node.kubernetes.io/not-ready: }';
    for (const taint of (node.spec?.taints ?? []) as Taint[]) {
      if (taint.effect !== 'NoSchedule' && taint.effect !== 'NoExecute') continue;
      if (!tolerations.some((t) => tolerates(t, taint))) return `node(s) had untolerated taint {${taint.key}: ${taint.value ?? ''}}`;
    }
    const sel: Record<string, string> = pod.spec?.nodeSelector ?? {};
    const labels = node.metadata.labels ?? {};
    if (Object.entries(sel).some(([k, v]) => labels[k] !== v)) return "node(s) didn't match Pod's node affinity/selector";
    const required = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    if (required && !(required.nodeSelectorTerms ?? []).some((t: any) => matchesNodeSelectorTerm(t, labels, node.metadata.name))) return "node(s) didn't match Pod's node affinity/selector";
    const used = snap.used.get(node.metadata.name) ?? { cpu: 0, memory: 0 };
    const alloc = node.status?.allocatable ?? {};
    if (req.cpu > 0 && used.cpu + req.cpu > milliCPU(alloc.cpu)) return 'Insufficient cpu';
    if (req.memory > 0 && used.memory + req.memory > bytes(alloc.memory)) return 'Insufficient memory';
    return interPodAffinity(pod, node, this.store.list('Node'), snap);
  }

  /**
   * The filter plugins for one pod on one node against a hypothetical snapshot: the
   * cluster-autoscaler simulates scale-up (template nodes) and scale-down (moving pods) with them.
   */
  simulateFilter(pod: KObject, node: KObject, used: Map<string, { cpu: number; memory: number }>, podsOn: Map<string, KObject[]>): string | null {
    return this.filter(pod, node, podRequests(pod), { used, podsOn });
  }

  /**
   * NodeResourcesFit LeastAllocated: prefer the emptier node. Like the real plugin it counts a
   * container without requests as 100m CPU / 200MB (schedutil.GetNonzeroRequests), so BestEffort
   * replicas spread over the nodes instead of landing wherever the tie-break puts them.
   */
  private score(node: KObject, req: { cpu: number; memory: number }, snap: Snapshot): number {
    const used = snap.nonZero?.get(node.metadata.name) ?? { cpu: 0, memory: 0 };
    const alloc = node.status?.allocatable ?? {};
    const c = milliCPU(alloc.cpu) || 1;
    const m = bytes(alloc.memory) || 1;
    const cpuFree = ((c - used.cpu - req.cpu) * 100) / c;
    const memFree = ((m - used.memory - req.memory) * 100) / m;
    return Math.floor((cpuFree + memFree) / 2);
  }

  private fail(pod: KObject, total: number, reasons: Map<string, number>): void {
    const parts = [...reasons.entries()].map(([r, n]) => `${n} ${r}`).sort();
    const onlyResources = [...reasons.keys()].every((r) => r.startsWith('Insufficient'));
    const preempt = [...reasons.entries()]
      // Unschedulable (resources, anti-affinity) may be fixed by evicting lower-priority pods;
      // UnschedulableAndUnresolvable (taints, node affinity, cordon, pod affinity) may not.
      .map(([r, n]) => `${n} ${r.startsWith('Insufficient') || r.includes('anti-affinity') ? 'No preemption victims found for incoming pod' : 'Preemption is not helpful for scheduling'}`)
      .sort();
    const merged = new Map<string, number>();
    for (const p of preempt) {
      const i = p.indexOf(' ');
      const k = p.slice(i + 1);
      merged.set(k, (merged.get(k) ?? 0) + Number(p.slice(0, i)));
    }
    const preemptText = [...merged.entries()].map(([k, n]) => `${n} ${k}`).sort().join(', ');
    void onlyResources;
    const msg = total === 0 ? 'no nodes available to schedule pods' : `0/${total} nodes are available: ${parts.join(', ')}. preemption: 0/${total} nodes are available: ${preemptText}.`;
    const key = `${pod.metadata.namespace}/${pod.metadata.name}`;
    const prevCond = (pod.status?.conditions ?? []).find((c: any) => c.type === 'PodScheduled');
    const updated = prevCond?.status === 'False' && prevCond.message === msg ? pod : this.store.mutate('Pod', pod.metadata.namespace, pod.metadata.name, (p) => {
      const conds = (p.status.conditions ?? []).filter((c: any) => c.type !== 'PodScheduled');
      const prev = (p.status.conditions ?? []).find((c: any) => c.type === 'PodScheduled');
      conds.push({ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: msg, lastProbeTime: null, lastTransitionTime: prev?.status === 'False' ? prev.lastTransitionTime : this.store.timestamp() });
      p.status.conditions = conds;
    });
    if (updated && this.lastFailure.get(key) !== msg) this.events.record(updated, 'Warning', 'FailedScheduling', msg, { component: 'default-scheduler' });
    this.lastFailure.set(key, msg);
    this.clock.after(RETRY_MS, () => this.enqueue(key));
  }
}

export function podRequests(pod: KObject): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of pod.spec?.containers ?? []) {
    cpu += milliCPU(c.resources?.requests?.cpu);
    memory += bytes(c.resources?.requests?.memory);
  }
  // Init containers run one at a time: the pod needs the max of them if larger.
  for (const c of pod.spec?.initContainers ?? []) {
    cpu = Math.max(cpu, milliCPU(c.resources?.requests?.cpu));
    memory = Math.max(memory, bytes(c.resources?.requests?.memory));
  }
  return { cpu, memory };
}

const DEFAULT_MILLI_CPU = 100;
const DEFAULT_MEMORY = 200 * 1024 * 1024;

/** schedutil.GetNonzeroRequests per container (absent requests take the defaults), as scoring sees a pod. */
function podNonZeroRequests(pod: KObject): { cpu: number; memory: number } {
  let cpu = 0;
  let memory = 0;
  for (const c of pod.spec?.containers ?? []) {
    const r = c.resources?.requests ?? {};
    cpu += r.cpu === undefined ? DEFAULT_MILLI_CPU : milliCPU(r.cpu);
    memory += r.memory === undefined ? DEFAULT_MEMORY : bytes(r.memory);
  }
  return { cpu, memory };
}

function tolerates(t: any, taint: { key: string; value?: string; effect: string }): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.operator === 'Exists') return !t.key || t.key === taint.key;
  return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
}

interface Snapshot {
  used: Map<string, { cpu: number; memory: number }>;
  podsOn: Map<string, KObject[]>;
  /** Requests as scoring counts them (non-zero defaults); only the scheduling cycle needs it. */
  nonZero?: Map<string, { cpu: number; memory: number }>;
}

/** A nodeSelectorTerm: every matchExpression (and matchFields on metadata.name) must hold. */
export function matchesNodeSelectorTerm(term: any, labels: Record<string, string>, nodeName: string): boolean {
  const ok = (r: any, value: string | undefined) => {
    const vals: string[] = r.values ?? [];
    switch (r.operator) {
      case 'In':
        return value !== undefined && vals.includes(value);
      case 'NotIn':
        return value === undefined || !vals.includes(value);
      case 'Exists':
        return value !== undefined;
      case 'DoesNotExist':
        return value === undefined;
      case 'Gt':
        return value !== undefined && Number(value) > Number(vals[0]);
      case 'Lt':
        return value !== undefined && Number(value) < Number(vals[0]);
    }
    return false;
  };
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (!exprs.length && !fields.length) return false;
  return exprs.every((r: any) => ok(r, labels[r.key])) && fields.every((r: any) => ok(r, r.key === 'metadata.name' ? nodeName : undefined));
}

function topologyValue(nodes: KObject[], nodeName: string, key: string): string | undefined {
  return nodes.find((n) => n.metadata.name === nodeName)?.metadata.labels?.[key];
}

/** Pods in the same topology domain (nodes sharing the topologyKey's value) matching a term. */
function termMatchesDomain(term: any, pod: KObject, node: KObject, nodes: KObject[], snap: Snapshot): boolean {
  const value = node.metadata.labels?.[term.topologyKey];
  if (value === undefined) return false;
  const namespaces: string[] = term.namespaces?.length ? term.namespaces : [pod.metadata.namespace ?? 'default'];
  for (const [nodeName, pods] of snap.podsOn) {
    if (topologyValue(nodes, nodeName, term.topologyKey) !== value) continue;
    for (const p of pods) {
      if (p.metadata.uid === pod.metadata.uid || !namespaces.includes(p.metadata.namespace ?? 'default')) continue;
      if (matchesLabelSelector(term.labelSelector ?? {}, (p.metadata.labels ?? {}) as Record<string, string>)) return true;
    }
  }
  return false;
}

/** InterPodAffinity filter: required pod affinity, anti-affinity, and existing pods' anti-affinity. */
function interPodAffinity(pod: KObject, node: KObject, nodes: KObject[], snap: Snapshot): string | null {
  const aff = pod.spec?.affinity ?? {};
  const req = (a: any) => a?.requiredDuringSchedulingIgnoredDuringExecution ?? [];
  const affTerms = req(aff.podAffinity);
  if (affTerms.length && !affTerms.every((t: any) => termMatchesDomain(t, pod, node, nodes, snap))) {
    // The first pod of a group may schedule anywhere when nothing matches yet and it matches itself.
    const anyMatch = [...snap.podsOn.values()].flat().some((p) => affTerms.some((t: any) => matchesLabelSelector(t.labelSelector ?? {}, (p.metadata.labels ?? {}) as Record<string, string>)));
    const self = affTerms.every((t: any) => matchesLabelSelector(t.labelSelector ?? {}, (pod.metadata.labels ?? {}) as Record<string, string>));
    if (anyMatch || !self) return "node(s) didn't match pod affinity rules";
  }
  for (const t of req(aff.podAntiAffinity)) if (termMatchesDomain(t, pod, node, nodes, snap)) return "node(s) didn't match pod anti-affinity rules";
  for (const p of snap.podsOn.get(node.metadata.name) ?? []) {
    for (const t of req(p.spec?.affinity?.podAntiAffinity)) {
      const value = node.metadata.labels?.[t.topologyKey];
      if (value !== undefined && matchesLabelSelector(t.labelSelector ?? {}, (pod.metadata.labels ?? {}) as Record<string, string>)) return "node(s) didn't satisfy existing pods anti-affinity rules";
    }
  }
  return null;
}

/** Preferred node affinity and pod (anti-)affinity weights, added to the resource score. */
function preferredScore(pod: KObject, node: KObject, nodes: KObject[], snap: Snapshot): number {
  const aff = pod.spec?.affinity ?? {};
  let score = 0;
  for (const t of aff.nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? [])
    if (matchesNodeSelectorTerm(t.preference ?? {}, node.metadata.labels ?? {}, node.metadata.name)) score += t.weight ?? 0;
  for (const t of aff.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) if (termMatchesDomain(t.podAffinityTerm ?? {}, pod, node, nodes, snap)) score += t.weight ?? 0;
  for (const t of aff.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []) if (termMatchesDomain(t.podAffinityTerm ?? {}, pod, node, nodes, snap)) score -= t.weight ?? 0;
  return score;
}

/**
 * kubectl describe node, following kubectl's pkg/describe/describe.go (NodeDescriber.Describe,
 * describeNode, describeNodeLease, describeNodeResource, getPodsTotalRequestsAndLimits) and
 * pkg/util/resource (PodRequestsAndLimits). Percentages are Go's int64(float64) conversions, i.e.
 * truncated toward zero, not rounded.
 */
import { PrefixWriter, printLabelsMultiline, printAnnotationsMultiline, describeEvents, since } from './writer';
import { registerDescriber } from './registry';
import { rfc1123z } from '../../cluster/time';
import { parseQuantity, formatQuantity, intValue, milliValue, canonicalQuantity, type Quantity } from '../../cluster/hpa/quantity';
import type { ApiStore } from '../../cluster/store';

const NODE_LEASE_NAMESPACE = 'kube-node-lease';
const ZERO: Quantity = { mantissa: 0n, exponent: 0, format: 'DecimalSI' };
type ResourceList = Record<string, Quantity>;

/** Go formats a zero metav1.Time as year 1 rather than <unknown>. */
function goTime(s: string | undefined): string {
  const t = Date.parse(s ?? '');
  return Number.isNaN(t) ? 'Mon, 01 Jan 0001 00:00:00 +0000' : rfc1123z(t);
}

function align(a: Quantity, b: Quantity): [bigint, bigint, number] {
  const e = Math.min(a.exponent, b.exponent);
  return [a.mantissa * 10n ** BigInt(a.exponent - e), b.mantissa * 10n ** BigInt(b.exponent - e), e];
}

/** Quantity.Add: the receiver keeps its format unless it is zero (then it takes the addend's). */
function addQ(a: Quantity, b: Quantity): Quantity {
  const [x, y, e] = align(a, b);
  return { mantissa: x + y, exponent: e, format: a.mantissa === 0n ? b.format : a.format };
}

function cmpQ(a: Quantity, b: Quantity): number {
  const [x, y] = align(a, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function toList(rl: Record<string, string> | undefined): ResourceList {
  const out: ResourceList = {};
  for (const [k, v] of Object.entries(rl ?? {})) {
    try {
      out[k] = parseQuantity(String(v));
    } catch {
      /* the API server rejects malformed quantities; nothing to add */
    }
  }
  return out;
}

function addResourceList(list: ResourceList, add: ResourceList): void {
  for (const [k, q] of Object.entries(add)) list[k] = k in list ? addQ(list[k]!, q) : q;
}

function maxResourceList(list: ResourceList, other: ResourceList): void {
  for (const [k, q] of Object.entries(other)) if (!(k in list) || cmpQ(q, list[k]!) > 0) list[k] = q;
}

/** resource.go max(a, b): per name the larger, ties going to b. */
function maxOf(a: ResourceList, b: ResourceList): ResourceList {
  const out: ResourceList = {};
  for (const [k, q] of Object.entries(a)) out[k] = k in b && cmpQ(q, b[k]!) <= 0 ? b[k]! : q;
  for (const [k, q] of Object.entries(b)) if (!(k in out)) out[k] = q;
  return out;
}

/** PodRequestsAndLimits: containers summed, sidecars (restartPolicy Always) added, init containers as a max, plus overhead. */
export function podRequestsAndLimits(pod: any): { reqs: ResourceList; limits: ResourceList } {
  const statuses = new Map<string, any>((pod.status?.containerStatuses ?? []).map((s: any) => [s.name, s]));
  const reqs: ResourceList = {};
  const limits: ResourceList = {};
  for (const c of pod.spec?.containers ?? []) {
    let r = toList(c.resources?.requests);
    const cs = statuses.get(c.name);
    if (cs?.resources) r = pod.status?.resize === 'Infeasible' ? toList(cs.resources.requests) : maxOf(r, toList(cs.resources.requests));
    addResourceList(reqs, r);
    addResourceList(limits, toList(c.resources?.limits));
  }
  for (const [list, field] of [[reqs, 'requests'], [limits, 'limits']] as const) {
    const restartable: ResourceList = {};
    const init: ResourceList = {};
    for (const c of pod.spec?.initContainers ?? []) {
      let r = toList(c.resources?.[field]);
      if (c.restartPolicy === 'Always') {
        addResourceList(list, r);
        addResourceList(restartable, r);
        r = { ...restartable };
      } else {
        const tmp: ResourceList = {};
        addResourceList(tmp, r);
        addResourceList(tmp, restartable);
        r = tmp;
      }
      maxResourceList(init, r);
    }
    maxResourceList(list, init);
  }
  const overhead = toList(pod.spec?.overhead);
  addResourceList(reqs, overhead);
  for (const [k, q] of Object.entries(overhead)) if (k in limits && limits[k]!.mantissa !== 0n) limits[k] = addQ(limits[k]!, q);
  return { reqs, limits };
}

/** Go's int64(float64): truncation; NaN and ±Inf become math.MinInt64 on amd64. */
function pct(num: number, den: number): string {
  const f = (num / den) * 100;
  return Number.isFinite(f) ? String(Math.trunc(f)) : '-9223372036854775808';
}

const q = (l: ResourceList, k: string) => l[k] ?? ZERO;

/** findNodeRoles: node-role.kubernetes.io/<role> labels and kubernetes.io/role=<role>, as a sorted set. */
function findNodeRoles(labels: Record<string, string>): string[] {
  const roles = new Set<string>();
  for (const [k, v] of Object.entries(labels)) {
    if (k.startsWith('node-role.kubernetes.io/')) {
      const role = k.slice('node-role.kubernetes.io/'.length);
      if (role) roles.add(role);
    } else if (k === 'kubernetes.io/role' && v !== '') roles.add(v);
  }
  return [...roles].sort();
}

/** Taint.ToString, sorted by "effect,key" as printTaintsMultilineWithIndent does. */
function printNodeTaintsMultiline(w: PrefixWriter, taints: any[] | undefined): void {
  w.write(0, 'Taints:\t');
  if (!taints?.length) {
    w.write(0, '<none>\n');
    return;
  }
  const key = (t: any) => `${t.effect},${t.key}`;
  const sorted = [...taints].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  sorted.forEach((t, i) => {
    if (i > 0) w.write(0, '\t');
    w.write(0, `${t.value ? `${t.key}=${t.value}` : t.key}:${t.effect}\n`);
  });
}

function describeNodeLease(w: PrefixWriter, lease: any): void {
  w.write(0, 'Lease:\n');
  w.write(1, `HolderIdentity:\t${lease.spec?.holderIdentity ?? '<unset>'}\n`);
  // The kubelet's lease controller never sets acquireTime, so real clusters show <unset> here too.
  w.write(1, `AcquireTime:\t${lease.spec?.acquireTime ? goTime(lease.spec.acquireTime) : '<unset>'}\n`);
  w.write(1, `RenewTime:\t${lease.spec?.renewTime ? goTime(lease.spec.renewTime) : '<unset>'}\n`);
}

function describeNodeResource(w: PrefixWriter, pods: any[], node: any, now: number): void {
  w.write(0, `Non-terminated Pods:\t(${pods.length} in total)\n`);
  // kubectl leaves an empty column after Name.
  w.write(1, 'Namespace\tName\t\tCPU Requests\tCPU Limits\tMemory Requests\tMemory Limits\tAge\n');
  w.write(1, '---------\t----\t\t------------\t----------\t---------------\t-------------\t---\n');
  const alloc = toList(node.status?.allocatable && Object.keys(node.status.allocatable).length ? node.status.allocatable : node.status?.capacity);
  const allocCpu = milliValue(q(alloc, 'cpu'));
  const allocMem = intValue(q(alloc, 'memory'));
  const allocEph = intValue(q(alloc, 'ephemeral-storage'));
  const reqs: ResourceList = {};
  const limits: ResourceList = {};
  for (const pod of pods) {
    const r = podRequestsAndLimits(pod);
    const [cr, cl, mr, ml] = [q(r.reqs, 'cpu'), q(r.limits, 'cpu'), q(r.reqs, 'memory'), q(r.limits, 'memory')];
    w.write(
      1,
      `${pod.metadata.namespace}\t${pod.metadata.name}\t\t${formatQuantity(cr)} (${pct(milliValue(cr), allocCpu)}%)\t${formatQuantity(cl)} (${pct(milliValue(cl), allocCpu)}%)\t` +
        `${formatQuantity(mr)} (${pct(intValue(mr), allocMem)}%)\t${formatQuantity(ml)} (${pct(intValue(ml), allocMem)}%)\t${since(pod.metadata.creationTimestamp, now)}\n`,
    );
    addResourceList(reqs, r.reqs);
    addResourceList(limits, r.limits);
  }
  w.write(0, 'Allocated resources:\n  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
  w.write(1, 'Resource\tRequests\tLimits\n');
  w.write(1, '--------\t--------\t------\n');
  // Totals guard against a zero allocatable (0%), unlike the per-pod rows above.
  const row = (name: string, r: Quantity, l: Quantity, val: (x: Quantity) => number, den: number) =>
    w.write(1, `${name}\t${formatQuantity(r)} (${den ? pct(val(r), den) : '0'}%)\t${formatQuantity(l)} (${den ? pct(val(l), den) : '0'}%)\n`);
  row('cpu', q(reqs, 'cpu'), q(limits, 'cpu'), milliValue, allocCpu);
  row('memory', q(reqs, 'memory'), q(limits, 'memory'), intValue, allocMem);
  row('ephemeral-storage', q(reqs, 'ephemeral-storage'), q(limits, 'ephemeral-storage'), intValue, allocEph);
  const names = Object.keys(alloc).sort();
  for (const h of names.filter((n) => n.startsWith('hugepages-'))) row(h, q(reqs, h), q(limits, h), intValue, intValue(alloc[h]!));
  // Extended resources (e.g. nvidia.com/gpu): no percentages.
  for (const ext of names.filter((n) => !['cpu', 'memory', 'ephemeral-storage', 'pods'].includes(n) && !n.startsWith('hugepages-')))
    w.write(1, `${ext}\t${formatQuantity(q(reqs, ext))}\t${formatQuantity(q(limits, ext))}\n`);
}

export function describeNode(node: any, ctx: { store: ApiStore; now: number; showEvents?: boolean }): string {
  const { store, now } = ctx;
  const name = node.metadata.name;
  const w = new PrefixWriter();
  w.write(0, `Name:\t${name}\n`);
  const roles = findNodeRoles(node.metadata.labels ?? {});
  w.write(0, `Roles:\t${roles.length ? roles.join(',') : '<none>'}\n`);
  printLabelsMultiline(w, 'Labels', node.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', node.metadata.annotations);
  w.write(0, `CreationTimestamp:\t${goTime(node.metadata.creationTimestamp)}\n`);
  printNodeTaintsMultiline(w, node.spec?.taints);
  w.write(0, `Unschedulable:\t${node.spec?.unschedulable === true}\n`);
  const lease = store.get('Lease', NODE_LEASE_NAMESPACE, name);
  if (lease) describeNodeLease(w, lease);
  else w.write(0, `Lease:\tFailed to get lease: leases.coordination.k8s.io "${name}" not found\n`);

  const conds: any[] = node.status?.conditions ?? [];
  if (conds.length) {
    w.write(0, 'Conditions:\n  Type\tStatus\tLastHeartbeatTime\tLastTransitionTime\tReason\tMessage\n');
    w.write(1, '----\t------\t-----------------\t------------------\t------\t-------\n');
    // The trailing space before each tab is kubectl's ("%v \t%v \t…").
    for (const c of conds) w.write(1, `${c.type} \t${c.status} \t${goTime(c.lastHeartbeatTime)} \t${goTime(c.lastTransitionTime)} \t${c.reason ?? ''} \t${c.message ?? ''}\n`);
  }
  w.write(0, 'Addresses:\n');
  for (const a of node.status?.addresses ?? []) w.write(1, `${a.type}:\t${a.address}\n`);

  const printResourceList = (rl: Record<string, string>) => {
    for (const k of Object.keys(rl).sort()) {
      let v = String(rl[k]);
      try {
        v = canonicalQuantity(v);
      } catch {
        /* keep as stored */
      }
      w.write(0, `  ${k}:\t${v}\n`);
    }
  };
  if (Object.keys(node.status?.capacity ?? {}).length) {
    w.write(0, 'Capacity:\n');
    printResourceList(node.status.capacity);
  }
  if (Object.keys(node.status?.allocatable ?? {}).length) {
    w.write(0, 'Allocatable:\n');
    printResourceList(node.status.allocatable);
  }
  const ni = node.status?.nodeInfo ?? {};
  w.write(0, 'System Info:\n');
  w.write(0, `  Machine ID:\t${ni.machineID ?? ''}\n`);
  w.write(0, `  System UUID:\t${ni.systemUUID ?? ''}\n`);
  w.write(0, `  Boot ID:\t${ni.bootID ?? ''}\n`);
  w.write(0, `  Kernel Version:\t${ni.kernelVersion ?? ''}\n`);
  w.write(0, `  OS Image:\t${ni.osImage ?? ''}\n`);
  w.write(0, `  Operating System:\t${ni.operatingSystem ?? ''}\n`);
  w.write(0, `  Architecture:\t${ni.architecture ?? ''}\n`);
  w.write(0, `  Container Runtime Version:\t${ni.containerRuntimeVersion ?? ''}\n`);
  w.write(0, `  Kubelet Version:\t${ni.kubeletVersion ?? ''}\n`);
  w.write(0, `  Kube-Proxy Version:\t${ni.kubeProxyVersion ?? ''}\n`);
  if (node.spec?.podCIDR) w.write(0, `PodCIDR:\t${node.spec.podCIDR}\n`);
  if (node.spec?.podCIDRs?.length) w.write(0, `PodCIDRs:\t${node.spec.podCIDRs.join(',')}\n`);
  if (node.spec?.providerID) w.write(0, `ProviderID:\t${node.spec.providerID}\n`);

  // Field selector spec.nodeName=NAME,status.phase!=Succeeded,status.phase!=Failed over all namespaces.
  const pods = store.list('Pod').filter((p) => p.spec?.nodeName === name && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
  describeNodeResource(w, pods, node, now);

  if (ctx.showEvents !== false) {
    // Two searches merged: the node controller refers to the node by its uid, the kubelet by its name.
    const events = store.list('Event').filter((e) => e.involvedObject?.kind === 'Node' && e.involvedObject?.name === name && (e.involvedObject?.uid === node.metadata.uid || e.involvedObject?.uid === name));
    describeEvents(w, events, now);
  }
  return w.toString();
}

registerDescriber('Node', (o, ctx) => describeNode(o, ctx));

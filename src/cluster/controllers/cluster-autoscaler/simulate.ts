/**
 * What cluster-autoscaler's simulator does with the scheduler framework, on our model: a snapshot
 * of requests per node, template nodes for a group (a node as the group would create it, with the
 * DaemonSet pods it would run), and the utilisation used for scale-down.
 */
import type { Cluster } from '../../cluster';
import type { KObject } from '../../objects';
import { podRequests } from '../scheduler';
import { milliCPU, bytes } from '../../quantity';
import { NODE_GROUP_LABEL, type NodeGroupOptions } from './config';

export type Used = Map<string, { cpu: number; memory: number }>;
export interface Snap {
  used: Used;
  podsOn: Map<string, KObject[]>;
}

export const isDaemonSetPod = (p: KObject) => (p.metadata.ownerReferences ?? []).some((r: any) => r.kind === 'DaemonSet' && r.controller);
export const isMirrorPod = (p: KObject) => p.metadata.annotations?.['kubernetes.io/config.mirror'] !== undefined;
const terminal = (p: KObject) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';

/** Requests per node of the pods bound there, as the scheduler's cache has them. */
export function snapshot(c: Cluster): Snap {
  const snap: Snap = { used: new Map(), podsOn: new Map() };
  for (const p of c.store.list('Pod')) if (p.spec?.nodeName && !terminal(p)) addPod(snap, p.spec.nodeName, p);
  return snap;
}

export function addPod(snap: Snap, node: string, pod: KObject): void {
  const r = podRequests(pod);
  const u = snap.used.get(node) ?? { cpu: 0, memory: 0 };
  snap.used.set(node, { cpu: u.cpu + r.cpu, memory: u.memory + r.memory });
  snap.podsOn.set(node, [...(snap.podsOn.get(node) ?? []), pod]);
}

export function removePod(snap: Snap, node: string, pod: KObject): void {
  const r = podRequests(pod);
  const u = snap.used.get(node) ?? { cpu: 0, memory: 0 };
  snap.used.set(node, { cpu: u.cpu - r.cpu, memory: u.memory - r.memory });
  snap.podsOn.set(node, (snap.podsOn.get(node) ?? []).filter((p) => p !== pod));
}

/** A Ready node of the group as the cloud provider's template describes it (TemplateNodeInfo). */
export function templateNode(g: NodeGroupOptions, name: string): KObject {
  const cpu = g.cpu ?? '2';
  const memory = g.memory ?? '4Gi';
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/arch': 'amd64', 'kubernetes.io/os': 'linux', 'kubernetes.io/hostname': name, [NODE_GROUP_LABEL]: g.name, ...g.labels } },
    spec: g.taints?.length ? { taints: g.taints } : {},
    status: { allocatable: { cpu, memory, pods: '110' }, conditions: [{ type: 'Ready', status: 'True' }] },
  } as KObject;
}

/** Put a template node in the snapshot with the DaemonSet pods that would land on it. */
export function addTemplate(c: Cluster, snap: Snap, node: KObject): void {
  snap.used.set(node.metadata.name, { cpu: 0, memory: 0 });
  snap.podsOn.set(node.metadata.name, []);
  for (const ds of c.store.list('DaemonSet')) {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: `${ds.metadata.name}-template`, namespace: ds.metadata.namespace, labels: ds.spec?.template?.metadata?.labels ?? {} }, spec: ds.spec?.template?.spec ?? {} } as KObject;
    if (c.scheduler.simulateFilter(pod, node, snap.used, snap.podsOn) === null) addPod(snap, node.metadata.name, pod);
  }
}

/** utilization.Calculate: max(cpu, memory) of requests over allocatable. */
export function utilization(node: KObject, pods: KObject[], skipDs: boolean, skipMirror: boolean): { cpu: number; mem: number; resource: string; util: number } {
  let cpu = 0;
  let mem = 0;
  let cpuSkip = 0;
  let memSkip = 0;
  for (const p of pods) {
    const r = podRequests(p);
    if ((skipDs && isDaemonSetPod(p)) || (skipMirror && isMirrorPod(p))) {
      cpuSkip += r.cpu;
      memSkip += r.memory;
      continue;
    }
    cpu += r.cpu;
    mem += r.memory;
  }
  const a = node.status?.allocatable ?? {};
  const cu = cpu / Math.max(1, milliCPU(a.cpu) - cpuSkip);
  const mu = mem / Math.max(1, bytes(a.memory) - memSkip);
  return cu > mu ? { cpu: cu, mem: mu, resource: 'cpu', util: cu } : { cpu: cu, mem: mu, resource: 'memory', util: mu };
}

export const groupOf = (node: KObject): string | undefined => node.metadata.labels?.[NODE_GROUP_LABEL];
export const isReady = (node: KObject) => (node.status?.conditions ?? []).some((x: any) => x.type === 'Ready' && x.status === 'True');

/** Building blocks for task checks, reading the cluster the way kubectl would show it. */
import type { Cluster } from '../src/cluster/cluster';
import { printPod } from '../src/kubectl/printers/pod';
import type { LabMemory } from './types';

export function newMemory(): LabMemory {
  return { podStatuses: new Map() };
}

/** The STATUS column `kubectl get pods` shows for a pod right now, or undefined if it is gone. */
export function podStatus(c: Cluster, name: string, ns = 'default'): string | undefined {
  const pod = c.store.get('Pod', ns, name);
  return pod ? printPod(pod, c.epochMs + c.now()).STATUS : undefined;
}

/** Record every pod's current STATUS, so "was it ever Init:0/2?" can be answered later. */
export function observe(c: Cluster, mem: LabMemory): void {
  for (const p of c.store.list('Pod')) {
    const key = `${p.metadata.namespace}/${p.metadata.name}`;
    let set = mem.podStatuses.get(key);
    if (!set) mem.podStatuses.set(key, (set = new Set()));
    set.add(printPod(p, c.epochMs + c.now()).STATUS);
  }
}

export function wasSeen(mem: LabMemory, pod: string, status: string, ns = 'default'): boolean {
  return mem.podStatuses.get(`${ns}/${pod}`)?.has(status) ?? false;
}

export function exists(c: Cluster, kind: string, name: string, ns = 'default'): boolean {
  return !!c.store.get(kind, ns, name);
}

/** Everything the current run of a container has logged (what `kubectl logs` would print). */
export function containerLog(c: Cluster, pod: string, container: string, ns = 'default'): string {
  const p = c.store.get('Pod', ns, pod);
  const w = p && c.workerFor(p);
  return (w?.record(container)?.current?.logs ?? []).map((l) => l.text).join('\n');
}

/**
 * The taint eviction controller (formerly the node lifecycle controller's taint manager): pods on
 * a node with a NoExecute taint they do not tolerate are deleted; tolerationSeconds delays it.
 */
import type { Cluster } from '../cluster';
import type { KObject } from '../objects';
import type { WatchEvent } from '../store';
import type { Controller } from './registry';

function tolerationFor(pod: KObject, taint: any): any | undefined {
  return (pod.spec?.tolerations ?? []).find((t: any) => {
    if (t.effect && t.effect !== taint.effect) return false;
    if (t.operator === 'Exists') return !t.key || t.key === taint.key;
    return t.key === taint.key && (t.value ?? '') === (taint.value ?? '');
  });
}

export function startTaintEvictionController(c: Cluster): Controller {
  const timers = new Map<string, number>();
  const evict = (pod: KObject) => {
    if (!c.store.get('Pod', pod.metadata.namespace, pod.metadata.name)) return;
    c.events.record(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${pod.metadata.namespace}/${pod.metadata.name}`, { component: 'taint-eviction-controller' });
    try {
      c.api.delete('Pod', pod.metadata.namespace, pod.metadata.name);
    } catch {
      // already gone
    }
  };
  const check = (node: KObject) => {
    const noExec = (node.spec?.taints ?? []).filter((t: any) => t.effect === 'NoExecute');
    for (const pod of c.store.list('Pod').filter((p) => p.spec?.nodeName === node.metadata.name && !p.metadata.deletionTimestamp)) {
      const key = pod.metadata.uid!;
      let delay = Infinity;
      let evictNow = false;
      for (const taint of noExec) {
        const tol = tolerationFor(pod, taint);
        if (!tol) evictNow = true;
        else if (tol.tolerationSeconds !== undefined) delay = Math.min(delay, Math.max(0, tol.tolerationSeconds) * 1000);
      }
      if (evictNow) {
        c.clock.cancel(timers.get(key));
        timers.delete(key);
        evict(pod);
      } else if (delay < Infinity && !timers.has(key)) {
        timers.set(key, c.clock.after(delay, () => evict(pod)));
      } else if (delay === Infinity && timers.has(key)) {
        c.clock.cancel(timers.get(key));
        timers.delete(key);
      }
    }
  };
  return {
    name: 'taint-eviction',
    handle(e: WatchEvent) {
      if (e.object.kind !== 'Node' || e.type === 'DELETED') return;
      if (e.old && JSON.stringify(e.old.spec?.taints) === JSON.stringify(e.object.spec?.taints)) return;
      c.clock.after(0, () => {
        const node = c.store.get('Node', undefined, e.object.metadata.name);
        if (node) check(node);
      });
    },
  };
}

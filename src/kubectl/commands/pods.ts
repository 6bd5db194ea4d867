/** Shared helpers for commands that address one pod and one of its containers. */
import type { KubectlContext } from '../context';
import type { PodWorker } from '../../cluster/kubelet/pod-worker';
import { allContainerNames } from './logs-targets';

export interface PodTarget {
  pod: any;
  worker: PodWorker | undefined;
  container: string;
}

/**
 * Pick the container: -c, else the `kubectl.kubernetes.io/default-container` annotation, else the
 * first app container, announcing the choice on stderr when there were several (kubectl ≥1.24).
 */
export function pickContainer(pod: any, requested: string | undefined, ctx: KubectlContext, announce: boolean): string | { error: string } {
  const apps: string[] = (pod.spec.containers ?? []).map((c: any) => c.name);
  const inits: string[] = (pod.spec.initContainers ?? []).map((c: any) => c.name);
  const eph: string[] = (pod.spec.ephemeralContainers ?? []).map((c: any) => c.name);
  if (requested) {
    if (![...apps, ...inits, ...eph].includes(requested)) return { error: `container ${requested} is not valid for pod ${pod.metadata.name}` };
    return requested;
  }
  const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  const chosen = annotated && apps.includes(annotated) ? annotated : apps[0]!;
  const total = apps.length + inits.length + eph.length;
  if (announce && total > 1 && !annotated) ctx.io.err(`Defaulted container "${chosen}" out of: ${allContainerNames(pod)}\n`);
  return chosen;
}

/**
 * The node's kubelet when it is not answering (`systemctl stop kubelet` on that node): logs, exec
 * and attach go from the API server to the kubelet's port 10250, so they fail while it is down.
 */
export function unreachableKubelet(ctx: KubectlContext, pod: any): string | undefined {
  const node = pod.spec?.nodeName;
  if (!node || ctx.cluster.kubelets.get(node)?.running !== false) return undefined;
  const n = ctx.cluster.store.get('Node', undefined, node);
  return (n?.status?.addresses ?? []).find((a: any) => a.type === 'InternalIP')?.address ?? node;
}

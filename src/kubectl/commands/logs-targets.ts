/**
 * Which (pod, container) streams `kubectl logs` reads: a port of kubectl's
 * polymorphichelpers/logsforobject.go, helpers.go (SelectorsForObject, GetPodList) and
 * podutils.ByLogging. Errors are returned as the full text kubectl prints.
 */
import type { KubectlContext } from '../context';
import type { KObject } from '../../cluster/objects';
import { matchesLabelSelector, matchesSelector, type LabelSelector } from '../../cluster/selectors';

export interface LogTarget {
  pod: any;
  container: string;
}

/** Pods, init containers, ephemeral containers, as podcmd.AllContainerNames lists them. */
export function allContainerNames(pod: any): string {
  const s = pod.spec ?? {};
  return [...(s.containers ?? []).map((c: any) => c.name), ...(s.ephemeralContainers ?? []).map((c: any) => `${c.name} (ephem)`), ...(s.initContainers ?? []).map((c: any) => `${c.name} (init)`)].join(', ');
}

function hasContainer(pod: any, name: string): boolean {
  const s = pod.spec ?? {};
  return [...(s.containers ?? []), ...(s.initContainers ?? []), ...(s.ephemeralContainers ?? [])].some((c: any) => c.name === name);
}

/**
 * The streams of one pod. `quiet` is kubectl's allPods: the "Defaulted container" notice is only
 * printed when a single pod was asked for (or each pod of a -l selector, which is not allPods).
 */
export function podTargets(pod: any, container: string | undefined, allContainers: boolean, quiet: boolean, ctx: KubectlContext): LogTarget[] | { error: string } {
  if (allContainers) {
    // Init, then app, then ephemeral containers: the order logsForObjectWithClient walks them.
    const s = pod.spec ?? {};
    return [...(s.initContainers ?? []), ...(s.containers ?? []), ...(s.ephemeralContainers ?? [])].map((c: any) => ({ pod, container: c.name }));
  }
  let c = container;
  const annotated = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  if (!c && annotated) {
    if (hasContainer(pod, annotated)) c = annotated;
    else ctx.io.err(`Default container name "${annotated}" not found in pod ${pod.metadata.name}\n`);
  }
  if (!c) {
    const s = pod.spec;
    c = s.containers[0].name as string;
    if ((s.containers.length > 1 || s.initContainers?.length || s.ephemeralContainers?.length) && !quiet) ctx.io.err(`Defaulted container "${c}" out of: ${allContainerNames(pod)}\n`);
  }
  if (!hasContainer(pod, c)) return { error: `error: container ${c} is not valid for pod ${pod.metadata.name} out of: ${allContainerNames(pod)}\n` };
  return [{ pod, container: c }];
}

/** The pod selector of a workload object, or kubectl's error for kinds it cannot follow. */
export function selectorForObject(o: KObject): ((labels: Record<string, string>) => boolean) | { error: string } {
  // Go's %T of the typed object, e.g. *v1.CronJob, as logsForObjectWithClient names it.
  const t = `*${String(o.apiVersion).split('/').pop()}.${o.kind}`;
  const fail = (why: string) => ({ error: `error: cannot get the logs from ${t}: ${why}\n` });
  const spec = (o as any).spec ?? {};
  switch (o.kind) {
    case 'ReplicaSet':
    case 'StatefulSet':
    case 'DaemonSet':
    case 'Deployment':
    case 'Job':
      return (l) => matchesLabelSelector(spec.selector as LabelSelector, l);
    case 'ReplicationController':
      return (l) => matchesSelector(spec.selector ?? {}, l);
    case 'Service':
      if (!spec.selector || !Object.keys(spec.selector).length) return fail(`invalid service '${o.metadata.name}': Service is defined without a selector`);
      return (l) => matchesSelector(spec.selector, l);
    default:
      return fail(`selector for ${t} not implemented`);
  }
}

const isReady = (p: any) => (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
const readyTime = (p: any) => (p.status?.conditions ?? []).find((c: any) => c.type === 'Ready' && c.status === 'True')?.lastTransitionTime ?? '';
const restarts = (p: any) => Math.max(0, ...(p.status?.containerStatuses ?? []).map((s: any) => s.restartCount ?? 0));
/** afterOrZero(t1, t2): t1 after t2, a zero (empty) time counting as after anything. */
const afterOrZero = (t1: string, t2: string) => (!t1 || !t2 ? !t1 : Date.parse(t1) > Date.parse(t2));
// Phases missing from Go's map read as 0, so Succeeded/Failed rank with Running.
const PHASE_RANK: Record<string, number> = { Unknown: 1, Pending: 2 };

/** podutils.ByLogging: the pod whose logs are most likely interesting comes first. */
export function byLogging(a: any, b: any): number {
  const less = (x: any, y: any): boolean => {
    const nx = x.spec?.nodeName ?? '';
    const ny = y.spec?.nodeName ?? '';
    if (nx !== ny && (!nx || !ny)) return !!nx;
    const px = PHASE_RANK[x.status?.phase] ?? 0;
    const py = PHASE_RANK[y.status?.phase] ?? 0;
    if (px !== py) return px < py;
    if (isReady(x) !== isReady(y)) return isReady(x);
    if (isReady(x) && isReady(y) && readyTime(x) !== readyTime(y)) return afterOrZero(readyTime(y), readyTime(x));
    if (restarts(x) !== restarts(y)) return restarts(x) > restarts(y);
    const cx = x.metadata.creationTimestamp ?? '';
    const cy = y.metadata.creationTimestamp ?? '';
    if (cx !== cy) return afterOrZero(cy, cx);
    return false;
  };
  return less(a, b) ? -1 : less(b, a) ? 1 : 0;
}

/** The object's pods sorted ByLogging (a stable sort over the API's name order). */
export function podsForObject(ctx: KubectlContext, o: KObject, match: (l: Record<string, string>) => boolean): any[] {
  return ctx.cluster.store
    .list('Pod', o.metadata.namespace)
    .filter((p) => match((p.metadata.labels ?? {}) as Record<string, string>))
    .sort(byLogging);
}

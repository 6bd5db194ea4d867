/** Helpers for the cluster-autoscaler tests: a cluster with one autoscaled pool and a Deployment. */
import { Cluster } from '~/cluster/cluster';
import type { AutoscalerOptions } from '~/cluster/controllers/cluster-autoscaler/config';
import { NODE_GROUP_LABEL } from '~/cluster/controllers/cluster-autoscaler/config';

export function poolCluster(max = 5, extra: Partial<AutoscalerOptions> = {}, seed = 7): Cluster {
  return new Cluster({ nodes: 1, seed, autoscaler: { nodeGroups: [{ name: 'pool-1', min: 1, max, cpu: '2', memory: '4Gi' }], ...extra } });
}

/** A Deployment whose pods request `cpu` each (2-CPU nodes: 1500m → one pod per node). */
export function deploy(c: Cluster, replicas: number, cpu = '1500m', name = 'web'): void {
  c.api.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { terminationGracePeriodSeconds: 0, containers: [{ name, image: 'nginx', resources: { requests: { cpu } } }] } } },
  });
}

export function scale(c: Cluster, replicas: number, name = 'web'): void {
  c.store.mutate('Deployment', 'default', name, (d) => void (d.spec.replicas = replicas));
}

export const poolNodes = (c: Cluster) => c.store.list('Node').filter((n) => n.metadata.labels?.[NODE_GROUP_LABEL] === 'pool-1');
export const readyPoolNodes = (c: Cluster) => poolNodes(c).filter((n) => n.status.conditions.some((x: any) => x.type === 'Ready' && x.status === 'True'));
export const pending = (c: Cluster) => c.store.list('Pod').filter((p) => !p.spec.nodeName);

export function events(c: Cluster, reason: string): { at: string; object: string; message: string; count: number }[] {
  return c.store
    .list('Event')
    .filter((e) => e.reason === reason)
    .map((e) => ({ at: e.firstTimestamp, object: `${e.involvedObject.kind}/${e.involvedObject.name}`, message: e.message, count: e.count }));
}

/** Virtual seconds since the cluster started, of an RFC 3339 event time. */
export const secs = (c: Cluster, ts: string) => (Date.parse(ts) - c.epochMs) / 1000;

/** Advance in 1 s steps until `cond` holds; returns the virtual second it first held. */
export function until(c: Cluster, cond: () => boolean, maxSecs = 3600): number {
  for (let i = 0; i < maxSecs; i++) {
    if (cond()) return c.now() / 1000;
    c.advance(1000);
  }
  throw new Error('condition never held');
}

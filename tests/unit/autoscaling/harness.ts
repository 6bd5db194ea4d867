/** Test helpers: a Cluster, kubectl on it, and a stand-in for the Deployment controller's pod count. */
import { Cluster } from '~/cluster/cluster';
import type { KubectlContext } from '~/kubectl/context';
import { runKubectl } from '~/kubectl/kubectl';
import { tokenize } from '~/kubectl/io';

export function kubectlOn(c: Cluster, files: Record<string, string> = {}) {
  return (line: string): { out: string; err: string; code: number } => {
    let out = '';
    let err = '';
    let code = -1;
    const ctx: KubectlContext = {
      cluster: c,
      files: { read: (n) => files[n], list: () => Object.keys(files) },
      namespace: 'default',
      io: { out: (t) => (out += t), err: (t) => (err += t) },
      done: (x) => (code = x),
    };
    const t = tokenize(line.replace(/^kubectl\s+/, ''));
    if ('error' in t) throw new Error(t.error);
    const r = runKubectl(t.tokens, ctx);
    if (r.code !== undefined) code = r.code;
    return { out, err, code };
  };
}

export const PHP_APACHE_TEMPLATE = {
  metadata: { labels: { run: 'php-apache' } },
  spec: { containers: [{ name: 'php-apache', image: 'registry.k8s.io/hpa-example', ports: [{ containerPort: 80 }], resources: { limits: { cpu: '500m' }, requests: { cpu: '200m' } } }] },
};

/** The php-apache Deployment of the Kubernetes HPA walkthrough, plus its Service. */
export function phpApache(c: Cluster, replicas = 1): void {
  c.api.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'php-apache', namespace: 'default' },
    spec: { replicas, selector: { matchLabels: { run: 'php-apache' } }, template: PHP_APACHE_TEMPLATE },
  });
  c.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'php-apache', namespace: 'default', labels: { run: 'php-apache' } }, spec: { ports: [{ port: 80 }], selector: { run: 'php-apache' } } });
}

/**
 * What the ReplicaSet controller would do, minimally: keep as many live pods labelled like the
 * Deployment's template as its spec.replicas says (newest deleted first). Deterministic names.
 */
export function syncPods(c: Cluster, deploy = 'php-apache'): number {
  const d = c.store.get('Deployment', 'default', deploy)!;
  const want: number = d.spec.replicas ?? 1;
  const sel: Record<string, string> = d.spec.selector.matchLabels;
  const live = c.store.list('Pod', 'default').filter((p) => !p.metadata.deletionTimestamp && Object.entries(sel).every(([k, v]) => p.metadata.labels?.[k] === v));
  const st = (syncPods as any).seq ?? ((syncPods as any).seq = new Map<Cluster, number>());
  let n: number = st.get(c) ?? 0;
  for (let i = live.length; i < want; i++) {
    n++;
    c.api.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: `${deploy}-7d4f8c9b6-${String(n).padStart(5, 'a')}`, namespace: 'default', labels: { ...d.spec.template.metadata.labels }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `${deploy}-7d4f8c9b6`, uid: 'rs-uid', controller: true, blockOwnerDeletion: true }] },
      spec: structuredClone(d.spec.template.spec),
    });
  }
  st.set(c, n);
  const sorted = [...live].sort((a, b) => Date.parse(b.metadata.creationTimestamp!) - Date.parse(a.metadata.creationTimestamp!) || (a.metadata.name < b.metadata.name ? 1 : -1));
  for (const p of sorted.slice(0, Math.max(0, live.length - want))) c.api.delete('Pod', 'default', p.metadata.name);
  return want;
}

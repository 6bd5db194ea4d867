/**
 * The status ConfigMap kube-system/cluster-autoscaler-status (--write-status-configmap, default
 * true), in the YAML layout of clusterstate/api (clusterstate/utils/status_test.yaml): cluster-wide
 * and per-group health, node counts, scale-up and scale-down state. Rewritten every loop.
 */
import { rfc3339 } from '../../time';
import type { ClusterAutoscaler } from './autoscaler';
import { groupOf, isReady } from './simulate';

const NAME = 'cluster-autoscaler-status';

export function writeStatus(ca: ClusterAutoscaler): void {
  const c = ca.c;
  const now = rfc3339(c.epochMs, c.now());
  // ConfigMapLastUpdateFormat "2006-01-02 15:04:05.999999999 -0700 MST"
  const goTime = now.replace('T', ' ').replace('Z', ' +0000 UTC');
  const nodes = c.store.list('Node');
  const counts = (ns: typeof nodes, target?: number) => {
    const ready = ns.filter(isReady).length;
    const beingDeleted = ns.filter((n) => ca.deleting.has(n.metadata.name)).length;
    const lines = [`registered:`, `  total: ${ns.length}`, `  ready: ${ready}`, `  notStarted: ${ns.length - ready}`, ...(beingDeleted ? [`  beingDeleted: ${beingDeleted}`] : []), `longUnregistered: 0`, `unregistered: ${target !== undefined ? Math.max(0, target - ns.length) : 0}`];
    return lines;
  };
  const ind = (n: number, lines: string[]) => lines.map((l) => ' '.repeat(n) + l);
  const probe = [`lastProbeTime: "${now}"`];
  const unregistered = [...ca.groups.values()].reduce((s, g) => s + Math.max(0, g.target - nodes.filter((n) => groupOf(n) === g.opts.name).length), 0);
  const wide = counts(nodes);
  wide[wide.length - 1] = `unregistered: ${unregistered}`;
  const out = [
    `time: "${goTime}"`,
    `autoscalerStatus: "Running"`,
    `clusterWide:`,
    `  health:`,
    `    status: "Healthy"`,
    `    nodeCounts:`,
    ...ind(6, wide),
    ...ind(4, probe),
    `  scaleUp:`,
    `    status: "${ca.scaleUpStatus}"`,
    ...ind(4, probe),
    `  scaleDown:`,
    `    status: "${ca.scaleDownStatus}"`,
    ...(ca.unneededSince.size ? [`    candidates: ${ca.unneededSince.size}`] : []),
    ...ind(4, probe),
    `nodeGroups:`,
  ];
  for (const g of ca.groups.values()) {
    const ns = nodes.filter((n) => groupOf(n) === g.opts.name);
    const candidates = ns.filter((n) => ca.unneededSince.has(n.metadata.name)).length;
    const upcoming = g.target - ns.filter(isReady).length;
    out.push(
      `- name: "${g.opts.name}"`,
      `  health:`,
      `    status: "Healthy"`,
      `    nodeCounts:`,
      ...ind(6, counts(ns, g.target)),
      `    cloudProviderTarget: ${g.target}`,
      `    minSize: ${g.opts.min}`,
      `    maxSize: ${g.opts.max}`,
      ...ind(4, probe),
      `  scaleUp:`,
      `    status: "${upcoming > 0 ? 'InProgress' : 'NoActivity'}"`,
      ...ind(4, probe),
      `  scaleDown:`,
      `    status: "${candidates ? 'CandidatesPresent' : 'NoCandidates'}"`,
      ...(candidates ? [`    candidates: ${candidates}`] : []),
      ...ind(4, probe),
    );
  }
  const status = out.join('\n') + '\n';
  const annotations = { 'cluster-autoscaler.kubernetes.io/last-updated': goTime };
  if (!c.store.get('ConfigMap', 'kube-system', NAME)) {
    c.store.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: NAME, namespace: 'kube-system', annotations }, data: { status } });
    return;
  }
  c.store.mutate('ConfigMap', 'kube-system', NAME, (cm) => {
    cm.metadata.annotations = { ...cm.metadata.annotations, ...annotations };
    cm.data = { ...cm.data, status };
  });
}

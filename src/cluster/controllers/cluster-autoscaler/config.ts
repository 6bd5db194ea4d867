/**
 * Cluster autoscaler configuration: node groups (what a cloud provider's node pools / ASGs are) and
 * the flags a lab may want to turn. Defaults are cluster-autoscaler's own (FAQ "What are the
 * parameters to CA?"): --scan-interval 10s, --scale-down-unneeded-time 10m,
 * --scale-down-delay-after-add 10m, --scale-down-utilization-threshold 0.5, --expander random,
 * --max-pod-eviction-time 2m, --ignore-daemonsets-utilization / --ignore-mirror-pods-utilization false.
 */
export interface NodeGroupOptions {
  name: string;
  min: number;
  max: number;
  /** Allocatable of every node of the group (default 2 CPUs, 4Gi, as the built-in nodes). */
  cpu?: string;
  memory?: string;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
  /** Nodes the group starts with (default `min`): the pool as created in the cloud console. */
  initial?: number;
}

export interface AutoscalerOptions {
  nodeGroups: NodeGroupOptions[];
  expander?: 'random' | 'least-waste';
  scanIntervalMs?: number;
  scaleDownUnneededMs?: number;
  scaleDownDelayAfterAddMs?: number;
  scaleDownUtilizationThreshold?: number;
  ignoreDaemonSetsUtilization?: boolean;
  ignoreMirrorPodsUtilization?: boolean;
  /**
   * Cloud VM boot until the kubelet registers the Node (NotReady), then until CNI is up and the
   * node turns Ready. Small cloud VMs from a pre-built image take about a minute end to end (GKE and
   * EKS typically report 40–90 s); we use 40 s + 20 s so a lab sees NotReady, then Ready.
   */
  registerDelayMs?: number;
  readyDelayMs?: number;
}

/** The label put on every node of a group, so the autoscaler (and a learner) can tell the pool. */
export const NODE_GROUP_LABEL = 'podlab.dev/node-group';

export type ResolvedOptions = Required<Omit<AutoscalerOptions, 'nodeGroups'>> & { nodeGroups: NodeGroupOptions[] };

export function resolveOptions(o: AutoscalerOptions): ResolvedOptions {
  return {
    nodeGroups: o.nodeGroups,
    expander: o.expander ?? 'random',
    scanIntervalMs: o.scanIntervalMs ?? 10_000,
    scaleDownUnneededMs: o.scaleDownUnneededMs ?? 10 * 60_000,
    scaleDownDelayAfterAddMs: o.scaleDownDelayAfterAddMs ?? 10 * 60_000,
    scaleDownUtilizationThreshold: o.scaleDownUtilizationThreshold ?? 0.5,
    ignoreDaemonSetsUtilization: o.ignoreDaemonSetsUtilization ?? false,
    ignoreMirrorPodsUtilization: o.ignoreMirrorPodsUtilization ?? false,
    registerDelayMs: o.registerDelayMs ?? 40_000,
    readyDelayMs: o.readyDelayMs ?? 20_000,
  };
}

/** Validate a scenario's or lab's `autoscaler:` mapping; returns an error message or the options. */
export function parseAutoscalerOptions(v: any): AutoscalerOptions | string {
  if (!v || typeof v !== 'object' || !Array.isArray(v.nodeGroups) || !v.nodeGroups.length) return 'cluster.autoscaler: expected a mapping with a nodeGroups list';
  const groups: NodeGroupOptions[] = [];
  for (const [i, g] of (v.nodeGroups as any[]).entries()) {
    const where = `cluster.autoscaler.nodeGroups[${i}]`;
    if (!g?.name || !/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(String(g.name))) return `${where}: needs a DNS-label name`;
    const min = Number(g.min ?? 0);
    const max = Number(g.max);
    if (!Number.isInteger(min) || !Number.isInteger(max) || min < 0 || max < min || max < 1) return `${where}: needs integers 0 <= min <= max, max >= 1`;
    groups.push({ name: String(g.name), min, max, ...(g.cpu !== undefined ? { cpu: String(g.cpu) } : {}), ...(g.memory !== undefined ? { memory: String(g.memory) } : {}), ...(g.labels ? { labels: g.labels } : {}), ...(g.taints ? { taints: g.taints } : {}), ...(g.initial !== undefined ? { initial: Number(g.initial) } : {}) });
  }
  if (v.expander !== undefined && v.expander !== 'random' && v.expander !== 'least-waste') return 'cluster.autoscaler.expander: random or least-waste';
  return { nodeGroups: groups, ...(v.expander ? { expander: v.expander } : {}) };
}

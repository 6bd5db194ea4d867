/**
 * metrics-server (kubernetes-sigs/metrics-server `pkg/scraper`, `pkg/storage`): every
 * `--metric-resolution` (15 s, as the official manifests set it) it scrapes every node's kubelet
 * (here: `cluster.podUsage(pod)`, what cAdvisor reports: cumulative CPU and current memory per
 * running container) and keeps the last two samples per container. Usage served through the
 * metrics API is the CPU rate between those two samples (millicores) and the latest memory.
 * A container (and so its pod) has no metrics until two samples exist; a restarted container
 * (cumulative CPU went down) starts over.
 *
 * Query API (what the HPA controller and `kubectl top` read), via `cluster.controller('metrics-server')`.
 */
import type { Cluster } from '../../cluster';
import type { WatchEvent } from '../../store';
import type { Controller } from '../registry';
import { matchesLabelSelector, type LabelSelector } from '../../selectors';

export const METRIC_RESOLUTION_MS = 15_000;

const MiB = 1024 * 1024;

/** What the kubelet's system slice and the unmodelled system pods add to a node's usage. */
export const NODE_BASELINE = {
  controlPlane: { cpuMilli: 140, memoryBytes: 690 * MiB },
  worker: { cpuMilli: 25, memoryBytes: 210 * MiB },
};

interface Sample {
  /** virtual ms of the scrape */
  t: number;
  cpuMs: number;
  memoryBytes: number;
}

interface ContainerSeries {
  prev?: Sample;
  last: Sample;
}

interface PodSeries {
  namespace: string;
  name: string;
  uid: string;
  node: string;
  labels: Record<string, string>;
  containers: Map<string, ContainerSeries>;
  /** container names running at the last scrape, in spec order */
  running: string[];
  lastScrape: number;
}

export interface ContainerMetrics {
  name: string;
  /** millicores */
  cpuMilli: number;
  memoryBytes: number;
}

/** A PodMetrics item (metrics.k8s.io/v1beta1). */
export interface PodMetricsItem {
  namespace: string;
  name: string;
  labels: Record<string, string>;
  /** epoch ms of the newer sample */
  timestamp: number;
  /** ms between the two samples */
  window: number;
  containers: ContainerMetrics[];
}

/** A NodeMetrics item. */
export interface NodeMetricsItem {
  name: string;
  timestamp: number;
  window: number;
  cpuMilli: number;
  memoryBytes: number;
}

export class MetricsServer implements Controller {
  readonly name = 'metrics-server';
  private pods = new Map<string, PodSeries>();
  private scrapes: number[] = [];

  constructor(
    private readonly cluster: Cluster,
    readonly resolutionMs = METRIC_RESOLUTION_MS,
  ) {
    this.schedule();
  }

  handle(e: WatchEvent): void {
    if (e.object.kind === 'Pod' && e.type === 'DELETED') this.pods.delete(e.object.metadata.uid ?? '');
  }

  private schedule(): void {
    this.cluster.clock.after(this.resolutionMs, () => {
      this.scrape();
      this.schedule();
    });
  }

  /** One scrape of every node's kubelet. */
  scrape(): void {
    const now = this.cluster.clock.now();
    this.scrapes = [...this.scrapes.slice(-1), now];
    const seen = new Set<string>();
    for (const pod of this.cluster.store.list('Pod')) {
      const uid = pod.metadata.uid ?? '';
      const node = pod.spec?.nodeName;
      if (!node || pod.status?.phase !== 'Running') continue;
      const usage = this.cluster.podUsage(pod);
      if (!usage.length) continue;
      seen.add(uid);
      let series = this.pods.get(uid);
      if (!series) {
        series = { namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name, uid, node, labels: {}, containers: new Map(), running: [], lastScrape: now };
        this.pods.set(uid, series);
      }
      series.labels = { ...(pod.metadata.labels ?? {}) };
      series.lastScrape = now;
      series.running = usage.map((u) => u.name);
      for (const u of usage) {
        const s: Sample = { t: now, cpuMs: u.cpuMs, memoryBytes: u.memoryBytes };
        const c = series.containers.get(u.name);
        if (!c || u.cpuMs < c.last.cpuMs) series.containers.set(u.name, { last: s });
        else series.containers.set(u.name, { prev: c.last, last: s });
      }
      for (const name of [...series.containers.keys()]) if (!series.running.includes(name)) series.containers.delete(name);
    }
    for (const uid of [...this.pods.keys()]) if (!seen.has(uid)) this.pods.delete(uid);
  }

  private podItem(s: PodSeries): PodMetricsItem | undefined {
    const containers: ContainerMetrics[] = [];
    let window = 0;
    for (const name of s.running) {
      const c = s.containers.get(name);
      if (!c?.prev) return undefined;
      const dt = c.last.t - c.prev.t;
      if (dt <= 0) return undefined;
      window = dt;
      containers.push({ name, cpuMilli: Math.round(((c.last.cpuMs - c.prev.cpuMs) * 1000) / dt), memoryBytes: c.last.memoryBytes });
    }
    if (!containers.length) return undefined;
    return { namespace: s.namespace, name: s.name, labels: s.labels, timestamp: this.cluster.epochMs + s.lastScrape, window, containers };
  }

  /** PodMetrics of the pods that have them, sorted by namespace then name. */
  podMetrics(namespace?: string, selector?: LabelSelector | ((labels: Record<string, string>) => boolean)): PodMetricsItem[] {
    const match = typeof selector === 'function' ? selector : selector ? (l: Record<string, string>) => matchesLabelSelector(selector, l) : () => true;
    const out: PodMetricsItem[] = [];
    for (const s of this.pods.values()) {
      if (namespace !== undefined && s.namespace !== namespace) continue;
      if (!match(s.labels)) continue;
      const item = this.podItem(s);
      if (item) out.push(item);
    }
    return out.sort((a, b) => (a.namespace < b.namespace ? -1 : a.namespace > b.namespace ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** One pod's metrics, or undefined (the API answers NotFound). */
  podMetric(namespace: string, name: string): PodMetricsItem | undefined {
    return this.podMetrics(namespace).find((m) => m.name === name);
  }

  /** NodeMetrics: sum of the node's pods plus the system baseline; none before two scrapes. */
  nodeMetrics(): NodeMetricsItem[] {
    if (this.scrapes.length < 2) return [];
    const [prev, last] = this.scrapes as [number, number];
    const out: NodeMetricsItem[] = [];
    for (const node of this.cluster.store.list('Node')) {
      const cp = node.metadata.labels?.['node-role.kubernetes.io/control-plane'] !== undefined;
      const base = cp ? NODE_BASELINE.controlPlane : NODE_BASELINE.worker;
      let cpu = base.cpuMilli;
      let mem = base.memoryBytes;
      for (const s of this.pods.values()) {
        if (s.node !== node.metadata.name) continue;
        for (const name of s.running) {
          const c = s.containers.get(name);
          if (!c) continue;
          mem += c.last.memoryBytes;
          if (c.prev && c.last.t > c.prev.t) cpu += Math.round(((c.last.cpuMs - c.prev.cpuMs) * 1000) / (c.last.t - c.prev.t));
        }
      }
      out.push({ name: node.metadata.name, timestamp: this.cluster.epochMs + last, window: last - prev, cpuMilli: cpu, memoryBytes: mem });
    }
    return out;
  }
}

export function metricsServerOf(cluster: Cluster): MetricsServer | undefined {
  return cluster.controller<MetricsServer>('metrics-server');
}

/** Sum of a pod item's container usage. */
export function podTotals(m: PodMetricsItem): { cpuMilli: number; memoryBytes: number } {
  return m.containers.reduce((a, c) => ({ cpuMilli: a.cpuMilli + c.cpuMilli, memoryBytes: a.memoryBytes + c.memoryBytes }), { cpuMilli: 0, memoryBytes: 0 });
}

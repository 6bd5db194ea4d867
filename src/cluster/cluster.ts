/**
 * A whole simulated cluster: virtual clock, seeded randomness, the API object store and server,
 * and the reconcile loops named after the real components. Deterministic: the same inputs and
 * seed give the same transcript.
 */
import { VirtualClock } from './clock';
import { Rng } from './rng';
import { ApiStore } from './store';
import { EventRecorder } from './events';
import { Network, DNS_SERVICE_IP, KUBERNETES_SERVICE_IP } from './network';
import { ApiServer } from './api/apiserver';
import { Scheduler } from './controllers/scheduler';
import { EndpointsController } from './controllers/endpoints';
import { Kubelet } from './kubelet/kubelet';
import { stableUid } from './kubelet/heartbeat';
import { DEFAULT_EPOCH_MS } from './time';
import type { KObject } from './objects';
import type { WatchEvent } from './store';
import { CONTROLLERS } from './controllers/registry';
import type { PodWorker } from './kubelet/pod-worker';
import type { AutoscalerOptions } from './controllers/cluster-autoscaler/config';

export const KUBERNETES_VERSION = 'v1.36.0';

export interface NodeSpec {
  name: string;
  cpu?: string;
  memory?: string;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
  controlPlane?: boolean;
}

export interface ClusterOptions {
  /** A count (default 3: one control-plane node and workers) or explicit nodes. */
  nodes?: number | NodeSpec[];
  seed?: number;
  epochMs?: number;
  /** Node groups for the simulated cluster-autoscaler (off when absent). */
  autoscaler?: AutoscalerOptions;
}

export function defaultNodes(n: number): NodeSpec[] {
  const out: NodeSpec[] = [{ name: 'controlplane', controlPlane: true }];
  for (let i = 1; i < n; i++) out.push({ name: `node${String(i).padStart(2, '0')}` });
  return out;
}

export class Cluster {
  readonly clock: VirtualClock;
  readonly rng: Rng;
  readonly store: ApiStore;
  readonly events: EventRecorder;
  readonly network: Network;
  readonly api: ApiServer;
  readonly scheduler: Scheduler;
  readonly endpoints: EndpointsController;
  readonly kubelets = new Map<string, Kubelet>();
  readonly epochMs: number;
  readonly autoscalerOptions: AutoscalerOptions | undefined;
  /** Controllers beyond the built-in ones (workloads, jobs, autoscaling…), fed every watch event. */
  private readonly extra: { name: string; handle(e: WatchEvent): void }[] = [];

  constructor(opts: ClusterOptions = {}) {
    this.epochMs = opts.epochMs ?? DEFAULT_EPOCH_MS;
    this.autoscalerOptions = opts.autoscaler;
    this.clock = new VirtualClock(0);
    this.rng = new Rng(opts.seed ?? 42);
    const now = () => this.clock.now();
    this.store = new ApiStore(now, this.epochMs, this.rng);
    this.events = new EventRecorder(this.store, now, this.epochMs);
    this.network = new Network(this.store, this.rng);
    this.api = new ApiServer(this.store, this.network, this.rng, now);
    this.scheduler = new Scheduler(this.store, this.events, this.clock, this.rng);
    this.endpoints = new EndpointsController(this.store, this.clock);
    this.store.watch('*', (e) => {
      if (e.object.kind === 'Event') return;
      this.scheduler.handle(e);
      this.endpoints.handle(e);
      for (const c of this.extra) c.handle(e);
      if (e.object.kind === 'Pod') for (const k of this.kubelets.values()) k.handle(e);
    });
    this.bootstrap(typeof opts.nodes === 'object' ? opts.nodes : defaultNodes(opts.nodes ?? 3));
    for (const start of CONTROLLERS) this.extra.push(start(this));
  }

  /** A controller by name (tests and kubectl reach e.g. the metrics-server through this). */
  controller<T>(name: string): T | undefined {
    return this.extra.find((c) => c.name === name) as T | undefined;
  }

  /**
   * What cAdvisor would report for a pod's running containers: cumulative CPU (ms of one core)
   * and current memory. The metrics-server scrapes this.
   */
  podUsage(pod: KObject): { name: string; cpuMs: number; memoryBytes: number }[] {
    const w = this.workerFor(pod);
    if (!w) return [];
    return w.records
      .filter((r) => r.kind !== 'init' && r.current?.state === 'running')
      .map((r) => ({ name: r.name, cpuMs: r.current!.process?.cpuMs() ?? 0, memoryBytes: (r.current!.process as any)?.memoryBytes?.() ?? 1024 * 1024 }));
  }

  private bootstrap(nodes: NodeSpec[]): void {
    for (const ns of ['default', 'kube-node-lease', 'kube-public', 'kube-system'])
      this.store.create({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns, labels: { 'kubernetes.io/metadata.name': ns } }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    this.store.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: { type: 'ClusterIP', clusterIP: KUBERNETES_SERVICE_IP, clusterIPs: [KUBERNETES_SERVICE_IP], ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }], sessionAffinity: 'None' },
    });
    this.store.create({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kube-dns', namespace: 'kube-system', labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' } },
      spec: {
        type: 'ClusterIP',
        clusterIP: DNS_SERVICE_IP,
        clusterIPs: [DNS_SERVICE_IP],
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP', targetPort: 53 },
          { name: 'dns-tcp', port: 53, protocol: 'TCP', targetPort: 53 },
          { name: 'metrics', port: 9153, protocol: 'TCP', targetPort: 9153 },
        ],
        sessionAffinity: 'None',
      },
    });
    nodes.forEach((n, i) => this.addNode(n, i));
  }

  addNode(n: NodeSpec, index = this.kubelets.size): void {
    const ip = `172.18.0.${index + 2}`;
    const podCIDR = this.network.registerNode(n.name);
    const cpu = n.cpu ?? '2';
    const memory = n.memory ?? '4Gi';
    const labels: Record<string, string> = {
      'beta.kubernetes.io/arch': 'amd64',
      'beta.kubernetes.io/os': 'linux',
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': n.name,
      'kubernetes.io/os': 'linux',
      ...(n.controlPlane ? { 'node-role.kubernetes.io/control-plane': '', 'node.kubernetes.io/exclude-from-external-load-balancers': '' } : {}),
      ...n.labels,
    };
    const taints = n.taints ?? (n.controlPlane ? [{ key: 'node-role.kubernetes.io/control-plane', effect: 'NoSchedule' }] : []);
    const ts = this.store.timestamp();
    this.store.create({
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: n.name, labels, annotations: { 'node.alpha.kubernetes.io/ttl': '0', 'volumes.kubernetes.io/controller-managed-attach-detach': 'true' } },
      spec: { podCIDR, podCIDRs: [podCIDR], ...(taints.length ? { taints } : {}) },
      status: {
        // A Linux kubelet reports both huge page sizes, 0 unless pre-allocated (kubectl describe node lists them).
        capacity: { cpu, memory, pods: '110', 'ephemeral-storage': '102626232Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0' },
        allocatable: { cpu, memory, pods: '110', 'ephemeral-storage': '102626232Ki', 'hugepages-1Gi': '0', 'hugepages-2Mi': '0' },
        conditions: [
          { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available', lastHeartbeatTime: ts, lastTransitionTime: ts },
          { type: 'DiskPressure', status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure', lastHeartbeatTime: ts, lastTransitionTime: ts },
          { type: 'PIDPressure', status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available', lastHeartbeatTime: ts, lastTransitionTime: ts },
          { type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status', lastHeartbeatTime: ts, lastTransitionTime: ts },
        ],
        addresses: [
          { type: 'InternalIP', address: ip },
          { type: 'Hostname', address: n.name },
        ],
        nodeInfo: {
          // cAdvisor's /etc/machine-id, the DMI product UUID and /proc/sys/kernel/random/boot_id:
          // stable per node name here, so transcripts stay deterministic without using the RNG.
          machineID: stableUid(`machine-id/${n.name}`).replace(/-/g, ''),
          systemUUID: stableUid(`system-uuid/${n.name}`),
          bootID: stableUid(`boot-id/${n.name}`),
          architecture: 'amd64',
          containerRuntimeVersion: 'containerd://2.1.4',
          kernelVersion: '6.8.0-podlab',
          kubeProxyVersion: '',
          kubeletVersion: KUBERNETES_VERSION,
          operatingSystem: 'linux',
          osImage: 'Debian GNU/Linux 12 (bookworm)',
        },
      },
    });
    this.kubelets.set(n.name, new Kubelet(n.name, ip, { clock: this.clock, rng: this.rng, store: this.store, events: this.events, network: this.network, epochMs: this.epochMs, api: this.api }));
  }

  now(): number {
    return this.clock.now();
  }

  /** Let virtual time pass, running every controller action due in between. */
  advance(ms: number): void {
    this.clock.advanceBy(ms);
  }

  /** Run everything due now (zero-delay follow-ups included). */
  settle(): void {
    this.clock.advanceBy(0);
  }

  workerFor(pod: KObject): PodWorker | undefined {
    const node = pod.spec?.nodeName;
    return node ? this.kubelets.get(node)?.workerFor(pod) : undefined;
  }
}

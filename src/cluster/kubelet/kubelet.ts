/**
 * The kubelet of one node: watches pods bound to its node and runs a PodWorker for each. Owns the
 * node-level state a real kubelet/containerd pair keeps: the image cache, container restart
 * back-off, image pull back-off and kernel parameters.
 */
import type { VirtualClock } from '../clock';
import type { Rng } from '../rng';
import type { ApiStore, WatchEvent } from '../store';
import type { EventRecorder } from '../events';
import type { Network } from '../network';
import type { KObject } from '../objects';
import { Backoff } from './backoff';
import { PodWorker } from './pod-worker';
import { rfc3339 } from '../time';
import { StaticPods } from './static-pods';
import type { ApiServer } from '../api/apiserver';
import type { ContainerInstance, ContainerRecord } from './types';
import type { ProcInfo } from '../shell/types';
import { Vfs, newDir, type DirNode } from '../shell/vfs';
import type { CriView } from '../runtime/crictl';
import { IMAGES, parseImageRef, imageDigest } from '../runtime/images';
import { NodeHeartbeat } from './heartbeat';

export const PAUSE_IMAGE = 'registry.k8s.io/pause:3.10.1';

export interface KubeletDeps {
  clock: VirtualClock;
  rng: Rng;
  store: ApiStore;
  events: EventRecorder;
  network: Network;
  epochMs: number;
  api: ApiServer;
}

export class Kubelet {
  readonly clock: VirtualClock;
  readonly rng: Rng;
  readonly store: ApiStore;
  readonly events: EventRecorder;
  readonly network: Network;
  readonly epochMs: number;
  readonly api: ApiServer;
  readonly staticPods: StaticPods;
  readonly workers = new Map<string, PodWorker>();
  /** Workers of static pods whose mirror pod was deleted and is about to be reposted. */
  private readonly staticWorkers = new Map<string, PodWorker>();
  readonly imageCache = new Set<string>();
  readonly backoff: Backoff;
  readonly pullBackoff: Backoff;
  readonly pullFailedAt = new Map<string, number>();
  readonly pauseImage = PAUSE_IMAGE;
  /** Node-wide kernel parameters (what `sysctl` sees; vm.* is not namespaced). */
  readonly sysctls = new Map<string, string>([
    ['vm.swappiness', '60'],
    ['vm.max_map_count', '65530'],
    ['vm.overcommit_memory', '0'],
    ['kernel.pid_max', '4194304'],
    ['kernel.hostname', ''],
    ['net.core.somaxconn', '4096'],
    ['net.ipv4.ip_forward', '1'],
    ['net.ipv4.ip_local_port_range', '32768\t60999'],
    ['fs.file-max', '9223372036854775807'],
  ]);
  /** Streaming log hook (kubectl logs -f). */
  onLog: ((pod: KObject, rec: ContainerRecord | undefined, inst: ContainerInstance) => void) | null = null;

  constructor(
    readonly nodeName: string,
    readonly nodeIP: string,
    d: KubeletDeps,
  ) {
    this.clock = d.clock;
    this.rng = d.rng;
    this.store = d.store;
    this.events = d.events;
    this.network = d.network;
    this.epochMs = d.epochMs;
    this.api = d.api;
    this.backoff = new Backoff(() => this.clock.now());
    this.pullBackoff = new Backoff(() => this.clock.now());
    this.sysctls.set('kernel.hostname', nodeName);
    this.imageCache.add('registry.k8s.io/pause:3.10.1');
    this.buildNodeRoot();
    this.staticPods = new StaticPods(this);
    this.heartbeat = new NodeHeartbeat(this);
    this.heartbeat.start();
  }

  /** False after `systemctl stop kubelet`: no heartbeats, no pod syncs; containers keep running. */
  running = true;
  /** When the kubelet process last started or stopped (systemctl status). */
  stateSince = -3_600_000;
  readonly heartbeat: NodeHeartbeat;

  /** The kubelet process dies (systemctl stop). Containerd and the containers carry on. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.stateSince = this.clock.now();
    this.heartbeat.stop();
    for (const w of this.workers.values()) w.kubeletStopped();
  }

  /** The kubelet starts again: reports Ready, renews its Lease, and relists the pods bound to it. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.stateSince = this.clock.now();
    this.heartbeat.postReadyStatus();
    this.heartbeat.start();
    const pods = this.store.list('Pod').filter((p) => p.spec?.nodeName === this.nodeName);
    const live = new Set(pods.map((p) => p.metadata.uid));
    for (const [uid, w] of [...this.workers]) {
      // Force-deleted while we were away: nothing left to report to, stop the containers.
      if (!live.has(uid)) {
        w.destroy();
        this.workers.delete(uid);
      } else w.kubeletStarted();
    }
    for (const pod of pods) this.handle({ type: 'MODIFIED', object: pod });
  }

  /** The node's own root filesystem (hostPath volumes, `kubectl debug node/…` at /host). */
  readonly nodeRoot: DirNode = newDir();

  private buildNodeRoot(): void {
    const fs = new Vfs(() => this.clock.now(), this.nodeRoot);
    for (const d of ['/bin', '/etc/kubernetes/manifests', '/var/lib/kubelet', '/var/log/pods', '/var/log/containers', '/tmp', '/root', '/usr/bin', '/usr/local/bin', '/run/containerd']) fs.mkdir(d, true);
    fs.writeFile('/etc/hostname', `${this.nodeName}\n`);
    fs.writeFile('/etc/os-release', 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nID=debian\n');
    fs.writeFile('/usr/local/bin/crictl', '', { mode: 0o755 });
    fs.writeFile('/usr/local/bin/containerd', '', { mode: 0o755 });
    fs.writeFile('/usr/bin/kubelet', '', { mode: 0o755 });
    fs.writeFile('/var/lib/kubelet/config.yaml', `apiVersion: kubelet.config.k8s.io/v1beta1\nkind: KubeletConfiguration\ncgroupDriver: systemd\nclusterDNS:\n- 10.96.0.10\nclusterDomain: cluster.local\nstaticPodPath: /etc/kubernetes/manifests\n`);
    for (const key of this.sysctls.keys()) fs.defineFile(`/proc/sys/${key.replace(/\./g, '/')}`, () => `${this.sysctls.get(key)}\n`);
  }

  /** Host PIDs: node processes start low; each sandbox and container gets the next one. */
  private nextHostPid = 1000;
  allocHostPid(): number {
    this.nextHostPid += this.rng.int(3, 40);
    return this.nextHostPid;
  }

  /** `ps` in a hostPID pod: systemd, containerd, the kubelet, every pod's pause and containers. */
  hostProcesses(): ProcInfo[] {
    const out: ProcInfo[] = [
      { pid: 1, user: 'root', startedAt: 0, cmdline: '/sbin/init' },
      { pid: 97, user: 'root', startedAt: 0, cmdline: '/lib/systemd/systemd-journald' },
      { pid: 202, user: 'root', startedAt: 0, cmdline: '/usr/local/bin/containerd' },
      { pid: 311, user: 'root', startedAt: 0, cmdline: `/usr/bin/kubelet --bootstrap-kubeconfig=/etc/kubernetes/bootstrap-kubelet.conf --kubeconfig=/etc/kubernetes/kubelet.conf --config=/var/lib/kubelet/config.yaml --container-runtime-endpoint=unix:///run/containerd/containerd.sock --node-ip=${this.nodeIP}` },
    ];
    if (!this.running) out.pop(); // systemctl stop kubelet: the process is gone
    for (const w of this.workers.values()) {
      if (!w.sandbox) continue;
      out.push({ pid: w.sandbox.hostPid - 2, user: 'root', startedAt: w.sandbox.createdAt, cmdline: `/usr/local/bin/containerd-shim-runc-v2 -namespace k8s.io -id ${w.sandbox.id} -address /run/containerd/containerd.sock` });
      out.push({ pid: w.sandbox.hostPid, user: '65535', startedAt: w.sandbox.createdAt, cmdline: '/pause' });
      for (const r of w.records) if (r.current?.state === 'running' && r.current.hostPid) out.push({ pid: r.current.hostPid, user: 'root', startedAt: r.current.startedAt, cmdline: r.current.argv.join(' ') });
    }
    return out.sort((a, b) => a.pid - b.pid);
  }

  /** What containerd knows, for crictl. */
  criView(): CriView {
    return {
      now: () => this.clock.now(),
      sandboxes: () =>
        [...this.workers.values()].flatMap((w) =>
          w.sandbox ? [{ id: w.sandbox.id, createdAt: w.sandbox.createdAt, ready: true, name: w.pod.metadata.name, namespace: w.pod.metadata.namespace, uid: w.pod.metadata.uid, attempt: 0, ip: w.sandbox.ip }] : [],
        ),
      containers: () =>
        [...this.workers.values()].flatMap((w) =>
          w.sandbox
            ? w.records.flatMap((r) =>
                [r.previous, r.current]
                  .filter((i): i is ContainerInstance => !!i)
                  .map((i) => ({ id: i.id, imageId: i.imageID.split('@')[1] ?? '', image: i.imageRef, createdAt: i.startedAt, state: i.state === 'running' ? ('Running' as const) : ('Exited' as const), name: r.name, attempt: i.attempt, podId: w.sandbox!.id, podName: w.pod.metadata.name, namespace: w.pod.metadata.namespace })),
              )
            : [],
        ),
      images: () =>
        [...this.imageCache].sort().map((name) => {
          const ref = parseImageRef(name.replace(/^docker\.io\/(library\/)?/, ''));
          const r = 'error' in ref ? { repo: name, tag: '', raw: name } : ref;
          const def = IMAGES.find((i) => i.repo === r.repo);
          const full = name.slice(0, name.lastIndexOf(':'));
          return { repo: full, tag: name.slice(name.lastIndexOf(':') + 1), id: 'error' in ref ? '' : imageDigest(ref), size: def?.sizeBytes ?? 0 };
        }),
    };
  }

  ts(virtualMs: number): string {
    return rfc3339(this.epochMs, virtualMs);
  }

  handle(e: WatchEvent): void {
    if (!this.running) return; // missed watch events are caught up by the relist in start()
    const pod = e.object as KObject & { metadata: { namespace: string; uid: string } };
    if (pod.spec?.nodeName !== this.nodeName) return;
    const uid = pod.metadata.uid;
    const w = this.workers.get(uid);
    if (e.type === 'DELETED') {
      if (w && this.staticPods.isMirror(pod) && this.staticPods.stillWanted(pod)) {
        // The static pod keeps running; its worker waits for the reposted mirror.
        this.workers.delete(uid);
        this.staticWorkers.set(`${pod.metadata.namespace}/${pod.metadata.name}`, w);
        this.staticPods.mirrorDeleted(pod);
        return;
      }
      if (w) {
        w.destroy();
        this.workers.delete(uid);
      }
      return;
    }
    // Deleting a mirror pod does not stop a static pod: the API object goes, the kubelet reposts it.
    if (pod.metadata.deletionTimestamp && this.staticPods.isMirror(pod) && this.staticPods.stillWanted(pod)) {
      this.store.remove('Pod', pod.metadata.namespace, pod.metadata.name);
      return;
    }
    const adopt = this.staticWorkers.get(`${pod.metadata.namespace}/${pod.metadata.name}`);
    if (!w && adopt) {
      this.staticWorkers.delete(`${pod.metadata.namespace}/${pod.metadata.name}`);
      this.workers.set(uid, adopt);
      adopt.adoptMirror(pod);
      return;
    }
    if (!w) {
      if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;
      const worker = new PodWorker(this, pod);
      this.workers.set(uid, worker);
      if (pod.metadata.deletionTimestamp) worker.update(pod);
      worker.requestSync();
      return;
    }
    // Ignore our own status writes; react to spec/metadata changes.
    if (e.old && JSON.stringify(e.old.spec) === JSON.stringify(pod.spec) && e.old.metadata.deletionTimestamp === pod.metadata.deletionTimestamp) {
      w.pod = pod;
      return;
    }
    w.update(pod);
  }

  /** Termination finished: delete the API object (grace period 0) as the kubelet's status manager does. */
  finalizePod(w: PodWorker): void {
    this.workers.delete(w.pod.metadata.uid);
    this.store.remove('Pod', w.pod.metadata.namespace, w.pod.metadata.name);
  }

  workerFor(pod: KObject): PodWorker | undefined {
    return this.workers.get(pod.metadata!.uid!);
  }
}

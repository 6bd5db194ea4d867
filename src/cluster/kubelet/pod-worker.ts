/**
 * One pod on one node: the kubelet's pod worker. It drives the pod through sandbox creation,
 * init containers strictly in order, app containers, restarts with CrashLoopBackOff, and graceful
 * termination, then reports status the way the kubelet's status manager does.
 *
 * Like the real pod worker it does one thing at a time per pod: image pulls and container starts
 * happen in sequence, each taking virtual time.
 */
import type { KObject, Container, ContainerStatus, PodCondition } from '../objects';
import type { Process, Signal, ProcInfo } from '../shell/types';
import { spawnProcess, CommandNotFound } from '../shell';
import { parseImageRef, findImage, canonicalName, imageDigest, stopSignalOf, type ImageDef, type ImageRef } from '../runtime/images';
import { DAEMONS, DaemonProcess } from '../runtime/daemons';
import { goDuration } from '../format';
import { milliCPU, bytes } from '../quantity';
import { getPhase } from './phase';
import { buildFs, makeEnvironment, expandRefs, setUpPodVolumes, refreshDownwardAPIVolumes, CreateContainerConfigError, VolumeSetUpError, type PodVolumes } from './container-fs';
import type { VolumeHost } from './downward';
import { makeHost } from './host';
import { runHandler } from './hooks';
import { PidNamespace } from './pidns';
import { ProberManager } from './prober';
import type { ContainerInstance, ContainerRecord, ContainerKind } from './types';
import type { Kubelet } from './kubelet';

type KPod = KObject & { metadata: { namespace: string; uid: string } };

const SANDBOX_MS = [300, 700] as const;
/** PLEG relist period (pkg/kubelet/pleg/generic.go). */
const RELIST_MS = 1000;
/** Pod worker requeue after a failed sync: backOffPeriod 10 s with jitter 0.5 (pod_workers.go). */
const WORKER_BACKOFF_MS = 10_000;
const CREATE_MS = 40;
const START_MS = 60;

export class PodWorker {
  pod: KPod;
  readonly records: ContainerRecord[] = [];
  sandbox: { id: string; ip: string; createdAt: number; ready: boolean; pauseImage: string; hostPid: number } | null = null;
  private creatingSandbox = false;
  private volumes: PodVolumes = { dirs: new Map() };
  private startTime: string | null = null;
  private terminating = false;
  private finished = false;
  private syncTimer: number | null = null;
  private syncAt = 0;
  private busy = false;
  private pending = false;
  /** shareProcessNamespace: one namespace for the pod, the pause process is PID 1. */
  private podNs: PidNamespace | null = null;
  private conditionTimes = new Map<string, { status: string; at: string }>();
  private lastStatusJson = '';
  private completed = false;
  private prober: ProberManager | null = null;
  private detachNet: (() => void) | null = null;

  /** The server programs running in this pod right now (they answer on the pod IP). */
  private servers(): DaemonProcess[] {
    const out: DaemonProcess[] = [];
    for (const r of this.records) {
      const p = r.current?.state === 'running' ? r.current.process : undefined;
      if (p instanceof DaemonProcess) out.push(p);
    }
    return out;
  }
  private mountRetryMs = 0;

  constructor(
    private readonly kubelet: Kubelet,
    pod: KPod,
  ) {
    this.pod = pod;
    const spec = pod.spec!;
    for (const c of spec.initContainers ?? []) this.records.push(newRecord(c, c.restartPolicy === 'Always' ? 'sidecar' : 'init'));
    for (const c of spec.containers) this.records.push(newRecord(c, 'app'));
    this.addEphemeral(spec);
  }

  /** Ephemeral containers arrive through the pod's ephemeralcontainers subresource. */
  private addEphemeral(spec: any): boolean {
    let added = false;
    for (const c of spec.ephemeralContainers ?? []) {
      if (this.records.some((r) => r.name === c.name)) continue;
      this.records.push(newRecord(c, 'ephemeral'));
      added = true;
    }
    return added;
  }

  private get k() {
    return this.kubelet;
  }
  private get now() {
    return this.k.clock.now();
  }
  get fullName(): string {
    return `${this.pod.metadata.name}_${this.pod.metadata.namespace}`;
  }
  private fieldPath(rec: ContainerRecord): string {
    return rec.kind === 'app' ? `spec.containers{${rec.name}}` : rec.kind === 'ephemeral' ? `spec.ephemeralContainers{${rec.name}}` : `spec.initContainers{${rec.name}}`;
  }
  private event(type: 'Normal' | 'Warning', reason: string, message: string, rec?: ContainerRecord): void {
    this.k.events.record(this.pod, type, reason, message, { component: 'kubelet', host: this.k.nodeName }, rec ? this.fieldPath(rec) : undefined);
  }

  /** A static pod's mirror was reposted with a new uid: report status on it, containers untouched. */
  adoptMirror(pod: KPod): void {
    this.pod = pod;
    this.lastStatusJson = '';
    this.pushStatus();
  }

  /** The API object changed (e.g. deletionTimestamp set, image edited). */
  update(pod: KPod): void {
    this.pod = pod;
    for (const rec of this.records) {
      const spec = [...(pod.spec!.initContainers ?? []), ...pod.spec!.containers].find((c) => c.name === rec.name);
      if (spec && spec.image !== rec.spec.image && rec.kind === 'app' && rec.current?.state === 'running') {
        // Image edits restart the container with the new image (kubelet sees a hash change).
        rec.spec = spec;
        this.killContainer(rec, `Container ${rec.name} definition changed, will be restarted`, pod.spec?.terminationGracePeriodSeconds ?? 30);
      } else if (spec) rec.spec = spec;
    }
    this.addEphemeral(pod.spec);
    // Labels/annotations changed: the kubelet rewrites downwardAPI volume files (env stays as is).
    refreshDownwardAPIVolumes(this.volumes, this.volumeHost());
    if (pod.metadata.deletionTimestamp && !this.terminating) this.beginTermination();
    this.requestSync();
  }

  /** Sync as soon as possible (API changes). */
  requestSync(): void {
    this.scheduleSync(this.now);
  }

  /**
   * Sync at the PLEG's next relist (every 1 s): that is when the kubelet notices a container that
   * started or exited, so status lags the runtime by up to a second, as on a real node.
   */
  plegSync(): void {
    this.scheduleSync(Math.floor(this.now / RELIST_MS) * RELIST_MS + RELIST_MS);
  }

  private scheduleSync(at: number): void {
    // A stopped kubelet runs no SyncPod; the containers it started run on under containerd.
    if (this.finished || !this.k.running) return;
    if (this.syncTimer !== null && this.syncAt <= at) return;
    this.k.clock.cancel(this.syncTimer);
    this.syncAt = at;
    this.syncTimer = this.k.clock.at(at, () => {
      this.syncTimer = null;
      this.sync();
    });
  }

  /**
   * One SyncPod: publish the status the kubelet last observed, then act on it. Start errors
   * (back-off, image pulls) are remembered in the reason cache and show in the *next* status, and
   * the pod worker retries a failed sync after 10–15 s, as pod_workers.go does.
   */
  private sync(): void {
    if (this.finished) return;
    if (this.busy) {
      this.pending = true;
      return;
    }
    if (!this.startTime) this.startTime = this.k.store.timestamp();
    // SyncPod adds the pod to the probe manager first: the workers' tickers start now.
    if (!this.prober) this.startProber();
    else this.prober.updatePodStatus();
    this.pushStatus();
    if (this.terminating) return this.checkTerminated();
    if (this.completed) return;

    if (!this.mountVolumes()) return;
    const steps: ((next: () => void) => void)[] = [];
    let failed = false;
    if (!this.sandbox) steps.push((next) => this.createSandbox(next));
    const plan = this.computeActions();
    if (plan.failPod) {
      this.completePod();
      this.pushStatus();
      return;
    }
    for (const rec of plan.backoff) {
      const key = this.backoffKey(rec);
      rec.waiting = { reason: 'CrashLoopBackOff', message: `back-off ${goDuration(this.k.backoff.get(key))} restarting failed container=${rec.name} pod=${this.fullName}(${this.pod.metadata.uid})` };
      this.event('Warning', 'BackOff', `Back-off restarting failed container ${rec.name} in pod ${this.fullName}(${this.pod.metadata.uid})`, rec);
      failed = true;
    }
    for (const rec of plan.start) {
      steps.push((next) =>
        this.startContainer(rec, (ok) => {
          if (!ok) failed = true;
          next();
        }),
      );
    }
    if (!steps.length && plan.done) this.completePod();
    this.busy = true;
    const run = (i: number) => {
      if (i < steps.length && !this.finished && !this.terminating) return steps[i]!(() => run(i + 1));
      this.busy = false;
      if (failed) this.scheduleSync(this.now + this.k.rng.int(WORKER_BACKOFF_MS, Math.round(WORKER_BACKOFF_MS * 1.5)));
      if (this.pending || this.terminating) {
        this.pending = false;
        this.requestSync();
      }
    };
    run(0);
  }

  private startProber(): void {
    const k = this.k;
    this.prober = new ProberManager(
      { now: () => k.clock.now(), at: (t, fn) => k.clock.at(t, fn), cancel: (id) => k.clock.cancel(id) },
      {
        exec: (name, command, timeoutMs, done) => {
          const rec = this.record(name);
          const inst = rec?.current;
          if (!rec || !inst || inst.state !== 'running') return done({ exitCode: -1, output: '', error: `container not running (${name})` });
          let output = '';
          let finished = false;
          try {
            const proc = this.execIn(rec, inst, command, { stdout: (t) => (output += t), stderr: (t) => (output += t) }, (code) => {
              if (finished) return;
              finished = true;
              k.clock.cancel(timer);
              done({ exitCode: code, output });
            }, false, false);
            const timer = k.clock.after(timeoutMs, () => {
              if (finished) return;
              finished = true;
              proc.signal('SIGKILL');
              done({ exitCode: -1, output, timedOut: true });
            });
            proc.start();
          } catch (e) {
            if (!(e instanceof CommandNotFound)) throw e;
            done({ exitCode: -1, output: '', error: `failed to exec in container: OCI runtime exec failed: exec failed: unable to start container process: exec: "${command[0]}": executable file not found in $PATH: unknown` });
          }
        },
        http: (_name, req, timeoutMs, done) => {
          const headers = Object.fromEntries(req.headers.map((h) => [h.name, h.value]));
          const r = k.network.http(req.host, req.port, { method: 'GET', path: req.path, userAgent: headers['User-Agent'], clientIP: k.nodeIP, headers });
          if (!r) return done({ error: 'refused' });
          const took = Math.max(1, Math.round(r.latencyMs ?? 1));
          // The kubelet's HTTP client gives up at timeoutSeconds: no response headers by then.
          if (took > timeoutMs) return void k.clock.after(timeoutMs, () => done({ error: 'timeout' }));
          k.clock.after(took, () => done(r.error ? { error: 'eof' } : { status: r.status, body: r.body, location: r.headers?.Location }));
        },
        tcp: (_name, host, port, _timeoutMs, done) => done(k.network.tcp(host, port) ? { ok: true } : { ok: false, error: 'refused' }),
        grpc: (_name, host, port, service, timeoutMs, done) => {
          const r = k.network.grpc(host, port, service);
          // The kubelet dials with WithBlock: a refused port fails only when the timeout expires.
          if (!r) return void k.clock.after(timeoutMs, () => done({ error: 'timeout' }));
          if ('error' in r) return done({ error: r.error === 'not-grpc' ? 'rpc-timeout' : r.error });
          done({ status: r.status });
        },
      },
      {
        pod: () => ({ phase: this.pod.status?.phase, deleting: !!this.pod.metadata.deletionTimestamp, podIP: this.sandbox?.ip }),
        container: (name) => {
          const rec = this.record(name);
          const cur = rec?.current;
          if (!rec || !cur) return undefined;
          return { running: cur.state === 'running' && !cur.killing, startedAt: cur.startedAt, containerID: `containerd://${cur.id}`, ...(cur.state === 'exited' && !rec.waiting ? { terminated: { exitCode: cur.exitCode ?? 0 } } : {}) };
        },
        event: (name, type, reason, message) => this.event(type, reason, message, this.record(name)),
        kill: (name, probe, message, grace) => {
          const rec = this.record(name);
          if (!rec) return;
          if (rec.current) rec.current.killedBy = probe;
          this.killContainer(rec, message, grace ?? this.pod.spec?.terminationGracePeriodSeconds ?? 30);
        },
        changed: () => {
          this.pushStatus();
          this.requestSync();
        },
      },
      // A node's kubelet has been up long before any lab pod: no start-up jitter.
      { kubeletStartedAt: -3_600_000, rng: () => k.rng.next() },
    );
    this.prober.addPod({ containers: this.pod.spec!.containers, initContainers: this.pod.spec!.initContainers, restartPolicy: this.pod.spec!.restartPolicy });
  }

  /** What volume plugins and the env builder may read: API objects, node allocatable, node root. */
  private volumeHost(): VolumeHost {
    const k = this.k;
    return {
      pod: this.pod,
      now: () => k.clock.now(),
      wallClock: () => k.epochMs + k.clock.now(),
      getConfigMap: (ns, n) => k.store.get('ConfigMap', ns, n),
      getSecret: (ns, n) => k.store.get('Secret', ns, n),
      nodeAllocatable: k.store.get('Node', undefined, k.nodeName)?.status?.allocatable,
      hostRoot: k.nodeRoot,
    };
  }

  /**
   * The volume manager: mount every volume before any container starts. A missing ConfigMap or
   * Secret keeps the pod in ContainerCreating with FailedMount events, retried with back-off.
   */
  private mountVolumes(): boolean {
    const failures = setUpPodVolumes(this.volumes, this.volumeHost());
    if (!failures.length) {
      this.mountRetryMs = 0;
      return true;
    }
    for (const f of failures) this.event(f.event.type as 'Warning', f.event.reason, f.event.message);
    this.mountRetryMs = Math.min(this.mountRetryMs ? this.mountRetryMs * 2 : 500, 122_000);
    this.scheduleSync(this.now + this.mountRetryMs);
    return false;
  }

  private backoffKey(rec: ContainerRecord): string {
    return `${this.fullName}_${rec.name}`;
  }

  /** computePodActions: which containers to (re)start now, which are held by back-off. */
  private computeActions(): { start: ContainerRecord[]; backoff: ContainerRecord[]; failPod: boolean; done: boolean } {
    const policy = this.pod.spec!.restartPolicy ?? 'Always';
    const start: ContainerRecord[] = [];
    const backoff: ContainerRecord[] = [];
    const restart = (rec: ContainerRecord) => {
      const cur = rec.current;
      if (cur?.state === 'exited') {
        const key = this.backoffKey(rec);
        if (this.k.backoff.isInBackOffSince(key, cur.finishedAt!)) return backoff.push(rec);
        this.k.backoff.next(key, cur.finishedAt!);
      }
      start.push(rec);
    };
    // Ephemeral containers: started once, never restarted (kuberuntime EphemeralContainersToStart).
    for (const rec of this.records) if (rec.kind === 'ephemeral' && !rec.current && !rec.starting && !rec.waiting) start.push(rec);
    // Init containers: the first unfinished one, and only that one.
    for (const rec of this.records) {
      if (rec.kind === 'app') break;
      if (rec.kind === 'ephemeral') continue;
      const cur = rec.current;
      if (rec.kind === 'sidecar') {
        if (cur?.state === 'running') {
          // The next init container waits until the sidecar has started (startup probe passed).
          if (this.prober && !this.prober.started(rec.name)) return { start, backoff, failPod: false, done: false };
          continue;
        }
        restart(rec);
        return { start, backoff, failPod: false, done: false };
      }
      if (cur?.state === 'exited' && cur.exitCode === 0) continue;
      if (cur?.state === 'running') return { start, backoff, failPod: false, done: false };
      if (cur?.state === 'exited' && policy === 'Never') return { start, backoff, failPod: true, done: false };
      restart(rec);
      return { start, backoff, failPod: false, done: false };
    }
    // App containers: every one that is not running and may (re)start.
    let live = 0;
    for (const rec of this.records) {
      if (rec.kind !== 'app') continue;
      const cur = rec.current;
      if (cur?.state === 'running') {
        live++;
        continue;
      }
      if (cur?.state === 'exited' && !(policy === 'Always' || (policy === 'OnFailure' && cur.exitCode !== 0))) continue;
      live++;
      restart(rec);
    }
    return { start, backoff, failPod: false, done: live === 0 };
  }

  private createSandbox(next: () => void): void {
    this.creatingSandbox = true;
    const delay = this.k.rng.int(SANDBOX_MS[0], SANDBOX_MS[1]);
    this.k.clock.after(delay, () => {
      this.creatingSandbox = false;
      if (this.finished || this.terminating) return next();
      // hostNetwork pods share the node's network namespace and IP.
      const ip = this.pod.spec?.hostNetwork ? this.k.nodeIP : this.k.network.allocatePodIP(this.k.nodeName);
      this.sandbox = { id: this.k.rng.hex(64), ip, createdAt: this.now, ready: true, pauseImage: this.k.pauseImage, hostPid: this.k.allocHostPid() };
      this.detachNet = this.k.network.attach(ip, () => this.servers());
      if (this.pod.spec?.shareProcessNamespace) {
        this.podNs = new PidNamespace();
        this.podNs.add(this.podNs.alloc(), { user: '65535', startedAt: this.now, cmdline: '/pause' });
      }
      next();
    });
  }

  /** Pull (if needed) → create → start, each step on virtual time, as kuberuntime's startContainer. */
  private startContainer(rec: ContainerRecord, done: (ok: boolean) => void): void {
    rec.starting = true;
    const fail = (reason: string, message: string) => {
      rec.waiting = { reason, message };
      rec.starting = false;
      done(false);
    };
    const spec = rec.spec;
    const image = spec.image ?? '';
    const ref = parseImageRef(image);
    if ('error' in ref) {
      this.event('Warning', 'InspectFailed', `Failed to apply default image tag "${image}": ${ref.error}`, rec);
      this.event('Warning', 'Failed', 'Error: InvalidImageName', rec);
      return fail('InvalidImageName', `Failed to apply default image tag "${image}": ${ref.error}`);
    }
    const def = findImage(ref);
    const policy = spec.imagePullPolicy ?? 'IfNotPresent';
    const cached = this.k.imageCache.has(canonicalName(ref));
    if (policy === 'Never' && !cached) {
      this.event('Warning', 'ErrImageNeverPull', `Container image "${image}" is not present with pull policy of Never`, rec);
      this.event('Warning', 'Failed', 'Error: ErrImageNeverPull', rec);
      return fail('ErrImageNeverPull', `Container image "${image}" is not present with pull policy of Never`);
    }
    if (cached && policy !== 'Always') {
      this.event('Normal', 'Pulled', `Container image "${image}" already present on machine and can be accessed by the pod`, rec);
      this.k.clock.after(CREATE_MS, () => this.createAndStart(rec, ref, def!, done));
      return;
    }
    const pullKey = `${this.fullName}_${image}`;
    const lastFail = this.k.pullFailedAt.get(pullKey);
    if (lastFail !== undefined && this.k.pullBackoff.isInBackOffSince(pullKey, lastFail)) {
      this.event('Normal', 'BackOff', `Back-off pulling image "${image}"`, rec);
      this.event('Warning', 'Failed', 'Error: ImagePullBackOff', rec);
      return fail('ImagePullBackOff', `Back-off pulling image "${image}"`);
    }
    this.event('Normal', 'Pulling', `Pulling image "${image}"`, rec);
    const pullMs = def ? (cached ? this.k.rng.int(300, 900) : Math.round(400 + def.sizeBytes / 25_000 + this.k.rng.int(0, 800))) : this.k.rng.int(600, 1400);
    this.k.clock.after(pullMs, () => {
      if (this.finished || this.terminating) {
        rec.starting = false;
        return done(true);
      }
      if (!def) {
        const canon = canonicalName(ref);
        const msg = `failed to pull and unpack image "${canon}": failed to resolve reference "${canon}": ${canon}: not found`;
        this.event('Warning', 'Failed', `Failed to pull image "${image}": rpc error: code = NotFound desc = ${msg}`, rec);
        this.event('Warning', 'Failed', 'Error: ErrImagePull', rec);
        this.k.pullBackoff.next(pullKey, this.now);
        this.k.pullFailedAt.set(pullKey, this.now);
        return fail('ErrImagePull', `rpc error: code = NotFound desc = ${msg}`);
      }
      this.k.imageCache.add(canonicalName(ref));
      this.event('Normal', 'Pulled', `Successfully pulled image "${image}" in ${goDuration(pullMs)} (${goDuration(pullMs)} including waiting). Image size: ${def.sizeBytes} bytes.`, rec);
      this.k.clock.after(CREATE_MS, () => this.createAndStart(rec, ref, def, done));
    });
  }

  private createAndStart(rec: ContainerRecord, ref: ImageRef, def: ImageDef, done: (ok: boolean) => void): void {
    if (this.finished || this.terminating) {
      rec.starting = false;
      return done(true);
    }
    const spec = rec.spec;
    let env: Record<string, string>;
    let kubeletEnv: Record<string, string>;
    try {
      const r = makeEnvironment({
        pod: this.pod,
        container: spec,
        image: def,
        services: this.k.store.list('Service') as any,
        getConfigMap: (ns, n) => this.k.store.get('ConfigMap', ns, n),
        getSecret: (ns, n) => this.k.store.get('Secret', ns, n),
        nodeAllocatable: this.k.store.get('Node', undefined, this.k.nodeName)?.status?.allocatable,
        podIPs: [this.sandbox!.ip],
        hostIPs: [this.k.nodeIP],
        onEvent: (e) => this.event(e.type as 'Warning', e.reason, e.message, rec),
      });
      env = r.env;
      kubeletEnv = r.kubeletEnv;
    } catch (e) {
      if (!(e instanceof CreateContainerConfigError)) throw e;
      // generateContainerConfig failed: no container is created; the sync is retried.
      this.event('Warning', 'Failed', `Error: ${e.message}`, rec);
      rec.waiting = { reason: 'CreateContainerConfigError', message: e.message };
      rec.starting = false;
      return done(false);
    }
    const command = (spec.command ?? []).map((s) => expandRefs(s, kubeletEnv));
    const args = (spec.args ?? []).map((s) => expandRefs(s, kubeletEnv));
    const argv = command.length ? [...command, ...args] : [...def.entrypoint, ...(args.length ? args : def.cmd)];
    let fs;
    try {
      fs = buildFs({ now: () => this.now, pod: this.pod, container: spec, image: def, argv, volumes: this.volumes, hostsIP: this.sandbox!.ip, volumeHost: this.volumeHost() });
    } catch (e) {
      if (!(e instanceof VolumeSetUpError)) throw e;
      this.event('Warning', e.failure.event.reason === 'FailedMount' ? 'Failed' : 'Failed', `Error: ${e.failure.message}`, rec);
      rec.waiting = { reason: 'CreateContainerConfigError', message: e.failure.message };
      rec.starting = false;
      return done(false);
    }
    // /proc/sys: the kernel's parameters (vm.* are the node's, so a privileged change shows everywhere).
    for (const key of this.k.sysctls.keys()) fs.defineFile(`/proc/sys/${key.replace(/\./g, '/')}`, () => `${this.k.sysctls.get(key)}\n`);
    const inst: ContainerInstance = {
      id: this.k.rng.hex(64),
      attempt: rec.current ? rec.current.attempt + 1 : 0,
      state: 'running',
      startedAt: this.now,
      logs: [],
      partial: { stdout: '', stderr: '' },
      fs,
      env,
      argv,
      imageRef: canonicalName(ref),
      imageID: `${canonicalName(ref).replace(/[:@][^/]*$/, '')}@${imageDigest(ref)}`,
      ...this.pidNamespaceFor(rec),
    };
    this.event('Normal', 'Created', 'Container created', rec);
    this.k.clock.after(START_MS, () => {
      if (this.finished || this.terminating) {
        rec.starting = false;
        return done(true);
      }
      const proc = this.spawn(inst, rec, def);
      if (!proc) return done(false); // start error already recorded
      inst.startedAt = this.now;
      this.event('Normal', 'Started', 'Container started', rec);
      proc.start();
      const commit = () => {
        if (rec.current) {
          rec.previous = rec.current;
          rec.restartCount++;
        }
        rec.current = inst;
        rec.waiting = undefined;
        rec.starting = false;
        this.plegSync();
      };
      const postStart = (spec as any).lifecycle?.postStart;
      if (!postStart) {
        commit();
        return done(true);
      }
      // startContainer blocks on the postStart hook; the container is not Running until it returns.
      runHandler(postStart, this.handlerEnv(rec, inst), 10 * 60_000, (r) => {
        commit();
        if (!r.ok) {
          this.event('Warning', 'FailedPostStartHook', 'PostStartHook failed', rec);
          this.killContainer(rec, 'FailedPostStartHook', this.pod.spec?.terminationGracePeriodSeconds ?? 30);
          return done(false);
        }
        done(true);
      });
    });
  }

  /**
   * The cgroup's memory limit: a process that grows past limits.memory is killed by the kernel's
   * OOM killer (SIGKILL, exit 137, reason OOMKilled). Checked every second, as cAdvisor samples.
   */
  private watchMemory(rec: ContainerRecord, inst: ContainerInstance): void {
    const lim = rec.spec.resources?.limits?.memory;
    if (lim === undefined) return;
    const limit = bytes(lim as string);
    const check = () => {
      if (inst.state !== 'running' || this.finished) return;
      const used = (inst.process as any)?.memoryBytes?.() ?? 0;
      if (used > limit) {
        inst.oomKilled = true;
        inst.process?.signal('SIGKILL');
        return;
      }
      this.k.clock.after(1000, check);
    };
    this.k.clock.after(0, check);
  }

  /** Own namespace, the pod's shared one, or (ephemeral --target) the target container's. */
  private pidNamespaceFor(rec: ContainerRecord): { ns: PidNamespace; pid: number } {
    const target = rec.kind === 'ephemeral' ? (rec.spec as any).targetContainerName : undefined;
    const tinst = target ? this.records.find((r) => r.name === target)?.current : undefined;
    const ns = tinst?.state === 'running' ? tinst.ns : (this.podNs ?? new PidNamespace());
    return { ns, pid: ns.alloc() };
  }

  private spawn(inst: ContainerInstance, rec: ContainerRecord, def: ImageDef): Process | null {
    const onExit = (code: number, sig?: Signal) => {
      inst.ns.remove(inst.pid);
      this.onContainerExit(rec, inst, code, sig);
    };
    const io = {
      stdout: (t: string) => this.appendLog(inst, 'stdout', t),
      stderr: (t: string) => this.appendLog(inst, 'stderr', t),
    };
    const host = this.hostFor(inst, def, rec);
    const argv0 = inst.argv[0];
    try {
      if (!argv0) throw new CommandNotFound('');
      const daemonId = def.daemons?.[argv0] ?? def.daemons?.[argv0.split('/').pop()!];
      // stdin/tty from the spec (kubectl run -it, debug -it); our terminal echoes typed lines itself.
      const spec = rec.spec as any;
      const opts = { argv: inst.argv, io, onExit, pid: inst.pid, tty: !!spec.tty, stdin: !!spec.stdin, echo: false };
      const proc = daemonId && DAEMONS[daemonId] ? new DaemonProcess(host, opts, DAEMONS[daemonId]) : spawnProcess(host, opts);
      inst.process = proc;
      inst.stopSignal = stopSignalOf(def);
      inst.hostPid = this.k.allocHostPid();
      this.watchMemory(rec, inst);
      inst.ns.add(inst.pid, { user: 'root', startedAt: this.now, cmdline: inst.argv.join(' ') }, proc, inst.argv);
      // /proc/1/cmdline is PID 1 of the container's PID namespace (the target's, with --target),
      // and /proc/1/root its root filesystem: how you read files of a distroless target.
      inst.fs.defineFile('/proc/1/cmdline', () => inst.ns.cmdline(1) ?? '');
      const target = this.records.find((r) => r !== rec && r.current?.state === 'running' && r.current.ns === inst.ns && r.current.pid === 1)?.current;
      if (target) inst.fs.mount('/proc/1/root', target.fs.root);
      return proc;
    } catch (e) {
      if (!(e instanceof CommandNotFound)) throw e;
      // The OCI runtime cannot exec the entrypoint: the container is created but fails to start.
      const msg = argv0
        ? `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: exec: "${argv0}": executable file not found in $PATH: unknown`
        : 'failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: error during container init: no command specified: unknown';
      this.event('Warning', 'Failed', `Error: ${msg}`, rec);
      if (rec.current) {
        rec.previous = rec.current;
        rec.restartCount++;
      }
      inst.state = 'exited';
      inst.exitCode = 128;
      inst.reason = 'StartError';
      inst.finishedAt = this.now;
      (inst as any).message = msg;
      rec.current = inst;
      rec.waiting = { reason: 'RunContainerError', message: msg };
      rec.starting = false;
      this.plegSync();
      return null;
    }
  }

  private hostFor(inst: ContainerInstance, def: ImageDef, rec: ContainerRecord) {
    return makeHost({
      clock: this.k.clock,
      epochMs: this.k.epochMs,
      network: this.k.network,
      namespace: this.pod.metadata.namespace,
      fs: inst.fs,
      env: inst.env,
      hostname: this.pod.spec?.hostname ?? this.pod.metadata.name,
      podIP: this.sandbox?.ip ?? '',
      image: def,
      privileged: !!rec.spec.securityContext?.privileged,
      cwd: rec.spec.workingDir ?? def?.workingDir,
      cpuLimitMilli: rec.spec.resources?.limits?.cpu !== undefined ? milliCPU(rec.spec.resources.limits.cpu as string) : undefined,
      nodeSysctls: this.k.sysctls,
      processes: () => (this.pod.spec?.hostPID ? this.k.hostProcesses() : inst.ns.list()),
      kill: (pid, sig) => inst.ns.kill(pid, sig),
      allocPid: () => inst.ns.alloc(),
      nodeTools: this.mountsNodeRoot(rec) ? this.k.criView() : undefined,
      mainLog: (stream, text) => this.appendLog(inst, stream, text),
    });
  }

  /** A container that mounts the node's root filesystem (kubectl debug node/…) can run crictl. */
  private mountsNodeRoot(rec: ContainerRecord): boolean {
    const vols = this.pod.spec?.volumes ?? [];
    return (rec.spec.volumeMounts ?? []).some((m) => vols.find((v: any) => v.name === m.name)?.hostPath?.path === '/');
  }

  private appendLog(inst: ContainerInstance, stream: 'stdout' | 'stderr', text: string): void {
    const t = this.now;
    const nl = text.indexOf('\n');
    if (nl < 0) {
      // No line end yet (wget -O- of "OK!" in a loop): keep growing the partial line, no split.
      inst.partial[stream] += text;
    } else if (nl === text.length - 1 && inst.partial[stream] === '') {
      // The common case (one whole line per write) without split's array.
      inst.logs.push({ t, stream, text: text.slice(0, -1) });
    } else {
      const parts = (inst.partial[stream] + text).split('\n');
      inst.partial[stream] = parts.pop()!;
      for (const line of parts) inst.logs.push({ t, stream, text: line });
    }
    inst.attached?.[stream](text);
    this.k.onLog?.(this.pod, this.records.find((r) => r.current === inst), inst);
  }

  private onContainerExit(rec: ContainerRecord, inst: ContainerInstance, code: number, sig?: Signal): void {
    if (inst.state === 'exited') return;
    for (const s of ['stdout', 'stderr'] as const) {
      if (inst.partial[s]) {
        inst.logs.push({ t: this.now, stream: s, text: inst.partial[s] });
        inst.partial[s] = '';
      }
    }
    inst.state = 'exited';
    inst.exitCode = code;
    inst.signal = sig;
    inst.finishedAt = this.now;
    inst.reason = inst.oomKilled ? 'OOMKilled' : code === 0 ? 'Completed' : 'Error';
    this.plegSync();
  }

  private killInstance(rec: ContainerRecord, sig: Signal): void {
    const inst = rec.current;
    if (inst?.state === 'running') inst.process?.signal(sig);
  }

  /**
   * killContainer (kuberuntime_container.go): Killing event, the preStop hook (bounded by the grace
   * period), then SIGTERM, and SIGKILL when the grace period runs out — at least 2 s after SIGTERM.
   */
  private killContainer(rec: ContainerRecord, message: string, graceSeconds: number): void {
    const inst = rec.current;
    if (inst?.state !== 'running' || inst.killing) return;
    inst.killing = true;
    this.event('Normal', 'Killing', message, rec);
    const start = this.now;
    const graceMs = Math.max(graceSeconds, 0) * 1000;
    const term = () => {
      if (inst.state !== 'running') return;
      // containerd sends the image's STOPSIGNAL (SIGTERM unless the image says otherwise).
      inst.process?.signal((inst.stopSignal ?? 'SIGTERM') as Signal);
      const left = Math.max(graceMs - (this.now - start), 2000);
      this.k.clock.after(left, () => {
        if (inst.state === 'running') inst.process?.signal('SIGKILL');
      });
    };
    const preStop = (rec.spec as any).lifecycle?.preStop;
    if (preStop && graceMs > 0) {
      runHandler(preStop, this.handlerEnv(rec, inst), graceMs, (r) => {
        if (!r.ok) this.event('Warning', 'FailedPreStopHook', 'PreStopHook failed', rec);
        term();
      });
    } else term();
  }

  /** Graceful deletion of the pod: every running container is killed with the pod's grace period. */
  private beginTermination(): void {
    this.terminating = true;
    this.prober?.stopLivenessAndStartup();
    const grace = this.pod.metadata.deletionGracePeriodSeconds ?? this.pod.spec!.terminationGracePeriodSeconds ?? 30;
    // App (and ephemeral) containers first; sidecars after them, as the kubelet orders it.
    for (const rec of this.records) if (rec.kind !== 'sidecar' && rec.kind !== 'init') this.killContainer(rec, `Stopping container ${rec.name}`, grace);
    for (const rec of this.records) if (rec.kind === 'sidecar' || rec.kind === 'init') this.killContainer(rec, `Stopping container ${rec.name}`, grace);
    this.requestSync();
  }

  private handlerEnv(rec: ContainerRecord, inst: ContainerInstance) {
    return {
      clock: this.k.clock,
      network: this.k.network,
      namespace: this.pod.metadata.namespace,
      podIP: this.sandbox?.ip ?? '',
      port: (p: number | string) => (typeof p === 'number' ? p : Number(p) || (rec.spec.ports ?? []).find((x) => x.name === p)?.containerPort),
      exec: (argv: string[], done: (code: number, output: string) => void) => {
        let output = '';
        try {
          const proc = this.execIn(rec, inst, argv, { stdout: (t) => (output += t), stderr: (t) => (output += t) }, (code) => done(code, output), false, false);
          proc.start();
          return { kill: () => proc.signal('SIGKILL') };
        } catch (e) {
          if (e instanceof CommandNotFound) return null;
          throw e;
        }
      },
    };
  }

  private checkTerminated(): void {
    if (this.records.some((r) => r.current?.state === 'running') || this.creatingSandbox) return;
    this.finished = true;
    this.prober?.removePod();
    this.detachNet?.();
    this.sandbox = null;
    // The kubelet confirms the deletion with grace period 0; the API object is gone.
    this.k.finalizePod(this);
  }

  /** restartPolicy says nothing more will run: stop the sandbox and report a terminal phase. */
  private completePod(): void {
    this.completed = true;
    for (const rec of this.records) {
      rec.waiting = undefined;
      this.killInstance(rec, 'SIGKILL'); // sidecars
    }
  }

  /** The kubelet process stopped: its probe workers and sync loop die with it; containers run on. */
  kubeletStopped(): void {
    this.prober?.removePod();
    this.prober = null;
    this.k.clock.cancel(this.syncTimer);
    this.syncTimer = null;
  }

  /** The kubelet is back: probes start afresh (readiness unknown until they pass) and status is re-posted. */
  kubeletStarted(): void {
    this.lastStatusJson = '';
    this.requestSync();
  }

  /** Force-stop everything at once (the API object was removed under us). */
  destroy(): void {
    this.finished = true;
    this.prober?.removePod();
    this.detachNet?.();
    for (const rec of this.records) this.killInstance(rec, 'SIGKILL');
  }

  // ---- exec ----------------------------------------------------------------------------------

  /** Run a process in a running container (kubectl exec). Returns null if the binary is missing. */
  exec(containerName: string, argv: string[], io: { stdout(t: string): void; stderr(t: string): void }, onExit: (code: number) => void, tty: boolean, stdin = tty): Process {
    const rec = this.records.find((r) => r.name === containerName)!;
    return this.execIn(rec, rec.current!, argv, io, onExit, tty, stdin);
  }

  private execIn(rec: ContainerRecord, inst: ContainerInstance, argv: string[], io: { stdout(t: string): void; stderr(t: string): void }, onExit: (code: number) => void, tty: boolean, stdin: boolean): Process {
    const ref = parseImageRef(rec.spec.image ?? '');
    const def = 'error' in ref ? undefined : findImage(ref);
    const pid = inst.ns.alloc();
    const host = this.hostFor(inst, def!, rec);
    const proc = spawnProcess(host, {
      argv,
      io,
      onExit: (c: number) => {
        inst.ns.remove(pid);
        onExit(c);
      },
      tty,
      pid,
      stdin,
      echo: false,
    });
    inst.ns.add(pid, { user: 'root', startedAt: this.now, cmdline: argv.join(' ') }, proc);
    return proc;
  }

  /**
   * kubectl attach (and debug -it): connect a terminal to a running container's main process.
   * Output from now on is copied to `io`; `detach` stops that.
   */
  attach(containerName: string, io: { stdout(t: string): void; stderr(t: string): void }, onExit: (code: number) => void): { writeStdin(t: string): void; closeStdin(): void; signal(sig: Signal): void; detach(): void } | null {
    const rec = this.records.find((r) => r.name === containerName);
    const inst = rec?.current;
    if (!inst || inst.state !== 'running' || !inst.process) return null;
    inst.attached = io;
    const poll = () => {
      if (inst.attached !== io) return;
      if (inst.state !== 'running') {
        inst.attached = null;
        onExit(inst.exitCode ?? 0);
      } else this.k.clock.after(100, poll);
    };
    this.k.clock.after(100, poll);
    const p = inst.process;
    return {
      writeStdin: (t) => p.writeStdin(t),
      closeStdin: () => p.closeStdin(),
      signal: (sig) => p.signal(sig),
      detach: () => {
        if (inst.attached === io) inst.attached = null;
      },
    };
  }

  // ---- status --------------------------------------------------------------------------------

  private fieldRef(path: string): string | undefined {
    const p = this.pod;
    switch (path) {
      case 'metadata.name':
        return p.metadata.name;
      case 'metadata.namespace':
        return p.metadata.namespace;
      case 'metadata.uid':
        return p.metadata.uid;
      case 'spec.nodeName':
        return p.spec?.nodeName;
      case 'spec.serviceAccountName':
        return p.spec?.serviceAccountName;
      case 'status.hostIP':
      case 'status.hostIPs':
        return this.k.nodeIP;
      case 'status.podIP':
      case 'status.podIPs':
        return this.sandbox?.ip;
    }
    const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
    if (m) return ((p.metadata as any)[m[1]!] ?? {})[m[2]!];
    return undefined;
  }

  private containerStatus(rec: ContainerRecord, hasInit: boolean): ContainerStatus {
    const cur = rec.current;
    const st: ContainerStatus = { name: rec.name, image: rec.spec.image ?? '', imageID: cur?.imageID ?? '', ready: false, restartCount: rec.restartCount, state: {} } as ContainerStatus;
    const ts = (ms: number) => this.k.ts(ms);
    const term = (i: ContainerInstance) => ({
      exitCode: i.exitCode!,
      reason: i.reason,
      ...((i as any).message ? { message: (i as any).message } : {}),
      ...(i.signal === 'SIGKILL' && i.reason === 'Error' ? {} : {}),
      startedAt: ts(i.startedAt),
      finishedAt: ts(i.finishedAt!),
      containerID: `containerd://${i.id}`,
    });
    if (cur) st.containerID = `containerd://${cur.id}`;
    if (cur?.state === 'running') {
      st.state = { running: { startedAt: ts(cur.startedAt) } };
      // Probe results (no probe: started and ready as soon as it runs).
      st.started = this.prober ? this.prober.started(rec.name) : true;
      st.ready = st.started && (this.prober ? this.prober.ready(rec.name) : true);
      if (rec.previous) st.lastState = { terminated: term(rec.previous) };
      else st.lastState = {};
    } else if (rec.waiting) {
      st.state = { waiting: { reason: rec.waiting.reason, ...(rec.waiting.message ? { message: rec.waiting.message } : {}) } };
      st.lastState = cur ? { terminated: term(cur) } : {};
      st.started = false;
    } else if (cur?.state === 'exited') {
      st.state = { terminated: term(cur) };
      st.lastState = rec.previous ? { terminated: term(rec.previous) } : {};
      st.started = false;
    } else {
      st.state = { waiting: { reason: hasInit ? 'PodInitializing' : 'ContainerCreating' } };
      st.lastState = {};
      st.started = false;
    }
    if (rec.kind === 'init' && cur?.state !== 'running') st.ready = cur?.state === 'exited' && cur.exitCode === 0;
    if (rec.kind === 'init') delete st.started;
    if (!cur) {
      delete (st as any).containerID;
      st.imageID = '';
    }
    return st;
  }

  private condition(type: string, status: boolean, reason?: string, message?: string): PodCondition {
    const s = status ? 'True' : 'False';
    const prev = this.conditionTimes.get(type);
    if (!prev || prev.status !== s) this.conditionTimes.set(type, { status: s, at: this.k.store.timestamp() });
    const c: PodCondition = { type, status: s, lastProbeTime: null as any, lastTransitionTime: this.conditionTimes.get(type)!.at } as PodCondition;
    if (!status && reason) {
      c.reason = reason;
      if (message) c.message = message;
    } else if (status && reason === 'PodCompleted') c.reason = reason;
    return c;
  }

  private buildStatus(): any {
    const hasInit = (this.pod.spec!.initContainers ?? []).length > 0;
    const initStatuses = this.records.filter((r) => r.kind === 'init' || r.kind === 'sidecar').map((r) => this.containerStatus(r, hasInit));
    const statuses = this.records.filter((r) => r.kind === 'app').map((r) => this.containerStatus(r, hasInit));
    // Ephemeral containers are reported once created; they never affect phase or readiness.
    const ephStatuses = this.records.filter((r) => r.kind === 'ephemeral' && (r.current || r.waiting)).map((r) => {
      const st = this.containerStatus(r, false);
      st.ready = false;
      delete st.started;
      return st;
    });
    const podIsTerminal = (this.terminating || this.completed) && this.records.every((r) => r.current?.state !== 'running');
    let phase = getPhase(this.pod, [...initStatuses, ...statuses], podIsTerminal && this.completed);
    const prevPhase = this.pod.status?.phase;
    if (prevPhase === 'Succeeded' || prevPhase === 'Failed') phase = prevPhase; // never leave a terminal phase
    const terminal = phase === 'Succeeded' || phase === 'Failed';

    const isReady = (r: ContainerRecord) => r.current?.state === 'running' && (!this.prober || (this.prober.started(r.name) && this.prober.ready(r.name)));
    const initDone = this.records.filter((r) => r.kind === 'init').every((r) => r.current?.state === 'exited' && r.current.exitCode === 0) && this.records.filter((r) => r.kind === 'sidecar').every((r) => r.current?.state === 'running' && (!this.prober || this.prober.started(r.name)));
    const pendingInit = this.records.filter((r) => (r.kind === 'init' || r.kind === 'sidecar') && !(r.current?.state === 'exited' && r.current.exitCode === 0) && !(r.kind === 'sidecar' && r.current?.state === 'running')).map((r) => r.name);
    const notReady = this.records.filter((r) => (r.kind === 'app' || r.kind === 'sidecar') && !isReady(r)).map((r) => r.name);
    const ready = notReady.length === 0 && !terminal;
    const conds: PodCondition[] = [];
    conds.push(this.condition('PodReadyToStartContainers', !!this.sandbox));
    if (terminal && phase === 'Succeeded') conds.push(this.condition('Initialized', true, 'PodCompleted'));
    else conds.push(this.condition('Initialized', initDone, 'ContainersNotInitialized', `containers with incomplete status: [${pendingInit.join(' ')}]`));
    if (terminal) {
      conds.push(this.condition('Ready', false, 'PodCompleted'));
      conds.push(this.condition('ContainersReady', false, 'PodCompleted'));
    } else {
      conds.push(this.condition('Ready', ready, 'ContainersNotReady', `containers with unready status: [${notReady.join(' ')}]`));
      conds.push(this.condition('ContainersReady', ready, 'ContainersNotReady', `containers with unready status: [${notReady.join(' ')}]`));
    }
    const sched = (this.pod.status?.conditions ?? []).find((c: PodCondition) => c.type === 'PodScheduled');
    conds.push(sched ?? this.condition('PodScheduled', true));
    for (const c of conds) if (c.reason === 'PodCompleted' && c.status === 'False') delete c.message;

    const status: any = {
      phase,
      conditions: conds,
      hostIP: this.k.nodeIP,
      hostIPs: [{ ip: this.k.nodeIP }],
      ...(this.sandbox || this.pod.status?.podIP ? { podIP: this.sandbox?.ip ?? this.pod.status?.podIP, podIPs: [{ ip: this.sandbox?.ip ?? this.pod.status?.podIP }] } : {}),
      startTime: this.startTime,
      ...(initStatuses.length ? { initContainerStatuses: initStatuses } : {}),
      containerStatuses: statuses,
      ...(ephStatuses.length ? { ephemeralContainerStatuses: ephStatuses } : {}),
      qosClass: this.pod.status?.qosClass ?? 'BestEffort',
    };
    return status;
  }

  /** Write status to the API if it changed (the status manager's job). */
  pushStatus(): void {
    if (this.finished || !this.k.running) return;
    const status = this.buildStatus();
    const json = JSON.stringify(status);
    if (json === this.lastStatusJson) return;
    this.lastStatusJson = json;
    const updated = this.k.store.mutate<KPod>('Pod', this.pod.metadata.namespace, this.pod.metadata.name, (p) => {
      p.status = status;
    });
    if (updated) this.pod = updated;
  }

  /** Container record by name (for logs/exec/describe). */
  record(name: string): ContainerRecord | undefined {
    return this.records.find((r) => r.name === name);
  }
}

function newRecord(spec: Container, kind: ContainerKind): ContainerRecord {
  return { name: spec.name, spec, kind, restartCount: 0, starting: false };
}

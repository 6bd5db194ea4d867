/**
 * Public types of the kubelet prober port (Kubernetes v1.36, pkg/kubelet/prober).
 *
 * The prober owns: probe workers and their tickers, doProbe, the results caches, the probe
 * result/output/event texts. The kubelet (pod-worker) owns: the runtime (it runs the exec /
 * HTTP / TCP / gRPC checks through a {@link ProbeRunner}), events, killing containers, and
 * pushing pod status. All times are virtual milliseconds.
 */
import type { Container } from 'kubernetes-types/core/v1';

export type ProbeType = 'liveness' | 'readiness' | 'startup';

/** The subset of the cluster's VirtualClock the prober needs. Equal-time timers must fire in scheduling order. */
export interface ProberClock {
  now(): number;
  at(t: number, fn: () => void): number;
  cancel(id: number): void;
}

/** The status-manager view of the pod (status.phase, metadata.deletionTimestamp, status.podIP). */
export interface PodInfo {
  phase?: string;
  /** metadata.deletionTimestamp is set. */
  deleting?: boolean;
  podIP?: string;
}

/**
 * The status-manager view of one container (its latest instance).
 * `containerID` empty/absent means "not created yet".
 */
export interface ContainerInfo {
  running: boolean;
  /** Virtual ms the current instance started (state.running.startedAt). The prober truncates it to whole seconds like the status manager does. */
  startedAt: number;
  containerID: string;
  /**
   * Set when state.terminated is set (exited and NOT shown as waiting/CrashLoopBackOff).
   * Leave undefined while the container is waiting to be (re)started.
   */
  terminated?: { exitCode: number };
}

export interface ExecOutcome {
  exitCode: number;
  /** stdout followed by stderr (kuberuntime RunInContainer appends them, no interleaving). */
  output: string;
  /** The runtime gave up after timeoutMs (ExecSync DeadlineExceeded). The prober writes the text. */
  timedOut?: boolean;
  /** Any other runtime error (e.g. exec failed to start): the probe "errors" and is retried up to 3 times. */
  error?: string;
}

export interface HttpProbeRequest {
  scheme: string;
  /** Host to connect to (probe `host` or the pod IP). */
  host: string;
  /** Resolved number (named ports are resolved against container.ports). */
  port: number;
  /** Path plus query, as it appears in `url`. */
  path: string;
  /** The full URL Go would print, e.g. http://10.244.1.5:8080/healthz */
  url: string;
  /** Canonicalised names; includes the defaults User-Agent: kube-probe/1.36 and Accept: *\/* */
  headers: { name: string; value: string }[];
  /** A `Host` header overrides the request's Host. */
  hostHeader?: string;
}

/**
 * HTTP outcome. Either a response (`status`, optional `body`, `location` for 3xx) or `error`:
 * 'refused' | 'timeout' (no response headers within the timeout) | 'dial-timeout' |
 * 'no-route' | 'eof', or any other string = the Go net error text after `Get "<url>": `.
 * The runner must NOT follow redirects: the prober does, like Go's client with kubelet's redirect checker.
 */
export interface HttpOutcome {
  status?: number;
  body?: string;
  location?: string;
  error?: string;
}

/** TCP outcome. error: 'refused' | 'timeout' | 'no-route', or a full custom failure text. */
export interface TcpOutcome {
  ok: boolean;
  error?: string;
}

/**
 * gRPC health Check outcome. error: 'refused' or 'timeout' (could not connect within the timeout;
 * kubelet dials with WithBlock so a refused port only fails when the timeout expires),
 * 'unimplemented', 'not-found' (unknown service), 'rpc-timeout', or any other rpc error text.
 */
export interface GrpcOutcome {
  status?: 'SERVING' | 'NOT_SERVING' | 'UNKNOWN' | 'SERVICE_UNKNOWN';
  error?: string;
}

/** Implemented by the kubelet. Each call must eventually invoke `done` exactly once (synchronously is fine). */
export interface ProbeRunner {
  exec(container: string, command: string[], timeoutMs: number, done: (r: ExecOutcome) => void): void;
  http(container: string, req: HttpProbeRequest, timeoutMs: number, done: (r: HttpOutcome) => void): void;
  tcp(container: string, host: string, port: number, timeoutMs: number, done: (r: TcpOutcome) => void): void;
  grpc(container: string, host: string, port: number, service: string, timeoutMs: number, done: (r: GrpcOutcome) => void): void;
}

export interface ProberCallbacks {
  /** Pod status view; undefined = no status yet (the worker waits). */
  pod(): PodInfo | undefined;
  /** Container status view by name (app or init container). */
  container(name: string): ContainerInfo | undefined;
  /** Record a container event (involvedObject fieldPath spec.containers{name} / spec.initContainers{name}). */
  event(container: string, type: 'Normal' | 'Warning', reason: string, message: string): void;
  /**
   * A liveness/startup probe crossed failureThreshold on the running container: the kubelet's next
   * sync kills it with a `Normal Killing <message>` event. gracePeriodSeconds = the probe's
   * terminationGracePeriodSeconds when set (else use the pod's).
   */
  kill(container: string, probe: 'liveness' | 'startup', message: string, gracePeriodSeconds?: number): void;
  /**
   * A readiness or startup result changed (results-manager update). The kubelet updates the
   * container's ready/started status and syncs the pod (which should call updatePodStatus()).
   */
  changed(container: string, probe: 'readiness' | 'startup', value: boolean): void;
}

export interface ProberOptions {
  /** When the kubelet (its prober manager) started; probes created less than one period later get a random initial sleep. Undefined = long ago. */
  kubeletStartedAt?: number;
  /** rand.Float64 replacement, [0, 1). */
  rng?: () => number;
  /** For the User-Agent header: kube-probe/<major.minor>. Default 1.36. */
  kubeletVersion?: string;
}

export interface PodProbeSpec {
  containers: Container[];
  /** Only restartable (restartPolicy: Always) init containers get probe workers. */
  initContainers?: Container[];
  restartPolicy?: string;
}

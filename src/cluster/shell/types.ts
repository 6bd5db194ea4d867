/**
 * The seam between the container runtime (kubelet side) and the container shell.
 * The runtime builds a ProcessHost per container; the shell runs `command`/`args` against it on
 * virtual time. Nothing here touches the DOM or real time.
 */
import type { Vfs } from './vfs';

export type Signal = 'SIGTERM' | 'SIGKILL' | 'SIGINT' | 'SIGHUP';

/** What `nslookup`/`wget` get back from cluster DNS. */
export interface DnsAnswer {
  /** Fully-qualified name that matched, e.g. "redis-service.default.svc.cluster.local". */
  fqdn: string;
  addresses: string[];
}

export interface HttpResponse {
  status: number;
  body: string;
  /** e.g. "Connection refused", "bad address 'nosuch'", set when no response arrived. */
  error?: string;
  /** Virtual milliseconds the request took (the caller sleeps this long). */
  latencyMs?: number;
}

/** Process-table row as `ps` shows it. */
export interface ProcInfo {
  pid: number;
  user: string;
  /** ms of virtual time when started, for `ps` TIME column */
  startedAt: number;
  /** full command line, e.g. "sleep 3600" */
  cmdline: string;
  /** Optional: virtual CPU ms used, shown in ps's TIME column (default 0:00, as for sleepers). */
  cpuMs?: number;
}

export interface ProcessHost {
  /** Virtual time now, ms. */
  now(): number;
  /** Schedule a wake-up on the cluster's virtual clock; returns a cancel function. */
  schedule(at: number, fn: () => void): () => void;
  /** The container's filesystem (image files + mounts). */
  fs: Vfs;
  hostname: string;
  /** Container environment at start (Kubernetes env + image env + PATH/HOME/HOSTNAME). */
  env: Record<string, string>;
  /** Commands the image provides (busybox has all applets; distroless none). Shell builtins are always available inside sh. */
  hasCommand(name: string): boolean;
  /** Cluster DNS with the pod's search path (ns.svc.cluster.local, svc.cluster.local, cluster.local). */
  resolve(name: string): DnsAnswer | null;
  /** The DNS server address shown by nslookup (kube-dns ClusterIP). */
  dnsServer: string;
  /** HTTP GET through cluster networking (Service ClusterIP → ready endpoint, or pod IP). */
  httpGet(url: string): HttpResponse;
  /** Other processes visible in this PID namespace (for ps). */
  listProcesses(): ProcInfo[];
  /** Signal a process in this PID namespace by pid; false if no such pid. */
  kill(pid: number, sig: Signal): boolean;
  /** Kernel parameters (node-level for net/vm in this model). Throws HostError on permission problems. */
  sysctlGet(key: string): string | undefined;
  sysctlSet(key: string, value: string): void;
  /** Pod network facts for `ip addr`/`hostname -i`. */
  podIP: string;
  /**
   * A program the host implements outside the image's busybox (e.g. `crictl` on a node). Returns
   * its exit status, or undefined when the host has no such program.
   */
  hostProgram?(argv: string[], io: { out(t: string): void; err(t: string): void }): number | undefined;
  /** Names `hostProgram` answers to (they resolve even in images that lack them). */
  hostPrograms?: string[];
  /** The container's limits.cpu in millicores (CFS quota throttles busy loops); unset = no limit. */
  cpuLimitMilli?: number;
  /** Wall-clock ms at virtual time 0 (for `date` and log timestamps). */
  epochMs?: number;
  /** Initial working directory (the container's workingDir). Default "/". */
  cwd?: string;
  /** Identity for `id`/`whoami`/the prompt (securityContext runAsUser/runAsGroup/supplemental groups). Default root. */
  user?: { uid: number; gid: number; groups?: number[] };
  /** PID for a new `&` job in this PID namespace; default: one above the highest pid seen. */
  allocPid?(): number;
  /** Route writes to special paths (e.g. /proc/1/fd/1 → the main container's stdout); undefined = a normal file. */
  openDevice?(path: string): ((text: string) => void) | undefined;
}

/** Errors a host call raises with the exact text a tool would print, e.g. "sysctl: error setting key 'vm.swappiness': Read-only file system". */
export class HostError extends Error {}

export interface ProcessIO {
  /** Called with output text as it is produced (may be partial lines). */
  stdout(text: string): void;
  stderr(text: string): void;
}

export interface SpawnOptions {
  /** argv of the container's process, already resolved from command/args/image entrypoint. */
  argv: string[];
  io: ProcessIO;
  /** Called once when the process ends. code: exit status (128+n for signals). */
  onExit(code: number, signal?: Signal): void;
  /** Interactive: stdin is a terminal; `sh` prints PS1 and reads lines. */
  tty?: boolean;
  /** PID to report as the process's own (1 for a container's main process). */
  pid?: number;
  /** tty echo of typed input (default true); the lab terminal edits and echoes lines itself. */
  echo?: boolean;
  /** stdin is attached (kubectl exec -i / attach); default: same as tty. Without it, reads see EOF. */
  stdin?: boolean;
}

/** A running process. Drive it only through these methods. */
export interface Process {
  readonly pid: number;
  readonly running: boolean;
  /** Begin executing (synchronously runs until the first blocking point). */
  start(): void;
  /** Feed stdin (interactive sessions). */
  writeStdin(text: string): void;
  /** Close stdin (Ctrl-D / end of input). */
  closeStdin(): void;
  /** Deliver a signal. PID 1 without a trap ignores SIGTERM/SIGINT as Linux does; SIGKILL always ends it (exit 137). */
  signal(sig: Signal): void;
  /** Total virtual CPU milliseconds consumed (busy loops accrue CPU; sleeping does not). */
  cpuMs(): number;
}

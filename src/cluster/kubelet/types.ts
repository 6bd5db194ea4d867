/** The kubelet's view of containers: runtime instances and per-container bookkeeping across restarts. */
import type { Process, Signal } from '../shell/types';
import type { Vfs } from '../shell/vfs';
import type { Container } from '../objects';
import type { PidNamespace } from './pidns';

export interface LogLine {
  /** virtual ms */
  t: number;
  stream: 'stdout' | 'stderr';
  text: string;
}

/** One run of a container (a new one per restart), as the CRI runtime tracks it. */
export interface ContainerInstance {
  id: string;
  attempt: number;
  state: 'running' | 'exited';
  startedAt: number;
  finishedAt?: number;
  exitCode?: number;
  reason?: string;
  signal?: Signal;
  process?: Process;
  logs: LogLine[];
  partial: { stdout: string; stderr: string };
  fs: Vfs;
  env: Record<string, string>;
  argv: string[];
  imageRef: string;
  imageID: string;
  /** Set when the kubelet itself killed it (liveness, deletion): reason for the event. */
  killedBy?: string;
  /** The PID namespace its processes live in, and its main process's pid there. */
  ns: PidNamespace;
  pid: number;
  /** Its PID as seen from the node (hostPID pods, crictl). */
  hostPid?: number;
  /** The image's STOPSIGNAL (nginx: SIGQUIT), what the runtime sends to stop it. */
  stopSignal?: string;
  /** Killed by the kernel for going over limits.memory. */
  oomKilled?: boolean;
  /** A kill (preStop, SIGTERM, SIGKILL) is under way. */
  killing?: boolean;
  /** kubectl attach / debug -it: output also goes to this terminal. */
  attached?: { stdout(t: string): void; stderr(t: string): void } | null;
}

export type ContainerKind = 'init' | 'sidecar' | 'app' | 'ephemeral';

/** Everything the kubelet remembers about one container of a pod across its restarts. */
export interface ContainerRecord {
  name: string;
  spec: Container;
  kind: ContainerKind;
  current?: ContainerInstance;
  previous?: ContainerInstance;
  restartCount: number;
  /** Why it is not running now, when held back (CrashLoopBackOff, ErrImagePull …). */
  waiting?: { reason: string; message?: string };
  /** A start is in flight (pulling, creating). */
  starting: boolean;
}

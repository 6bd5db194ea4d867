/** What a kubectl invocation can reach: the cluster, the lab's files, and the terminal's output. */
import type { Cluster } from '../cluster/cluster';
import type { Output } from './io';

export interface FileStore {
  read(name: string): string | undefined;
  list(): string[];
}

export interface KubectlContext {
  cluster: Cluster;
  files: FileStore;
  /** Namespace of the current kubeconfig context. */
  namespace: string;
  io: Output;
  /** Called when a command that keeps running finishes. */
  done(code: number): void;
}

/** Wall-clock "now" as the API server sees it (for AGE). */
export function wallNow(ctx: KubectlContext): number {
  return ctx.cluster.epochMs + Math.floor(ctx.cluster.now() / 1000) * 1000;
}

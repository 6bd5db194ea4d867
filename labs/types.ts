/**
 * A lab is data plus small pure checks: its starting files (the YAML panel's tabs), the cluster it
 * boots, and a checklist whose items tick from cluster state. Pure TS (no DOM).
 */
import type { Cluster, NodeSpec, ClusterOptions } from '../src/cluster/cluster';

export type Locale = 'en' | 'zh-cn';
export type Text = Record<Locale, string>;

export interface TaskDef {
  id: string;
  title: Text;
  hint: Text;
  /** True once the task is done. Tasks latch: once true they stay ticked. */
  check(cluster: Cluster, seen: LabMemory): boolean;
}

/** What a lab remembers across observations (e.g. "the pod has been seen in Init:0/2"). */
export interface LabMemory {
  podStatuses: Map<string, Set<string>>;
}

export interface LabDef {
  id: string;
  title: Text;
  cluster?: { nodes?: number | NodeSpec[]; seed?: number; autoscaler?: ClusterOptions['autoscaler'] };
  files: Record<string, string>;
  tasks: TaskDef[];
  /** Path (from the repo root) of the solution scenario CI runs with `podlab run`. */
  solution: string;
}

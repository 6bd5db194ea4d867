/**
 * pkg/kubelet/prober/results/results_manager.go: a cache of probe results keyed by container ID
 * that emits an update only when a value is set for the first time or changes (Remove is silent).
 */
export type Result = 'Unknown' | 'Success' | 'Failure';

export interface ResultUpdate {
  containerID: string;
  /** Container name (stands in for the Update's pod UID: one manager per pod). */
  container: string;
  result: Result;
}

export class ResultsManager {
  private cache = new Map<string, Result>();
  constructor(private readonly onUpdate: (u: ResultUpdate) => void) {}

  get(id: string): Result | undefined {
    return this.cache.get(id);
  }

  set(id: string, result: Result, container: string): void {
    const prev = this.cache.get(id);
    if (prev === undefined || prev !== result) {
      this.cache.set(id, result);
      this.onUpdate({ containerID: id, container, result });
    }
  }

  remove(id: string): void {
    this.cache.delete(id);
  }
}

/**
 * Event recorder, like client-go's: identical events (same object, reason, message, source) within
 * the aggregation window bump `count` and `lastTimestamp` instead of creating a new Event, which is
 * what `kubectl describe` shows as "(x5 over 3m)".
 */
import type { ApiStore } from './store';
import type { KObject } from './objects';

export interface EventSource {
  component: string;
  host?: string;
}

const AGGREGATE_WINDOW_MS = 10 * 60 * 1000;

export class EventRecorder {
  private recent = new Map<string, { name: string; namespace: string; at: number }>();
  private lastNanos = 0n;

  constructor(
    private readonly store: ApiStore,
    private readonly now: () => number,
    private readonly epochMs: number,
  ) {}

  record(obj: KObject, type: 'Normal' | 'Warning', reason: string, message: string, source: EventSource, fieldPath?: string): void {
    const namespace = obj.metadata.namespace ?? 'default';
    const k = [obj.metadata.uid, fieldPath ?? '', type, reason, message, source.component].join('\u0000');
    const prev = this.recent.get(k);
    const ts = this.store.timestamp();
    if (prev && this.now() - prev.at < AGGREGATE_WINDOW_MS) {
      const updated = this.store.mutate('Event', prev.namespace, prev.name, (e) => {
        e.count = (e.count ?? 1) + 1;
        e.lastTimestamp = ts;
      });
      if (updated) {
        prev.at = this.now();
        return;
      }
    }
    // client-go names events "<object>.<hex of unix nanos>", so `kubectl get events` lists them
    // grouped by object and in time order within it.
    let nanos = BigInt(this.epochMs + this.now()) * 1_000_000n;
    if (nanos <= this.lastNanos) nanos = this.lastNanos + 1n;
    this.lastNanos = nanos;
    const name = `${obj.metadata.name}.${nanos.toString(16)}`;
    this.store.create({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name, namespace },
      involvedObject: {
        apiVersion: obj.apiVersion,
        kind: obj.kind,
        name: obj.metadata.name,
        namespace: obj.metadata.namespace,
        uid: obj.metadata.uid,
        resourceVersion: obj.metadata.resourceVersion,
        ...(fieldPath ? { fieldPath } : {}),
      },
      reason,
      message,
      source,
      firstTimestamp: ts,
      lastTimestamp: ts,
      count: 1,
      type,
      reportingComponent: source.component,
      reportingInstance: source.host ?? '',
    });
    this.recent.set(k, { name, namespace, at: this.now() });
  }
}

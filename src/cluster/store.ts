/**
 * The API object store: what etcd + the API server's registry do for the model. Assigns uid,
 * resourceVersion, creationTimestamp and generation, and notifies watchers of every change.
 */
import { type KObject, kindInfo, qualifiedResource, deepClone } from './objects';
import { alreadyExists, notFound } from './errors';
import { rfc3339 } from './time';
import type { Rng } from './rng';

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';
export interface WatchEvent {
  type: WatchEventType;
  object: KObject;
  /** The object before the change (MODIFIED only). */
  old?: KObject;
}
export type WatchHandler = (e: WatchEvent) => void;

function key(kind: string, namespace: string | undefined, name: string): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

export class ApiStore {
  private objects = new Map<string, KObject>();
  private byKind = new Map<string, Map<string, KObject>>();
  private watchers = new Map<string, WatchHandler[]>();
  private rv = 1000;

  constructor(
    private readonly now: () => number,
    private readonly epochMs: number,
    private readonly rng: Rng,
  ) {}

  /** Watch one kind, or '*' for all. Handlers run synchronously; they should only enqueue work. */
  watch(kind: string, handler: WatchHandler): () => void {
    const list = this.watchers.get(kind) ?? [];
    list.push(handler);
    this.watchers.set(kind, list);
    return () => {
      const l = this.watchers.get(kind);
      if (l) l.splice(l.indexOf(handler), 1);
    };
  }

  timestamp(): string {
    return rfc3339(this.epochMs, this.now());
  }

  newUid(): string {
    const h = this.rng.hex(32);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${'89ab'[this.rng.int(0, 4)]}${h.slice(17, 20)}-${h.slice(20, 32)}`;
  }

  get<T extends KObject = KObject>(kind: string, namespace: string | undefined, name: string): T | undefined {
    return this.objects.get(key(kind, ns(kind, namespace), name)) as T | undefined;
  }

  /** Objects of a kind, sorted by namespace then name (kubectl's listing order). */
  list<T extends KObject = KObject>(kind: string, namespace?: string): T[] {
    const m = this.byKind.get(kind);
    if (!m) return [];
    const out: T[] = [];
    for (const o of m.values()) if (namespace === undefined || o.metadata.namespace === namespace) out.push(o as T);
    out.sort((a, b) => cmp(a.metadata.namespace ?? '', b.metadata.namespace ?? '') || cmp(a.metadata.name, b.metadata.name));
    return out;
  }

  /** Create. The object passed in is copied; the stored copy is returned. */
  create<T extends KObject>(obj: T, opts?: { uid?: string }): T {
    const info = kindInfo(obj.kind);
    const o = deepClone(obj);
    o.metadata.namespace = ns(obj.kind, o.metadata.namespace);
    const k = key(o.kind, o.metadata.namespace, o.metadata.name);
    if (this.objects.has(k)) throw alreadyExists(info ? qualifiedResource(info) : o.kind.toLowerCase() + 's', o.metadata.name);
    // opts.uid: system objects (node Leases) that must not draw from the seeded RNG pod names use.
    o.metadata.uid = opts?.uid ?? this.newUid();
    o.metadata.resourceVersion = String(++this.rv);
    o.metadata.creationTimestamp = this.timestamp();
    if (o.spec !== undefined && o.kind !== 'Pod' && o.kind !== 'Service') o.metadata.generation = 1;
    this.objects.set(k, o);
    let m = this.byKind.get(o.kind);
    if (!m) this.byKind.set(o.kind, (m = new Map()));
    m.set(k, o);
    this.emit({ type: 'ADDED', object: o });
    return o;
  }

  /**
   * Replace an existing object (identity fields preserved). Mutating the stored object in place and
   * passing it back is allowed: the old version is snapshotted by the caller via `mutate`.
   */
  update<T extends KObject>(obj: T, old?: KObject): T {
    const k = key(obj.kind, ns(obj.kind, obj.metadata.namespace), obj.metadata.name);
    const cur = this.objects.get(k);
    if (!cur) {
      const info = kindInfo(obj.kind);
      throw notFound(info ? qualifiedResource(info) : obj.kind, obj.metadata.name);
    }
    obj.metadata.resourceVersion = String(++this.rv);
    this.objects.set(k, obj);
    this.byKind.get(obj.kind)!.set(k, obj);
    this.emit({ type: 'MODIFIED', object: obj, old: old ?? cur });
    return obj;
  }

  /** Read-modify-write helper: `fn` edits a clone; the store swaps it in and notifies. */
  mutate<T extends KObject>(kind: string, namespace: string | undefined, name: string, fn: (o: T) => void): T | undefined {
    const cur = this.get<T>(kind, namespace, name);
    if (!cur) return undefined;
    const next = deepClone(cur);
    fn(next);
    return this.update(next, cur);
  }

  /** Remove from storage now (after graceful deletion completed, or for kinds without it). */
  remove(kind: string, namespace: string | undefined, name: string): KObject | undefined {
    const k = key(kind, ns(kind, namespace), name);
    const cur = this.objects.get(k);
    if (!cur) return undefined;
    this.objects.delete(k);
    this.byKind.get(kind)?.delete(k);
    this.emit({ type: 'DELETED', object: cur });
    return cur;
  }

  private emit(e: WatchEvent): void {
    for (const h of this.watchers.get(e.object.kind) ?? []) h(e);
    for (const h of this.watchers.get('*') ?? []) h(e);
  }
}

function ns(kind: string, namespace: string | undefined): string | undefined {
  const info = kindInfo(kind);
  if (info && !info.namespaced) return undefined;
  return namespace ?? 'default';
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

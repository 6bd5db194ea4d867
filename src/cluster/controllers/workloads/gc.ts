/**
 * garbage collector (k/k pkg/controller/garbagecollector): follows metadata.ownerReferences.
 * - Background (kubectl's default): the owner goes at once; when its DELETED event arrives, every
 *   dependent is deleted (a dependent that still has another live owner only loses the reference).
 * - Orphan: dependents lose the reference to the owner, then the owner goes.
 * - Foreground: the owner gets deletionTimestamp and the `foregroundDeletion` finalizer; dependents
 *   are deleted (those with dependents of their own in foreground too); the owner is removed once
 *   none is left.
 */
import type { Cluster } from '../../cluster';
import type { WatchEvent } from '../../store';
import type { KObject } from '../../objects';
import { ApiError } from '../../errors';

export type Propagation = 'Background' | 'Foreground' | 'Orphan';
const FG = 'foregroundDeletion';

interface Ref {
  kind: string;
  ns: string | undefined;
  name: string;
}

export class GarbageCollector {
  readonly name = 'garbage-collector';
  /** owner uid → dependents ("kind\0ns\0name" → ref) */
  private dependents = new Map<string, Map<string, Ref>>();
  /** owner uid → owner ref (for foreground owners still present) */
  private foreground = new Map<string, Ref>();
  private queue = new Set<string>();
  private scheduled = false;

  constructor(private readonly cluster: Cluster) {}

  handle(e: WatchEvent): void {
    const o = e.object;
    const id = `${o.kind}\0${o.metadata.namespace ?? ''}\0${o.metadata.name}`;
    const refs = (o.metadata.ownerReferences ?? []) as any[];
    const oldRefs = (e.old?.metadata.ownerReferences ?? []) as any[];
    if (e.type === 'DELETED' || (e.type === 'MODIFIED' && oldRefs.length)) for (const r of oldRefs.length && e.type === 'MODIFIED' ? oldRefs : refs) this.dependents.get(r.uid)?.delete(id);
    if (e.type !== 'DELETED') for (const r of refs) {
      let m = this.dependents.get(r.uid);
      if (!m) this.dependents.set(r.uid, (m = new Map()));
      m.set(id, { kind: o.kind, ns: o.metadata.namespace, name: o.metadata.name });
    }
    const uid = o.metadata.uid!;
    if (e.type === 'DELETED') {
      this.foreground.delete(uid);
      if (this.dependents.get(uid)?.size) this.enqueue(uid);
      else this.dependents.delete(uid);
      // a dependent of a foreground owner went away: maybe the owner can go now
      for (const r of refs) if (this.foreground.has(r.uid)) this.enqueue(r.uid);
    } else if (o.metadata.deletionTimestamp && (o.metadata.finalizers ?? []).includes(FG)) {
      if (!this.foreground.has(uid)) {
        this.foreground.set(uid, { kind: o.kind, ns: o.metadata.namespace, name: o.metadata.name });
        this.enqueue(uid);
      }
    }
  }

  private enqueue(uid: string): void {
    this.queue.add(uid);
    if (this.scheduled) return;
    this.scheduled = true;
    this.cluster.clock.after(0, () => {
      this.scheduled = false;
      const uids = [...this.queue];
      this.queue.clear();
      for (const u of uids) this.process(u);
    });
  }

  private process(uid: string): void {
    const deps = [...(this.dependents.get(uid)?.values() ?? [])];
    const fgOwner = this.foreground.get(uid);
    for (const d of deps) {
      const obj = this.cluster.store.get(d.kind, d.ns, d.name);
      if (!obj) continue;
      const refs = (obj.metadata.ownerReferences ?? []) as any[];
      if (!refs.some((r) => r.uid === uid)) continue;
      if (!fgOwner) {
        const others = refs.filter((r) => r.uid !== uid && this.exists(r, obj.metadata.namespace));
        if (others.length) {
          this.cluster.store.mutate(d.kind, d.ns, d.name, (x) => {
            x.metadata.ownerReferences = (x.metadata.ownerReferences ?? []).filter((r: any) => r.uid !== uid);
          });
          continue;
        }
      }
      if (obj.metadata.deletionTimestamp) continue;
      const hasDeps = !!this.dependents.get(obj.metadata.uid!)?.size;
      this.deleteObject(d.kind, d.ns, d.name, fgOwner && hasDeps ? 'Foreground' : 'Background');
    }
    if (fgOwner) {
      const left = [...(this.dependents.get(uid)?.values() ?? [])].some((d) => this.cluster.store.get(d.kind, d.ns, d.name));
      if (!left) {
        const owner = this.cluster.store.get(fgOwner.kind, fgOwner.ns, fgOwner.name);
        if (owner?.metadata.uid === uid) {
          const fins = (owner.metadata.finalizers ?? []).filter((f: string) => f !== FG);
          if (fins.length) this.cluster.store.mutate(fgOwner.kind, fgOwner.ns, fgOwner.name, (x) => void (x.metadata.finalizers = fins));
          else this.cluster.store.remove(fgOwner.kind, fgOwner.ns, fgOwner.name);
        }
      }
    } else if (!this.dependents.get(uid)?.size) this.dependents.delete(uid);
  }

  private exists(ref: any, ns: string | undefined): boolean {
    const o = this.cluster.store.get(ref.kind, ns, ref.name) ?? this.cluster.store.get(ref.kind, undefined, ref.name);
    return !!o && o.metadata.uid === ref.uid;
  }

  private deleteObject(kind: string, ns: string | undefined, name: string, policy: Propagation): void {
    try {
      this.delete(kind, ns, name, policy);
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
  }

  /**
   * DELETE with a propagation policy (what `kubectl delete --cascade=background|foreground|orphan`
   * asks the API server for). Returns the object as it was.
   */
  delete(kind: string, ns: string | undefined, name: string, policy: Propagation = 'Background', opts: { gracePeriodSeconds?: number } = {}): KObject {
    const live = this.cluster.store.get(kind, ns, name);
    if (!live || policy === 'Background') return this.cluster.api.delete(kind, ns, name, opts);
    const uid = live.metadata.uid!;
    if (policy === 'Orphan') {
      for (const d of [...(this.dependents.get(uid)?.values() ?? [])])
        this.cluster.store.mutate(d.kind, d.ns, d.name, (x) => {
          x.metadata.ownerReferences = (x.metadata.ownerReferences ?? []).filter((r: any) => r.uid !== uid);
          if (!x.metadata.ownerReferences.length) delete x.metadata.ownerReferences;
        });
      return this.cluster.api.delete(kind, ns, name, opts);
    }
    // Foreground
    if (kind === 'Pod' || !this.dependents.get(uid)?.size) return this.cluster.api.delete(kind, ns, name, opts);
    if (live.metadata.deletionTimestamp) return live;
    return this.cluster.store.mutate(kind, ns, name, (x) => {
      x.metadata.deletionTimestamp = this.cluster.store.timestamp();
      x.metadata.deletionGracePeriodSeconds = 0;
      x.metadata.finalizers = [...(x.metadata.finalizers ?? []), FG];
    })!;
  }
}

/** Owner-indexed caches kept from watch events, so reconciles never scan every pod. */
import type { WatchEvent } from '../../store';
import type { KObject } from '../../objects';
import { controllerRef } from './util';

export class OwnerIndex {
  /** controller uid → name → object */
  private byOwner = new Map<string, Map<string, KObject>>();
  /** namespace → name → object without a controller ref */
  private orphans = new Map<string, Map<string, KObject>>();

  constructor(readonly kind: string) {}

  handle(e: WatchEvent): void {
    const o = e.object;
    if (o.kind !== this.kind) return;
    if (e.old) this.drop(e.old);
    else if (e.type === 'DELETED') this.drop(o);
    if (e.type !== 'DELETED') {
      const ref = controllerRef(o);
      const m = ref ? this.bucket(this.byOwner, ref.uid) : this.bucket(this.orphans, o.metadata.namespace ?? '');
      m.set(o.metadata.name, o);
    }
  }

  private drop(o: KObject): void {
    const ref = controllerRef(o);
    const outer = ref ? this.byOwner : this.orphans;
    const k = ref ? ref.uid : (o.metadata.namespace ?? '');
    const m = outer.get(k);
    if (!m) return;
    if (m.get(o.metadata.name)?.metadata.uid === o.metadata.uid || m.get(o.metadata.name) === o) m.delete(o.metadata.name);
    if (!m.size) outer.delete(k);
  }

  private bucket(outer: Map<string, Map<string, KObject>>, k: string): Map<string, KObject> {
    let m = outer.get(k);
    if (!m) outer.set(k, (m = new Map()));
    return m;
  }

  owned(uid: string): KObject[] {
    return [...(this.byOwner.get(uid)?.values() ?? [])];
  }

  orphansIn(ns: string): KObject[] {
    return [...(this.orphans.get(ns)?.values() ?? [])];
  }
}

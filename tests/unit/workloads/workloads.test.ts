import { describe, it, expect } from 'vitest';
import { Cluster } from '~/cluster/cluster';
import { computeHash, fnv32a, safeEncodeString } from '~/cluster/controllers/workloads/hash';
import { resolveFenceposts, scaledValue } from '~/cluster/controllers/workloads/util';
import { GarbageCollector } from '~/cluster/controllers/workloads/gc';

const deploy = (replicas = 3, image = 'nginx:1.27') => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default' },
  spec: { replicas, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image }] } } },
});

describe('pod-template-hash', () => {
  it('FNV-32a and safe encoding', () => {
    expect(fnv32a(new TextEncoder().encode(''))).toBe(0x811c9dc5);
    expect(fnv32a(new TextEncoder().encode('a'))).toBe(0xe40c292c);
    expect(safeEncodeString('0123')).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{4}$/);
    const t = { metadata: { labels: { app: 'web' } }, spec: {} };
    expect(computeHash(t)).toBe(computeHash(structuredClone(t)));
    expect(computeHash(t, 1)).not.toBe(computeHash(t));
  });
});

describe('fenceposts', () => {
  it('rounds surge up and unavailable down', () => {
    expect(resolveFenceposts('25%', '25%', 3)).toEqual({ surge: 1, unavailable: 0 });
    expect(resolveFenceposts('25%', '25%', 10)).toEqual({ surge: 3, unavailable: 2 });
    expect(resolveFenceposts(0, 0, 3)).toEqual({ surge: 0, unavailable: 1 });
    expect(scaledValue('50%', 5, true)).toBe(3);
    expect(scaledValue('50%', 5, false)).toBe(2);
  });
});

describe('deployment controller', () => {
  it('creates a ReplicaSet and pods, scales, and rolls out a new template', () => {
    const c = new Cluster();
    c.api.create(deploy());
    c.advance(30_000);
    const rs = c.store.list('ReplicaSet');
    expect(rs).toHaveLength(1);
    expect(rs[0]!.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    const pods = c.store.list('Pod');
    expect(pods).toHaveLength(3);
    expect(pods[0]!.metadata.ownerReferences![0]).toMatchObject({ kind: 'ReplicaSet', controller: true, blockOwnerDeletion: true });
    const d = c.store.get('Deployment', 'default', 'web')!;
    expect(d.status).toMatchObject({ replicas: 3, readyReplicas: 3, availableReplicas: 3, updatedReplicas: 3 });
    expect(d.metadata.annotations!['deployment.kubernetes.io/revision']).toBe('1');
    const next = structuredClone(d);
    next.spec.template.spec.containers[0].image = 'nginx:1.26';
    c.api.update(next);
    c.settle();
    const all = c.store.list('ReplicaSet');
    expect(all).toHaveLength(2);
    // 3 replicas, 25%/25%: surge 1, unavailable 0 → new RS scaled to 1, old stays at 3
    const newRS = all.find((r) => r.metadata.annotations!['deployment.kubernetes.io/revision'] === '2')!;
    expect(newRS.spec.replicas).toBe(1);
    expect(all.find((r) => r !== newRS)!.spec.replicas).toBe(3);
    c.advance(120_000);
    const done = c.store.get('Deployment', 'default', 'web')!;
    expect(done.status.updatedReplicas).toBe(3);
    expect(done.status.conditions.find((x: any) => x.type === 'Progressing').reason).toBe('NewReplicaSetAvailable');
    const evs = c.store.list('Event').filter((e) => e.reason === 'ScalingReplicaSet').map((e) => e.message);
    expect(evs[0]).toMatch(/^Scaled up replica set web-\w+ from 0 to 3$/);
  });
});

describe('garbage collector', () => {
  it('background deletion cascades to ReplicaSets and pods', () => {
    const c = new Cluster();
    c.api.create(deploy(2));
    c.advance(20_000);
    c.api.delete('Deployment', 'default', 'web');
    c.advance(60_000);
    expect(c.store.list('ReplicaSet')).toHaveLength(0);
    expect(c.store.list('Pod')).toHaveLength(0);
  });

  it('orphan deletion keeps dependents and clears their ownerReferences', () => {
    const c = new Cluster();
    c.api.create(deploy(2));
    c.advance(20_000);
    c.controller<GarbageCollector>('garbage-collector')!.delete('Deployment', 'default', 'web', 'Orphan');
    c.advance(10_000);
    const rs = c.store.list('ReplicaSet');
    expect(rs).toHaveLength(1);
    expect(rs[0]!.metadata.ownerReferences).toBeUndefined();
    expect(c.store.list('Pod')).toHaveLength(2);
  });

  it('foreground deletion removes the owner after its dependents', () => {
    const c = new Cluster();
    c.api.create(deploy(2));
    c.advance(20_000);
    c.controller<GarbageCollector>('garbage-collector')!.delete('Deployment', 'default', 'web', 'Foreground');
    expect(c.store.get('Deployment', 'default', 'web')?.metadata.finalizers).toContain('foregroundDeletion');
    c.advance(60_000);
    expect(c.store.get('Deployment', 'default', 'web')).toBeUndefined();
    expect(c.store.list('Pod')).toHaveLength(0);
  });
});

describe('validation', () => {
  it('selector must match template labels', () => {
    const c = new Cluster();
    const d = deploy();
    d.spec.template.metadata.labels = { app: 'x' };
    expect(() => c.api.create(d)).toThrow(/spec.template.metadata.labels: Invalid value: map\[string\]string\{"app":"x"\}: `selector` does not match template `labels`/);
  });
});

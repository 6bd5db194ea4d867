import { describe, it, expect } from 'vitest';
import { Cluster } from '~/cluster/cluster';
import { ApiError } from '~/cluster/errors';

const pod = (name: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox:1.28', command: ['sleep', '60'] }] } });

describe('API store and server', () => {
  it('assigns uid, resourceVersion and creationTimestamp, and notifies watchers', () => {
    const c = new Cluster();
    const seen: string[] = [];
    c.store.watch('Pod', (e) => seen.push(`${e.type} ${e.object.metadata.name}`));
    const p = c.api.create(pod('a'));
    expect(p.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(Number(p.metadata.resourceVersion)).toBeGreaterThan(0);
    expect(p.metadata.creationTimestamp).toBe('2026-01-05T09:00:00Z');
    expect(seen[0]).toBe('ADDED a');
    c.advance(5000);
    expect(seen.some((s) => s === 'MODIFIED a')).toBe(true);
  });

  it('defaults the pod spec as the API server does', () => {
    const c = new Cluster();
    const p = c.api.create(pod('a'));
    expect(p.spec).toMatchObject({ restartPolicy: 'Always', dnsPolicy: 'ClusterFirst', terminationGracePeriodSeconds: 30, serviceAccountName: 'default', schedulerName: 'default-scheduler' });
    expect(p.spec.containers[0]).toMatchObject({ imagePullPolicy: 'IfNotPresent', terminationMessagePath: '/dev/termination-log' });
    expect(p.spec.tolerations).toHaveLength(2);
  });

  it('rejects duplicates and invalid objects without changing state', () => {
    const c = new Cluster();
    c.api.create(pod('a'));
    expect(() => c.api.create(pod('a'))).toThrow('pods "a" already exists');
    const bad = pod('Bad_Name');
    bad.spec.containers[0]!.image = '';
    try {
      c.api.create(bad);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ApiError);
      expect((e as ApiError).details?.causes.map((x) => x.field)).toEqual(['metadata.name', 'spec.containers[0].image']);
    }
    expect(c.store.list('Pod').map((p) => p.metadata.name)).toEqual(['a']);
  });

  it('is deterministic: same seed, same uids and IPs', () => {
    const run = () => {
      const c = new Cluster({ seed: 7 });
      c.api.create(pod('a'));
      c.advance(10_000);
      const p = c.store.get('Pod', 'default', 'a')!;
      return [p.metadata.uid, p.status.podIP, p.spec.nodeName].join(' ');
    };
    expect(run()).toBe(run());
  });
});

import { describe, it, expect } from 'vitest';
import { Cluster } from '~/cluster/cluster';
import { TerminalSession } from '~/kubectl/session';

describe('the "Defaulted container" notice (podcmd.AllContainerNames)', () => {
  it('lists app, then ephemeral, then init containers, for exec as for logs', () => {
    const c = new Cluster();
    let out = '';
    const s = new TerminalSession(c, { read: () => undefined, list: () => [] }, { write: (t: string) => (out += t) });
    c.api.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'default' },
      spec: { initContainers: [{ name: 'setup', image: 'busybox:1.28', command: ['true'] }], containers: [{ name: 'app', image: 'busybox:1.28', command: ['sleep', '3600'] }] },
    });
    c.advance(20_000);
    s.runLine('kubectl debug web --image=busybox:1.28 --container=dbg -- sleep 600');
    c.advance(10_000);
    out = '';
    s.runLine('kubectl exec web -- echo hi');
    expect(out).toContain('Defaulted container "app" out of: app, dbg (ephem), setup (init)\n');
    out = '';
    s.runLine('kubectl logs web');
    expect(out).toContain('Defaulted container "app" out of: app, dbg (ephem), setup (init)\n');
  });
});

import { describe, it, expect } from 'vitest';
import { Cluster } from '~/cluster/cluster';
import { TerminalSession } from '~/kubectl/session';

describe('kubectl get -w', () => {
  it('prints a row per change, coalesced per instant, and the last row of a deleted object', () => {
    const c = new Cluster();
    let out = '';
    const s = new TerminalSession(c, { read: () => undefined, list: () => [] }, { write: (t: string) => (out += t) });
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'old', namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox:1.28', command: ['sleep', '3600'] }] } });
    c.advance(10_000);
    out = '';
    s.runLine('kubectl get pods -w');
    expect(out).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\nold\s+1\/1\s+Running\s+0\s+10s\n$/);
    out = '';
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', namespace: 'default' }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: 'busybox:1.28', command: ['sleep', '3600'] }] } });
    c.advance(10_000);
    const statuses = out.trimEnd().split('\n').map((l) => l.split(/\s+/)[2]);
    expect(statuses[0]).toBe('Pending');
    expect(statuses).toContain('ContainerCreating');
    expect(statuses[statuses.length - 1]).toBe('Running');
    out = '';
    c.api.delete('Pod', 'default', 'web');
    c.advance(5_000);
    const rows = out.trimEnd().split('\n');
    expect(rows[0]).toMatch(/^web\s+1\/1\s+Terminating\s/);
    expect(rows[rows.length - 1]).toMatch(/^web\s+0\/1\s+(Terminating|Error|Completed)\s/);
    expect(c.store.get('Pod', 'default', 'web')).toBeUndefined();
    s.interrupt();
    out = '';
    c.api.delete('Pod', 'default', 'old');
    c.advance(40_000);
    expect(out).not.toMatch(/old/);
  });
});

describe('kubectl get -w from nothing', () => {
  it('says there is nothing yet, then prints the headers with the first row', () => {
    const c = new Cluster();
    let out = '';
    const s = new TerminalSession(c, { read: () => undefined, list: () => [] }, { write: (t: string) => (out += t) });
    s.runLine('kubectl get deployments -w');
    expect(out).toContain('No resources found in default namespace.');
    out = '';
    c.api.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } } });
    c.advance(1);
    expect(out).toMatch(/^NAME\s+READY\s+UP-TO-DATE\s+AVAILABLE\s+AGE\nweb\s+0\/1\s/);
  });
});

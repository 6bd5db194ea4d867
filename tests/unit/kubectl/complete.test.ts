import { describe, it, expect } from 'vitest';
import { Cluster } from '~/cluster/cluster';
import { complete } from '~/kubectl/complete';

describe('terminal tab completion', () => {
  const c = new Cluster();
  c.api.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } } });
  c.advance(5000);
  const at = (line: string) => complete(line, line.length, c, ['web.yaml']).candidates;

  it('offers every kubectl verb, including the workload and node commands', () => {
    expect(at('kubectl ro')).toEqual(['rollout']);
    expect(at('kubectl au')).toEqual(['autoscale']);
    expect(at('kubectl dr')).toEqual(['drain']);
    expect(at('kubectl ev')).toEqual(['events']);
  });

  it('offers every resource type, then names of that type', () => {
    expect(at('kubectl get dep')).toEqual(['deployments']);
    expect(at('kubectl get horiz')).toEqual(['horizontalpodautoscalers']);
    expect(at('kubectl describe deployment w')).toEqual(['web']);
    expect(at('kubectl scale deployment ')).toEqual(['web']);
  });

  it('knows subcommands, node names and ssh', () => {
    expect(at('kubectl rollout st')).toEqual(['status']);
    expect(at('kubectl rollout status deployment ')).toEqual(['web']);
    expect(at('kubectl cordon node0')).toEqual(['node01', 'node02']);
    expect(at('ssh node')).toEqual(['node01', 'node02']);
    expect(at('ss')).toEqual(['ssh']);
  });
});

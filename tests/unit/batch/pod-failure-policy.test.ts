import { describe, it, expect } from 'vitest';
import { Cluster } from '~/cluster/cluster';
import { matchPodFailurePolicy } from '~/cluster/job/pod-failure-policy';

const policy = {
  rules: [
    { action: 'FailJob' as const, onExitCodes: { containerName: 'main', operator: 'In' as const, values: [42] } },
    { action: 'Ignore' as const, onPodConditions: [{ type: 'DisruptionTarget' }] },
    { action: 'Ignore' as const, onExitCodes: { operator: 'In' as const, values: [3] } },
  ],
};
const failed = (code: number, conditions: any[] = []) => ({ namespace: 'default', name: 'job-abc-xyz', containerStatuses: [{ name: 'main', state: { terminated: { exitCode: code } } }], conditions });

describe('podFailurePolicy', () => {
  it('matches rules in order', () => {
    expect(matchPodFailurePolicy(policy, failed(42))).toEqual({ failJobMessage: 'Container main for pod default/job-abc-xyz failed with exit code 42 matching FailJob rule at index 0', countFailed: true, action: 'FailJob' });
    expect(matchPodFailurePolicy(policy, failed(1, [{ type: 'DisruptionTarget', status: 'True' }]))).toEqual({ failJobMessage: null, countFailed: false, action: 'Ignore' });
    expect(matchPodFailurePolicy(policy, failed(3)).countFailed).toBe(false);
    expect(matchPodFailurePolicy(policy, failed(1))).toEqual({ failJobMessage: null, countFailed: true, action: null });
  });

  function run(code: number) {
    const c = new Cluster();
    c.api.create({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pfp', namespace: 'default' },
      spec: { backoffLimit: 6, podFailurePolicy: policy, template: { spec: { containers: [{ name: 'main', image: 'busybox', command: ['sh', '-c', `exit ${code}`] }], restartPolicy: 'Never' } } },
    });
    return c;
  }

  it('FailJob on exit code 42: Failed with reason PodFailurePolicy after one pod', () => {
    const c = run(42);
    for (let i = 0; i < 30; i++) c.advance(1000);
    const j = c.store.get('Job', 'default', 'pfp')!;
    expect(j.spec.podReplacementPolicy).toBe('Failed');
    const pod = c.store.list('Pod', 'default')[0]!.metadata.name;
    expect(c.store.list('Pod', 'default')).toHaveLength(1);
    expect(j.status.conditions.map((x: any) => `${x.type}:${x.reason}`)).toEqual(['FailureTarget:PodFailurePolicy', 'Failed:PodFailurePolicy']);
    expect(j.status.conditions[1].message).toBe(`Container main for pod default/${pod} failed with exit code 42 matching FailJob rule at index 0`);
  });

  it('Ignore on exit code 3: failures are not counted, pods are replaced (still with back-off)', () => {
    const c = run(3);
    // Ignored failures still feed the pod-failure back-off record (newBackoffRecord gets every
    // new failed pod): replacements come 10s, then 20s after the failures.
    for (let i = 0; i < 60; i++) c.advance(1000);
    const j = c.store.get('Job', 'default', 'pfp')!;
    expect(j.status.failed ?? 0).toBe(0);
    expect(c.store.list('Pod', 'default').length).toBe(3);
  });

  it('restartPolicy OnFailure is rejected with a podFailurePolicy', () => {
    const c = new Cluster();
    expect(() =>
      c.api.create({ apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'x', namespace: 'default' }, spec: { podFailurePolicy: policy, template: { spec: { containers: [{ name: 'main', image: 'busybox' }], restartPolicy: 'OnFailure' } } } }),
    ).toThrow('spec.template.spec.restartPolicy: Invalid value: "OnFailure": only "Never" is supported when podFailurePolicy is specified');
  });
});

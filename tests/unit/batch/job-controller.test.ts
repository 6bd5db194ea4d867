import { describe, it, expect } from 'vitest';
import { Cluster } from '~/cluster/cluster';
import type { KObject } from '~/cluster/objects';

function job(name: string, spec: any, command: string[] = ['sh', '-c', 'sleep 5'], extra: any = {}): KObject {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'default' },
    spec: { ...spec, template: { spec: { containers: [{ name: 'c', image: 'busybox:1.36', command, ...extra }], restartPolicy: spec.restartPolicy ?? 'Never' } } },
  };
}

/** Records when (virtual seconds) each pod of the Job was created, and the pods' names. */
function track(cluster: Cluster) {
  const created: { name: string; t: number }[] = [];
  cluster.store.watch('Pod', (e) => {
    if (e.type === 'ADDED') created.push({ name: e.object.metadata.name, t: cluster.now() / 1000 });
  });
  return created;
}

const jobOf = (c: Cluster, n: string) => c.store.get('Job', 'default', n)!;
const conds = (j: KObject) => (j.status?.conditions ?? []).map((c: any) => `${c.type}=${c.status}:${c.reason}`);
const events = (c: Cluster, name: string) =>
  c.store
    .list('Event', 'default')
    .filter((e: any) => e.involvedObject.name === name)
    .map((e: any) => `${e.type} ${e.reason} ${e.message}`);

describe('job controller', () => {
  it('pods carry the job labels, ownerReference and name prefix; selector is generated', () => {
    const c = new Cluster();
    c.api.create(job('pi', {}));
    c.settle();
    const j = jobOf(c, 'pi');
    const uid = j.metadata.uid!;
    expect(j.spec.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': uid } });
    expect(j.spec).toMatchObject({ completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: 'TerminatingOrFailed' });
    const pods = c.store.list('Pod', 'default');
    expect(pods).toHaveLength(1);
    const p = pods[0]!;
    expect(p.metadata.name).toMatch(/^pi-[a-z0-9]{5}$/);
    expect(p.metadata.labels).toEqual({ 'batch.kubernetes.io/controller-uid': uid, 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': uid, 'job-name': 'pi' });
    expect(p.metadata.ownerReferences).toEqual([{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid, controller: true, blockOwnerDeletion: true }]);
    expect(events(c, 'pi')).toEqual([`Normal SuccessfulCreate Created pod: ${p.metadata.name}`]);
  });

  it('serial: completions 5, parallelism 1 runs one pod at a time and completes', () => {
    const c = new Cluster();
    const created = track(c);
    c.api.create(job('serial', { completions: 5, parallelism: 1 }));
    let maxActive = 0;
    for (let i = 0; i < 120; i++) {
      c.advance(1000);
      const running = c.store.list('Pod', 'default').filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed').length;
      maxActive = Math.max(maxActive, running);
    }
    expect(maxActive).toBe(1);
    expect(created).toHaveLength(5);
    const j = jobOf(c, 'serial');
    expect(j.status.succeeded).toBe(5);
    expect(conds(j)).toEqual(['SuccessCriteriaMet=True:CompletionsReached', 'Complete=True:CompletionsReached']);
    expect(j.status.completionTime).toBeDefined();
    expect(events(c, 'serial').at(-1)).toBe('Normal Completed Job completed');
    // finished pods stay
    expect(c.store.list('Pod', 'default').map((p) => p.status.phase)).toEqual(Array(5).fill('Succeeded'));
  });

  it('parallel: completions 6, parallelism 2 keeps two pods running', () => {
    const c = new Cluster();
    const created = track(c);
    c.api.create(job('par', { completions: 6, parallelism: 2 }));
    c.settle();
    expect(created.map((x) => x.t)).toEqual([0, 0]);
    for (let i = 0; i < 60; i++) c.advance(1000);
    expect(created).toHaveLength(6);
    const times = created.map((x) => x.t);
    expect(times[2]).toBe(times[3]);
    expect(jobOf(c, 'par').status.succeeded).toBe(6);
  });

  it('backoffLimit 2: replacement pods after 10s then 20s back-off, then Failed/BackoffLimitExceeded', () => {
    const c = new Cluster();
    const created = track(c);
    c.api.create(job('fail', { backoffLimit: 2 }, ['sh', '-c', 'exit 1']));
    const failedAt: number[] = [];
    const seen = new Set<string>();
    for (let i = 0; i < 600; i++) {
      c.advance(100);
      for (const p of c.store.list('Pod', 'default'))
        if (p.status?.phase === 'Failed' && !seen.has(p.metadata.name)) {
          seen.add(p.metadata.name);
          failedAt.push(Date.parse(p.status.containerStatuses[0].state.terminated.finishedAt) / 1000 - c.epochMs / 1000);
        }
    }
    expect(created).toHaveLength(3);
    // back-off measured from the last failure's finish time (second precision)
    expect(created[1]!.t - failedAt[0]!).toBeGreaterThanOrEqual(10);
    expect(created[1]!.t - failedAt[0]!).toBeLessThan(11);
    expect(created[2]!.t - failedAt[1]!).toBeGreaterThanOrEqual(20);
    expect(created[2]!.t - failedAt[1]!).toBeLessThan(21);
    const j = jobOf(c, 'fail');
    expect(j.status.failed).toBe(3);
    expect(conds(j)).toEqual(['FailureTarget=True:BackoffLimitExceeded', 'Failed=True:BackoffLimitExceeded']);
    expect(events(c, 'fail').at(-1)).toBe('Warning BackoffLimitExceeded Job has reached the specified backoff limit');
    expect(j.status.completionTime).toBeUndefined();
  });

  it('activeDeadlineSeconds: running pod deleted at the deadline, FailureTarget then Failed/DeadlineExceeded', () => {
    const c = new Cluster();
    c.api.create(job('dl', { activeDeadlineSeconds: 10 }, ['sleep', '3600']));
    c.advance(9000);
    expect(conds(jobOf(c, 'dl'))).toEqual([]);
    c.advance(1500);
    const j = jobOf(c, 'dl');
    expect(conds(j)).toEqual(['FailureTarget=True:DeadlineExceeded']);
    expect(j.status.terminating).toBe(1);
    const pod = c.store.list('Pod', 'default')[0]!;
    expect(pod.metadata.deletionTimestamp).toBeDefined();
    for (let i = 0; i < 60; i++) c.advance(1000);
    expect(conds(jobOf(c, 'dl'))).toEqual(['FailureTarget=True:DeadlineExceeded', 'Failed=True:DeadlineExceeded']);
    expect(jobOf(c, 'dl').status.failed).toBe(1);
    const ev = events(c, 'dl');
    expect(ev).toContain(`Normal SuccessfulDelete Deleted pod: ${pod.metadata.name}`);
    expect(ev.at(-1)).toBe('Warning DeadlineExceeded Job was active longer than specified deadline');
  });

  it('restartPolicy OnFailure counts container restarts toward backoffLimit', () => {
    const c = new Cluster();
    c.api.create(job('onf', { backoffLimit: 1, restartPolicy: 'OnFailure' }, ['sh', '-c', 'exit 1']));
    for (let i = 0; i < 120; i++) c.advance(1000);
    const j = jobOf(c, 'onf');
    expect(conds(j).at(-1)).toBe('Failed=True:BackoffLimitExceeded');
    expect(j.status.failed).toBe(1);
    // the restarting pod is deleted when the Job fails
    expect(c.store.list('Pod', 'default')).toHaveLength(0);
  });

  it('Indexed: pod names, completion-index annotation/label, hostname and JOB_COMPLETION_INDEX', () => {
    const c = new Cluster();
    c.api.create(job('idx', { completions: 3, parallelism: 3, completionMode: 'Indexed' }, ['sh', '-c', 'echo $JOB_COMPLETION_INDEX']));
    c.settle();
    const pods = c.store.list('Pod', 'default');
    expect(pods.map((p) => p.metadata.name.replace(/-[a-z0-9]{5}$/, ''))).toEqual(['idx-0', 'idx-1', 'idx-2']);
    for (const [i, p] of pods.entries()) {
      expect(p.metadata.annotations!['batch.kubernetes.io/job-completion-index']).toBe(String(i));
      expect(p.metadata.labels!['batch.kubernetes.io/job-completion-index']).toBe(String(i));
      expect(p.spec.hostname).toBe(`idx-${i}`);
      expect(p.spec.containers[0].env).toContainEqual({ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: "metadata.labels['batch.kubernetes.io/job-completion-index']" } } });
    }
    for (let i = 0; i < 30; i++) c.advance(1000);
    expect(jobOf(c, 'idx').status).toMatchObject({ succeeded: 3, completedIndexes: '0-2' });
  });

  it('suspend and resume', () => {
    const c = new Cluster();
    c.api.create(job('sus', { suspend: true }, ['sleep', '5']));
    c.settle();
    expect(c.store.list('Pod', 'default')).toHaveLength(0);
    expect(conds(jobOf(c, 'sus'))).toEqual(['Suspended=True:JobSuspended']);
    c.store.mutate('Job', 'default', 'sus', (j) => {
      j.spec.suspend = false;
    });
    c.settle();
    expect(c.store.list('Pod', 'default')).toHaveLength(1);
    expect(conds(jobOf(c, 'sus'))).toEqual(['Suspended=False:JobResumed']);
    const pod = c.store.list('Pod', 'default')[0]!.metadata.name;
    // manageJob creates the pod before syncJob records the Resumed event
    expect(events(c, 'sus')).toEqual(['Normal Suspended Job suspended', `Normal SuccessfulCreate Created pod: ${pod}`, 'Normal Resumed Job resumed']);
  });

  it('ttlSecondsAfterFinished deletes the Job and its pods', () => {
    const c = new Cluster();
    c.api.create(job('ttl', { ttlSecondsAfterFinished: 30 }, ['sh', '-c', 'true']));
    for (let i = 0; i < 10; i++) c.advance(1000);
    const fin = jobOf(c, 'ttl');
    expect(conds(fin).at(-1)).toBe('Complete=True:CompletionsReached');
    const finishedAt = Date.parse(fin.status.completionTime) - c.epochMs;
    c.advance(finishedAt + 29_000 - c.now());
    expect(c.store.get('Job', 'default', 'ttl')).toBeDefined();
    c.advance(1000);
    expect(c.store.get('Job', 'default', 'ttl')).toBeUndefined();
    c.settle();
    expect(c.store.list('Pod', 'default')).toHaveLength(0);
  });

  it('deleting a Job deletes its pods', () => {
    const c = new Cluster();
    c.api.create(job('del', { completions: 2, parallelism: 2 }, ['sleep', '3600']));
    c.advance(5000);
    c.api.delete('Job', 'default', 'del');
    c.settle();
    expect(c.store.list('Pod', 'default').every((p) => p.metadata.deletionTimestamp)).toBe(true);
    for (let i = 0; i < 40; i++) c.advance(1000);
    expect(c.store.list('Pod', 'default')).toHaveLength(0);
  });
});

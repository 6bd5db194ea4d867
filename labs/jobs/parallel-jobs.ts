/**
 * Lab: Jobs run to completion. A serial Job (completions 5, parallelism 1: the source article's
 * example), a parallel one (completions 6, parallelism 3), and a Job that always fails, to watch
 * the pod-failure back-off and BackoffLimitExceeded.
 */
import type { Cluster } from '../../src/cluster/cluster';
import type { LabDef } from '../types';

const SERIAL = `apiVersion: batch/v1
kind: Job
metadata:
  name: job-serial
spec:
  completions: 5        # five successful pods in total
  parallelism: 1        # one at a time
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: worker
        image: busybox:1.28
        command: ["sh", "-c", "echo processing an item on $(hostname); sleep 10; echo done"]
`;

const PARALLEL = `apiVersion: batch/v1
kind: Job
metadata:
  name: job-parallel
spec:
  completions: 6        # six successful pods in total
  parallelism: 3        # up to three at a time
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: worker
        image: busybox:1.28
        command: ["sh", "-c", "echo processing an item on $(hostname); sleep 10; echo done"]
`;

const FAIL = `apiVersion: batch/v1
kind: Job
metadata:
  name: job-fail
spec:
  backoffLimit: 2       # give up after the third failed pod
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: worker
        image: busybox:1.28
        command: ["sh", "-c", "echo cannot reach the database; exit 1"]
`;

/** A Job's condition of the given type, when it is True. */
const condition = (c: Cluster, job: string, type: string) =>
  (c.store.get('Job', 'default', job)?.status?.conditions ?? []).find((x: any) => x.type === type && x.status === 'True');

const completed = (c: Cluster, job: string, n: number) =>
  !!condition(c, job, 'Complete') && (c.store.get('Job', 'default', job)?.status?.succeeded ?? 0) >= n;

/** The Job's pods (its job-name label), in the given phase. */
const podsIn = (c: Cluster, job: string, phase: string) =>
  c.store.list('Pod', 'default').filter((p) => p.metadata.labels?.['batch.kubernetes.io/job-name'] === job && p.status?.phase === phase).length;

export const parallelJobsLab: LabDef = {
  id: 'jobs/parallel-jobs',
  title: { en: 'Serial, parallel and failing Jobs', 'zh-cn': '串行、并行与失败的 Job' },
  files: { 'job-serial.yaml': SERIAL, 'job-parallel.yaml': PARALLEL, 'job-fail.yaml': FAIL },
  solution: 'labs/jobs/parallel-jobs.solution.yaml',
  tasks: [
    {
      id: 'serial',
      title: { en: 'Run the serial Job until 5/5 pods have succeeded', 'zh-cn': '运行串行 Job，直到 5/5 个 Pod 成功' },
      hint: {
        en: '`kubectl apply -f job-serial.yaml`, then `kubectl get pods -w` (Ctrl-C to stop): each pod starts only after the previous one has completed.',
        'zh-cn': '`kubectl apply -f job-serial.yaml`，然后 `kubectl get pods -w`（Ctrl-C 停止）：前一个 Pod 完成之后，下一个才会启动。',
      },
      check: (c) => completed(c, 'job-serial', 5),
    },
    {
      id: 'parallel',
      title: { en: 'Run the parallel Job until 6/6, three pods at a time', 'zh-cn': '运行并行 Job，每次 3 个 Pod，直到 6/6' },
      hint: {
        en: '`kubectl apply -f job-parallel.yaml`, then compare the DURATION columns of `kubectl get jobs`: six pods in about the time of two.',
        'zh-cn': '`kubectl apply -f job-parallel.yaml`，然后对比 `kubectl get jobs` 的 DURATION 列：6 个 Pod 只花了大约 2 个 Pod 的时间。',
      },
      check: (c) => completed(c, 'job-parallel', 6),
    },
    {
      id: 'retry',
      title: { en: 'Watch the failing Job replace its failed pod after a back-off', 'zh-cn': '观察失败的 Job 在回退之后创建替代 Pod' },
      hint: {
        en: '`kubectl apply -f job-fail.yaml`, then `kubectl get pods -w`: the pod ends in `Error`, and a new pod comes about 10 s later.',
        'zh-cn': '`kubectl apply -f job-fail.yaml`，然后 `kubectl get pods -w`：Pod 停在 `Error`，大约 10 秒后出现一个新 Pod。',
      },
      check: (c) => podsIn(c, 'job-fail', 'Failed') >= 2,
    },
    {
      id: 'limit',
      title: { en: 'See the Job give up with BackoffLimitExceeded', 'zh-cn': '看到 Job 以 BackoffLimitExceeded 放弃' },
      hint: {
        en: 'backoffLimit 2 allows two retries; the third failed pod fails the Job. `kubectl describe job job-fail` shows the reason in its events.',
        'zh-cn': 'backoffLimit 为 2，允许重试两次；第三个 Pod 失败后整个 Job 失败。`kubectl describe job job-fail` 的事件中能看到原因。',
      },
      check: (c) => condition(c, 'job-fail', 'Failed')?.reason === 'BackoffLimitExceeded',
    },
  ],
};

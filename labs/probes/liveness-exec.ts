/**
 * Lab: a liveness probe restarts a container that stopped being healthy (the source articles'
 * and the Kubernetes docs' liveness-exec walkthrough), on the kubelet's real schedule.
 */
import type { LabDef } from '../types';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: liveness-exec
  labels:
    test: liveness
spec:
  containers:
  - name: liveness
    image: busybox:1.28
    args:
    - /bin/sh
    - -c
    - touch /tmp/health; sleep 10; rm -f /tmp/health; sleep 600
    livenessProbe:
      exec:
        command:
        - cat
        - /tmp/health
      initialDelaySeconds: 15
`;

const restarts = (c: any) => c.store.get('Pod', 'default', 'liveness-exec')?.status?.containerStatuses?.[0]?.restartCount ?? 0;

export const livenessExecLab: LabDef = {
  id: 'probes/liveness-exec',
  title: { en: 'A liveness probe restarts an unhealthy container', 'zh-cn': '存活探针重启不健康的容器' },
  files: { 'liveness.yaml': POD },
  solution: 'labs/probes/liveness-exec.solution.yaml',
  tasks: [
    {
      id: 'apply',
      title: { en: 'Create the pod and check it is Running', 'zh-cn': '创建 Pod 并确认它在运行' },
      hint: { en: '`kubectl apply -f liveness.yaml`, then `kubectl get pods`.', 'zh-cn': '`kubectl apply -f liveness.yaml`，然后 `kubectl get pods`。' },
      check: (c) => c.store.get('Pod', 'default', 'liveness-exec')?.status?.phase === 'Running',
    },
    {
      id: 'unhealthy',
      title: { en: 'Find the failing probe in the pod\'s events', 'zh-cn': '在 Pod 的事件中找到失败的探针' },
      hint: { en: 'After about 20 s: `kubectl describe pod liveness-exec`. The file was deleted at 10 s; the first probe runs at 15 s or later.', 'zh-cn': '大约 20 秒后：`kubectl describe pod liveness-exec`。文件在第 10 秒被删掉，第一次探测最早在第 15 秒。' },
      check: (c) => c.store.list('Event').some((e) => e.reason === 'Unhealthy' && e.involvedObject?.name === 'liveness-exec'),
    },
    {
      id: 'restarted',
      title: { en: 'Watch RESTARTS become 1', 'zh-cn': '看着 RESTARTS 变成 1' },
      hint: { en: 'Three failures (period 10 s) → the kubelet kills the container. `sh` ignores SIGTERM as PID 1, so it dies only after the 30 s grace period. Use ×10 to wait less.', 'zh-cn': '连续失败 3 次（周期 10 秒）后 kubelet 杀掉容器。`sh` 作为 PID 1 会忽略 SIGTERM，所以要等 30 秒宽限期结束才退出。可以用 ×10 加速。' },
      check: (c) => restarts(c) >= 1,
    },
    {
      id: 'backoff',
      title: { en: 'Keep watching: the second restart waits for the back-off', 'zh-cn': '继续观察：第二次重启要等回退时间' },
      hint: { en: '`kubectl get pod liveness-exec -w` (Ctrl-C to stop). Look for `CrashLoopBackOff` between restarts.', 'zh-cn': '`kubectl get pod liveness-exec -w`（Ctrl-C 停止）。注意两次重启之间出现的 `CrashLoopBackOff`。' },
      check: (c) => restarts(c) >= 2,
    },
  ],
};

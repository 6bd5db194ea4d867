/**
 * Lab: debug a container whose image has no shell (the Kubernetes docs' ephemeral-demo, on the
 * shell-less pause image): `kubectl exec` fails, `kubectl debug --target` gets in.
 */
import type { LabDef } from '../types';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: ephemeral-demo
spec:
  containers:
  - name: ephemeral-demo
    image: registry.k8s.io/pause:3.10.1
  restartPolicy: Never
`;

const ephemeral = (c: any) => c.store.get('Pod', 'default', 'ephemeral-demo')?.spec?.ephemeralContainers ?? [];

export const distrolessLab: LabDef = {
  id: 'debugging/distroless',
  title: { en: 'Debug a container that has no shell', 'zh-cn': '调试一个没有 shell 的容器' },
  files: { 'ephemeral-demo.yaml': POD },
  solution: 'labs/debugging/distroless.solution.yaml',
  tasks: [
    {
      id: 'running',
      title: { en: 'Run ephemeral-demo', 'zh-cn': '运行 ephemeral-demo' },
      hint: { en: '`kubectl apply -f ephemeral-demo.yaml`, then `kubectl get pods`.', 'zh-cn': '`kubectl apply -f ephemeral-demo.yaml`，然后 `kubectl get pods`。' },
      check: (c) => c.store.get('Pod', 'default', 'ephemeral-demo')?.status?.phase === 'Running',
    },
    {
      id: 'exec-fails',
      title: { en: 'Try `kubectl exec -it ephemeral-demo -- sh` and read why it fails', 'zh-cn': '试试 `kubectl exec -it ephemeral-demo -- sh`，读懂它为什么失败' },
      hint: { en: 'The image contains only the `/pause` binary: there is no `sh` to run.', 'zh-cn': '这个镜像里只有 `/pause` 这一个程序，根本没有 `sh` 可以运行。' },
      check: (c) => c.store.get('Pod', 'default', 'ephemeral-demo')?.status?.phase === 'Running' && ephemeral(c).length > 0,
    },
    {
      id: 'debug',
      title: { en: 'Attach a debug container that sees the target\'s processes', 'zh-cn': '附加一个能看到目标容器进程的调试容器' },
      hint: { en: '`kubectl debug -it ephemeral-demo --image=busybox:1.28 --target=ephemeral-demo`, then `ps` (PID 1 is `/pause`) and `exit`.', 'zh-cn': '`kubectl debug -it ephemeral-demo --image=busybox:1.28 --target=ephemeral-demo`，然后运行 `ps`（1 号进程是 `/pause`），再 `exit`。' },
      check: (c) => ephemeral(c).some((e: any) => e.targetContainerName === 'ephemeral-demo'),
    },
  ],
};

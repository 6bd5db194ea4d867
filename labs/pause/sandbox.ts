/**
 * Lab: the pause container. Two containers of one pod share an IP and reach each other on
 * localhost; the pod's IP survives a container restart; on the node, crictl shows the sandbox.
 */
import type { LabDef } from '../types';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: shared
spec:
  containers:
  - name: web
    image: nginx:1.27
    ports:
    - containerPort: 80
  - name: shell
    image: busybox:1.28
    # PID 1 only gets the signals it handles: this trap lets \`kill 1\` end it.
    command: ["sh", "-c", "trap 'exit 1' TERM; sleep 3600 & wait"]
`;

export const sandboxLab: LabDef = {
  id: 'pause/sandbox',
  title: { en: 'The pause container holds the pod together', 'zh-cn': 'pause 容器把 Pod 连在一起' },
  files: { 'shared.yaml': POD },
  solution: 'labs/pause/sandbox.solution.yaml',
  tasks: [
    {
      id: 'running',
      title: { en: 'Create the two-container pod', 'zh-cn': '创建这个有两个容器的 Pod' },
      hint: { en: '`kubectl apply -f shared.yaml` and wait for `2/2 Running`.', 'zh-cn': '`kubectl apply -f shared.yaml`，等到 `2/2 Running`。' },
      check: (c) => (c.store.get('Pod', 'default', 'shared')?.status?.containerStatuses ?? []).filter((s: any) => s.ready).length === 2,
    },
    {
      id: 'restart',
      title: { en: 'Kill the shell container and check the pod IP did not change', 'zh-cn': '杀掉 shell 容器，确认 Pod IP 没有变化' },
      hint: { en: 'Note the IP in `kubectl get pod shared -o wide`, then `kubectl exec shared -c shell -- kill 1`: the container\'s PID 1 has a TERM trap that exits. Then look at RESTARTS and the IP again.', 'zh-cn': '先用 `kubectl get pod shared -o wide` 记下 IP，再运行 `kubectl exec shared -c shell -- kill 1`：容器的 PID 1 设置了 TERM 的 trap，会退出。然后再看 RESTARTS 和 IP。' },
      check: (c) => (c.store.get('Pod', 'default', 'shared')?.status?.containerStatuses ?? []).some((s: any) => s.name === 'shell' && s.restartCount >= 1),
    },
    {
      id: 'crictl',
      title: { en: 'On the node, list the pod sandboxes with crictl', 'zh-cn': '在节点上用 crictl 列出 Pod 沙箱' },
      hint: { en: '`kubectl debug node/<node> -it --image=busybox:1.28` (the node is in `-o wide`), then `crictl pods` and `crictl ps`. One sandbox per pod; the pause containers are not in `crictl ps`, but `ps` shows their `/pause` processes.', 'zh-cn': '`kubectl debug node/<节点名> -it --image=busybox:1.28`（节点名见 `-o wide`），然后运行 `crictl pods` 和 `crictl ps`。每个 Pod 一个沙箱；`crictl ps` 里没有 pause 容器，但 `ps` 能看到它们的 `/pause` 进程。' },
      check: (c) => c.store.list('Pod').some((p) => p.metadata.name.startsWith('node-debugger-')),
    },
  ],
};

/**
 * Lab: a pod whose init containers wait for two Services. The learner applies it, sees it held in
 * Init:0/2, creates the Services one by one and watches the pod reach Running.
 */
import type { LabDef } from '../types';
import { exists, podStatus, wasSeen } from '../checks';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: myapp-pod
  labels:
    app: myapp
spec:
  initContainers:
  - name: init-redis
    image: busybox:1.28
    command: ['sh', '-c', 'until nslookup redis-service; do echo waiting for redis-service; sleep 2; done']
  - name: init-mysql
    image: busybox:1.28
    command: ['sh', '-c', 'until nslookup mysql-server; do echo waiting for mysql-server; sleep 2; done']
  containers:
  - name: myapp-container
    image: busybox:1.28
    command: ['sh', '-c', 'echo The app is running! && sleep 3600']
`;

const SERVICES = `apiVersion: v1
kind: Service
metadata:
  name: redis-service
spec:
  ports:
  - protocol: TCP
    port: 6379
    targetPort: 6379
---
apiVersion: v1
kind: Service
metadata:
  name: mysql-server
spec:
  ports:
  - protocol: TCP
    port: 3306
    targetPort: 3306
`;

export const waitForServices: LabDef = {
  id: 'init-containers/wait-for-services',
  title: { en: 'Init containers that wait for Services', 'zh-cn': '等待 Service 的 Init 容器' },
  files: { 'pod.yaml': POD, 'services.yaml': SERVICES },
  solution: 'labs/init-containers/wait-for-services.solution.yaml',
  tasks: [
    {
      id: 'apply-pod',
      title: { en: 'Create the pod from pod.yaml', 'zh-cn': '用 pod.yaml 创建 Pod' },
      hint: { en: 'Run `kubectl apply -f pod.yaml`.', 'zh-cn': '运行 `kubectl apply -f pod.yaml`。' },
      check: (c) => exists(c, 'Pod', 'myapp-pod'),
    },
    {
      id: 'see-waiting',
      title: { en: 'See the pod held at Init:0/2', 'zh-cn': '看到 Pod 停在 Init:0/2' },
      hint: { en: 'Run `kubectl get pods` (again after a few seconds). The first init container is still looking for redis-service.', 'zh-cn': '运行 `kubectl get pods`（过几秒再运行一次）。第一个 Init 容器还在查找 redis-service。' },
      check: (_c, seen) => wasSeen(seen, 'myapp-pod', 'Init:0/2'),
    },
    {
      id: 'redis-service',
      title: { en: 'Create redis-service and see the pod move to Init:1/2', 'zh-cn': '创建 redis-service，看 Pod 进入 Init:1/2' },
      hint: { en: 'services.yaml holds both Services. Apply it, or create only the first one: in the editor, cut the second document (after `---`) first.', 'zh-cn': 'services.yaml 里有两个 Service。可以整个 apply；想一个一个来，就先在编辑器里剪掉 `---` 之后的第二个文档。' },
      check: (c, seen) => exists(c, 'Service', 'redis-service') && (wasSeen(seen, 'myapp-pod', 'Init:1/2') || podStatus(c, 'myapp-pod') === 'Running' || wasSeen(seen, 'myapp-pod', 'PodInitializing')),
    },
    {
      id: 'mysql-server',
      title: { en: 'Create mysql-server', 'zh-cn': '创建 mysql-server' },
      hint: { en: '`kubectl apply -f services.yaml` creates whatever is still missing and reports the rest as unchanged.', 'zh-cn': '`kubectl apply -f services.yaml` 会创建还缺的对象，已有的报告为 unchanged。' },
      check: (c) => exists(c, 'Service', 'mysql-server'),
    },
    {
      id: 'running',
      title: { en: 'The pod reaches Running', 'zh-cn': 'Pod 进入 Running' },
      hint: { en: 'Watch `kubectl get pods`; then `kubectl logs myapp-pod` prints the app\'s message.', 'zh-cn': '用 `kubectl get pods` 观察；然后 `kubectl logs myapp-pod` 会打印应用的输出。' },
      check: (c) => podStatus(c, 'myapp-pod') === 'Running',
    },
  ],
};

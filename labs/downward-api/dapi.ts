/**
 * Lab: the Downward API three ways — pod fields as env vars, resource requests/limits as env vars,
 * labels and annotations as files. Two of the source article's mistakes are kept as exercises:
 * `imagePullPolicy: Never` on an image the node does not have, and a misspelt file path.
 */
import type { LabDef } from '../types';
import { podStatus, wasSeen, exists, containerLog } from '../checks';
import { ENV_POD, RESOURCES_POD, VOLUME_POD } from './pods';

const logsOf = (c: Parameters<LabDef['tasks'][number]['check']>[0], pod: string) => containerLog(c, pod, 'test-container');

export const dapiLab: LabDef = {
  id: 'downward-api/dapi',
  title: { en: 'The Downward API: pod facts inside the container', 'zh-cn': 'Downward API：在容器里读取 Pod 的信息' },
  files: { 'env.yaml': ENV_POD, 'resources.yaml': RESOURCES_POD, 'volume.yaml': VOLUME_POD },
  solution: 'labs/downward-api/dapi.solution.yaml',
  tasks: [
    {
      id: 'env',
      title: { en: 'Run dapi-test-pod and find its name, namespace and IP in its log', 'zh-cn': '运行 dapi-test-pod，在日志里找到它的名字、命名空间和 IP' },
      hint: { en: '`kubectl apply -f env.yaml`, wait for `Completed`, then `kubectl logs dapi-test-pod`.', 'zh-cn': '`kubectl apply -f env.yaml`，等它变成 `Completed`，然后 `kubectl logs dapi-test-pod`。' },
      check: (c) => podStatus(c, 'dapi-test-pod') === 'Completed' && logsOf(c, 'dapi-test-pod').includes('MY_POD_IP='),
    },
    {
      id: 'never-pull',
      title: { en: 'See why dapi-test-pod-container-vars does not start', 'zh-cn': '看看 dapi-test-pod-container-vars 为什么启动不了' },
      hint: { en: 'Apply resources.yaml and look at STATUS and `kubectl describe pod dapi-test-pod-container-vars`: `imagePullPolicy: Never` only uses images already on the node.', 'zh-cn': 'apply resources.yaml 后看 STATUS 和 `kubectl describe pod dapi-test-pod-container-vars`：`imagePullPolicy: Never` 只会使用节点上已有的镜像。' },
      check: (_c, seen) => wasSeen(seen, 'dapi-test-pod-container-vars', 'ErrImageNeverPull'),
    },
    {
      id: 'resources',
      title: { en: 'Fix it and read the requests and limits it prints', 'zh-cn': '修好它，读出它打印的 requests 和 limits' },
      hint: { en: 'Delete the pod, remove the `imagePullPolicy: Never` line (or use IfNotPresent), apply again, then `kubectl logs dapi-test-pod-container-vars`. Why is the CPU request `1`? The default divisor is 1 core, and values are rounded up.', 'zh-cn': '删除 Pod，去掉 `imagePullPolicy: Never` 这一行（或改为 IfNotPresent），重新 apply，再 `kubectl logs dapi-test-pod-container-vars`。为什么 CPU 请求显示为 `1`？默认的 divisor 是 1 核，数值会向上取整。' },
      check: (c) => /^33554432$/m.test(logsOf(c, 'dapi-test-pod-container-vars')),
    },
    {
      id: 'volume',
      title: { en: 'Get the labels file printed by dapi-test-pod-volume', 'zh-cn': '让 dapi-test-pod-volume 打印出 labels 文件' },
      hint: { en: 'Its log shows only the annotations. `kubectl exec dapi-test-pod-volume -- ls /etc/podinfo` shows why: the item path is misspelt. Fix it, delete and re-apply the pod.', 'zh-cn': '它的日志里只有 annotations。`kubectl exec dapi-test-pod-volume -- ls /etc/podinfo` 能看出原因：item 的 path 拼错了。改正后删除 Pod 再重新 apply。' },
      check: (c) => exists(c, 'Pod', 'dapi-test-pod-volume') && logsOf(c, 'dapi-test-pod-volume').includes('zone="us-est-coast"'),
    },
  ],
};

/**
 * Lab: change a node kernel parameter from an init container. First without privilege (it fails
 * with a read-only /proc/sys), then privileged, then check the value on the node itself.
 */
import type { LabDef } from '../types';
import { podStatus, wasSeen } from '../checks';

const POD = `apiVersion: v1
kind: Pod
metadata:
  name: tuned
spec:
  restartPolicy: Never
  initContainers:
  - name: set-swappiness
    image: busybox:1.28
    command: ["sh", "-c", "sysctl -w vm.swappiness=0"]
    # securityContext:
    #   privileged: true
  containers:
  - name: app
    image: nginx:1.27
`;

export const sysctlLab: LabDef = {
  id: 'init-containers/sysctl',
  title: { en: 'Tune the node from an init container', 'zh-cn': '用 Init 容器修改节点内核参数' },
  files: { 'tuned.yaml': POD },
  solution: 'labs/init-containers/sysctl.solution.yaml',
  tasks: [
    {
      id: 'fails',
      title: { en: 'Apply tuned.yaml as it is and see the init container fail', 'zh-cn': '直接 apply tuned.yaml，看 Init 容器失败' },
      hint: { en: '`kubectl apply -f tuned.yaml`, then `kubectl get pods` and `kubectl logs tuned -c set-swappiness`.', 'zh-cn': '`kubectl apply -f tuned.yaml`，然后 `kubectl get pods` 和 `kubectl logs tuned -c set-swappiness`。' },
      check: (_c, seen) => wasSeen(seen, 'tuned', 'Init:Error'),
    },
    {
      id: 'privileged',
      title: { en: 'Make the init container privileged and run the pod again', 'zh-cn': '把 Init 容器改为特权容器，重新运行 Pod' },
      hint: { en: 'Uncomment the `securityContext` lines, `kubectl delete pod tuned`, then apply again (a pod\'s containers cannot be edited in place).', 'zh-cn': '取消 `securityContext` 两行的注释，先 `kubectl delete pod tuned` 再重新 apply（Pod 的容器不能原地修改）。' },
      check: (c) => podStatus(c, 'tuned') === 'Running',
    },
    {
      id: 'node-value',
      title: { en: 'vm.swappiness is now 0 on the pod\'s node', 'zh-cn': 'Pod 所在节点上的 vm.swappiness 变成了 0' },
      hint: { en: 'Read it from the app container: `kubectl exec tuned -- cat /proc/sys/vm/swappiness`. vm.* is not namespaced, so this is the node\'s value.', 'zh-cn': '在应用容器里读取：`kubectl exec tuned -- cat /proc/sys/vm/swappiness`。vm.* 参数不分命名空间，读到的就是节点的值。' },
      check: (c) => {
        const node = c.store.get('Pod', 'default', 'tuned')?.spec?.nodeName;
        return !!node && c.kubelets.get(node)?.sysctls.get('vm.swappiness') === '0';
      },
    },
  ],
};

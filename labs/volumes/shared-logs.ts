/**
 * Lab: two containers share an emptyDir — tomcat writes its logs, busybox tails them. The file
 * is the source article's, mistakes included: getting it to run teaches how kubectl and the
 * API server report each kind of error.
 */
import type { LabDef } from '../types';
import { exists, containerLog } from '../checks';

const POD = `apiVersion:v1
kind: Pod
metadata:
  name: volume-pod
  label:
    name: volume-pod
spec:
  containers:
  - name: tomcat
    image: tomcat
    ports:
    - containersPort: 8080
    volumeMounts:
    - name: app-logs
      mountPath: /usr/local/tomcat/logs
  - name: busybox
    image: busybox
    command: ["sh", "-C", "tail -f /logs/catalina*.log"]
  volumes:
  - name: app-logs
    emptyDir:{}
`;

const readerLog = (c: Parameters<LabDef['tasks'][number]['check']>[0]) => containerLog(c, 'volume-pod', 'busybox');

export const sharedLogsLab: LabDef = {
  id: 'volumes/shared-logs',
  title: { en: 'Share a volume between two containers', 'zh-cn': '两个容器共享一个卷' },
  files: { 'pod-volume-applogs.yaml': POD },
  solution: 'labs/volumes/shared-logs.solution.yaml',
  tasks: [
    {
      id: 'created',
      title: { en: 'Get the pod created (kubectl will tell you what is wrong, one layer at a time)', 'zh-cn': '让 Pod 创建成功（kubectl 会一层一层告诉你哪里错了）' },
      hint: { en: 'First YAML itself: `key: value` needs a space after the colon (two places). Then the API server rejects unknown fields: it is `labels`, and `containerPort`.', 'zh-cn': '先是 YAML 本身：`key: value` 的冒号后面必须有空格（有两处）。然后 API 服务器会拒绝未知字段：应该是 `labels` 和 `containerPort`。' },
      check: (c) => exists(c, 'Pod', 'volume-pod'),
    },
    {
      id: 'both-running',
      title: { en: 'Both containers run (2/2)', 'zh-cn': '两个容器都在运行（2/2）' },
      hint: { en: 'Read `kubectl logs volume-pod -c busybox`. `sh -C` is not `sh -c`: sh took the command as a script file name. A pod\'s containers cannot be edited in place: delete the pod, fix, apply.', 'zh-cn': '看 `kubectl logs volume-pod -c busybox`。`sh -C` 不是 `sh -c`：sh 把命令当成了脚本文件名。Pod 的容器不能原地修改：删除 Pod、修改、再 apply。' },
      check: (c) => (c.store.get('Pod', 'default', 'volume-pod')?.status?.containerStatuses ?? []).filter((s: any) => s.ready).length === 2,
    },
    {
      id: 'tailing',
      title: { en: 'busybox prints tomcat\'s log', 'zh-cn': 'busybox 打印出 tomcat 的日志' },
      hint: { en: 'busybox never mounted the volume, so `/logs` is empty. Give it a `volumeMounts` entry for `app-logs` at `/logs`.', 'zh-cn': 'busybox 根本没有挂载这个卷，所以 `/logs` 是空的。给它加上一个把 `app-logs` 挂到 `/logs` 的 `volumeMounts`。' },
      check: (c) => readerLog(c).includes('Server startup in'),
    },
  ],
};

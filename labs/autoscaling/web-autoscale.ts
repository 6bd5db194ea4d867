/**
 * Lab: the source article's web-server autoscaling walkthrough. An nginx Deployment with a small
 * CPU request behind a Service, `kubectl autoscale --cpu-percent=10 --min=1 --max=10`, a busybox
 * wget loop as load, the scale-up, and the slow way back to one replica after the 5-minute
 * downscale stabilization window.
 */
import type { Cluster } from '../../src/cluster/cluster';
import type { LabDef } from '../types';

const NGINX = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: nginx-server
spec:
  replicas: 1
  selector:
    matchLabels:
      app: nginx-server
  template:
    metadata:
      labels:
        app: nginx-server
    spec:
      containers:
      - name: nginx
        image: nginx:1.27
        ports:
        - containerPort: 80
        resources:
          requests:
            cpu: 10m        # utilization is measured against this
            memory: 20Mi
---
apiVersion: v1
kind: Service
metadata:
  name: nginx-server
spec:
  selector:
    app: nginx-server
  ports:
  - port: 80
    targetPort: 80
`;

const deploy = (c: Cluster) => c.store.get('Deployment', 'default', 'nginx-server');
/** The HPAs that target the nginx-server Deployment, whatever they are called. */
const hpas = (c: Cluster) => c.store.list('HorizontalPodAutoscaler').filter((h: any) => h.spec?.scaleTargetRef?.kind === 'Deployment' && h.spec?.scaleTargetRef?.name === 'nginx-server');
/** SuccessfulRescale events of those HPAs whose message contains `text`. */
const rescaled = (c: Cluster, text: string) => {
  const names = new Set(hpas(c).map((h: any) => h.metadata.name));
  return c.store.list('Event').some((e: any) => e.reason === 'SuccessfulRescale' && e.involvedObject?.kind === 'HorizontalPodAutoscaler' && names.has(e.involvedObject?.name) && String(e.message).includes(text));
};
/** A running pod, not one of nginx-server's, whose command line runs wget (the load generator). */
const loadRunning = (c: Cluster) =>
  c.store.list('Pod').some((p: any) => {
    if (p.status?.phase !== 'Running' || p.metadata.deletionTimestamp || p.metadata.labels?.app === 'nginx-server') return false;
    return (p.spec?.containers ?? []).some((k: any) => /\bwget\b/.test([...(k.command ?? []), ...(k.args ?? [])].join(' ')));
  });

export const webAutoscaleLab: LabDef = {
  id: 'autoscaling/web-autoscale',
  title: { en: 'Autoscale a web server under load', 'zh-cn': '让 Web 服务器随负载自动伸缩' },
  files: { 'nginx.yaml': NGINX },
  solution: 'labs/autoscaling/web-autoscale.solution.yaml',
  tasks: [
    {
      id: 'apply',
      title: { en: 'Create the Deployment and the Service', 'zh-cn': '创建 Deployment 和 Service' },
      hint: { en: '`kubectl apply -f nginx.yaml`, then `kubectl get deploy,svc`.', 'zh-cn': '`kubectl apply -f nginx.yaml`，然后 `kubectl get deploy,svc`。' },
      check: (c) => (deploy(c)?.status?.readyReplicas ?? 0) >= 1 && !!c.store.get('Service', 'default', 'nginx-server'),
    },
    {
      id: 'hpa',
      title: { en: 'Create the HPA and wait until TARGETS shows a percentage', 'zh-cn': '创建 HPA，等 TARGETS 显示出百分比' },
      hint: {
        en: '`kubectl autoscale deployment nginx-server --cpu-percent=10 --min=1 --max=10` (or `--cpu=10%`). Then `kubectl get hpa`: `<unknown>` turns into `cpu: 0%/10%` once metrics-server has two samples.',
        'zh-cn': '`kubectl autoscale deployment nginx-server --cpu-percent=10 --min=1 --max=10`（也可以写 `--cpu=10%`）。然后 `kubectl get hpa`：metrics-server 采到两次样本后，`<unknown>` 会变成 `cpu: 0%/10%`。',
      },
      check: (c) => hpas(c).some((h: any) => h.status?.currentMetrics?.some((m: any) => m.resource?.current?.averageUtilization !== undefined)),
    },
    {
      id: 'load',
      title: { en: 'Start the load generator', 'zh-cn': '启动压测 Pod' },
      hint: {
        en: '`kubectl run load --image=busybox:1.28 --restart=Never -- /bin/sh -c "while true; do wget -q -O- http://nginx-server > /dev/null; done"`',
        'zh-cn': '`kubectl run load --image=busybox:1.28 --restart=Never -- /bin/sh -c "while true; do wget -q -O- http://nginx-server > /dev/null; done"`',
      },
      check: (c) => hpas(c).length > 0 && loadRunning(c),
    },
    {
      id: 'scale-up',
      title: { en: 'Watch the HPA scale nginx-server to 4 or more ready replicas', 'zh-cn': '看着 HPA 把 nginx-server 扩到 4 个或更多就绪副本' },
      hint: {
        en: 'Run `kubectl get hpa` every few seconds (or `kubectl get hpa -w`, Ctrl-C to stop). The HPA syncs every 15 s and at most doubles (or adds 4) each time: 1 → 4 → 8 → 10.',
        'zh-cn': '每隔几秒运行一次 `kubectl get hpa`（或者 `kubectl get hpa -w`，按 Ctrl-C 停止）。HPA 每 15 秒同步一次，每次最多翻倍（或加 4 个）：1 → 4 → 8 → 10。',
      },
      check: (c) => rescaled(c, 'above target') && (deploy(c)?.status?.readyReplicas ?? 0) >= 4,
    },
    {
      id: 'scale-down',
      title: { en: 'Stop the load and wait until nginx-server is back to 1 replica', 'zh-cn': '停止压测，等 nginx-server 回到 1 个副本' },
      hint: {
        en: '`kubectl delete pod load --now`. CPU drops at once, but the HPA keeps the highest recommendation of the last 5 minutes, so the scale-down comes about 5 minutes later. Switch the clock to ×10 or ×60.',
        'zh-cn': '`kubectl delete pod load --now`。CPU 立刻降下来，但 HPA 会沿用最近 5 分钟内最高的建议值，所以大约 5 分钟后才会缩容。把时钟切到 ×10 或 ×60。',
      },
      check: (c) => {
        const d = deploy(c);
        return rescaled(c, 'All metrics below target') && d?.spec?.replicas === 1 && d?.status?.replicas === 1 && !loadRunning(c);
      },
    },
  ],
};

/**
 * Defaulting and admission as the API server applies them on create (SetDefaults_* in
 * pkg/apis/core/v1/defaults.go, plus the ServiceAccount and DefaultTolerationSeconds admission plugins).
 */
import { parseImageRef, defaultPullPolicy } from '../runtime/images';
import type { Rng } from '../rng';

function defaultProbe(p: any): void {
  if (!p) return;
  p.timeoutSeconds ??= 1;
  p.periodSeconds ??= 10;
  p.successThreshold ??= 1;
  p.failureThreshold ??= 3;
  if (p.httpGet) {
    p.httpGet.path ??= '/';
    p.httpGet.scheme ??= 'HTTP';
  }
}

function defaultContainer(c: any, saMount: any | null): void {
  if (c.imagePullPolicy === undefined && typeof c.image === 'string') {
    const ref = parseImageRef(c.image);
    c.imagePullPolicy = 'error' in ref ? 'IfNotPresent' : defaultPullPolicy(ref);
  }
  c.terminationMessagePath ??= '/dev/termination-log';
  c.terminationMessagePolicy ??= 'File';
  c.resources ??= {};
  // limits without requests: requests default to limits
  if (c.resources.limits) {
    c.resources.requests ??= {};
    for (const [k, v] of Object.entries(c.resources.limits)) c.resources.requests[k] ??= v;
  }
  for (const p of c.ports ?? []) p.protocol ??= 'TCP';
  defaultProbe(c.livenessProbe);
  defaultProbe(c.readinessProbe);
  defaultProbe(c.startupProbe);
  if (saMount && !(c.volumeMounts ?? []).some((m: any) => m.mountPath === saMount.mountPath)) {
    c.volumeMounts = [...(c.volumeMounts ?? []), { ...saMount }];
  }
}

export function defaultPod(pod: any, rng: Rng): void {
  const spec = pod.spec;
  spec.restartPolicy ??= 'Always';
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.securityContext ??= {};
  spec.serviceAccountName ??= spec.serviceAccount ?? 'default';
  spec.serviceAccount ??= spec.serviceAccountName;
  spec.enableServiceLinks ??= true;
  spec.priority ??= 0;
  spec.preemptionPolicy ??= 'PreemptLowerPriority';
  const tolerations: any[] = (spec.tolerations ??= []);
  for (const key of ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable']) {
    if (!tolerations.some((t) => t.key === key || (t.operator === 'Exists' && !t.key)))
      tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 });
  }
  let saMount: any = null;
  if (spec.automountServiceAccountToken !== false) {
    const volName = `kube-api-access-${rng.k8sSuffix(5)}`;
    spec.volumes = [
      ...(spec.volumes ?? []),
      {
        name: volName,
        projected: {
          defaultMode: 420,
          sources: [
            { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
            { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
            { downwardAPI: { items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }] } },
          ],
        },
      },
    ];
    saMount = { name: volName, readOnly: true, mountPath: '/var/run/secrets/kubernetes.io/serviceaccount' };
  }
  for (const c of spec.initContainers ?? []) defaultContainer(c, saMount);
  for (const c of spec.containers ?? []) defaultContainer(c, saMount);
  for (const v of spec.volumes ?? []) {
    if (v.emptyDir === null) v.emptyDir = {};
    if (v.configMap) v.configMap.defaultMode ??= 420;
    if (v.secret) v.secret.defaultMode ??= 420;
    if (v.downwardAPI) v.downwardAPI.defaultMode ??= 420;
    if (v.hostPath) v.hostPath.type ??= '';
  }
}

export function defaultService(svc: any): void {
  const spec = (svc.spec ??= {});
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  spec.internalTrafficPolicy ??= 'Cluster';
  spec.ipFamilies ??= ['IPv4'];
  spec.ipFamilyPolicy ??= 'SingleStack';
  for (const p of spec.ports ?? []) {
    p.protocol ??= 'TCP';
    p.targetPort ??= p.port;
  }
}

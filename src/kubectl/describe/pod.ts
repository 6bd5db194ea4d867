/** kubectl describe pod, following kubectl's describePod section by section. */
import { PrefixWriter, printLabelsMultiline, printAnnotationsMultiline, ts, describeEvents } from './writer';
import { humanDuration } from '../duration';
import { describeContainerEnvironment, describeVolumes } from './env';

function describeContainerState(w: PrefixWriter, title: string, st: any): void {
  if (st?.running) {
    w.write(2, `${title}:\tRunning\n`);
    w.write(3, `Started:\t${ts(st.running.startedAt)}\n`);
  } else if (st?.waiting) {
    w.write(2, `${title}:\tWaiting\n`);
    if (st.waiting.reason) w.write(3, `Reason:\t${st.waiting.reason}\n`);
    if (st.waiting.message) w.write(3, `Message:\t${st.waiting.message}\n`);
  } else if (st?.terminated) {
    const t = st.terminated;
    w.write(2, `${title}:\tTerminated\n`);
    if (t.reason) w.write(3, `Reason:\t${t.reason}\n`);
    if (t.message) w.write(3, `Message:\t${t.message}\n`);
    w.write(3, `Exit Code:\t${t.exitCode}\n`);
    if (t.signal) w.write(3, `Signal:\t${t.signal}\n`);
    w.write(3, `Started:\t${ts(t.startedAt)}\n`);
    w.write(3, `Finished:\t${ts(t.finishedAt)}\n`);
  } else {
    w.write(2, `${title}:\tWaiting\n`);
  }
}

function describeProbe(p: any): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 1}s period=${p.periodSeconds ?? 10}s #success=${p.successThreshold ?? 1} #failure=${p.failureThreshold ?? 3}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const g = p.httpGet;
    const url = `${(g.scheme ?? 'HTTP').toLowerCase()}://${g.host ?? ''}:${g.port}${g.path ?? ''}`;
    return `http-get ${url} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${p.tcpSocket.host ?? ''}:${p.tcpSocket.port} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${p.grpc.service ?? ''} ${attrs}`;
  return `unknown ${attrs}`;
}

function describeContainers(w: PrefixWriter, title: string, containers: any[], statuses: any[], pod: any): void {
  w.write(0, `${title}:\n`);
  for (const c of containers) {
    const st = statuses.find((s) => s.name === c.name);
    w.write(1, `${c.name}:\n`);
    if (st) w.write(2, `Container ID:\t${st.containerID ?? ''}\n`);
    w.write(2, `Image:\t${c.image}\n`);
    if (st) w.write(2, `Image ID:\t${st.imageID ?? ''}\n`);
    const ports: any[] = c.ports ?? [];
    if (!ports.length) {
      w.write(2, 'Port:\t<none>\n');
      w.write(2, 'Host Port:\t<none>\n');
    } else {
      w.write(2, `Port${ports.length > 1 ? 's' : ''}:\t${ports.map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ')}\n`);
      w.write(2, `Host Port${ports.length > 1 ? 's' : ''}:\t${ports.map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', ')}\n`);
    }
    if (c.command?.length) {
      w.write(2, 'Command:\n');
      for (const s of c.command) for (const line of String(s).split('\n')) w.write(3, `${line}\n`);
    }
    if (c.args?.length) {
      w.write(2, 'Args:\n');
      for (const s of c.args) for (const line of String(s).split('\n')) w.write(3, `${line}\n`);
    }
    if (st) {
      describeContainerState(w, 'State', st.state);
      if (st.lastState?.terminated) describeContainerState(w, 'Last State', st.lastState);
      w.write(2, `Ready:\t${st.ready ? 'True' : 'False'}\n`);
      w.write(2, `Restart Count:\t${st.restartCount ?? 0}\n`);
    }
    const res = c.resources ?? {};
    if (res.limits && Object.keys(res.limits).length) {
      w.write(2, 'Limits:\n');
      for (const k of Object.keys(res.limits).sort()) w.write(3, `${k}:\t${res.limits[k]}\n`);
    }
    if (res.requests && Object.keys(res.requests).length) {
      w.write(2, 'Requests:\n');
      for (const k of Object.keys(res.requests).sort()) w.write(3, `${k}:\t${res.requests[k]}\n`);
    }
    if (c.livenessProbe) w.write(2, `Liveness:\t${describeProbe(c.livenessProbe)}\n`);
    if (c.readinessProbe) w.write(2, `Readiness:\t${describeProbe(c.readinessProbe)}\n`);
    if (c.startupProbe) w.write(2, `Startup:\t${describeProbe(c.startupProbe)}\n`);
    describeContainerEnvironment(w, c, pod);
    const mounts: any[] = c.volumeMounts ?? [];
    if (!mounts.length) w.write(2, 'Mounts:\t<none>\n');
    else {
      w.write(2, 'Mounts:\n');
      for (const m of [...mounts].sort((a, b) => (a.mountPath < b.mountPath ? -1 : 1))) {
        const flags = [m.readOnly ? 'ro' : 'rw', ...(m.subPath ? [`path="${m.subPath}"`] : [])].join(',');
        w.write(3, `${m.mountPath} from ${m.name} (${flags})\n`);
      }
    }
  }
}

function tolerationString(t: any): string {
  let s = t.key ?? '';
  if (t.value) s += `=${t.value}`;
  if (t.effect) s += `:${t.effect}`;
  if (t.operator === 'Exists' && !t.value) s += ' op=Exists';
  if (t.tolerationSeconds !== undefined) s += ` for ${t.tolerationSeconds}s`;
  return s;
}

export function describePod(pod: any, events: any[], now: number): string {
  const w = new PrefixWriter();
  const spec = pod.spec ?? {};
  const status = pod.status ?? {};
  w.write(0, `Name:\t${pod.metadata.name}\n`);
  w.write(0, `Namespace:\t${pod.metadata.namespace}\n`);
  if (spec.priority !== undefined) w.write(0, `Priority:\t${spec.priority}\n`);
  if (spec.priorityClassName) w.write(0, `Priority Class Name:\t${spec.priorityClassName}\n`);
  if (spec.runtimeClassName) w.write(0, `Runtime Class Name:\t${spec.runtimeClassName}\n`);
  w.write(0, `Service Account:\t${spec.serviceAccountName ?? ''}\n`);
  if (spec.nodeName) {
    const hostIP = status.hostIP;
    w.write(0, `Node:\t${spec.nodeName}${hostIP ? `/${hostIP}` : ''}\n`);
  } else w.write(0, 'Node:\t<none>\n');
  if (status.startTime) w.write(0, `Start Time:\t${ts(status.startTime)}\n`);
  printLabelsMultiline(w, 'Labels', pod.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', pod.metadata.annotations);
  if (pod.metadata.deletionTimestamp) {
    const left = Math.max(0, Math.round((Date.parse(pod.metadata.deletionTimestamp) - now) / 1000));
    w.write(0, `Status:\tTerminating (lasts ${humanDuration(left)})\n`);
    w.write(0, `Termination Grace Period:\t${pod.metadata.deletionGracePeriodSeconds}s\n`);
  } else w.write(0, `Status:\t${status.phase}\n`);
  if (status.reason) w.write(0, `Reason:\t${status.reason}\n`);
  if (status.message) w.write(0, `Message:\t${status.message.trim()}\n`);
  w.write(0, `IP:\t${status.podIP ?? ''}\n`);
  const ips: any[] = status.podIPs ?? [];
  if (!ips.length) w.write(0, 'IPs:\t<none>\n');
  else {
    w.write(0, 'IPs:\n');
    for (const ip of ips) w.write(1, `IP:\t${ip.ip}\n`);
  }
  const owner = (pod.metadata.ownerReferences ?? []).find((o: any) => o.controller);
  if (owner) w.write(0, `Controlled By:\t${owner.kind}/${owner.name}\n`);
  if (spec.initContainers?.length) describeContainers(w, 'Init Containers', spec.initContainers, status.initContainerStatuses ?? [], pod);
  describeContainers(w, 'Containers', spec.containers ?? [], status.containerStatuses ?? [], pod);
  if (spec.ephemeralContainers?.length) describeContainers(w, 'Ephemeral Containers', spec.ephemeralContainers, status.ephemeralContainerStatuses ?? [], pod);
  if (spec.readinessGates?.length) {
    w.write(0, 'Readiness Gates:\n');
    w.write(1, 'Type\tStatus\n');
    for (const g of spec.readinessGates) {
      const c = (status.conditions ?? []).find((x: any) => x.type === g.conditionType);
      w.write(1, `${g.conditionType} \t${c?.status ?? '<none>'} \n`);
    }
  }
  const conds: any[] = status.conditions ?? [];
  if (conds.length) {
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\n');
    for (const c of conds) w.write(1, `${c.type} \t${c.status} \n`);
  }
  describeVolumes(w, spec.volumes ?? []);
  w.write(0, `QoS Class:\t${status.qosClass ?? 'BestEffort'}\n`);
  const sel = spec.nodeSelector ?? {};
  const selKeys = Object.keys(sel).sort();
  w.write(0, `Node-Selectors:\t${selKeys.length ? selKeys.map((k) => `${k}=${sel[k]}`).join('\n\t') : '<none>'}\n`);
  const tols: any[] = spec.tolerations ?? [];
  if (!tols.length) w.write(0, 'Tolerations:\t<none>\n');
  else
    tols.forEach((t, i) => {
      w.write(0, `${i === 0 ? 'Tolerations:' : ''}\t${tolerationString(t)}\n`);
    });
  describeEvents(w, events, now);
  return w.toString();
}

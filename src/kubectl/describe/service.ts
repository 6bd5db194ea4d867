/** kubectl describe service. */
import { PrefixWriter, printLabelsMultiline, printAnnotationsMultiline, describeEvents } from './writer';

export function describeService(svc: any, endpoints: any | undefined, events: any[], now: number): string {
  const w = new PrefixWriter();
  const spec = svc.spec ?? {};
  w.write(0, `Name:\t${svc.metadata.name}\n`);
  w.write(0, `Namespace:\t${svc.metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', svc.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', svc.metadata.annotations);
  const sel = spec.selector ?? {};
  const keys = Object.keys(sel).sort();
  w.write(0, `Selector:\t${keys.length ? keys.map((k) => `${k}=${sel[k]}`).join(',') : '<none>'}\n`);
  w.write(0, `Type:\t${spec.type ?? 'ClusterIP'}\n`);
  w.write(0, `IP Family Policy:\t${spec.ipFamilyPolicy ?? 'SingleStack'}\n`);
  w.write(0, `IP Families:\t${(spec.ipFamilies ?? ['IPv4']).join(',')}\n`);
  w.write(0, `IP:\t${spec.clusterIP ?? ''}\n`);
  w.write(0, `IPs:\t${(spec.clusterIPs ?? [spec.clusterIP]).join(',')}\n`);
  const addrs: string[] = [];
  for (const s of endpoints?.subsets ?? []) for (const a of s.addresses ?? []) for (const p of s.ports ?? [{}]) addrs.push(p.port ? `${a.ip}:${p.port}` : a.ip);
  for (const p of spec.ports ?? []) {
    w.write(0, `Port:\t${p.name ?? '<unset>'}\t${p.port}/${p.protocol ?? 'TCP'}\n`);
    w.write(0, `TargetPort:\t${p.targetPort ?? p.port}/${p.protocol ?? 'TCP'}\n`);
    if (p.nodePort) w.write(0, `NodePort:\t${p.name ?? '<unset>'}\t${p.nodePort}/${p.protocol ?? 'TCP'}\n`);
    w.write(0, `Endpoints:\t${addrs.length ? addrs.join(',') : ''}\n`);
  }
  w.write(0, `Session Affinity:\t${spec.sessionAffinity ?? 'None'}\n`);
  w.write(0, `Internal Traffic Policy:\t${spec.internalTrafficPolicy ?? 'Cluster'}\n`);
  describeEvents(w, events, now);
  return w.toString();
}

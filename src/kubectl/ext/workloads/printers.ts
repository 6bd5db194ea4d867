/** get columns (printers.go printDeployment/printReplicaSet/printDaemonSet) and describers. */
import { registerTable, age } from '../../printers/tables';
import { registerDescriber } from '../../describe/registry';
import { PrefixWriter, printLabelsMultiline, printAnnotationsMultiline, ts, describeEvents } from '../../describe/writer';
import type { KObject } from '../../../cluster/objects';
import type { ApiStore } from '../../../cluster/store';
import { controllerRef } from '../../../cluster/controllers/workloads/util';


/** metav1.FormatLabelSelector. */
export function formatSelector(sel: any): string {
  if (!sel) return '<none>';
  const parts: string[] = [];
  for (const k of Object.keys(sel.matchLabels ?? {}).sort()) parts.push(`${k}=${sel.matchLabels[k]}`);
  for (const r of sel.matchExpressions ?? []) {
    const vals = [...(r.values ?? [])].sort().join(',');
    if (r.operator === 'In') parts.push(`${r.key} in (${vals})`);
    else if (r.operator === 'NotIn') parts.push(`${r.key} notin (${vals})`);
    else if (r.operator === 'Exists') parts.push(r.key);
    else parts.push(`!${r.key}`);
  }
  return parts.length ? parts.join(',') : '<none>';
}

const containers = (o: any) => (o.spec?.template?.spec?.containers ?? []).map((c: any) => c.name).join(',');
const images = (o: any) => (o.spec?.template?.spec?.containers ?? []).map((c: any) => c.image).join(',');
const n = (v: any) => String(v ?? 0);

registerTable('Deployment', [
  { name: 'NAME', value: (o) => o.metadata.name },
  { name: 'READY', value: (o) => `${o.status?.readyReplicas ?? 0}/${o.spec?.replicas ?? 1}` },
  { name: 'UP-TO-DATE', value: (o) => n(o.status?.updatedReplicas) },
  { name: 'AVAILABLE', value: (o) => n(o.status?.availableReplicas) },
  { name: 'AGE', value: age },
  { name: 'CONTAINERS', wide: true, value: containers },
  { name: 'IMAGES', wide: true, value: images },
  { name: 'SELECTOR', wide: true, value: (o) => formatSelector(o.spec?.selector) },
]);

registerTable('ReplicaSet', [
  { name: 'NAME', value: (o) => o.metadata.name },
  { name: 'DESIRED', value: (o) => n(o.spec?.replicas ?? 1) },
  { name: 'CURRENT', value: (o) => n(o.status?.replicas) },
  { name: 'READY', value: (o) => n(o.status?.readyReplicas) },
  { name: 'AGE', value: age },
  { name: 'CONTAINERS', wide: true, value: containers },
  { name: 'IMAGES', wide: true, value: images },
  { name: 'SELECTOR', wide: true, value: (o) => formatSelector(o.spec?.selector) },
]);

const nodeSelector = (o: any) => {
  const s = o.spec?.template?.spec?.nodeSelector ?? {};
  const keys = Object.keys(s).sort();
  return keys.length ? keys.map((k) => `${k}=${s[k]}`).join(',') : '<none>';
};

registerTable('DaemonSet', [
  { name: 'NAME', value: (o) => o.metadata.name },
  { name: 'DESIRED', value: (o) => n(o.status?.desiredNumberScheduled) },
  { name: 'CURRENT', value: (o) => n(o.status?.currentNumberScheduled) },
  { name: 'READY', value: (o) => n(o.status?.numberReady) },
  { name: 'UP-TO-DATE', value: (o) => n(o.status?.updatedNumberScheduled) },
  { name: 'AVAILABLE', value: (o) => n(o.status?.numberAvailable) },
  { name: 'NODE SELECTOR', value: nodeSelector },
  { name: 'AGE', value: age },
  { name: 'CONTAINERS', wide: true, value: containers },
  { name: 'IMAGES', wide: true, value: images },
  { name: 'SELECTOR', wide: true, value: (o) => formatSelector(o.spec?.selector) },
]);

/** describe's pod template block (DescribePodTemplate), the common fields. */
function describeTemplate(w: PrefixWriter, t: any): void {
  w.write(0, 'Pod Template:\n');
  printLabelsMultiline(indent(w, 1), 'Labels', t?.metadata?.labels);
  if (t?.metadata?.annotations && Object.keys(t.metadata.annotations).length) printAnnotationsMultiline(indent(w, 1), 'Annotations', t.metadata.annotations);
  const spec = t?.spec ?? {};
  if (spec.serviceAccountName) w.write(1, `Service Account:\t${spec.serviceAccountName}\n`);
  const section = (title: string, list: any[]) => {
    if (!list.length) return;
    w.write(1, `${title}:\n`);
    for (const c of list) {
      w.write(2, `${c.name}:\n`);
      w.write(3, `Image:\t${c.image}\n`);
      const ports = (c.ports ?? []).map((p: any) => `${p.containerPort}/${p.protocol ?? 'TCP'}`);
      w.write(3, `Port:\t${ports.length ? ports.join(', ') : '<none>'}\n`);
      w.write(3, `Host Port:\t${ports.length ? (c.ports ?? []).map((p: any) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', ') : '<none>'}\n`);
      if (c.command?.length) {
        w.write(3, 'Command:\n');
        for (const a of c.command) w.write(4, `${a}\n`);
      }
      if (c.args?.length) {
        w.write(3, 'Args:\n');
        for (const a of c.args) w.write(4, `${a}\n`);
      }
      const lim = c.resources?.limits ?? {};
      const req = c.resources?.requests ?? {};
      if (Object.keys(lim).length) {
        w.write(3, 'Limits:\n');
        for (const k of Object.keys(lim).sort()) w.write(4, `${k}:\t${lim[k]}\n`);
      }
      if (Object.keys(req).length) {
        w.write(3, 'Requests:\n');
        for (const k of Object.keys(req).sort()) w.write(4, `${k}:\t${req[k]}\n`);
      }
      const env = c.env ?? [];
      w.write(3, `Environment:\t${env.length ? '' : '<none>'}\n`.replace('\t\n', '\n'));
      for (const e of env) w.write(4, `${e.name}:\t${e.value ?? '<set from source>'}\n`);
      const mounts = c.volumeMounts ?? [];
      w.write(3, `Mounts:\t${mounts.length ? '' : '<none>'}\n`.replace('\t\n', '\n'));
      for (const m of mounts) w.write(4, `${m.mountPath} from ${m.name} (${m.readOnly ? 'ro' : 'rw'})\n`);
    }
  };
  section('Init Containers', spec.initContainers ?? []);
  section('Containers', spec.containers ?? []);
  const vols = spec.volumes ?? [];
  w.write(1, `Volumes:\t${vols.length ? '' : '<none>'}\n`.replace('\t\n', '\n'));
  for (const v of vols) w.write(2, `${v.name}:\n`);
  w.write(1, `Node-Selectors:\t${nodeSelector({ spec: { template: t } })}\n`);
  const tol = spec.tolerations ?? [];
  w.write(1, `Tolerations:\t${tol.length ? tol.map((x: any) => `${x.key ?? ''}${x.operator === 'Exists' ? '' : `=${x.value ?? ''}`}${x.effect ? `:${x.effect}` : ''}`).join('\n\t\t') : '<none>'}\n`);
}

/** A PrefixWriter view that writes `level` deeper. */
function indent(w: PrefixWriter, level: number): PrefixWriter {
  return { write: (l: number, text: string) => w.write(l + level, text) } as PrefixWriter;
}

function rsLine(rs: KObject): string {
  return `${rs.metadata.name} (${rs.status?.replicas ?? 0}/${rs.spec?.replicas ?? 0} replicas created)`;
}

function podStatusCounts(store: ApiStore, owner: KObject): string {
  const c = { Running: 0, Pending: 0, Succeeded: 0, Failed: 0 } as Record<string, number>;
  for (const p of store.list('Pod', owner.metadata.namespace)) if (controllerRef(p)?.uid === owner.metadata.uid) c[p.status?.phase ?? 'Pending'] = (c[p.status?.phase ?? 'Pending'] ?? 0) + 1;
  return `${c.Running} Running / ${c.Pending} Waiting / ${c.Succeeded} Succeeded / ${c.Failed} Failed`;
}

registerDescriber('Deployment', (d, { events, now, store }) => {
  const w = new PrefixWriter();
  const spec = d.spec ?? {};
  const st = d.status ?? {};
  w.write(0, `Name:\t${d.metadata.name}\n`);
  w.write(0, `Namespace:\t${d.metadata.namespace}\n`);
  w.write(0, `CreationTimestamp:\t${ts(d.metadata.creationTimestamp)}\n`);
  printLabelsMultiline(w, 'Labels', d.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', d.metadata.annotations);
  w.write(0, `Selector:\t${formatSelector(spec.selector)}\n`);
  w.write(0, `Replicas:\t${spec.replicas ?? 1} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable\n`);
  w.write(0, `StrategyType:\t${spec.strategy?.type ?? 'RollingUpdate'}\n`);
  w.write(0, `MinReadySeconds:\t${spec.minReadySeconds ?? 0}\n`);
  if (spec.strategy?.rollingUpdate) {
    const ru = spec.strategy.rollingUpdate;
    w.write(0, `RollingUpdateStrategy:\t${ru.maxUnavailable} max unavailable, ${ru.maxSurge} max surge\n`);
  }
  describeTemplate(w, spec.template);
  const conds = st.conditions ?? [];
  if (conds.length) {
    w.write(0, 'Conditions:\n');
    w.write(1, 'Type\tStatus\tReason\n');
    w.write(1, '----\t------\t------\n');
    for (const c of conds) w.write(1, `${c.type}\t${c.status}\t${c.reason}\n`);
  }
  const rss = store.list('ReplicaSet', d.metadata.namespace).filter((r) => controllerRef(r)?.uid === d.metadata.uid);
  const tmplKey = JSON.stringify(stripHash(spec.template));
  const newRS = rss.find((r) => JSON.stringify(stripHash(r.spec?.template)) === tmplKey);
  const old = rss.filter((r) => r !== newRS && (r.spec?.replicas ?? 0) > 0);
  w.write(0, `OldReplicaSets:\t${old.length ? old.map(rsLine).join(', ') : '<none>'}\n`);
  w.write(0, `NewReplicaSet:\t${newRS ? rsLine(newRS) : '<none>'}\n`);
  describeEvents(w, events, now);
  return w.toString();
});

function stripHash(t: any): any {
  const c = structuredClone(t ?? {});
  if (c.metadata?.labels) delete c.metadata.labels['pod-template-hash'];
  return c;
}

registerDescriber('ReplicaSet', (rs, { events, now, store }) => {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${rs.metadata.name}\n`);
  w.write(0, `Namespace:\t${rs.metadata.namespace}\n`);
  w.write(0, `Selector:\t${formatSelector(rs.spec?.selector)}\n`);
  printLabelsMultiline(w, 'Labels', rs.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', rs.metadata.annotations);
  const ref = controllerRef(rs);
  if (ref) w.write(0, `Controlled By:\t${ref.kind}/${ref.name}\n`);
  w.write(0, `Replicas:\t${rs.status?.replicas ?? 0} current / ${rs.spec?.replicas ?? 1} desired\n`);
  w.write(0, `Pods Status:\t${podStatusCounts(store, rs)}\n`);
  describeTemplate(w, rs.spec?.template);
  describeEvents(w, events, now);
  return w.toString();
});

registerDescriber('DaemonSet', (ds, { events, now, store }) => {
  const w = new PrefixWriter();
  const st = ds.status ?? {};
  w.write(0, `Name:\t${ds.metadata.name}\n`);
  w.write(0, `Namespace:\t${ds.metadata.namespace}\n`);
  w.write(0, `Selector:\t${formatSelector(ds.spec?.selector)}\n`);
  w.write(0, `Node-Selector:\t${nodeSelector(ds)}\n`);
  printLabelsMultiline(w, 'Labels', ds.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', ds.metadata.annotations);
  w.write(0, `Desired Number of Nodes Scheduled: ${st.desiredNumberScheduled ?? 0}\n`);
  w.write(0, `Current Number of Nodes Scheduled: ${st.currentNumberScheduled ?? 0}\n`);
  w.write(0, `Number of Nodes Scheduled with Up-to-date Pods: ${st.updatedNumberScheduled ?? 0}\n`);
  w.write(0, `Number of Nodes Scheduled with Available Pods: ${st.numberAvailable ?? 0}\n`);
  w.write(0, `Number of Nodes Misscheduled: ${st.numberMisscheduled ?? 0}\n`);
  w.write(0, `Pods Status:\t${podStatusCounts(store, ds)}\n`);
  describeTemplate(w, ds.spec?.template);
  describeEvents(w, events, now);
  return w.toString();
});

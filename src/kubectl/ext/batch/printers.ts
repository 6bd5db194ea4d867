/** `kubectl get jobs|cronjobs` columns (printers.go printJob / printCronJob) and the describers (describe.go). */
import { humanDuration } from '../../duration';
import { age, type Column } from '../../printers/tables';
import { PrefixWriter, printLabelsMultiline, printAnnotationsMultiline, describeEvents, ts } from '../../describe/writer';
import { describeContainerEnvironment, describeVolumes } from '../../describe/env';


const condTrue = (j: any, type: string) => (j.status?.conditions ?? []).some((c: any) => c.type === type && c.status === 'True');

/** STATUS (k8s ≥1.30). */
export function jobStatus(j: any): string {
  if (condTrue(j, 'Complete')) return 'Complete';
  if (condTrue(j, 'Failed')) return 'Failed';
  if (j.metadata?.deletionTimestamp) return 'Terminating';
  if (condTrue(j, 'Suspended')) return 'Suspended';
  if (condTrue(j, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

export function jobCompletions(j: any): string {
  const succeeded = j.status?.succeeded ?? 0;
  if (j.spec?.completions != null) return `${succeeded}/${j.spec.completions}`;
  const par = j.spec?.parallelism ?? 0;
  return par > 1 ? `${succeeded}/1 of ${par}` : `${succeeded}/1`;
}

export function jobDuration(j: any, now: number): string {
  const start = Date.parse(j.status?.startTime ?? '');
  if (Number.isNaN(start)) return '';
  const end = Date.parse(j.status?.completionTime ?? '');
  return humanDuration(((Number.isNaN(end) ? now : end) - start) / 1000);
}

/** metav1.LabelSelectorAsSelector(...).String() */
export function selectorString(sel: any): string {
  if (!sel) return '<none>';
  const parts: string[] = [];
  for (const k of Object.keys(sel.matchLabels ?? {})) parts.push(`${k}=${sel.matchLabels[k]}`);
  for (const r of sel.matchExpressions ?? []) {
    const vals = [...(r.values ?? [])].sort().join(',');
    if (r.operator === 'In') parts.push(`${r.key} in (${vals})`);
    else if (r.operator === 'NotIn') parts.push(`${r.key} notin (${vals})`);
    else if (r.operator === 'Exists') parts.push(r.key);
    else if (r.operator === 'DoesNotExist') parts.push(`!${r.key}`);
  }
  return parts.length ? parts.sort().join(',') : '<none>';
}

const containers = (t: any) => (t?.spec?.containers ?? []).map((c: any) => c.name).join(',');
const images = (t: any) => (t?.spec?.containers ?? []).map((c: any) => c.image).join(',');

export const JOB_COLUMNS: Column[] = [
  { name: 'NAME', value: (o) => o.metadata.name },
  { name: 'STATUS', value: (o) => jobStatus(o) },
  { name: 'COMPLETIONS', value: (o) => jobCompletions(o) },
  { name: 'DURATION', value: (o, ctx) => jobDuration(o, ctx.now) },
  { name: 'AGE', value: age },
  { name: 'CONTAINERS', wide: true, value: (o) => containers(o.spec?.template) },
  { name: 'IMAGES', wide: true, value: (o) => images(o.spec?.template) },
  { name: 'SELECTOR', wide: true, value: (o) => selectorString(o.spec?.selector) },
];

const boolPtr = (b: unknown) => (b === true ? 'True' : b === false ? 'False' : '<unset>');

export const CRONJOB_COLUMNS: Column[] = [
  { name: 'NAME', value: (o) => o.metadata.name },
  { name: 'SCHEDULE', value: (o) => o.spec?.schedule ?? '' },
  { name: 'TIMEZONE', value: (o) => o.spec?.timeZone ?? '<none>' },
  { name: 'SUSPEND', value: (o) => boolPtr(o.spec?.suspend) },
  { name: 'ACTIVE', value: (o) => String((o.status?.active ?? []).length) },
  {
    name: 'LAST SCHEDULE',
    value: (o, ctx) => {
      const t = Date.parse(o.status?.lastScheduleTime ?? '');
      return Number.isNaN(t) ? '<none>' : humanDuration((ctx.now - t) / 1000);
    },
  },
  { name: 'AGE', value: age },
  { name: 'CONTAINERS', wide: true, value: (o) => containers(o.spec?.jobTemplate?.spec?.template) },
  { name: 'IMAGES', wide: true, value: (o) => images(o.spec?.jobTemplate?.spec?.template) },
  { name: 'SELECTOR', wide: true, value: (o) => selectorString(o.spec?.jobTemplate?.spec?.selector) },
];

/** DescribePodTemplate at level 0 ("Pod Template:" then everything one level in). */
export function describePodTemplate(w: PrefixWriter, t: any): void {
  w.write(0, 'Pod Template:\n');
  if (!t) {
    w.write(1, '<unset>');
    return;
  }
  const labels = t.metadata?.labels ?? {};
  const lk = Object.keys(labels).sort();
  w.write(1, `Labels:\t${lk.length ? lk.map((k) => `${k}=${labels[k]}`).join('\n  \t') : '<none>'}\n`);
  const ann = t.metadata?.annotations ?? {};
  const ak = Object.keys(ann).sort();
  if (ak.length) w.write(1, `Annotations:\t${ak.map((k) => `${k}: ${ann[k]}`).join('\n  \t')}\n`);
  const spec = t.spec ?? {};
  if (spec.serviceAccountName) w.write(1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (spec.initContainers?.length) templateContainers(w, 'Init Containers', spec.initContainers);
  templateContainers(w, 'Containers', spec.containers ?? []);
  const vw = new PrefixWriter();
  describeVolumes(vw, spec.volumes ?? []);
  // describeVolumes writes at level 0; indent it one level
  const raw = (vw as any).buf as string;
  for (const line of raw.split('\n').filter((l) => l.length)) w.write(1, line + '\n');
  const sel = spec.nodeSelector ?? {};
  const sk = Object.keys(sel).sort();
  w.write(1, `Node-Selectors:\t${sk.length ? sk.map((k) => `${k}=${sel[k]}`).join('\n  \t') : '<none>'}\n`);
  const tols: any[] = spec.tolerations ?? [];
  if (!tols.length) w.write(1, 'Tolerations:\t<none>\n');
  else tols.forEach((x, i) => w.write(1, `${i === 0 ? 'Tolerations:' : ''}\t${x.key ?? ''}${x.value ? '=' + x.value : ''}${x.effect ? ':' + x.effect : ''}${x.operator === 'Exists' && !x.value ? ' op=Exists' : ''}\n`));
}

function templateContainers(w: PrefixWriter, title: string, cs: any[]): void {
  w.write(1, `${title}:\n`);
  for (const c of cs) {
    w.write(1, ` ${c.name}:\n`);
    const sub = new PrefixWriter();
    sub.write(0, `Image:\t${c.image}\n`);
    const ports: any[] = c.ports ?? [];
    if (!ports.length) {
      sub.write(0, 'Port:\t<none>\n');
      sub.write(0, 'Host Port:\t<none>\n');
    } else {
      sub.write(0, `Port${ports.length > 1 ? 's' : ''}:\t${ports.map((p) => `${p.containerPort}/${p.protocol ?? 'TCP'}`).join(', ')}\n`);
      sub.write(0, `Host Port${ports.length > 1 ? 's' : ''}:\t${ports.map((p) => `${p.hostPort ?? 0}/${p.protocol ?? 'TCP'}`).join(', ')}\n`);
    }
    if (c.command?.length) {
      sub.write(0, 'Command:\n');
      for (const s of c.command) for (const line of String(s).split('\n')) sub.write(1, `${line}\n`);
    }
    if (c.args?.length) {
      sub.write(0, 'Args:\n');
      for (const s of c.args) for (const line of String(s).split('\n')) sub.write(1, `${line}\n`);
    }
    const res = c.resources ?? {};
    for (const [k, title2] of [
      ['limits', 'Limits'],
      ['requests', 'Requests'],
    ] as const) {
      if (res[k] && Object.keys(res[k]).length) {
        sub.write(0, `${title2}:\n`);
        for (const r of Object.keys(res[k]).sort()) sub.write(1, `${r}:\t${res[k][r]}\n`);
      }
    }
    const envw = new PrefixWriter();
    describeContainerEnvironment(envw, c, { metadata: {}, spec: {} });
    for (const line of ((envw as any).buf as string).split('\n').filter((l) => l.length)) sub.write(0, line.replace(/^ {4}/, '') + '\n');
    const mounts: any[] = c.volumeMounts ?? [];
    if (!mounts.length) sub.write(0, 'Mounts:\t<none>\n');
    else {
      sub.write(0, 'Mounts:\n');
      for (const m of [...mounts].sort((a, b) => (a.mountPath < b.mountPath ? -1 : 1))) sub.write(1, `${m.mountPath} from ${m.name} (${m.readOnly ? 'ro' : 'rw'})\n`);
    }
    const raw = (sub as any).buf as string;
    for (const line of raw.split('\n').filter((l) => l.length)) w.write(2, line + '\n');
  }
}

export function describeJob(job: any, events: any[], now: number): string {
  const w = new PrefixWriter();
  const spec = job.spec ?? {};
  const st = job.status ?? {};
  w.write(0, `Name:\t${job.metadata.name}\n`);
  w.write(0, `Namespace:\t${job.metadata.namespace}\n`);
  w.write(0, `Selector:\t${spec.selector ? selectorString(spec.selector).replace('<none>', '') : ''}\n`);
  printLabelsMultiline(w, 'Labels', job.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', job.metadata.annotations);
  const controller = (job.metadata.ownerReferences ?? []).find((r: any) => r.controller);
  if (controller) w.write(0, `Controlled By:\t${controller.kind}/${controller.name}\n`);
  if (spec.parallelism != null) w.write(0, `Parallelism:\t${spec.parallelism}\n`);
  w.write(0, `Completions:\t${spec.completions != null ? spec.completions : '<unset>'}\n`);
  if (spec.completionMode) w.write(0, `Completion Mode:\t${spec.completionMode}\n`);
  if (spec.suspend != null) w.write(0, `Suspend:\t${spec.suspend}\n`);
  if (spec.backoffLimit != null) w.write(0, `Backoff Limit:\t${spec.backoffLimit}\n`);
  if (spec.ttlSecondsAfterFinished != null) w.write(0, `TTL Seconds After Finished:\t${spec.ttlSecondsAfterFinished}\n`);
  if (st.startTime) w.write(0, `Start Time:\t${ts(st.startTime)}\n`);
  if (st.completionTime) w.write(0, `Completed At:\t${ts(st.completionTime)}\n`);
  if (st.startTime && st.completionTime) w.write(0, `Duration:\t${humanDuration((Date.parse(st.completionTime) - Date.parse(st.startTime)) / 1000)}\n`);
  if (spec.activeDeadlineSeconds != null) w.write(0, `Active Deadline Seconds:\t${spec.activeDeadlineSeconds}s\n`);
  if (st.ready === undefined) w.write(0, `Pods Statuses:\t${st.active ?? 0} Active / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed\n`);
  else w.write(0, `Pods Statuses:\t${st.active ?? 0} Active (${st.ready ?? 0} Ready) / ${st.succeeded ?? 0} Succeeded / ${st.failed ?? 0} Failed\n`);
  // describe.go prints Completed Indexes only (no failed-indexes or per-index limit lines)
  if (spec.completionMode === 'Indexed') w.write(0, `Completed Indexes:\t${capIndexesListOrNone(st.completedIndexes ?? '', 50)}\n`);
  describePodTemplate(w, spec.template);
  describeEvents(w, events, now);
  return w.toString();
}

/** capIndexesListOrNone: cut after the first ',' at or past softLimit, then "...". */
export function capIndexesListOrNone(indexes: string, softLimit: number): string {
  if (indexes.length === 0) return '<none>';
  let ix = softLimit;
  while (ix < indexes.length && indexes[ix] !== ',') ix++;
  return ix >= indexes.length ? indexes : indexes.slice(0, ix + 1) + '...';
}

export function describeCronJob(cj: any, events: any[], now: number): string {
  const w = new PrefixWriter();
  const spec = cj.spec ?? {};
  const st = cj.status ?? {};
  w.write(0, `Name:\t${cj.metadata.name}\n`);
  w.write(0, `Namespace:\t${cj.metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', cj.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', cj.metadata.annotations);
  w.write(0, `Schedule:\t${spec.schedule ?? ''}\n`);
  w.write(0, `Concurrency Policy:\t${spec.concurrencyPolicy ?? ''}\n`);
  w.write(0, `Suspend:\t${boolPtr(spec.suspend)}\n`);
  w.write(0, `Successful Job History Limit:\t${spec.successfulJobsHistoryLimit ?? '<unset>'}\n`);
  w.write(0, `Failed Job History Limit:\t${spec.failedJobsHistoryLimit ?? '<unset>'}\n`);
  w.write(0, `Starting Deadline Seconds:\t${spec.startingDeadlineSeconds != null ? goDurationSeconds(spec.startingDeadlineSeconds) : '<unset>'}\n`);
  const js = spec.jobTemplate?.spec ?? {};
  w.write(0, `Selector:\t${js.selector ? selectorString(js.selector) : '<unset>'}\n`);
  w.write(0, `Parallelism:\t${js.parallelism ?? '<unset>'}\n`);
  w.write(0, `Completions:\t${js.completions ?? '<unset>'}\n`);
  if (js.activeDeadlineSeconds != null) w.write(0, `Active Deadline Seconds:\t${js.activeDeadlineSeconds}s\n`);
  describePodTemplate(w, js.template);
  w.write(0, `Last Schedule Time:\t${st.lastScheduleTime ? ts(st.lastScheduleTime) : '<unset>'}\n`);
  const active: any[] = st.active ?? [];
  w.write(0, `Active Jobs:\t${active.length ? active.map((a) => a.name).join(', ') : '<none>'}\n`);
  describeEvents(w, events, now);
  return w.toString();
}

/** Go time.Duration.String() for whole seconds: 1m40s, 2h0m0s, 30s. */
function goDurationSeconds(s: number): string {
  if (s === 0) return '0s';
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h) return `${h}h${m}m${sec}s`;
  if (m) return `${m}m${sec}s`;
  return `${sec}s`;
}

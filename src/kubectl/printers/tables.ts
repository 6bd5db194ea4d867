/**
 * `kubectl get` tables: column definitions as data, per kind, like printers.go's
 * *ColumnDefinitions. `wide` columns appear only with -o wide.
 */
import { humanDuration } from '../duration';
import { printPod } from './pod';
import { tableWriter } from '../tabwriter';

export interface Ctx {
  /** wall-clock epoch ms for AGE */
  now: number;
}

export interface Column {
  name: string;
  wide?: boolean;
  value: (o: any, ctx: Ctx) => string;
}

/** The AGE column every kind prints (creationTimestamp through duration.HumanDuration). */
export const age = (o: any, ctx: Ctx) => {
  const t = Date.parse(o.metadata?.creationTimestamp ?? '');
  return Number.isNaN(t) ? '<unknown>' : humanDuration((ctx.now - t) / 1000);
};
const since = (ts: string | undefined, ctx: Ctx) => {
  const t = Date.parse(ts ?? '');
  return Number.isNaN(t) ? '<unknown>' : humanDuration((ctx.now - t) / 1000);
};

/** printPod computes a whole row; the pod columns share one result per object and instant. */
const podRows = new WeakMap<object, { now: number; row: ReturnType<typeof printPod> }>();
function podRow(o: any, now: number): ReturnType<typeof printPod> {
  const hit = podRows.get(o);
  if (hit && hit.now === now) return hit.row;
  const row = printPod(o, now);
  podRows.set(o, { now, row });
  return row;
}

function podCol(name: keyof ReturnType<typeof printPod>, wide = false): Column {
  return { name, wide, value: (o, ctx) => String(podRow(o, ctx.now)[name]) };
}

function servicePorts(svc: any): string {
  const ports: any[] = svc.spec?.ports ?? [];
  if (!ports.length) return '<none>';
  return ports.map((p) => (p.nodePort ? `${p.port}:${p.nodePort}/${p.protocol ?? 'TCP'}` : `${p.port}/${p.protocol ?? 'TCP'}`)).join(',');
}

function externalIP(svc: any): string {
  const type = svc.spec?.type ?? 'ClusterIP';
  const ext: string[] = svc.spec?.externalIPs ?? [];
  if (type === 'ExternalName') return svc.spec.externalName ?? '<none>';
  if (type === 'LoadBalancer') {
    const ing = (svc.status?.loadBalancer?.ingress ?? []).map((i: any) => i.ip ?? i.hostname);
    const all = [...ing, ...ext];
    return all.length ? all.join(',') : '<pending>';
  }
  return ext.length ? ext.join(',') : '<none>';
}

function selectorString(sel: Record<string, string> | undefined): string {
  if (!sel || !Object.keys(sel).length) return '<none>';
  return Object.keys(sel)
    .sort()
    .map((k) => `${k}=${sel[k]}`)
    .join(',');
}

function nodeStatus(n: any): string {
  const ready = (n.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
  // printers.go printNode: "Ready" only for True; False and Unknown both print "NotReady".
  let s = !ready ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady';
  if (n.spec?.unschedulable) s += ',SchedulingDisabled';
  return s;
}

function nodeRoles(n: any): string {
  const roles = Object.keys(n.metadata?.labels ?? {})
    .filter((k) => k.startsWith('node-role.kubernetes.io/'))
    .map((k) => k.slice('node-role.kubernetes.io/'.length))
    .filter(Boolean);
  if (n.metadata?.labels?.['kubernetes.io/role']) roles.push(n.metadata.labels['kubernetes.io/role']);
  return roles.length ? roles.sort().join(',') : '<none>';
}

function endpointsString(ep: any): string {
  const out: string[] = [];
  for (const s of ep.subsets ?? []) for (const a of s.addresses ?? []) for (const p of s.ports?.length ? s.ports : [{}]) out.push(p.port ? `${a.ip}:${p.port}` : a.ip);
  if (!out.length) return '<none>';
  return out.length > 3 ? `${out.slice(0, 3).join(',')} + ${out.length - 3} more...` : out.join(',');
}

export const TABLES: Record<string, Column[]> = {
  Pod: [podCol('NAME'), podCol('READY'), podCol('STATUS'), podCol('RESTARTS'), podCol('AGE'), podCol('IP', true), podCol('NODE', true), podCol('NOMINATED NODE', true), podCol('READINESS GATES', true)],
  Service: [
    { name: 'NAME', value: (o) => o.metadata.name },
    { name: 'TYPE', value: (o) => o.spec?.type ?? 'ClusterIP' },
    { name: 'CLUSTER-IP', value: (o) => o.spec?.clusterIP || '<none>' },
    { name: 'EXTERNAL-IP', value: externalIP },
    { name: 'PORT(S)', value: servicePorts },
    { name: 'AGE', value: age },
    { name: 'SELECTOR', wide: true, value: (o) => selectorString(o.spec?.selector) },
  ],
  Event: [
    { name: 'LAST SEEN', value: (o, ctx) => since(o.lastTimestamp ?? o.eventTime ?? o.metadata.creationTimestamp, ctx) },
    { name: 'TYPE', value: (o) => o.type ?? '' },
    { name: 'REASON', value: (o) => o.reason ?? '' },
    { name: 'OBJECT', value: (o) => `${String(o.involvedObject?.kind ?? '').toLowerCase()}/${o.involvedObject?.name ?? ''}` },
    { name: 'SUBOBJECT', wide: true, value: (o) => o.involvedObject?.fieldPath ?? '' },
    { name: 'SOURCE', wide: true, value: (o) => [o.source?.component, o.source?.host].filter(Boolean).join(', ') },
    { name: 'MESSAGE', value: (o) => (o.message ?? '').trim() },
    { name: 'FIRST SEEN', wide: true, value: (o, ctx) => since(o.firstTimestamp, ctx) },
    { name: 'COUNT', wide: true, value: (o) => String(o.count ?? 1) },
    { name: 'NAME', wide: true, value: (o) => o.metadata.name },
  ],
  Node: [
    { name: 'NAME', value: (o) => o.metadata.name },
    { name: 'STATUS', value: nodeStatus },
    { name: 'ROLES', value: nodeRoles },
    { name: 'AGE', value: age },
    { name: 'VERSION', value: (o) => o.status?.nodeInfo?.kubeletVersion ?? '' },
    { name: 'INTERNAL-IP', wide: true, value: (o) => (o.status?.addresses ?? []).find((a: any) => a.type === 'InternalIP')?.address ?? '<none>' },
    { name: 'EXTERNAL-IP', wide: true, value: (o) => (o.status?.addresses ?? []).find((a: any) => a.type === 'ExternalIP')?.address ?? '<none>' },
    { name: 'OS-IMAGE', wide: true, value: (o) => o.status?.nodeInfo?.osImage ?? '' },
    { name: 'KERNEL-VERSION', wide: true, value: (o) => o.status?.nodeInfo?.kernelVersion ?? '' },
    { name: 'CONTAINER-RUNTIME', wide: true, value: (o) => o.status?.nodeInfo?.containerRuntimeVersion ?? '' },
  ],
  Namespace: [
    { name: 'NAME', value: (o) => o.metadata.name },
    { name: 'STATUS', value: (o) => o.status?.phase ?? 'Active' },
    { name: 'AGE', value: age },
  ],
  Endpoints: [
    { name: 'NAME', value: (o) => o.metadata.name },
    { name: 'ENDPOINTS', value: endpointsString },
    { name: 'AGE', value: age },
  ],
  ConfigMap: [
    { name: 'NAME', value: (o) => o.metadata.name },
    { name: 'DATA', value: (o) => String(Object.keys(o.data ?? {}).length + Object.keys(o.binaryData ?? {}).length) },
    { name: 'AGE', value: age },
  ],
  Secret: [
    { name: 'NAME', value: (o) => o.metadata.name },
    { name: 'TYPE', value: (o) => o.type ?? 'Opaque' },
    { name: 'DATA', value: (o) => String(Object.keys(o.data ?? {}).length) },
    { name: 'AGE', value: age },
  ],
  PodDisruptionBudget: [
    { name: 'NAME', value: (o) => o.metadata.name },
    { name: 'MIN AVAILABLE', value: (o) => (o.spec?.minAvailable !== undefined ? String(o.spec.minAvailable) : 'N/A') },
    { name: 'MAX UNAVAILABLE', value: (o) => (o.spec?.maxUnavailable !== undefined ? String(o.spec.maxUnavailable) : 'N/A') },
    { name: 'ALLOWED DISRUPTIONS', value: (o) => String(o.status?.disruptionsAllowed ?? 0) },
    { name: 'AGE', value: age },
  ],
  Lease: [
    { name: 'NAME', value: (o) => o.metadata.name },
    { name: 'HOLDER', value: (o) => o.spec?.holderIdentity ?? '' },
    { name: 'AGE', value: age },
  ],
  ServiceAccount: [
    { name: 'NAME', value: (o) => o.metadata.name },
    { name: 'SECRETS', value: (o) => String((o.secrets ?? []).length) },
    { name: 'AGE', value: age },
  ],
};

/** Kinds added later (workloads, jobs, HPAs…) register their columns here. */
export function registerTable(kind: string, columns: Column[]): void {
  TABLES[kind] = columns;
}

export interface TableOptions {
  wide?: boolean;
  namespaceColumn?: boolean;
  showLabels?: boolean;
  /** Prefix names with `pod/` (several kinds in one get). */
  kindPrefix?: string;
  noHeaders?: boolean;
}

export function labelsString(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${labels![k]}`).join(',') : '<none>';
}

/** Render rows through the same tabwriter settings kubectl uses. */
export function renderTable(kind: string, objects: any[], ctx: Ctx, opts: TableOptions = {}): string {
  return tableWriter().format(tableLines(kind, objects, ctx, opts).join('\n') + '\n');
}

/** The tab-separated header and rows, before the tabwriter aligns them. */
export function tableLines(kind: string, objects: any[], ctx: Ctx, opts: TableOptions = {}): string[] {
  const cols = (TABLES[kind] ?? ([{ name: 'NAME', value: (o: any) => o.metadata.name }, { name: 'AGE', value: age }] as Column[])).filter((c) => opts.wide || !c.wide);
  const header = [...(opts.namespaceColumn ? ['NAMESPACE'] : []), ...cols.map((c) => c.name), ...(opts.showLabels ? ['LABELS'] : [])];
  const lines: string[] = [];
  if (!opts.noHeaders) lines.push(header.join('\t'));
  for (const o of objects) {
    const cells = cols.map((c) => {
      const v = c.value(o, ctx);
      return c.name === 'NAME' && opts.kindPrefix ? `${opts.kindPrefix}/${v}` : v;
    });
    if (opts.namespaceColumn) cells.unshift(o.metadata.namespace ?? '');
    if (opts.showLabels) cells.push(labelsString(o.metadata.labels));
    lines.push(cells.join('\t'));
  }
  return lines;
}

/** Column widths a tabwriter(minwidth 6, padding 3) would give these lines (kubectl get -w keeps them). */
export function columnWidths(lines: string[]): number[] {
  const w: number[] = [];
  for (const l of lines) l.split('\t').slice(0, -1).forEach((c, i) => (w[i] = Math.max(w[i] ?? 6, [...c].length + 3)));
  return w;
}

/** One watch row padded to the widths of the table printed first. */
export function padRow(line: string, widths: number[]): string {
  const cells = line.split('\t');
  return cells.map((c, i) => (i < cells.length - 1 ? c + ' '.repeat(Math.max(3, (widths[i] ?? 6) - [...c].length)) : c)).join('');
}

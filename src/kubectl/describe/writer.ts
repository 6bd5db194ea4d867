/** kubectl describe's PrefixWriter: levels indent by two spaces; cells are tab-separated. */
import { describeWriter } from '../tabwriter';
import { humanDuration } from '../duration';
import { rfc1123z } from '../../cluster/time';

export class PrefixWriter {
  private buf = '';
  write(level: number, text: string): void {
    this.buf += '  '.repeat(level) + text;
  }
  toString(): string {
    return describeWriter().format(this.buf);
  }
}

export function printLabelsMultiline(w: PrefixWriter, title: string, labels: Record<string, string> | undefined): void {
  const keys = Object.keys(labels ?? {}).sort();
  w.write(0, `${title}:\t`);
  if (!keys.length) {
    w.write(0, '<none>\n');
    return;
  }
  keys.forEach((k, i) => {
    if (i > 0) w.write(0, '\t');
    w.write(0, `${k}=${labels![k]}\n`);
  });
}

/** Annotations print as `key: value`, skipping kubectl's last-applied annotation. */
export function printAnnotationsMultiline(w: PrefixWriter, title: string, ann: Record<string, string> | undefined): void {
  const keys = Object.keys(ann ?? {})
    .filter((k) => k !== 'kubectl.kubernetes.io/last-applied-configuration')
    .sort();
  w.write(0, `${title}:\t`);
  if (!keys.length) {
    w.write(0, '<none>\n');
    return;
  }
  keys.forEach((k, i) => {
    if (i > 0) w.write(0, '\t');
    w.write(0, `${k}: ${ann![k]}\n`);
  });
}

export function ts(s: string | undefined): string {
  const t = Date.parse(s ?? '');
  return Number.isNaN(t) ? '<unknown>' : rfc1123z(t);
}

export function since(s: string | undefined, now: number): string {
  const t = Date.parse(s ?? '');
  return Number.isNaN(t) ? '<unknown>' : humanDuration((now - t) / 1000);
}

/** The Events table every describe ends with. */
export function describeEvents(w: PrefixWriter, events: any[], now: number): void {
  if (!events.length) {
    w.write(0, 'Events:\t<none>\n');
    return;
  }
  w.write(0, 'Events:\n');
  w.write(1, 'Type\tReason\tAge\tFrom\tMessage\n');
  w.write(1, '----\t------\t----\t----\t-------\n');
  const sorted = [...events].sort((a, b) => Date.parse(a.lastTimestamp ?? a.firstTimestamp) - Date.parse(b.lastTimestamp ?? b.firstTimestamp) || (a.metadata.name < b.metadata.name ? -1 : 1));
  for (const e of sorted) {
    const age = (e.count ?? 1) > 1 ? `${since(e.lastTimestamp, now)} (x${e.count} over ${since(e.firstTimestamp, now)})` : since(e.lastTimestamp ?? e.firstTimestamp, now);
    const from = e.source?.component ?? e.reportingComponent ?? '';
    // kubectl ≥1.35 prefixes the sub-object (container) a kubelet event is about.
    const msg = (e.involvedObject?.fieldPath ? `${e.involvedObject.fieldPath}: ` : '') + String(e.message ?? '').trim();
    w.write(1, `${e.type}\t${e.reason}\t${age}\t${from}\t${msg}\n`);
  }
}

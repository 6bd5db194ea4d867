/** describe for kinds without a dedicated describer: metadata plus a YAML-ish dump of spec/status. */
import { PrefixWriter, printLabelsMultiline, printAnnotationsMultiline, describeEvents } from './writer';

function dump(w: PrefixWriter, level: number, v: any): void {
  if (Array.isArray(v)) {
    for (const item of v) {
      if (item && typeof item === 'object') {
        w.write(level, '-\n');
        dump(w, level + 1, item);
      } else w.write(level, `- ${item}\n`);
    }
    return;
  }
  for (const k of Object.keys(v ?? {})) {
    const x = v[k];
    if (x && typeof x === 'object') {
      w.write(level, `${k[0]!.toUpperCase()}${k.slice(1)}:\n`);
      dump(w, level + 1, x);
    } else w.write(level, `${k[0]!.toUpperCase()}${k.slice(1)}:\t${x}\n`);
  }
}

export function describeGeneric(o: any, events: any[], now: number): string {
  const w = new PrefixWriter();
  w.write(0, `Name:\t${o.metadata.name}\n`);
  if (o.metadata.namespace) w.write(0, `Namespace:\t${o.metadata.namespace}\n`);
  printLabelsMultiline(w, 'Labels', o.metadata.labels);
  printAnnotationsMultiline(w, 'Annotations', o.metadata.annotations);
  for (const k of Object.keys(o)) {
    if (['apiVersion', 'kind', 'metadata'].includes(k)) continue;
    w.write(0, `${k[0]!.toUpperCase()}${k.slice(1)}:\n`);
    dump(w, 1, o[k]);
  }
  describeEvents(w, events, now);
  return w.toString();
}

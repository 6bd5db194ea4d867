/** kubectl get: tables (default, wide), -o yaml|json|name|jsonpath, -l, -A, -n, --show-labels, -w. */
import { stringify } from 'yaml';
import { type KubectlContext, wallNow } from '../context';
import { parseFlags, type FlagSpec } from '../flags';
import { resolveResource, qualifiedResource, qualifiedSingular, type KindInfo, type KObject } from '../../cluster/objects';
import { notFound } from '../../cluster/errors';
import { renderTable, tableLines, columnWidths, padRow } from '../printers/tables';
import { parseSelector, matchesLabelSelector } from '../../cluster/selectors';
import { formatApiError, isApiError } from '../errors';
import { jsonpath } from '../jsonpath';
import type { CommandResult } from '../io';

export const GET_FLAGS: FlagSpec[] = [
  { name: 'output', short: 'o', type: 'string' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'show-labels', type: 'bool' },
  { name: 'watch', short: 'w', type: 'bool' },
  { name: 'no-headers', type: 'bool' },
  { name: 'filename', short: 'f', type: 'strings' },
  { name: 'field-selector', type: 'string' },
  { name: 'sort-by', type: 'string' },
  { name: 'show-kind', type: 'bool' },
];

import * as workloadsExt from '../ext/workloads';
import * as batchExt from '../ext/batch';
import * as autoscalingExt from '../ext/autoscaling';

/** `kubectl get all`: discovery order, i.e. core, then apps, autoscaling, batch groups. */
const allTypes = () => ['pods', 'services', ...workloadsExt.GET_ALL, ...autoscalingExt.GET_ALL, ...batchExt.GET_ALL];

/** Strip server-only noise the way kubectl -o yaml shows an object (managedFields hidden). */
export function forOutput(o: KObject): KObject {
  const c = structuredClone(o);
  delete (c.metadata as any).managedFields;
  return c;
}

export function toYaml(o: unknown): string {
  return stringify(o, { sortMapEntries: true, lineWidth: 0, aliasDuplicateObjects: false, version: '1.1' } as any);
}

export function get(argv: string[], ctx: KubectlContext): CommandResult {
  const p = parseFlags(argv, GET_FLAGS);
  const io = ctx.io;
  const ns = (p.flags.namespace as string) ?? ctx.namespace;
  const allNs = !!p.flags['all-namespaces'];
  const output = (p.flags.output as string) ?? '';
  if (output && !['wide', 'yaml', 'json', 'name'].includes(output) && !output.startsWith('jsonpath=') && !output.startsWith('jsonpath=')) {
    io.err(`error: unable to match a printer suitable for the output format "${output}", allowed formats are: custom-columns,custom-columns-file,go-template,go-template-file,json,jsonpath,jsonpath-as-json,jsonpath-file,name,template,templatefile,wide,yaml\n`);
    return { code: 1 };
  }
  if (!p.args.length) {
    io.err(`You must specify the type of resource to get. Use "kubectl api-resources" for a complete list of supported resources.\n\nerror: Required resource not specified.\nUse "kubectl explain <resource>" for a detailed description of that resource (e.g. kubectl explain pods).\nSee 'kubectl get -h' for help and examples\n`);
    return { code: 1 };
  }
  // Forms: `get pods`, `get pods,svc`, `get pod web db`, `get pod/web svc/db`.
  const requests: { info: KindInfo; names: string[] }[] = [];
  const first = p.args[0]!;
  if (first.includes('/')) {
    for (const a of p.args) {
      const [t, n] = a.split('/') as [string, string];
      const info = resolveResource(t);
      if (!info) return unknownType(io, t);
      if (!n) {
        io.err(`error: arguments in resource/name form must have a single resource and name\n`);
        return { code: 1 };
      }
      requests.push({ info, names: [n] });
    }
  } else {
    const types = first === 'all' ? allTypes() : first.split(',');
    for (const t of types) {
      const info = resolveResource(t);
      if (!info) return unknownType(io, t);
      requests.push({ info, names: p.args.slice(1) });
    }
  }
  let selector = null;
  if (p.flags.selector !== undefined) {
    const r = parseSelector(p.flags.selector as string);
    if ('error' in r) {
      io.err(`error: ${r.error}\n`);
      return { code: 1 };
    }
    selector = r.sel;
  }
  let fieldSel: ((o: KObject) => boolean) | null = null;
  if (p.flags['field-selector'] !== undefined) {
    const r = parseFieldSelector(p.flags['field-selector'] as string);
    if ('error' in r) {
      io.err(`error: ${r.error}\n`);
      return { code: 1 };
    }
    fieldSel = r.match;
  }
  const multi = requests.length > 1 || first.includes('/') || first === 'all';
  const now = wallNow(ctx);
  const collected: KObject[] = [];
  let code = 0;
  let printedTable = false;
  // The API server's deprecation warning for the v1 Endpoints API (1.33+).
  if (requests.some((r) => r.info.kind === 'Endpoints')) io.err('Warning: v1 Endpoints is deprecated in v1.33+; use discovery.k8s.io/v1 EndpointSlice\n');
  for (const { info, names } of requests) {
    let objs: KObject[] = [];
    if (names.length) {
      for (const n of names) {
        const o = ctx.cluster.store.get(info.kind, info.namespaced ? ns : undefined, n);
        if (o) objs.push(o);
        else {
          io.err(formatApiError(notFound(qualifiedResource(info), n)) + '\n');
          code = 1;
        }
      }
    } else {
      objs = ctx.cluster.store.list(info.kind, info.namespaced && !allNs ? ns : undefined);
      if (selector) objs = objs.filter((o) => matchesLabelSelector(selector!, (o.metadata.labels ?? {}) as Record<string, string>));
      if (fieldSel) objs = objs.filter(fieldSel);
    }
    if (output === 'yaml' || output === 'json' || output.startsWith('jsonpath') || output === 'name') {
      collected.push(...objs);
      continue;
    }
    if (!objs.length) continue;
    if (printedTable) io.out('\n');
    io.out(renderTable(info.kind, objs, { now }, { wide: output === 'wide', namespaceColumn: allNs && info.namespaced, showLabels: !!p.flags['show-labels'], kindPrefix: multi ? qualifiedSingular(info) : undefined, noHeaders: !!p.flags['no-headers'] }));
    printedTable = true;
  }
  if (output === 'name') {
    for (const o of collected) {
      const info = resolveResource(o.kind)!;
      io.out(`${qualifiedSingular(info)}/${o.metadata.name}\n`);
    }
  } else if (output === 'yaml' || output === 'json' || output.startsWith('jsonpath')) {
    const single = collected.length === 1 && requests.length === 1 && requests[0]!.names.length === 1;
    const doc = single ? forOutput(collected[0]!) : { apiVersion: 'v1', items: collected.map(forOutput), kind: 'List', metadata: { resourceVersion: '' } };
    if (output === 'yaml') io.out(toYaml(doc));
    else if (output === 'json') io.out(JSON.stringify(doc, null, 4) + '\n');
    else {
      const tmpl = output.slice('jsonpath='.length);
      const r = jsonpath(tmpl, doc);
      if ('error' in r) {
        io.err(`error: ${r.error}\n`);
        return { code: 1 };
      }
      io.out(r.text);
    }
  } else if (!printedTable && code === 0 && !requests.some((r) => r.names.length)) {
    const info = requests[0]!.info;
    io.err(info.namespaced && !allNs ? `No resources found in ${ns} namespace.\n` : 'No resources found\n');
  }
  if (p.flags.watch && requests.length === 1 && !output.match(/^(yaml|json|name|jsonpath)/)) return watch(ctx, requests[0]!.info, requests[0]!.names, ns, allNs, selector, output === 'wide', !!p.flags['show-labels']);
  return { code };
}

function unknownType(io: KubectlContext['io'], t: string): CommandResult {
  io.err(`error: the server doesn't have a resource type "${t}"\n`);
  return { code: 1 };
}

export function isNotFound(e: unknown): boolean {
  return isApiError(e) && e.reason === 'NotFound';
}

/** --field-selector: `a.b=v`, `a.b==v`, `a.b!=v`, comma-separated, on dotted object paths. */
export function parseFieldSelector(s: string): { match: (o: KObject) => boolean } | { error: string } {
  const reqs: { path: string[]; neg: boolean; value: string }[] = [];
  for (const part of s.split(',').filter(Boolean)) {
    const m = /^([\w.]+)\s*(==|!=|=)\s*(.*)$/.exec(part.trim());
    if (!m) return { error: `invalid selector: '${s}'; can't understand '${part}'` };
    reqs.push({ path: m[1]!.split('.'), neg: m[2] === '!=', value: m[3]! });
  }
  return {
    match: (o) =>
      reqs.every((r) => {
        let v: any = o;
        for (const k of r.path) v = v?.[k];
        const eq = String(v ?? '') === r.value;
        return r.neg ? !eq : eq;
      }),
  };
}

/**
 * get -w: after the table, print a row whenever a listed object changes (what the watch stream
 * delivers), aligned to the first table's columns. Runs until Ctrl-C.
 */
function watch(ctx: KubectlContext, info: KindInfo, names: string[], ns: string, allNs: boolean, selector: any, wide: boolean, showLabels: boolean): CommandResult {
  const store = ctx.cluster.store;
  const wanted = (o: KObject) =>
    (!info.namespaced || allNs || o.metadata.namespace === ns) &&
    (!names.length || names.includes(o.metadata.name)) &&
    (!selector || matchesLabelSelector(selector, (o.metadata.labels ?? {}) as Record<string, string>));
  const initial = (names.length ? names.map((n) => store.get(info.kind, info.namespaced ? ns : undefined, n)).filter((o): o is KObject => !!o) : store.list(info.kind, info.namespaced && !allNs ? ns : undefined)).filter(wanted);
  const opts = { wide, namespaceColumn: allNs && info.namespaced, showLabels };
  let widths = initial.length ? columnWidths(tableLines(info.kind, initial, { now: wallNow(ctx) }, opts)) : [];
  // One row per watch event, as kubectl prints them, including a deleted object's last state.
  // The model may write an object several times within one instant where the kubelet or a
  // controller would send one update, so events are coalesced per object per instant.
  const pending = new Map<string, KObject>();
  let flushScheduled = false;
  let stopped = false;
  const flush = () => {
    flushScheduled = false;
    if (stopped) return;
    for (const o of pending.values()) {
      if (!widths.length) {
        // Nothing was listed at first: the first row comes with the headers, aligned together.
        const both = tableLines(info.kind, [o], { now: wallNow(ctx) }, opts);
        widths = columnWidths(both);
        ctx.io.out(both.map((l) => padRow(l, widths)).join('\n') + '\n');
        continue;
      }
      const line = tableLines(info.kind, [o], { now: wallNow(ctx) }, { ...opts, noHeaders: true })[0]!;
      ctx.io.out(padRow(line, widths) + '\n');
    }
    pending.clear();
  };
  const unwatch = store.watch(info.kind, (e) => {
    if (!wanted(e.object)) return;
    const key = e.object.metadata.uid ?? `${e.object.metadata.namespace}/${e.object.metadata.name}`;
    pending.delete(key); // re-insert: rows come out in the order of each object's last event
    pending.set(key, e.object);
    if (!flushScheduled) {
      flushScheduled = true;
      ctx.cluster.clock.after(0, flush);
    }
  });
  return {
    running: {
      interrupt: () => {
        stopped = true;
        unwatch();
        pending.clear();
        ctx.done(130);
      },
    },
  };
}

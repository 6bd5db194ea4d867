/**
 * `kubectl events` (kubectl pkg/cmd/events): events sorted by last time seen, OBJECT as Kind/name,
 * LAST SEEN "1s (x3 over 2m)" for repeats; -A, --for TYPE/NAME, --types, --no-headers, -w.
 */
import { type KubectlContext, wallNow } from '../context';
import { parseFlags } from '../flags';
import { resolveResource } from '../../cluster/objects';
import { tableWriter } from '../../cluster/tabwriter';
import { humanDuration } from '../duration';
import type { KObject } from '../../cluster/objects';
import type { CommandResult } from '../io';

const SPECS = [
  { name: 'all-namespaces', short: 'A', type: 'bool' as const },
  { name: 'for', type: 'string' as const },
  { name: 'types', type: 'string' as const },
  { name: 'no-headers', type: 'bool' as const },
  { name: 'watch', short: 'w', type: 'bool' as const },
];

const lastTime = (e: KObject) => Date.parse(e.series?.lastObservedTime ?? e.lastTimestamp ?? e.eventTime ?? e.firstTimestamp ?? e.metadata.creationTimestamp ?? '');

function since(ts: string | undefined, now: number): string {
  const t = Date.parse(ts ?? '');
  return Number.isNaN(t) ? '<unknown>' : humanDuration(Math.max(0, now - t) / 1000);
}

/** event_printer.go getInterval. */
function interval(e: KObject, now: number): string {
  const first = since(e.eventTime ?? e.firstTimestamp, now);
  if (e.series) return `${since(e.series.lastObservedTime, now)} (x${e.series.count} over ${first})`;
  if ((e.count ?? 1) > 1) return `${since(e.lastTimestamp, now)} (x${e.count} over ${first})`;
  return first;
}

function row(e: KObject, now: number, allNs: boolean): string {
  const cells = [interval(e, now), e.type ?? '', e.reason ?? '', `${e.involvedObject?.kind ?? ''}/${e.involvedObject?.name ?? ''}`, String(e.message ?? '').trim()];
  return (allNs ? `${e.metadata.namespace}\t` : '') + cells.join('\t');
}

export function events(argv: string[], ctx: KubectlContext): CommandResult {
  const p = parseFlags(argv, SPECS);
  const io = ctx.io;
  const allNs = !!p.flags['all-namespaces'];
  const ns = (p.flags.namespace as string) ?? ctx.namespace;
  const types = p.flags.types ? String(p.flags.types).split(',').map((t) => t.trim()) : [];
  if (types.some((t) => !/^(normal|warning)$/i.test(t))) {
    io.err('error: valid --types are Normal or Warning\n');
    return { code: 1 };
  }
  let forKind: string | undefined;
  let forName: string | undefined;
  if (p.flags.for) {
    const [typ, name] = String(p.flags.for).split('/');
    const info = typ ? resolveResource(typ) : undefined;
    if (!name || !typ) {
      io.err(`error: --for must be in resource/name form\n`);
      return { code: 1 };
    }
    if (!info) {
      io.err(`error: the server doesn't have a resource type "${typ}"\n`);
      return { code: 1 };
    }
    forKind = info.kind;
    forName = name;
  }
  const keep = (e: KObject) =>
    (!types.length || types.some((t) => t.toLowerCase() === String(e.type ?? '').toLowerCase())) && (!forKind || (e.involvedObject?.kind === forKind && e.involvedObject?.name === forName));
  const list = () =>
    ctx.cluster.store
      .list('Event', allNs ? undefined : ns)
      .filter(keep)
      .sort((a, b) => lastTime(a) - lastTime(b));
  const heading = (allNs ? 'NAMESPACE\t' : '') + 'LAST SEEN\tTYPE\tREASON\tOBJECT\tMESSAGE';
  const now = wallNow(ctx);
  const evs = list();
  if (!evs.length && !p.flags.watch) {
    io.err(allNs ? 'No events found.\n' : `No events found in ${ns} namespace.\n`);
    return { code: 0 };
  }
  const lines = [...(p.flags['no-headers'] ? [] : [heading]), ...evs.map((e) => row(e, now, allNs))];
  if (lines.length) io.out(tableWriter().format(lines.join('\n') + '\n'));
  if (!p.flags.watch) return { code: 0 };
  // -w: each new or updated event as one more row, as the watch delivers it.
  const seen = new Map(evs.map((e) => [e.metadata.uid!, e.metadata.resourceVersion]));
  let stopped = false;
  const poll = () => {
    if (stopped) return;
    for (const e of list()) {
      if (seen.get(e.metadata.uid!) === e.metadata.resourceVersion) continue;
      seen.set(e.metadata.uid!, e.metadata.resourceVersion);
      io.out(tableWriter().format(row(e, wallNow(ctx), allNs) + '\n'));
    }
    ctx.cluster.clock.after(100, poll);
  };
  ctx.cluster.clock.after(100, poll);
  return {
    running: {
      interrupt: () => {
        stopped = true;
        ctx.done(130);
      },
    },
  };
}

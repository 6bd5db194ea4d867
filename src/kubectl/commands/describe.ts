/** kubectl describe TYPE [NAME…] | TYPE/NAME, with -l and -A. */
import { type KubectlContext, wallNow } from '../context';
import { parseFlags, type FlagSpec } from '../flags';
import { resolveResource, qualifiedResource, type KObject } from '../../cluster/objects';
import { notFound } from '../../cluster/errors';
import { formatApiError } from '../errors';
import { parseSelector, matchesLabelSelector } from '../../cluster/selectors';
import { describePod } from '../describe/pod';
import { describeService } from '../describe/service';
import { describeGeneric } from '../describe/generic';
import { DESCRIBERS } from '../describe/registry';
import '../describe/node';
import type { CommandResult } from '../io';

export const DESCRIBE_FLAGS: FlagSpec[] = [
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'show-events', type: 'bool', default: true },
  { name: 'filename', short: 'f', type: 'strings' },
];

export function describe(argv: string[], ctx: KubectlContext): CommandResult {
  const p = parseFlags(argv, DESCRIBE_FLAGS);
  const io = ctx.io;
  const ns = (p.flags.namespace as string) ?? ctx.namespace;
  if (!p.args.length) {
    io.err(`You must specify the type of resource to describe. Use "kubectl api-resources" for a complete list of supported resources.\n`);
    return { code: 1 };
  }
  let typ = p.args[0]!;
  let names = p.args.slice(1);
  if (typ.includes('/')) {
    names = [typ.split('/')[1]!, ...names];
    typ = typ.split('/')[0]!;
  }
  const info = resolveResource(typ);
  if (!info) {
    io.err(`error: the server doesn't have a resource type "${typ}"\n`);
    return { code: 1 };
  }
  const store = ctx.cluster.store;
  const scopeNs = info.namespaced ? ns : undefined;
  let objs: KObject[] = [];
  let code = 0;
  if (names.length) {
    for (const n of names) {
      const o = store.get(info.kind, scopeNs, n);
      if (o) objs.push(o);
      else {
        io.err(formatApiError(notFound(qualifiedResource(info), n)) + '\n');
        code = 1;
      }
    }
  } else {
    objs = store.list(info.kind, info.namespaced && !p.flags['all-namespaces'] ? ns : undefined);
    if (p.flags.selector !== undefined) {
      const r = parseSelector(p.flags.selector as string);
      if ('error' in r) {
        io.err(`error: ${r.error}\n`);
        return { code: 1 };
      }
      objs = objs.filter((o) => matchesLabelSelector(r.sel, (o.metadata.labels ?? {}) as Record<string, string>));
    }
    if (!objs.length && code === 0) {
      io.err(info.namespaced ? `No resources found in ${ns} namespace.\n` : 'No resources found\n');
      return { code: 0 };
    }
  }
  const now = wallNow(ctx);
  const eventsFor = (o: KObject) => (p.flags['show-events'] === false ? [] : store.list('Event', o.metadata.namespace ?? 'default').filter((e) => e.involvedObject?.uid === o.metadata.uid));
  const texts = objs.map((o) => {
    switch (o.kind) {
      case 'Pod':
        return describePod(o, eventsFor(o), now);
      case 'Service':
        return describeService(o, store.get('Endpoints', o.metadata.namespace, o.metadata.name), eventsFor(o), now);
      default: {
        const d = DESCRIBERS.get(o.kind);
        return d ? d(o, { events: eventsFor(o), now, store, showEvents: p.flags['show-events'] !== false }) : describeGeneric(o, eventsFor(o), now);
      }
    }
  });
  io.out(texts.join('\n\n'));
  return { code };
}

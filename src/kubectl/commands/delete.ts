/**
 * kubectl delete: by type/name, -f, -l, --all. Prints `pod "web" deleted from default namespace`
 * (kubectl ≥1.34) and then, like kubectl's default --wait=true, waits until the objects are gone.
 */
import { type KubectlContext } from '../context';
import { parseFlags, type FlagSpec } from '../flags';
import { resolveResource, qualifiedSingular, type KindInfo } from '../../cluster/objects';
import { ApiError } from '../../cluster/errors';
import { formatApiError } from '../errors';
import { readObjects } from './apply';
import { parseSelector, matchesLabelSelector } from '../../cluster/selectors';
import type { CommandResult } from '../io';
import type { GarbageCollector } from '../../cluster/controllers/workloads/gc';

export const DELETE_FLAGS: FlagSpec[] = [
  { name: 'filename', short: 'f', type: 'strings' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'all', type: 'bool' },
  { name: 'grace-period', type: 'int', default: -1 },
  { name: 'force', type: 'bool' },
  { name: 'now', type: 'bool' },
  { name: 'wait', type: 'bool', default: true },
  { name: 'ignore-not-found', type: 'bool' },
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'cascade', type: 'string' },
  { name: 'recursive', short: 'R', type: 'bool' },
  { name: 'dry-run', type: 'string' },
];

export function del(argv: string[], ctx: KubectlContext): CommandResult {
  const p = parseFlags(argv, DELETE_FLAGS);
  const io = ctx.io;
  const ns = (p.flags.namespace as string) ?? ctx.namespace;
  let grace = p.flags['grace-period'] as number;
  const force = !!p.flags.force;
  if (p.flags.now) grace = 1;
  if (force && grace < 0) grace = 0;
  if (grace === 0 && !force) {
    // kubectl: --grace-period=0 without --force is treated as 1s
    grace = 1;
  }
  const targets: { info: KindInfo; ns: string | undefined; name: string; source?: string }[] = [];
  const files = (p.flags.filename as string[]) ?? [];
  if (files.length) {
    const r = readObjects(files, ctx, ns, p.set.has('namespace'));
    if ('error' in r) {
      io.err(r.error + '\n');
      return { code: 1 };
    }
    for (const { obj, source } of r.objs) {
      const info = resolveResource(obj.kind)!;
      targets.push({ info, ns: info.namespaced ? obj.metadata.namespace : undefined, name: obj.metadata.name, source });
    }
  } else {
    if (!p.args.length) {
      io.err(`error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n`);
      return { code: 1 };
    }
    const pairs: [string, string | undefined][] = p.args[0]!.includes('/') ? p.args.map((a) => a.split('/') as [string, string]) : p.args.length > 1 ? p.args.slice(1).map((n) => [p.args[0]!, n]) : [[p.args[0]!, undefined]];
    for (const [t, n] of pairs) {
      for (const typ of t.split(',')) {
        const info = resolveResource(typ);
        if (!info) {
          io.err(`error: the server doesn't have a resource type "${typ}"\n`);
          return { code: 1 };
        }
        if (n !== undefined) targets.push({ info, ns: info.namespaced ? ns : undefined, name: n });
        else {
          if (!p.flags.all && p.flags.selector === undefined) {
            io.err(`error: resource(s) were provided, but no name was specified\n`);
            return { code: 1 };
          }
          let sel = null;
          if (p.flags.selector !== undefined) {
            const r = parseSelector(p.flags.selector as string);
            if ('error' in r) {
              io.err(`error: ${r.error}\n`);
              return { code: 1 };
            }
            sel = r.sel;
          }
          const list = ctx.cluster.store.list(info.kind, info.namespaced ? ns : undefined).filter((o) => !sel || matchesLabelSelector(sel, (o.metadata.labels ?? {}) as Record<string, string>));
          for (const o of list) targets.push({ info, ns: o.metadata.namespace, name: o.metadata.name });
          if (!list.length) io.err(info.namespaced ? `No resources found\n` : `No resources found\n`);
        }
      }
    }
  }
  if (force) io.err('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n');
  let code = 0;
  const waitFor: { kind: string; ns: string | undefined; name: string; uid: string }[] = [];
  for (const t of targets) {
    try {
      const opts = grace >= 0 ? { gracePeriodSeconds: grace } : {};
      // --cascade: background (default) | foreground | orphan, carried out by the garbage collector.
      const cascade = String(p.flags.cascade ?? 'background');
      const policy = cascade === 'orphan' || cascade === 'false' ? 'Orphan' : cascade === 'foreground' ? 'Foreground' : 'Background';
      const gc = ctx.cluster.controller<GarbageCollector>('garbage-collector');
      const gone = gc && policy !== 'Background' ? gc.delete(t.info.kind, t.ns, t.name, policy, opts) : ctx.cluster.api.delete(t.info.kind, t.ns, t.name, opts);
      const where = t.info.namespaced ? ` from ${t.ns} namespace` : '';
      io.out(`${qualifiedSingular(t.info)} "${t.name}" ${force ? 'force deleted' : 'deleted'}${where}\n`);
      if (force && t.info.kind === 'Pod') {
        // Force: the API object goes now; the kubelet cleans up on its own.
        ctx.cluster.store.remove('Pod', t.ns, t.name);
      }
      waitFor.push({ kind: t.info.kind, ns: t.ns, name: t.name, uid: gone.metadata.uid! });
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      if (e.reason === 'NotFound' && p.flags['ignore-not-found']) continue;
      io.err(formatApiError(e, t.source, 'deleting') + '\n');
      code = 1;
    }
  }
  const pending = () => waitFor.filter((w) => ctx.cluster.store.get(w.kind, w.ns, w.name)?.metadata.uid === w.uid);
  if (!p.flags.wait || !pending().length) return { code };
  // Wait on virtual time until every object is gone (pods: until the kubelet finished).
  let stopped = false;
  const poll = () => {
    if (stopped) return;
    if (!pending().length) {
      stopped = true;
      ctx.done(code);
      return;
    }
    ctx.cluster.clock.after(100, poll);
  };
  ctx.cluster.clock.after(0, poll);
  return {
    running: {
      interrupt: () => {
        stopped = true;
        ctx.done(130);
      },
    },
  };
}

/**
 * kubectl wait --for=condition=TYPE[=VALUE] | --for=delete (RESOURCE/NAME | RESOURCE NAME…) [--timeout=30s].
 * Runs on virtual time; prints `job.batch/pi condition met` per object.
 */
import type { KubectlContext } from '../../context';
import type { CommandResult } from '../../io';
import { parseFlags, FlagError } from '../../flags';
import { resolveResource, qualifiedSingular, type KindInfo } from '../../../cluster/objects';
import { parseGoDuration } from '../../godur';

export function waitCommand(argv: string[], ctx: KubectlContext): CommandResult {
  let p;
  try {
    p = parseFlags(argv, [
      { name: 'for', type: 'string' },
      { name: 'timeout', type: 'string', default: '30s' },
      { name: 'all', type: 'bool' },
      { name: 'selector', short: 'l', type: 'string' },
    ]);
  } catch (e) {
    if (e instanceof FlagError) {
      ctx.io.err(`error: ${e.message}\n`);
      return { code: 1 };
    }
    throw e;
  }
  const io = ctx.io;
  const ns = (p.flags.namespace as string) ?? ctx.namespace;
  const forSpec = p.flags.for as string | undefined;
  if (!forSpec) {
    io.err('error: --for must be specified\n');
    return { code: 1 };
  }
  const timeoutMs = parseGoDuration(p.flags.timeout as string);
  if (timeoutMs === undefined) {
    io.err(`error: invalid argument "${p.flags.timeout}" for "--timeout" flag: time: invalid duration "${p.flags.timeout}"\n`);
    return { code: 1 };
  }
  let check: (o: any | undefined) => boolean;
  let isDelete = false;
  if (forSpec === 'delete') {
    isDelete = true;
    check = (o) => !o;
  } else if (forSpec.toLowerCase().startsWith('condition=')) {
    const [type, value = 'true'] = forSpec.slice('condition='.length).split('=');
    check = (o) => !!o && (o.status?.conditions ?? []).some((c: any) => c.type.toLowerCase() === type!.toLowerCase() && String(c.status).toLowerCase() === value.toLowerCase());
  } else {
    io.err(`error: unrecognized condition: "${forSpec}"\n`);
    return { code: 1 };
  }
  const targets: { info: KindInfo; name: string; typed: string }[] = [];
  const args = p.args;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.includes('/')) {
      const [t, n] = a.split('/');
      const info = resolveResource(t!);
      if (!info) {
        io.err(`error: the server doesn't have a resource type "${t}"\n`);
        return { code: 1 };
      }
      targets.push({ info, name: n!, typed: t! });
    } else {
      const info = resolveResource(a);
      if (!info) {
        io.err(`error: the server doesn't have a resource type "${a}"\n`);
        return { code: 1 };
      }
      const names = args.slice(i + 1);
      for (const n of names) targets.push({ info, name: n, typed: a });
      break;
    }
  }
  if (!targets.length) {
    io.err('error: resource(s) were provided, but no name was specified\n');
    return { code: 1 };
  }
  for (const t of targets) {
    if (!isDelete && !ctx.cluster.store.get(t.info.kind, ns, t.name)) {
      io.err(`Error from server (NotFound): ${t.info.resource}${t.info.group ? '.' + t.info.group : ''} "${t.name}" not found\n`);
      return { code: 1 };
    }
  }
  const deadline = ctx.cluster.now() + timeoutMs;
  let idx = 0;
  let stopped = false;
  const step = (): boolean => {
    while (idx < targets.length) {
      const t = targets[idx]!;
      const o = ctx.cluster.store.get(t.info.kind, ns, t.name);
      if (!check(o)) return false;
      io.out(`${qualifiedSingular(t.info)}/${t.name} condition met\n`);
      idx++;
    }
    return true;
  };
  if (step()) return { code: 0 };
  const poll = () => {
    if (stopped) return;
    if (step()) {
      stopped = true;
      ctx.done(0);
      return;
    }
    if (ctx.cluster.now() >= deadline) {
      stopped = true;
      const t = targets[idx]!;
      io.err(`error: timed out waiting for the condition on ${t.info.resource}/${t.name}\n`);
      ctx.done(1);
      return;
    }
    ctx.cluster.clock.after(Math.min(1000, deadline - ctx.cluster.now()), poll);
  };
  ctx.cluster.clock.after(Math.min(1000, timeoutMs), poll);
  return {
    running: {
      interrupt: () => {
        stopped = true;
        ctx.done(130);
      },
    },
  };
}

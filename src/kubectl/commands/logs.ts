/**
 * kubectl logs (POD | TYPE/NAME | -l SELECTOR) [CONTAINER] [-c C] [-p] [-f] [--tail N] [--since D]
 * [--timestamps] [--all-containers] [--all-pods] [--prefix] [--max-log-requests N] [--ignore-errors].
 * Follows kubectl's cmd/logs/logs.go: Complete (arguments, the object), Validate, RunLogs.
 */
import { type KubectlContext } from '../context';
import { parseFlags, type FlagSpec } from '../flags';
import { formatApiError } from '../errors';
import { badRequest, serverError } from '../../cluster/errors';
import { parseSelector, matchesLabelSelector } from '../../cluster/selectors';
import { resolveResource, qualifiedResource, type KObject } from '../../cluster/objects';
import type { CommandResult, Running } from '../io';
import type { ContainerInstance, LogLine } from '../../cluster/kubelet/types';
import { parseGoDuration } from '../godur';
import { podTargets, podsForObject, selectorForObject, type LogTarget } from './logs-targets';
import { unreachableKubelet } from './pods';

export const LOGS_FLAGS: FlagSpec[] = [
  { name: 'container', short: 'c', type: 'string' },
  { name: 'previous', short: 'p', type: 'bool' },
  { name: 'follow', short: 'f', type: 'bool' },
  { name: 'tail', type: 'int', default: -1 },
  { name: 'since', type: 'string' },
  { name: 'timestamps', type: 'bool' },
  { name: 'all-containers', type: 'bool' },
  { name: 'all-pods', type: 'bool' },
  { name: 'prefix', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'max-log-requests', type: 'int', default: 5 },
  { name: 'ignore-errors', type: 'bool' },
  { name: 'pod-running-timeout', type: 'string', default: '20s' },
];

const USAGE = "expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command";
const usageError = (ctx: KubectlContext, msg: string): CommandResult => {
  ctx.io.err(`error: ${msg}\nSee 'kubectl logs -h' for help and examples\n`);
  return { code: 1 };
};
const fail = (ctx: KubectlContext, text: string): CommandResult => {
  ctx.io.err(text);
  return { code: 1 };
};

export function logs(argv: string[], ctx: KubectlContext): CommandResult {
  const p = parseFlags(argv, LOGS_FLAGS);
  const ns = (p.flags.namespace as string) ?? ctx.namespace;
  // pflag parses --since as a Duration, so a bad value fails before anything else.
  const sinceMs = p.flags.since ? parseGoDuration(p.flags.since as string) : undefined;
  if (p.flags.since && sinceMs === undefined) return fail(ctx, `error: invalid argument "${p.flags.since}" for "--since" flag: time: invalid duration "${p.flags.since}"\n`);
  const selector = (p.flags.selector as string | undefined) ?? '';
  // Complete: the argument forms.
  if (p.args.length === 0 && !selector) return usageError(ctx, USAGE);
  if (p.args.length === 1 && selector) return usageError(ctx, 'only a selector (-l) or a POD name is allowed');
  if (p.args.length > 2) return usageError(ctx, USAGE);
  const allPods = !!p.flags['all-pods'];
  const o: StreamOpts = {
    previous: !!p.flags.previous,
    timestamps: !!p.flags.timestamps,
    sinceMs,
    // --tail defaults to -1, but to 10 when a selector is given and --tail was not (selectorTail).
    tail: selector && p.flags.tail === -1 && !p.set.has('tail') ? 10 : (p.flags.tail as number),
    prefix: !!p.flags.prefix || allPods,
  };
  // Complete: fetch the object (resource builder), a pod list for -l.
  let object: { pods: any[] } | { obj: KObject };
  if (selector) {
    if (p.args.length) return fail(ctx, 'error: name cannot be provided when a selector is specified\n');
    const r = parseSelector(selector);
    if ('error' in r) return fail(ctx, `error: ${r.error}\n`);
    const pods = ctx.cluster.store.list('Pod', ns).filter((x) => matchesLabelSelector(r.sel, (x.metadata.labels ?? {}) as Record<string, string>));
    if (!pods.length) ctx.io.err(`No resources found in ${ns} namespace.\n`);
    object = { pods };
  } else {
    const arg = p.args[0]!;
    const [type, name] = arg.includes('/') ? (arg.split('/', 2) as [string, string]) : ['pods', arg];
    const info = resolveResource(type);
    if (!info) return fail(ctx, `error: the server doesn't have a resource type "${type}"\n`);
    if (!name) return fail(ctx, 'error: arguments in resource/name form must have a single resource and name\n');
    const obj = ctx.cluster.store.get(info.kind, info.namespaced ? ns : undefined, name);
    // kubectl ≥1.29 wraps the NotFound to name the namespace (kubernetes#120111).
    if (!obj) return fail(ctx, `error: error from server (NotFound): ${qualifiedResource(info)} "${name}" not found in namespace "${ns}"\n`);
    object = { obj };
  }
  // Validate.
  const container = (p.flags.container as string | undefined) ?? p.args[1];
  if (p.flags['all-containers'] && container) return fail(ctx, `error: --all-containers=true should not be specified with container name ${container}\n`);
  if (p.set.has('container') && p.args.length === 2) return fail(ctx, 'error: only one of -c or an inline [CONTAINER] arg is allowed\n');
  if (o.tail < -1) return fail(ctx, 'error: --tail must be greater than or equal to -1\n');
  // RunLogs: LogsForObject, then follow in parallel or read one stream after another.
  const run = (targets: LogTarget[]): CommandResult => {
    if (p.flags.follow && targets.length > 1) {
      const max = p.flags['max-log-requests'] as number;
      if (targets.length > max) return fail(ctx, `error: you are attempting to follow ${targets.length} log streams, but maximum allowed concurrency is ${max}, use --max-log-requests to increase the limit\n`);
    }
    return consume(ctx, targets, o, !!p.flags.follow, !!p.flags['ignore-errors']);
  };
  const allContainers = !!p.flags['all-containers'];
  const forPods = (pods: any[], quiet: boolean): CommandResult => {
    const targets: LogTarget[] = [];
    for (const pod of pods) {
      const t = podTargets(pod, container, allContainers, quiet, ctx);
      if ('error' in t) return fail(ctx, t.error);
      targets.push(...t);
    }
    return run(targets);
  };
  if ('pods' in object) return forPods(object.pods, false);
  const obj = object.obj;
  if (obj.kind === 'Pod') return forPods([obj], allPods);
  const match = selectorForObject(obj);
  if ('error' in match) return fail(ctx, match.error);
  const pick = (pods: any[]): CommandResult => {
    if (pods.length > 1 && !allPods) ctx.io.err(`Found ${pods.length} pods, using pod/${pods[0].metadata.name}\n`);
    return forPods(allPods ? pods : [pods[0]], allPods);
  };
  const pods = podsForObject(ctx, obj, match);
  if (pods.length) return pick(pods);
  return waitForPod(ctx, p.flags['pod-running-timeout'] as string, () => podsForObject(ctx, obj, match), pick);
}

/**
 * GetPodList watches for a pod when the object has none yet, up to --pod-running-timeout, then
 * fails with wait.ErrWaitTimeout. (Real kubectl then indexes the still-empty list; here the pod that
 * appeared is used instead.)
 */
function waitForPod(ctx: KubectlContext, timeout: string, list: () => any[], pick: (pods: any[]) => CommandResult): CommandResult {
  const deadline = ctx.cluster.now() + (parseGoDuration(timeout) ?? 20_000);
  let stopped = false;
  let inner: Running | undefined;
  const poll = () => {
    if (stopped) return;
    const pods = list();
    if (pods.length) {
      const r = pick(pods);
      if (r.running) inner = r.running;
      else ctx.done(r.code ?? 0);
      return;
    }
    if (ctx.cluster.now() >= deadline) {
      ctx.io.err('error: timed out waiting for the condition\n');
      ctx.done(1);
      return;
    }
    ctx.cluster.clock.after(100, poll);
  };
  ctx.cluster.clock.after(100, poll);
  return {
    running: {
      interrupt: () => {
        if (inner) return inner.interrupt();
        stopped = true;
        ctx.done(130);
      },
    },
  };
}

interface StreamOpts {
  previous: boolean;
  timestamps: boolean;
  sinceMs: number | undefined;
  tail: number;
  prefix: boolean;
}

/** The container run a log request reads, or the API server's error for it. */
function openStream(ctx: KubectlContext, { pod, container: c }: LogTarget, previous: boolean): ContainerInstance | { error: ReturnType<typeof badRequest> } {
  const podName = pod.metadata.name;
  const kubeletIP = unreachableKubelet(ctx, pod);
  if (kubeletIP) return { error: serverError(`Get "https://${kubeletIP}:10250/containerLogs/${pod.metadata.namespace}/${podName}/${c}": dial tcp ${kubeletIP}:10250: connect: connection refused`) };
  const rec = ctx.cluster.workerFor(pod)?.record(c);
  // Which run to read, as the kubelet's validateContainerLogStatus picks it: --previous is the
  // status's lastState (the crashed run while in CrashLoopBackOff), otherwise the current run.
  const cur = rec?.current;
  const lastState = cur?.state === 'running' ? rec?.previous : rec?.waiting ? cur : rec?.previous;
  if (previous) return lastState ?? { error: badRequest(`previous terminated container "${c}" in pod "${podName}" not found`) };
  if (cur) return cur;
  const all = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const reason = all.find((s: any) => s.name === c)?.state?.waiting?.reason ?? 'ContainerCreating';
  const why = reason === 'ErrImagePull' ? "image can't be pulled" : reason === 'ImagePullBackOff' ? 'trying and failing to pull image' : reason;
  return { error: badRequest(`container "${c}" in pod "${podName}" is waiting to start: ${why}`) };
}

/**
 * Print each stream's snapshot in turn (kubectl ranges over a Go map, so its order between pods
 * is not fixed; ours is the list order), then, with -f, keep polling the running ones.
 */
function consume(ctx: KubectlContext, targets: LogTarget[], o: StreamOpts, follow: boolean, ignoreErrors: boolean): CommandResult {
  const io = ctx.io;
  const epoch = ctx.cluster.epochMs;
  const followed: { inst: ContainerInstance; printed: number; pre: string }[] = [];
  for (const t of targets) {
    const inst = openStream(ctx, t, o.previous);
    if ('error' in inst) {
      if (!ignoreErrors) return fail(ctx, formatApiError(inst.error) + '\n');
      io.out(`error: ${inst.error.message}\n`);
      continue;
    }
    // The prefixingWriter puts "[pod/NAME/CONTAINER] " before every line written.
    const pre = o.prefix ? `[pod/${t.pod.metadata.name}/${t.container}] ` : '';
    const fmt = (l: LogLine) => pre + (o.timestamps ? `${new Date(epoch + l.t).toISOString().replace('Z', '000000Z')} ` : '') + l.text + '\n';
    let lines = inst.logs.slice();
    if (o.sinceMs !== undefined) lines = lines.filter((l) => l.t >= ctx.cluster.now() - o.sinceMs!);
    if (o.tail >= 0) lines = o.tail === 0 ? [] : lines.slice(-o.tail);
    for (const l of lines) io.out(fmt(l));
    if (!follow) {
      const partial = inst.partial.stdout + inst.partial.stderr;
      if (partial) io.out(pre + partial);
    } else if (inst.state === 'running') followed.push({ inst, printed: inst.logs.length, pre });
  }
  if (!followed.length) return { code: 0 };
  // Follow: stream new lines until every followed container has exited, or Ctrl-C.
  let stopped = false;
  const poll = () => {
    if (stopped) return;
    for (const f of followed) {
      while (f.printed < f.inst.logs.length) {
        const l = f.inst.logs[f.printed++]!;
        io.out(f.pre + (o.timestamps ? `${new Date(epoch + l.t).toISOString().replace('Z', '000000Z')} ` : '') + l.text + '\n');
      }
    }
    if (followed.every((f) => f.inst.state !== 'running')) {
      stopped = true;
      ctx.done(0);
      return;
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

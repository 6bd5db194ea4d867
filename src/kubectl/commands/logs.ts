/** kubectl logs POD [-c C] [-p] [-f] [--tail N] [--since D] [--timestamps] [--all-containers]. */
import { type KubectlContext } from '../context';
import { parseFlags, type FlagSpec } from '../flags';
import { formatApiError } from '../errors';
import { notFound, badRequest } from '../../cluster/errors';
import { pickContainer } from './pods';
import type { CommandResult } from '../io';
import type { ContainerInstance, LogLine } from '../../cluster/kubelet/types';
import { parseGoDuration } from '../godur';

export const LOGS_FLAGS: FlagSpec[] = [
  { name: 'container', short: 'c', type: 'string' },
  { name: 'previous', short: 'p', type: 'bool' },
  { name: 'follow', short: 'f', type: 'bool' },
  { name: 'tail', type: 'int', default: -1 },
  { name: 'since', type: 'string' },
  { name: 'timestamps', type: 'bool' },
  { name: 'all-containers', type: 'bool' },
  { name: 'prefix', type: 'bool' },
];

export function logs(argv: string[], ctx: KubectlContext): CommandResult {
  const p = parseFlags(argv, LOGS_FLAGS);
  const io = ctx.io;
  const ns = (p.flags.namespace as string) ?? ctx.namespace;
  if (!p.args.length) {
    io.err("error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n");
    return { code: 1 };
  }
  let podName = p.args[0]!;
  if (podName.startsWith('pod/') || podName.startsWith('pods/')) podName = podName.split('/')[1]!;
  let containerArg = (p.flags.container as string | undefined) ?? p.args[1];
  const pod = ctx.cluster.store.get('Pod', ns, podName);
  if (!pod) {
    io.err(formatApiError(notFound('pods', podName)) + '\n');
    return { code: 1 };
  }
  const c = pickContainer(pod, containerArg, ctx, true);
  if (typeof c !== 'string') {
    io.err(formatApiError(badRequest(c.error)) + '\n');
    return { code: 1 };
  }
  containerArg = c;
  const worker = ctx.cluster.workerFor(pod);
  const rec = worker?.record(c);
  const waitingReason = () => {
    const all = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
    const st = all.find((s: any) => s.name === c);
    return st?.state?.waiting?.reason ?? 'ContainerCreating';
  };
  // Which run to read, as the kubelet's validateContainerLogStatus picks it: --previous is the
  // status's lastState (the crashed run while in CrashLoopBackOff), otherwise the current run.
  const cur = rec?.current;
  const lastState = cur?.state === 'running' ? rec?.previous : rec?.waiting ? cur : rec?.previous;
  let inst: ContainerInstance | undefined;
  if (p.flags.previous) {
    inst = lastState;
    if (!inst) {
      io.err(formatApiError(badRequest(`previous terminated container "${c}" in pod "${podName}" not found`)) + '\n');
      return { code: 1 };
    }
  } else {
    inst = cur;
    if (!inst) {
      const reason = waitingReason();
      const why = reason === 'ErrImagePull' ? "image can't be pulled" : reason === 'ImagePullBackOff' ? 'trying and failing to pull image' : reason;
      io.err(formatApiError(badRequest(`container "${c}" in pod "${podName}" is waiting to start: ${why}`)) + '\n');
      return { code: 1 };
    }
  }
  const epoch = ctx.cluster.epochMs;
  const sinceMs = p.flags.since ? parseGoDuration(p.flags.since as string) : undefined;
  if (p.flags.since && sinceMs === undefined) {
    io.err(`error: invalid argument "${p.flags.since}" for "--since" flag: time: invalid duration "${p.flags.since}"\n`);
    return { code: 1 };
  }
  const fmt = (l: LogLine) => (p.flags.timestamps ? `${new Date(epoch + l.t).toISOString().replace('Z', '000000Z')} ` : '') + l.text + '\n';
  let lines = inst.logs.slice();
  if (sinceMs !== undefined) lines = lines.filter((l) => l.t >= ctx.cluster.now() - sinceMs);
  const tail = p.flags.tail as number;
  if (tail >= 0) lines = tail === 0 ? [] : lines.slice(-tail);
  for (const l of lines) io.out(fmt(l));
  if (!p.flags.follow || inst.state !== 'running') {
    if (!p.flags.follow) {
      const partial = inst.partial.stdout + inst.partial.stderr;
      if (partial) io.out(partial);
    }
    return { code: 0 };
  }
  // Follow: stream new lines until the container exits or Ctrl-C.
  let printed = inst.logs.length;
  let stopped = false;
  const followed = inst;
  const poll = () => {
    if (stopped) return;
    while (printed < followed.logs.length) io.out(fmt(followed.logs[printed++]!));
    if (followed.state !== 'running') {
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

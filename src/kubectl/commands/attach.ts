/** kubectl attach POD [-c C] [-i] [-t]: connect the terminal to a running container's main process. */
import { type KubectlContext } from '../context';
import { parseFlags, type FlagSpec } from '../flags';
import { formatApiError } from '../errors';
import { notFound } from '../../cluster/errors';
import { pickContainer, unreachableKubelet } from './pods';
import type { CommandResult } from '../io';

const ATTACH_FLAGS: FlagSpec[] = [
  { name: 'container', short: 'c', type: 'string' },
  { name: 'stdin', short: 'i', type: 'bool' },
  { name: 'tty', short: 't', type: 'bool' },
  { name: 'quiet', short: 'q', type: 'bool' },
];

export function attach(argv: string[], ctx: KubectlContext): CommandResult {
  const p = parseFlags(argv, ATTACH_FLAGS);
  const io = ctx.io;
  const ns = (p.flags.namespace as string) ?? ctx.namespace;
  let name = p.args[0];
  if (!name) {
    io.err('error: expected POD, TYPE/NAME, or TYPE NAME, (at most 2 arguments) saw 0\n');
    return { code: 1 };
  }
  if (name.startsWith('pod/')) name = name.slice(4);
  const pod = ctx.cluster.store.get('Pod', ns, name);
  if (!pod) {
    io.err(formatApiError(notFound('pods', name)) + '\n');
    return { code: 1 };
  }
  const c = pickContainer(pod, p.flags.container as string | undefined, ctx, true);
  if (typeof c !== 'string') {
    io.err(`error: container ${p.flags.container} not found in pod ${name}\n`);
    return { code: 1 };
  }
  const kubeletIP = unreachableKubelet(ctx, pod);
  if (kubeletIP) {
    io.err(`Error from server: error dialing backend: dial tcp ${kubeletIP}:10250: connect: connection refused\n`);
    return { code: 1 };
  }
  const worker = ctx.cluster.workerFor(pod);
  let returned = false;
  let finished = false;
  const a = worker?.attach(c, { stdout: (t) => io.out(t), stderr: (t) => io.err(t) }, (code) => {
    if (finished) return;
    finished = true;
    if (returned) ctx.done(code);
  });
  if (!a) {
    io.err(`error: cannot attach to a container in a completed pod; current phase is ${pod.status?.phase ?? 'Unknown'}\n`);
    return { code: 1 };
  }
  if (p.flags.stdin && !p.flags.quiet) io.err("If you don't see a command prompt, try pressing enter.\n");
  returned = true;
  return {
    running: {
      interrupt: () => {
        if (p.flags.stdin && p.flags.tty) a.signal('SIGINT');
        else {
          a.detach();
          finished = true;
          ctx.done(130);
        }
      },
      input: p.flags.stdin
        ? (data: string) => {
            if (data === '\u0004') a.closeStdin();
            else a.writeStdin(data);
          }
        : undefined,
    },
  };
}

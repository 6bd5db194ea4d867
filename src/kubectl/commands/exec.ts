/** kubectl exec POD [-c C] [-i] [-t] -- CMD…: runs a process inside a running container. */
import { type KubectlContext } from '../context';
import { parseFlags, type FlagSpec } from '../flags';
import { formatApiError } from '../errors';
import { notFound } from '../../cluster/errors';
import { pickContainer, unreachableKubelet } from './pods';
import { CommandNotFound } from '../../cluster/shell';
import type { CommandResult } from '../io';

export const EXEC_FLAGS: FlagSpec[] = [
  { name: 'container', short: 'c', type: 'string' },
  { name: 'stdin', short: 'i', type: 'bool' },
  { name: 'tty', short: 't', type: 'bool' },
  { name: 'quiet', short: 'q', type: 'bool' },
  { name: 'filename', short: 'f', type: 'strings' },
];

export function exec(argv: string[], ctx: KubectlContext): CommandResult {
  const p = parseFlags(argv, EXEC_FLAGS);
  const io = ctx.io;
  const ns = (p.flags.namespace as string) ?? ctx.namespace;
  if (!p.args.length) {
    io.err("error: pod, type/name or --filename must be specified\n");
    return { code: 1 };
  }
  if (!p.rest || !p.rest.length) {
    if (p.args.length > 1) io.err(`error: exec [POD] [COMMAND] is not supported anymore. Use exec [POD] -- [COMMAND] instead\nSee 'kubectl exec -h' for help and examples\n`);
    else io.err('error: you must specify at least one command for the container\n');
    return { code: 1 };
  }
  let podName = p.args[0]!;
  if (podName.startsWith('pod/')) podName = podName.slice(4);
  const pod = ctx.cluster.store.get('Pod', ns, podName);
  if (!pod) {
    io.err(formatApiError(notFound('pods', podName)) + '\n');
    return { code: 1 };
  }
  const phase = pod.status?.phase;
  if (phase === 'Succeeded' || phase === 'Failed') {
    io.err(`error: cannot exec into a container in a completed pod; current phase is ${phase}\n`);
    return { code: 1 };
  }
  const c = pickContainer(pod, p.flags.container as string | undefined, ctx, true);
  if (typeof c !== 'string') {
    io.err(`error: unable to upgrade connection: container not found ("${p.flags.container}")\n`);
    return { code: 1 };
  }
  const kubeletIP = unreachableKubelet(ctx, pod);
  if (kubeletIP) {
    io.err(`Error from server: error dialing backend: dial tcp ${kubeletIP}:10250: connect: connection refused\n`);
    return { code: 1 };
  }
  const worker = ctx.cluster.workerFor(pod);
  const rec = worker?.record(c);
  if (!worker || rec?.current?.state !== 'running') {
    io.err(`error: unable to upgrade connection: container not found ("${c}")\n`);
    return { code: 1 };
  }
  const tty = !!p.flags.tty && !!p.flags.stdin;
  if (p.flags.tty && !p.flags.stdin) io.err('Unable to use a TTY - input is not a terminal or the right kind of file\n');
  let finished = false;
  let returned = false;
  let exitCode = 0;
  let proc;
  try {
    proc = worker.exec(c, p.rest, { stdout: (t) => io.out(t), stderr: (t) => io.err(t) }, (code) => {
      if (finished) return;
      finished = true;
      exitCode = code;
      if (code !== 0) io.err(`command terminated with exit code ${code}\n`);
      if (returned) ctx.done(code);
    }, tty, !!p.flags.stdin);
  } catch (e) {
    if (!(e instanceof CommandNotFound)) throw e;
    const cmd = p.rest[0]!;
    io.err(`error: Internal error occurred: Internal error occurred: error executing command in container: failed to exec in container: failed to start exec "${ctx.cluster.rng.hex(64)}": OCI runtime exec failed: exec failed: unable to start container process: exec: "${cmd}": executable file not found in $PATH: unknown\n`);
    return { code: 1 };
  }
  proc.start();
  if (finished) return { code: exitCode };
  returned = true;
  return {
    running: {
      interrupt: () => proc.signal('SIGINT'),
      input: (data: string) => {
        if (data === '\u0004') proc.closeStdin();
        else proc.writeStdin(data);
      },
    },
  };
}

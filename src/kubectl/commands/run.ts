/** kubectl run NAME --image=IMG [--restart=Never] [--labels=k=v] [--port=N] [--command] [-- args]. */
import { type KubectlContext } from '../context';
import { parseFlags, type FlagSpec } from '../flags';
import { formatApiError } from '../errors';
import { ApiError } from '../../cluster/errors';
import type { CommandResult } from '../io';

export const RUN_FLAGS: FlagSpec[] = [
  { name: 'image', type: 'string' },
  { name: 'restart', type: 'string', default: 'Always' },
  { name: 'labels', short: 'l', type: 'string' },
  { name: 'port', type: 'string' },
  { name: 'command', type: 'bool' },
  { name: 'env', type: 'strings' },
  { name: 'dry-run', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'image-pull-policy', type: 'string' },
  { name: 'stdin', short: 'i', type: 'bool' },
  { name: 'tty', short: 't', type: 'bool' },
  { name: 'rm', type: 'bool' },
];

export function run(argv: string[], ctx: KubectlContext): CommandResult {
  const p = parseFlags(argv, RUN_FLAGS);
  const io = ctx.io;
  const ns = (p.flags.namespace as string) ?? ctx.namespace;
  const name = p.args[0];
  if (!name) {
    io.err("error: NAME is required for run\nSee 'kubectl run -h' for help and examples\n");
    return { code: 1 };
  }
  const image = p.flags.image as string | undefined;
  if (!image) {
    io.err('error: --image is required\n');
    return { code: 1 };
  }
  const restart = p.flags.restart as string;
  if (!['Always', 'OnFailure', 'Never'].includes(restart)) {
    io.err(`error: invalid restart policy: ${restart}\n`);
    return { code: 1 };
  }
  const labels: Record<string, string> = {};
  if (p.flags.labels) for (const kv of String(p.flags.labels).split(',')) labels[kv.split('=')[0]!] = kv.split('=').slice(1).join('=');
  else labels.run = name;
  const container: any = { name, image, resources: {} };
  if (p.rest?.length) {
    if (p.flags.command) container.command = p.rest;
    else container.args = p.rest;
  }
  if (p.flags.port) container.ports = [{ containerPort: Number(p.flags.port) }];
  if (p.flags['image-pull-policy']) container.imagePullPolicy = p.flags['image-pull-policy'];
  if (p.flags.env) container.env = (p.flags.env as string[]).map((kv) => ({ name: kv.split('=')[0], value: kv.split('=').slice(1).join('=') }));
  const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: ns, labels }, spec: { containers: [container], restartPolicy: restart, dnsPolicy: 'ClusterFirst' } };
  const dry = p.flags['dry-run'];
  try {
    if (dry !== 'client') ctx.cluster.api.create(pod as any, { dryRun: dry === 'server' });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    io.err(formatApiError(e) + '\n');
    return { code: 1 };
  }
  io.out(`pod/${name} created${dry === 'client' ? ' (dry run)' : dry === 'server' ? ' (server dry run)' : ''}\n`);
  return { code: 0 };
}

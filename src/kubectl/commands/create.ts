/** kubectl create: -f manifests, or the generators `namespace NAME` and `service clusterip|nodeport NAME --tcp=P:T`. */
import { type KubectlContext } from '../context';
import { parseFlags, type FlagSpec } from '../flags';
import { formatApiError } from '../errors';
import { ApiError } from '../../cluster/errors';
import { apply } from './apply';
import { createConfigMap, createSecret } from './create-configmap-secret';
import { createPdb } from './node-ops';
import * as workloadsExt from '../ext/workloads';
import * as batchExt from '../ext/batch';
import * as autoscalingExt from '../ext/autoscaling';
import type { CommandResult } from '../io';

const GEN_FLAGS: FlagSpec[] = [
  { name: 'tcp', type: 'strings' },
  { name: 'dry-run', type: 'string' },
  { name: 'output', short: 'o', type: 'string' },
  { name: 'node-port', type: 'int' },
];

export function create(argv: string[], ctx: KubectlContext): CommandResult {
  const first = argv.find((a) => !a.startsWith('-'));
  const io = ctx.io;
  if (first === 'configmap' || first === 'cm') return createConfigMap(argv, ctx);
  if (first === 'poddisruptionbudget' || first === 'pdb') return createPdb(argv, ctx);
  for (const ext of [workloadsExt, batchExt, autoscalingExt]) {
    const gen = first ? ext.CREATE_GENERATORS[first] : undefined;
    if (gen) return gen(argv.slice(argv.indexOf(first!)), ctx);
  }
  if (first === 'secret') return createSecret(argv, ctx);
  if (first === 'namespace' || first === 'ns') {
    const p = parseFlags(argv, GEN_FLAGS);
    const name = p.args[1];
    if (!name) {
      io.err('error: exactly one NAME is required, got 0\n');
      return { code: 1 };
    }
    return send(ctx, { apiVersion: 'v1', kind: 'Namespace', metadata: { name }, spec: {}, status: { phase: 'Active' } }, `namespace/${name}`, p.flags['dry-run'] as string | undefined);
  }
  if (first === 'service' || first === 'svc') {
    const p = parseFlags(argv, GEN_FLAGS);
    const type = p.args[1];
    const name = p.args[2];
    if (!type || !['clusterip', 'nodeport'].includes(type)) {
      io.err(`error: unknown command "${type ?? ''}" for "kubectl create service"\n`);
      return { code: 1 };
    }
    if (!name) {
      io.err('error: exactly one NAME is required, got 0\n');
      return { code: 1 };
    }
    const tcp = (p.flags.tcp as string[]) ?? [];
    if (!tcp.length) {
      io.err('error: at least one tcp port specifier must be provided\n');
      return { code: 1 };
    }
    const ports = tcp.map((s) => {
      const [port, target] = s.split(':');
      return { name: `${port}-${target ?? port}`, port: Number(port), protocol: 'TCP', targetPort: Number(target ?? port) };
    });
    const ns = (p.flags.namespace as string) ?? ctx.namespace;
    const svc = { apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: ns, labels: { app: name } }, spec: { ports, selector: { app: name }, type: type === 'nodeport' ? 'NodePort' : 'ClusterIP' } };
    return send(ctx, svc, `service/${name}`, p.flags['dry-run'] as string | undefined);
  }
  return apply(argv, ctx, 'create');
}

function send(ctx: KubectlContext, obj: any, label: string, dry: string | undefined): CommandResult {
  try {
    if (dry !== 'client') ctx.cluster.api.create(obj, { dryRun: dry === 'server' });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    ctx.io.err(formatApiError(e) + '\n');
    return { code: 1 };
  }
  ctx.io.out(`${label} created${dry === 'client' ? ' (dry run)' : dry === 'server' ? ' (server dry run)' : ''}\n`);
  return { code: 0 };
}

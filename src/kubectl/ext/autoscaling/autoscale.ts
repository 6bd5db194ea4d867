/**
 * `kubectl autoscale (TYPE NAME | TYPE/NAME) [--min=MINPODS] --max=MAXPODS [--cpu=70%|500m]
 * [--memory=80%|512Mi] [--cpu-percent=N] [--name=N]` (kubectl pkg/cmd/autoscale/autoscale.go,
 * v1.34+: creates autoscaling/v2; --cpu-percent deprecated).
 */
import type { KubectlContext } from '../../context';
import type { CommandResult } from '../../io';
import { parseFlags, type FlagSpec } from '../../flags';
import { formatApiError } from '../../errors';
import { ApiError } from '../../../cluster/errors';
import { resolveResource, qualifiedResource } from '../../../cluster/objects';
import { parseQuantity } from '../../../cluster/hpa/quantity';

const FLAGS: FlagSpec[] = [
  { name: 'min', type: 'int', default: -1 },
  { name: 'max', type: 'int', default: -1 },
  { name: 'cpu-percent', type: 'int', default: -1 },
  { name: 'cpu', type: 'string' },
  { name: 'memory', type: 'string' },
  { name: 'name', type: 'string' },
  { name: 'dry-run', type: 'string' },
  { name: 'filename', short: 'f', type: 'strings' },
];

export const CPU_PERCENT_DEPRECATION =
  "Flag --cpu-percent has been deprecated, Use --cpu with percentage or resource quantity format (e.g., '70%' for utilization or '500m' for milliCPU).";

const AUTOSCALABLE = ['Deployment', 'ReplicaSet', 'StatefulSet', 'ReplicationController'];

function metricFor(resource: 'cpu' | 'memory', v: string): { metric?: any; error?: string } {
  if (v.endsWith('%')) {
    const n = v.slice(0, -1);
    if (!/^\d+$/.test(n) || Number(n) < 1) return { error: `invalid ${resource} utilization value: ${v}` };
    return { metric: { type: 'Resource', resource: { name: resource, target: { type: 'Utilization', averageUtilization: Number(n) } } } };
  }
  try {
    parseQuantity(v);
  } catch {
    return { error: `invalid ${resource} quantity value: ${v}` };
  }
  return { metric: { type: 'Resource', resource: { name: resource, target: { type: 'AverageValue', averageValue: v } } } };
}

export function autoscale(argv: string[], ctx: KubectlContext): CommandResult {
  const p = parseFlags(argv, FLAGS);
  const io = ctx.io;
  if (p.set.has('cpu-percent')) io.err(CPU_PERCENT_DEPRECATION + '\n');
  const ns = (p.flags.namespace as string) ?? ctx.namespace;
  const min = p.flags.min as number;
  const max = p.flags.max as number;
  const cpuPercent = p.flags['cpu-percent'] as number;
  const cpu = p.flags.cpu as string | undefined;
  const memory = p.flags.memory as string | undefined;
  const dry = p.flags['dry-run'] as string | undefined;
  const fail = (msg: string) => {
    io.err(`error: ${msg}\n`);
    return { code: 1 };
  };
  // Complete: resource arguments.
  let typed: string | undefined;
  let name: string | undefined;
  if (p.args.length === 1 && p.args[0]!.includes('/')) [typed, name] = p.args[0]!.split('/') as [string, string];
  else if (p.args.length >= 2) [typed, name] = [p.args[0]!, p.args[1]!];
  else if (p.args.length === 0 && !p.flags.filename) return fail('You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   \'-f rsrc.yaml\'\n   \'--filename=rsrc.json\'\n   \'<resource> <name>\'\n   \'<resource>\'');
  else if (p.flags.filename) return fail('autoscale -f is not available in this lab yet; use TYPE NAME');
  // Validate
  if (max < 1) return fail(`--max=MAXPODS is required and must be at least 1, max: ${max}`);
  if (max < min) return fail(`--max=MAXPODS must be larger or equal to --min=MINPODS, max: ${max}, min: ${min}`);
  if (cpuPercent >= 0 && cpu !== undefined) return fail('--cpu-percent and --cpu are mutually exclusive');
  if (!typed || !name) return fail('resource(s) were provided, but no name was specified');
  const info = resolveResource(typed);
  if (!info) return fail(`the server doesn't have a resource type "${typed}"`);
  const target = ctx.cluster.store.get(info.kind, ns, name);
  if (!target) {
    io.err(`Error from server (NotFound): ${qualifiedResource(info)} "${name}" not found\n`);
    return { code: 1 };
  }
  if (!AUTOSCALABLE.includes(info.kind)) return fail(`cannot autoscale a ${info.kind}: cannot autoscale a ${info.kind}`);
  const metrics: any[] = [];
  if (cpuPercent >= 0) metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpuPercent } } });
  for (const [res, v] of [
    ['cpu', cpu],
    ['memory', memory],
  ] as const) {
    if (v === undefined) continue;
    const m = metricFor(res, v);
    if (m.error) return fail(m.error);
    metrics.push(m.metric);
  }
  const hpaName = (p.flags.name as string | undefined) ?? name;
  const hpa = {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: hpaName, namespace: ns },
    spec: {
      scaleTargetRef: { apiVersion: target.apiVersion, kind: target.kind, name },
      ...(min > -1 ? { minReplicas: min } : {}),
      maxReplicas: max,
      ...(metrics.length ? { metrics } : {}),
    },
  };
  try {
    if (dry !== 'client') ctx.cluster.api.create(hpa, { dryRun: dry === 'server' });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    io.err(formatApiError(e) + '\n');
    return { code: 1 };
  }
  io.out(`horizontalpodautoscaler.autoscaling/${hpaName} autoscaled${dry === 'client' ? ' (dry run)' : dry === 'server' ? ' (server dry run)' : ''}\n`);
  return { code: 0 };
}

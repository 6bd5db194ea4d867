/** kubectl expose (deployment|replicaset|pod|service) NAME --port=P [--target-port] [--name] [--type] [--protocol]. */
import { type KubectlContext } from '../context';
import { parseFlags } from '../flags';
import { formatApiError } from '../errors';
import { ApiError, notFound } from '../../cluster/errors';
import { resolveResource, qualifiedResource } from '../../cluster/objects';
import type { CommandResult } from '../io';

export function expose(argv: string[], ctx: KubectlContext): CommandResult {
  const p = parseFlags(argv, [
    { name: 'port', type: 'string' },
    { name: 'target-port', type: 'string' },
    { name: 'name', type: 'string' },
    { name: 'type', type: 'string' },
    { name: 'protocol', type: 'string' },
    { name: 'selector', type: 'string' },
    { name: 'dry-run', type: 'string' },
  ]);
  const io = ctx.io;
  let [typ, name] = p.args;
  if (typ?.includes('/')) [typ, name] = typ.split('/') as [string, string];
  const info = typ ? resolveResource(typ) : undefined;
  if (!typ || !name) {
    io.err("error: You must provide one or more resources by argument or filename.\nExample resource specifications include:\n   '-f rsrc.yaml'\n   '--filename=rsrc.json'\n   '<resource> <name>'\n   '<resource>'\n");
    return { code: 1 };
  }
  if (!info) {
    io.err(`error: the server doesn't have a resource type "${typ}"\n`);
    return { code: 1 };
  }
  const ns = (p.flags.namespace as string) ?? ctx.namespace;
  const obj = ctx.cluster.store.get(info.kind, ns, name);
  if (!obj) {
    io.err(formatApiError(notFound(qualifiedResource(info), name)) + '\n');
    return { code: 1 };
  }
  // The selector: a workload's matchLabels, a pod's labels, a service's selector.
  let selector: Record<string, string> | undefined;
  if (info.kind === 'Pod') selector = obj.metadata.labels;
  else if (info.kind === 'Service') selector = obj.spec?.selector;
  else if (obj.spec?.selector?.matchExpressions?.length) {
    io.err(`error: couldn't retrieve selectors via --selector flag or introspection: the ${info.singular} has a non-map selector and cannot be exposed\n`);
    return { code: 1 };
  } else selector = obj.spec?.selector?.matchLabels ?? obj.spec?.selector;
  if (!selector || !Object.keys(selector).length) {
    io.err(`error: couldn't retrieve selectors via --selector flag or introspection: the ${info.singular} has no labels\n`);
    return { code: 1 };
  }
  let port = p.flags.port as string | undefined;
  if (!port) {
    const ports = (info.kind === 'Pod' ? obj.spec?.containers : obj.spec?.template?.spec?.containers ?? [])?.flatMap((c: any) => c.ports ?? []) ?? [];
    if (ports[0]) port = String(ports[0].containerPort);
  }
  if (!port) {
    io.err("error: couldn't find port via --port flag or introspection\nSee 'kubectl expose -h' for help and examples\n");
    return { code: 1 };
  }
  const svcName = (p.flags.name as string) ?? name;
  const tp = p.flags['target-port'] as string | undefined;
  const svc = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: svcName, namespace: ns, ...(obj.metadata.labels ? { labels: obj.metadata.labels } : {}) },
    spec: {
      ports: [{ port: Number(port), protocol: (p.flags.protocol as string) ?? 'TCP', targetPort: tp ? (/^\d+$/.test(tp) ? Number(tp) : tp) : Number(port) }],
      selector,
      ...(p.flags.type ? { type: p.flags.type } : {}),
    },
  };
  try {
    if (p.flags['dry-run'] !== 'client') ctx.cluster.api.create(svc as any);
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    io.err(formatApiError(e) + '\n');
    return { code: 1 };
  }
  io.out(`service/${svcName} exposed\n`);
  return { code: 0 };
}

/**
 * `kubectl api-resources`: discovery order, i.e. API groups by the API server's group priority
 * (core first, then apps, autoscaling, batch, policy, coordination, discovery…), resources
 * alphabetical within a group; columns through the tabwriter like every table.
 */
import { KINDS } from '../../cluster/objects';
import { tableWriter } from '../../cluster/tabwriter';
import type { KubectlContext } from '../context';
import type { CommandResult } from '../io';

/** kube-apiserver's group priority order (highest first) for the groups the model serves. */
const GROUP_ORDER = ['', 'apps', 'events.k8s.io', 'autoscaling', 'batch', 'networking.k8s.io', 'policy', 'coordination.k8s.io', 'discovery.k8s.io'];

export function apiResources(_args: string[], ctx: KubectlContext): CommandResult {
  const rank = (g: string) => (GROUP_ORDER.indexOf(g) + 1 || GROUP_ORDER.length + 1);
  const kinds = [...KINDS].sort((a, b) => rank(a.group) - rank(b.group) || (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0));
  const rows = ['NAME\tSHORTNAMES\tAPIVERSION\tNAMESPACED\tKIND', ...kinds.map((k) => `${k.resource}\t${k.shortNames.join(',')}\t${k.apiVersion}\t${k.namespaced}\t${k.kind}`)];
  ctx.io.out(tableWriter().format(rows.join('\n') + '\n'));
  return { code: 0 };
}

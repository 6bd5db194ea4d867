/** Service validation (k/k ValidateService subset). Service names are DNS-1035 labels. */
import type { FieldCause } from '../errors';
import { dns1035Label, q } from './names';
import { validateObjectMeta } from './validate-pod';

export function validateService(svc: any): FieldCause[] {
  const errs: FieldCause[] = [];
  validateObjectMeta(svc.metadata, errs, dns1035Label);
  const spec = svc.spec ?? {};
  const type = spec.type ?? 'ClusterIP';
  if (!['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'].includes(type))
    errs.push({ field: 'spec.type', message: `Unsupported value: ${q(type)}: supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"` });
  const ports = spec.ports ?? [];
  if (type !== 'ExternalName' && ports.length === 0 && spec.clusterIP !== 'None') errs.push({ field: 'spec.ports', message: 'Required value' });
  ports.forEach((p: any, i: number) => {
    const pp = `spec.ports[${i}]`;
    if (ports.length > 1 && !p.name) errs.push({ field: `${pp}.name`, message: 'Required value' });
    if (p.port === undefined) errs.push({ field: `${pp}.port`, message: 'Required value' });
    else if (!(Number.isInteger(p.port) && p.port >= 1 && p.port <= 65535)) errs.push({ field: `${pp}.port`, message: `Invalid value: ${p.port}: must be between 1 and 65535, inclusive` });
  });
  return errs;
}

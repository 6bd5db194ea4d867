/** Ephemeral container validation (provisional; the full rules land with kubectl debug). */
import type { FieldCause } from '../errors';

export function validateEphemeralContainers(pod: any, newList: any[], oldList: any[]): FieldCause[] {
  const errs: FieldCause[] = [];
  const names = new Set<string>([...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])].map((c: any) => c.name));
  newList.forEach((c, i) => {
    const path = `spec.ephemeralContainers[${i}]`;
    if (i >= oldList.length && names.has(c.name)) errs.push({ field: `${path}.name`, message: `Duplicate value: "${c.name}"` });
    names.add(c.name);
    for (const f of ['ports', 'resources', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle'])
      if (c[f] !== undefined) errs.push({ field: `${path}.${f}`, message: 'Forbidden: cannot be set for an Ephemeral Container' });
    if (c.targetContainerName && !(pod.spec.containers ?? []).some((x: any) => x.name === c.targetContainerName))
      errs.push({ field: `${path}.targetContainerName`, message: `Not found: "${c.targetContainerName}"` });
  });
  return errs;
}

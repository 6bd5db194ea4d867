/**
 * The pods/ephemeralcontainers subresource's validation (k/k ValidatePodEphemeralContainersUpdate
 * plus validateEphemeralContainers): every ephemeral container gets the common container rules,
 * names are unique across containers, init containers and ephemeral containers, the target must
 * be an existing non-ephemeral container, probes/ports/resources/lifecycle/restartPolicy and
 * subPath are forbidden, and existing ephemeral containers may never be changed or removed.
 */
import type { FieldCause } from '../errors';
import { type ContainerContext, validateEphemeralList, forbidden, specDiff } from './validate-pod';

function contextFor(pod: any): ContainerContext {
  const spec = pod?.spec ?? {};
  const volumes = new Set<string>((Array.isArray(spec.volumes) ? spec.volumes : []).map((v: any) => v?.name).filter(Boolean));
  const g = spec.terminationGracePeriodSeconds;
  return { volumes, grace: typeof g === 'number' ? g : 30, hostUsers: spec.hostUsers !== false };
}

/**
 * @param pod     the live pod (its containers, init containers and volumes are what targets and mounts refer to)
 * @param newList the complete ephemeralContainers list requested (existing ones + the new one)
 * @param oldList the pod's current ephemeralContainers
 */
export function validateEphemeralContainers(pod: any, newList: any[], oldList: any[]): FieldCause[] {
  const errs: FieldCause[] = [];
  // static pods don't support ephemeral containers (#113935)
  if (pod?.metadata?.annotations?.['kubernetes.io/config.mirror'] !== undefined) return [forbidden('', 'static pods do not support ephemeral containers')];
  // The same per-container rules a pod's ephemeralContainers list gets on create.
  validateEphemeralList({ ...(pod?.spec ?? {}), ephemeralContainers: newList }, contextFor(pod), errs);
  // Existing ephemeral containers may not be changed. Order isn't preserved by patch, so match by name.
  const byName = new Map(newList.map((c: any) => [c?.name, c]));
  for (const old of oldList) {
    const now = byName.get(old?.name);
    if (!now) errs.push(forbidden('spec.ephemeralContainers', `existing ephemeral containers ${JSON.stringify(old?.name)} may not be removed\n`));
    else if (JSON.stringify(sortKeys(old)) !== JSON.stringify(sortKeys(now)))
      errs.push(forbidden('spec.ephemeralContainers', `existing ephemeral containers ${JSON.stringify(old.name)} may not be changed\n${specDiff(old, now, 'core.EphemeralContainer')}`));
  }
  return errs;
}

function sortKeys(v: any): any {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  return v;
}

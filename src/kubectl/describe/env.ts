/**
 * kubectl describe: a container's `Environment Variables from:` / `Environment:` blocks and the
 * pod's `Volumes:` entries (kubectl pkg/describe/describe.go: describeContainerEnvFrom,
 * describeContainerEnvVars, EnvValueRetriever, describeVolumes and the print*VolumeSource helpers).
 */
import type { PrefixWriter } from './writer';
import { extractContainerResourceValue, extractFieldPathAsString } from '../../cluster/kubelet/downward';

/**
 * EnvValueRetriever: kubectl converts the field label with its own scheme, which only knows
 * metadata.name and metadata.namespace (runtime.DefaultMetaV1FieldSelectorConversion); every other
 * fieldRef shows an empty value: `MY_POD_IP:   (v1:status.podIP)`.
 */
export function envValueRetriever(pod: any): (fieldRef: { apiVersion?: string; fieldPath: string }) => string {
  return (fieldRef) => {
    const path = fieldRef.fieldPath;
    if (path !== 'metadata.name' && path !== 'metadata.namespace') return '';
    const r = extractFieldPathAsString(pod, path);
    return r.ok ? r.value : '';
  };
}

/** describeContainerEnvFrom: only written when the container has envFrom. */
export function describeContainerEnvFrom(w: PrefixWriter, container: any): void {
  const list: any[] = container.envFrom ?? [];
  w.write(2, `Environment Variables from:${list.length ? '' : '\t<none>'}\n`);
  for (const e of list) {
    let from = '';
    let name = '';
    let optional = false;
    if (e.configMapRef) {
      from = 'ConfigMap';
      name = e.configMapRef.name ?? '';
      optional = e.configMapRef.optional === true;
    } else if (e.secretRef) {
      from = 'Secret';
      name = e.secretRef.name ?? '';
      optional = e.secretRef.optional === true;
    }
    if (!e.prefix) w.write(3, `${name}\t${from}\tOptional: ${optional}\n`);
    else w.write(3, `${name}\t${from} with prefix '${e.prefix}'\tOptional: ${optional}\n`);
  }
}

/** describeContainerEnvVars: the `Environment:` block. */
export function describeContainerEnvVars(w: PrefixWriter, container: any, pod: any): void {
  const env: any[] = container.env ?? [];
  w.write(2, `Environment:${env.length ? '' : '\t<none>'}\n`);
  const resolve = envValueRetriever(pod);
  for (const e of env) {
    if (!e.valueFrom) {
      String(e.value ?? '')
        .split('\n')
        .forEach((s, i) => w.write(3, i === 0 ? `${e.name}:\t${s}\n` : `\t${s}\n`));
      continue;
    }
    const vf = e.valueFrom;
    if (vf.fieldRef) {
      w.write(3, `${e.name}:\t${resolve(vf.fieldRef)} (${vf.fieldRef.apiVersion ?? 'v1'}:${vf.fieldRef.fieldPath})\n`);
    } else if (vf.resourceFieldRef) {
      const r = extractContainerResourceValue(vf.resourceFieldRef, container);
      let valueFrom = r.ok ? r.value : '';
      const resource = vf.resourceFieldRef.resource;
      if (valueFrom === '0' && (resource === 'limits.cpu' || resource === 'limits.memory')) valueFrom = 'node allocatable';
      w.write(3, `${e.name}:\t${valueFrom} (${resource})\n`);
    } else if (vf.secretKeyRef) {
      w.write(3, `${e.name}:\t<set to the key '${vf.secretKeyRef.key}' in secret '${vf.secretKeyRef.name}'>\tOptional: ${vf.secretKeyRef.optional === true}\n`);
    } else if (vf.configMapKeyRef) {
      w.write(3, `${e.name}:\t<set to the key '${vf.configMapKeyRef.key}' of config map '${vf.configMapKeyRef.name}'>\tOptional: ${vf.configMapKeyRef.optional === true}\n`);
    }
  }
}

/** What describeContainers writes for env: the envFrom block (if any), then `Environment:`. */
export function describeContainerEnvironment(w: PrefixWriter, container: any, pod: any): void {
  if ((container.envFrom ?? []).length > 0) describeContainerEnvFrom(w, container);
  describeContainerEnvVars(w, container, pod);
}

/** One volume's lines under `Volumes:` (after the `  name:` line): describeVolumes' switch. */
export function describeVolumeSource(w: PrefixWriter, v: any): void {
  if (v.hostPath) {
    w.write(2, `Type:\tHostPath (bare host directory volume)\n`);
    w.write(2, `Path:\t${v.hostPath.path}\n`);
    w.write(2, `HostPathType:\t${v.hostPath.type === undefined || v.hostPath.type === null ? '<none>' : v.hostPath.type}\n`);
  } else if (v.emptyDir !== undefined && v.emptyDir !== null) {
    const sl = v.emptyDir.sizeLimit;
    w.write(2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n`);
    w.write(2, `Medium:\t${v.emptyDir.medium ?? ''}\n`);
    w.write(2, `SizeLimit:\t${sl !== undefined && sl !== null && String(sl) !== '0' ? sl : '<unset>'}\n`);
  } else if (v.secret) {
    w.write(2, `Type:\tSecret (a volume populated by a Secret)\n`);
    w.write(2, `SecretName:\t${v.secret.secretName ?? ''}\n`);
    w.write(2, `Optional:\t${v.secret.optional === true}\n`);
  } else if (v.configMap) {
    w.write(2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n`);
    w.write(2, `Name:\t${v.configMap.name ?? ''}\n`);
    w.write(2, `Optional:\t${v.configMap.optional === true}\n`);
  } else if (v.persistentVolumeClaim) {
    w.write(2, `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n`);
    w.write(2, `ClaimName:\t${v.persistentVolumeClaim.claimName ?? ''}\n`);
    w.write(2, `ReadOnly:\t${v.persistentVolumeClaim.readOnly === true}\n`);
  } else if (v.downwardAPI) {
    w.write(2, `Type:\tDownwardAPI (a volume populated by information about the pod)\n`);
    w.write(2, `Items:\n`);
    for (const it of v.downwardAPI.items ?? []) {
      if (it.fieldRef) w.write(3, `${it.fieldRef.fieldPath} -> ${it.path}\n`);
      if (it.resourceFieldRef) w.write(3, `${it.resourceFieldRef.resource} -> ${it.path}\n`);
    }
  } else if (v.projected) {
    w.write(2, `Type:\tProjected (a volume that contains injected data from multiple sources)\n`);
    for (const s of v.projected.sources ?? []) {
      // kubectl describe.go printProjectedVolumeSource: Optional is a *bool, printed with %v.
      if (s.secret) {
        w.write(2, `SecretName:\t${s.secret.name ?? ''}\n`);
        w.write(2, `SecretOptionalName:\t${s.secret.optional ?? '<nil>'}\n`);
      } else if (s.downwardAPI) w.write(2, `DownwardAPI:\ttrue\n`);
      else if (s.configMap) {
        w.write(2, `ConfigMapName:\t${s.configMap.name ?? ''}\n`);
        w.write(2, `ConfigMapOptional:\t${s.configMap.optional ?? '<nil>'}\n`);
      } else if (s.serviceAccountToken) w.write(2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds ?? 3600}\n`);
    }
  } else if (v.nfs) {
    w.write(2, `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n`);
    w.write(2, `Server:\t${v.nfs.server ?? ''}\n`);
    w.write(2, `Path:\t${v.nfs.path ?? ''}\n`);
    w.write(2, `ReadOnly:\t${v.nfs.readOnly === true}\n`);
  } else w.write(1, '<unknown>\n');
}

/** describeVolumes: the pod's `Volumes:` section. */
export function describeVolumes(w: PrefixWriter, volumes: any[]): void {
  if (!volumes.length) {
    w.write(0, 'Volumes:\t<none>\n');
    return;
  }
  w.write(0, 'Volumes:\n');
  for (const v of volumes) {
    w.write(1, `${v.name}:\n`);
    describeVolumeSource(w, v);
  }
}

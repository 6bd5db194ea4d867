/**
 * The API server's write path: validation, defaulting/admission, ClusterIP allocation, graceful
 * pod deletion. kubectl talks to this; controllers write status through the store directly.
 */
import type { ApiStore } from '../store';
import type { Network } from '../network';
import type { Rng } from '../rng';
import { type KObject, kindInfo, qualifiedResource, deepClone } from '../objects';
import { ApiError, invalid, notFound, type FieldCause } from '../errors';
import { validatePod } from './validate-pod';
import { validateService } from './validate-service';
import { validateObjectMeta } from './validate-pod';
import { dns1123Subdomain, dns1123Label } from './names';
import { defaultPod, defaultService } from './defaults';
import { validateEphemeralContainers } from './validate-ephemeral';
import { parseImageRef, defaultPullPolicy } from '../runtime/images';
import { KIND_HOOKS } from './kinds';
import { matchesLabelSelector } from '../selectors';
import './kinds/index';

const POD_MUTABLE_MSG =
  'Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)';

export interface DeleteOptions {
  gracePeriodSeconds?: number;
}

export class ApiServer {
  constructor(
    readonly store: ApiStore,
    private readonly network: Network,
    private readonly rng: Rng,
    private readonly now: () => number,
  ) {}

  private validate(obj: KObject): FieldCause[] {
    switch (obj.kind) {
      case 'Pod':
        return validatePod(obj);
      case 'Service':
        return validateService(obj);
      case 'Namespace': {
        const errs: FieldCause[] = [];
        validateObjectMeta(obj.metadata, errs, dns1123Label);
        return errs;
      }
      default: {
        const errs: FieldCause[] = [];
        validateObjectMeta(obj.metadata, errs, dns1123Subdomain);
        errs.push(...(KIND_HOOKS.get(obj.kind)?.validate?.(obj) ?? []));
        return errs;
      }
    }
  }

  private checkNamespace(obj: KObject): void {
    const info = kindInfo(obj.kind);
    if (!info?.namespaced) return;
    const ns = obj.metadata.namespace ?? 'default';
    if (!this.store.get('Namespace', undefined, ns)) throw notFound('namespaces', ns);
  }

  /** POST: create a new object. Throws ApiError (AlreadyExists, Invalid, NotFound namespace). */
  create(input: KObject, opts: { dryRun?: boolean } = {}): KObject {
    const obj = deepClone(input);
    if (obj.metadata.generateName && !obj.metadata.name) obj.metadata.name = obj.metadata.generateName + this.rng.k8sSuffix(5);
    KIND_HOOKS.get(obj.kind)?.default?.(obj, { rng: this.rng, now: () => this.store.timestamp() });
    const errs = this.validate(obj);
    if (errs.length) throw invalid(obj.kind, obj.metadata.name ?? '', errs);
    this.checkNamespace(obj);
    const info = kindInfo(obj.kind);
    if (this.store.get(obj.kind, obj.metadata.namespace, obj.metadata.name))
      throw new ApiError('AlreadyExists', `${info ? qualifiedResource(info) : obj.kind} "${obj.metadata.name}" already exists`, 409);
    if (obj.kind === 'Pod' && obj.spec?.ephemeralContainers !== undefined) {
      throw invalid('Pod', obj.metadata.name, [{ field: 'spec.ephemeralContainers', message: 'Forbidden: cannot be set on create' }]);
    }
    if (obj.kind === 'Pod') {
      defaultPod(obj, this.rng);
      delete obj.status;
      obj.status = { phase: 'Pending', qosClass: qosClass(obj) };
    }
    if (obj.kind === 'Service') {
      defaultService(obj);
      if (!opts.dryRun) this.allocateServiceIP(obj);
    }
    if (obj.kind === 'Secret') obj.type ??= 'Opaque';
    if (opts.dryRun) return obj;
    return this.store.create(obj);
  }

  private allocateServiceIP(svc: KObject): void {
    const spec = svc.spec;
    if (spec.type === 'ExternalName') return;
    if (spec.clusterIP === 'None') {
      spec.clusterIPs = ['None'];
      return;
    }
    if (spec.clusterIP) {
      if (!this.network.reserveClusterIP(spec.clusterIP))
        throw invalid('Service', svc.metadata.name, [{ field: 'spec.clusterIPs', message: `Invalid value: []string{"${spec.clusterIP}"}: failed to allocate IP ${spec.clusterIP}: provided IP is already allocated` }]);
    } else spec.clusterIP = this.network.allocateClusterIP();
    spec.clusterIPs = [spec.clusterIP];
  }

  /**
   * PUT-like update used by `kubectl apply` for existing objects: `desired` holds the user's
   * manifest merged over the live object. Returns whether anything changed.
   */
  update(desired: KObject, opts: { dryRun?: boolean } = {}): { obj: KObject; changed: boolean } {
    const live = this.store.get(desired.kind, desired.metadata.namespace, desired.metadata.name);
    const info = kindInfo(desired.kind);
    if (!live) throw notFound(info ? qualifiedResource(info) : desired.kind, desired.metadata.name);
    const next = deepClone(desired);
    const hooks = KIND_HOOKS.get(next.kind);
    hooks?.default?.(next, { rng: this.rng, now: () => this.store.timestamp() });
    const errs = [...this.validate(next), ...(hooks?.validateUpdate?.(next, live) ?? [])];
    if (errs.length) throw invalid(next.kind, next.metadata.name, errs);
    if (next.kind === 'Pod') {
      defaultPodForCompare(next, live);
      const a = JSON.stringify(stripMutable(live.spec));
      const b = JSON.stringify(stripMutable(next.spec));
      if (a !== b) throw invalid('Pod', next.metadata.name, [{ field: 'spec', message: POD_MUTABLE_MSG }]);
    }
    if (next.kind === 'Service') {
      defaultService(next);
      next.spec.clusterIP = live.spec.clusterIP;
      next.spec.clusterIPs = live.spec.clusterIPs;
    }
    next.metadata = { ...live.metadata, labels: next.metadata.labels, annotations: next.metadata.annotations };
    next.status = live.status;
    const changed = JSON.stringify(next) !== JSON.stringify(live);
    if (!changed || opts.dryRun) return { obj: live, changed };
    if (next.metadata.generation !== undefined && JSON.stringify(next.spec) !== JSON.stringify(live.spec)) next.metadata.generation = (live.metadata.generation ?? 1) + 1;
    return { obj: this.store.update(next, live), changed };
  }

  /**
   * PATCH pods/NAME/ephemeralcontainers: the only way to add an ephemeral container (what
   * `kubectl debug` calls). Existing ones can never be changed or removed.
   */
  addEphemeralContainer(namespace: string, name: string, ec: any): KObject {
    const live = this.store.get('Pod', namespace, name);
    if (!live) throw notFound('pods', name);
    const list: any[] = live.spec.ephemeralContainers ?? [];
    const next = deepClone(ec);
    next.imagePullPolicy ??= (() => {
      const ref = parseImageRef(next.image ?? '');
      return 'error' in ref ? 'IfNotPresent' : defaultPullPolicy(ref);
    })();
    next.terminationMessagePath ??= '/dev/termination-log';
    next.terminationMessagePolicy ??= 'File';
    const errs = validateEphemeralContainers(live, [...list, next], list);
    if (errs.length) throw invalid('Pod', name, errs);
    return this.store.mutate('Pod', namespace, name, (p) => {
      p.spec.ephemeralContainers = [...list, next];
    })!;
  }

  /**
   * POST pods/NAME/eviction: a delete that honours PodDisruptionBudgets. 429 when a budget
   * covering the pod allows no disruption; otherwise the budget is charged and the pod deleted.
   */
  evict(namespace: string, name: string): KObject {
    const pod = this.store.get('Pod', namespace, name);
    if (!pod) throw notFound('pods', name);
    const healthy = (pod.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
    const pdbs = this.store.list('PodDisruptionBudget', namespace).filter((b) => b.spec?.selector && matchesLabelSelector(b.spec.selector, (pod.metadata.labels ?? {}) as Record<string, string>));
    if (pdbs.length > 1) throw new ApiError('InternalError', 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.', 500);
    const pdb = pdbs[0];
    // Unhealthy pods and terminal ones may always be evicted (unhealthyPodEvictionPolicy IfHealthyBudget).
    if (pdb && healthy && pod.status?.phase === 'Running') {
      if ((pdb.status?.disruptionsAllowed ?? 0) < 1) throw new ApiError('TooManyRequests', "Cannot evict pod as it would violate the pod's disruption budget.", 429);
      this.store.mutate('PodDisruptionBudget', namespace, pdb.metadata.name, (b) => {
        b.status.disruptionsAllowed -= 1;
        b.status.disruptedPods = { ...(b.status.disruptedPods ?? {}), [name]: this.store.timestamp() };
      });
    }
    return this.delete('Pod', namespace, name);
  }

  /**
   * DELETE. Pods bound to a node and not yet terminal are deleted gracefully: the API server sets
   * deletionTimestamp and the kubelet finishes the job. Everything else goes at once.
   */
  delete(kind: string, namespace: string | undefined, name: string, opts: DeleteOptions = {}): KObject {
    const info = kindInfo(kind);
    const live = this.store.get(kind, namespace, name);
    if (!live) throw notFound(info ? qualifiedResource(info) : kind, name);
    if (kind === 'Pod') {
      const grace = opts.gracePeriodSeconds ?? live.spec.terminationGracePeriodSeconds ?? 30;
      const terminal = live.status?.phase === 'Succeeded' || live.status?.phase === 'Failed';
      if (live.spec.nodeName && !terminal && grace > 0) {
        if (live.metadata.deletionTimestamp) {
          // A second delete may only shorten the grace period.
          if (grace >= (live.metadata.deletionGracePeriodSeconds ?? Infinity)) return live;
        }
        return this.store.mutate(kind, namespace, name, (p) => {
          p.metadata.deletionGracePeriodSeconds = grace;
          p.metadata.deletionTimestamp = new Date(Date.parse(this.store.timestamp()) + grace * 1000).toISOString().replace('.000Z', 'Z');
        })!;
      }
    }
    if (kind === 'Service') this.network.releaseClusterIP(live.spec?.clusterIP);
    if (kind === 'Namespace') {
      for (const k of ['Pod', 'Service', 'Endpoints', 'Event', 'ConfigMap', 'Secret', 'ServiceAccount'])
        for (const o of this.store.list(k, name)) this.store.remove(k, name, o.metadata.name);
    }
    this.store.remove(kind, namespace, name);
    return live;
  }
}

/** Fill the defaults an update would not repeat, from the live object, so only real edits differ. */
function defaultPodForCompare(next: any, live: any): void {
  const spec = next.spec;
  const liveSpec = live.spec;
  for (const k of Object.keys(liveSpec)) if (spec[k] === undefined && !['containers', 'initContainers'].includes(k)) spec[k] = liveSpec[k];
  const fill = (list: any[] | undefined, liveList: any[] | undefined) =>
    (list ?? []).forEach((c, i) => {
      const lc = liveList?.[i];
      if (!lc) return;
      for (const k of Object.keys(lc)) if (c[k] === undefined) c[k] = lc[k];
    });
  fill(spec.containers, liveSpec.containers);
  fill(spec.initContainers, liveSpec.initContainers);
  // tolerations: only additions allowed; the defaulted ones come back from live
  if (spec.tolerations && liveSpec.tolerations) for (const t of liveSpec.tolerations) if (!spec.tolerations.some((x: any) => JSON.stringify(x) === JSON.stringify(t))) spec.tolerations.push(t);
}

function stripMutable(spec: any): any {
  const s = deepClone(spec);
  for (const c of s.containers ?? []) delete c.image;
  for (const c of s.initContainers ?? []) delete c.image;
  delete s.activeDeadlineSeconds;
  delete s.tolerations;
  delete s.terminationGracePeriodSeconds;
  return s;
}

/** v1qos.GetPodQOS, simplified to the common cases. */
export function qosClass(pod: any): 'Guaranteed' | 'Burstable' | 'BestEffort' {
  const all = [...(pod.spec.initContainers ?? []), ...(pod.spec.containers ?? [])];
  let any = false;
  let guaranteed = true;
  for (const c of all) {
    const req = c.resources?.requests ?? {};
    const lim = c.resources?.limits ?? {};
    if (Object.keys(req).length || Object.keys(lim).length) any = true;
    for (const r of ['cpu', 'memory']) {
      if (lim[r] === undefined || (req[r] !== undefined && String(req[r]) !== String(lim[r]))) guaranteed = false;
    }
  }
  if (!any) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

/**
 * Kubernetes object shapes. We reuse `kubernetes-types` (type-only, zero runtime) so the model
 * speaks the real API's field names.
 */
import type { ObjectMeta, OwnerReference } from 'kubernetes-types/meta/v1';
import type { Pod, Service, Node, Namespace, Event, Endpoints, ConfigMap, Secret, ServiceAccount } from 'kubernetes-types/core/v1';

export type { ObjectMeta, OwnerReference, Pod, Service, Node, Namespace, Event, Endpoints, ConfigMap, Secret, ServiceAccount };
export type {
  Container,
  ContainerStatus,
  ContainerState,
  PodCondition,
  PodSpec,
  PodStatus,
  Volume,
  EnvVar,
} from 'kubernetes-types/core/v1';

/** Mutable object metadata (kubernetes-types' ObjectMeta is read-only). */
export interface Meta {
  name: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  deletionTimestamp?: string;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: any[];
  finalizers?: string[];
  [key: string]: any;
}

/** Any API object: what the store holds. */
export interface KObject {
  apiVersion: string;
  kind: string;
  metadata: Meta;
  spec?: any;
  status?: any;
  [key: string]: any;
}

/** Static facts per kind: API group/version, plural resource name, scope. Data, like printers.go. */
export interface KindInfo {
  kind: string;
  apiVersion: string;
  /** lower-case plural resource, e.g. "pods" */
  resource: string;
  /** group suffix used in kubectl output, e.g. "apps" → deployment.apps/web */
  group: string;
  namespaced: boolean;
  shortNames: string[];
  singular: string;
  /** Other apiVersions the API server also serves this kind at (autoscaling/v1 HPAs). */
  altVersions?: string[];
}

export const KINDS: KindInfo[] = [
  { kind: 'Pod', apiVersion: 'v1', resource: 'pods', group: '', namespaced: true, shortNames: ['po'], singular: 'pod' },
  { kind: 'Service', apiVersion: 'v1', resource: 'services', group: '', namespaced: true, shortNames: ['svc'], singular: 'service' },
  { kind: 'Event', apiVersion: 'v1', resource: 'events', group: '', namespaced: true, shortNames: ['ev'], singular: 'event' },
  { kind: 'Node', apiVersion: 'v1', resource: 'nodes', group: '', namespaced: false, shortNames: ['no'], singular: 'node' },
  { kind: 'Namespace', apiVersion: 'v1', resource: 'namespaces', group: '', namespaced: false, shortNames: ['ns'], singular: 'namespace' },
  { kind: 'Endpoints', apiVersion: 'v1', resource: 'endpoints', group: '', namespaced: true, shortNames: ['ep'], singular: 'endpoints' },
  { kind: 'ConfigMap', apiVersion: 'v1', resource: 'configmaps', group: '', namespaced: true, shortNames: ['cm'], singular: 'configmap' },
  { kind: 'Secret', apiVersion: 'v1', resource: 'secrets', group: '', namespaced: true, shortNames: [], singular: 'secret' },
  { kind: 'ServiceAccount', apiVersion: 'v1', resource: 'serviceaccounts', group: '', namespaced: true, shortNames: ['sa'], singular: 'serviceaccount' },
  { kind: 'Deployment', apiVersion: 'apps/v1', resource: 'deployments', group: 'apps', namespaced: true, shortNames: ['deploy'], singular: 'deployment' },
  { kind: 'ReplicaSet', apiVersion: 'apps/v1', resource: 'replicasets', group: 'apps', namespaced: true, shortNames: ['rs'], singular: 'replicaset' },
  { kind: 'DaemonSet', apiVersion: 'apps/v1', resource: 'daemonsets', group: 'apps', namespaced: true, shortNames: ['ds'], singular: 'daemonset' },
  { kind: 'Job', apiVersion: 'batch/v1', resource: 'jobs', group: 'batch', namespaced: true, shortNames: [], singular: 'job' },
  { kind: 'CronJob', apiVersion: 'batch/v1', resource: 'cronjobs', group: 'batch', namespaced: true, shortNames: ['cj'], singular: 'cronjob' },
  { kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2', resource: 'horizontalpodautoscalers', group: 'autoscaling', namespaced: true, shortNames: ['hpa'], singular: 'horizontalpodautoscaler', altVersions: ['autoscaling/v1'] },
  { kind: 'PodDisruptionBudget', apiVersion: 'policy/v1', resource: 'poddisruptionbudgets', group: 'policy', namespaced: true, shortNames: ['pdb'], singular: 'poddisruptionbudget' },
  { kind: 'EndpointSlice', apiVersion: 'discovery.k8s.io/v1', resource: 'endpointslices', group: 'discovery.k8s.io', namespaced: true, shortNames: [], singular: 'endpointslice' },
  { kind: 'Lease', apiVersion: 'coordination.k8s.io/v1', resource: 'leases', group: 'coordination.k8s.io', namespaced: true, shortNames: [], singular: 'lease' },
];

const byKind = new Map(KINDS.map((k) => [k.kind, k]));

export function kindInfo(kind: string): KindInfo | undefined {
  return byKind.get(kind);
}

/** Resolve what a user typed (`po`, `pods`, `pod`, `Pod`, `pods.v1`) to a kind. */
export function resolveResource(typed: string): KindInfo | undefined {
  const t = typed.toLowerCase().split('.')[0]!;
  return KINDS.find((k) => k.resource === t || k.singular === t || k.shortNames.includes(t) || k.kind.toLowerCase() === t);
}

/** "pod", "deployment.apps": the prefix kubectl prints in `<prefix>/<name> created`. */
export function qualifiedSingular(info: KindInfo): string {
  return info.group ? `${info.singular}.${info.group}` : info.singular;
}

/** "pods", "deployments.apps": the name API errors use (`pods "x" not found`). */
export function qualifiedResource(info: KindInfo): string {
  return info.group ? `${info.resource}.${info.group}` : info.resource;
}

export function deepClone<T>(v: T): T {
  return structuredClone(v);
}

export function labelsOf(o: KObject): Record<string, string> {
  return (o.metadata.labels ?? {}) as Record<string, string>;
}

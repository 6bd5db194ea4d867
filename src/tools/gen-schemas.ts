/**
 * Generates src/kubectl/schema/k8s-schemas.json from the `kubernetes-types`
 * TypeScript declarations (doc comments become `description`).
 *
 *   npx tsx src/tools/gen-schemas.ts      (wired as `npm run schemas`)
 *
 * Output shape:
 *   {
 *     "$schema": draft-07,
 *     "definitions": { <every definition reachable from the kinds> },
 *     "kinds": { "v1/Pod": { "$ref": "#/definitions/Pod" }, "apps/v1/Deployment": ..., ... },
 *     "go": { "packages": {...}, "types": {...} }
 *   }
 *
 * Post-processing on top of ts-json-schema-generator:
 *   - Quantity accepts string or number (plus the apimachinery regex for strings);
 *   - inline `number | string` (IntOrString in the TS types) becomes `$ref: IntOrString`;
 *   - `number` becomes `integer` with `format: int32|int64` (Go width, see INT64_FIELDS);
 *   - Time is `format: date-time`, FieldsV1 is an opaque object;
 *   - Secret.data / ConfigMap.binaryData values carry `contentEncoding: base64` ([]byte in Go);
 *   - each kind's root gets `apiVersion`/`kind` as `const` and both required;
 *   - objects keep `additionalProperties: false`, maps keep their value schema;
 *   - keys are sorted recursively so the output is deterministic.
 *
 * The `go` section is what src/kubectl/schema/strict.ts needs to phrase errors like the API
 * server's Go JSON decoder ("... into Go struct field ContainerPort.spec.containers.ports.containerPort
 * of type int32"): the Go package of each definition that is not in a `v1` package, and the Go
 * type of every field whose type is a named Go type the TypeScript declarations erased
 * (`imagePullPolicy` is a `v1.PullPolicy`, `limits` a `v1.ResourceList`, ...).
 */
import { createGenerator } from 'ts-json-schema-generator';
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

/** The kinds, keyed `apiVersion/Kind`, with the kubernetes-types module declaring each. */
const KINDS: ReadonlyArray<{ apiVersion: string; kind: string; module: string }> = [
  { apiVersion: 'v1', kind: 'Pod', module: 'core/v1' },
  { apiVersion: 'v1', kind: 'Service', module: 'core/v1' },
  { apiVersion: 'v1', kind: 'ConfigMap', module: 'core/v1' },
  { apiVersion: 'v1', kind: 'Secret', module: 'core/v1' },
  { apiVersion: 'v1', kind: 'Namespace', module: 'core/v1' },
  { apiVersion: 'apps/v1', kind: 'Deployment', module: 'apps/v1' },
  { apiVersion: 'apps/v1', kind: 'ReplicaSet', module: 'apps/v1' },
  { apiVersion: 'apps/v1', kind: 'DaemonSet', module: 'apps/v1' },
  { apiVersion: 'batch/v1', kind: 'Job', module: 'batch/v1' },
  { apiVersion: 'batch/v1', kind: 'CronJob', module: 'batch/v1' },
  { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', module: 'autoscaling/v2' },
  { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', module: 'policy/v1' },
];

/** Modules that may declare reachable definitions; Go package name = last path segment. */
const MODULES = ['meta/v1', 'core/v1', 'apps/v1', 'batch/v1', 'autoscaling/v2', 'policy/v1', 'api/resource'];

/**
 * Integer fields that are int64 in Go; every other integer is int32. The TypeScript
 * declarations only say `number`, so this comes from the Go types (k8s.io/api 1.30).
 */
const INT64_FIELDS = new Set([
  'ObjectMeta.deletionGracePeriodSeconds',
  'ObjectMeta.generation',
  'PodSpec.activeDeadlineSeconds',
  'PodSpec.terminationGracePeriodSeconds',
  'Probe.terminationGracePeriodSeconds',
  'SleepAction.seconds',
  'SecurityContext.runAsGroup',
  'SecurityContext.runAsUser',
  'PodSecurityContext.fsGroup',
  'PodSecurityContext.runAsGroup',
  'PodSecurityContext.runAsUser',
  'PodSecurityContext.supplementalGroups',
  'Toleration.tolerationSeconds',
  'ServiceAccountTokenProjection.expirationSeconds',
  'Condition.observedGeneration',
  'DeploymentStatus.observedGeneration',
  'ReplicaSetStatus.observedGeneration',
  'DaemonSetStatus.observedGeneration',
  'JobSpec.activeDeadlineSeconds',
  'CronJobSpec.startingDeadlineSeconds',
  'HorizontalPodAutoscalerStatus.observedGeneration',
  'PodDisruptionBudgetStatus.observedGeneration',
]);

/** `map[string][]byte` fields: values are base64 on the wire. */
const BYTES_MAPS = new Set(['Secret.data', 'ConfigMap.binaryData']);

/**
 * Go types of fields whose Go type is a named type (after pointer dereference, as
 * encoding/json reports it). Fields not listed get a type derived from the schema:
 * string, bool, int32/int64, []T, map[string]T, <pkg>.<Definition>.
 */
const GO_FIELD_TYPES: Record<string, string> = {
  // meta/v1
  'ObjectMeta.uid': 'types.UID',
  'OwnerReference.uid': 'types.UID',
  'ManagedFieldsEntry.operation': 'v1.ManagedFieldsOperationType',
  'LabelSelectorRequirement.operator': 'v1.LabelSelectorOperator',
  'Condition.status': 'v1.ConditionStatus',
  // core/v1: containers
  'Container.imagePullPolicy': 'v1.PullPolicy',
  'Container.terminationMessagePolicy': 'v1.TerminationMessagePolicy',
  'Container.restartPolicy': 'v1.ContainerRestartPolicy',
  'EphemeralContainer.imagePullPolicy': 'v1.PullPolicy',
  'EphemeralContainer.terminationMessagePolicy': 'v1.TerminationMessagePolicy',
  'EphemeralContainer.restartPolicy': 'v1.ContainerRestartPolicy',
  'ContainerPort.protocol': 'v1.Protocol',
  'ContainerResizePolicy.resourceName': 'v1.ResourceName',
  'ContainerResizePolicy.restartPolicy': 'v1.ResourceResizeRestartPolicy',
  'ResourceRequirements.limits': 'v1.ResourceList',
  'ResourceRequirements.requests': 'v1.ResourceList',
  'VolumeResourceRequirements.limits': 'v1.ResourceList',
  'VolumeResourceRequirements.requests': 'v1.ResourceList',
  'VolumeMount.mountPropagation': 'v1.MountPropagationMode',
  'VolumeMount.recursiveReadOnly': 'v1.RecursiveReadOnlyMode',
  'VolumeMountStatus.recursiveReadOnly': 'v1.RecursiveReadOnlyMode',
  'HTTPGetAction.scheme': 'v1.URIScheme',
  'Capabilities.add': '[]v1.Capability',
  'Capabilities.drop': '[]v1.Capability',
  'SecurityContext.procMount': 'v1.ProcMountType',
  'SeccompProfile.type': 'v1.SeccompProfileType',
  'AppArmorProfile.type': 'v1.AppArmorProfileType',
  // core/v1: pod
  'PodSpec.restartPolicy': 'v1.RestartPolicy',
  'PodSpec.dnsPolicy': 'v1.DNSPolicy',
  'PodSpec.preemptionPolicy': 'v1.PreemptionPolicy',
  'PodSpec.overhead': 'v1.ResourceList',
  'PodOS.name': 'v1.OSName',
  'PodSecurityContext.fsGroupChangePolicy': 'v1.PodFSGroupChangePolicy',
  'Toleration.operator': 'v1.TolerationOperator',
  'Toleration.effect': 'v1.TaintEffect',
  'NodeSelectorRequirement.operator': 'v1.NodeSelectorOperator',
  'TopologySpreadConstraint.whenUnsatisfiable': 'v1.UnsatisfiableConstraintAction',
  'TopologySpreadConstraint.nodeAffinityPolicy': 'v1.NodeInclusionPolicy',
  'TopologySpreadConstraint.nodeTaintsPolicy': 'v1.NodeInclusionPolicy',
  'PodReadinessGate.conditionType': 'v1.PodConditionType',
  'PodCondition.type': 'v1.PodConditionType',
  'PodCondition.status': 'v1.ConditionStatus',
  'PodStatus.phase': 'v1.PodPhase',
  'PodStatus.qosClass': 'v1.PodQOSClass',
  'PodStatus.resize': 'v1.PodResizeStatus',
  'ContainerStatus.allocatedResources': 'v1.ResourceList',
  // core/v1: volumes
  'HostPathVolumeSource.type': 'v1.HostPathType',
  'EmptyDirVolumeSource.medium': 'v1.StorageMedium',
  'AzureDiskVolumeSource.cachingMode': 'v1.AzureDataDiskCachingMode',
  'AzureDiskVolumeSource.kind': 'v1.AzureDataDiskKind',
  'PersistentVolumeClaimSpec.accessModes': '[]v1.PersistentVolumeAccessMode',
  'PersistentVolumeClaimSpec.volumeMode': 'v1.PersistentVolumeMode',
  // core/v1: service, namespace, secret, references
  'ServiceSpec.type': 'v1.ServiceType',
  'ServiceSpec.sessionAffinity': 'v1.ServiceAffinity',
  'ServiceSpec.externalTrafficPolicy': 'v1.ServiceExternalTrafficPolicy',
  'ServiceSpec.internalTrafficPolicy': 'v1.ServiceInternalTrafficPolicy',
  'ServiceSpec.ipFamilies': '[]v1.IPFamily',
  'ServiceSpec.ipFamilyPolicy': 'v1.IPFamilyPolicy',
  'ServicePort.protocol': 'v1.Protocol',
  'PortStatus.protocol': 'v1.Protocol',
  'LoadBalancerIngress.ipMode': 'v1.LoadBalancerIPMode',
  'NamespaceSpec.finalizers': '[]v1.FinalizerName',
  'NamespaceStatus.phase': 'v1.NamespacePhase',
  'NamespaceCondition.type': 'v1.NamespaceConditionType',
  'NamespaceCondition.status': 'v1.ConditionStatus',
  'Secret.type': 'v1.SecretType',
  'ObjectReference.uid': 'types.UID',
  // apps/v1
  'DeploymentStrategy.type': 'v1.DeploymentStrategyType',
  'DeploymentCondition.type': 'v1.DeploymentConditionType',
  'DeploymentCondition.status': 'v1.ConditionStatus',
  'ReplicaSetCondition.type': 'v1.ReplicaSetConditionType',
  'ReplicaSetCondition.status': 'v1.ConditionStatus',
  'DaemonSetUpdateStrategy.type': 'v1.DaemonSetUpdateStrategyType',
  'DaemonSetCondition.type': 'v1.DaemonSetConditionType',
  'DaemonSetCondition.status': 'v1.ConditionStatus',
  // batch/v1
  'JobSpec.completionMode': 'v1.CompletionMode',
  'JobSpec.podReplacementPolicy': 'v1.PodReplacementPolicy',
  'PodFailurePolicyRule.action': 'v1.PodFailurePolicyAction',
  'PodFailurePolicyOnExitCodesRequirement.operator': 'v1.PodFailurePolicyOnExitCodesOperator',
  'PodFailurePolicyOnPodConditionsPattern.type': 'v1.PodConditionType',
  'PodFailurePolicyOnPodConditionsPattern.status': 'v1.ConditionStatus',
  'JobCondition.type': 'v1.JobConditionType',
  'JobCondition.status': 'v1.ConditionStatus',
  'UncountedTerminatedPods.failed': '[]types.UID',
  'UncountedTerminatedPods.succeeded': '[]types.UID',
  'CronJobSpec.concurrencyPolicy': 'v1.ConcurrencyPolicy',
  // autoscaling/v2
  'HPAScalingRules.selectPolicy': 'v2.ScalingPolicySelect',
  'HPAScalingPolicy.type': 'v2.HPAScalingPolicyType',
  'MetricSpec.type': 'v2.MetricSourceType',
  'MetricStatus.type': 'v2.MetricSourceType',
  'MetricTarget.type': 'v2.MetricTargetType',
  'ResourceMetricSource.name': 'v1.ResourceName',
  'ResourceMetricStatus.name': 'v1.ResourceName',
  'ContainerResourceMetricSource.name': 'v1.ResourceName',
  'ContainerResourceMetricStatus.name': 'v1.ResourceName',
  'HorizontalPodAutoscalerCondition.type': 'v2.HorizontalPodAutoscalerConditionType',
  'HorizontalPodAutoscalerCondition.status': 'v1.ConditionStatus',
  // policy/v1
  'PodDisruptionBudgetSpec.unhealthyPodEvictionPolicy': 'v1.UnhealthyPodEvictionPolicyType',
};

const QUANTITY_PATTERN = '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$';
const INT_OR_STRING_DESCRIPTION =
  'IntOrString is a type that can hold an int32 or a string. When used in JSON or YAML marshalling and unmarshalling, it produces or consumes the inner type. This allows you to have, for example, a JSON field that can accept a name or number.';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const OUT = join(root, 'src/kubectl/schema/k8s-schemas.json');

function isObj(v: Json | undefined): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function refName(ref: string): string {
  return decodeURIComponent(ref.replace('#/definitions/', ''));
}

/** Recursively sorts object keys (arrays keep their order). */
function sortKeys(v: Json): Json {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (!isObj(v)) return v;
  const out: Obj = {};
  for (const k of Object.keys(v).sort()) out[k] = sortKeys(v[k] as Json);
  return out;
}

/** Definitions reachable from `roots` through `$ref`. */
function reachable(defs: Obj, roots: string[]): Set<string> {
  const seen = new Set<string>();
  const stack = [...roots];
  const visit = (v: Json | undefined): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (isObj(v)) {
      for (const [k, x] of Object.entries(v)) {
        if (k === '$ref' && typeof x === 'string') stack.push(refName(x));
        else visit(x);
      }
    }
  };
  while (stack.length) {
    const n = stack.pop() as string;
    if (seen.has(n)) continue;
    if (!(n in defs)) throw new Error(`dangling $ref to ${n}`);
    seen.add(n);
    visit(defs[n]);
  }
  return seen;
}

function isIntOrString(s: Obj): boolean {
  const t = s.type;
  return Array.isArray(t) && t.length === 2 && t.includes('number') && t.includes('string');
}

/** Rewrites one property schema of definition `def` (field `prop`). */
function transformProperty(def: string, prop: string, s: Obj): Obj {
  const key = `${def}.${prop}`;
  if (isIntOrString(s)) {
    const out: Obj = { $ref: '#/definitions/IntOrString' };
    if (s.description !== undefined) out.description = s.description;
    return out;
  }
  const intFormat = INT64_FIELDS.has(key) ? 'int64' : 'int32';
  const fixNumber = (x: Obj): Obj => (x.type === 'number' ? { ...x, type: 'integer', format: intFormat } : x);
  let out = fixNumber(s);
  if (out.type === 'array' && isObj(out.items)) out = { ...out, items: fixNumber(out.items) };
  if (BYTES_MAPS.has(key)) {
    if (!isObj(out.additionalProperties)) throw new Error(`${key} is not a map`);
    out = { ...out, additionalProperties: { ...out.additionalProperties, contentEncoding: 'base64' } };
  }
  return out;
}

function declaredIn(): Map<string, string> {
  const req = createRequire(import.meta.url);
  const where = new Map<string, string>();
  for (const m of MODULES) {
    const file = req.resolve(`kubernetes-types/${m}.d.ts`);
    const src = readFileSync(file, 'utf8');
    for (const match of src.matchAll(/^export (?:interface|type) (\w+)/gm)) {
      const name = match[1] as string;
      if (!where.has(name)) where.set(name, m);
    }
  }
  return where;
}

function generate(): { json: string; definitions: number } {
  const req = createRequire(import.meta.url);
  const typesDir = dirname(req.resolve('kubernetes-types/package.json'));
  const modules = [...new Set(KINDS.map((k) => k.module))];
  const generator = createGenerator({
    path: join(typesDir, `{${modules.join(',')}}.d.ts`),
    type: KINDS.map((k) => k.kind),
    skipTypeCheck: true,
    topRef: true,
    jsDoc: 'extended',
    expose: 'export',
    sortProps: true,
    additionalProperties: false,
  });
  const raw = generator.createSchema(KINDS.map((k) => k.kind)) as unknown as Obj;
  const rawDefs = raw.definitions;
  if (!isObj(rawDefs)) throw new Error('generator produced no definitions');

  const defs: Obj = {};
  for (const [name, d] of Object.entries(rawDefs)) {
    if (!isObj(d)) throw new Error(`definition ${name} is not an object`);
    let def: Obj = { ...d };
    if (isObj(def.properties)) {
      const props: Obj = {};
      for (const [p, ps] of Object.entries(def.properties)) {
        if (!isObj(ps)) throw new Error(`${name}.${p} is not a schema`);
        props[p] = transformProperty(name, p, ps);
      }
      def.properties = props;
    }
    if (name === 'Quantity') {
      def = { type: ['string', 'number'], pattern: QUANTITY_PATTERN, ...(def.description !== undefined ? { description: def.description } : {}) };
    } else if (name === 'Time') {
      def = { ...def, format: 'date-time' };
    } else if (name === 'FieldsV1') {
      // Opaque: metav1.FieldsV1 keeps whatever JSON it is given.
      def = { type: 'object', ...(def.description !== undefined ? { description: def.description } : {}) };
    }
    defs[name] = def;
  }
  defs.IntOrString = { type: ['integer', 'string'], format: 'int-or-string', description: INT_OR_STRING_DESCRIPTION };

  // Roots: apiVersion/kind are const and required.
  const kinds: Obj = {};
  for (const k of KINDS) {
    const def = defs[k.kind];
    if (!isObj(def) || !isObj(def.properties)) throw new Error(`kind ${k.kind} missing`);
    const props = def.properties;
    props.apiVersion = { ...(isObj(props.apiVersion) ? props.apiVersion : {}), type: 'string', const: k.apiVersion };
    props.kind = { ...(isObj(props.kind) ? props.kind : {}), type: 'string', const: k.kind };
    const required = new Set<string>(Array.isArray(def.required) ? (def.required as string[]) : []);
    required.add('apiVersion');
    required.add('kind');
    def.required = [...required].sort();
    kinds[`${k.apiVersion}/${k.kind}`] = { $ref: `#/definitions/${k.kind}` };
  }

  // Drop anything not reachable from the kinds.
  const keep = reachable(defs, KINDS.map((k) => k.kind));
  for (const name of Object.keys(defs)) if (!keep.has(name)) delete defs[name];

  // Go metadata for strict.ts.
  const where = declaredIn();
  const packages: Record<string, string[]> = {};
  for (const name of Object.keys(defs).sort()) {
    if (name === 'IntOrString') continue;
    const m = where.get(name);
    if (!m) throw new Error(`cannot tell which module declares ${name}`);
    const pkg = m.split('/').pop() as string;
    if (pkg === 'v1') continue; // the default
    (packages[pkg] ??= []).push(name);
  }
  for (const key of [...Object.keys(GO_FIELD_TYPES), ...INT64_FIELDS, ...BYTES_MAPS]) {
    const [d, p] = key.split('.') as [string, string];
    const def = defs[d];
    if (!isObj(def) || !isObj(def.properties) || !(p in def.properties)) {
      throw new Error(`Go type table names ${key}, which is not in the schema`);
    }
  }
  const go: Obj = { packages, types: { ...GO_FIELD_TYPES } };

  const out = sortKeys({
    $schema: 'http://json-schema.org/draft-07/schema#',
    definitions: defs,
    go,
    kinds,
  });
  return { json: JSON.stringify(out, null, 1) + '\n', definitions: keep.size };
}

function main(): void {
  const t0 = performance.now();
  const { json, definitions } = generate();
  mkdirSync(dirname(OUT), { recursive: true });
  writeFileSync(OUT, json);
  const ms = performance.now() - t0;
  const raw = Buffer.byteLength(json);
  const gz = gzipSync(json, { level: 9 }).length;
  const min = JSON.stringify(JSON.parse(json));
  const minGz = gzipSync(min, { level: 9 }).length;
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KiB`;
  console.log(`wrote ${OUT.slice(root.length + 1)}: ${KINDS.length} kinds, ${definitions} definitions`);
  console.log(`  file     ${kb(raw)} raw, ${kb(gz)} gzip`);
  console.log(`  minified ${kb(min.length)} raw, ${kb(minGz)} gzip (what a bundle carries)`);
  console.log(`  generated in ${(ms / 1000).toFixed(2)} s`);
}

main();

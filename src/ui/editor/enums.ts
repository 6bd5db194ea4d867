/**
 * Value completions for the editor's schema.
 *
 * The generated schemas (src/kubectl/schema) come from `kubernetes-types`, where string "enums"
 * such as `imagePullPolicy` are plain `string`s (the allowed values are only in doc comments).
 * The schema file does record each field's Go type (`go.types`: `Container.imagePullPolicy` →
 * `v1.PullPolicy`), so this overlay adds, per Go type:
 * - `enum` for closed sets the API server enforces ("Unsupported value"): completion + validation;
 * - `examples` for open sets (any resource name, custom Secret types): completion only.
 * A field that already has `enum`/`const`/`examples` is left alone, so if the generator starts
 * emitting enums itself this becomes a no-op.
 *
 * Pure: no Monaco, no DOM. Values are those of Kubernetes 1.30.
 */

/** Closed value sets, keyed by Go type as recorded in `go.types`. */
export const GO_ENUMS: Readonly<Record<string, readonly string[]>> = {
  'v1.PullPolicy': ['Always', 'IfNotPresent', 'Never'],
  'v1.RestartPolicy': ['Always', 'OnFailure', 'Never'],
  'v1.ContainerRestartPolicy': ['Always'],
  'v1.Protocol': ['TCP', 'UDP', 'SCTP'],
  'v1.ServiceType': ['ClusterIP', 'NodePort', 'LoadBalancer', 'ExternalName'],
  'v1.DNSPolicy': ['ClusterFirst', 'ClusterFirstWithHostNet', 'Default', 'None'],
  'v1.TerminationMessagePolicy': ['File', 'FallbackToLogsOnError'],
  'v1.ConcurrencyPolicy': ['Allow', 'Forbid', 'Replace'],
  'v1.DeploymentStrategyType': ['RollingUpdate', 'Recreate'],
  'v1.DaemonSetUpdateStrategyType': ['RollingUpdate', 'OnDelete'],
  'v1.ServiceAffinity': ['None', 'ClientIP'],
  'v1.ServiceExternalTrafficPolicy': ['Cluster', 'Local'],
  'v1.ServiceInternalTrafficPolicy': ['Cluster', 'Local'],
  'v1.IPFamilyPolicy': ['SingleStack', 'PreferDualStack', 'RequireDualStack'],
  'v1.MountPropagationMode': ['None', 'HostToContainer', 'Bidirectional'],
  'v1.RecursiveReadOnlyMode': ['Disabled', 'IfPossible', 'Enabled'],
  'v1.URIScheme': ['HTTP', 'HTTPS'],
  'v1.TaintEffect': ['NoSchedule', 'PreferNoSchedule', 'NoExecute'],
  'v1.TolerationOperator': ['Exists', 'Equal'],
  'v1.NodeSelectorOperator': ['In', 'NotIn', 'Exists', 'DoesNotExist', 'Gt', 'Lt'],
  'v1.LabelSelectorOperator': ['In', 'NotIn', 'Exists', 'DoesNotExist'],
  'v1.HostPathType': ['', 'DirectoryOrCreate', 'Directory', 'FileOrCreate', 'File', 'Socket', 'CharDevice', 'BlockDevice'],
  'v1.PersistentVolumeMode': ['Filesystem', 'Block'],
  'v1.PodFSGroupChangePolicy': ['OnRootMismatch', 'Always'],
  'v1.PodFailurePolicyAction': ['FailJob', 'FailIndex', 'Ignore', 'Count'],
  'v1.PodFailurePolicyOnExitCodesOperator': ['In', 'NotIn'],
  'v1.PodReplacementPolicy': ['TerminatingOrFailed', 'Failed'],
  'v1.CompletionMode': ['NonIndexed', 'Indexed'],
  'v1.PreemptionPolicy': ['PreemptLowerPriority', 'Never'],
  'v1.ProcMountType': ['Default', 'Unmasked'],
  'v1.SeccompProfileType': ['RuntimeDefault', 'Unconfined', 'Localhost'],
  'v1.AppArmorProfileType': ['RuntimeDefault', 'Unconfined', 'Localhost'],
  'v1.UnsatisfiableConstraintAction': ['DoNotSchedule', 'ScheduleAnyway'],
  'v1.NodeInclusionPolicy': ['Honor', 'Ignore'],
  'v1.OSName': ['linux', 'windows'],
  'v1.PersistentVolumeAccessMode': ['ReadWriteOnce', 'ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOncePod'],
  'v1.IPFamily': ['IPv4', 'IPv6'],
  'v1.ResourceResizeRestartPolicy': ['NotRequired', 'RestartContainer'],
  'v1.UnhealthyPodEvictionPolicyType': ['IfHealthyBudget', 'AlwaysAllow'],
  'v2.HPAScalingPolicyType': ['Pods', 'Percent'],
  'v2.MetricSourceType': ['Resource', 'Pods', 'Object', 'ContainerResource', 'External'],
  'v2.MetricTargetType': ['Utilization', 'AverageValue', 'Value'],
  'v2.ScalingPolicySelect': ['Max', 'Min', 'Disabled'],
};

/** Open value sets: offered as completions, not validated. */
export const GO_EXAMPLES: Readonly<Record<string, readonly string[]>> = {
  'v1.ResourceName': ['cpu', 'memory'],
  'v1.StorageMedium': ['', 'Memory', 'HugePages'],
  'v1.Capability': ['ALL', 'NET_ADMIN', 'NET_BIND_SERVICE', 'NET_RAW', 'SYS_ADMIN', 'SYS_TIME', 'CHOWN', 'SETUID', 'SETGID'],
  'v1.SecretType': [
    'Opaque',
    'kubernetes.io/tls',
    'kubernetes.io/dockerconfigjson',
    'kubernetes.io/basic-auth',
    'kubernetes.io/ssh-auth',
    'kubernetes.io/service-account-token',
    'bootstrap.kubernetes.io/token',
  ],
};

/** The schema shape this overlay touches (compatible with both the generator's and monaco-yaml's types). */
export interface SchemaNode {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  examples?: unknown[];
  items?: unknown;
  properties?: Record<string, unknown>;
  definitions?: Record<string, unknown>;
  [key: string]: unknown;
}

/**
 * Returns `schema` with value completions added to the fields `goTypes` maps to a known Go type.
 * Copy-on-write: `schema` and its definitions are not mutated (the generated ones are shared).
 */
export function withValueCompletions<S extends SchemaNode>(
  schema: S,
  goTypes: Readonly<Record<string, string>>,
  enums: Readonly<Record<string, readonly string[]>> = GO_ENUMS,
  examples: Readonly<Record<string, readonly string[]>> = GO_EXAMPLES,
): S {
  const defs = schema.definitions;
  if (!defs) return schema;
  let newDefs: Record<string, unknown> | undefined;
  for (const [field, recorded] of Object.entries(goTypes)) {
    // `[]v1.PersistentVolumeAccessMode`: the values go on the array's `items`.
    const goType = recorded.startsWith('[]') ? recorded.slice(2) : recorded;
    const closed = enums[goType];
    const open = closed ? undefined : examples[goType];
    if (!closed && !open) continue;
    const dot = field.indexOf('.');
    const defName = field.slice(0, dot);
    const prop = field.slice(dot + 1);
    const def = (newDefs ?? defs)[defName] as SchemaNode | undefined;
    const fieldSchema = def?.properties?.[prop] as SchemaNode | undefined;
    if (!def || !fieldSchema) continue;
    const target = isString(fieldSchema) ? fieldSchema : isString(fieldSchema.items) ? (fieldSchema.items as SchemaNode) : undefined;
    if (!target || target.enum !== undefined || target.const !== undefined || target.examples !== undefined) continue;
    const added: SchemaNode = closed ? { ...target, enum: [...closed] } : { ...target, examples: [...(open ?? [])] };
    const newField: SchemaNode = target === fieldSchema ? added : { ...fieldSchema, items: added };
    newDefs ??= { ...defs };
    const current = newDefs[defName] as SchemaNode;
    newDefs[defName] = { ...current, properties: { ...current.properties, [prop]: newField } };
  }
  return newDefs ? { ...schema, definitions: newDefs } : schema;
}

function isString(s: unknown): boolean {
  return typeof s === 'object' && s !== null && (s as SchemaNode).type === 'string' && (s as SchemaNode).$ref === undefined;
}

import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import {
  SUPPORTED_KINDS,
  base64Error,
  decodeErrorMessage,
  knownKind,
  parseQuantityError,
  strictDecode,
} from '../../../src/kubectl/schema/strict';

const y = (text: string): unknown => parse(text) as unknown;

const QUANTITY_FORMAT = "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

const POD = `
apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: default
  labels: {app: web, tier: "1"}
  annotations: {example.com/owner: team-a, checksum/config: abc123}
spec:
  nodeSelector: {kubernetes.io/os: linux, disktype: ssd}
  restartPolicy: Always
  terminationGracePeriodSeconds: 30
  securityContext: {runAsUser: 1000, runAsGroup: 3000, fsGroup: 2000, supplementalGroups: [4000]}
  tolerations:
  - {key: node-role.kubernetes.io/control-plane, operator: Exists, effect: NoSchedule}
  containers:
  - name: web
    image: nginx:1.27
    imagePullPolicy: IfNotPresent
    command: [sleep]
    args: ["3600"]
    ports:
    - {containerPort: 80, name: http, protocol: TCP}
    env:
    - {name: MODE, value: "production"}
    - name: POD_IP
      valueFrom: {fieldRef: {fieldPath: status.podIP}}
    - name: MEM
      valueFrom: {resourceFieldRef: {resource: limits.memory, divisor: 1Mi}}
    resources:
      requests: {cpu: 250m, memory: 64Mi}
      limits: {cpu: 1, memory: 128Mi, ephemeral-storage: 1Gi}
    readinessProbe:
      httpGet: {path: /healthz, port: http}
      initialDelaySeconds: 5
    livenessProbe:
      tcpSocket: {port: 80}
    volumeMounts:
    - {name: cfg, mountPath: /etc/cfg, readOnly: true}
  volumes:
  - name: cfg
    configMap: {name: web-config, defaultMode: 420}
  - name: scratch
    emptyDir: {sizeLimit: 500Mi}
status: {}
`;

const SERVICE = `
apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  type: NodePort
  selector: {app: web}
  ports:
  - {name: http, port: 80, targetPort: http, nodePort: 30080, protocol: TCP}
  - {name: alt, port: 8080, targetPort: 8080}
  sessionAffinity: ClientIP
  sessionAffinityConfig: {clientIP: {timeoutSeconds: 600}}
`;

const DEPLOYMENT = `
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
  creationTimestamp: null
spec:
  replicas: 3
  revisionHistoryLimit: 5
  selector:
    matchLabels: {app: web}
    matchExpressions:
    - {key: tier, operator: In, values: [frontend]}
  strategy:
    type: RollingUpdate
    rollingUpdate: {maxSurge: 25%, maxUnavailable: 1}
  template:
    metadata:
      labels: {app: web, tier: frontend}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        imagePullPolicy: Always
        resources:
          limits: {cpu: 500m, memory: 256Mi}
status: {}
`;

const JOB = `
apiVersion: batch/v1
kind: Job
metadata: {name: pi}
spec:
  completions: 5
  parallelism: 2
  backoffLimit: 4
  activeDeadlineSeconds: 120
  ttlSecondsAfterFinished: 100
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: pi
        image: perl:5.34
        command: ["perl", "-Mbignum=bpi", "-wle", "print bpi(2000)"]
`;

const HPA = `
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: web}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: 10
  metrics:
  - type: Resource
    resource:
      name: cpu
      target: {type: Utilization, averageUtilization: 50}
  - type: Resource
    resource:
      name: memory
      target: {type: AverageValue, averageValue: 100Mi}
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 300
      selectPolicy: Max
      policies:
      - {type: Percent, value: 100, periodSeconds: 15}
`;

const OTHERS = `
apiVersion: v1
kind: ConfigMap
metadata: {name: cfg}
data: {app.properties: "a=b", LOG_LEVEL: debug}
binaryData: {blob: aGVsbG8=}
---
apiVersion: v1
kind: Secret
metadata: {name: db}
type: Opaque
data: {password: cGFzc3dvcmQ=, pem: "LS0tLS1C\\nRUdJTg==\\n"}
stringData: {user: admin}
---
apiVersion: v1
kind: Namespace
metadata: {name: lab}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: tick}
spec:
  schedule: "*/5 * * * *"
  concurrencyPolicy: Forbid
  startingDeadlineSeconds: 200
  jobTemplate:
    spec:
      template:
        spec:
          restartPolicy: OnFailure
          containers: [{name: tick, image: busybox, args: [date]}]
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web}
spec:
  minAvailable: 50%
  selector: {matchLabels: {app: web}}
---
apiVersion: policy/v1
kind: PodDisruptionBudget
metadata: {name: web-int}
spec:
  maxUnavailable: 1
  selector: {matchLabels: {app: web}}
---
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: agent}
spec:
  selector: {matchLabels: {app: agent}}
  updateStrategy: {type: RollingUpdate, rollingUpdate: {maxUnavailable: 10%}}
  template:
    metadata: {labels: {app: agent}}
    spec:
      containers: [{name: agent, image: fluentd}]
---
apiVersion: apps/v1
kind: ReplicaSet
metadata: {name: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx}]
`;

function decode(text: string, order?: 'kubectl' | 'document') {
  return strictDecode(y(text), order ? { order } : {});
}

/** A Pod whose single container gets `fields` (YAML flow mapping body). */
function podWith(fields: string): string {
  return `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - {name: c, image: nginx, ${fields}}\n`;
}

function deploymentContainer(fields: string): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata: {name: d}
spec:
  selector: {matchLabels: {app: d}}
  template:
    metadata: {labels: {app: d}}
    spec:
      containers:
      - {name: c, image: nginx, ${fields}}
`;
}

describe('valid objects decode cleanly', () => {
  const cases: Array<[string, string]> = [
    ['Pod', POD],
    ['Service', SERVICE],
    ['Deployment', DEPLOYMENT],
    ['Job', JOB],
    ['HorizontalPodAutoscaler', HPA],
  ];
  for (const [name, text] of cases) {
    it(name, () => expect(decode(text)).toEqual({ unknownFields: [] }));
  }
  it('ConfigMap, Secret, Namespace, CronJob, PodDisruptionBudget, DaemonSet, ReplicaSet', () => {
    const docs = OTHERS.split(/^---$/m).map(y);
    expect(docs).toHaveLength(8);
    for (const doc of docs) expect(strictDecode(doc), JSON.stringify(doc)).toEqual({ unknownFields: [] });
  });
  it('null values never fail', () => {
    expect(
      strictDecode({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p', creationTimestamp: null, labels: null },
        spec: { containers: [{ name: 'c', image: null, ports: null, resources: { limits: { cpu: null } } }], replicas: undefined },
      }),
    ).toEqual({ unknownFields: [] });
  });
});

describe('unknown fields', () => {
  it('reports paths at several depths in the API server format', () => {
    const r = decode(`
apiVersion: v1
kind: Pod
metadata:
  name: p
  lables: {app: p}
spec:
  foo: bar
  containers:
  - name: c
    imagee: nginx
    ports: [{containerPort: 80, hostPoort: 8080}]
  - name: d
    image: nginx
    resources: {limit: {cpu: 1}}
`);
    expect(r).toEqual({
      unknownFields: [
        'metadata.lables',
        'spec.containers[0].imagee',
        'spec.containers[0].ports[0].hostPoort',
        'spec.containers[1].resources.limit',
        'spec.foo',
      ],
    });
    expect(decodeErrorMessage('v1', 'Pod', r)).toBe(
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "metadata.lables", ' +
        'unknown field "spec.containers[0].imagee", unknown field "spec.containers[0].ports[0].hostPoort", ' +
        'unknown field "spec.containers[1].resources.limit", unknown field "spec.foo"',
    );
  });

  it('finds a typo in a Deployment pod template', () => {
    expect(decode(deploymentContainer('imagePullPolcy: Always'))).toEqual({
      unknownFields: ['spec.template.spec.containers[0].imagePullPolcy'],
    });
  });

  it('is case-sensitive, like the API server', () => {
    expect(decode(podWith('Image: nginx')).unknownFields).toEqual(['spec.containers[0].Image']);
  });

  it('matches real kubectl output (ReplicaSet typos)', () => {
    const r = decode(`
apiVersion: apps/v1
kind: ReplicaSet
metadata:
  name: nginx-replicaset
  label: {app: nginx}
spec:
  replicas: 3
  selector:
    matchLevel: {app: nginx}
  template:
    metadata: {labels: {app: nginx}}
    spec:
      containers: [{name: nginx, image: "nginx:latest"}]
`);
    expect(decodeErrorMessage('apps/v1', 'ReplicaSet', r)).toBe(
      'ReplicaSet in version "v1" cannot be handled as a ReplicaSet: strict decoding error: unknown field "metadata.label", unknown field "spec.selector.matchLevel"',
    );
  });

  it('matches real kubectl output (Deployment fields in a DaemonSet)', () => {
    const r = decode(`
apiVersion: apps/v1
kind: DaemonSet
metadata: {name: elasticsearch, namespace: kube-system}
spec:
  replicas: 1
  selector: {matchLabels: {app: elasticsearch}}
  strategy: {}
  template:
    metadata: {labels: {app: elasticsearch}}
    spec:
      containers: [{name: fluentd, image: "registry.k8s.io/fluentd-elasticsearch:1.20"}]
  progressDeadlineSeconds: 600
`);
    expect(r.unknownFields).toEqual(['spec.progressDeadlineSeconds', 'spec.replicas', 'spec.strategy']);
  });

  // kube-apiserver test/integration/apiserver/field_validation_test.go: the same Deployment
  // posted as YAML (decoded via a Go map, so keys sorted) and as JSON (document order).
  const integration = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'n', labels: { app: 'nginx' }, unknownMeta: 'metaVal' },
    spec: {
      unknown1: 'val1',
      unknownDupe: 'valDupe2',
      paused: false,
      selector: { matchLabels: { app: 'nginx' } },
      template: {
        metadata: { labels: { app: 'nginx' } },
        spec: { containers: [{ name: 'nginx', image: 'nginx:latest', unknownNested: 'val1', imagePullPolicy: 'Never' }] },
      },
    },
  };
  it('orders like kubectl by default: sorted keys, depth first', () => {
    expect(strictDecode(integration).unknownFields).toEqual([
      'metadata.unknownMeta',
      'spec.template.spec.containers[0].unknownNested',
      'spec.unknown1',
      'spec.unknownDupe',
    ]);
  });
  it("orders by the object's own key order with order: 'document'", () => {
    expect(strictDecode(integration, { order: 'document' }).unknownFields).toEqual([
      'metadata.unknownMeta',
      'spec.unknown1',
      'spec.unknownDupe',
      'spec.template.spec.containers[0].unknownNested',
    ]);
  });

  it('does not look inside unknown fields or mistyped values', () => {
    const r = decode(`
apiVersion: v1
kind: Pod
spec:
  extra: {containers: [{bogus: 1}]}
  containers: {bogus: 1}
`);
    expect(r.unknownFields).toEqual(['spec.extra']);
    expect(r.typeError).toBe('json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container');
  });
});

describe('maps are not flagged', () => {
  it('labels, annotations, nodeSelector, matchLabels, resources, data, stringData', () => {
    const r = decode(`
apiVersion: apps/v1
kind: Deployment
metadata:
  name: d
  labels: {anything: goes, app.kubernetes.io/name: d}
  annotations: {kubectl.kubernetes.io/last-applied-configuration: "{}", note: hi}
spec:
  selector: {matchLabels: {whatever: x}}
  template:
    metadata: {labels: {whatever: x}, annotations: {a: b}}
    spec:
      nodeSelector: {topology.kubernetes.io/zone: eu-1a, custom-key: v}
      overhead: {cpu: 10m}
      containers:
      - name: c
        image: nginx
        resources:
          limits: {cpu: 2, memory: 1Gi, nvidia.com/gpu: 1, example.com/dongle: 3}
          requests: {hugepages-2Mi: 64Mi}
      volumes:
      - name: v
        csi: {driver: x, volumeAttributes: {foo: bar}}
`);
    expect(r).toEqual({ unknownFields: [] });
    expect(decode('apiVersion: v1\nkind: ConfigMap\ndata: {any-key: v, other.key: w}\n')).toEqual({ unknownFields: [] });
    expect(decode('apiVersion: v1\nkind: Secret\nstringData: {any-key: v}\ndata: {k: dg==}\n')).toEqual({ unknownFields: [] });
  });
});

describe('int-or-string and quantity accept both forms', () => {
  const ok = { unknownFields: [] };
  it('IntOrString: targetPort, probe ports, maxSurge/maxUnavailable, minAvailable', () => {
    for (const port of ['80', 'http', '"8080"']) {
      expect(decode(`apiVersion: v1\nkind: Service\nspec:\n  ports: [{port: 80, targetPort: ${port}}]\n`)).toEqual(ok);
      expect(decode(podWith(`livenessProbe: {httpGet: {port: ${port}}}`))).toEqual(ok);
    }
    for (const v of ['1', '25%', '0']) {
      expect(decode(`apiVersion: apps/v1\nkind: Deployment\nspec:\n  strategy: {rollingUpdate: {maxSurge: ${v}, maxUnavailable: ${v}}}\n`)).toEqual(ok);
      expect(decode(`apiVersion: policy/v1\nkind: PodDisruptionBudget\nspec: {minAvailable: ${v}}\n`)).toEqual(ok);
    }
  });
  it('Quantity: strings and numbers', () => {
    for (const q of ['1', '0.5', '500m', '"2"', '128Mi', '1Gi', '1e3', '1.5G', '100n', '"+1k"', '0', '-1', '12E', '1.']) {
      expect(decode(podWith(`resources: {limits: {cpu: ${q}, memory: ${q}}}`)), q).toEqual(ok);
    }
    expect(decode(`apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nspec:\n  metrics: [{type: Pods, pods: {metric: {name: rps}, target: {type: AverageValue, averageValue: 1k}}}]\n`)).toEqual(ok);
  });
});

describe('type errors, as the Go decoder phrases them', () => {
  const typeError = (text: string, order?: 'kubectl' | 'document') => decode(text, order).typeError;

  it('string into int32 (containerPort)', () => {
    expect(typeError(podWith('ports: [{containerPort: "80"}]'))).toBe(
      'json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32',
    );
  });
  it('string into int32 (Deployment replicas)', () => {
    const r = decode('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  replicas: "3"\n');
    expect(r.typeError).toBe('json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32');
    expect(decodeErrorMessage('apps/v1', 'Deployment', r)).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
  });
  it('string into []string (command: sleep 3600)', () => {
    expect(typeError(podWith('command: sleep 3600'))).toBe(
      'json: cannot unmarshal string into Go struct field Container.spec.containers.command of type []string',
    );
  });
  it('object where a string is expected', () => {
    expect(typeError('apiVersion: v1\nkind: Pod\nspec:\n  containers: [{name: c, image: {name: nginx}}]\n')).toBe(
      'json: cannot unmarshal object into Go struct field Container.spec.containers.image of type string',
    );
  });
  it('number into string (env value), matching real kubectl output', () => {
    const r = decode(deploymentContainer('env: [{name: PORT, value: 8080}]'));
    expect(decodeErrorMessage('apps/v1', 'Deployment', r)).toBe(
      'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal number into Go struct field EnvVar.spec.template.spec.containers.env.value of type string',
    );
  });
  it('bool into string, and map values', () => {
    expect(typeError('apiVersion: v1\nkind: Pod\nmetadata:\n  labels: {enabled: true}\n')).toBe(
      'json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string',
    );
    expect(typeError('apiVersion: v1\nkind: Pod\nmetadata:\n  labels: [app=web]\n')).toBe(
      'json: cannot unmarshal array into Go struct field ObjectMeta.metadata.labels of type map[string]string',
    );
  });
  it('scalars where a struct or list is expected', () => {
    expect(typeError('apiVersion: v1\nkind: Pod\nspec: nginx\n')).toBe(
      'json: cannot unmarshal string into Go struct field Pod.spec of type v1.PodSpec',
    );
    expect(typeError('apiVersion: v1\nkind: Pod\nmetadata: [web]\n')).toBe(
      'json: cannot unmarshal array into Go struct field Pod.metadata of type v1.ObjectMeta',
    );
    expect(typeError('apiVersion: v1\nkind: Pod\nspec:\n  containers: {name: c}\n')).toBe(
      'json: cannot unmarshal object into Go struct field PodSpec.spec.containers of type []v1.Container',
    );
    expect(typeError(podWith('securityContext: privileged'))).toBe(
      'json: cannot unmarshal string into Go struct field Container.spec.containers.securityContext of type v1.SecurityContext',
    );
  });
  it('named Go types (enums, ResourceList, UID) and HPA v2 structs', () => {
    expect(typeError(podWith('imagePullPolicy: 1'))).toBe(
      'json: cannot unmarshal number into Go struct field Container.spec.containers.imagePullPolicy of type v1.PullPolicy',
    );
    expect(typeError(podWith('resources: {limits: 500m}'))).toBe(
      'json: cannot unmarshal string into Go struct field ResourceRequirements.spec.containers.resources.limits of type v1.ResourceList',
    );
    expect(typeError(podWith('securityContext: {capabilities: {add: [1]}}'))).toBe(
      'json: cannot unmarshal number into Go struct field Capabilities.spec.containers.securityContext.capabilities.add of type v1.Capability',
    );
    expect(typeError('apiVersion: v1\nkind: Pod\nmetadata: {uid: 5}\n')).toBe(
      'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.uid of type types.UID',
    );
    expect(typeError('apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nspec: {scaleTargetRef: web}\n')).toBe(
      'json: cannot unmarshal string into Go struct field HorizontalPodAutoscalerSpec.spec.scaleTargetRef of type v2.CrossVersionObjectReference',
    );
  });
  it('numbers that do not fit: fractions and overflow (int32 vs int64)', () => {
    expect(typeError('apiVersion: apps/v1\nkind: Deployment\nspec: {replicas: 1.5}\n')).toBe(
      'json: cannot unmarshal number 1.5 into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
    expect(typeError('apiVersion: apps/v1\nkind: Deployment\nspec: {replicas: 3000000000}\n')).toBe(
      'json: cannot unmarshal number 3000000000 into Go struct field DeploymentSpec.spec.replicas of type int32',
    );
    expect(decode('apiVersion: v1\nkind: Pod\nspec: {terminationGracePeriodSeconds: 3000000000}\n')).toEqual({ unknownFields: [] });
    expect(typeError('apiVersion: v1\nkind: Pod\nspec: {terminationGracePeriodSeconds: "30"}\n')).toBe(
      'json: cannot unmarshal string into Go struct field PodSpec.spec.terminationGracePeriodSeconds of type int64',
    );
    expect(typeError('apiVersion: v1\nkind: Pod\nspec:\n  securityContext: {supplementalGroups: ["1000"]}\n')).toBe(
      'json: cannot unmarshal string into Go struct field PodSecurityContext.spec.securityContext.supplementalGroups of type int64',
    );
  });
  it('bool fields', () => {
    expect(typeError(podWith('stdin: "yes"'))).toBe(
      'json: cannot unmarshal string into Go struct field Container.spec.containers.stdin of type bool',
    );
  });
  it('IntOrString: the inner int32 error gets the field context', () => {
    expect(typeError('apiVersion: v1\nkind: Service\nspec:\n  ports: [{port: 80, targetPort: {port: 80}}]\n')).toBe(
      'json: cannot unmarshal object into Go struct field ServicePort.spec.ports.targetPort of type int32',
    );
    expect(typeError('apiVersion: policy/v1\nkind: PodDisruptionBudget\nspec: {minAvailable: 1.5}\n')).toBe(
      'json: cannot unmarshal number 1.5 into Go struct field PodDisruptionBudgetSpec.spec.minAvailable of type int32',
    );
    expect(typeError(podWith('readinessProbe: {tcpSocket: {port: true}}'))).toBe(
      'json: cannot unmarshal bool into Go struct field TCPSocketAction.spec.containers.readinessProbe.tcpSocket.port of type int32',
    );
  });
  it('Quantity errors are apimachinery messages, as kubectl shows them', () => {
    expect(typeError(podWith('resources: {requests: {memory: 32MMi}}'))).toBe("unable to parse quantity's suffix");
    expect(typeError(podWith('resources: {limits: {memory: 1 GB}}'))).toBe(QUANTITY_FORMAT);
    expect(typeError(podWith('resources: {limits: {cpu: true}}'))).toBe(QUANTITY_FORMAT);
    expect(typeError(podWith('resources: {limits: {cpu: {value: 1}}}'))).toBe(QUANTITY_FORMAT);
    expect(typeError(podWith('resources: {limits: {cpu: ""}}'))).toBe(QUANTITY_FORMAT);
    expect(typeError(podWith('resources: {limits: {memory: 1Gb}}'))).toBe(QUANTITY_FORMAT);
  });
  it('Secret data must be base64 (offsets as Go reports them)', () => {
    // Real outputs: "My-pass-123" → byte 2, "YUIidhb667" → byte 8, "Reserve-Pass-2026" → byte 7.
    expect(typeError('apiVersion: v1\nkind: Secret\ndata: {password: YUIidhb667}\n')).toBe('illegal base64 data at input byte 8');
    expect(typeError('apiVersion: v1\nkind: Secret\ndata: {password: Reserve-Pass-2026}\n')).toBe('illegal base64 data at input byte 7');
    expect(typeError('apiVersion: v1\nkind: Secret\ndata: {user: admin}\n')).toBe('illegal base64 data at input byte 4');
    // kubectl sends keys sorted, so "pass" is decoded before "user" (the real report said byte 2).
    expect(typeError('apiVersion: v1\nkind: Secret\ndata:\n  user: admin\n  pass: My-pass-123\n')).toBe(
      'illegal base64 data at input byte 2',
    );
    expect(typeError('apiVersion: v1\nkind: Secret\ndata:\n  user: admin\n  pass: My-pass-123\n', 'document')).toBe(
      'illegal base64 data at input byte 4',
    );
    expect(typeError('apiVersion: v1\nkind: Secret\ndata: {n: 12}\n')).toBe(
      'json: cannot unmarshal number into Go struct field Secret.data of type []uint8',
    );
    expect(typeError('apiVersion: v1\nkind: ConfigMap\nbinaryData: {b: "a b"}\n')).toBe('illegal base64 data at input byte 1');
  });
  it('metav1.Time wants a string', () => {
    expect(typeError('apiVersion: v1\nkind: Pod\nmetadata: {creationTimestamp: 5}\n')).toBe(
      'json: cannot unmarshal number into Go struct field ObjectMeta.metadata.creationTimestamp of type string',
    );
  });
  it('reports the first error in kubectl (sorted) order, or document order on request', () => {
    const text = podWith('ports: [{containerPort: "80"}], command: sleep');
    expect(typeError(text)).toBe('json: cannot unmarshal string into Go struct field Container.spec.containers.command of type []string');
    expect(typeError(text, 'document')).toBe(
      'json: cannot unmarshal string into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32',
    );
  });
  it('a custom unmarshaler error ends decoding and wins over an earlier type error', () => {
    const text = podWith('args: oops, resources: {limits: {cpu: lots}}');
    expect(typeError(text)).toBe(QUANTITY_FORMAT);
  });
  it('keeps collecting unknown fields after a type error; decodeErrorMessage prefers the type error', () => {
    const r = decode('apiVersion: apps/v1\nkind: Deployment\nspec: {replicas: "2", replica: 2}\n');
    expect(r).toEqual({
      unknownFields: ['spec.replica'],
      typeError: 'json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32',
    });
    expect(decodeErrorMessage('apps/v1', 'Deployment', r)).toContain('cannot be handled as a Deployment: json: cannot unmarshal');
    expect(decodeErrorMessage('v1', 'Pod', { unknownFields: [] })).toBeUndefined();
  });
});

describe('kinds', () => {
  it('knownKind and SUPPORTED_KINDS', () => {
    expect(SUPPORTED_KINDS.map((k) => `${k.apiVersion}/${k.kind}`).sort()).toEqual(
      [
        'v1/Pod',
        'v1/Service',
        'v1/ConfigMap',
        'v1/Secret',
        'v1/Namespace',
        'apps/v1/Deployment',
        'apps/v1/ReplicaSet',
        'apps/v1/DaemonSet',
        'batch/v1/Job',
        'batch/v1/CronJob',
        'autoscaling/v2/HorizontalPodAutoscaler',
        'policy/v1/PodDisruptionBudget',
      ].sort(),
    );
    expect(knownKind('apps/v1', 'Deployment')).toBe(true);
    expect(knownKind('v1', 'Deployment')).toBe(false);
    expect(knownKind('v1', 'pod')).toBe(false);
    expect(knownKind('networking.k8s.io/v1', 'Ingress')).toBe(false);
  });
  it('unknown kinds and non-objects decode to an empty result', () => {
    expect(strictDecode({ apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', spec: { x: 1 } })).toEqual({ unknownFields: [] });
    expect(strictDecode(null)).toEqual({ unknownFields: [] });
    expect(strictDecode([1])).toEqual({ unknownFields: [] });
  });
});

describe('helpers', () => {
  it('parseQuantityError', () => {
    for (const ok of ['0', '1', '1.5', '.5', '1.', '500m', '1Ki', '1Ei', '1e3', '1E-3', '+1', '-1', '1E', '12345678901234567890']) {
      expect(parseQuantityError(ok), ok).toBeUndefined();
    }
    expect(parseQuantityError('')).toBe(QUANTITY_FORMAT);
    expect(parseQuantityError('abc')).toBe(QUANTITY_FORMAT);
    expect(parseQuantityError('1.2.3')).toBe(QUANTITY_FORMAT);
    expect(parseQuantityError('1 Gi')).toBe(QUANTITY_FORMAT);
    expect(parseQuantityError('1MMi')).toBe("unable to parse quantity's suffix");
    expect(parseQuantityError('1e')).toBe("unable to parse quantity's suffix");
    expect(parseQuantityError('1Kb')).toBe(QUANTITY_FORMAT);
  });
  it('base64Error follows encoding/base64 StdEncoding', () => {
    expect(base64Error('')).toBeUndefined();
    expect(base64Error('aGVsbG8=')).toBeUndefined();
    expect(base64Error('aGVs\nbG8=\n')).toBeUndefined();
    expect(base64Error('aGVsbG8')).toBe(4);
    expect(base64Error('aGVsbA')).toBe(4);
    expect(base64Error('aGVsbA=')).toBe(7);
    expect(base64Error('aGVsbA==x')).toBe(8);
    expect(base64Error('a===')).toBe(1);
    expect(base64Error('héllo')).toBe(1);
  });
});

import { describe, it, expect } from 'vitest';
import {
  validatePod,
  podDecodeError,
  parseQuantityExact,
  canonicalQuantity,
  compareQuantity,
  podWarnings,
  validatePodUpdate,
  podUpdateForbidden,
  UPDATABLE_POD_SPEC_FIELDS,
  portNameErrors,
  labelKeyErrors,
  dnsLabelErrors,
} from '~/cluster/api/validate-pod';
import { ApiError } from '~/cluster/errors';
import { Cluster } from '~/cluster/cluster';

/** A pod that uses most of what validation looks at, all of it valid. */
function fullPod(): any {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web', 'app.kubernetes.io/part-of': 'shop' } },
    spec: {
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 45,
      activeDeadlineSeconds: 3600,
      hostname: 'web-0',
      subdomain: 'web',
      serviceAccountName: 'default',
      nodeSelector: { 'kubernetes.io/os': 'linux', disktype: 'ssd' },
      shareProcessNamespace: true,
      securityContext: { runAsUser: 1000, runAsGroup: 3000, fsGroup: 2000, sysctls: [{ name: 'net.ipv4.ip_local_port_range', value: '1024 65000' }] },
      tolerations: [
        { key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
        { operator: 'Exists' },
      ],
      dnsConfig: { nameservers: ['1.1.1.1'], searches: ['svc.cluster.local', 'my_corp.example.'], options: [{ name: 'ndots', value: '2' }] },
      volumes: [{ name: 'data', emptyDir: { sizeLimit: '1Gi' } }, { name: 'config', configMap: { name: 'web-config' } }],
      initContainers: [
        { name: 'init-db', image: 'busybox:1.28', command: ['sh', '-c', 'true'], resources: { requests: { cpu: '50m' } } },
        {
          name: 'log-shipper',
          image: 'busybox:1.28',
          restartPolicy: 'Always',
          command: ['sh', '-c', 'tail -F /data/log'],
          volumeMounts: [{ name: 'data', mountPath: '/data' }],
          startupProbe: { exec: { command: ['true'] }, periodSeconds: 1, failureThreshold: 30 },
          readinessProbe: { exec: { command: ['true'] } },
        },
      ],
      containers: [
        {
          name: 'app',
          image: 'nginx:1.27',
          imagePullPolicy: 'IfNotPresent',
          ports: [
            { name: 'http', containerPort: 80, protocol: 'TCP' },
            { name: 'metrics', containerPort: 9090, hostPort: 9090 },
          ],
          env: [{ name: 'MODE', value: 'prod' }],
          resources: { requests: { cpu: '250m', memory: '64Mi' }, limits: { cpu: '500m', memory: '128Mi', 'nvidia.com/gpu': '1' } },
          volumeMounts: [
            { name: 'data', mountPath: '/data' },
            { name: 'config', mountPath: '/etc/nginx/conf.d', subPath: 'conf.d' },
          ],
          livenessProbe: { httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP', httpHeaders: [{ name: 'X-Probe', value: '1' }] }, initialDelaySeconds: 5, successThreshold: 1 },
          readinessProbe: { tcpSocket: { port: 80 }, successThreshold: 3 },
          startupProbe: { grpc: { port: 9090 } },
          lifecycle: { postStart: { exec: { command: ['sh', '-c', 'echo hi'] } }, preStop: { sleep: { seconds: 5 } } },
          securityContext: { privileged: true, capabilities: { add: ['NET_ADMIN'] }, runAsUser: 0 },
          terminationMessagePolicy: 'FallbackToLogsOnError',
        },
        { name: 'sidecar', image: 'busybox:1.28', command: ['sleep', '3600'], ports: [{ containerPort: 8080, hostPort: 8080, protocol: 'UDP' }] },
      ],
    },
  };
}

/** `field: message` lines, as kubectl prints them after "* ". */
function causes(pod: any): string[] {
  return validatePod(pod).map((c) => `${c.field}: ${c.message}`);
}

function mutate(fn: (p: any) => void): string[] {
  const p = fullPod();
  fn(p);
  return causes(p);
}

describe('validatePod: a valid pod', () => {
  it('produces no causes for a full, valid pod', () => {
    expect(causes(fullPod())).toEqual([]);
  });
  it('accepts the minimal pod and what the API server stores after defaulting', () => {
    const c = new Cluster();
    const created = c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'default' }, spec: { containers: [{ name: 'a', image: 'busybox' }] } });
    expect(causes(created)).toEqual([]);
    expect(causes(c.api.create(fullPod()))).toEqual([]);
  });
});

describe('validatePod: containers', () => {
  const cases: [string, (p: any) => void, string[]][] = [
    ['containers required', (p) => (p.spec.containers = []), ['spec.containers: Required value']],
    ['name required', (p) => delete p.spec.containers[1].name, ['spec.containers[1].name: Required value']],
    [
      'name must be a DNS label',
      (p) => (p.spec.containers[1].name = 'Side_Car'),
      [
        `spec.containers[1].name: Invalid value: "Side_Car": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      ],
    ],
    ['dotted names get the dots message', (p) => (p.spec.containers[1].name = 'side.car'), ['spec.containers[1].name: Invalid value: "side.car": must not contain dots']],
    ['duplicate names', (p) => (p.spec.containers[1].name = 'app'), ['spec.containers[1].name: Duplicate value: "app"']],
    ['init container clashing with a container', (p) => (p.spec.initContainers[0].name = 'app'), ['spec.initContainers[0].name: Duplicate value: "app"']],
    ['image required', (p) => delete p.spec.containers[1].image, ['spec.containers[1].image: Required value']],
    ['image whitespace', (p) => (p.spec.containers[1].image = ' busybox '), ['spec.containers[1].image: Invalid value: " busybox ": must not have leading or trailing whitespace']],
    ['pull policy', (p) => (p.spec.containers[0].imagePullPolicy = 'always'), ['spec.containers[0].imagePullPolicy: Unsupported value: "always": supported values: "Always", "IfNotPresent", "Never"']],
    [
      'terminationMessagePolicy',
      (p) => (p.spec.containers[0].terminationMessagePolicy = 'Logs'),
      ['spec.containers[0].terminationMessagePolicy: Unsupported value: "Logs": supported values: "File", "FallbackToLogsOnError"'],
    ],
    ['restartPolicy on a regular container', (p) => (p.spec.containers[1].restartPolicy = 'Always'), ['spec.containers[1].restartPolicy: Forbidden: may not be set for non-init containers']],
  ];
  for (const [name, fn, want] of cases) it(name, () => expect(mutate(fn)).toEqual(want));
});

describe('validatePod: ports', () => {
  const cases: [string, (p: any) => void, string[]][] = [
    ['containerPort required', (p) => delete p.spec.containers[0].ports[0].containerPort, ['spec.containers[0].ports[0].containerPort: Required value']],
    ['containerPort range', (p) => (p.spec.containers[0].ports[0].containerPort = 70000), ['spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive']],
    ['hostPort range', (p) => (p.spec.containers[0].ports[1].hostPort = 0.5), ['spec.containers[0].ports[1].hostPort: Invalid value: 0.5: must be between 1 and 65535, inclusive']],
    ['protocol', (p) => (p.spec.containers[0].ports[0].protocol = 'HTTP'), ['spec.containers[0].ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"']],
    ['port name too long', (p) => (p.spec.containers[0].ports[0].name = 'a-very-long-port-name'), ['spec.containers[0].ports[0].name: Invalid value: "a-very-long-port-name": must be no more than 15 characters']],
    [
      'port name charset and letters',
      (p) => (p.spec.containers[0].ports[0].name = '80_80'),
      [
        'spec.containers[0].ports[0].name: Invalid value: "80_80": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)',
        'spec.containers[0].ports[0].name: Invalid value: "80_80": must contain at least one letter (a-z)',
      ],
    ],
    ['port name hyphens', (p) => (p.spec.containers[0].ports[0].name = '-a--b'), ['spec.containers[0].ports[0].name: Invalid value: "-a--b": must not contain consecutive hyphens', 'spec.containers[0].ports[0].name: Invalid value: "-a--b": must not begin or end with a hyphen']],
    ['duplicate port names', (p) => (p.spec.containers[0].ports[1].name = 'http'), ['spec.containers[0].ports[1].name: Duplicate value: "http"']],
    ['host port conflicts across containers', (p) => (p.spec.containers[1].ports = [{ containerPort: 9090, hostPort: 9090 }]), ['spec.containers[1].ports[0].hostPort: Duplicate value: "TCP//9090"']],
    [
      'hostNetwork requires hostPort == containerPort',
      (p) => {
        p.spec.hostNetwork = true;
        p.spec.containers[0].ports[1].hostPort = 9091;
      },
      [
        'spec.containers[0].ports[1].hostPort: Invalid value: 9091: must match `containerPort` when `hostNetwork` is true',
        "spec.securityContext.sysctls[0].name: Invalid value: \"net.ipv4.ip_local_port_range\": may not be specified when 'hostNetwork' is true",
      ],
    ],
  ];
  for (const [name, fn, want] of cases) it(name, () => expect(mutate(fn)).toEqual(want));

  it('IANA_SVC_NAME rules as a function', () => {
    expect(portNameErrors('http')).toEqual([]);
    expect(portNameErrors('8080')).toEqual(['must contain at least one letter (a-z)']);
    expect(portNameErrors('HTTP')).toEqual(['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', 'must contain at least one letter (a-z)']);
  });
});

describe('validatePod: resources', () => {
  const cases: [string, (p: any) => void, string[]][] = [
    ['requests must not exceed limits', (p) => (p.spec.containers[0].resources.requests.cpu = '1'), ['spec.containers[0].resources.requests: Invalid value: "1": must be less than or equal to cpu limit of 500m']],
    ['canonical quantities in the message', (p) => (p.spec.containers[0].resources.requests.memory = '0.25Gi'), ['spec.containers[0].resources.requests: Invalid value: "256Mi": must be less than or equal to memory limit of 128Mi']],
    [
      'negative quantities',
      (p) => (p.spec.containers[0].resources.limits.cpu = '-1'),
      ['spec.containers[0].resources.limits[cpu]: Invalid value: "-1": must be greater than or equal to 0', 'spec.containers[0].resources.requests: Invalid value: "250m": must be less than or equal to cpu limit of -1'],
    ],
    [
      'unknown resource names',
      (p) => (p.spec.containers[0].resources.limits = { cpus: '1' }),
      [
        'spec.containers[0].resources.limits[cpus]: Invalid value: "cpus": must be a standard resource type or fully qualified',
        'spec.containers[0].resources.limits[cpus]: Invalid value: "cpus": must be a standard resource for containers',
      ],
    ],
    ['extended resources are integers', (p) => (p.spec.containers[0].resources.limits['nvidia.com/gpu'] = '0.5'), ['spec.containers[0].resources.limits[nvidia.com/gpu]: Invalid value: 500m: must be an integer']],
    ['extended resources: requests need limits', (p) => (p.spec.containers[1].resources = { requests: { 'nvidia.com/gpu': '1' } }), ['spec.containers[1].resources.limits: Required value: Limit must be set for non overcommitable resources']],
    [
      'extended resources: request must equal limit',
      (p) => (p.spec.containers[1].resources = { requests: { 'nvidia.com/gpu': '1' }, limits: { 'nvidia.com/gpu': '2' } }),
      ['spec.containers[1].resources.requests: Invalid value: "1": must be equal to nvidia.com/gpu limit of 2'],
    ],
  ];
  for (const [name, fn, want] of cases) it(name, () => expect(mutate(fn)).toEqual(want));

  it('undecodable quantities are the decode error, thrown as BadRequest', () => {
    const p = fullPod();
    p.spec.containers[0].resources.limits.cpu = '500x';
    expect(podDecodeError(p)).toBe(`Pod in version "v1" cannot be handled as a Pod: quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
    let err: unknown;
    try {
      validatePod(p);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).reason).toBe('BadRequest');
    p.spec.containers[0].resources.limits.cpu = '1Gu';
    expect(podDecodeError(p)).toBe(`Pod in version "v1" cannot be handled as a Pod: unable to parse quantity's suffix`);
    p.spec.containers[0].resources.limits.cpu = '32MMi';
    expect(podDecodeError(p)).toBe(`Pod in version "v1" cannot be handled as a Pod: unable to parse quantity's suffix`);
  });

  it('the API server create path reports it as kubectl shows it', () => {
    const c = new Cluster();
    const p = fullPod();
    p.spec.containers[0].resources.requests.memory = '64MB';
    expect(() => c.api.create(p)).toThrow(/cannot be handled as a Pod: quantities must match the regular expression/);
  });

  it('parses and canonicalizes quantities like resource.Quantity', () => {
    const canon = (s: string | number) => {
      const r = parseQuantityExact(s);
      if ('error' in r) throw new Error(r.error);
      return canonicalQuantity(r);
    };
    expect([canon('0.5'), canon('1000m'), canon('1.5'), canon('2000'), canon('1500'), canon(0.1)]).toEqual(['500m', '1', '1500m', '2k', '1500', '100m']);
    expect([canon('2048Mi'), canon('1.5Gi'), canon('0.5Ki'), canon('1536'), canon('128Mi')]).toEqual(['2Gi', '1536Mi', '512', '1536', '128Mi']);
    expect([canon('1e3'), canon('1E'), canon('0'), canon('-250m'), canon('.5')]).toEqual(['1e3', '1E', '0', '-250m', '500m']);
    const a = parseQuantityExact('1Gi');
    const b = parseQuantityExact('1024Mi');
    if ('error' in a || 'error' in b) throw new Error('parse');
    expect(compareQuantity(a, b)).toBe(0);
  });
});

describe('validatePod: probes and lifecycle', () => {
  const c0 = 'spec.containers[0]';
  const cases: [string, (p: any) => void, string[]][] = [
    ['exactly one handler', (p) => (p.spec.containers[0].livenessProbe.exec = { command: ['true'] }), [`${c0}.livenessProbe.httpGet: Forbidden: may not specify more than 1 handler type`]],
    ['a handler is required', (p) => (p.spec.containers[0].readinessProbe = { periodSeconds: 5 }), [`${c0}.readinessProbe: Required value: must specify a handler type`]],
    ['liveness successThreshold must be 1', (p) => (p.spec.containers[0].livenessProbe.successThreshold = 2), [`${c0}.livenessProbe.successThreshold: Invalid value: 2: must be 1`]],
    ['startup successThreshold must be 1', (p) => (p.spec.containers[0].startupProbe.successThreshold = 3), [`${c0}.startupProbe.successThreshold: Invalid value: 3: must be 1`]],
    ['numeric minimums', (p) => (p.spec.containers[0].readinessProbe.periodSeconds = -1), [`${c0}.readinessProbe.periodSeconds: Invalid value: -1: must be greater than or equal to 0`]],
    ['probe terminationGracePeriodSeconds > 0', (p) => (p.spec.containers[0].livenessProbe.terminationGracePeriodSeconds = 0), [`${c0}.livenessProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0`]],
    ['not on readiness probes', (p) => (p.spec.containers[0].readinessProbe.terminationGracePeriodSeconds = 10), [`${c0}.readinessProbe.terminationGracePeriodSeconds: Invalid value: 10: must not be set for readinessProbes`]],
    ['httpGet port range', (p) => (p.spec.containers[0].livenessProbe.httpGet.port = 0), [`${c0}.livenessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive`]],
    ['httpGet port missing', (p) => delete p.spec.containers[0].livenessProbe.httpGet.port, [`${c0}.livenessProbe.httpGet.port: Invalid value: 0: must be between 1 and 65535, inclusive`]],
    ['httpGet port name as a quoted number', (p) => (p.spec.containers[0].livenessProbe.httpGet.port = '8080'), [`${c0}.livenessProbe.httpGet.port: Invalid value: "8080": must contain at least one letter (a-z)`]],
    ['httpGet scheme', (p) => (p.spec.containers[0].livenessProbe.httpGet.scheme = 'FTP'), [`${c0}.livenessProbe.httpGet.scheme: Unsupported value: "FTP": supported values: "HTTP", "HTTPS"`]],
    [
      'httpGet header names',
      (p) => (p.spec.containers[0].livenessProbe.httpGet.httpHeaders = [{ name: 'X Probe', value: '1' }]),
      [`${c0}.livenessProbe.httpGet.httpHeaders: Invalid value: "X Probe": a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')`],
    ],
    ['exec needs a command', (p) => (p.spec.containers[0].lifecycle.postStart.exec.command = []), [`${c0}.lifecycle.postStart.exec.command: Required value`]],
    ['lifecycle handler required', (p) => (p.spec.containers[0].lifecycle.preStop = {}), [`${c0}.lifecycle.preStop: Required value: must specify a handler type`]],
    ['sleep within the grace period', (p) => (p.spec.containers[0].lifecycle.preStop.sleep.seconds = 60), [`${c0}.lifecycle.preStop.sleep: Invalid value: 60: must be non-negative and less than terminationGracePeriodSeconds (45)`]],
    [
      'init containers without restartPolicy=Always may not have probes or lifecycle',
      (p) => (p.spec.initContainers[0].livenessProbe = { exec: { command: ['true'] } }),
      ['spec.initContainers[0].livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always'],
    ],
    ['init container restartPolicy values', (p) => (p.spec.initContainers[0].restartPolicy = 'OnFailure'), ['spec.initContainers[0].restartPolicy: Unsupported value: "OnFailure": supported values: "Always"']],
    ['sidecars get their probes validated', (p) => (p.spec.initContainers[1].startupProbe.successThreshold = 2), ['spec.initContainers[1].startupProbe.successThreshold: Invalid value: 2: must be 1']],
  ];
  for (const [name, fn, want] of cases) it(name, () => expect(mutate(fn)).toEqual(want));
});

describe('validatePod: volume mounts', () => {
  const cases: [string, (p: any) => void, string[]][] = [
    ['unknown volume', (p) => (p.spec.containers[0].volumeMounts[0].name = 'cache'), ['spec.containers[0].volumeMounts[0].name: Not found: "cache"']],
    ['mountPath required', (p) => delete p.spec.containers[0].volumeMounts[0].mountPath, ['spec.containers[0].volumeMounts[0].mountPath: Required value']],
    ['mountPath unique', (p) => (p.spec.containers[0].volumeMounts[1].mountPath = '/data'), ['spec.containers[0].volumeMounts[1].mountPath: Invalid value: "/data": must be unique']],
    ['subPath relative', (p) => (p.spec.containers[0].volumeMounts[1].subPath = '/etc'), ['spec.containers[0].volumeMounts.subPath: Invalid value: "/etc": must be a relative path']],
    ['subPath backsteps', (p) => (p.spec.containers[0].volumeMounts[1].subPath = '../x'), [`spec.containers[0].volumeMounts.subPath: Invalid value: "../x": must not contain '..'`]],
  ];
  for (const [name, fn, want] of cases) it(name, () => expect(mutate(fn)).toEqual(want));
});

describe('validatePod: pod spec fields', () => {
  const cases: [string, (p: any) => void, string[]][] = [
    ['restartPolicy', (p) => (p.spec.restartPolicy = 'Sometimes'), ['spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"']],
    ['dnsPolicy', (p) => (p.spec.dnsPolicy = 'ClusterFirstWithHostNetwork'), ['spec.dnsPolicy: Unsupported value: "ClusterFirstWithHostNetwork": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"']],
    [
      'dnsPolicy None needs dnsConfig',
      (p) => {
        p.spec.dnsPolicy = 'None';
        delete p.spec.dnsConfig;
      },
      ['spec.dnsConfig: Required value: must provide `dnsConfig` when `dnsPolicy` is None'],
    ],
    ['activeDeadlineSeconds', (p) => (p.spec.activeDeadlineSeconds = 0), ['spec.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive']],
    [
      'negative terminationGracePeriodSeconds is accepted (a warning, treated as 1 later)',
      (p) => {
        p.spec.terminationGracePeriodSeconds = -5;
        delete p.spec.containers[0].lifecycle.preStop;
      },
      [],
    ],
    [
      'the raw grace period bounds a preStop sleep',
      (p) => (p.spec.terminationGracePeriodSeconds = 3),
      ['spec.containers[0].lifecycle.preStop.sleep: Invalid value: 5: must be non-negative and less than terminationGracePeriodSeconds (3)'],
    ],
    [
      'nodeSelector label values',
      (p) => (p.spec.nodeSelector.disktype = 'ssd!'),
      [
        `spec.nodeSelector: Invalid value: "ssd!": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
      ],
    ],
    [
      'nodeSelector label keys',
      (p) => (p.spec.nodeSelector = { 'disk type': 'ssd' }),
      [
        `spec.nodeSelector: Invalid value: "disk type": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      ],
    ],
    [
      'toleration operator',
      (p) => (p.spec.tolerations[0].operator = 'In'),
      ['spec.tolerations[0].operator: Unsupported value: "In": supported values: "Equal", "Exists"'],
    ],
    [
      'toleration effect',
      (p) => (p.spec.tolerations[0].effect = 'NoScheduled'),
      ['spec.tolerations[0].effect: Unsupported value: "NoScheduled": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"'],
    ],
    ['Exists takes no value', (p) => (p.spec.tolerations[1].value = 'x'), ["spec.tolerations[1].operator: Invalid value: \"x\": value must be empty when `operator` is 'Exists'"]],
    ['empty key needs Exists', (p) => (p.spec.tolerations[2].operator = 'Equal'), ['spec.tolerations[2].operator: Invalid value: "Equal": operator must be Exists when `key` is empty, which means "match all values and all keys"']],
    ['tolerationSeconds only with NoExecute', (p) => (p.spec.tolerations[0].tolerationSeconds = 10), ["spec.tolerations[0].effect: Invalid value: \"NoSchedule\": effect must be 'NoExecute' when `tolerationSeconds` is set"]],
    ['shareProcessNamespace and hostPID', (p) => (p.spec.hostPID = true), ['spec.securityContext.shareProcessNamespace: Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled']],
    ['runAsUser range', (p) => (p.spec.securityContext.runAsUser = -1), ['spec.securityContext.runAsUser: Invalid value: -1: must be between 0 and 4294967295, inclusive']],
    ['container runAsUser range', (p) => (p.spec.containers[0].securityContext.runAsUser = -1), ['spec.containers[0].securityContext.runAsUser: Invalid value: -1: must be between 0 and 4294967295, inclusive']],
    ['hostname must be a DNS label', (p) => (p.spec.hostname = 'Web'), [`spec.hostname: Invalid value: "Web": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`]],
    ['privileged containers are allowed', (p) => (p.spec.containers[1].securityContext = { privileged: true }), []],
    ['volume names', (p) => (p.spec.volumes[1].name = 'data'), ['spec.volumes[1].name: Duplicate value: "data"', 'spec.containers[0].volumeMounts[1].name: Not found: "config"']],
  ];
  for (const [name, fn, want] of cases) it(name, () => expect(mutate(fn)).toEqual(want));

  it('helpers for names', () => {
    expect(dnsLabelErrors('my.name')).toEqual(['must not contain dots']);
    expect(labelKeyErrors('example.com/role')).toEqual([]);
    expect(labelKeyErrors('a/b/c')[0]).toMatch(/^a valid label key must consist of/);
    expect(labelKeyErrors('/x')).toEqual(['prefix part must be non-empty']);
  });

  it('reports several causes in the API server order', () => {
    const p = fullPod();
    delete p.spec.containers[1].image;
    p.spec.restartPolicy = 'Sometimes';
    p.spec.containers[0].resources.requests.cpu = '2';
    expect(causes(p)).toEqual([
      'spec.containers[0].resources.requests: Invalid value: "2": must be less than or equal to cpu limit of 500m',
      'spec.containers[1].image: Required value',
      'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"',
    ]);
  });
});

describe('warnings and updates', () => {
  it('podWarnings: negative grace period, fractional bytes, duplicate env and ports', () => {
    const p = fullPod();
    p.spec.terminationGracePeriodSeconds = -1;
    p.spec.containers[1].resources = { limits: { memory: '1.5' } };
    p.spec.containers[1].env = [
      { name: 'A', value: '1' },
      { name: 'A', value: '2' },
    ];
    p.spec.containers[1].ports.push({ containerPort: 8080, hostPort: 8080, protocol: 'UDP' });
    expect(podWarnings(p)).toEqual([
      'spec.containers[1].resources.limits[memory]: fractional byte value "1500m" is invalid, must be an integer',
      'spec.containers[1].env[1]: hides previous definition of "A", which may be dropped when using apply',
      'spec.containers[1].ports[1]: duplicate port definition with spec.containers[1].ports[0]',
      'spec.terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1',
    ]);
  });

  it('the pod update rule: prefix and mutable fields', () => {
    const f = podUpdateForbidden();
    expect(f.field).toBe('spec');
    expect(f.message).toBe(
      'Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
    );
    expect(UPDATABLE_POD_SPEC_FIELDS).toHaveLength(5);
  });

  it('validatePodUpdate: images may change, other fields may not', () => {
    const old = fullPod();
    const img = fullPod();
    img.spec.containers[0].image = 'nginx:1.28';
    img.spec.activeDeadlineSeconds = 60;
    expect(validatePodUpdate(img, old)).toEqual([]);
    const env = fullPod();
    env.spec.containers[0].env = [{ name: 'MODE', value: 'dev' }];
    const errs = validatePodUpdate(env, old);
    expect(errs).toHaveLength(1);
    expect(errs[0]!.field).toBe('spec');
    expect(errs[0]!.message).toMatch(/^Forbidden: pod updates may not change fields other than `spec.containers\[\*\].image`,.*\n  core.PodSpec\{\n- \tcontainers\[0\].env\[0\].value: "prod",\n\+ \tcontainers\[0\].env\[0\].value: "dev",\n  \}\n$/s);
    const add = fullPod();
    add.spec.containers.push({ name: 'x', image: 'busybox' });
    expect(validatePodUpdate(add, old)).toEqual([{ field: 'spec.containers', message: 'Forbidden: pod updates may not add or remove containers' }]);
    const longer = fullPod();
    longer.spec.activeDeadlineSeconds = 7200;
    expect(validatePodUpdate(longer, old)).toEqual([{ field: 'spec.activeDeadlineSeconds', message: 'Invalid value: 7200: must be less than or equal to previous value' }]);
    const tol = fullPod();
    tol.spec.tolerations[0].value = 'api';
    expect(validatePodUpdate(tol, old)[0]).toEqual({ field: 'spec.tolerations', message: 'Forbidden: existing toleration can not be modified except its tolerationSeconds' });
  });
});

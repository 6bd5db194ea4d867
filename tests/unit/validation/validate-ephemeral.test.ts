import { describe, it, expect } from 'vitest';
import { validateEphemeralContainers } from '~/cluster/api/validate-ephemeral';
import { validatePod } from '~/cluster/api/validate-pod';

function pod(): any {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      volumes: [{ name: 'data', emptyDir: {} }],
      initContainers: [{ name: 'init', image: 'busybox' }],
      containers: [{ name: 'app', image: 'nginx' }],
    },
  };
}

const ec = (extra: any = {}) => ({ name: 'debugger', image: 'busybox:1.28', stdin: true, tty: true, terminationMessagePolicy: 'File', ...extra });
const lines = (errs: { field: string; message: string }[]) => errs.map((e) => `${e.field}: ${e.message}`);

describe('validateEphemeralContainers', () => {
  it('accepts a debug container, with or without a target', () => {
    expect(validateEphemeralContainers(pod(), [ec()], [])).toEqual([]);
    expect(validateEphemeralContainers(pod(), [ec({ targetContainerName: 'app', volumeMounts: [{ name: 'data', mountPath: '/data' }], env: [{ name: 'A', value: '1' }], securityContext: { capabilities: { add: ['SYS_PTRACE'] } } })], [])).toEqual([]);
  });

  it('forbids probes, ports, resources, lifecycle and restartPolicy', () => {
    const bad = ec({
      ports: [{ containerPort: 80 }],
      resources: { limits: { cpu: '1' } },
      restartPolicy: 'Always',
      livenessProbe: { exec: { command: ['true'] } },
      readinessProbe: { exec: { command: ['true'] } },
      startupProbe: { exec: { command: ['true'] } },
      lifecycle: { preStop: { exec: { command: ['true'] } } },
    });
    expect(lines(validateEphemeralContainers(pod(), [bad], []))).toEqual([
      'spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container',
      'spec.ephemeralContainers[0].resources: Forbidden: cannot be set for an Ephemeral Container',
      'spec.ephemeralContainers[0].restartPolicy: Forbidden: cannot be set for an Ephemeral Container',
      'spec.ephemeralContainers[0].livenessProbe: Forbidden: cannot be set for an Ephemeral Container',
      'spec.ephemeralContainers[0].readinessProbe: Forbidden: cannot be set for an Ephemeral Container',
      'spec.ephemeralContainers[0].startupProbe: Forbidden: cannot be set for an Ephemeral Container',
      'spec.ephemeralContainers[0].lifecycle: Forbidden: cannot be set for an Ephemeral Container',
    ]);
    // An empty resources struct is Go's zero value: allowed.
    expect(validateEphemeralContainers(pod(), [ec({ resources: {} })], [])).toEqual([]);
  });

  it('the target must be an existing non-ephemeral container', () => {
    expect(lines(validateEphemeralContainers(pod(), [ec({ targetContainerName: 'ap' })], []))).toEqual(['spec.ephemeralContainers[0].targetContainerName: Not found: "ap"']);
    const old = [ec()];
    expect(lines(validateEphemeralContainers(pod(), [...old, ec({ name: 'second', targetContainerName: 'debugger' })], old))).toEqual(['spec.ephemeralContainers[1].targetContainerName: Not found: "debugger"']);
    expect(validateEphemeralContainers(pod(), [ec({ targetContainerName: 'init' })], [])).toEqual([]);
  });

  it('names are unique across containers, init containers and ephemeral containers', () => {
    expect(lines(validateEphemeralContainers(pod(), [ec({ name: 'app' })], []))).toEqual(['spec.ephemeralContainers[0].name: Duplicate value: "app"']);
    expect(lines(validateEphemeralContainers(pod(), [ec({ name: 'init' })], []))).toEqual(['spec.ephemeralContainers[0].name: Duplicate value: "init"']);
    const old = [ec()];
    expect(lines(validateEphemeralContainers(pod(), [...old, ec()], old))).toEqual(['spec.ephemeralContainers[1].name: Duplicate value: "debugger"']);
  });

  it('no subPath or subPathExpr', () => {
    const m = ec({ volumeMounts: [{ name: 'data', mountPath: '/d', subPath: 'x' }, { name: 'data', mountPath: '/e', subPathExpr: '$(POD)' }] });
    expect(lines(validateEphemeralContainers(pod(), [m], []))).toEqual([
      'spec.ephemeralContainers[0].volumeMounts[0].subPath: Forbidden: cannot be set for an Ephemeral Container',
      'spec.ephemeralContainers[0].volumeMounts[1].subPathExpr: Forbidden: cannot be set for an Ephemeral Container',
    ]);
  });

  it('applies the common container rules', () => {
    expect(lines(validateEphemeralContainers(pod(), [{ name: 'Debug', terminationMessagePolicy: 'File' }], []))).toEqual([
      `spec.ephemeralContainers[0].name: Invalid value: "Debug": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
      'spec.ephemeralContainers[0].image: Required value',
    ]);
    expect(lines(validateEphemeralContainers(pod(), [ec({ volumeMounts: [{ name: 'cache', mountPath: '/c' }] })], []))).toEqual(['spec.ephemeralContainers[0].volumeMounts[0].name: Not found: "cache"']);
  });

  it('existing ephemeral containers may not be removed or changed', () => {
    const old = [ec()];
    expect(lines(validateEphemeralContainers(pod(), [], old))).toEqual(['spec.ephemeralContainers: Forbidden: existing ephemeral containers "debugger" may not be removed\n']);
    const changed = validateEphemeralContainers(pod(), [ec({ image: 'alpine' })], old);
    expect(changed).toHaveLength(1);
    expect(changed[0]!.field).toBe('spec.ephemeralContainers');
    expect(changed[0]!.message).toMatch(/^Forbidden: existing ephemeral containers "debugger" may not be changed\n  core\.EphemeralContainer\{\n- \timage: "busybox:1\.28",\n\+ \timage: "alpine",\n  \}\n$/);
    // Order may change (patches don't keep it); key order does not matter.
    const a = ec({ targetContainerName: 'app' });
    const b = { targetContainerName: 'app', ...ec() };
    expect(validateEphemeralContainers(pod(), [ec({ name: 'other' }), b], [a])).toEqual([]);
  });

  it('static pods do not support ephemeral containers', () => {
    const p = pod();
    p.metadata.annotations = { 'kubernetes.io/config.mirror': 'abc' };
    expect(validateEphemeralContainers(p, [ec()], [])).toEqual([{ field: '', message: 'Forbidden: static pods do not support ephemeral containers' }]);
  });

  it('validatePod also checks ephemeral containers present in a spec', () => {
    const p = pod();
    p.spec.ephemeralContainers = [ec({ targetContainerName: 'nope', ports: [{ containerPort: 1 }] })];
    expect(validatePod(p).map((e) => `${e.field}: ${e.message}`)).toEqual([
      'spec.ephemeralContainers[0].targetContainerName: Not found: "nope"',
      'spec.ephemeralContainers[0].ports: Forbidden: cannot be set for an Ephemeral Container',
    ]);
  });
});

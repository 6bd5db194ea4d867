/** kubectl logs beyond a single pod: -l, TYPE/NAME, --all-containers, --all-pods, --prefix, -f limits. */
import { describe, it, expect } from 'vitest';
import { Cluster } from '~/cluster/cluster';
import type { KubectlContext } from '~/kubectl/context';
import { logs } from '~/kubectl/commands/logs';
import { byLogging } from '~/kubectl/commands/logs-targets';
import { TerminalSession } from '~/kubectl/session';

const busy = (name: string, script: string) => ({ name, image: 'busybox:1.28', command: ['sh', '-c', script] });
// Twelve numbered lines, then stay up: enough to see the selector's --tail default of 10.
const twelve = 'i=1; while [ $i -le 12 ]; do echo "$(hostname) line $i"; i=$((i+1)); done; sleep 3600';

function lab(): Cluster {
  const c = new Cluster();
  c.api.create({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default' },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [busy('app', twelve)] } } },
  });
  c.advance(30_000);
  return c;
}

/** Runs `kubectl logs …` on virtual time; `done` is the exit code once a running command ends. */
function kubectl(c: Cluster) {
  const s = { out: '', err: '', done: null as number | null };
  const ctx: KubectlContext = {
    cluster: c,
    files: { read: () => undefined, list: () => [] },
    namespace: 'default',
    io: { out: (t) => (s.out += t), err: (t) => (s.err += t) },
    done: (x) => (s.done = x),
  };
  return (...args: string[]) => {
    s.out = '';
    s.err = '';
    s.done = null;
    const r = logs(args, ctx);
    return Object.assign(s, { code: r.running ? null : (r.code ?? 0), running: r.running });
  };
}

const podNames = (c: Cluster, app = 'web') => c.store.list('Pod').filter((p) => p.metadata.labels?.app === app).map((p) => p.metadata.name);
const lines = (text: string) => text.split('\n').filter(Boolean);

describe('kubectl logs -l', () => {
  it('reads every matching pod, 10 lines each unless --tail is given', () => {
    const c = lab();
    const k = kubectl(c);
    const names = podNames(c);
    let r = k('-l', 'app=web');
    expect([r.code, r.err]).toEqual([0, '']);
    expect(lines(r.out)).toEqual(names.flatMap((n) => Array.from({ length: 10 }, (_, i) => `${n} line ${i + 3}`)));
    // An explicit --tail=-1 is not the unset default: every line.
    expect(lines(k('--selector=app=web', '--tail=-1').out)).toHaveLength(36);
    expect(lines(k('-l', 'app=web', '--tail', '2').out)).toEqual(names.flatMap((n) => [`${n} line 11`, `${n} line 12`]));
  });

  it('--prefix tags each line with [pod/NAME/CONTAINER]', () => {
    const c = lab();
    const [first] = podNames(c);
    const r = kubectl(c)('-l', 'app=web', '--prefix', '--tail=1');
    expect(lines(r.out)).toEqual(podNames(c).map((n) => `[pod/${n}/app] ${n} line 12`));
    expect(r.out.startsWith(`[pod/${first}/app] `)).toBe(true);
  });

  it('no match, selector with a name, bad selector', () => {
    const c = lab();
    const k = kubectl(c);
    expect(k('-l', 'app=nope')).toMatchObject({ code: 0, out: '', err: 'No resources found in default namespace.\n' });
    expect(k('-l', 'app=web', 'web')).toMatchObject({ code: 1, err: "error: only a selector (-l) or a POD name is allowed\nSee 'kubectl logs -h' for help and examples\n" });
    expect(k()).toMatchObject({ code: 1, err: "error: expected 'logs [-f] [-p] (POD | TYPE/NAME) [-c CONTAINER]'.\nPOD or TYPE/NAME is a required argument for the logs command\nSee 'kubectl logs -h' for help and examples\n" });
    expect(k('-l', 'app=web', '--tail=-2')).toMatchObject({ code: 1, err: 'error: --tail must be greater than or equal to -1\n' });
  });

  it('-f: more streams than --max-log-requests is an error; otherwise all are followed', () => {
    const c = new Cluster();
    for (const n of ['a', 'b'])
      c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `tick-${n}`, namespace: 'default', labels: { app: 'tick' } }, spec: { containers: [busy('c', `while true; do echo ${n}; sleep 1; done`)] } });
    c.advance(10_000);
    const k = kubectl(c);
    expect(k('-f', '-l', 'app=tick', '--max-log-requests=1')).toMatchObject({
      code: 1,
      err: 'error: you are attempting to follow 2 log streams, but maximum allowed concurrency is 1, use --max-log-requests to increase the limit\n',
    });
    // Without -f the limit does not apply (RunLogs only checks it when following).
    expect(k('-l', 'app=tick', '--max-log-requests=1', '--tail=1')).toMatchObject({ code: 0, out: 'a\nb\n' });
    const r = k('-f', '-l', 'app=tick', '--tail=0', '--prefix');
    expect(r.code).toBeNull();
    c.advance(2_050);
    expect(lines(r.out).sort()).toEqual(['[pod/tick-a/c] a', '[pod/tick-a/c] a', '[pod/tick-b/c] b', '[pod/tick-b/c] b']);
    r.running!.interrupt();
    expect(r.done).toBe(130);
  });

  it('--all-containers reads init, app and sidecar containers; a Defaulted notice per pod otherwise', () => {
    const c = new Cluster();
    c.api.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'two', namespace: 'default', labels: { app: 'two' } },
      spec: { initContainers: [busy('init', 'echo init done')], containers: [busy('main', 'echo main up; sleep 3600'), busy('side', 'echo side up; sleep 3600')] },
    });
    c.advance(15_000);
    const k = kubectl(c);
    expect(k('two', '--all-containers', '--prefix')).toMatchObject({ code: 0, err: '', out: '[pod/two/init] init done\n[pod/two/main] main up\n[pod/two/side] side up\n' });
    expect(k('-l', 'app=two')).toMatchObject({ code: 0, out: 'main up\n', err: 'Defaulted container "main" out of: main, side, init (init)\n' });
    expect(k('two', '--all-containers', '-c', 'side')).toMatchObject({ code: 1, err: 'error: --all-containers=true should not be specified with container name side\n' });
    expect(k('two', 'side', '-c', 'side')).toMatchObject({ code: 1, err: 'error: only one of -c or an inline [CONTAINER] arg is allowed\n' });
    expect(k('two', 'nope')).toMatchObject({ code: 1, err: 'error: container nope is not valid for pod two out of: main, side, init (init)\n' });
    expect(k('pod/two', 'side')).toMatchObject({ code: 0, out: 'side up\n', err: '' });
  });
});

describe('kubectl logs TYPE/NAME', () => {
  it('deployment/rs: the first pod ByLogging, announced on stderr; --all-pods reads them all', () => {
    const c = lab();
    const k = kubectl(c);
    const r = k('deployment/web');
    const m = /^Found 3 pods, using pod\/(\S+)\n$/.exec(r.err);
    expect(m).not.toBeNull();
    expect(lines(r.out)).toEqual(Array.from({ length: 12 }, (_, i) => `${m![1]} line ${i + 1}`));
    const rs = c.store.list('ReplicaSet')[0]!.metadata.name;
    expect(k(`rs/${rs}`, '--tail=1').err).toBe(r.err);
    expect(k('deploy/web', 'app', '--tail=1').out).toBe(`${m![1]} line 12\n`);
    const all = k('deployment/web', '--all-pods', '--tail=1');
    expect([all.code, all.err]).toEqual([0, '']);
    expect(lines(all.out)).toEqual(podNames(c).map((n) => `[pod/${n}/app] ${n} line 12`));
  });

  it('job/NAME with its one pod, pod/NAME', () => {
    const c = new Cluster();
    c.api.create({
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { name: 'pi', namespace: 'default' },
      spec: { template: { spec: { restartPolicy: 'Never', containers: [busy('pi', 'echo 3.14159')] } } },
    });
    c.advance(20_000);
    const k = kubectl(c);
    expect(k('job/pi')).toMatchObject({ code: 0, out: '3.14159\n', err: '' });
    const pod = c.store.list('Pod')[0]!.metadata.name;
    expect(k(`pod/${pod}`)).toMatchObject({ code: 0, out: '3.14159\n', err: '' });
  });

  it('errors: not found (with namespace), unknown type, kinds without a pod selector', () => {
    const c = lab();
    c.api.create({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cfg', namespace: 'default' }, data: {} });
    c.api.create({ apiVersion: 'v1', kind: 'Service', metadata: { name: 'ext', namespace: 'default' }, spec: { ports: [{ port: 80 }] } });
    const k = kubectl(c);
    expect(k('nope')).toMatchObject({ code: 1, err: 'error: error from server (NotFound): pods "nope" not found in namespace "default"\n' });
    expect(k('deploy/nope')).toMatchObject({ code: 1, err: 'error: error from server (NotFound): deployments.apps "nope" not found in namespace "default"\n' });
    expect(k('widget/x')).toMatchObject({ code: 1, err: 'error: the server doesn\'t have a resource type "widget"\n' });
    expect(k('cm/cfg')).toMatchObject({ code: 1, err: 'error: cannot get the logs from *v1.ConfigMap: selector for *v1.ConfigMap not implemented\n' });
    expect(k('svc/ext')).toMatchObject({ code: 1, err: "error: cannot get the logs from *v1.Service: invalid service 'ext': Service is defined without a selector\n" });
  });

  it('a workload with no pods waits --pod-running-timeout, then times out', () => {
    const c = lab();
    const d = c.store.get('Deployment', 'default', 'web')!;
    c.api.update({ ...structuredClone(d), spec: { ...d.spec, replicas: 0 } });
    c.advance(60_000);
    const r = kubectl(c)('deploy/web');
    expect(r.code).toBeNull();
    c.advance(19_000);
    expect(r.done).toBeNull();
    c.advance(1_200);
    expect([r.done, r.err]).toEqual([1, 'error: timed out waiting for the condition\n']);
  });
});

describe('ByLogging', () => {
  const pod = (name: string, o: { node?: string; phase?: string; ready?: string; restarts?: number; created?: string }) => ({
    metadata: { name, creationTimestamp: o.created ?? '2026-01-05T09:00:00Z' },
    spec: { nodeName: o.node ?? 'node01' },
    status: { phase: o.phase ?? 'Running', conditions: o.ready ? [{ type: 'Ready', status: 'True', lastTransitionTime: o.ready }] : [], containerStatuses: [{ restartCount: o.restarts ?? 0 }] },
  });
  const order = (...ps: any[]) => ps.sort(byLogging).map((p) => p.metadata.name);
  it('assigned, running, ready (longest), most restarts, oldest come first', () => {
    expect(order(pod('unassigned', { node: '' }), pod('pending', { phase: 'Pending' }), pod('running', {}))).toEqual(['running', 'pending', 'unassigned']);
    expect(order(pod('notready', {}), pod('late', { ready: '2026-01-05T09:05:00Z' }), pod('early', { ready: '2026-01-05T09:01:00Z' }))).toEqual(['early', 'late', 'notready']);
    expect(order(pod('calm', {}), pod('crashy', { restarts: 4 }))).toEqual(['crashy', 'calm']);
    expect(order(pod('young', { created: '2026-01-05T10:00:00Z' }), pod('old', {}))).toEqual(['old', 'young']);
    // Go's phase map has no Succeeded/Failed key, so they rank with Running, ahead of Pending.
    expect(order(pod('pending', { phase: 'Pending' }), pod('done', { phase: 'Succeeded' }))).toEqual(['done', 'pending']);
  });
});

describe('lab terminal help', () => {
  it('lists ssh NODE next to kubectl, aligned with the other hints', () => {
    let out = '';
    new TerminalSession(new Cluster(), { read: () => undefined, list: () => [] }, { write: (t) => (out += t) }).runLine('help');
    const ssh = out.split('\n').find((l) => l.startsWith('  ssh <node>'))!;
    const apply = out.split('\n').find((l) => l.startsWith('  kubectl apply'))!;
    expect(ssh).toContain('systemctl stop|start kubelet');
    expect(ssh.indexOf('(')).toBe(apply.indexOf('('));
  });
});

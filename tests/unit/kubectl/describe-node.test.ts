import { describe, it, expect } from 'vitest';
import { Cluster, type ClusterOptions } from '~/cluster/cluster';
import type { KubectlContext } from '~/kubectl/context';
import { describe as describeCmd } from '~/kubectl/commands/describe';
import { podRequestsAndLimits } from '~/kubectl/describe/node';
import { formatQuantity } from '~/cluster/hpa/quantity';

function setup(opts: ClusterOptions = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const cluster = new Cluster(opts);
  const ctx: KubectlContext = {
    cluster,
    files: { read: () => undefined, list: () => [] },
    namespace: 'default',
    io: { out: (t) => out.push(t), err: (t) => err.push(t) },
    done: () => {},
  };
  const run = (...argv: string[]) => {
    out.length = 0;
    err.length = 0;
    const r = describeCmd(argv, ctx);
    return { code: r.code, out: out.join(''), err: err.join('') };
  };
  return { cluster, run };
}

const pod = (name: string, spec: any, phase?: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { nodeName: 'node01', ...spec },
  ...(phase ? { status: { phase } } : {}),
});
const c = (name: string, requests?: any, limits?: any, extra: any = {}) => ({ name, image: 'busybox:1.28', command: ['sleep', '3600'], resources: { ...(requests ? { requests } : {}), ...(limits ? { limits } : {}) }, ...extra });

describe('kubectl describe node', () => {
  it('prints the sections in describe.go order, with the lease and Go-truncated percentages', () => {
    const { cluster, run } = setup();
    cluster.api.create(pod('a', { containers: [c('a', { cpu: '333m', memory: '100Mi' }, { cpu: '1500m', memory: '1Gi' })] }) as any);
    cluster.advance(20_000);
    const { code, out } = run('node', 'node01');
    expect(code).toBe(0);
    const sections = ['Name:', 'Roles:', 'Labels:', 'Annotations:', 'CreationTimestamp:', 'Taints:', 'Unschedulable:', 'Lease:', 'Conditions:', 'Addresses:', 'Capacity:', 'Allocatable:', 'System Info:', 'PodCIDR:', 'PodCIDRs:', 'Non-terminated Pods:', 'Allocated resources:', 'Events:'];
    const idx = sections.map((s) => out.search(new RegExp(`^${s}`, 'm')));
    expect(idx.every((i) => i >= 0)).toBe(true);
    expect([...idx].sort((x, y) => x - y)).toEqual(idx);
    expect(out).toMatch(/^Roles:\s+<none>$/m);
    expect(out).toMatch(/^Lease:\n  HolderIdentity:  node01\n  AcquireTime:     <unset>\n  RenewTime:       \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d \+0000\n/m);
    expect(out).toContain('  Type             Status  LastHeartbeatTime                 LastTransitionTime                Reason                       Message\n');
    expect(out).toMatch(/^ {2}Ready {12}True {4}.+ {3}KubeletReady {17}kubelet is posting ready status$/m);
    expect(out).toMatch(/^ {2}MemoryPressure {3}False {3}.+KubeletHasSufficientMemory {3}kubelet has sufficient memory available$/m);
    expect(out).toContain('Addresses:\n  InternalIP:  172.18.0.3\n  Hostname:    node01\n');
    expect(out).toMatch(/^ {2}Machine ID: {17}[0-9a-f]{32}$/m);
    expect(out).toMatch(/^Non-terminated Pods: +\(1 in total\)$/m);
    // 333m of 2000m = 16.65% → 16; 100Mi of 4Gi = 2.44% → 2; 1500m → 75%; 1Gi → 25%.
    expect(out).toMatch(/^ {2}default +a +333m \(16%\) +1500m \(75%\) +100Mi \(2%\) +1Gi \(25%\) +20s$/m);
    expect(out).toMatch(/^ {2}Namespace +Name {4}CPU Requests +CPU Limits +Memory Requests {2}Memory Limits {2}Age$/m);
    expect(out).toContain('  (Total limits may be over 100 percent, i.e., overcommitted.)\n');
    for (const row of [/^ {2}cpu +333m \(16%\) +1500m \(75%\)$/m, /^ {2}memory +100Mi \(2%\) +1Gi \(25%\)$/m, /^ {2}ephemeral-storage +0 \(0%\) +0 \(0%\)$/m, /^ {2}hugepages-1Gi +0 \(0%\) +0 \(0%\)$/m, /^ {2}hugepages-2Mi +0 \(0%\) +0 \(0%\)$/m])
      expect(out).toMatch(row);
  });

  it('sums requests as PodRequestsAndLimits does: sidecars add, init containers take the max, terminated pods are left out', () => {
    const { cluster, run } = setup();
    cluster.api.create(
      pod('b', {
        initContainers: [c('init', { cpu: '900m', memory: '64Mi' }), c('side', { cpu: '100m', memory: '32Mi' }, undefined, { restartPolicy: 'Always' })],
        containers: [c('main', { cpu: '200m', memory: '32Mi' }, { memory: '64Mi' }), c('two', { cpu: '100m' })],
      }) as any,
    );
    cluster.api.create(pod('done', { restartPolicy: 'Never', containers: [c('x', { cpu: '1' })] }) as any);
    cluster.advance(5_000);
    cluster.store.mutate('Pod', 'default', 'done', (p) => void (p.status.phase = 'Succeeded'));
    const { reqs, limits } = podRequestsAndLimits(cluster.store.get('Pod', 'default', 'b'));
    expect([formatQuantity(reqs.cpu!), formatQuantity(reqs.memory!), formatQuantity(limits.memory!), limits.cpu]).toEqual(['900m', '64Mi', '64Mi', undefined]);
    const out = run('node', 'node01').out;
    expect(out).toMatch(/^Non-terminated Pods: +\(1 in total\)$/m);
    expect(out).not.toMatch(/^ {2}default +done /m);
    // containers 300m + sidecar 100m = 400m; init 900m + sidecar-before-it 0 → max 900m. Memory: 64Mi vs 32+32=64Mi.
    expect(out).toMatch(/^ {2}default +b +900m \(45%\) +0 \(0%\) +64Mi \(1%\) +64Mi \(1%\) +\d+s$/m);
  });

  it('prints several taints on continuation lines, sorted by effect then key', () => {
    const { run } = setup({
      nodes: [
        { name: 'controlplane', controlPlane: true },
        { name: 'node01', taints: [{ key: 'gpu', value: 'true', effect: 'NoSchedule' }, { key: 'dedicated', value: 'db', effect: 'NoSchedule' }, { key: 'evict', effect: 'NoExecute' }] },
      ],
    });
    const out = run('node', 'node01').out;
    expect(out).toContain('Taints:             evict:NoExecute\n                    dedicated=db:NoSchedule\n                    gpu=true:NoSchedule\nUnschedulable:      false\n');
    expect(run('node', 'controlplane').out).toMatch(/^Roles:\s+control-plane\n[\s\S]*^Taints:\s+node-role\.kubernetes\.io\/control-plane:NoSchedule$/m);
  });

  it('shows Unschedulable: true for a cordoned node', () => {
    const { cluster, run } = setup();
    cluster.store.mutate('Node', undefined, 'node01', (n) => void (n.spec.unschedulable = true));
    expect(run('node', 'node01').out).toMatch(/^Unschedulable:\s+true$/m);
  });

  it('shows Unknown conditions and the unreachable taints once a kubelet stops posting status', () => {
    const { cluster, run } = setup();
    cluster.advance(5_000);
    cluster.kubelets.get('node01')!.stop();
    cluster.advance(70_000);
    const out = run('node', 'node01').out;
    for (const t of ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready']) expect(out).toMatch(new RegExp(`^  ${t} +Unknown +.+ {3}NodeStatusUnknown {3}Kubelet stopped posting node status\\.$`, 'm'));
    expect(out).toMatch(/^Taints:\s+node\.kubernetes\.io\/unreachable:NoExecute\n\s+node\.kubernetes\.io\/unreachable:NoSchedule$/m);
    expect(out).toMatch(/NodeNotReady +\d+s +node-controller +Node node01 status is now: NodeNotReady/);
  });

  it('describes every node when no name is given, and reports a missing node as NotFound', () => {
    const { run } = setup();
    const all = run('nodes').out;
    expect(all.match(/^Name:/gm)).toHaveLength(3);
    expect(all).toMatch(/Events: +<none>\n\n\nName: +node01\n/);
    const missing = run('node', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.err).toBe('Error from server (NotFound): nodes "nope" not found\n');
  });
});

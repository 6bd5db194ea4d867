/**
 * Builds the ProcessHost a container's processes run against: the container's filesystem and env,
 * cluster DNS and HTTP from the pod's network namespace, and the pod's process table.
 */
import type { ProcessHost, ProcInfo, Signal } from '../shell/types';
import { HostError } from '../shell/types';
import type { Vfs } from '../shell/vfs';
import type { VirtualClock } from '../clock';
import type { Network } from '../network';
import { DNS_SERVICE_IP } from '../network';
import type { ImageDef } from '../runtime/images';
import { imageHasBinary } from '../runtime/images';
import { crictl, type CriView } from '../runtime/crictl';

export interface HostDeps {
  clock: VirtualClock;
  epochMs: number;
  network: Network;
  namespace: string;
  fs: Vfs;
  env: Record<string, string>;
  hostname: string;
  podIP: string;
  image: ImageDef;
  privileged: boolean;
  cwd?: string;
  cpuLimitMilli?: number;
  nodeSysctls: Map<string, string>;
  processes: () => ProcInfo[];
  kill: (pid: number, sig: Signal) => boolean;
  allocPid?: () => number;
  /** Write to the container's main process stdout/stderr (what /proc/1/fd/1 is, as used by hooks). */
  mainLog?: (stream: 'stdout' | 'stderr', text: string) => void;
  /** The node's CRI view when the node's root filesystem is mounted (crictl). */
  nodeTools?: CriView;
}

/** Kernel parameters that are namespaced per pod (net.*) vs node-wide (vm.*, kernel.*), as in Linux. */
const POD_SYSCTL_PREFIXES = ['net.'];

export function makeHost(d: HostDeps): ProcessHost {
  const podSysctls = new Map<string, string>();
  return {
    now: () => d.clock.now(),
    schedule: (at, fn) => {
      const id = d.clock.at(at, fn);
      return () => d.clock.cancel(id);
    },
    fs: d.fs,
    hostname: d.hostname,
    env: d.env,
    hasCommand: (name) => imageHasBinary(d.image, name),
    resolve: (name) => (/^localhost\.?$/i.test(name) ? { fqdn: 'localhost', addresses: ['127.0.0.1'] } : d.network.resolve(name, d.namespace)),
    dnsServer: DNS_SERVICE_IP,
    // localhost is the pod's own network namespace: every container of the pod listens there.
    httpGet: (url) => d.network.httpGet(url.replace(/^(https?:\/\/)?(localhost|127\.0\.0\.1)(?=[:/]|$)/, (_m, scheme) => `${scheme ?? ''}${d.podIP}`), d.namespace, d.podIP),
    listProcesses: d.processes,
    kill: d.kill,
    ...(d.allocPid ? { allocPid: d.allocPid } : {}),
    ...(d.nodeTools ? nodePrograms(d.nodeTools) : {}),
    ...(d.mainLog
      ? {
          openDevice: (path: string) => {
            const m = d.mainLog!;
            if (path === '/proc/1/fd/1' || path === '/dev/stdout') return (t: string) => m('stdout', t);
            if (path === '/proc/1/fd/2' || path === '/dev/stderr') return (t: string) => m('stderr', t);
            return undefined;
          },
        }
      : {}),
    sysctlGet: (key) => (POD_SYSCTL_PREFIXES.some((p) => key.startsWith(p)) ? podSysctls.get(key) ?? d.nodeSysctls.get(key) : d.nodeSysctls.get(key)),
    sysctlSet: (key, value) => {
      if (!d.nodeSysctls.has(key)) throw new HostError(`sysctl: error: '${key}' is an unknown key`);
      // Without privilege /proc/sys is mounted read-only in the container.
      if (!d.privileged) throw new HostError(`sysctl: error setting key '${key}': Read-only file system`);
      if (POD_SYSCTL_PREFIXES.some((p) => key.startsWith(p))) podSysctls.set(key, value);
      else d.nodeSysctls.set(key, value);
    },
    podIP: d.podIP,
    epochMs: d.epochMs,
    ...(d.cwd ? { cwd: d.cwd } : {}),
    ...(d.cpuLimitMilli ? { cpuLimitMilli: d.cpuLimitMilli } : {}),
  };
}

/** crictl, and chroot into the node's root: what a node debug shell reaches through /host. */
function nodePrograms(view: CriView): Pick<ProcessHost, 'hostProgram' | 'hostPrograms'> {
  return {
    hostPrograms: ['crictl', 'chroot'],
    hostProgram: (argv, io) => {
      const name = argv[0]!.split('/').pop();
      if (name === 'crictl') return crictl(view, argv, io);
      if (name === 'chroot') {
        if (argv[2]?.split('/').pop() === 'crictl') return crictl(view, argv.slice(2), io);
        // Not modelled: this shell already reaches the node's tools (crictl) directly.
        io.err('podlab: chroot is not modelled here; crictl already works in this shell\n');
        return 0;
      }
      return undefined;
    },
  };
}

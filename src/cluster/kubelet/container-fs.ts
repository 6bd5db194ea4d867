/**
 * What a container sees when it starts: its filesystem (image files, /etc files the kubelet writes,
 * volumes) and its environment (image env, service links, envFrom, env) — the kubelet's
 * makeMounts / makeEnvironmentVariables (pkg/kubelet/kubelet_pods.go).
 */
import { Vfs, newDir, type DirNode, type FileNode, type Node } from '../shell/vfs';
import type { ImageDef } from '../runtime/images';
import type { Container, Service } from '../objects';
import { DNS_SERVICE_IP, KUBERNETES_SERVICE_IP } from '../network';
import {
  type VolumeHost,
  type VolumeState,
  type VolumeMountFailure,
  type ResourceList,
  setUpVolume,
  refreshVolume,
  mountedVolumeNames,
  mountNode,
  podFieldSelectorRuntimeValue,
  containerResourceRuntimeValue,
  expandVars,
  secretData,
  configMapData,
  goQuote,
  goSort,
} from './downward';

export interface PodVolumes {
  /** Shared directory per pod volume name (emptyDir, configMap…), created once per pod. */
  dirs: Map<string, DirNode>;
  /** Set-up state per volume name (filled by setUpPodVolumes, or lazily by buildFs). */
  states?: Map<string, VolumeState>;
}

/** The VolumeHost fields the caller provides (the pod and clock come from buildFs / the worker). */
export type VolumeHostInputs = Omit<VolumeHost, 'pod' | 'now'>;

/** buildFs found a mounted volume that cannot be set up (the caller should have run setUpPodVolumes). */
export class VolumeSetUpError extends Error {
  constructor(readonly failure: VolumeMountFailure) {
    super(failure.event.message);
  }
}

function statesOf(volumes: PodVolumes): Map<string, VolumeState> {
  return (volumes.states ??= new Map());
}

/**
 * MountVolume.SetUp for every volume some container of the pod mounts and that is not set up yet
 * (the kubelet's volume manager, before any container starts). Returns one failure per volume that
 * could not be set up — the caller records each `failure.event` (Warning FailedMount) and keeps
 * the pod's containers waiting in ContainerCreating, retrying later.
 */
export function setUpPodVolumes(volumes: PodVolumes, host: VolumeHost): VolumeMountFailure[] {
  const failures: VolumeMountFailure[] = [];
  const used = mountedVolumeNames(host.pod);
  const states = statesOf(volumes);
  for (const vol of host.pod?.spec?.volumes ?? []) {
    if (!vol?.name || !used.has(vol.name) || states.has(vol.name)) continue;
    const r = setUpVolume(vol, host, volumes.dirs.get(vol.name));
    if (!r.ok) {
      failures.push(r.failure);
      continue;
    }
    states.set(vol.name, r.state);
    if (r.state.node.kind === 'dir') volumes.dirs.set(vol.name, r.state.node);
  }
  return failures;
}

/**
 * Re-project the API-data volumes of a running pod (kubelet sync: the volume manager remounts
 * downwardAPI, configMap, secret and projected volumes, and the atomic writer swaps the files).
 * `kinds` limits which volume types are refreshed (default: all four). Returns the names of
 * volumes whose content changed and the FailedMount failures (old content is kept on failure).
 */
export function refreshPodVolumes(
  volumes: PodVolumes,
  host: VolumeHost,
  kinds: VolumeState['kind'][] = ['downwardAPI', 'projected', 'configMap', 'secret'],
): { changed: string[]; failures: VolumeMountFailure[] } {
  const changed: string[] = [];
  const failures: VolumeMountFailure[] = [];
  const states = statesOf(volumes);
  for (const vol of host.pod?.spec?.volumes ?? []) {
    const st = states.get(vol?.name);
    if (!st || !kinds.includes(st.kind)) continue;
    const r = refreshVolume(vol, st, host);
    if (r.failure) failures.push(r.failure);
    if (r.changed) changed.push(vol.name);
  }
  return { changed, failures };
}

/** Refresh only what labels/annotations feed: downwardAPI and projected volumes. */
export function refreshDownwardAPIVolumes(volumes: PodVolumes, host: VolumeHost): { changed: string[]; failures: VolumeMountFailure[] } {
  return refreshPodVolumes(volumes, host, ['downwardAPI', 'projected']);
}

export function buildFs(opts: {
  now: () => number;
  pod: any;
  container: Container;
  image: ImageDef;
  argv: string[];
  volumes: PodVolumes;
  hostsIP: string;
  /**
   * Object lookups, node allocatable and the node's root for hostPath. With it, volumes are set up
   * faithfully (and a volume that fails throws VolumeSetUpError); without it (old call sites),
   * missing ConfigMaps/Secrets give empty volumes and hostPath gets a per-pod directory.
   */
  volumeHost?: VolumeHostInputs;
}): Vfs {
  const { pod, container, argv } = opts;
  const fs = new Vfs(opts.now);
  for (const d of ['/bin', '/dev', '/etc', '/home', '/proc', '/root', '/sys', '/tmp', '/usr', '/var', '/usr/bin', '/usr/sbin', '/var/log', '/var/run']) fs.mkdir(d, true);
  const ns = pod.metadata!.namespace ?? 'default';
  fs.writeFile('/etc/hostname', `${pod.spec?.hostname ?? pod.metadata!.name}\n`);
  fs.writeFile(
    '/etc/hosts',
    `# Kubernetes-managed hosts file.\n127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\nfe00::0\tip6-localnet\nfe00::0\tip6-mcastprefix\nfe00::1\tip6-allnodes\nfe00::2\tip6-allrouters\n${opts.hostsIP}\t${pod.metadata!.name}\n`,
  );
  fs.writeFile('/etc/resolv.conf', `search ${ns}.svc.cluster.local svc.cluster.local cluster.local\nnameserver ${DNS_SERVICE_IP}\noptions ndots:5\n`);
  fs.writeFile('/etc/passwd', 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/home:/bin/false\n');
  fs.defineFile('/proc/1/cmdline', () => argv.join('\0') + '\0');
  fs.writeFile('/dev/termination-log', '');
  if (opts.image.workingDir) fs.mkdir(opts.image.workingDir, true);
  if (container.workingDir) fs.mkdir(container.workingDir, true);
  // The image's own files (nginx's html and config, /etc/os-release…), before volumes cover them.
  for (const [path, data] of Object.entries(opts.image.files ?? {})) fs.writeFile(path, data, { parents: true });

  const host: VolumeHost = opts.volumeHost ? { ...opts.volumeHost, pod, now: opts.now } : { pod, now: opts.now, lenient: true };
  const states = statesOf(opts.volumes);
  const volumes = pod.spec?.volumes ?? [];
  for (const m of container.volumeMounts ?? []) {
    const vol = volumes.find((v: any) => v.name === m.name);
    if (!vol) continue;
    let st = states.get(m.name);
    if (!st) {
      const r = setUpVolume(vol, host, opts.volumes.dirs.get(m.name));
      if (!r.ok) throw new VolumeSetUpError(r.failure);
      st = r.state;
      states.set(m.name, st);
      if (st.node.kind === 'dir') opts.volumes.dirs.set(m.name, st.node);
    }
    let node: Node = st.node;
    if (m.subPath && node.kind === 'dir') node = subPathNode(node, m.subPath, opts.now());
    mountNode(fs, m.mountPath, m.readOnly ? readOnlyView(node) : node);
  }
  return fs;
}

/** The node a subPath mount binds (created as a directory if missing, as the kubelet does). */
function subPathNode(dir: DirNode, subPath: string, t: number): Node {
  const parts = subPath.split('/').filter((p) => p && p !== '.');
  let node: Node = dir;
  for (const seg of parts) {
    if (node.kind !== 'dir') return node;
    let next: Node | undefined = node.entries.get(seg);
    if (!next) {
      next = newDir(0o755, t);
      node.entries.set(seg, next);
    }
    node = next;
  }
  return node;
}

function readOnlyView(node: Node): Node {
  if (node.kind === 'dir') return { ...node, readOnly: true };
  const f: FileNode = node;
  return { kind: 'file', data: f.data, mode: f.mode, mtime: f.mtime, readOnly: true, read: () => (f.read ? f.read() : f.data) };
}

// ---------------------------------------------------------------------------------------------
// Environment
// ---------------------------------------------------------------------------------------------

export interface KubeletEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
}

/**
 * The kubelet could not generate the container's config (makeEnvironmentVariables failed). The
 * container stays waiting with reason CreateContainerConfigError and this message; the kubelet
 * records `event` (Warning Failed "Error: <message>") against the container.
 */
export class CreateContainerConfigError extends Error {
  readonly reason = 'CreateContainerConfigError';
  get event(): KubeletEvent {
    return { type: 'Warning', reason: 'Failed', message: `Error: ${this.message}` };
  }
}

export interface EnvOptions {
  pod: any;
  container: Container;
  image: ImageDef;
  services: Service[];
  /** Old resolver for status.podIP / status.hostIP when podIPs / hostIPs are not given. */
  resolveFieldRef?: (path: string) => string | undefined;
  getConfigMap?: (namespace: string, name: string) => any | undefined;
  getSecret?: (namespace: string, name: string) => any | undefined;
  /** Node status.allocatable: resourceFieldRef limits fall back to it when the container sets none. */
  nodeAllocatable?: ResourceList;
  podIPs?: string[];
  hostIPs?: string[];
  /**
   * Kubelets before 1.30 skipped envFrom keys that are not valid C-style names and recorded a
   * Warning InvalidEnvironmentVariableNames event. 1.30+ (RelaxedEnvironmentVariableValidation)
   * passes every key through. Default: false (v1.36 behaviour).
   */
  legacyEnvFromKeyCheck?: boolean;
  /** Events the kubelet records while building the environment. */
  onEvent?: (e: KubeletEvent) => void;
}

export interface EnvResult {
  /** The container's full environment: image env, HOSTNAME/HOME, then what the kubelet passes. */
  env: Record<string, string>;
  /** What makeEnvironmentVariables returns (service links + envFrom + env): the `$(VAR)` context for command/args. */
  kubeletEnv: Record<string, string>;
  events: KubeletEvent[];
}

function serviceEnvVars(pod: any, services: Service[]): Record<string, string> {
  const env: Record<string, string> = {};
  const podNs = pod.metadata?.namespace ?? 'default';
  const links = pod.spec?.enableServiceLinks !== false;
  const chosen = new Map<string, Service>();
  for (const svc of services) {
    const ip = svc.spec?.clusterIP;
    if (!ip || ip === 'None') continue;
    const name = svc.metadata?.name ?? '';
    if (svc.metadata?.namespace === 'default' && name === 'kubernetes') {
      if (!chosen.has(name)) chosen.set(name, svc);
    } else if (svc.metadata?.namespace === podNs && links) chosen.set(name, svc);
  }
  for (const svc of chosen.values()) {
    const ip = svc.spec!.clusterIP!;
    const prefix = svc.metadata!.name!.toUpperCase().replace(/-/g, '_');
    const ports = svc.spec?.ports ?? [];
    env[`${prefix}_SERVICE_HOST`] = ip;
    if (ports[0]) env[`${prefix}_SERVICE_PORT`] = String(ports[0].port);
    for (const p of ports) if (p.name) env[`${prefix}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, '_')}`] = String(p.port);
    ports.forEach((p, i) => {
      const proto = (p.protocol ?? 'TCP').toUpperCase();
      const url = `${proto.toLowerCase()}://${ip}:${p.port}`;
      if (i === 0) env[`${prefix}_PORT`] = url;
      const base = `${prefix}_PORT_${p.port}_${proto}`;
      env[base] = url;
      env[`${base}_PROTO`] = proto.toLowerCase();
      env[`${base}_PORT`] = String(p.port);
      env[`${base}_ADDR`] = ip;
    });
  }
  return env;
}

const STRICT_ENV_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;
function strictEnvNameOk(k: string): boolean {
  return STRICT_ENV_NAME.test(k) && k !== '.' && k !== '..' && !k.startsWith('..');
}

/**
 * kubelet makeEnvironmentVariables: envFrom first, then env (overriding), `$(VAR)` expanded
 * against the variables declared so far and the service links; service links not overridden are
 * added last. Throws CreateContainerConfigError with the kubelet's message when a referenced
 * ConfigMap/Secret/key is missing (and not optional) or a resourceFieldRef names no container.
 */
export function makeEnvironment(opts: EnvOptions): EnvResult {
  const pod = opts.pod;
  const ns = pod.metadata?.namespace ?? 'default';
  const events: KubeletEvent[] = [];
  const emit = (e: KubeletEvent) => {
    events.push(e);
    opts.onEvent?.(e);
  };
  const serviceEnv = serviceEnvVars(pod, opts.services);
  const configMaps = new Map<string, any>();
  const secrets = new Map<string, Record<string, string>>();
  const getCM = (name: string): any | undefined => {
    if (!configMaps.has(name)) configMaps.set(name, opts.getConfigMap?.(ns, name));
    return configMaps.get(name);
  };
  const getSecret = (name: string): Record<string, string> | undefined => {
    if (!secrets.has(name)) {
      const s = opts.getSecret?.(ns, name);
      secrets.set(name, s ? secretData(s) : (undefined as any));
    }
    return secrets.get(name);
  };
  const tmpEnv: Record<string, string> = {};

  for (const envFrom of opts.container.envFrom ?? []) {
    const prefix = envFrom.prefix ?? '';
    let data: Record<string, string>;
    let kind: 'configMap' | 'secret';
    let name: string;
    if (envFrom.configMapRef) {
      kind = 'configMap';
      name = envFrom.configMapRef.name ?? '';
      const cm = getCM(name);
      if (!cm) {
        if (envFrom.configMapRef.optional === true) continue;
        throw new CreateContainerConfigError(`configmap ${goQuote(name)} not found`);
      }
      data = configMapData(cm).data;
    } else if (envFrom.secretRef) {
      kind = 'secret';
      name = envFrom.secretRef.name ?? '';
      const s = getSecret(name);
      if (!s) {
        if (envFrom.secretRef.optional === true) continue;
        throw new CreateContainerConfigError(`secret ${goQuote(name)} not found`);
      }
      data = s;
    } else continue;
    const invalid: string[] = [];
    for (const [k0, v] of Object.entries(data)) {
      const k = prefix + k0;
      if (opts.legacyEnvFromKeyCheck && !strictEnvNameOk(k)) {
        invalid.push(k);
        continue;
      }
      tmpEnv[k] = v;
    }
    if (invalid.length)
      emit({
        type: 'Warning',
        reason: 'InvalidEnvironmentVariableNames',
        message: `Keys [${goSort(invalid).join(', ')}] from the EnvFrom ${kind} ${ns}/${name} were skipped since they are considered invalid environment variable names.`,
      });
  }

  const podIPs = opts.podIPs ?? (opts.resolveFieldRef ? [opts.resolveFieldRef('status.podIP')].filter((x): x is string => !!x) : undefined);
  const hostIPs = opts.hostIPs ?? (opts.resolveFieldRef ? [opts.resolveFieldRef('status.hostIP')].filter((x): x is string => !!x) : undefined);

  for (const e of opts.container.env ?? []) {
    let runtimeVal = e.value ?? '';
    if (runtimeVal !== '') runtimeVal = expandVars(runtimeVal, tmpEnv, serviceEnv);
    else if (e.valueFrom) {
      const vf = e.valueFrom;
      if (vf.fieldRef) {
        const r = podFieldSelectorRuntimeValue(vf.fieldRef, pod, { podIPs, hostIPs });
        if (!r.ok) throw new CreateContainerConfigError(r.error);
        runtimeVal = r.value;
      } else if (vf.resourceFieldRef) {
        const r = containerResourceRuntimeValue(vf.resourceFieldRef as any, pod, opts.container, opts.nodeAllocatable);
        if (!r.ok) throw new CreateContainerConfigError(r.error);
        runtimeVal = r.value;
      } else if (vf.configMapKeyRef) {
        const ref = vf.configMapKeyRef;
        const name = ref.name ?? '';
        const optional = ref.optional === true;
        const cm = getCM(name);
        if (!cm) {
          if (optional) continue;
          throw new CreateContainerConfigError(`configmap ${goQuote(name)} not found`);
        }
        const data = configMapData(cm).data;
        if (!Object.prototype.hasOwnProperty.call(data, ref.key)) {
          if (optional) continue;
          throw new CreateContainerConfigError(`couldn't find key ${ref.key} in ConfigMap ${ns}/${name}`);
        }
        runtimeVal = data[ref.key]!;
      } else if (vf.secretKeyRef) {
        const ref = vf.secretKeyRef;
        const name = ref.name ?? '';
        const optional = ref.optional === true;
        const s = getSecret(name);
        if (!s) {
          if (optional) continue;
          throw new CreateContainerConfigError(`secret ${goQuote(name)} not found`);
        }
        if (!Object.prototype.hasOwnProperty.call(s, ref.key)) {
          if (optional) continue;
          throw new CreateContainerConfigError(`couldn't find key ${ref.key} in Secret ${ns}/${name}`);
        }
        runtimeVal = s[ref.key]!;
      }
    }
    tmpEnv[e.name] = runtimeVal;
  }

  const kubeletEnv: Record<string, string> = { ...tmpEnv };
  for (const [k, v] of Object.entries(serviceEnv)) if (!(k in tmpEnv)) kubeletEnv[k] = v;

  const env: Record<string, string> = { ...opts.image.env };
  env.HOSTNAME = pod.spec?.hostname ?? pod.metadata!.name!;
  env.HOME ??= '/root';
  for (const [k, v] of Object.entries(serviceEnv)) env[k] = v;
  if (env.KUBERNETES_SERVICE_HOST === undefined) {
    env.KUBERNETES_SERVICE_HOST = KUBERNETES_SERVICE_IP;
    env.KUBERNETES_SERVICE_PORT = '443';
  }
  for (const [k, v] of Object.entries(tmpEnv)) env[k] = v;
  return { env, kubeletEnv, events };
}

/**
 * Environment as the kubelet builds it (see makeEnvironment). Throws CreateContainerConfigError
 * when a referenced ConfigMap/Secret or key is missing.
 */
export function buildEnv(opts: EnvOptions): Record<string, string> {
  return makeEnvironment(opts).env;
}

/** $(VAR) references in env values and command/args (kubelet's expansion.Expand): `$$` → `$`, unknown refs kept. */
export function expandRefs(s: string, env: Record<string, string>): string {
  return expandVars(s, env);
}

/**
 * kubectl debug (kubectl 1.36, pkg/cmd/debug/debug.go + profiles.go, attach via pkg/cmd/attach):
 *
 *   kubectl debug POD -it --image=IMG [--target=C] [-c NAME] [--profile=P] [-- CMD…]   ephemeral container
 *   kubectl debug POD --copy-to=NEW [--image=IMG] [--set-image=…] [--share-processes] [--same-node] [--replace]
 *   kubectl debug node/NAME -it --image=IMG                                              node debugging pod
 *
 * Order of output and errors follows Complete → Validate → Run of the real command. With
 * -i (or --attach) the command waits on virtual time until the debug container runs, then
 * attaches to its main process like `kubectl attach -it`.
 *
 * Cluster side used here (see the exported interfaces):
 *   ctx.cluster.api.addEphemeralContainer(namespace, podName, ec)  → updated pod, or throws ApiError
 *   ctx.cluster.workerFor(pod)?.record(name)?.current?.state       → 'running' once started
 *   ctx.cluster.workerFor(pod)?.attach(name, io, onExit)           → handle on the main process
 */
import { parse as parseYaml } from 'yaml';
import type { KubectlContext } from '../context';
import { parseFlags, FlagError, type FlagSpec, type Parsed } from '../flags';
import { formatApiError } from '../errors';
import { ApiError, notFound } from '../../cluster/errors';
import { resolveResource, qualifiedResource, deepClone, type KObject } from '../../cluster/objects';
import { readObjects } from './apply';
import type { CommandResult } from '../io';

// ---- what this command needs from the cluster ---------------------------------------------------

/** The pods/ephemeralcontainers subresource (PATCH). Returns the updated pod or throws ApiError. */
export interface EphemeralContainersApi {
  addEphemeralContainer(namespace: string, podName: string, ec: any): KObject;
}

/** A terminal connected to a container's main process (kubectl attach). */
export interface AttachHandle {
  writeStdin(text: string): void;
  closeStdin(): void;
  signal(sig: 'SIGINT' | 'SIGTERM' | 'SIGKILL' | string): void;
  detach?(): void;
}

export interface AttachableWorker {
  attach(containerName: string, io: { stdout(t: string): void; stderr(t: string): void }, onExit: (code: number) => void): AttachHandle | null;
}

// ---- flags ----------------------------------------------------------------------------------------

export const DEBUG_FLAGS: FlagSpec[] = [
  { name: 'filename', short: 'f', type: 'strings' },
  { name: 'arguments-only', type: 'bool' },
  { name: 'attach', type: 'bool' },
  { name: 'container', short: 'c', type: 'string' },
  { name: 'copy-to', type: 'string' },
  { name: 'replace', type: 'bool' },
  { name: 'env', type: 'strings' },
  { name: 'image', type: 'string' },
  { name: 'keep-labels', type: 'bool' },
  { name: 'keep-annotations', type: 'bool' },
  { name: 'keep-liveness', type: 'bool' },
  { name: 'keep-readiness', type: 'bool' },
  { name: 'keep-startup', type: 'bool' },
  { name: 'keep-init-containers', type: 'bool', default: true },
  { name: 'set-image', type: 'strings' },
  { name: 'image-pull-policy', type: 'string' },
  { name: 'stdin', short: 'i', type: 'bool' },
  { name: 'quiet', short: 'q', type: 'bool' },
  { name: 'same-node', type: 'bool' },
  { name: 'share-processes', type: 'bool', default: true },
  { name: 'target', type: 'string' },
  { name: 'tty', short: 't', type: 'bool' },
  { name: 'profile', type: 'string', default: 'general' },
  { name: 'custom', type: 'string' },
];

export const PROFILES = ['legacy', 'general', 'baseline', 'restricted', 'netadmin', 'sysadmin'] as const;
export type Profile = (typeof PROFILES)[number];

export const TEXT = {
  targeting: (c: string) => `Targeting container ${JSON.stringify(c)}. If you don't see processes from this container it may be because the container runtime doesn't support this feature.`,
  defaulting: (n: string) => `Defaulting debug container name to ${n}.`,
  creatingNodePod: (pod: string, c: string, node: string) => `Creating debugging pod ${pod} with container ${c} on node ${node}.`,
  legacy: '--profile=legacy is deprecated and planned to be removed in v1.39. It is recommended to specify other profile, for example "--profile=general".',
  recorded: 'All commands and output from this session will be recorded in container logs, including credentials and sensitive information passed through the command prompt.',
  prompt: "If you don't see a command prompt, try pressing enter.",
  reattachEphemeral: (pod: string, c: string, ns: string) => `Session ended, the ephemeral container will not be restarted but may be reattached using 'kubectl attach ${pod} -c ${c} -n ${ns} -i -t' if it is still running`,
  reattach: (pod: string, c: string, ns: string) => `Session ended, resume using 'kubectl attach ${pod} -c ${c} -n ${ns} -i -t' command when the pod is running`,
  nonRootWarning: 'Warning: Non-root user is configured for the entire target Pod, and some capabilities granted by debug profile may not work. Please consider using "--custom" with a custom profile that specifies "securityContext.runAsUser: 0".',
  disabled: 'ephemeral containers are disabled for this cluster (error from server: "the server could not find the requested resource")',
};

/** pflag stringToString: `k=v`, or CSV `a=1,b=2`; repeatable. Go map order → sorted here. */
export function parseStringToString(values: string[] | undefined, flag: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const val of values ?? []) {
    const n = (val.match(/=/g) ?? []).length;
    if (n === 0) throw new FlagError(`invalid argument ${JSON.stringify(val)} for "--${flag}" flag: ${val} must be formatted as key=value`);
    const pairs = n === 1 ? [val.replace(/^"+|"+$/g, '')] : val.split(',');
    for (const pair of pairs) {
      const i = pair.indexOf('=');
      if (i < 0) throw new FlagError(`invalid argument ${JSON.stringify(val)} for "--${flag}" flag: ${pair} must be formatted as key=value`);
      out[pair.slice(0, i)] = pair.slice(i + 1);
    }
  }
  return Object.fromEntries(Object.keys(out).sort().map((k) => [k, out[k]!]));
}

// distribution/reference ReferenceRegexp
const ALNUM = '[a-z0-9]+';
const SEP = '(?:[._]|__|[-]+)';
const PATH_COMPONENT = `${ALNUM}(?:${SEP}${ALNUM})*`;
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const HOST = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[(?:[a-fA-F0-9:]+)\\])`;
const NAME = `(?:${HOST}(?::[0-9]+)?/)?${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
const REFERENCE_RE = new RegExp(`^(${NAME})(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9a-fA-F]{32,}))?$`);
export const isImageReference = (s: string) => REFERENCE_RE.test(s);

export interface DebugOptions {
  args: string[];
  argsOnly: boolean;
  attach: boolean;
  attachChanged: boolean;
  container: string;
  copyTo: string;
  replace: boolean;
  env: { name: string; value: string }[];
  image: string;
  keep: { labels: boolean; annotations: boolean; liveness: boolean; readiness: boolean; startup: boolean; initContainers: boolean };
  setImages: Record<string, string>;
  pullPolicy: string;
  interactive: boolean;
  quiet: boolean;
  sameNode: boolean;
  shareProcesses: boolean;
  shareProcessesChanged: boolean;
  target: string;
  tty: boolean;
  profile: Profile;
  custom: any | null;
  targetNames: string[];
  filenames: string[];
  namespace: string;
  namespaceSet: boolean;
}

/** Complete(): flags → options. Returns the error kubectl would print (without "error: "). */
export function completeOptions(p: Parsed, ctx: KubectlContext): DebugOptions | { error: string } {
  const f = p.flags;
  const profile = String(f.profile ?? 'general');
  const o: DebugOptions = {
    args: p.rest ?? [],
    argsOnly: !!f['arguments-only'],
    attach: p.set.has('attach') ? !!f.attach : !!f.stdin,
    attachChanged: p.set.has('attach'),
    container: String(f.container ?? ''),
    copyTo: String(f['copy-to'] ?? ''),
    replace: !!f.replace,
    env: Object.entries(parseStringToString(f.env as string[] | undefined, 'env')).map(([name, value]) => ({ name, value })),
    image: String(f.image ?? ''),
    keep: {
      labels: !!f['keep-labels'],
      annotations: !!f['keep-annotations'],
      liveness: !!f['keep-liveness'],
      readiness: !!f['keep-readiness'],
      startup: !!f['keep-startup'],
      initContainers: f['keep-init-containers'] !== false,
    },
    setImages: parseStringToString(f['set-image'] as string[] | undefined, 'set-image'),
    pullPolicy: String(f['image-pull-policy'] ?? ''),
    interactive: !!f.stdin,
    quiet: !!f.quiet,
    sameNode: !!f['same-node'],
    shareProcesses: f['share-processes'] !== false,
    shareProcessesChanged: p.set.has('share-processes'),
    target: String(f.target ?? ''),
    tty: !!f.tty,
    profile: profile as Profile,
    custom: null,
    targetNames: p.args,
    filenames: (f.filename as string[] | undefined) ?? [],
    namespace: (f.namespace as string | undefined) ?? ctx.namespace,
    namespaceSet: f.namespace !== undefined,
  };
  if (!(PROFILES as readonly string[]).includes(profile)) return { error: `unknown profile: ${profile}` };
  if (f.custom !== undefined) {
    const file = String(f.custom);
    const text = ctx.files.read(file.replace(/^\.\//, ''));
    if (text === undefined) return { error: `must pass a container spec json file for custom profile: open ${file}: no such file or directory` };
    try {
      o.custom = JSON.parse(text);
    } catch {
      try {
        o.custom = parseYaml(text);
      } catch (e) {
        return { error: `${file} does not contain a valid container spec: ${(e as Error).message.split('\n')[0]}` };
      }
    }
    if (!o.custom || typeof o.custom !== 'object') o.custom = {};
  }
  return o;
}

/** Validate(): the checks and the stdout/stderr lines it prints, in kubectl's order. */
export function validateOptions(o: DebugOptions, io: KubectlContext['io']): string | null {
  if (o.attach && o.attachChanged && !o.image && !o.container) return 'you must specify --container or create a new container using --image in order to attach.';
  if (o.copyTo) {
    if (!o.image && !Object.keys(o.setImages).length && !o.args.length) return 'you must specify --image, --set-image or command arguments.';
    if (o.args.length && !o.container && !o.image) return 'you must specify an existing container or a new image when specifying args.';
  } else {
    if (o.replace) return '--replace may only be used with --copy-to.';
    if (o.sameNode) return '--same-node may only be used with --copy-to.';
    if (Object.keys(o.setImages).length) return '--set-image may only be used with --copy-to.';
    if (!o.image) return 'you must specify --image when not using --copy-to.';
  }
  if (o.image && !isImageReference(o.image)) return `invalid image name ${JSON.stringify(o.image)}: invalid reference format`;
  if (!o.targetNames.length && !o.filenames.length) return 'NAME or filename is required for debug';
  if (!['Always', 'IfNotPresent', 'Never', ''].includes(o.pullPolicy)) return `invalid image pull policy: ${o.pullPolicy}`;
  for (const [name, image] of Object.entries(o.setImages)) if (!isImageReference(image)) return `invalid image name ${JSON.stringify(image)} for container ${JSON.stringify(name)}: invalid reference format`;
  if (o.target) {
    if (o.copyTo) return '--target is incompatible with --copy-to. Use --share-processes instead.';
    if (!o.quiet) io.out(TEXT.targeting(o.target) + '\n');
  }
  if (o.tty && !o.interactive) return '-i/--stdin is required for containers with -t/--tty=true';
  if (o.custom) {
    const c = o.custom;
    if (c.name || (Array.isArray(c.command) && c.command.length) || c.image || c.lifecycle || (Array.isArray(c.volumeDevices) && c.volumeDevices.length))
      return 'name, command, image, lifecycle and volume devices are not modifiable via custom profile';
  }
  if (o.profile === 'legacy') io.err(TEXT.legacy + '\n');
  return null;
}

// ---- profiles (profiles.go) ---------------------------------------------------------------------

type Style = 'ephemeral' | 'podCopy' | 'node';

function sc(c: any): any {
  return (c.securityContext ??= {});
}
function addCapability(c: any, cap: string): void {
  const caps = (sc(c).capabilities ??= {});
  caps.add = [...(caps.add ?? []), cap];
}
function restricted(c: any): void {
  delete c.securityContext;
  sc(c).runAsNonRoot = true;
  const caps = (sc(c).capabilities ??= {});
  caps.drop = ['ALL'];
  delete caps.add;
  sc(c).allowPrivilegeEscalation = false;
  sc(c).seccompProfile = { type: 'RuntimeDefault' };
}
function useHostNamespaces(spec: any): void {
  spec.hostNetwork = true;
  spec.hostPID = true;
  spec.hostIPC = true;
}
function mountRootPartition(spec: any, c: any): void {
  spec.volumes = [...(spec.volumes ?? []), { name: 'host-root', hostPath: { path: '/' } }];
  c.volumeMounts = [...(c.volumeMounts ?? []), { mountPath: '/host', name: 'host-root' }];
}
function copyRemovals(pod: any, keep: DebugOptions['keep']): void {
  if (!keep.labels) delete pod.metadata.labels;
  if (!keep.annotations) delete pod.metadata.annotations;
  for (const c of pod.spec.containers ?? []) {
    if (!keep.liveness) delete c.livenessProbe;
    if (!keep.readiness) delete c.readinessProbe;
    if (!keep.startup) delete c.startupProbe;
  }
  if (!keep.initContainers) delete pod.spec.initContainers;
}
function shareProcessNamespace(spec: any): void {
  spec.shareProcessNamespace ??= true;
}

/** ProfileApplier.Apply for kubectl 1.36 (ephemeral containers never touch pod labels there). */
export function applyProfile(profile: Profile, style: Style, pod: any, c: any, keep: DebugOptions['keep']): void {
  const spec = pod.spec;
  switch (profile) {
    case 'legacy':
      if (style === 'node') {
        mountRootPartition(spec, c);
        useHostNamespaces(spec);
      } else if (style === 'podCopy') delete pod.metadata.labels;
      return;
    case 'general':
      if (style === 'node') {
        mountRootPartition(spec, c);
        delete c.securityContext;
        useHostNamespaces(spec);
      } else if (style === 'podCopy') {
        copyRemovals(pod, keep);
        addCapability(c, 'SYS_PTRACE');
        shareProcessNamespace(spec);
      } else addCapability(c, 'SYS_PTRACE');
      return;
    case 'baseline':
      delete c.securityContext;
      if (style === 'podCopy') {
        copyRemovals(pod, keep);
        shareProcessNamespace(spec);
      }
      return;
    case 'restricted':
      restricted(c);
      if (style === 'podCopy') {
        copyRemovals(pod, keep);
        shareProcessNamespace(spec);
      }
      return;
    case 'netadmin':
      addCapability(c, 'NET_ADMIN');
      addCapability(c, 'NET_RAW');
      if (style === 'node') useHostNamespaces(spec);
      else if (style === 'podCopy') {
        copyRemovals(pod, keep);
        shareProcessNamespace(spec);
      }
      return;
    case 'sysadmin':
      sc(c).privileged = true;
      if (style === 'node') {
        useHostNamespaces(spec);
        mountRootPartition(spec, c);
      } else if (style === 'podCopy') {
        copyRemovals(pod, keep);
        shareProcessNamespace(spec);
      }
      return;
  }
}

/** --custom: a strategic-merge-like overlay (lists of named things merge by key, others replace). */
function mergeCustom(target: any, patch: any): any {
  const keys: Record<string, string> = { env: 'name', volumeMounts: 'mountPath', ports: 'containerPort', envFrom: '' };
  for (const [k, v] of Object.entries(patch ?? {})) {
    if (k === 'name') continue;
    const key = keys[k];
    if (Array.isArray(v) && key && Array.isArray(target[k])) {
      const merged = [...target[k]];
      for (const item of v) {
        const i = merged.findIndex((x: any) => x?.[key] === (item as any)?.[key]);
        if (i >= 0) merged[i] = mergeCustom({ ...merged[i] }, item);
        else merged.push(item);
      }
      target[k] = merged;
    } else if (v && typeof v === 'object' && !Array.isArray(v) && target[k] && typeof target[k] === 'object' && !Array.isArray(target[k])) target[k] = mergeCustom({ ...target[k] }, v);
    else if (v === null) delete target[k];
    else target[k] = v;
  }
  return target;
}

// ---- helpers -----------------------------------------------------------------------------------

function allContainerNames(spec: any): Set<string> {
  return new Set([...(spec.containers ?? []), ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])].map((c: any) => c.name));
}

function containerStatus(pod: any, name: string): any {
  const st = pod.status ?? {};
  for (const list of [st.initContainerStatuses, st.containerStatuses, st.ephemeralContainerStatuses]) for (const s of list ?? []) if (s.name === name) return s;
  return undefined;
}

function gvkString(kind: string, apiVersion: string): string {
  const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
  return `${group}/${version}, Kind=${kind}`;
}

interface Visit {
  pod: KObject;
  container: string;
  /** The attach target is an ephemeral container (for the reattach message). */
  ephemeral: boolean;
}

// ---- the command ---------------------------------------------------------------------------------

export function debug(argv: string[], ctx: KubectlContext): CommandResult {
  const io = ctx.io;
  const p = parseFlags(argv, DEBUG_FLAGS);
  const fail = (msg: string): CommandResult => {
    io.err(`error: ${msg}\n`);
    return { code: 1 };
  };
  const done = completeOptions(p, ctx);
  if ('error' in done) return fail(done.error);
  const o = done;
  const verr = validateOptions(o, io);
  if (verr) return fail(verr);
  const cluster = ctx.cluster;
  const ns = o.namespace;

  // Resource builder: TYPE/NAME or NAME (pods), or -f files. Everything resolves before any visit.
  const targets: { kind: string; apiVersion: string; name: string; namespaced: boolean }[] = [];
  if (o.filenames.length) {
    const r = readObjects(o.filenames, ctx, ns, o.namespaceSet);
    if ('error' in r) {
      io.err(r.error + '\n');
      return { code: 1 };
    }
    for (const d of r.objs) targets.push({ kind: d.obj.kind, apiVersion: d.obj.apiVersion, name: d.obj.metadata.name, namespaced: d.obj.kind !== 'Node' });
  }
  for (const arg of o.targetNames) {
    const slash = arg.indexOf('/');
    const type = slash >= 0 ? arg.slice(0, slash) : 'pods';
    const name = slash >= 0 ? arg.slice(slash + 1) : arg;
    const info = resolveResource(type);
    if (!info) return fail(`the server doesn't have a resource type ${JSON.stringify(type)}`);
    targets.push({ kind: info.kind, apiVersion: info.apiVersion, name, namespaced: info.namespaced });
  }

  let finished = false;
  let returned = false;
  let exitCode = 0;
  const finish = (code: number) => {
    if (finished) return;
    finished = true;
    exitCode = code;
    if (returned) ctx.done(code);
  };
  /** Where Ctrl-C and typed input go right now. */
  let session: { interrupt(): void; input(d: string): void } | null = null;
  const pendingInput: string[] = [];

  const apiFail = (e: unknown): void => {
    if (!(e instanceof ApiError)) throw e;
    io.err(formatApiError(e) + '\n');
    finish(1);
  };

  const visitPodEphemeral = (pod: KObject): Visit | null => {
    const name = computeName(pod.spec);
    // EphemeralContainerCommon field order, as -o yaml shows it.
    const ordered: any = { name, image: o.image };
    if (o.args.length) ordered[o.argsOnly ? 'args' : 'command'] = o.args;
    if (o.env.length) ordered.env = o.env;
    ordered.terminationMessagePolicy = 'File';
    if (o.pullPolicy) ordered.imagePullPolicy = o.pullPolicy;
    if (o.interactive) ordered.stdin = true;
    if (o.tty) ordered.tty = true;
    if (o.target) ordered.targetContainerName = o.target;
    const copied = deepClone(pod);
    applyProfile(o.profile, 'ephemeral', copied, ordered, o.keep);
    if (o.custom) mergeCustom(ordered, o.custom);
    displayWarning(ordered, pod);
    const api = cluster.api as unknown as Partial<EphemeralContainersApi>;
    if (typeof api.addEphemeralContainer !== 'function') {
      io.err(`error: ${TEXT.disabled}\n`);
      finish(1);
      return null;
    }
    try {
      const updated = api.addEphemeralContainer.call(cluster.api, ns, pod.metadata.name, ordered);
      return { pod: updated, container: name, ephemeral: true };
    } catch (e) {
      apiFail(e);
      return null;
    }
  };

  const computeName = (spec: any): string => {
    if (o.container) return o.container;
    const names = allContainerNames(spec);
    let cn = '';
    while (!cn || names.has(cn)) cn = `debugger-${cluster.rng.k8sSuffix(5)}`;
    if (!o.quiet) io.out(TEXT.defaulting(cn) + '\n');
    return cn;
  };

  const displayWarning = (c: any, pod: any) => {
    const podUser = pod.spec?.securityContext?.runAsUser;
    if (podUser === undefined || podUser === null || podUser === 0) return;
    const s = c?.securityContext;
    if (!s) return;
    if (s.runAsUser === 0) return;
    if (s.privileged !== true && !(s.capabilities?.add?.length > 0)) return;
    io.err(TEXT.nonRootWarning + '\n');
  };

  const visitPodCopy = (pod: KObject): Visit | null => {
    const copied: any = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: o.copyTo, namespace: pod.metadata.namespace, ...(pod.metadata.annotations ? { annotations: deepClone(pod.metadata.annotations) } : {}), ...(pod.metadata.labels ? { labels: deepClone(pod.metadata.labels) } : {}) },
      spec: deepClone(pod.spec),
    };
    delete copied.spec.ephemeralContainers;
    if (o.shareProcessesChanged) copied.spec.shareProcessNamespace = o.shareProcesses;
    if (!o.sameNode) delete copied.spec.nodeName;
    for (const c of copied.spec.containers ?? []) {
      const override = o.setImages[c.name] ?? o.setImages['*'];
      if (override) c.image = override;
    }
    let name = o.container;
    let c = [...(copied.spec.containers ?? []), ...(copied.spec.initContainers ?? [])].find((x: any) => x.name === name);
    if (!c) {
      if (!o.image) {
        if (Object.keys(o.setImages).length) return create(copied, pod, '', null);
        io.err('error: you must specify image when creating new container\n');
        finish(1);
        return null;
      }
      if (!name) name = computeName(copied.spec);
      c = { name, terminationMessagePolicy: 'File' };
      copied.spec.containers = [...(copied.spec.containers ?? []), c];
    }
    if (o.args.length) {
      if (o.argsOnly) c.args = o.args;
      else {
        c.command = o.args;
        delete c.args;
      }
    }
    if (o.env.length) c.env = o.env;
    if (o.image) c.image = o.image;
    if (o.pullPolicy) c.imagePullPolicy = o.pullPolicy;
    c.stdin = o.interactive;
    c.tty = o.tty;
    if (!c.stdin) delete c.stdin;
    if (!c.tty) delete c.tty;
    applyProfile(o.profile, 'podCopy', copied, c, o.keep);
    if (o.custom) mergeCustom(c, o.custom);
    return create(copied, pod, name, c);
  };

  const create = (copied: any, original: KObject, name: string, c: any): Visit | null => {
    if (c) displayWarning(c, copied);
    let created: KObject;
    try {
      created = cluster.api.create(copied);
    } catch (e) {
      apiFail(e);
      return null;
    }
    if (o.replace) {
      try {
        cluster.api.delete('Pod', original.metadata.namespace, original.metadata.name, { gracePeriodSeconds: 0 });
      } catch (e) {
        apiFail(e);
        return null;
      }
    }
    return { pod: created, container: name, ephemeral: false };
  };

  const visitNode = (node: KObject): Visit | null => {
    const cn = o.container || 'debugger';
    const pn = `node-debugger-${node.metadata.name}-${cluster.rng.k8sSuffix(5)}`;
    if (!o.quiet) io.out(TEXT.creatingNodePod(pn, cn, node.metadata.name) + '\n');
    const c: any = { name: cn, image: o.image };
    if (o.args.length) c[o.argsOnly ? 'args' : 'command'] = o.args;
    if (o.env.length) c.env = o.env;
    c.terminationMessagePolicy = 'File';
    if (o.pullPolicy) c.imagePullPolicy = o.pullPolicy;
    if (o.interactive) c.stdin = true;
    if (o.tty) c.tty = true;
    const pod: any = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: pn, namespace: ns, labels: { 'app.kubernetes.io/managed-by': 'kubectl-debug' } },
      spec: { containers: [c], nodeName: node.metadata.name, restartPolicy: 'Never', tolerations: [{ operator: 'Exists' }] },
    };
    applyProfile(o.profile, 'node', pod, c, o.keep);
    if (o.custom) mergeCustom(c, o.custom);
    try {
      const created = cluster.api.create(pod);
      return { pod: created, container: cn, ephemeral: false };
    } catch (e) {
      apiFail(e);
      return null;
    }
  };

  /** waitForContainer + handleAttachPod: then `next()` continues with the remaining targets. */
  const attachTo = (v: Visit, next: () => void) => {
    const podName = v.pod.metadata.name;
    const podNs = v.pod.metadata.namespace ?? ns;
    let lastWarning = '';
    let timer: number | undefined;
    session = {
      interrupt: () => {
        cluster.clock.cancel(timer);
        finish(1); // the interrupt handler around the watch exits with status 1
      },
      input: (d) => pendingInput.push(d),
    };
    const check = () => {
      if (finished) return;
      const pod = cluster.store.get('Pod', podNs, podName);
      if (!pod) {
        io.err(formatApiError(notFound('pods', '')) + '\n');
        return finish(1);
      }
      const rec = cluster.workerFor(pod)?.record(v.container);
      const state = rec?.current?.state;
      if (state === 'running') return attachNow(pod);
      if (state === 'exited') return streamLogs(pod);
      const st = containerStatus(pod, v.container);
      const msg = st?.state?.waiting?.message;
      if (!o.quiet && msg && msg !== lastWarning) {
        lastWarning = msg;
        io.err(`Warning: container ${v.container}: ${msg}\n`);
      }
      timer = cluster.clock.after(100, check);
    };
    const streamLogs = (pod: KObject) => {
      const rec = cluster.workerFor(pod)?.record(v.container);
      for (const l of rec?.current?.logs ?? []) io.out(l.text + '\n');
      session = null;
      next();
    };
    const attachNow = (pod: KObject) => {
      const worker = cluster.workerFor(pod) as unknown as Partial<AttachableWorker> & { record(n: string): any };
      const rec = worker.record(v.container);
      const tty = o.tty && !!(rec?.spec as any)?.tty;
      if (o.interactive && !o.quiet) io.err(TEXT.recorded + '\n');
      if (!o.quiet) io.err(TEXT.prompt + '\n');
      const onEnd = () => {
        session = null;
        const live = cluster.store.get('Pod', podNs, podName) ?? pod;
        if (!o.quiet && o.interactive && tty && live.spec?.restartPolicy === 'Always')
          io.out((v.ephemeral ? TEXT.reattachEphemeral : TEXT.reattach)(podName, v.container, podNs) + '\n');
        next();
      };
      const handle = typeof worker.attach === 'function' ? worker.attach.call(worker, v.container, { stdout: (t) => io.out(t), stderr: (t) => io.err(t) }, () => onEnd()) : null;
      if (!handle) return streamLogs(pod);
      // The attach's terminal resize makes the shell redraw its prompt: show the pending line.
      const partial: string | undefined = rec?.current?.partial?.stdout;
      if (tty && partial) io.out(partial);
      session = {
        interrupt: () => {
          if (tty) handle.signal('SIGINT');
          else {
            handle.detach?.();
            session = null;
            finish(130);
          }
        },
        input: (d) => {
          if (!o.interactive) return;
          if (d === '\u0004') handle.closeStdin();
          else handle.writeStdin(d);
        },
      };
      for (const d of pendingInput.splice(0)) session.input(d);
    };
    check();
  };

  const run = (i: number): void => {
    for (; i < targets.length && !finished; i++) {
      const t = targets[i]!;
      const obj = cluster.store.get(t.kind, t.namespaced ? ns : undefined, t.name);
      if (!obj) {
        const info = resolveResource(t.kind);
        io.err(formatApiError(notFound(info ? qualifiedResource(info) : t.kind, t.name)) + '\n');
        return finish(1);
      }
      let v: Visit | null;
      if (t.kind === 'Node') v = visitNode(obj);
      else if (t.kind === 'Pod') v = o.copyTo ? visitPodCopy(obj) : visitPodEphemeral(obj);
      else {
        io.err(`error: ${JSON.stringify(gvkString(t.kind, t.apiVersion))} not supported by debug\n`);
        return finish(1);
      }
      if (!v) return finish(1);
      if (o.attach && v.container) {
        const nextIndex = i + 1;
        attachTo(v, () => run(nextIndex));
        return;
      }
    }
    finish(0);
  };

  run(0);
  if (finished) return { code: exitCode };
  returned = true;
  return {
    running: {
      interrupt: () => session?.interrupt(),
      input: (d: string) => session?.input(d),
    },
  };
}

/**
 * What a container sees when it starts: its filesystem (image files, /etc files the kubelet writes,
 * the service-account mount, volumes) and its environment (image env, pod env, service links).
 */
import { Vfs, newDir, type DirNode } from '../shell/vfs';
import type { ImageDef } from '../runtime/images';
import type { Container, Service } from '../objects';
import { DNS_SERVICE_IP, KUBERNETES_SERVICE_IP } from '../network';

export interface PodVolumes {
  /** Shared directory per pod volume name (emptyDir, hostPath…), created once per pod. */
  dirs: Map<string, DirNode>;
}

export function buildFs(opts: {
  now: () => number;
  pod: any;
  container: Container;
  image: ImageDef;
  argv: string[];
  volumes: PodVolumes;
  hostsIP: string;
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

  const volumes = pod.spec?.volumes ?? [];
  for (const m of container.volumeMounts ?? []) {
    const vol = volumes.find((v: any) => v.name === m.name);
    if (!vol) continue;
    let dir = opts.volumes.dirs.get(m.name);
    if (!dir) {
      dir = newDir();
      opts.volumes.dirs.set(m.name, dir);
    }
    if (vol.projected && m.mountPath === '/var/run/secrets/kubernetes.io/serviceaccount') {
      populateServiceAccount(dir, ns, opts.now());
    }
    fs.mount(m.mountPath, m.readOnly ? { ...dir, readOnly: true } : dir);
  }
  return fs;
}

function populateServiceAccount(dir: DirNode, ns: string, t: number): void {
  if (dir.entries.size) return;
  const file = (data: string) => ({ kind: 'file' as const, data, mode: 0o644, mtime: t, readOnly: true });
  dir.entries.set('namespace', file(ns));
  dir.entries.set('token', file('eyJhbGciOiJSUzI1NiIsImtpZCI6InBvZGxhYiJ9.eyJpc3MiOiJodHRwczovL2t1YmVybmV0ZXMuZGVmYXVsdC5zdmMuY2x1c3Rlci5sb2NhbCJ9.c2lnbmF0dXJl'));
  dir.entries.set('ca.crt', file('-----BEGIN CERTIFICATE-----\nMIIDBTCCAe2gAwIBAgIIpodlabCAwDQYJKoZIhvcNAQELBQAwFTETMBEGA1UEAxMK\na3ViZXJuZXRlczAeFw0yNjAxMDUwOTAwMDBaFw0zNjAxMDMwOTAwMDBaMBUxEzAR\n-----END CERTIFICATE-----\n'));
  dir.readOnly = true;
}

/** Environment as the kubelet builds it: service links first, then the container's own env. */
export function buildEnv(opts: { pod: any; container: Container; image: ImageDef; services: Service[]; resolveFieldRef: (path: string) => string | undefined }): Record<string, string> {
  const env: Record<string, string> = { ...opts.image.env };
  env.HOSTNAME = opts.pod.spec?.hostname ?? opts.pod.metadata!.name!;
  env.HOME ??= '/root';
  const links = opts.pod.spec?.enableServiceLinks !== false;
  // The kubernetes service is always linked; others only with enableServiceLinks.
  for (const svc of opts.services) {
    const isK8s = svc.metadata?.name === 'kubernetes' && svc.metadata?.namespace === 'default';
    if (!isK8s && (!links || svc.metadata?.namespace !== (opts.pod.metadata?.namespace ?? 'default'))) continue;
    const ip = svc.spec?.clusterIP;
    if (!ip || ip === 'None') continue;
    const prefix = svc.metadata!.name!.toUpperCase().replace(/-/g, '_');
    const ports = svc.spec?.ports ?? [];
    env[`${prefix}_SERVICE_HOST`] = ip;
    if (ports[0]) {
      env[`${prefix}_SERVICE_PORT`] = String(ports[0].port);
      env[`${prefix}_PORT`] = `${(ports[0].protocol ?? 'TCP').toLowerCase()}://${ip}:${ports[0].port}`;
    }
    for (const p of ports) {
      if (p.name) env[`${prefix}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, '_')}`] = String(p.port);
      const proto = (p.protocol ?? 'TCP').toUpperCase();
      const base = `${prefix}_PORT_${p.port}_${proto}`;
      env[base] = `${proto.toLowerCase()}://${ip}:${p.port}`;
      env[`${base}_PROTO`] = proto.toLowerCase();
      env[`${base}_PORT`] = String(p.port);
      env[`${base}_ADDR`] = ip;
    }
  }
  if (env.KUBERNETES_SERVICE_HOST === undefined) {
    env.KUBERNETES_SERVICE_HOST = KUBERNETES_SERVICE_IP;
    env.KUBERNETES_SERVICE_PORT = '443';
  }
  for (const e of opts.container.env ?? []) {
    if (e.value !== undefined) env[e.name] = expandRefs(e.value, env);
    else if (e.valueFrom?.fieldRef) env[e.name] = opts.resolveFieldRef(e.valueFrom.fieldRef.fieldPath) ?? '';
    else env[e.name] = '';
  }
  return env;
}

/** $(VAR) references in env values and command/args (kubelet's expansion.Expand). */
export function expandRefs(s: string, env: Record<string, string>): string {
  return s.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_]*)\)/g, (m, name) => (m === '$$' ? '$' : name in env ? env[name]! : m));
}

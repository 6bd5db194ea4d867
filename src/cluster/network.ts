/**
 * Cluster networking: pod IPAM (a /24 per node, like kind/flannel), Service ClusterIPs
 * (10.96.0.0/12), cluster DNS (CoreDNS's records and the pod's search path) and HTTP routing
 * from a client to a Service's ready endpoints or a pod IP.
 */
import type { ApiStore } from './store';
import type { Rng } from './rng';
import type { DnsAnswer, HttpResponse } from './shell/types';
import type { HttpRequest, HttpAnswer, GrpcHealthAnswer } from './runtime/daemon-kit';
import type { KObject } from './objects';

export const CLUSTER_DOMAIN = 'cluster.local';
export const DNS_SERVICE_IP = '10.96.0.10';
export const KUBERNETES_SERVICE_IP = '10.96.0.1';

/** A process serving on a pod IP (the kubelet registers each pod's running server programs). */
export interface Server {
  acceptsTcp(port: number): boolean;
  serveHttp(req: HttpRequest, port?: number): HttpAnswer | null;
  grpcHealthCheck(service: string, port?: number): GrpcHealthAnswer | null;
}

export class Network {
  private nodeSubnets = new Map<string, number>();
  private nextHost = new Map<string, number>();
  private usedServiceIPs = new Set<string>([KUBERNETES_SERVICE_IP, DNS_SERVICE_IP]);
  /** Pod IP → functions listing the servers running behind it (several with hostNetwork). */
  private providers = new Map<string, Set<() => Server[]>>();

  /** Resolver answers by "namespace/name" (a load generator resolves the same name 100×/s);
   *  dropped whenever a Service or Endpoints object changes, so it never serves a stale record. */
  private dnsCache = new Map<string, DnsAnswer | null>();
  private byClusterIP: Map<string, KObject> | null = null;

  constructor(
    private readonly store: ApiStore,
    private readonly rng: Rng,
  ) {
    const drop = () => {
      this.dnsCache.clear();
      this.byClusterIP = null;
    };
    store.watch('Service', drop);
    store.watch('Endpoints', drop);
  }

  /** Give each node its pod CIDR 10.244.<n>.0/24 in registration order. */
  registerNode(node: string): string {
    if (!this.nodeSubnets.has(node)) this.nodeSubnets.set(node, this.nodeSubnets.size);
    return `10.244.${this.nodeSubnets.get(node)}.0/24`;
  }

  /** Next free pod IP on a node (the CNI's host-local IPAM hands them out in order). */
  allocatePodIP(node: string): string {
    const subnet = this.nodeSubnets.get(node) ?? 0;
    const host = (this.nextHost.get(node) ?? 1) + 1;
    this.nextHost.set(node, host > 254 ? 2 : host);
    return `10.244.${subnet}.${host}`;
  }

  /** A random free ClusterIP in 10.96.0.0/16, as the API server's allocator picks one. */
  allocateClusterIP(): string {
    for (;;) {
      const ip = `10.96.${this.rng.int(0, 256)}.${this.rng.int(1, 255)}`;
      if (!this.usedServiceIPs.has(ip)) {
        this.usedServiceIPs.add(ip);
        return ip;
      }
    }
  }

  reserveClusterIP(ip: string): boolean {
    if (this.usedServiceIPs.has(ip)) return false;
    this.usedServiceIPs.add(ip);
    return true;
  }

  releaseClusterIP(ip: string | undefined): void {
    if (ip) this.usedServiceIPs.delete(ip);
  }

  /** The kubelet announces a pod's servers once its sandbox has an IP. */
  attach(ip: string, servers: () => Server[]): () => void {
    let set = this.providers.get(ip);
    if (!set) this.providers.set(ip, (set = new Set()));
    set.add(servers);
    return () => set!.delete(servers);
  }

  /** The first server listening on ip:port (hot: every request of a load generator ends here). */
  private serverOn(ip: string, port: number): Server | undefined {
    const set = this.providers.get(ip);
    if (!set) return undefined;
    for (const p of set) for (const s of p()) if (s.acceptsTcp(port)) return s;
    return undefined;
  }

  /** Does a TCP connect to ip:port succeed (tcpSocket probes, nc -z)? */
  tcp(ip: string, port: number): boolean {
    return this.serverOn(ip, port) !== undefined;
  }

  /** One HTTP request straight to ip:port (probes, hooks, after Service routing). null = refused. */
  http(ip: string, port: number, req: HttpRequest): HttpAnswer | null {
    const s = this.serverOn(ip, port);
    if (!s) return null;
    req.port = port;
    return s.serveHttp(req, port);
  }

  grpc(ip: string, port: number, service: string): GrpcHealthAnswer | null {
    const s = this.serverOn(ip, port);
    return s ? s.grpcHealthCheck(service, port) : null;
  }

  /**
   * Resolve a name from a pod in `namespace`, trying the search path the pod's resolv.conf has
   * (ndots:5 means a short name is tried with each search suffix first).
   */
  resolve(name: string, namespace: string): DnsAnswer | null {
    const key = `${namespace}/${name}`;
    let ans = this.dnsCache.get(key);
    if (ans === undefined) this.dnsCache.set(key, (ans = this.resolveUncached(name, namespace)));
    return ans && { fqdn: ans.fqdn, addresses: ans.addresses.slice() };
  }

  private resolveUncached(name: string, namespace: string): DnsAnswer | null {
    const n = name.replace(/\.$/, '').toLowerCase();
    const candidates = n.split('.').length > 5 ? [n] : [`${n}.${namespace}.svc.${CLUSTER_DOMAIN}`, `${n}.svc.${CLUSTER_DOMAIN}`, `${n}.${CLUSTER_DOMAIN}`, n];
    for (const fqdn of candidates) {
      const addrs = this.lookupFqdn(fqdn);
      if (addrs) return { fqdn, addresses: addrs };
    }
    return null;
  }

  /** CoreDNS kubernetes plugin records: <svc>.<ns>.svc.cluster.local and <a-b-c-d>.<ns>.pod.cluster.local. */
  private lookupFqdn(fqdn: string): string[] | null {
    const suffix = `.svc.${CLUSTER_DOMAIN}`;
    if (fqdn.endsWith(suffix)) {
      const parts = fqdn.slice(0, -suffix.length).split('.');
      if (parts.length !== 2) return null;
      const [svcName, ns] = parts as [string, string];
      const svc = this.store.get('Service', ns, svcName);
      if (!svc) return null;
      const ip = svc.spec?.clusterIP;
      if (ip && ip !== 'None') return [ip];
      // Headless: one A record per ready endpoint.
      const ep = this.store.get('Endpoints', ns, svcName);
      const ips = (ep?.subsets ?? []).flatMap((s: any) => (s.addresses ?? []).map((a: any) => a.ip as string));
      return ips.length ? ips : null;
    }
    const podSuffix = `.pod.${CLUSTER_DOMAIN}`;
    if (fqdn.endsWith(podSuffix)) {
      const parts = fqdn.slice(0, -podSuffix.length).split('.');
      if (parts.length === 2 && /^\d+-\d+-\d+-\d+$/.test(parts[0]!)) return [parts[0]!.replace(/-/g, '.')];
    }
    return null;
  }

  /** Which Service owns a ClusterIP. */
  serviceByIP(ip: string): KObject | undefined {
    if (!this.byClusterIP) {
      this.byClusterIP = new Map();
      for (const s of this.store.list('Service')) if (s.spec?.clusterIP && s.spec.clusterIP !== 'None') this.byClusterIP.set(s.spec.clusterIP, s);
    }
    return this.byClusterIP.get(ip);
  }

  /** HTTP GET from a pod: Service ClusterIP → an endpoint (round-robin by rng) → listener. */
  httpGet(url: string, fromNamespace: string, fromIP?: string): HttpResponse {
    const m = /^(?:http:\/\/)?([^/:]+)(?::(\d+))?(\/.*)?$/.exec(url);
    if (!m) return { status: 0, body: '', error: `bad address '${url}'` };
    const host = m[1]!;
    let port = m[2] ? Number(m[2]) : 80;
    const path = m[3] ?? '/';
    let ip = host;
    if (!/^\d+\.\d+\.\d+\.\d+$/.test(host)) {
      const ans = this.resolve(host, fromNamespace);
      if (!ans) return { status: 0, body: '', error: `bad address '${host}'` };
      ip = ans.addresses[0]!;
    }
    const svc = this.serviceByIP(ip);
    let target = `${ip}:${port}`;
    if (svc) {
      const sp = (svc.spec?.ports ?? []).find((p: any) => p.port === port);
      if (!sp) return { status: 0, body: '', error: 'Connection refused' };
      const ep = this.store.get('Endpoints', svc.metadata.namespace, svc.metadata.name);
      const subset = (ep?.subsets ?? []).find((s: any) => (s.addresses ?? []).length > 0);
      if (!subset) return { status: 0, body: '', error: 'Connection refused' };
      const addrs = subset.addresses!;
      const a = addrs[this.rng.int(0, addrs.length)]!;
      const epPort = (subset.ports ?? []).find((p: any) => (p.name ?? '') === (sp.name ?? '')) ?? subset.ports?.[0];
      port = epPort?.port ?? port;
      target = `${a.ip}:${port}`;
    }
    const [tip, tport] = target.split(':') as [string, string];
    const r = this.http(tip, Number(tport), { method: 'GET', path, userAgent: 'Wget', clientIP: fromIP });
    if (!r) return { status: 0, body: '', error: 'Connection refused' };
    if (r.error) return { status: 0, body: '', error: 'error getting response: Connection reset by peer', latencyMs: r.latencyMs };
    return { status: r.status, body: r.body, latencyMs: Math.max(1, Math.round(r.latencyMs ?? 1)) };
  }

  podsOnIP(ip: string): KObject[] {
    return this.store.list('Pod').filter((p) => p.status?.podIP === ip);
  }
}

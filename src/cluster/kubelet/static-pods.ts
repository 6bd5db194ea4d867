/**
 * Static pods: the kubelet reads pod manifests from its staticPodPath (kubeadm:
 * /etc/kubernetes/manifests) every 20 s (fileCheckFrequency) and runs them itself. The API only
 * gets a mirror pod, `<name>-<node>`; deleting it just makes the kubelet post it again, while the
 * containers keep running. Removing the file stops the pod.
 */
import { parseAllDocuments } from 'yaml';
import { Vfs } from '../shell/vfs';
import type { KObject } from '../objects';
import type { Kubelet } from './kubelet';

export const STATIC_POD_PATH = '/etc/kubernetes/manifests';
export const FILE_CHECK_MS = 20_000;
export const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

/** FNV-1a of the manifest: the config hash annotation the kubelet sets. */
function hash(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619) >>> 0;
  return h.toString(16).padStart(8, '0') + (h ^ 0x5bd1e995).toString(16).padStart(8, '0');
}

export class StaticPods {
  /** file name → the static pod's identity and current mirror. */
  private known = new Map<string, { name: string; namespace: string; hash: string; manifest: any }>();

  constructor(private readonly k: Kubelet) {
    k.clock.after(FILE_CHECK_MS, () => this.scan());
  }

  /** Is this API pod the mirror of a static pod we still run? */
  isMirror(pod: KObject): boolean {
    return !!pod.metadata.annotations?.[MIRROR_ANNOTATION];
  }

  stillWanted(pod: KObject): boolean {
    return [...this.known.values()].some((s) => s.name === pod.metadata.name && s.namespace === pod.metadata.namespace);
  }

  private scan(): void {
    const fs = new Vfs(() => this.k.clock.now(), this.k.nodeRoot);
    const seen = new Set<string>();
    let files: string[] = [];
    try {
      files = fs.list(STATIC_POD_PATH).filter((f) => /\.(ya?ml|json)$/.test(f));
    } catch {
      files = [];
    }
    for (const f of files) {
      const text = fs.readFile(`${STATIC_POD_PATH}/${f}`);
      const doc = parseAllDocuments(text, { version: '1.1' })[0];
      if (!doc || doc.errors?.length) continue;
      const m: any = doc.toJS();
      if (m?.kind !== 'Pod' || !m.metadata?.name || !m.spec) continue;
      seen.add(f);
      const h = hash(text);
      const name = `${m.metadata.name}-${this.k.nodeName}`;
      const namespace = m.metadata.namespace ?? 'default';
      const prev = this.known.get(f);
      if (prev && prev.hash !== h) this.removeMirror(prev.name, prev.namespace);
      this.known.set(f, { name, namespace, hash: h, manifest: m });
      this.ensureMirror(f);
    }
    for (const [f, s] of this.known) {
      if (seen.has(f)) continue;
      this.known.delete(f);
      this.removeMirror(s.name, s.namespace);
    }
    this.k.clock.after(FILE_CHECK_MS, () => this.scan());
  }

  /** Post (or re-post) the mirror pod for a static pod file. */
  ensureMirror(file: string): void {
    const s = this.known.get(file);
    if (!s || this.k.store.get('Pod', s.namespace, s.name)) return;
    const m = structuredClone(s.manifest);
    const node = this.k.store.get('Node', undefined, this.k.nodeName);
    m.metadata = {
      ...m.metadata,
      name: s.name,
      namespace: s.namespace,
      annotations: { ...(m.metadata.annotations ?? {}), 'kubernetes.io/config.hash': s.hash, [MIRROR_ANNOTATION]: s.hash, 'kubernetes.io/config.seen': this.k.store.timestamp(), 'kubernetes.io/config.source': 'file' },
      ownerReferences: node ? [{ apiVersion: 'v1', kind: 'Node', name: node.metadata.name, uid: node.metadata.uid, controller: true }] : [],
    };
    m.spec = { ...m.spec, nodeName: this.k.nodeName, automountServiceAccountToken: false };
    try {
      this.k.api.create(m);
    } catch {
      // invalid manifest: the real kubelet logs it and moves on
    }
  }

  /** A mirror pod was deleted through the API: post it again (the static pod never stopped). */
  mirrorDeleted(pod: KObject): void {
    for (const [f, s] of this.known) if (s.name === pod.metadata.name && s.namespace === pod.metadata.namespace) this.k.clock.after(500, () => this.ensureMirror(f));
  }

  private removeMirror(name: string, namespace: string): void {
    const live = this.k.store.get('Pod', namespace, name);
    if (live) this.k.api.delete('Pod', namespace, name);
  }
}

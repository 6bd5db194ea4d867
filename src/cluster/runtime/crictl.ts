/**
 * crictl on a node: what the CRI runtime (containerd) knows. `crictl pods` lists the pod
 * sandboxes — the pause containers kubectl never shows — and `crictl ps` the app containers.
 * Output follows crictl 1.3x: tabwriter (minwidth 20, padding 3), 13-character IDs, "N minutes ago".
 */
import { TabWriter } from '../tabwriter';

export interface CriSandbox {
  id: string;
  createdAt: number;
  ready: boolean;
  name: string;
  namespace: string;
  uid: string;
  attempt: number;
  ip: string;
}

export interface CriContainer {
  id: string;
  imageId: string;
  image: string;
  createdAt: number;
  state: 'Running' | 'Exited' | 'Created';
  name: string;
  attempt: number;
  podId: string;
  podName: string;
  namespace: string;
}

export interface CriImage {
  repo: string;
  tag: string;
  id: string;
  size: number;
}

export interface CriView {
  now(): number;
  sandboxes(): CriSandbox[];
  containers(): CriContainer[];
  images(): CriImage[];
}

/** github.com/docker/go-units HumanDuration. */
export function unitsHumanDuration(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  if (seconds < 1) return 'Less than a second';
  if (seconds === 1) return '1 second';
  if (seconds < 60) return `${seconds} seconds`;
  const minutes = Math.floor(ms / 60_000);
  if (minutes === 1) return 'About a minute';
  if (minutes < 60) return `${minutes} minutes`;
  const hours = Math.round(ms / 3_600_000);
  if (hours === 1) return 'About an hour';
  if (hours < 48) return `${hours} hours`;
  if (hours < 24 * 7 * 2) return `${Math.floor(hours / 24)} days`;
  if (hours < 24 * 30 * 2) return `${Math.floor(hours / 24 / 7)} weeks`;
  if (hours < 24 * 365 * 2) return `${Math.floor(hours / 24 / 30)} months`;
  return `${Math.floor(hours / 24 / 365)} years`;
}

/** go-units HumanSize (decimal, 4 significant digits): "320.4kB", "2.22MB". */
function humanSize(b: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  let v = b;
  while (v >= 1000 && i < units.length - 1) {
    v /= 1000;
    i++;
  }
  return `${Number(v.toPrecision(4))}${units[i]}`;
}

const tw = () => new TabWriter(20, 3);
const short = (id: string) => id.replace(/^sha256:/, '').slice(0, 13);

export function crictl(view: CriView, argv: string[], io: { out(t: string): void; err(t: string): void }): number {
  const [cmd, ...rest] = argv.slice(1);
  const flag = (f: string) => rest.includes(f);
  const quiet = flag('-q') || flag('--quiet');
  const ago = (t: number) => `${unitsHumanDuration(view.now() - t)} ago`;
  switch (cmd) {
    case 'pods': {
      const pods = view.sandboxes().sort((a, b) => b.createdAt - a.createdAt);
      if (quiet) return io.out(pods.map((p) => p.id + '\n').join('')), 0;
      const lines = ['POD ID\tCREATED\tSTATE\tNAME\tNAMESPACE\tATTEMPT\tRUNTIME', ...pods.map((p) => `${short(p.id)}\t${ago(p.createdAt)}\t${p.ready ? 'Ready' : 'NotReady'}\t${p.name}\t${p.namespace}\t${p.attempt}\t(default)`)];
      io.out(tw().format(lines.join('\n') + '\n'));
      return 0;
    }
    case 'ps': {
      const all = flag('-a') || flag('--all');
      const cs = view
        .containers()
        .filter((c) => all || c.state === 'Running')
        .sort((a, b) => b.createdAt - a.createdAt);
      if (quiet) return io.out(cs.map((c) => c.id + '\n').join('')), 0;
      const lines = ['CONTAINER\tIMAGE\tCREATED\tSTATE\tNAME\tATTEMPT\tPOD ID\tPOD\tNAMESPACE', ...cs.map((c) => `${short(c.id)}\t${short(c.imageId)}\t${ago(c.createdAt)}\t${c.state}\t${c.name}\t${c.attempt}\t${short(c.podId)}\t${c.podName}\t${c.namespace}`)];
      io.out(tw().format(lines.join('\n') + '\n'));
      return 0;
    }
    case 'images':
    case 'img': {
      const lines = ['IMAGE\tTAG\tIMAGE ID\tSIZE', ...view.images().map((i) => `${i.repo}\t${i.tag}\t${short(i.id)}\t${humanSize(i.size)}`)];
      io.out(tw().format(lines.join('\n') + '\n'));
      return 0;
    }
    case 'inspectp': {
      const id = rest.find((a) => !a.startsWith('-'));
      const p = view.sandboxes().find((s) => id && s.id.startsWith(id));
      if (!p) {
        io.err(`E0000 00:00:00.000000       1 remote_runtime.go:432] "PodSandboxStatus from runtime service failed" err="rpc error: code = NotFound desc = an error occurred when try to find sandbox: not found" podSandboxID="${id ?? ''}"\nFATA[0000] getting the pod sandbox status for "${id ?? ''}": rpc error: code = NotFound desc = an error occurred when try to find sandbox: not found\n`);
        return 1;
      }
      io.out(JSON.stringify({ status: { id: p.id, metadata: { attempt: p.attempt, name: p.name, namespace: p.namespace, uid: p.uid }, state: p.ready ? 'SANDBOX_READY' : 'SANDBOX_NOTREADY', network: { additionalIps: [], ip: p.ip } } }, null, 2) + '\n');
      return 0;
    }
    case 'version':
      io.out('Version:  0.1.0\nRuntimeName:  containerd\nRuntimeVersion:  v2.1.4\nRuntimeApiVersion:  v1\n');
      return 0;
    case undefined:
    case '--help':
    case '-h':
      io.out('NAME:\n   crictl - client for CRI\n\nCOMMANDS:\n   images, img   List images\n   inspectp      Display the status of one or more pods\n   pods          List pods\n   ps            List containers\n   version       Display runtime version information\n');
      return 0;
    default:
      io.err(`FATA[0000] command "${cmd}" not found\n`);
      return 1;
  }
}

/**
 * `kubectl top pod|node` (kubectl pkg/cmd/top/top_pod.go, top_node.go, pkg/metricsutil/metrics_printer.go):
 * reads the metrics API the simulated metrics-server serves. Cells are written `value\t` (so
 * every line, headers included, carries the last column's padding) through GetNewTabWriter.
 */
import type { KubectlContext } from '../../context';
import type { CommandResult } from '../../io';
import { parseFlags, type FlagSpec } from '../../flags';
import { tableWriter } from '../../tabwriter';
import { parseSelector } from '../../../cluster/selectors';
import { matchesLabelSelector } from '../../../cluster/selectors';
import { milliCPU, bytes } from '../../../cluster/quantity';
import type { MetricsServer, PodMetricsItem } from '../../../cluster/controllers/autoscaling/metrics-server';

const POD_FLAGS: FlagSpec[] = [
  { name: 'all-namespaces', short: 'A', type: 'bool' },
  { name: 'containers', type: 'bool' },
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'no-headers', type: 'bool' },
  { name: 'sort-by', type: 'string' },
  { name: 'sum', type: 'bool' },
];
const NODE_FLAGS: FlagSpec[] = [
  { name: 'selector', short: 'l', type: 'string' },
  { name: 'no-headers', type: 'bool' },
  { name: 'sort-by', type: 'string' },
];

/** metricsCreationDelay in top_pod.go */
const METRICS_CREATION_DELAY_MS = 2 * 60_000;

const cpuCell = (m: number) => `${m}m`;
const memCell = (b: number) => `${Math.floor(b / (1024 * 1024))}Mi`;

function render(rows: string[][]): string {
  return tableWriter().format(rows.map((r) => r.map((c) => `${c}\t`).join('')).join('\n') + '\n');
}

/** Go's time.Duration.String() for a positive duration in ms. */
function goDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = (ms % 60_000) / 1000;
  const sec = `${Number.isInteger(s) ? s : s.toFixed(3).replace(/0+$/, '')}s`;
  return h ? `${h}h${m}m${sec}` : m ? `${m}m${sec}` : sec;
}

function metricsServer(ctx: KubectlContext): MetricsServer | undefined {
  return ctx.cluster.controller<MetricsServer>('metrics-server');
}

export function top(argv: string[], ctx: KubectlContext): CommandResult {
  // The subcommand is the first word that is not a flag or a flag's value.
  const takesValue = ['-n', '--namespace', '-l', '--selector', '--sort-by', '--context', '--kubeconfig'];
  let i = -1;
  for (let j = 0; j < argv.length; j++) {
    if (takesValue.includes(argv[j]!)) j++;
    else if (!argv[j]!.startsWith('-')) {
      i = j;
      break;
    }
  }
  const sub = i < 0 ? undefined : argv[i];
  const rest = i < 0 ? argv : [...argv.slice(0, i), ...argv.slice(i + 1)];
  if (sub === 'pod' || sub === 'pods' || sub === 'po') return topPod(rest, ctx);
  if (sub === 'node' || sub === 'nodes' || sub === 'no') return topNode(rest, ctx);
  if (sub === undefined) {
    ctx.io.out(
      'Display resource (CPU/memory) usage.\n\n The top command allows you to see the resource consumption for nodes or pods.\n\n This command requires Metrics Server to be correctly configured and working on the server.\n\nAvailable Commands:\n  node          Display resource (CPU/memory) usage of nodes\n  pod           Display resource (CPU/memory) usage of pods\n\nUsage:\n  kubectl top [flags] [options]\n\nUse "kubectl top <command> --help" for more information about a given command.\nUse "kubectl options" for a list of global command-line options (applies to all commands).\n',
    );
    return { code: 0 };
  }
  ctx.io.err(`error: unknown command "${sub}" for "kubectl top"\n`);
  return { code: 1 };
}

function sortPods(items: PodMetricsItem[], by: string | undefined): PodMetricsItem[] {
  if (!by) return items;
  const total = (m: PodMetricsItem, k: 'cpuMilli' | 'memoryBytes') => m.containers.reduce((a, c) => a + c[k], 0);
  const key = by === 'cpu' ? 'cpuMilli' : 'memoryBytes';
  return [...items].sort((a, b) => total(b, key) - total(a, key));
}

function topPod(argv: string[], ctx: KubectlContext): CommandResult {
  const p = parseFlags(argv, POD_FLAGS);
  const io = ctx.io;
  const allNs = !!p.flags['all-namespaces'];
  const ns = (p.flags.namespace as string) ?? ctx.namespace;
  const name = p.args[0];
  const sortBy = p.flags['sort-by'] as string | undefined;
  if (sortBy !== undefined && sortBy !== 'cpu' && sortBy !== 'memory') {
    io.err('error: --sort-by accepts only cpu or memory\n');
    return { code: 1 };
  }
  let selector: ((l: Record<string, string>) => boolean) | undefined;
  if (p.flags.selector !== undefined) {
    const s = parseSelector(p.flags.selector as string);
    if ('error' in s) {
      io.err(`error: ${s.error}\n`);
      return { code: 1 };
    }
    selector = (l) => matchesLabelSelector(s.sel, l);
  }
  const ms = metricsServer(ctx);
  if (!ms) {
    io.err('error: Metrics API not available\n');
    return { code: 1 };
  }
  let items: PodMetricsItem[];
  if (name) {
    const m = ms.podMetric(ns, name);
    if (!m) {
      io.err(`Error from server (NotFound): podmetrics.metrics.k8s.io "${ns}/${name}" not found\n`);
      return { code: 1 };
    }
    items = [m];
  } else items = ms.podMetrics(allNs ? undefined : ns, selector);
  if (!items.length) {
    // verifyEmptyMetrics: young pods → "metrics not available yet"; old ones → their age.
    const pods = ctx.cluster.store.list('Pod', allNs ? undefined : ns).filter((x) => !selector || selector(x.metadata.labels ?? {}));
    if (pods.length) {
      const now = ctx.cluster.epochMs + ctx.cluster.now();
      for (const pod of pods) {
        const age = now - (Date.parse(pod.metadata.creationTimestamp ?? '') || now);
        if (age > METRICS_CREATION_DELAY_MS) {
          io.err(`error: Metrics not available for pod ${pod.metadata.namespace}/${pod.metadata.name}, age: ${goDuration(age)}\n`);
          return { code: 1 };
        }
      }
      io.err('error: metrics not available yet\n');
      return { code: 1 };
    }
    io.err(allNs ? 'No resources found\n' : `No resources found in ${ns} namespace.\n`);
  }
  items = sortPods(items, sortBy);
  const rows: string[][] = [];
  const containers = !!p.flags.containers;
  if (!p.flags['no-headers']) rows.push([...(allNs ? ['NAMESPACE'] : []), ...(containers ? ['POD'] : []), 'NAME', 'CPU(cores)', 'MEMORY(bytes)']);
  let sumCpu = 0;
  let sumMem = 0;
  for (const m of items) {
    if (containers) {
      for (const c of m.containers) rows.push([...(allNs ? [m.namespace] : []), m.name, c.name, cpuCell(c.cpuMilli), memCell(c.memoryBytes)]);
    } else {
      const cpu = m.containers.reduce((a, c) => a + c.cpuMilli, 0);
      const mem = m.containers.reduce((a, c) => a + c.memoryBytes, 0);
      rows.push([...(allNs ? [m.namespace] : []), m.name, cpuCell(cpu), memCell(mem)]);
    }
    for (const c of m.containers) {
      sumCpu += c.cpuMilli;
      sumMem += c.memoryBytes;
    }
  }
  if (p.flags.sum && items.length) {
    const lead = (allNs ? 1 : 0) + (containers ? 1 : 0) + 1;
    rows.push([...Array(lead).fill(''), '________', '________']);
    rows.push([...Array(lead).fill(''), cpuCell(sumCpu), memCell(sumMem)]);
  }
  if (rows.length) io.out(render(rows));
  return { code: 0 };
}

function topNode(argv: string[], ctx: KubectlContext): CommandResult {
  const p = parseFlags(argv, NODE_FLAGS);
  const io = ctx.io;
  const ms = metricsServer(ctx);
  if (!ms) {
    io.err('error: Metrics API not available\n');
    return { code: 1 };
  }
  const sortBy = p.flags['sort-by'] as string | undefined;
  if (sortBy !== undefined && sortBy !== 'cpu' && sortBy !== 'memory') {
    io.err('error: --sort-by accepts only cpu or memory\n');
    return { code: 1 };
  }
  let nodes = ctx.cluster.store.list('Node');
  const name = p.args[0];
  if (name) {
    nodes = nodes.filter((n) => n.metadata.name === name);
    if (!nodes.length) {
      io.err(`Error from server (NotFound): nodes "${name}" not found\n`);
      return { code: 1 };
    }
  }
  if (p.flags.selector !== undefined) {
    const s = parseSelector(p.flags.selector as string);
    if ('error' in s) {
      io.err(`error: ${s.error}\n`);
      return { code: 1 };
    }
    nodes = nodes.filter((n) => matchesLabelSelector(s.sel, n.metadata.labels ?? {}));
  }
  const metrics = ms.nodeMetrics().filter((m) => nodes.some((n) => n.metadata.name === m.name));
  if (!metrics.length) {
    io.err('error: metrics not available yet\n');
    return { code: 1 };
  }
  if (sortBy) metrics.sort((a, b) => (sortBy === 'cpu' ? b.cpuMilli - a.cpuMilli : b.memoryBytes - a.memoryBytes));
  const rows: string[][] = [];
  if (!p.flags['no-headers']) rows.push(['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)']);
  for (const m of metrics) {
    const node = nodes.find((n) => n.metadata.name === m.name)!;
    const alloc = node.status?.allocatable ?? {};
    const cpuAlloc = milliCPU(alloc.cpu);
    const memAlloc = bytes(alloc.memory);
    rows.push([m.name, cpuCell(m.cpuMilli), `${cpuAlloc ? Math.floor((m.cpuMilli * 100) / cpuAlloc) : 0}%`, memCell(m.memoryBytes), `${memAlloc ? Math.floor((m.memoryBytes * 100) / memAlloc) : 0}%`]);
  }
  for (const n of nodes) if (!metrics.some((m) => m.name === n.metadata.name)) rows.push([n.metadata.name, '<unknown>', '<unknown>', '<unknown>', '<unknown>']);
  io.out(render(rows));
  return { code: 0 };
}

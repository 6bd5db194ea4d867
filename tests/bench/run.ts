/**
 * `npm run bench`: speed and size figures with their budgets. Prints a table and exits 1 if a
 * budget is exceeded. Page figures need a build (`npm run build`) and use `astro preview`.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { Cluster } from '../../src/cluster/cluster';
import { TerminalSession } from '../../src/kubectl/session';
import { eagerJs } from './page-budget';
import { promptLatency } from './prompt-latency';

const root = resolve(fileURLToPath(new URL('.', import.meta.url)), '../..');
const rows: { name: string; value: string; budget: string; ok: boolean }[] = [];
const row = (name: string, value: number, unit: string, budget: number) => rows.push({ name, value: `${value.toFixed(unit === 'µs' ? 2 : 1)} ${unit}`, budget: `≤ ${budget} ${unit}`, ok: value <= budget });

const info = (name: string, value: number, unit: string) => rows.push({ name, value: `${value.toFixed(1)} ${unit}`, budget: '(no budget)', ok: true });

function cpuMs(fn: () => void): number {
  const t = process.cpuUsage();
  fn();
  const d = process.cpuUsage(t);
  return (d.user + d.system) / 1000;
}

function loopPods(n: number): Cluster {
  const c = new Cluster({ nodes: [{ name: 'controlplane', controlPlane: true }, ...Array.from({ length: 4 }, (_, i) => ({ name: `node0${i + 1}`, cpu: '64', memory: '256Gi' }))] });
  for (let i = 0; i < n; i++)
    c.api.create({ apiVersion: 'v1', kind: 'Pod', metadata: { name: `tick-${i}`, namespace: 'default' }, spec: { containers: [{ name: 'tick', image: 'busybox:1.36', command: ['sh', '-c', 'while true; do echo tick; sleep 1; done'] }] } });
  c.advance(30_000); // everything running
  return c;
}

// 1. 100 pods looping `echo tick; sleep 1` for 10 virtual minutes (issue 3 budget: ≤ 1 s CPU).
{
  const c = loopPods(100);
  const ms = cpuMs(() => c.advance(600_000));
  row('100 looping pods × 10 virtual min', ms, 'ms', 1000);
  row('one shell loop iteration', (ms * 1000) / (100 * 600), 'µs', 10);
}

// 2. The init-containers walkthrough end to end, through kubectl.
{
  const c = new Cluster();
  const files: Record<string, string> = {};
  const { waitForServices } = await import('../../labs/init-containers/wait-for-services');
  Object.assign(files, waitForServices.files);
  const s = new TerminalSession(c, { read: (n) => files[n], list: () => Object.keys(files) }, { write: () => {} });
  const ms = cpuMs(() => {
    s.runLine('kubectl apply -f pod.yaml');
    c.advance(20_000);
    s.runLine('kubectl apply -f services.yaml');
    c.advance(20_000);
    for (let i = 0; i < 100; i++) s.runLine('kubectl get pods');
    s.runLine('kubectl describe pod myapp-pod');
  });
  row('init walkthrough (boot, 40 s, 100 gets)', ms, 'ms', 200);
}

// 3. 50 nodes, 1,000 pods under 20 Deployments, 10 virtual minutes (issue 4 budget: ≤ 2 s CPU).
{
  const nodes = [{ name: 'controlplane', controlPlane: true }, ...Array.from({ length: 50 }, (_, i) => ({ name: `node${String(i + 1).padStart(2, '0')}`, cpu: '8', memory: '32Gi' }))];
  let c!: Cluster;
  const boot = cpuMs(() => {
    c = new Cluster({ nodes });
    for (let i = 0; i < 20; i++)
      c.api.create({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: `app${i}`, namespace: 'default' }, spec: { replicas: 50, selector: { matchLabels: { app: `app${i}` } }, template: { metadata: { labels: { app: `app${i}` } }, spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } } });
    c.advance(60_000);
  });
  const running = c.store.list('Pod').filter((p) => p.status?.phase === 'Running').length;
  const ms = cpuMs(() => c.advance(600_000));
  row(`50 nodes, 1,000 pods (${running} running): start-up`, boot, 'ms', 10_000);
  row('50 nodes, 1,000 pods: 10 virtual min', ms, 'ms', 2000);
  const files: Record<string, string> = {};
  const s = new TerminalSession(c, { read: (n) => files[n], list: () => [] }, { write: () => {} });
  const get = cpuMs(() => {
    for (let i = 0; i < 10; i++) s.runLine('kubectl get pods');
  });
  row('kubectl get pods over 1,000 pods', get / 10, 'ms', 10);
}

// 3b. The HPA walkthrough (issue 4 budget: ≤ 100 ms CPU): 3 nodes, php-apache + HPA at 50%, wget
// load for 5 virtual minutes, then none for 10; the Deployment goes 1 → N → 1. The first run in a
// process pays V8's warm-up for the HTTP, metrics and HPA paths (two runs' worth), so the budget
// applies to a warm run (as in a lab, where the page has already run the model); the cold figure is
// printed too.
{
  const sc = parse(readFileSync(resolve(root, 'tests/scenarios/autoscaling-php-apache.yaml'), 'utf8'));
  const files: Record<string, string> = sc.files;
  const walkthrough = () => {
    let peak = 0;
    const c = new Cluster({ nodes: 3 });
    const replicas = () => c.store.get('Deployment', 'default', 'php-apache')?.spec?.replicas ?? 0;
    const ms = cpuMs(() => {
      const s = new TerminalSession(c, { read: (n) => files[n], list: () => Object.keys(files) }, { write: () => {} });
      s.runLine('kubectl apply -f php-apache.yaml');
      s.runLine('kubectl autoscale deployment php-apache --cpu=50% --min=1 --max=10');
      c.advance(60_000);
      s.runLine('kubectl run load-generator --image=busybox:1.28 --restart=Never -- /bin/sh -c "while sleep 0.01; do wget -q -O- http://php-apache; done"');
      for (let t = 0; t < 300; t += 15) {
        c.advance(15_000);
        peak = Math.max(peak, replicas());
      }
      s.runLine('kubectl delete pod load-generator');
      c.advance(600_000);
    });
    return { ms, label: `1 → ${peak} → ${replicas()} replicas, 16 virtual min` };
  };
  const cold = walkthrough();
  walkthrough(); // V8 is still optimising during the second run too
  const warm = [walkthrough(), walkthrough(), walkthrough()].sort((a, b) => a.ms - b.ms)[1]!;
  row(`HPA walkthrough, ${warm.label}, warm (median of 3)`, warm.ms, 'ms', 100);
  info(`HPA walkthrough, cold (first run in the process)`, cold.ms, 'ms');
}

// 4. Pages: eager JS before the lab loads, and time to a usable prompt.
const dist = resolve(root, 'dist') + '/';
if (existsSync(dist + 'init-containers/index.html')) {
  for (const page of ['init-containers/index.html', 'zh-cn/init-containers/index.html']) row(`eager JS, ${page}`, eagerJs(dist, page).gzip / 1024, 'KB gzip', 100);
  if (existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) {
    const server = spawn('npx', ['astro', 'preview', '--host', '127.0.0.1', '--port', '4399'], { cwd: root, stdio: 'ignore' });
    try {
      for (let i = 0; i < 100; i++) {
        try {
          if ((await fetch('http://127.0.0.1:4399/')).ok) break;
        } catch {
          await new Promise((r) => setTimeout(r, 200));
        }
      }
      const times = await promptLatency('http://127.0.0.1:4399', '/init-containers/', 5);
      times.sort((a, b) => a - b);
      row(`prompt ready after lab visible (median of ${times.join('/')})`, times[Math.floor(times.length / 2)]!, 'ms', 500);
    } finally {
      server.kill();
    }
  }
} else console.log('(no dist/: run `npm run build` for the page figures)');

const w = Math.max(...rows.map((r) => r.name.length));
for (const r of rows) console.log(`${r.ok ? 'ok  ' : 'OVER'} ${r.name.padEnd(w)}  ${r.value.padStart(12)}  (${r.budget})`);
process.exit(rows.every((r) => r.ok) ? 0 : 1);

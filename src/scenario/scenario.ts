/**
 * Scenario files (../shared/SCENARIOS.md): drive one simulated cluster exactly as a learner
 * would — files in the YAML panel, lines typed at the terminal, time passing — and produce the
 * transcript. Pure: used by `podlab run`, by tests, and by labs' solution checks.
 */
import { parse as parseYaml } from 'yaml';
import { Cluster, type NodeSpec } from '../cluster/cluster';
import { TerminalSession } from '../kubectl/session';
import { goDuration } from '../cluster/format';
import { parseAutoscalerOptions, type AutoscalerOptions } from '../cluster/controllers/cluster-autoscaler/config';

export type Step =
  | { kind: 'line'; line: string }
  | { kind: 'wait'; ms: number }
  | { kind: 'until'; line: string; contains: string[]; notContains: string[]; timeoutMs: number }
  | { kind: 'expect'; line: string; contains: string[]; notContains: string[] }
  | { kind: 'edit'; files: Record<string, string> }
  | { kind: 'session'; line: string; lines: string[] };

export interface Scenario {
  /** A lab id: its files and cluster are the starting point (our extension for lab solutions). */
  lab?: string;
  cluster: { nodes?: number | NodeSpec[]; seed?: number; autoscaler?: AutoscalerOptions };
  files: Record<string, string>;
  steps: Step[];
}

export class ScenarioError extends Error {}

const DUR = /^(?:(\d+(?:\.\d+)?)(ms|h|m|s))+$/;

export function parseDuration(v: unknown, where: string): number {
  if (typeof v === 'number') return v * 1000;
  if (typeof v !== 'string' || !DUR.test(v.trim())) throw new ScenarioError(`${where}: invalid duration ${JSON.stringify(v)} (use e.g. 30s, 1m30s, 500ms, 2h)`);
  let ms = 0;
  for (const m of v.trim().matchAll(/(\d+(?:\.\d+)?)(ms|h|m|s)/g)) ms += Number(m[1]) * { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[m[2] as 'ms']!;
  return ms;
}

function strings(v: unknown, where: string): string[] {
  if (v === undefined) return [];
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v;
  throw new ScenarioError(`${where}: expected a string or a list of strings`);
}

export function parseScenario(text: string): Scenario {
  let doc: any;
  try {
    doc = parseYaml(text, { version: '1.1' });
  } catch (e) {
    throw new ScenarioError(`scenario is not valid YAML: ${(e as Error).message}`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) throw new ScenarioError('scenario must be a YAML mapping with `steps`');
  for (const k of Object.keys(doc)) if (!['cluster', 'files', 'steps', 'title', 'description', 'lab'].includes(k)) throw new ScenarioError(`unknown top-level key "${k}" (expected cluster, files, steps, lab)`);
  const files: Record<string, string> = {};
  for (const [k, v] of Object.entries(doc.files ?? {})) {
    if (typeof v !== 'string') throw new ScenarioError(`files.${k}: expected the file's text`);
    files[k] = v;
  }
  const cluster: Scenario['cluster'] = {};
  if (doc.cluster !== undefined) {
    if (typeof doc.cluster !== 'object') throw new ScenarioError('cluster: expected a mapping');
    const n = doc.cluster.nodes;
    if (n !== undefined) {
      if (typeof n === 'number' && Number.isInteger(n) && n >= 1) cluster.nodes = n;
      else if (Array.isArray(n)) cluster.nodes = n.map((x: any, i: number) => {
        if (!x?.name) throw new ScenarioError(`cluster.nodes[${i}]: needs a name`);
        return { name: String(x.name), cpu: x.cpu !== undefined ? String(x.cpu) : undefined, memory: x.memory, labels: x.labels, taints: x.taints, controlPlane: x.controlPlane };
      });
      else throw new ScenarioError('cluster.nodes: expected a count or a list of nodes');
    }
    if (doc.cluster.seed !== undefined) cluster.seed = Number(doc.cluster.seed);
    if (doc.cluster.autoscaler !== undefined) {
      const a = parseAutoscalerOptions(doc.cluster.autoscaler);
      if (typeof a === 'string') throw new ScenarioError(a);
      cluster.autoscaler = a;
    }
  }
  if (!Array.isArray(doc.steps)) throw new ScenarioError('steps: expected a list');
  const steps: Step[] = doc.steps.map((s: any, i: number): Step => {
    const where = `steps[${i}]`;
    if (typeof s === 'string') return { kind: 'line', line: s };
    if (!s || typeof s !== 'object') throw new ScenarioError(`${where}: expected a string or a mapping`);
    if ('wait' in s) return { kind: 'wait', ms: parseDuration(s.wait, where + '.wait') };
    if ('until' in s) {
      if (typeof s.until !== 'string') throw new ScenarioError(`${where}.until: expected a command line`);
      return { kind: 'until', line: s.until, contains: strings(s.contains, where + '.contains'), notContains: strings(s.notContains, where + '.notContains'), timeoutMs: s.timeout !== undefined ? parseDuration(s.timeout, where + '.timeout') : 5 * 60_000 };
    }
    if ('expect' in s) {
      if (typeof s.expect !== 'string') throw new ScenarioError(`${where}.expect: expected a command line`);
      return { kind: 'expect', line: s.expect, contains: strings(s.contains, where + '.contains'), notContains: strings(s.notContains, where + '.notContains') };
    }
    if ('edit' in s) {
      if (!s.edit || typeof s.edit !== 'object') throw new ScenarioError(`${where}.edit: expected file: text pairs`);
      const f: Record<string, string> = {};
      for (const [k, v] of Object.entries(s.edit)) {
        if (typeof v !== 'string') throw new ScenarioError(`${where}.edit.${k}: expected the file's text`);
        f[k] = v;
      }
      return { kind: 'edit', files: f };
    }
    if ('session' in s) {
      if (typeof s.session !== 'string') throw new ScenarioError(`${where}.session: expected a command line`);
      return { kind: 'session', line: s.session, lines: strings(s.lines, where + '.lines') };
    }
    throw new ScenarioError(`${where}: unknown step (expected a string, wait, until, expect, edit or session)`);
  });
  if (doc.lab !== undefined && typeof doc.lab !== 'string') throw new ScenarioError('lab: expected a lab id');
  return { lab: doc.lab, cluster, files, steps };
}

/** Start from a lab's files and cluster; the scenario's own files and cluster settings win. */
export function withLab(sc: Scenario, lab: { files: Record<string, string>; cluster?: { nodes?: number | NodeSpec[]; seed?: number; autoscaler?: AutoscalerOptions } } | undefined): Scenario {
  if (!sc.lab) return sc;
  if (!lab) throw new ScenarioError(`lab: no lab with id "${sc.lab}"`);
  return { ...sc, files: { ...lab.files, ...sc.files }, cluster: { ...lab.cluster, ...sc.cluster } };
}

const STEP_MS = 100;
/** A command still running after this long is interrupted (Ctrl-C), e.g. `get -w`. */
const COMMAND_CAP_MS = 10 * 60_000;

export interface RunResult {
  transcript: string;
  ok: boolean;
  failures: string[];
  cluster: Cluster;
}

export interface RunOptions {
  /** Called every 100 ms of virtual time and after every step (lab checklists observe here). */
  observe?: (cluster: Cluster) => void;
}

export function runScenario(sc: Scenario, opts: RunOptions = {}): RunResult {
  const cluster = new Cluster({ nodes: sc.cluster.nodes, seed: sc.cluster.seed, autoscaler: sc.cluster.autoscaler });
  if (opts.observe) {
    const observe = opts.observe;
    // Sample every 100 ms of virtual time, as the lab UI's ticker does at ×1.
    const tick = () => {
      observe(cluster);
      cluster.clock.after(100, tick);
    };
    cluster.clock.after(0, tick);
  }
  const files = { ...sc.files };
  let out = '';
  let capture: string | null = null;
  const write = (t: string) => {
    if (capture !== null) capture += t;
    else out += t;
  };
  const session = new TerminalSession(cluster, { read: (n) => files[n], list: () => Object.keys(files).sort() }, { write });
  const failures: string[] = [];
  const start = cluster.now();
  const typed = (line: string) => {
    if (out && !out.endsWith('\n')) out += '\n';
    out += `$ ${line}\n`;
  };
  const settle = () => {
    cluster.settle();
    let waited = 0;
    while (session.busy && waited < COMMAND_CAP_MS) {
      cluster.advance(STEP_MS);
      waited += STEP_MS;
    }
    if (session.busy) {
      write('^C\n');
      session.interrupt();
      cluster.settle();
    }
  };
  const runCaptured = (line: string): string => {
    capture = '';
    session.runLine(line);
    settle();
    const text = capture;
    capture = null;
    return text;
  };
  const check = (text: string, contains: string[], notContains: string[]) => contains.every((c) => text.includes(c)) && notContains.every((c) => !text.includes(c));

  for (const step of sc.steps) {
    opts.observe?.(cluster);
    switch (step.kind) {
      case 'line':
        typed(step.line);
        session.runLine(step.line);
        settle();
        break;
      case 'wait':
        cluster.advance(step.ms);
        if (out && !out.endsWith('\n')) out += '\n';
        out += `# +${goDuration(step.ms)} (t=${goDuration(cluster.now() - start)})\n`;
        break;
      case 'expect': {
        typed(step.line);
        const text = runCaptured(step.line);
        out += text;
        if (!check(text, step.contains, step.notContains)) {
          const msg = `FAILED: expect "${step.line}": output ${describeCheck(step.contains, step.notContains)}`;
          if (out && !out.endsWith('\n')) out += '\n';
          out += msg + '\n';
          failures.push(msg);
        }
        break;
      }
      case 'until': {
        const deadline = cluster.now() + step.timeoutMs;
        let text = '';
        for (;;) {
          text = runCaptured(step.line);
          if (check(text, step.contains, step.notContains)) break;
          if (cluster.now() >= deadline) break;
          cluster.advance(1000);
        }
        typed(step.line);
        out += text;
        if (!check(text, step.contains, step.notContains)) {
          const msg = `FAILED: until "${step.line}": output never ${describeCheck(step.contains, step.notContains)} within ${goDuration(step.timeoutMs)}`;
          if (out && !out.endsWith('\n')) out += '\n';
          out += msg + '\n';
          failures.push(msg);
        }
        break;
      }
      case 'edit':
        Object.assign(files, step.files);
        if (out && !out.endsWith('\n')) out += '\n';
        out += `# edit ${Object.keys(step.files).join(', ')}\n`;
        break;
      case 'session': {
        typed(step.line);
        session.runLine(step.line);
        cluster.settle();
        for (const line of step.lines) {
          waitForPrompt(cluster, session, () => out);
          if (!session.busy) break;
          write(line + '\n');
          session.runLine(line);
          waitForPrompt(cluster, session, () => out);
        }
        if (session.busy) {
          session.eof();
          settle();
        }
        break;
      }
    }
  }
  opts.observe?.(cluster);
  if (out && !out.endsWith('\n')) out += '\n';
  return { transcript: out, ok: failures.length === 0, failures, cluster };
}

/** Advance until the interactive shell prints a prompt again (or the session ends). */
function waitForPrompt(cluster: Cluster, session: TerminalSession, text: () => string): void {
  cluster.settle();
  let waited = 0;
  // PS1 ("/ # ", "$ ") or PS2 ("> ", a here-document or an open quote).
  while (session.busy && !/[#$>] $/.test(text()) && waited < COMMAND_CAP_MS) {
    cluster.advance(STEP_MS);
    waited += STEP_MS;
  }
}

function describeCheck(contains: string[], notContains: string[]): string {
  const parts: string[] = [];
  if (contains.length) parts.push(`contained ${contains.map((c) => JSON.stringify(c)).join(', ')}`);
  if (notContains.length) parts.push(`lacked ${notContains.map((c) => JSON.stringify(c)).join(', ')}`);
  return parts.join(' and ');
}

/**
 * `podlab run SCENARIO.yaml` prints the transcript of one scenario (exit 0 when every check held,
 * 1 when one failed, 2 for a malformed scenario). `podlab run-all DIR…` runs every scenario and
 * every lab solution found below the given folders and prints a summary (used by `npm test`).
 */
import { readFileSync, readdirSync, statSync, existsSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseScenario, runScenario, withLab, ScenarioError, type Scenario } from '../scenario/scenario';
import { findLab } from '../../labs/index';
import { newMemory, observe } from '../../labs/checks';

function load(text: string): Scenario {
  const sc = parseScenario(text);
  return sc.lab ? withLab(sc, findLab(sc.lab)) : sc;
}

function usage(): never {
  process.stderr.write('usage: podlab run SCENARIO.yaml\n       podlab run-all DIR...\n');
  process.exit(2);
}

function findScenarios(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...findScenarios(p));
    else if (/(^|\.)(solution|scenario)\.ya?ml$/.test(e) || (dir.includes('scenarios') && /\.ya?ml$/.test(e))) out.push(p);
  }
  return out;
}

const [cmd, ...args] = process.argv.slice(2);
if (cmd === 'run') {
  const file = args[0];
  if (!file || args.length > 1) usage();
  let text: string;
  try {
    text = readFileSync(resolve(process.cwd(), file), 'utf8');
  } catch (e) {
    process.stderr.write(`podlab: cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}\n`);
    process.exit(2);
  }
  let sc;
  try {
    sc = load(text);
  } catch (e) {
    if (e instanceof ScenarioError) {
      process.stderr.write(`podlab: ${file}: ${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
  const r = runScenario(sc);
  process.stdout.write(r.transcript);
  process.exit(r.ok ? 0 : 1);
} else if (cmd === 'run-all') {
  if (!args.length) usage();
  let passed = 0;
  let failed = 0;
  for (const dir of args) {
    if (!existsSync(dir)) continue;
    for (const f of findScenarios(dir)) {
      const name = relative(process.cwd(), f);
      try {
        const sc = load(readFileSync(f, 'utf8'));
        // A lab's solution must tick every item of the lab's checklist.
        const lab = sc.lab ? findLab(sc.lab) : undefined;
        const mem = newMemory();
        const done = new Set<string>();
        const r = runScenario(sc, {
          observe: (c) => {
            if (!lab) return;
            observe(c, mem);
            for (const t of lab.tasks) if (!done.has(t.id) && t.check(c, mem)) done.add(t.id);
          },
        });
        if (lab) for (const t of lab.tasks) if (!done.has(t.id)) r.failures.push(`the solution never completed task "${t.id}" (${t.title.en})`);
        // Determinism: the same scenario must give a byte-identical transcript.
        const again = runScenario(load(readFileSync(f, 'utf8')));
        if (again.transcript !== r.transcript) r.failures.push('transcript differs between two runs (non-deterministic)');
        if (!r.failures.length) {
          passed++;
          process.stdout.write(`ok   ${name}\n`);
        } else {
          failed++;
          process.stdout.write(`FAIL ${name}\n${r.failures.map((x) => `     ${x}`).join('\n')}\n--- transcript ---\n${r.transcript}------------------\n`);
        }
      } catch (e) {
        failed++;
        process.stdout.write(`FAIL ${name}: ${(e as Error).message}\n`);
      }
    }
  }
  process.stdout.write(`scenarios: ${passed} passed, ${failed} failed\n`);
  process.exit(failed ? 1 : 0);
} else usage();

/**
 * `npm run conformance [-- --cases FILE]`: golden cases from Kubernetes' unit tests through the
 * model. Prints one line per failing case, a summary per category, then `N passed, M failed`.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { resolve, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCases } from '../conformance/run';
import type { GoldenCase } from '../conformance/types';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

function usage(msg: string): never {
  process.stderr.write(`error: ${msg}\nusage: npm run conformance [-- --cases FILE]\n`);
  process.exit(2);
}

function loadFile(path: string): Record<string, GoldenCase[]> {
  let data: any;
  try {
    data = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    usage(`cannot read cases from ${path}: ${(e as Error).message}`);
  }
  const cases = data?.cases;
  if (!cases || typeof cases !== 'object') usage(`${path} has no "cases" object`);
  if (Array.isArray(cases)) {
    // Also accept a flat list with ids "<category>/…" or a `category` field.
    const out: Record<string, GoldenCase[]> = {};
    for (const c of cases) {
      const cat = c.category ?? String(c.id).split('/')[0];
      (out[cat] ??= []).push(c);
    }
    return out;
  }
  return cases;
}

const args = process.argv.slice(2);
let files: string[] = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--cases') {
    const f = args[++i];
    if (!f) usage('--cases needs a FILE');
    files.push(resolve(process.cwd(), f));
  } else if (args[i]!.startsWith('--cases=')) files.push(resolve(process.cwd(), args[i]!.slice(8)));
  else usage(`unknown argument ${args[i]}`);
}
if (!files.length) {
  const dir = join(root, '..', 'shared', 'golden');
  if (!existsSync(dir)) usage(`no golden directory at ${dir}`);
  files = readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}

const merged: Record<string, GoldenCase[]> = {};
for (const f of files) for (const [cat, list] of Object.entries(loadFile(f))) (merged[cat] ??= []).push(...list);

const reports = await runCases(merged);
let passed = 0;
let failed = 0;
const show = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : JSON.stringify(v));
for (const r of reports) {
  for (const f of r.failures) process.stdout.write(`FAIL ${r.category} ${f.id}: expected ${show(f.expected)}, got ${show(f.got)}\n`);
}
for (const r of reports) {
  process.stdout.write(`${r.category}: ${r.passed} passed, ${r.failed} failed\n`);
  passed += r.passed;
  failed += r.failed;
}
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exit(failed ? 1 : 0);

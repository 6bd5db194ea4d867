/**
 * Runs golden cases through the model's own functions. Categories without an adapter count as
 * failed, never skipped (SCENARIOS.md).
 */
import type { CategoryChecker, GoldenCase } from './types';

export interface CategoryReport {
  category: string;
  passed: number;
  failed: number;
  failures: { id: string; expected: unknown; got: unknown }[];
}

export async function loadChecker(category: string): Promise<CategoryChecker | null> {
  if (!/^[A-Za-z0-9_-]+$/.test(category)) return null;
  try {
    const mod = await import(`./categories/${category}.ts`);
    return (mod.check as CategoryChecker) ?? null;
  } catch (e) {
    if ((e as any)?.code === 'ERR_MODULE_NOT_FOUND' || /Cannot find module|Failed to load|not find/i.test(String(e))) return null;
    throw e;
  }
}

export async function runCases(cases: Record<string, GoldenCase[]>): Promise<CategoryReport[]> {
  const reports: CategoryReport[] = [];
  for (const [category, list] of Object.entries(cases)) {
    const checker = await loadChecker(category);
    const r: CategoryReport = { category, passed: 0, failed: 0, failures: [] };
    for (const c of list) {
      if (!checker) {
        r.failed++;
        r.failures.push({ id: c.id, expected: c.expected, got: `category "${category}" is not implemented by the model` });
        continue;
      }
      let res;
      try {
        res = checker(c);
      } catch (e) {
        res = { ok: false, got: `threw: ${(e as Error).message}` };
      }
      if (res.ok) r.passed++;
      else {
        r.failed++;
        r.failures.push({ id: c.id, expected: res.expected ?? c.expected, got: res.got });
      }
    }
    reports.push(r);
  }
  return reports;
}

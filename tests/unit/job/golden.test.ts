import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CategoryChecker, GoldenCase } from '../../../src/conformance/types';
import { check as jobs } from '../../../src/conformance/categories/jobs';

const golden = JSON.parse(readFileSync(new URL('../../../../shared/golden/kubernetes-unit-cases.json', import.meta.url), 'utf8')) as {
  cases: Record<string, GoldenCase[]>;
};

const categories: Record<string, CategoryChecker> = { jobs };

for (const [category, checker] of Object.entries(categories)) {
  describe(`golden ${category}`, () => {
    const cases = golden.cases[category] ?? [];
    it('has cases', () => expect(cases.length).toBeGreaterThan(0));
    for (const c of cases) {
      it(c.id, () => {
        const r = checker(c);
        expect(r.ok, `${c.id}\n  got:      ${JSON.stringify(r.got)}\n  expected: ${JSON.stringify(r.expected ?? c.expected)}`).toBe(true);
      });
    }
  });
}

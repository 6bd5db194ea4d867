/** One golden case as stored in ../shared/golden/*.json (category-specific input/expected). */
export interface GoldenCase {
  id: string;
  source?: string;
  function?: string;
  note?: string;
  metricKind?: string;
  input: any;
  expected: any;
}

export interface CaseResult {
  ok: boolean;
  /** What came out of the model, shown next to `expected` when the case fails. */
  got: unknown;
  /** Optional: only the parts of `expected` that were compared (defaults to case.expected). */
  expected?: unknown;
}

/** A category adapter feeds a case's input to the model's own functions and compares. */
export type CategoryChecker = (c: GoldenCase) => CaseResult;

/**
 * Ordered index intervals — port of the orderedIntervals helpers in k/k
 * pkg/controller/job/indexed_job_utils.go (completedIndexes / failedIndexes / successPolicy
 * succeededIndexes all use the compressed "1,3-5,7" form).
 */
export interface Interval {
  first: number;
  last: number;
}

/** orderedIntervals.String: "0-2", "0,1", "1,3-5". */
export function formatIntervals(oi: readonly Interval[]): string {
  let s = '';
  for (const v of oi) {
    if (s.length > 0) s += ',';
    s += String(v.first);
    if (v.last > v.first) s += (v.last === v.first + 1 ? ',' : '-') + String(v.last);
  }
  return s;
}

export function mergeIntervals(oi: readonly Interval[], newOi: readonly Interval[]): Interval[] {
  const result: Interval[] = [];
  let last: Interval | undefined;
  const add = (iv: Interval) => {
    if (!last || iv.first > last.last + 1) {
      last = { ...iv };
      result.push(last);
    } else if (last.last < iv.last) {
      last.last = iv.last;
    }
  };
  let i = 0;
  let j = 0;
  while (i < oi.length && j < newOi.length) {
    if (oi[i]!.first < newOi[j]!.first) add(oi[i++]!);
    else add(newOi[j++]!);
  }
  while (i < oi.length) add(oi[i++]!);
  while (j < newOi.length) add(newOi[j++]!);
  return result;
}

export function withOrderedIndexes(oi: readonly Interval[], sortedIndexes: readonly number[]): Interval[] {
  return mergeIntervals(oi, sortedIndexes.map((x) => ({ first: x, last: x })));
}

export const intervalsTotal = (oi: readonly Interval[]) => oi.reduce((n, iv) => n + iv.last - iv.first + 1, 0);
export const intervalsHas = (oi: readonly Interval[], ix: number) => oi.some((iv) => iv.first <= ix && ix <= iv.last);

/** parseIndexesFromString (corrupt entries ignored, clipped to completions). */
export function parseIndexesFromString(s: string | undefined | null, completions: number): Interval[] {
  if (!s) return [];
  const result: Interval[] = [];
  let last: Interval | undefined;
  for (const part of s.split(',')) {
    const limits = part.split('-');
    const first = Number.parseInt(limits[0] ?? '', 10);
    if (Number.isNaN(first)) continue;
    if (first >= completions) break;
    let lastIx = first;
    if (limits.length > 1) {
      lastIx = Number.parseInt(limits[1] ?? '', 10);
      if (Number.isNaN(lastIx)) continue;
      if (lastIx >= completions) lastIx = completions - 1;
    }
    if (last && last.last === first - 1) last.last = lastIx;
    else {
      last = { first, last: lastIx };
      result.push(last);
    }
  }
  return result;
}


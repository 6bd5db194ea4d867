/**
 * Kubernetes resource quantities (k8s.io/apimachinery/pkg/api/resource): "250m", "1.5", "64Mi",
 * "1G", "1e3". Values are kept as exact milli-units where it matters (CPU).
 */
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 };
const DECIMAL: Record<string, number> = { n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 };

const RE = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E)|[eE]([+-]?\d+))?$/;

/** Parse to a plain number of base units (cores, bytes). Throws on malformed input. */
export function parseQuantity(q: string | number): number {
  if (typeof q === 'number') return q;
  const m = RE.exec(q.trim());
  if (!m) throw new Error(`quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'`);
  const n = Number(m[1]);
  if (m[3] !== undefined) return n * 10 ** Number(m[3]);
  const suf = m[2] ?? '';
  return n * (BINARY[suf] ?? DECIMAL[suf]!);
}

export function isQuantity(q: unknown): boolean {
  if (typeof q === 'number') return true;
  return typeof q === 'string' && RE.test(q.trim());
}

/** CPU in millicores, rounded up as the API does for sub-milli values. */
export function milliCPU(q: string | number | undefined): number {
  if (q === undefined) return 0;
  return Math.ceil(Math.round(parseQuantity(q) * 1e6) / 1e3);
}

export function bytes(q: string | number | undefined): number {
  if (q === undefined) return 0;
  return Math.ceil(parseQuantity(q));
}

/** Format millicores the way kubectl top / describe node do: "250m", "2". */
export function formatMilliCPU(m: number): string {
  return m % 1000 === 0 ? String(m / 1000) : `${m}m`;
}

/** Format bytes as the largest exact binary suffix (Kubernetes canonical form for binary quantities). */
export function formatBytes(b: number): string {
  for (const [suf, mult] of [['Ei', 2 ** 60], ['Pi', 2 ** 50], ['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
    if (b >= mult && b % mult === 0) return `${b / mult}${suf}`;
  }
  return String(b);
}

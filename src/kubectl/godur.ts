/** Go's time.ParseDuration for what kubectl flags accept: "10s", "1m30s", "2h", "500ms". */
export function parseGoDuration(s: string): number | undefined {
  if (s === '0') return 0;
  const re = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g;
  const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  let total = 0;
  let consumed = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (m.index !== consumed) return undefined;
    total += Number(m[1]) * unit[m[2]!]!;
    consumed = m.index + m[0].length;
  }
  return consumed === s.length && consumed > 0 ? total : undefined;
}

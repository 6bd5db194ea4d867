/**
 * Virtual time ↔ wall-clock strings. The cluster's virtual ms 0 is `epochMs` (a fixed date, so
 * transcripts are reproducible). API objects carry RFC 3339 timestamps, as the real API does.
 */
export const DEFAULT_EPOCH_MS = Date.UTC(2026, 0, 5, 9, 0, 0); // Mon, 05 Jan 2026 09:00:00 UTC

export function rfc3339(epochMs: number, virtualMs: number): string {
  // The API serialises metav1.Time at second precision.
  return new Date(epochMs + Math.floor(virtualMs / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Parse an RFC 3339 timestamp back to epoch ms. */
export function parseTime(s: string | undefined | null): number | undefined {
  if (!s) return undefined;
  const t = Date.parse(s);
  return Number.isNaN(t) ? undefined : t;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** Go's time.RFC1123Z as kubectl describe prints it: "Mon, 05 Jan 2026 09:00:00 +0000". */
export function rfc1123z(epochMs: number): string {
  const d = new Date(epochMs);
  return `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
}

/**
 * Cron schedules as the CronJob controller parses them (robfig/cron v3 ParseStandard): 5 fields
 * (minute hour day-of-month month day-of-week) with `*`, `?`, lists, ranges, steps and names, or
 * the descriptors `@yearly`/`@annually`/`@monthly`/`@weekly`/`@daily`/`@midnight`/`@hourly`.
 * Time zones: any IANA zone the JS runtime knows (Intl), default UTC (the controller-manager's
 * local zone in a kind/kubeadm cluster).
 */
export interface CronSchedule {
  minute: Set<number>;
  hour: Set<number>;
  dom: Set<number>;
  month: Set<number>;
  dow: Set<number>;
  domStar: boolean;
  dowStar: boolean;
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const DESCRIPTORS: Record<string, string> = {
  '@yearly': '0 0 1 1 *',
  '@annually': '0 0 1 1 *',
  '@monthly': '0 0 1 * *',
  '@weekly': '0 0 * * 0',
  '@daily': '0 0 * * *',
  '@midnight': '0 0 * * *',
  '@hourly': '0 * * * *',
};

function parseValue(s: string, names: string[] | null, offset: number): number {
  if (names) {
    const i = names.indexOf(s.toLowerCase());
    if (i >= 0) return i + offset;
  }
  if (!/^\d+$/.test(s)) throw new Error(`failed to parse int from ${s}: strconv.Atoi: parsing "${s}": invalid syntax`);
  return Number(s);
}

function parseField(field: string, min: number, max: number, names: string[] | null, offset: number): { set: Set<number>; star: boolean } {
  const set = new Set<number>();
  let star = false;
  for (const part of field.split(',')) {
    const [rangePart, stepPart, extra] = part.split('/');
    if (extra !== undefined) throw new Error(`too many slashes: ${part}`);
    let lo: number;
    let hi: number;
    if (rangePart === '*' || rangePart === '?') {
      lo = min;
      hi = max;
      if (stepPart === undefined) star = true;
    } else {
      const [a, b, c] = rangePart!.split('-');
      if (c !== undefined) throw new Error(`too many hyphens: ${rangePart}`);
      lo = parseValue(a!, names, offset);
      hi = b !== undefined ? parseValue(b, names, offset) : lo;
      if (b === undefined && stepPart !== undefined) hi = max;
    }
    let step = 1;
    if (stepPart !== undefined) {
      step = parseValue(stepPart, null, 0);
      if (step === 0) throw new Error(`step of range should be a positive number: ${part}`);
    }
    if (lo < min) throw new Error(`beginning of range (${lo}) below minimum (${min}): ${part}`);
    if (hi > max) throw new Error(`end of range (${hi}) above maximum (${max}): ${part}`);
    if (lo > hi) throw new Error(`beginning of range (${lo}) beyond end of range (${hi}): ${part}`);
    for (let v = lo; v <= hi; v += step) set.add(v);
  }
  return { set, star };
}

/** Parse a schedule; throws Error with robfig/cron's message on bad input. */
export function parseCron(spec: string): CronSchedule {
  let s = spec.trim();
  if (s.startsWith('TZ=') || s.startsWith('CRON_TZ=')) throw new Error('cannot use TZ or CRON_TZ in schedule, use timeZone field instead');
  if (s.startsWith('@')) {
    const d = DESCRIPTORS[s];
    if (!d) throw new Error(`unrecognized descriptor: ${s}`);
    s = d;
  }
  const fields = s.split(/\s+/).filter(Boolean);
  if (fields.length !== 5) throw new Error(`expected exactly 5 fields, found ${fields.length}: [${fields.join(' ')}]`);
  const minute = parseField(fields[0]!, 0, 59, null, 0);
  const hour = parseField(fields[1]!, 0, 23, null, 0);
  const dom = parseField(fields[2]!, 1, 31, null, 0);
  const month = parseField(fields[3]!, 1, 12, MONTHS, 1);
  const dow = parseField(fields[4]!, 0, 7, DAYS, 0);
  if (dow.set.has(7)) {
    dow.set.delete(7);
    dow.set.add(0);
  }
  return { minute: minute.set, hour: hour.set, dom: dom.set, month: month.set, dow: dow.set, domStar: dom.star, dowStar: dow.star };
}

/** Whether the runtime knows the IANA zone. */
export function isValidTimeZone(tz: string): boolean {
  if (tz === '' || tz === 'UTC' || tz === 'Local') return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

const fmtCache = new Map<string, Intl.DateTimeFormat>();
/** Offset of the zone from UTC at instant t (ms). */
export function tzOffsetMs(tz: string | undefined | null, t: number): number {
  if (!tz || tz === 'UTC' || tz === 'Local' || tz === 'Etc/UTC') return 0;
  let f = fmtCache.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone: tz, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    fmtCache.set(tz, f);
  }
  const p: Record<string, number> = {};
  for (const x of f.formatToParts(new Date(Math.floor(t / 1000) * 1000))) if (x.type !== 'literal') p[x.type] = Number(x.value);
  const local = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour! % 24, p.minute!, p.second!);
  return local - Math.floor(t / 1000) * 1000;
}

function dayMatches(s: CronSchedule, d: Date): boolean {
  const domMatch = s.dom.has(d.getUTCDate());
  const dowMatch = s.dow.has(d.getUTCDay());
  if (s.domStar || s.dowStar) return domMatch && dowMatch;
  return domMatch || dowMatch;
}

/** The first schedule time strictly after t (epoch ms), or null if none within 5 years. */
export function nextAfter(s: CronSchedule, t: number, tz?: string | null): number | null {
  const off = tzOffsetMs(tz, t);
  // walk local wall-clock time as if it were UTC
  const d = new Date(Math.floor((t + off) / 60000) * 60000 + 60000);
  const limit = d.getUTCFullYear() + 5;
  while (d.getUTCFullYear() <= limit) {
    if (!s.month.has(d.getUTCMonth() + 1)) {
      d.setUTCMonth(d.getUTCMonth() + 1, 1);
      d.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!dayMatches(s, d)) {
      d.setUTCDate(d.getUTCDate() + 1);
      d.setUTCHours(0, 0, 0, 0);
      continue;
    }
    if (!s.hour.has(d.getUTCHours())) {
      d.setUTCHours(d.getUTCHours() + 1, 0, 0, 0);
      continue;
    }
    if (!s.minute.has(d.getUTCMinutes())) {
      d.setUTCMinutes(d.getUTCMinutes() + 1, 0, 0);
      continue;
    }
    const local = d.getTime();
    let utc = local - tzOffsetMs(tz, local - off);
    if (utc <= t) utc = local - off; // DST edge: keep moving forward
    if (utc > t) return utc;
    d.setUTCMinutes(d.getUTCMinutes() + 1, 0, 0);
  }
  return null;
}

/**
 * mostRecentScheduleTime (cronjob utils.go): the latest schedule time in (earliest, now], how many
 * were missed (capped count semantics: >100 means "too many"), and the next one after now.
 */
export function mostRecentScheduleTime(s: CronSchedule, earliest: number, now: number, tz?: string | null): { mostRecent: number | null; missed: number; next: number | null } {
  let t = nextAfter(s, earliest, tz);
  let mostRecent: number | null = null;
  let missed = 0;
  while (t !== null && t <= now) {
    mostRecent = t;
    missed++;
    if (missed > 100) {
      // keep walking cheaply to the last one
    }
    t = nextAfter(s, t, tz);
    if (missed > 100000) break;
  }
  return { mostRecent, missed, next: t };
}

/** Go's time.RFC3339 in a zone: 2026-01-05T09:01:00Z or 2026-01-05T18:01:00+09:00. */
export function rfc3339InZone(t: number, tz?: string | null): string {
  const off = tzOffsetMs(tz, t);
  const iso = new Date(t + off).toISOString().replace(/\.\d{3}Z$/, '');
  if (off === 0) return iso + 'Z';
  const m = Math.abs(off) / 60000;
  return `${iso}${off < 0 ? '-' : '+'}${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

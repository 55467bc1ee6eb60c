/**
 * The dashboard's rules: its answer (typed from the OpenAPI document), the timeline's buckets, countries and recent
 * activity. Pure: dashboard.ts and chart.ts only draw them.
 */
import type { Answer } from '../../app/contract.ts';
import { isRecord } from '../../app/records.ts';

// The dashboard
// ---------------------------------------------------------------------------------------------

/** GET …/dashboard: counts only, no personal data (typed from the OpenAPI document the server is held to). */
export type Dashboard = Answer<'get-dashboard'>;
/** A stream batch's confirmations (withdrawals are only counted per day: see DayWithdrawals). */
export type Activity = Dashboard['recent'][number];
/** Confirmed signatures withdrawn on one UTC day (`2026-11-24`): all the API tells of withdrawals. */
export type DayWithdrawals = Dashboard['withdrawals'][number];

/** The dashboard from an answer; null when the answer has no count (not a dashboard at all). */
export function readDashboard(body: unknown): Dashboard | null {
  return isRecord(body) && typeof body.count === 'number' ? (body as Dashboard) : null;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** `2026-11-24T13` (the TIMELINE item's keys) or a full ISO time → the start of that UTC hour, in ms. */
export function hourStart(hour: string): number | undefined {
  const short = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})$/.exec(hour);
  const ms = short ? Date.UTC(Number(short[1]), Number(short[2]) - 1, Number(short[3]), Number(short[4])) : Date.parse(hour);
  if (Number.isNaN(ms)) return undefined;
  return Math.floor(ms / HOUR_MS) * HOUR_MS;
}

export type Bucket = 'hour' | 'day';

export interface Series {
  /** Start of each bucket, in ms since the epoch, ascending and without gaps. */
  times: number[];
  counts: number[];
}

/** At most this many buckets are drawn (the most recent): about two months of hours. */
export const MAX_BUCKETS = 1500;

/**
 * Net signatures per hour → per hour or per day, with empty buckets filled in so the chart's gaps
 * are real zeros. Days are the browser's days: `offsetAt(ms)` is the local offset east of UTC in
 * minutes at that moment (−Date#getTimezoneOffset), 0 for UTC. `until` (ms) extends the series to
 * the current bucket. Only the most recent MAX_BUCKETS buckets are kept.
 */
export function bucketTimeline(
  points: readonly { hour: string; count: number }[],
  bucket: Bucket,
  opts: { offsetAt?: (ms: number) => number; until?: number } = {},
): Series {
  const offsetAt = opts.offsetAt ?? (() => 0);
  // The start of the local day holding `ms`, as a UTC instant.
  const startOf = (ms: number): number => {
    if (bucket === 'hour') return Math.floor(ms / HOUR_MS) * HOUR_MS;
    const shift = offsetAt(ms) * 60_000;
    const localMidnight = Math.floor((ms + shift) / DAY_MS) * DAY_MS;
    return localMidnight - offsetAt(localMidnight - shift) * 60_000;
  };
  const sums = new Map<number, number>();
  for (const p of points) {
    const ms = hourStart(p.hour);
    if (ms === undefined || !Number.isFinite(p.count)) continue;
    const key = startOf(ms);
    sums.set(key, (sums.get(key) ?? 0) + p.count);
  }
  if (sums.size === 0) return { times: [], counts: [] };
  const keys = [...sums.keys()].sort((a, b) => a - b);
  const first = keys[0] as number;
  let last = keys[keys.length - 1] as number;
  if (opts.until !== undefined && Number.isFinite(opts.until)) last = Math.max(last, startOf(opts.until));

  // Walk back from the end so a long campaign keeps its recent buckets.
  const times: number[] = [];
  for (let t = last; times.length < MAX_BUCKETS; ) {
    times.push(t);
    if (t <= first) break;
    const prev = bucket === 'hour' ? t - HOUR_MS : startOf(t - HOUR_MS);
    if (prev >= t) break;
    t = prev;
  }
  times.reverse();
  return { times, counts: times.map((t) => sums.get(t) ?? 0) };
}

/** Countries by number of signatures, most first; ties by code so the table does not jump around. */
export function countryRows(countries: Record<string, number>): { code: string; count: number }[] {
  return Object.entries(countries)
    .filter(([, n]) => n > 0)
    .map(([code, n]) => ({ code, count: n }))
    .sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
}

/** The countries of one activity entry, most first, for "Georgia 2, Armenia 1". */
export function activityCountries(entry: Activity): { code: string; count: number }[] {
  return countryRows(entry.countries);
}

/**
 * "2 min ago" as parts for formatRelative (web/src/app/format.ts): seconds under a minute (never in the future:
 * clocks differ), minutes under an hour, hours under a day, then days.
 */
export function relativeTime(at: string, now: number): { value: number; unit: 'second' | 'minute' | 'hour' | 'day' } {
  const ms = Date.parse(at);
  const diff = Number.isNaN(ms) ? 0 : Math.max(0, now - ms);
  const s = Math.floor(diff / 1000);
  if (s < 60) return { value: -s, unit: 'second' };
  if (s < 3600) return { value: -Math.floor(s / 60), unit: 'minute' };
  if (s < 86_400) return { value: -Math.floor(s / 3600), unit: 'hour' };
  return { value: -Math.floor(s / 86_400), unit: 'day' };
}

/** One line of the recent activity: a batch of confirmations, or a UTC day's withdrawals. */
export type RecentEntry = { kind: 'confirmed'; activity: Activity; at: number } | { kind: 'withdrawn'; day: string; count: number; at: number };

/**
 * Recent confirmations and the withdrawals of the last `days` UTC days, newest first. A day's
 * withdrawals are placed at the end of that day (or now, for today): we know only the day, so they
 * come after the day's timed confirmations.
 */
export function recentEntries(d: Pick<Dashboard, 'recent' | 'withdrawals'>, now: number, days = 7): RecentEntry[] {
  const since = Date.UTC(new Date(now).getUTCFullYear(), new Date(now).getUTCMonth(), new Date(now).getUTCDate()) - (days - 1) * DAY_MS;
  const entries: RecentEntry[] = d.recent
    .filter((a) => a.confirmed > 0)
    .map((activity) => ({ kind: 'confirmed' as const, activity, at: Date.parse(activity.at) }));
  for (const w of d.withdrawals) {
    const start = Date.parse(`${w.day}T00:00:00Z`);
    if (Number.isNaN(start) || start < since || w.count <= 0) continue;
    entries.push({ kind: 'withdrawn', day: w.day, count: w.count, at: Math.min(now, start + DAY_MS - 1) });
  }
  return entries.sort((a, b) => b.at - a.at);
}

/** A stable fingerprint of what the chart draws, to redraw only when it changed. */
export function timelineKey(points: readonly { hour: string; count: number }[]): string {
  return points.map((p) => `${p.hour}=${p.count}`).join(',');
}

// ---------------------------------------------------------------------------------------------

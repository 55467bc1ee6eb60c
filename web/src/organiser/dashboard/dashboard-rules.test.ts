/**
 * The dashboard's arithmetic: its answer, the timeline's buckets, countries and recent activity.
 */
import { describe, it, expect } from 'vitest';
import { bucketTimeline, countryRows, hourStart, MAX_BUCKETS, readDashboard, recentEntries, relativeTime } from './dashboard-rules.ts';

describe('the dashboard', () => {
  it('reads the dashboard as the document types it; an answer without a count is none', () => {
    const answer = {
      count: 12,
      pending: 2,
      asOf: '2026-11-24T13:05:00Z',
      countries: { GE: 7, AM: 5 },
      sources: { direct: 10, 'partner.example': 2 },
      timeline: [{ hour: '2026-11-24T12', count: 4 }, { hour: '2026-11-24T13', count: 8 }],
      withdrawals: [{ day: '2026-11-23', count: 1 }, { day: '2026-11-24', count: 2 }],
      recent: [{ at: '2026-11-24T13:04:00Z', confirmed: 3, countries: { GE: 2, AM: 1 } }],
    };
    expect(readDashboard(answer)).toEqual(answer);
    expect(readDashboard({ pending: 1 })).toBeNull();
    expect(readDashboard('<html>')).toBeNull();
  });

  it('lists recent confirmations by time and withdrawals by their UTC day only, newest first, for a week', () => {
    const now = Date.parse('2026-11-24T13:05:00Z');
    const entries = recentEntries(
      {
        recent: [
          { at: '2026-11-24T13:04:00Z', confirmed: 3, countries: { GE: 2, AM: 1 } },
          { at: '2026-11-23T09:00:00Z', confirmed: 1, countries: {} },
        ],
        withdrawals: [
          { day: '2026-11-10', count: 4 },
          { day: '2026-11-18', count: 1 },
          { day: '2026-11-23', count: 2 },
          { day: '2026-11-24', count: 1 },
        ],
      },
      now,
    );
    expect(entries.map((e) => (e.kind === 'confirmed' ? `confirmed ${e.activity.at}` : `withdrawn ${e.day} ${e.count}`))).toEqual([
      // Today's withdrawals: known only by the day, so shown as of now, above today's confirmations.
      'withdrawn 2026-11-24 1',
      'confirmed 2026-11-24T13:04:00Z',
      'withdrawn 2026-11-23 2',
      'confirmed 2026-11-23T09:00:00Z',
      'withdrawn 2026-11-18 1',
    ]);
    // No withdrawal entry carries a time of its own: the end of its day, or now.
    expect(entries.filter((e) => e.kind === 'withdrawn').map((e) => new Date(e.at).toISOString())).toEqual([
      '2026-11-24T13:05:00.000Z',
      '2026-11-23T23:59:59.999Z',
      '2026-11-18T23:59:59.999Z',
    ]);
  });

  it('reads hour keys as UTC hours', () => {
    expect(hourStart('2026-11-24T13')).toBe(Date.UTC(2026, 10, 24, 13));
    expect(hourStart('2026-11-24T13:45:10Z')).toBe(Date.UTC(2026, 10, 24, 13));
    expect(hourStart('soon')).toBeUndefined();
  });

  it('fills the hours between with zeros, up to now', () => {
    const s = bucketTimeline([{ hour: '2026-11-24T10', count: 2 }, { hour: '2026-11-24T12', count: 5 }], 'hour', { until: Date.UTC(2026, 10, 24, 14, 30) });
    expect(s.times).toEqual([10, 11, 12, 13, 14].map((h) => Date.UTC(2026, 10, 24, h)));
    expect(s.counts).toEqual([2, 0, 5, 0, 0]);
    expect(bucketTimeline([], 'hour')).toEqual({ times: [], counts: [] });
  });

  it('sums hours into UTC days', () => {
    const s = bucketTimeline(
      [
        { hour: '2026-11-23T23', count: 1 },
        { hour: '2026-11-24T00', count: 2 },
        { hour: '2026-11-24T23', count: 3 },
        { hour: '2026-11-26T05', count: -1 },
      ],
      'day',
    );
    expect(s.times).toEqual([23, 24, 25, 26].map((d) => Date.UTC(2026, 10, d)));
    expect(s.counts).toEqual([1, 5, 0, -1]);
  });

  it('sums hours into the browser’s days (Tbilisi, UTC+4)', () => {
    const s = bucketTimeline(
      [
        { hour: '2026-11-23T19', count: 1 }, // 23:00 local, 23 Nov
        { hour: '2026-11-23T20', count: 2 }, // 00:00 local, 24 Nov
        { hour: '2026-11-24T19', count: 4 }, // 23:00 local, 24 Nov
      ],
      'day',
      { offsetAt: () => 240 },
    );
    expect(s.times).toEqual([Date.UTC(2026, 10, 22, 20), Date.UTC(2026, 10, 23, 20)]);
    expect(s.counts).toEqual([1, 6]);
  });

  it('keeps days whole across a clock change (Kyiv, UTC+3 → UTC+2 on 25 October 2026)', () => {
    const offsetAt = (ms: number): number => (ms < Date.UTC(2026, 9, 25, 1) ? 180 : 120);
    const s = bucketTimeline(
      [
        { hour: '2026-10-24T21', count: 1 }, // 00:00 local, 25 Oct
        { hour: '2026-10-25T21', count: 2 }, // 23:00 local, 25 Oct (a 25-hour day)
        { hour: '2026-10-25T22', count: 4 }, // 00:00 local, 26 Oct
      ],
      'day',
      { offsetAt },
    );
    expect(s.times).toEqual([Date.UTC(2026, 9, 24, 21), Date.UTC(2026, 9, 25, 22)]);
    expect(s.counts).toEqual([3, 4]);
  });

  it('draws at most MAX_BUCKETS, the most recent', () => {
    const s = bucketTimeline([{ hour: '2020-01-01T00', count: 1 }, { hour: '2026-11-24T13', count: 9 }], 'hour');
    expect(s.times.length).toBe(MAX_BUCKETS);
    expect(s.times.at(-1)).toBe(Date.UTC(2026, 10, 24, 13));
    expect(s.counts.at(-1)).toBe(9);
  });

  it('sorts countries by count, then code, without zeros', () => {
    expect(countryRows({ GE: 2, AM: 5, UA: 2, KZ: 0 })).toEqual([
      { code: 'AM', count: 5 },
      { code: 'GE', count: 2 },
      { code: 'UA', count: 2 },
    ]);
  });

  it('says how long ago, never in the future', () => {
    const now = Date.parse('2026-11-24T13:10:00Z');
    expect(relativeTime('2026-11-24T13:09:30Z', now)).toEqual({ value: -30, unit: 'second' });
    expect(relativeTime('2026-11-24T13:08:00Z', now)).toEqual({ value: -2, unit: 'minute' });
    expect(relativeTime('2026-11-24T10:00:00Z', now)).toEqual({ value: -3, unit: 'hour' });
    expect(relativeTime('2026-11-20T13:10:00Z', now)).toEqual({ value: -4, unit: 'day' });
    expect(relativeTime('2026-11-24T13:11:00Z', now)).toEqual({ value: -0, unit: 'second' });
  });
});

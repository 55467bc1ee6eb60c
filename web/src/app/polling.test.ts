/**
 * How often the pages poll, and which reading is newer.
 */
import { describe, it, expect } from 'vitest';
import { isNewerReading, nextPollDelay, POLL_INTERVAL_MS } from './polling.ts';

describe('polling', () => {
  it('polls every 1.5 s and backs off after failures up to 30 s', () => {
    expect(nextPollDelay(0)).toBe(POLL_INTERVAL_MS);
    expect(POLL_INTERVAL_MS).toBe(1500);
    expect(nextPollDelay(1)).toBe(3000);
    expect(nextPollDelay(2)).toBe(6000);
    expect(nextPollDelay(50)).toBe(30_000);
  });

  it('ignores readings older than the one shown', () => {
    expect(isNewerReading('2025-01-01T10:00:02Z', '2025-01-01T10:00:01Z')).toBe(true);
    expect(isNewerReading('2025-01-01T10:00:00Z', '2025-01-01T10:00:01Z')).toBe(false);
    expect(isNewerReading('2025-01-01T10:00:01Z', '2025-01-01T10:00:01Z')).toBe(true);
    expect(isNewerReading(undefined, '2025-01-01T10:00:01Z')).toBe(true);
    expect(isNewerReading('not a date', '2025-01-01T10:00:01Z')).toBe(true);
  });
});

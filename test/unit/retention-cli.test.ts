/** `npm run retention`'s arguments: a preview unless --apply, and --apply never as of a future day. */
import { describe, expect, it } from 'vitest';
import { describeRetention, parseRetentionArgs } from '../../infra/local/retention-cli.ts';

const realNow = new Date('2026-12-06T12:00:00Z');

describe('npm run retention arguments', () => {
  it('previews by default, with or without --now, and with --dry-run', () => {
    expect(parseRetentionArgs([], realNow)).toEqual({ mode: 'preview' });
    expect(parseRetentionArgs(['--now', '2030-01-01T00:00:00Z'], realNow)).toEqual({ mode: 'preview', now: new Date('2030-01-01T00:00:00Z') });
    expect(parseRetentionArgs(['--dry-run'], realNow)).toEqual({ mode: 'preview' });
    expect(parseRetentionArgs(['--dry-run', '--now', '2030-01-01'], realNow)).toMatchObject({ mode: 'preview' });
  });

  it('applies only when told, and refuses a --now in the future', () => {
    expect(parseRetentionArgs(['--apply'], realNow)).toEqual({ mode: 'apply' });
    expect(parseRetentionArgs(['--apply', '--now', '2026-12-01T00:00:00Z'], realNow)).toMatchObject({ mode: 'apply' });
    expect(parseRetentionArgs(['--apply', '--now', '2026-12-06T12:00:01Z'], realNow)).toMatchObject({ error: expect.stringContaining('future') });
    expect(parseRetentionArgs(['--apply', '--dry-run'], realNow)).toMatchObject({ error: expect.stringContaining('not both') });
  });

  it('refuses what it does not know rather than guessing', () => {
    expect(parseRetentionArgs(['--now', 'tomorrow'], realNow)).toMatchObject({ error: expect.stringContaining('Not a date') });
    expect(parseRetentionArgs(['--now'], realNow)).toMatchObject({ error: expect.stringContaining('Not a date') });
    expect(parseRetentionArgs(['--aply'], realNow)).toMatchObject({ error: expect.stringContaining('Unknown argument') });
  });

  it('words a preview as one that changed nothing', () => {
    const lines = describeRetention({
      mode: 'preview', now: '2030-01-01T00:00:00.000Z', ranAt: realNow.toISOString(), checked: 3,
      campaigns: [{ slug: 'free-them', reason: { cause: 'deadline', closedSince: '2029-01-01T00:00:00.000Z', retentionDays: 90, dueAt: '2029-04-01T00:00:00.000Z' }, signatures: 12, submissions: 4, pending: 1 }],
      stillOpen: [{ slug: 'still-open', deadline: '2029-06-01T00:00:00.000Z', dueAt: '2029-08-30T00:00:00.000Z' }],
    });
    expect(lines[0]).toContain('nothing was changed');
    expect(lines.join('\n')).toContain('free-them: deadline passed 2029-01-01, kept 90 days, due since 2029-04-01. Would erase 12 signature(s)');
    expect(lines.join('\n')).toContain('still-open: left alone');
  });
});

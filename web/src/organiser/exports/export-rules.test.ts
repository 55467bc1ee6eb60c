/**
 * Export jobs: read defensively, their progress and how a list takes an update.
 */
import { describe, it, expect } from 'vitest';
import { strings } from '../../app/strings.ts';
import { isJobActive, jobPercent, mergeJobs, readJob, readJobList } from './export-rules.ts';

describe('exports', () => {
  const job = { id: 'j1', slug: 's', format: 'pdf', status: 'running', rows: 250, total: 1000, createdAt: '2026-11-24T13:00:00Z', createdBy: 'm1' } as const;

  it('reads jobs and their progress', () => {
    expect(readJob(job)).toEqual(job);
    expect(jobPercent(readJob(job)!)).toBe(25);
    expect(jobPercent(readJob({ ...job, status: 'queued', rows: 0, total: 0 })!)).toBeNull();
    expect(jobPercent(readJob({ ...job, status: 'done', rows: 0, total: 0 })!)).toBe(100);
    expect(readJobList({ exports: [job] })).toHaveLength(1);
    expect(readJobList('<html>')).toBeNull();
  });

  it('only takes an http(s) download link', () => {
    expect(readJob({ ...job, status: 'done', download: { url: 'https://bucket.example/x.pdf?sig=1', expiresAt: 'z' } })?.download).toEqual({
      url: 'https://bucket.example/x.pdf?sig=1',
      expiresAt: 'z',
    });
    expect(readJob({ ...job, status: 'done', download: { url: 'javascript:alert(1)' } })?.download).toBeUndefined();
  });

  it('reads an outdated export: not under way, why, and never a link', () => {
    const outdated = readJob({ ...job, status: 'outdated', reason: 'withdrawal', download: { url: 'https://bucket.example/x.pdf?sig=1' } })!;
    expect(outdated).toMatchObject({ status: 'outdated', reason: 'withdrawal' });
    expect(outdated.download).toBeUndefined();
    expect(isJobActive(outdated)).toBe(false);
    expect(readJob({ ...job, status: 'outdated', reason: 'erasure' })?.reason).toBe('erasure');
    // Every status has words in every language (the i18n test checks the other catalogs have these keys).
    expect(strings.org.exports.status.outdated).toBeTruthy();
    expect(strings.org.exports.outdated.withdrawal).toMatch(/new export/);
  });

  it('merges a new job into the list, newest first', () => {
    const a = readJob({ ...job, id: 'a', createdAt: '2026-11-24T10:00:00Z' })!;
    const b = readJob({ ...job, id: 'b', createdAt: '2026-11-24T12:00:00Z' })!;
    const a2 = { ...a, status: 'done' as const };
    expect(mergeJobs([b, a], a2).map((j) => [j.id, j.status])).toEqual([
      ['b', 'running'],
      ['a', 'done'],
    ]);
  });
});

/**
 * Export jobs: read defensively, their progress and how a list takes an update.
 */
import { describe, it, expect } from 'vitest';
import { strings } from '../../app/strings.ts';
import { isJobActive, jobPercent, mergeJobs, parseJob, parseJobList } from './export-rules.ts';

describe('exports', () => {
  const job = { id: 'j1', slug: 's', format: 'pdf', status: 'running', rows: 250, total: 1000, createdAt: '2026-11-24T13:00:00Z', createdBy: 'a@b.org' };

  it('reads jobs and their progress', () => {
    expect(parseJob(job)).toEqual({ id: 'j1', format: 'pdf', status: 'running', rows: 250, total: 1000, createdAt: '2026-11-24T13:00:00Z', createdBy: 'a@b.org' });
    expect(jobPercent(parseJob(job)!)).toBe(25);
    expect(jobPercent(parseJob({ ...job, status: 'queued', rows: 0, total: 0 })!)).toBeNull();
    expect(jobPercent(parseJob({ ...job, status: 'done', rows: 0, total: 0 })!)).toBe(100);
    expect(parseJobList({ exports: [job, { nope: 1 }] })).toHaveLength(1);
  });

  it('only takes an http(s) download link', () => {
    expect(parseJob({ ...job, status: 'done', download: { url: 'https://bucket.example/x.pdf?sig=1', expiresAt: 'z' } })?.download).toEqual({
      url: 'https://bucket.example/x.pdf?sig=1',
      expiresAt: 'z',
    });
    expect(parseJob({ ...job, status: 'done', download: { url: 'javascript:alert(1)' } })?.download).toBeUndefined();
  });

  it('reads an outdated export: not under way, why, and never a link', () => {
    const outdated = parseJob({ ...job, status: 'outdated', reason: 'withdrawal', download: { url: 'https://bucket.example/x.pdf?sig=1' } })!;
    expect(outdated).toMatchObject({ status: 'outdated', reason: 'withdrawal' });
    expect(outdated.download).toBeUndefined();
    expect(isJobActive(outdated)).toBe(false);
    expect(parseJob({ ...job, status: 'outdated', reason: 'erasure' })?.reason).toBe('erasure');
    // Every status has words in every language (the i18n test checks the other catalogs have these keys).
    expect(strings.org.exports.status.outdated).toBeTruthy();
    expect(strings.org.exports.outdated.withdrawal).toMatch(/new export/);
  });

  it('merges a new job into the list, newest first', () => {
    const a = parseJob({ ...job, id: 'a', createdAt: '2026-11-24T10:00:00Z' })!;
    const b = parseJob({ ...job, id: 'b', createdAt: '2026-11-24T12:00:00Z' })!;
    const a2 = { ...a, status: 'done' as const };
    expect(mergeJobs([b, a], a2).map((j) => [j.id, j.status])).toEqual([
      ['b', 'running'],
      ['a', 'done'],
    ]);
  });
});

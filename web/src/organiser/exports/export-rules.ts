/**
 * Export jobs (CSV and dossier): read defensively, their progress and how a list takes an update. Pure.
 */
import { count, isRecord, str } from '../../app/records.ts';
import { safeWebsite } from '../../campaign/campaign-data.ts';
import type { Body } from '../../app/contract.ts';

// Exports
// ---------------------------------------------------------------------------------------------

/** `outdated`: a signer withdrew after it was made, or retention erased the data; its file is gone. */
export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'outdated';
export type ExportFormat = 'csv' | 'pdf';
export type OutdatedReason = 'withdrawal' | 'erasure';

export interface ExportJob {
  id: string;
  format: ExportFormat;
  status: JobStatus;
  rows: number;
  total: number;
  createdAt: string;
  createdBy?: string;
  finishedAt?: string;
  error?: string;
  /** Why an outdated export is outdated. */
  reason?: OutdatedReason;
  download?: { url: string; expiresAt?: string };
}

const JOB_STATUSES: readonly JobStatus[] = ['queued', 'running', 'done', 'failed', 'outdated'];

export function parseJob(v: unknown): ExportJob | null {
  if (!isRecord(v) || typeof v.id !== 'string' || v.id === '') return null;
  const status: JobStatus = JOB_STATUSES.find((s) => s === v.status) ?? 'queued';
  const job: ExportJob = {
    id: v.id,
    format: v.format === 'pdf' ? 'pdf' : 'csv',
    status,
    rows: count(v.rows),
    total: count(v.total),
    createdAt: typeof v.createdAt === 'string' ? v.createdAt : '',
  };
  const createdBy = str(v.createdBy);
  const finishedAt = str(v.finishedAt);
  const error = str(v.error);
  if (createdBy) job.createdBy = createdBy;
  if (finishedAt) job.finishedAt = finishedAt;
  if (error) job.error = error;
  if (status === 'outdated') job.reason = v.reason === 'erasure' ? 'erasure' : 'withdrawal';
  // An outdated export has no file: a link in it would lead nowhere.
  if (isRecord(v.download) && status === 'done') {
    const url = safeWebsite(v.download.url);
    if (url) {
      job.download = { url };
      const expiresAt = str(v.download.expiresAt);
      if (expiresAt) job.download.expiresAt = expiresAt;
    }
  }
  return job;
}

export function parseJobList(v: unknown): ExportJob[] | null {
  if (!isRecord(v) || !Array.isArray(v.exports)) return null;
  return v.exports.map(parseJob).filter((j): j is ExportJob => j !== null);
}

export function isJobActive(job: ExportJob): boolean {
  return job.status === 'queued' || job.status === 'running';
}

/** Percent done (0–100), or null while the total is not known yet. */
export function jobPercent(job: ExportJob): number | null {
  if (job.status === 'done') return 100;
  if (job.total <= 0) return null;
  return Math.min(100, Math.floor((job.rows / job.total) * 100));
}

/** Newest first; a job just created replaces the listed one with the same id. */
export function mergeJobs(list: readonly ExportJob[], updated: ExportJob): ExportJob[] {
  const rest = list.filter((j) => j.id !== updated.id);
  return [updated, ...rest].sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
}

// ---------------------------------------------------------------------------------------------

/**
 * POST …/exports: the format, and for the dossier the translations ticked (those the campaign has,
 * in the order given), the signatories' order and the headings' language ('' for the campaign's own).
 */
export function exportBody(
  format: ExportFormat,
  dossier: { translations: readonly string[]; available: readonly string[]; order: string; lang: string },
): Body<'start-export'> {
  if (format !== 'pdf') return { format };
  const translations = dossier.translations.filter((l) => dossier.available.includes(l)) as NonNullable<Body<'start-export'>['translations']>;
  return {
    format,
    ...(translations.length > 0 ? { translations } : {}),
    order: dossier.order as NonNullable<Body<'start-export'>['order']>,
    ...(dossier.lang ? { lang: dossier.lang as NonNullable<Body<'start-export'>['lang']> } : {}),
  };
}

/**
 * Export jobs (CSV and dossier): read from the API's answers, their progress and how a list takes an update. Pure.
 */
import { isRecord } from '../../app/records.ts';
import { safeWebsite } from '../../campaign/campaign-data.ts';
import type { Answer, Body } from '../../app/contract.ts';

// Exports
// ---------------------------------------------------------------------------------------------

/** An export as the API shows it (typed from the OpenAPI document the server is held to). */
export type ExportJob = Answer<'get-export'>;
/** `outdated`: a signer withdrew after it was made, or retention erased the data; its file is gone. */
export type JobStatus = ExportJob['status'];
export type ExportFormat = ExportJob['format'];
export type OutdatedReason = NonNullable<ExportJob['reason']>;

/**
 * An export from an answer (null when the answer is not one at all), with the page's rule for its
 * link: only a finished export's, and only an http(s) one (an outdated export has no file).
 */
export function readJob(body: unknown): ExportJob | null {
  if (!isRecord(body) || typeof body.id !== 'string') return null;
  const { download, ...job } = body as ExportJob;
  const url = job.status === 'done' ? safeWebsite(download?.url) : undefined;
  return url && download ? { ...job, download: { ...download, url } } : job;
}

/** GET …/exports: its exports, each as readJob reads it; null when the answer is not a list at all. */
export function readJobList(body: unknown): ExportJob[] | null {
  if (!isRecord(body) || !Array.isArray(body.exports)) return null;
  return body.exports.map(readJob).filter((j): j is ExportJob => j !== null);
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

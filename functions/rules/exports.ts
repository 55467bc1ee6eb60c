/**
 * Exports of a campaign's signatures (CSV, or the delivery dossier as PDF), run as background jobs:
 * the organiser starts one, the job runner (functions/streams/run-export-jobs.ts) writes the file to the
 * exports bucket, and a short-lived link downloads it. Pure rules, no I/O.
 */
import { randomBytes } from 'node:crypto';
import type { Language } from '#lib/language.ts';
import type { SignatoryOrder } from './signatory-order.ts';

export const EXPORT_FORMATS = ['csv', 'pdf'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
/**
 * queued → running → done | failed, and running | done → outdated: the export may hold a signer who
 * has since withdrawn, or whose personal data retention has since erased, so its file is deleted and
 * never handed out again.
 */
export type JobStatus = 'queued' | 'running' | 'done' | 'failed' | 'outdated';

/** Why an export is outdated: a signer withdrew after it started reading, or retention erased its campaign's personal data. */
export type OutdatedReason = 'withdrawal' | 'erasure';

/**
 * Why a job failed, as a short code: never a message that could carry a name or an address.
 * `timed_out`: the runner ran out of time (or was stopped and the job found stale on redelivery).
 */
export type JobError = 'campaign_missing' | 'timed_out' | 'unreadable_signature' | 'internal';

export interface Job {
  id: string;
  slug: string;
  format: ExportFormat;
  /** Dossier only: the translations to print after the original (language codes, in order). */
  translations?: string[];
  /**
   * Dossier only: the language of its own words (labels, dates), as asked at export; without it the
   * campaign's original language. (Jobs made before the choice existed hold the organiser's.)
   */
  lang?: Language;
  /** Dossier only: the signatories' order within each text version; `confirmed` when absent. */
  order?: SignatoryOrder;
  status: JobStatus;
  /** Rows written so far (signatories, for a PDF). */
  rows: number;
  /** The campaign's confirmed count when the job started: what `rows` is heading for. */
  total: number;
  createdAt: string;
  /** Member id of who asked for it (`token:<id>` for an API token): never an email. */
  createdBy: string;
  /** The organisation the campaign belonged to when the job was made. */
  orgId: string;
  startedAt?: string;
  finishedAt?: string;
  /** Size of the file written. */
  bytes?: number;
  error?: JobError;
  /** Outdated jobs: why, and the UTC day it was found (a day only: it dates a withdrawal). */
  reason?: OutdatedReason;
  outdatedOn?: string;
}

/** The files expire from the bucket after this many days (the bucket's lifecycle rule). */
export const EXPORT_FILE_DAYS = 7;
/** Job records stay this long: the log of who exported what, and when. */
export const JOB_RECORD_DAYS = 365;
/** How long a download link works. */
export const DOWNLOAD_LINK_SECONDS = 15 * 60;
/** The runner's own time limit (the Lambda timeout); a job `running` for longer is dead. */
export const JOB_TIME_LIMIT_MS = 15 * 60 * 1000;
/**
 * A job still queued or running this long after it was made has lost its runner (the lock frees
 * itself then too): the API shows it as failed rather than forever under way.
 */
export const JOB_STALE_AFTER_MS = JOB_TIME_LIMIT_MS + 5 * 60 * 1000;
/** Progress is written at most this often (and at the end). */
export const PROGRESS_INTERVAL_MS = 1000;

/**
 * How long after a signer's removal an export that starts reading might still see them. The export
 * reads signatures strongly consistently (functions/usecases/signatories.ts), so one that began after the removal
 * was written cannot; what is left is that the runner's, the consumer's and DynamoDB's clocks differ
 * slightly. Kept short because the consumer waits this long after a removal, and mails of new
 * submissions on the same stream shard wait behind it (#streams/follow-signatures.ts).
 */
export const READ_SETTLE_MS = 1_000;

/**
 * The moment before which an export that started reading may hold a signer removed by a stream
 * record dated `recordedAt` (epoch ms) and handled at `handledAt`; an export that starts later
 * cannot. The removal happened by the time its record was handled, and within the record's
 * precision after its date: AWS dates records to the second, rounded down; DynamoDB Local to the
 * minute, so a date on a whole minute is read as "some time in that minute". Bounding by the date
 * as well keeps a batch handled late (a backlog, a redelivery) from outdating exports made after the
 * removal had settled.
 */
export function holdsUntil(recordedAt: number, handledAt: number): number {
  const seconds = Math.floor(recordedAt / 1000);
  const precision = seconds % 60 === 0 ? 60_000 : 1000;
  return Math.min(handledAt, seconds * 1000 + precision) + READ_SETTLE_MS;
}

/**
 * Whether a job read signatures before `cutoff` (it has started: running, done, failed or already
 * outdated), so its file, if any, may hold a signer removed since. A queued job has not read anything.
 */
export function readBefore(job: Pick<Job, 'status' | 'startedAt'>, cutoff: number): boolean {
  return job.status !== 'queued' && job.startedAt !== undefined && Date.parse(job.startedAt) < cutoff;
}

/**
 * Jobs older than this have no file left: the lifecycle rule deletes files after EXPORT_FILE_DAYS,
 * and S3 may take a day or so past that.
 */
export const FILE_MAY_EXIST_DAYS = EXPORT_FILE_DAYS + 2;

/**
 * A new job id: `20261124T054731123Z-` + 10 random hex digits. Fixed width and time first, so string
 * order is creation order and a Query newest-first lists a campaign's jobs; URL-safe as it stands.
 */
export function newJobId(now: Date): string {
  return `${jobIdStamp(now)}-${randomBytes(5).toString('hex')}`;
}

/** The time part of the ids of jobs made at `at`: ids of jobs made since sort at or after it. */
export function jobIdStamp(at: Date): string {
  return at.toISOString().replace(/[-:.]/g, '');
}

const JOB_ID = /^\d{8}T\d{9}Z-[0-9a-f]{10}$/;

export function isJobId(value: string): boolean {
  return JOB_ID.test(value);
}

/** Where a job's file lives in the exports bucket. */
export function exportObjectKey(job: Pick<Job, 'slug' | 'id' | 'format'>): string {
  return `exports/${job.slug}/${job.id}.${job.format}`;
}

export const contentTypes: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  pdf: 'application/pdf',
};

/** Whether the job's file can still be downloaded (done, and not yet expired from the bucket). */
export function isDownloadable(job: Pick<Job, 'status' | 'finishedAt'>, now: Date): boolean {
  if (job.status !== 'done' || !job.finishedAt) return false;
  return now.getTime() < Date.parse(job.finishedAt) + EXPORT_FILE_DAYS * 86_400_000;
}

/**
 * What the API shows of a job: the contract's shape (docs/organisers.md), nothing internal. An
 * outdated job says why, and with `messages` (the request's language's) what to do about it.
 */
export function jobView(job: Job, now: Date, messages?: Record<OutdatedReason, string>) {
  const stale = (job.status === 'queued' || job.status === 'running') && now.getTime() - Date.parse(job.createdAt) > JOB_STALE_AFTER_MS;
  return {
    id: job.id,
    slug: job.slug,
    format: job.format,
    ...(job.translations?.length ? { translations: job.translations } : {}),
    ...(job.order ? { order: job.order } : {}),
    ...(job.lang ? { lang: job.lang } : {}),
    status: stale ? ('failed' as const) : job.status,
    rows: job.rows,
    total: job.total,
    createdAt: job.createdAt,
    createdBy: job.createdBy,
    ...(job.finishedAt ? { finishedAt: job.finishedAt } : {}),
    ...(job.bytes !== undefined ? { bytes: job.bytes } : {}),
    ...(stale ? { error: 'timed_out' as const } : job.error ? { error: job.error } : {}),
    ...(job.status === 'outdated' ? outdatedView(job, messages) : {}),
  };
}

function outdatedView(job: Job, messages: Record<OutdatedReason, string> | undefined) {
  const reason = job.reason ?? 'withdrawal';
  return { reason, ...(job.outdatedOn ? { outdatedOn: job.outdatedOn } : {}), ...(messages ? { message: messages[reason] } : {}) };
}

// Characters no file system or browser takes well in a file name, and controls.
const UNSAFE_IN_NAME = /[\p{Cc}\p{Cf}/\\:*?"<>|]+/gu;

/**
 * The name a download is saved under: the campaign's title and the day, e.g.
 * `Free the defenders – signatures 2026-11-24.csv`. Titles in Georgian or Armenian stay as they are.
 */
export function downloadName(title: string, job: Pick<Job, 'format' | 'createdAt'>): string {
  const clean = title.normalize('NFC').replace(UNSAFE_IN_NAME, ' ').replace(/\s+/gu, ' ').trim();
  // Cut by code points, so a name never ends in half a character.
  const short = [...clean].slice(0, 80).join('').trim() || 'export';
  const what = job.format === 'pdf' ? 'dossier' : 'signatures';
  return `${short} – ${what} ${job.createdAt.slice(0, 10)}.${job.format}`;
}

/**
 * `Content-Disposition` for a download (RFC 6266): an ASCII `filename` for old clients, and the real
 * name as `filename*` in UTF-8, percent-encoded (RFC 5987), which every current browser prefers.
 */
export function contentDisposition(name: string, asciiFallback: string): string {
  const ascii = asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

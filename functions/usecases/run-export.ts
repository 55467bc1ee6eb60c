/**
 * Runs one export job: every confirmed signer of the campaign, streamed from the signatures table
 * through the CSV writer (or the dossier's PDF writer) into a multipart upload. Nothing is held in
 * memory but a page of signatures and a few upload parts, so a campaign of any size exports in the
 * same memory; progress is written to the job at most once a second.
 *
 * A job runs once: queued → running is a conditional write, so a redelivered stream record finds the
 * job no longer queued and leaves it alone. A job found `running` for longer than the runner may live
 * died with its runner (a crash, the Lambda timeout) and is marked failed.
 *
 * A job outdated while it runs (a signer withdrew meanwhile: functions/usecases/outdate-exports.ts) is running no
 * more: its next progress write finds that and stops the export, and should it finish first, the
 * final write finds it. Either way the runner deletes whatever it wrote, since whoever outdated the
 * job may have looked for the file before it existed.
 *
 * Logged for every export: job, campaign, format, rows, bytes, who (member id) and how long. Never a
 * name, comment or address.
 */
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { logger } from '#lib/logger.ts';
import { SealedDataError } from '#crypto/field-crypto.ts';
import { DataKeyError } from '#crypto/data-keys.ts';
import {
  JOB_TIME_LIMIT_MS,
  PROGRESS_INTERVAL_MS,
  contentTypes,
  exportObjectKey,
  type Job,
  type JobError,
} from '#rules/exports.ts';
import { publicCosigner, publicDelivery, type Cosigner, type Campaign } from '#rules/campaign.ts';
import { DEFAULT_CAMPAIGN_LANGUAGE, LANGUAGE_NAMES, isCampaignLanguage } from '#rules/translations.ts';
import { getCampaignPage, getTranslation, getVersion } from '#store/campaigns.ts';
import { SignatoryTable } from '#rules/signatory-order.ts';
import { DEFAULT_LANGUAGE, isLanguage, type Language } from '#lib/language.ts';
import { getOrganisation } from '#store/organisations.ts';
import type { StoredCount } from '#store/counts.ts';
import { failJob, finishJob, getJob, releaseLock, reportProgress, startJob } from '#store/jobs.ts';
import { csvRecord, csvWriter, type CsvFields, type SignatoryRow } from '#documents/csv.ts';
import { deleteFile, uploadFile } from '#documents/exports-bucket.ts';
import { collectedFields, confirmedSignatories } from './signatories.ts';

/** Left for recording a failure and aborting the upload once the runner's time is nearly up. */
const WIND_DOWN_MS = 20_000;

class JobTimeout extends Error {
  override name = 'JobTimeout';
}

/** The job was outdated (or failed) by someone else while this runner wrote it. */
class JobNoLongerRunning extends Error {
  override name = 'JobNoLongerRunning';
}

export interface RunOptions {
  /** Milliseconds the runner may still take (Lambda's getRemainingTimeInMillis). */
  remainingMs: number;
  now?: () => Date;
}

/** Runs a queued job to done or failed. Returns what it did, for the handler's log and tests. */
export async function runExportJob(
  job: Job,
  { remainingMs, now = () => new Date() }: RunOptions,
): Promise<'done' | 'failed' | 'skipped' | 'outdated'> {
  const page = await getCampaignPage(job.slug);
  // A campaign deleted, or moved to another organisation, since the job was made: not exported.
  if (!page || (page.campaign as { orgId?: string }).orgId !== job.orgId) {
    if (await failJob(job, 'campaign_missing', now().toISOString())) logExport(job, 'failed', { error: 'campaign_missing' });
    return 'failed';
  }
  const startedAt = now();
  if (!(await startJob(job, page.count.count, startedAt.toISOString()))) return settleStale(job, now());

  const key = exportObjectKey(job);
  const upload = uploadFile(key, contentTypes[job.format]);
  let outdated = false;
  const progress = throttledProgress(job, () => {
    outdated = true;
    upload.body.destroy(new JobNoLongerRunning('The job was outdated while it ran.'));
  });
  const timer = setTimeout(
    () => upload.body.destroy(new JobTimeout('The export ran out of time.')),
    Math.max(0, remainingMs - WIND_DOWN_MS),
  );
  try {
    const fields = collectedFields(page.campaign);
    const signatories = counted(confirmedSignatories(page.campaign, fields), progress.report);
    const writing =
      job.format === 'csv'
        ? writeCsv(signatories, fields, upload.body)
        : writePdf(job, page, fields, signatories, upload.body, now());
    // Together: an upload that fails stops reading, and the writer would wait for it forever.
    const [, { bytes }] = await Promise.all([writing, upload.done]);
    clearTimeout(timer);
    await progress.settled();
    const rows = progress.rows();
    if (!(await finishJob(job, { rows, bytes }, now().toISOString()))) return discard(job, key, startedAt);
    logExport(job, 'done', { rows, bytes, durationMs: Date.now() - startedAt.getTime() });
    return 'done';
  } catch (error) {
    clearTimeout(timer);
    await upload.abort();
    await progress.settled();
    // (The upload may fail first, with an error of its own.)
    if (outdated || error instanceof JobNoLongerRunning) {
      // The job stays as it was marked; the campaign is free for the next export.
      await releaseLock(job);
      return discard(job, key, startedAt);
    }
    const code = errorCode(error);
    await failJob(job, code, now().toISOString());
    logExport(job, 'failed', {
      rows: progress.rows(),
      durationMs: Date.now() - startedAt.getTime(),
      error: code,
      // The error's name only: a message might quote data.
      errorName: (error as Error)?.name,
    });
    return 'failed';
  }
}

/** The job was outdated while this runner wrote it: delete what was written (none of it is served). */
async function discard(job: Job, key: string, startedAt: Date): Promise<'outdated'> {
  await deleteFile(key);
  logger.info('export outdated while running', { jobId: job.id, slug: job.slug, format: job.format, durationMs: Date.now() - startedAt.getTime() });
  return 'outdated';
}

/**
 * The job was not queued any more: run before (a redelivered record), or running elsewhere. One that
 * has been running longer than any runner lives died with it: say so, so it does not spin forever.
 */
async function settleStale(job: Job, now: Date): Promise<'failed' | 'skipped'> {
  const current = await getJob(job.slug, job.id);
  const startedAt = current?.startedAt ? Date.parse(current.startedAt) : Number.NaN;
  if (current?.status === 'running' && now.getTime() - startedAt > JOB_TIME_LIMIT_MS) {
    if (await failJob(job, 'timed_out', now.toISOString())) logExport(job, 'failed', { error: 'timed_out' });
    return 'failed';
  }
  logger.info('export already handled', { jobId: job.id, slug: job.slug, status: current?.status });
  return 'skipped';
}

function errorCode(error: unknown): JobError {
  if (error instanceof JobTimeout) return 'timed_out';
  if (error instanceof SealedDataError || error instanceof DataKeyError) return 'unreadable_signature';
  return 'internal';
}

function logExport(job: Job, outcome: 'done' | 'failed', details: Record<string, unknown>): void {
  const entry = { jobId: job.id, slug: job.slug, orgId: job.orgId, format: job.format, createdBy: job.createdBy, ...details };
  if (outcome === 'done') logger.info('export done', entry);
  else logger.error('export failed', entry);
}

async function writeCsv(signatories: AsyncIterable<SignatoryRow>, fields: CsvFields, out: NodeJS.WritableStream): Promise<void> {
  async function* records() {
    for await (const row of signatories) yield csvRecord(row, fields);
  }
  await pipeline(Readable.from(records()), csvWriter(fields), out as Transform);
}

async function writePdf(
  job: Job,
  page: { campaign: Campaign; count: StoredCount; cosigners: Cosigner[] },
  fields: CsvFields,
  signatories: AsyncIterable<SignatoryRow>,
  out: Transform,
  generatedAt: Date,
): Promise<void> {
  // Loaded only for a dossier: pdfkit and the fonts are not worth their start-up time for a CSV.
  const { writeDossier } = await import('#documents/dossier.ts');
  const { campaign, count, cosigners } = page;
  const original = campaign.language ?? DEFAULT_CAMPAIGN_LANGUAGE;
  // The chosen translations the campaign still has, in the order asked for (never the original again).
  const chosen = (job.translations ?? []).filter(
    (lang) => isCampaignLanguage(lang) && lang !== original && (campaign.translatedInto ?? []).includes(lang),
  );
  const [organisation, ...found] = await Promise.all([
    getOrganisation(job.orgId),
    ...chosen.map((lang) => (isCampaignLanguage(lang) ? getTranslation(campaign.slug, lang) : undefined)),
  ]);
  const translations = chosen.flatMap((language, i) => {
    const t = found[i];
    return t && isCampaignLanguage(language) ? [{ language, name: LANGUAGE_NAMES[language], title: t.title, text: t.text }] : [];
  });
  const delivery = campaign.delivery;
  // The dossier's words: as asked at export, else the campaign's original language.
  const lang: Language = job.lang ?? (isLanguage(original) ? original : DEFAULT_LANGUAGE);
  // Sorted, so every signer is listed under the text version they signed, in an order that is the
  // same from one export to the next. Sorting needs the whole list: it is held here in columns
  // (SignatoryTable: a few MB for 100,000 signatories) while the dossier is laid out and drawn from
  // it, three passes (#documents/dossier.ts).
  const table = new SignatoryTable();
  for await (const row of signatories) table.push(row);
  table.sort(job.order ?? 'confirmed', lang);
  // The earlier texts that have signatures (the current one is the campaign's own).
  const signed = table.signedVersions().filter((v) => v !== (campaign.version ?? 1));
  const versions = (await Promise.all(signed.map((v) => getVersion(campaign.slug, v)))).flatMap((v) =>
    v ? [{ version: v.version, title: v.title, text: v.text }] : [],
  );
  await writeDossier(
    {
      kind: campaign.kind,
      title: campaign.title,
      text: campaign.text,
      language: original,
      translations,
      lang,
      version: campaign.version ?? 1,
      versions,
      order: job.order ?? 'confirmed',
      targets: campaign.targets.map(({ name, office }) => ({ name, ...(office ? { office } : {}) })),
      organisation: {
        name: organisation?.name ?? '',
        ...(organisation?.country ? { country: organisation.country } : {}),
        ...(organisation?.website ? { website: organisation.website } : {}),
        ...(organisation?.contact ? { contact: organisation.contact } : {}),
      },
      generatedAt: generatedAt.toISOString(),
      counts: { total: count.count, byCountry: count.countries },
      cosigners: cosigners.map(publicCosigner),
      ...(delivery ? { delivery: publicDelivery(delivery) } : {}),
      fields,
    },
    () => table.rows(),
    out,
  );
}

/** Passes items through, counting them and telling `onRow` the running count. */
async function* counted<T>(items: AsyncIterable<T>, onRow: (rows: number) => void): AsyncGenerator<T> {
  let rows = 0;
  for await (const item of items) {
    yield item;
    onRow(++rows);
  }
}

/**
 * Progress writes: at most one a second and never two at once, so a fast export costs a handful of
 * writes, not one per row. A failed progress write is only logged; the final write says it all. One
 * that finds the job running no more (outdated meanwhile) calls `onGone`.
 */
function throttledProgress(job: Job, onGone: () => void) {
  let rows = 0;
  let last = Date.now();
  let inFlight: Promise<void> | undefined;
  return {
    report(n: number) {
      rows = n;
      if (inFlight || Date.now() - last < PROGRESS_INTERVAL_MS) return;
      last = Date.now();
      inFlight = reportProgress(job, n)
        .then((running) => {
          if (!running) onGone();
        })
        .catch((error: unknown) => logger.warn('export progress not saved', { jobId: job.id, errorName: (error as Error)?.name }))
        .finally(() => {
          inFlight = undefined;
        });
    },
    rows: () => rows,
    async settled() {
      await inFlight;
    },
  };
}

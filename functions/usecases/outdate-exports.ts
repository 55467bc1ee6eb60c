/**
 * Withdrawal and erasure reach every copy: the exports of a campaign that may hold a signer who has
 * since gone are marked outdated (never handed out again, and the list says why) and their files are
 * deleted from the exports bucket at once, rather than after the lifecycle rule's 7 days.
 *
 * Which exports: those that started reading before `cutoff`, the moment from which no export can see
 * the signer any more (see holdsUntil in #rules/exports.ts). An export that starts later reads
 * without them and stays. So this first waits until `cutoff` has passed: every export that has not
 * started by then cannot hold the signer, and every one that has shows as started in a consistent
 * read. A job still running is marked too; its runner then stops, or finds the mark when it
 * finishes, and deletes what it wrote (functions/usecases/run-export.ts).
 *
 * Safe to run again (a redelivered stream batch): the mark is conditional, and deleting a file that
 * is gone succeeds. Files are deleted again for jobs already outdated, which also covers a run that
 * stopped between marking and deleting.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { logger } from '#lib/logger.ts';
import { latestRemovals } from '#rules/signer-removals.ts';
import { FILE_MAY_EXIST_DAYS, READ_SETTLE_MS, exportObjectKey, holdsUntil, readBefore, type OutdatedReason } from '#rules/exports.ts';
import { jobsSince, markOutdated } from '#store/jobs.ts';
import { deleteFile } from '#documents/exports-bucket.ts';

const DAY_MS = 86_400_000;

export interface OutdateOptions {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Outdates the campaign's exports that started reading before `cutoff` (epoch ms) and deletes their
 * files. Returns how many were newly marked and how many files were deleted (or found gone).
 */
export async function outdateExports(
  slug: string,
  reason: OutdatedReason,
  cutoff: number,
  { now = Date.now, sleep = pause }: OutdateOptions = {},
): Promise<{ outdated: number; files: number }> {
  // Never longer than the settling time itself: a cutoff far ahead would be a clock gone wrong.
  const wait = Math.min(cutoff - now(), READ_SETTLE_MS + 1000);
  if (wait > 0) await sleep(wait);

  const today = new Date(now());
  const started = (await jobsSince(slug, new Date(today.getTime() - FILE_MAY_EXIST_DAYS * DAY_MS))).filter((job) => readBefore(job, cutoff));
  const cutoffIso = new Date(cutoff).toISOString();
  let outdated = 0;
  for (const job of started) {
    const live = job.status === 'running' || job.status === 'done';
    if (live && (await markOutdated(job, reason, today.toISOString().slice(0, 10), cutoffIso))) outdated++;
    // Outdated ones again, and failed ones: a runner that died after its upload may have left a file.
    await deleteFile(exportObjectKey(job));
  }
  // No slug: with the time of the line, it would date a withdrawal on that campaign.
  if (started.length > 0) logger.info('exports outdated', { reason, outdated, files: started.length });
  return { outdated, files: started.length };
}

/**
 * For the retention job, once it has erased a campaign's personal data: its exports that started
 * before the erasure had settled go, files and all. Exports made later list no names.
 */
export async function outdateErasedExports(slug: string, options: OutdateOptions = {}): Promise<{ outdated: number; files: number }> {
  return outdateExports(slug, 'erasure', (options.now ?? Date.now)() + READ_SETTLE_MS, options);
}

/**
 * For the signatures stream (#streams/follow-signatures.ts): the campaigns a batch's records take a
 * confirmed signer away from get their earlier exports outdated. Throws if any campaign failed, so
 * the batch comes again; doing the rest again is harmless.
 */
export async function outdateForRemovals(records: readonly DynamoDBRecord[], handledAt = Date.now()): Promise<void> {
  const removals = [...latestRemovals(records, handledAt)];
  if (removals.length === 0) return;
  const results = await Promise.allSettled(removals.map(([slug, at]) => outdateExports(slug, 'withdrawal', holdsUntil(at, handledAt))));
  const failed = results.flatMap((result, i) => (result.status === 'rejected' ? [{ slug: removals[i]![0], reason: result.reason }] : []));
  for (const { slug, reason } of failed) {
    logger.error('outdating exports failed', { slug, errorName: (reason as Error)?.name, errorMessage: (reason as Error)?.message });
  }
  if (failed.length > 0) throw new Error(`Outdating exports failed for ${failed.length} campaign(s); the batch will be delivered again.`);
}

/**
 * Retention: once a campaign has been closed for longer than its retention period, erase its
 * signers' personal data and keep its counts. Confirmed signatures lose their sealed fields, data
 * key and public label, then move to a random key (`erased#<uuid>`) keeping only status, country,
 * widget source, text version and the day of confirmation: the count (and the count by country)
 * stays exactly as delivered, and nothing ties a record to an email any more, even with HASH_KEY.
 * Submissions are deleted, which the stream subtracts from `pending`.
 * The campaign's export files go too, and its exports are marked outdated (functions/usecases/outdate-exports.ts).
 *
 * Two modes. `preview` reads only: it lists what `apply` would erase (per campaign its slug, why it
 * is due, how many signatures and submissions; never anything personal) and writes nothing, so it may
 * judge by any day, a future one included. `apply` erases, and only as of a day that has come: it
 * refuses a `now` later than the real time, and every time it writes is the real time. In both modes a
 * campaign that is open at the real time (status open and its deadline, if any, not passed) is never
 * erased, whatever `now` says: the preview lists it apart, as still open.
 *
 * Runs daily on an EventBridge schedule in AWS (apply), and as `npm run retention` locally (a preview
 * unless given `--apply`). Safe to run again, or after a crash between the two steps: erased items have nothing left to erase, one whose
 * personal data is gone but still sits under its keyed hash is moved, and a campaign is marked once done.
 */
import middy from '@middy/core';
import { logger } from '#lib/logger.ts';
import { countEvent } from '#lib/metrics.ts';
import { randomUUID } from 'node:crypto';
import { allSignaturePartitions, isSubmissionKey } from '#rules/signature-keys.ts';
import { publicStatus, retentionDue, type RetentionDue } from '#rules/campaign.ts';
import { outdateErasedExports } from '#usecases/outdate-exports.ts';
import { allCampaigns, markPersonalDataErased } from '#store/campaigns.ts';
import { anonymiseErased, deleteSubmission, erasePersonalData, signaturesIn } from '#store/signatures.ts';

export interface RetentionOptions {
  /** `preview` writes nothing; `apply` erases. Always said: nothing erases by default. */
  mode: 'preview' | 'apply';
  /** The day to judge by; the real time when absent. `apply` refuses one later than the real time. */
  now?: Date;
  /** Told as each campaign starts and every PROGRESS_EVERY items of it, and when it is done. */
  onProgress?: (progress: RetentionProgress) => void;
  /** The real time; for tests only. */
  clock?: () => Date;
}

export interface RetentionProgress {
  slug: string;
  /** Items of the campaign read so far. */
  items: number;
  done: boolean;
}

export const PROGRESS_EVERY = 1000;

export interface RetentionCampaign {
  slug: string;
  /** Why it is due: how it closed, since when, the retention period, and when that ended (ISO times). */
  reason: { cause: RetentionDue['cause']; closedSince: string; retentionDays: number; dueAt: string };
  /** Confirmed signatures whose personal data is (or would be) erased; each keeps its count. */
  signatures: number;
  /** Submissions deleted (or that would be): spent ones and `pending` unconfirmed ones. */
  submissions: number;
  pending: number;
}

export interface RetentionReport {
  mode: RetentionOptions['mode'];
  /** The day judged by, and the real time of the run (ISO). */
  now: string;
  ranAt: string;
  /** Campaigns looked at. */
  checked: number;
  campaigns: RetentionCampaign[];
  /** Due by `now`'s reckoning but open at the real time, so left alone (only a future `now` finds these). */
  stillOpen: { slug: string; deadline?: string; dueAt: string }[];
}

/** `apply` with a `now` later than the real time: erasing ahead of time is never done. */
export class FutureErasureRefused extends Error {
  constructor(now: Date, ranAt: Date) {
    super(`Refusing to erase as of ${now.toISOString()}, later than now (${ranAt.toISOString()}); preview that day instead.`);
    this.name = 'FutureErasureRefused';
  }
}

export async function eraseExpiredPersonalData(options: RetentionOptions): Promise<RetentionReport> {
  const ranAt = (options.clock ?? (() => new Date()))();
  const now = options.now ?? ranAt;
  const apply = options.mode === 'apply';
  if (apply && now.getTime() > ranAt.getTime()) throw new FutureErasureRefused(now, ranAt);
  // Every time written is the run's real time, never the day judged by.
  const at = ranAt.toISOString();
  const report: RetentionReport = { mode: options.mode, now: now.toISOString(), ranAt: at, checked: 0, campaigns: [], stillOpen: [] };
  for await (const campaign of allCampaigns()) {
    report.checked++;
    const due = retentionDue(campaign, now);
    if (!due) continue;
    if (publicStatus(campaign, ranAt) === 'open') {
      report.stillOpen.push({ slug: campaign.slug, ...(campaign.deadline ? { deadline: campaign.deadline } : {}), dueAt: due.dueAt.toISOString() });
      continue;
    }
    const found = { signatures: 0, submissions: 0, pending: 0, items: 0 };
    const progress = (done: boolean) => options.onProgress?.({ slug: campaign.slug, items: found.items, done });
    progress(false);
    await Promise.all(
      allSignaturePartitions(campaign.slug, campaign.shards).map(async (pk) => {
        for await (const item of signaturesIn(pk, ['pk', 'sk', 'slug', 'status', 'dataKey', 'label', 'country', 'source', 'textVersion', 'confirmedAt', 'erasedAt'])) {
          if (++found.items % PROGRESS_EVERY === 0) progress(false);
          const key = { pk: String(item.pk), sk: String(item.sk) };
          if (isSubmissionKey(key.sk)) {
            if (apply) await deleteSubmission(key);
            found.submissions++;
            if (item.status === 'pending') found.pending++;
          } else if (item.status === 'confirmed' && !key.sk.startsWith('erased#')) {
            if (apply) {
              const erasedAt = typeof item.erasedAt === 'string' ? item.erasedAt : at;
              if (item.erasedAt === undefined) await erasePersonalData(key, erasedAt);
              await anonymiseErased({ ...item, erasedAt }, `erased#${randomUUID()}`);
            }
            found.signatures++;
          }
        }
      }),
    );
    if (apply) {
      // Before the mark: should deleting the export files fail, the campaign is taken up again tomorrow.
      await outdateErasedExports(campaign.slug);
      await markPersonalDataErased(campaign.slug, at);
      countEvent('PersonalDataErased', found.signatures + found.submissions);
      logger.info('personal data erased', { slug: campaign.slug, signatures: found.signatures, submissions: found.submissions });
    }
    progress(true);
    report.campaigns.push({
      slug: campaign.slug,
      reason: { cause: due.cause, closedSince: due.closedSince.toISOString(), retentionDays: due.retentionDays, dueAt: due.dueAt.toISOString() },
      signatures: found.signatures,
      submissions: found.submissions,
      pending: found.pending,
    });
  }
  return report;
}

export const handler = middy().handler(async () => {
  await eraseExpiredPersonalData({ mode: 'apply' });
});

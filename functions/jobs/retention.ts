/**
 * Retention: once a campaign has been closed for longer than its retention period, erase its
 * signers' personal data and keep its counts. Confirmed signatures lose their sealed fields, data
 * key and public label, then move to a random key (`erased#<uuid>`) keeping only status, country,
 * widget source, text version and the day of confirmation: the count (and the count by country)
 * stays exactly as delivered, and nothing ties a record to an email any more, even with HASH_KEY.
 * Submissions are deleted, which the stream subtracts from `pending`.
 * The campaign's export files go too, and its exports are marked outdated (#jobs/outdate-exports.ts).
 *
 * Runs daily on an EventBridge schedule in AWS, and as `npm run retention` locally. Safe to run
 * again, or after a crash between the two steps: erased items have nothing left to erase, one whose
 * personal data is gone but still sits under its keyed hash is moved, and a campaign is marked once done.
 */
import middy from '@middy/core';
import { logger } from '#lib/logger.ts';
import { countEvent } from '#lib/metrics.ts';
import { randomUUID } from 'node:crypto';
import { allSignaturePartitions, isSubmissionKey } from '#domain/keys.ts';
import { isPastRetention } from '#domain/petition.ts';
import { outdateErasedExports } from './outdate-exports.ts';
import { allPetitions, markPersonalDataErased } from '#store/petitions.ts';
import { anonymiseErased, deleteSubmission, erasePersonalData, signaturesIn } from '#store/signatures.ts';

export interface RetentionReport {
  campaigns: { slug: string; erased: number; deleted: number }[];
}

export async function eraseExpiredPersonalData(now = new Date()): Promise<RetentionReport> {
  const report: RetentionReport = { campaigns: [] };
  for await (const petition of allPetitions()) {
    if (!isPastRetention(petition, now)) continue;
    let erased = 0;
    let deleted = 0;
    await Promise.all(
      allSignaturePartitions(petition.slug, petition.shards).map(async (pk) => {
        for await (const item of signaturesIn(pk, ['pk', 'sk', 'slug', 'status', 'dataKey', 'label', 'country', 'source', 'textVersion', 'confirmedAt', 'erasedAt'])) {
          const key = { pk: String(item.pk), sk: String(item.sk) };
          if (isSubmissionKey(key.sk)) {
            await deleteSubmission(key);
            deleted++;
          } else if (item.status === 'confirmed' && !key.sk.startsWith('erased#')) {
            const at = typeof item.erasedAt === 'string' ? item.erasedAt : now.toISOString();
            if (item.erasedAt === undefined) await erasePersonalData(key, at);
            await anonymiseErased({ ...item, erasedAt: at }, `erased#${randomUUID()}`);
            erased++;
          }
        }
      }),
    );
    // Before the mark: should deleting the export files fail, the campaign is taken up again tomorrow.
    await outdateErasedExports(petition.slug);
    await markPersonalDataErased(petition.slug, now.toISOString());
    countEvent('PersonalDataErased', erased + deleted);
    logger.info('personal data erased', { slug: petition.slug, erased, deleted });
    report.campaigns.push({ slug: petition.slug, erased, deleted });
  }
  return report;
}

export const handler = middy().handler(async () => {
  await eraseExpiredPersonalData();
});

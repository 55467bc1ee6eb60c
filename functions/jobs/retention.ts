/**
 * Retention: once a campaign has been closed for longer than its retention period, erase its
 * signers' personal data and keep its counts. Confirmed signatures lose their sealed fields, data
 * key and public label but keep status and country, so the count (and the count by country) stays
 * exactly as delivered; unconfirmed ones are deleted, which the stream subtracts from `pending`.
 * The campaign's export files go too, and its exports are marked outdated (#jobs/outdate-exports.ts).
 *
 * Runs daily on an EventBridge schedule in AWS, and as `npm run retention` locally. Safe to run
 * again: erased items have nothing left to erase, and a campaign is marked once done.
 */
import middy from '@middy/core';
import { logger } from '#lib/logger.ts';
import { countEvent } from '#lib/metrics.ts';
import { allSignaturePartitions } from '#domain/keys.ts';
import { isPastRetention } from '#domain/petition.ts';
import { outdateErasedExports } from './outdate-exports.ts';
import { allPetitions, markPersonalDataErased } from '#store/petitions.ts';
import { deleteUnconfirmed, erasePersonalData, signaturesIn } from '#store/signatures.ts';

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
        for await (const item of signaturesIn(pk, ['pk', 'sk', 'status', 'dataKey', 'label'])) {
          const key = { pk: String(item.pk), sk: String(item.sk) };
          if (item.status === 'pending') {
            await deleteUnconfirmed(key);
            deleted++;
          } else if (item.dataKey !== undefined || item.label !== undefined) {
            await erasePersonalData(key, now.toISOString());
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

/**
 * Recount: recomputes a campaign's count from its signatures and compares it with the stored counter.
 * Reads every signature shard (in parallel, page by page: memory stays flat). With `fix`, adds the
 * drift to the counter. Run it when the stream has caught up; a recount while signatures are still
 * arriving can report drift that is only lag.
 */
import { getCampaign } from '#store/campaigns.ts';
import { addCorrection, getCount } from '#store/counts.ts';
import { signaturesIn } from '#store/signatures.ts';
import { allSignaturePartitions } from '#rules/signature-keys.ts';

export interface RecountReport {
  slug: string;
  counted: number;
  stored: number;
  drift: number;
  pending: number;
  pendingDrift: number;
  countryDrift: Record<string, number>;
  fixed: boolean;
}

export async function recount(slug: string, { fix = false } = {}): Promise<RecountReport> {
  const campaign = await getCampaign(slug);
  if (!campaign) throw new Error(`No campaign with slug "${slug}".`);

  const countries: Record<string, number> = {};
  let counted = 0;
  let pending = 0;
  await Promise.all(
    allSignaturePartitions(slug, campaign.shards).map(async (pk) => {
      for await (const item of signaturesIn(pk, ['status', 'country'], { consistent: true })) {
        if (item.status === 'pending') pending++;
        if (item.status !== 'confirmed') continue;
        counted++;
        // Campaigns may not ask for a country: such signatures count in the total only, as in the stream.
        if (typeof item.country !== 'string') continue;
        countries[item.country] = (countries[item.country] ?? 0) + 1;
      }
    }),
  );

  const stored = (await getCount(slug)) ?? { count: 0, pending: 0, countries: {}, asOf: undefined };
  const countryDrift: Record<string, number> = {};
  for (const country of new Set([...Object.keys(countries), ...Object.keys(stored.countries)])) {
    const drift = (countries[country] ?? 0) - (stored.countries[country] ?? 0);
    if (drift !== 0) countryDrift[country] = drift;
  }
  const drift = counted - stored.count;
  const pendingDrift = pending - stored.pending;
  const needsFix = drift !== 0 || pendingDrift !== 0 || Object.keys(countryDrift).length > 0;
  if (fix && needsFix) await addCorrection(slug, { total: drift, pending: pendingDrift, countries: countryDrift });
  return { slug, counted, stored: stored.count, drift, pending, pendingDrift, countryDrift, fixed: fix && needsFix };
}

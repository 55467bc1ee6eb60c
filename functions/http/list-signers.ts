/**
 * GET /api/campaigns/{slug}/signers — the public list, for campaigns that show one: the most recent
 * confirmed signers who chose to appear, as first name + initial + country. Everyone else is
 * counted, never listed. Cached briefly at the edge; the list changes slowly.
 */
import { httpHandler, json, pathParam } from '#lib/http.ts';
import { notFound } from '#lib/errors.ts';
import { allSignaturePartitions } from '#rules/signature-keys.ts';
import { getCampaign } from '#store/campaigns.ts';
import { listedIn } from '#store/signatures.ts';
import type { Answer } from '#openapi/operations.ts';

const LIMIT = 50;

export const handler = httpHandler(async (event) => {
  const campaign = await getCampaign(pathParam(event, 'slug'));
  // A draft does not exist for the public.
  if (!campaign || campaign.status === 'draft' || campaign.publicSigners !== true || campaign.personalDataErasedAt) {
    throw notFound('Public signer list');
  }
  // Each shard's newest entries, merged: the newest LIMIT overall are among them.
  const perShard = await Promise.all(allSignaturePartitions(campaign.slug, campaign.shards).map((key) => listedIn(key, LIMIT)));
  const signers = perShard
    .flat()
    .sort((a, b) => (a.listedAt < b.listedAt ? 1 : a.listedAt > b.listedAt ? -1 : 0))
    .slice(0, LIMIT)
    .map(({ label, country }) => ({ name: label, country }));
  return json<Answer<'list-signers'>>(200, { signers }, { 'cache-control': 'public, max-age=30, s-maxage=30' });
});

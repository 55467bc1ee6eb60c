/** GET /api/campaigns — campaigns open for signing, with their counts. */
import { httpHandler, json } from '#lib/http.ts';
import { isOpenForSigning } from '#rules/campaign.ts';
import { listOpenCampaigns } from '#store/campaigns.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async () => {
  const now = new Date();
  // Listed as open but past its deadline: no longer signable, so not listed.
  const rows = (await listOpenCampaigns()).filter(({ campaign }) => isOpenForSigning(campaign, now));
  const items = rows.map(({ campaign, count }) => ({
    slug: campaign.slug,
    kind: campaign.kind,
    title: campaign.title,
    targets: campaign.targets.map(({ name, office }) => ({ name, ...(office ? { office } : {}) })),
    goal: campaign.goal,
    count,
  }));
  return json<Answer<'list-public-campaigns'>>(200, { items }, { 'cache-control': 'public, max-age=5, s-maxage=5' });
});

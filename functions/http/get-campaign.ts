/** GET /api/org/campaigns/{slug} — every field of one of the organisation's campaigns. */
import { httpHandler, json, pathParam } from '#lib/http.ts';
import { requireOrganiser } from '#usecases/access.ts';
import { requireCampaign } from '#usecases/campaign-access.ts';
import { campaignView } from '#usecases/campaigns.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'viewer');
  const campaign = await requireCampaign(organiser, pathParam(event, 'slug'));
  return json<Answer<'get-campaign'>>(200, await campaignView(campaign));
});

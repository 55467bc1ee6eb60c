/** POST /api/org/campaigns/{slug}/status — open or close a campaign (`{ status: 'open' | 'closed' }`). */
import { httpHandler, json, parseInput, pathParam } from '#lib/http.ts';
import { requireOrganiser } from '#usecases/access.ts';
import { requireCampaign } from '#usecases/campaign-access.ts';
import { campaignView, changeStatus } from '#usecases/campaigns.ts';
import { statusChangeSchema } from '#rules/campaign-schema.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'editor');
  const campaign = await requireCampaign(organiser, pathParam(event, 'slug'));
  const { status } = parseInput(statusChangeSchema, event.parsedBody);
  return json<Answer<'set-campaign-status'>>(200, await campaignView(await changeStatus(campaign, status)));
});

/**
 * PATCH /api/org/campaigns/{slug} — change any field but slug and kind. A new title or text of a
 * campaign that has been open keeps the previous one as a version.
 */
import { httpHandler, json, parseInput, pathParam } from '#lib/http.ts';
import { requireOrganiser } from '#usecases/access.ts';
import { requireCampaign } from '#usecases/campaign-access.ts';
import { campaignView, editCampaign } from '#usecases/campaigns.ts';
import { campaignUpdateSchema } from '#rules/campaign-schema.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'editor');
  const campaign = await requireCampaign(organiser, pathParam(event, 'slug'));
  const changes = parseInput(campaignUpdateSchema, event.parsedBody);
  return json<Answer<'update-campaign'>>(200, await campaignView(await editCampaign(organiser, campaign, changes)));
});

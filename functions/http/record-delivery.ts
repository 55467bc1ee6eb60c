/** POST /api/org/campaigns/{slug}/delivery — record how a closed campaign was delivered; it becomes `delivered`. */
import { httpHandler, json, parseInput, pathParam } from '#lib/http.ts';
import { requireOrganiser } from '#usecases/access.ts';
import { requireCampaign } from '#usecases/campaign-access.ts';
import { campaignView, deliver } from '#usecases/campaigns.ts';
import { deliverySchema } from '#rules/campaign-schema.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'editor');
  const campaign = await requireCampaign(organiser, pathParam(event, 'slug'));
  const input = parseInput(deliverySchema, event.parsedBody);
  return json<Answer<'record-delivery'>>(200, await campaignView(await deliver(organiser, campaign, input)));
});

/**
 * POST /api/org/campaigns — an editor creates a campaign in their organisation: a draft unless the
 * body asks for `status: "open"`.
 */
import { httpHandler, json, parseInput } from '#lib/http.ts';
import { requireOrganiser } from '#usecases/access.ts';
import { campaignView, createCampaignFor } from '#usecases/campaigns.ts';
import { profileForCampaign } from '#usecases/organisation-profile.ts';
import { newCampaignSchema } from '#rules/campaign-schema.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'editor');
  const input = parseInput(newCampaignSchema, event.parsedBody);
  const campaign = await createCampaignFor(organiser, input, await profileForCampaign(organiser.orgId));
  return json<Answer<'create-campaign'>>(201, await campaignView(campaign), { location: `/api/org/campaigns/${campaign.slug}` });
});

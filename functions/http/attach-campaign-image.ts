/**
 * PUT /api/org/campaigns/{slug}/image — attaches an uploaded file as the campaign's image, with its
 * alt text (required): checked, resized to 1200 px at most, re-encoded as JPEG without metadata,
 * published under the site; the upload is deleted. Answers the campaign as organisers see it.
 */
import { httpHandler, json, parseInput, pathParam } from '#lib/http.ts';
import { requireOrganiser } from '#usecases/access.ts';
import { requireCampaign } from '#usecases/campaign-access.ts';
import { attachCampaignImage } from '#usecases/images.ts';
import { campaignView } from '#usecases/campaigns.ts';
import { attachImageSchema } from '#rules/image-schema.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'editor');
  const campaign = await requireCampaign(organiser, pathParam(event, 'slug'));
  const input = parseInput(attachImageSchema, event.parsedBody);
  return json<Answer<'attach-campaign-image'>>(200, await campaignView(await attachCampaignImage(organiser, campaign, input)));
});

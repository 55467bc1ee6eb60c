/**
 * POST /api/org/campaigns/{slug}/image/uploads — a link to upload the campaign's image: a presigned
 * PUT of the declared type and size into the organisation's private upload folder, valid 10 minutes.
 */
import { httpHandler, json, parseInput, pathParam } from '#lib/http.ts';
import { requireOrganiser } from '#usecases/access.ts';
import { requireCampaign } from '#usecases/campaign-access.ts';
import { startImageUpload } from '#usecases/upload-links.ts';
import { imageUploadRequestSchema } from '#rules/image-schema.ts';
import { assertEditable } from '#rules/campaign.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'editor');
  const campaign = await requireCampaign(organiser, pathParam(event, 'slug'));
  const input = parseInput(imageUploadRequestSchema, event.parsedBody);
  assertEditable(campaign);
  return json<Answer<'start-image-upload'>>(201, await startImageUpload(organiser, 'campaign-image', input));
});

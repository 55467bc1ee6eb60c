/**
 * POST /api/org/campaigns/{slug}/cosign-invites — a single-use link for one organisation to co-sign,
 * valid 30 days. The token is in the link only; the table keeps its hash.
 */
import { httpHandler, json, parseInput, pathParam } from '#lib/http.ts';
import { requireEnv } from '#lib/config.ts';
import { requireOrganiser } from '#usecases/access.ts';
import { requireCampaign } from '#usecases/campaign-access.ts';
import { inviteCosigner } from '#usecases/campaigns.ts';
import * as z from 'zod/mini';
import type { Answer } from '#openapi/operations.ts';

const siteUrl = requireEnv('SITE_URL');
const noFields = z.strictObject({});

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'editor');
  const campaign = await requireCampaign(organiser, pathParam(event, 'slug'));
  parseInput(noFields, event.parsedBody);
  return json<Answer<'create-cosign-invite'>>(201, await inviteCosigner(organiser, campaign, siteUrl));
});

/**
 * GET /api/org/campaigns/{slug}/dashboard — live figures for the organisers: counts, countries, net
 * confirmed signatures per UTC hour and the recent counting activity. Counts only: no personal data.
 */
import { httpHandler, json, pathParam } from '#lib/http.ts';
import { requireOrganiser } from '#usecases/access.ts';
import { requireCampaign } from '#usecases/campaign-access.ts';
import { dashboard } from '#usecases/campaigns.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'viewer');
  const campaign = await requireCampaign(organiser, pathParam(event, 'slug'));
  return json<Answer<'get-dashboard'>>(200, await dashboard(campaign));
});

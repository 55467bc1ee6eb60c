/** GET /api/org/campaigns — the organisation's campaigns, newest first, with their counts. */
import { httpHandler, json } from '#lib/http.ts';
import { requireOrganiser } from '#usecases/access.ts';
import { listOrgCampaigns } from '#store/campaigns.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'viewer');
  const rows = await listOrgCampaigns(organiser.orgId);
  const campaigns = rows.map(({ campaign, count }) => ({ ...campaign, count: count.count, pending: count.pending }));
  return json<Answer<'list-campaigns'>>(200, { campaigns });
});

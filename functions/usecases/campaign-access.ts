/**
 * The organiser's access to one campaign. Apart from #usecases/access.ts because it needs the campaigns
 * table, which routes that never look at a campaign (members, tokens) are not given; a static import
 * here rather than a lazy one there, because esbuild cannot tree-shake below a dynamic import: it
 * pulled every DynamoDB command's schema (44 KB) into each organiser route (issue #16, cold starts).
 */
import { notFound } from '#lib/errors.ts';
import { getOrgCampaign } from '#store/campaigns.ts';
import type { Campaign } from '#rules/campaign.ts';
import type { Organiser } from './access.ts';

/**
 * A campaign of the organiser's own organisation: the one under the slug, or their draft of it (a
 * draft claims no public slug: #store/campaigns.ts). Another organisation's campaign is "not found",
 * exactly like one that does not exist.
 */
export async function requireCampaign(organiser: Organiser, slug: string): Promise<Campaign> {
  const campaign = await getOrgCampaign(organiser.orgId, slug);
  if (!campaign) throw notFound();
  return campaign;
}

/**
 * An organisation's public profile (issue #17, item 4): who is behind its campaigns. Owners change
 * it; every member may read it. Each change is copied onto the organisation's campaigns, so the
 * public answer (and the sign path, which reads only the campaign) names the organisation without a
 * read of the organisations table, whose other items (members, sessions, tokens) the public routes
 * are never granted. Reading it is here; changing it, which also writes the campaigns, is in
 * ./organisation-profile-changes.ts (so the read route needs no campaigns table).
 */
import { notFound } from '#lib/errors.ts';
import { publicProfile, type PublicOrganisation } from '#rules/organisation-profile.ts';
import { getOrganisation } from '#store/organisations.ts';

export async function profileOf(orgId: string): Promise<PublicOrganisation> {
  const organisation = await getOrganisation(orgId);
  if (!organisation) throw notFound('Organisation');
  return publicProfile(organisation as unknown as Record<string, unknown>);
}

/** The profile as it will be copied onto a new campaign, with its version; nothing if the organisation is gone. */
export async function profileForCampaign(orgId: string): Promise<{ organisation: PublicOrganisation; organisationVersion: number } | undefined> {
  const organisation = await getOrganisation(orgId);
  if (!organisation) return undefined;
  return { organisation: publicProfile(organisation as unknown as Record<string, unknown>), organisationVersion: organisation.profileVersion ?? 0 };
}

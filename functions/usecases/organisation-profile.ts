/**
 * An organisation's public profile (issue #17, item 4): who is behind its campaigns. Owners change
 * it; every member may read it. Each change is copied onto the organisation's campaigns, so the
 * public answer (and the sign path, which reads only the campaign) names the organisation without a
 * read of the organisations table, whose other items (members, sessions, tokens) the public routes
 * are never granted.
 */
import { notFound } from '#lib/errors.ts';
import { logger } from '#lib/logger.ts';
import { publicProfile, type PublicOrganisation } from '#rules/organisation-profile.ts';
import type { ProfileUpdate } from '#rules/organisation-schema.ts';
import { copyOrganisationProfile } from '#store/campaigns.ts';
import { getOrganisation, updateProfile } from '#store/organisations.ts';
import type { Organiser } from './access.ts';

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

/**
 * Applies an owner's change (only the fields sent; `""` clears one) and copies the new profile onto
 * the organisation's campaigns. The log names the fields changed and who changed them, never a value.
 */
export async function changeProfile(organiser: Organiser, changes: ProfileUpdate, now = new Date()): Promise<PublicOrganisation> {
  const updated = await updateProfile(organiser.orgId, changes, now.toISOString());
  if (!updated) throw notFound('Organisation');
  const profile = publicProfile(updated as unknown as Record<string, unknown>);
  const campaigns = await copyOrganisationProfile(organiser.orgId, profile, updated.profileVersion ?? 0);
  logger.info('organisation profile changed', { orgId: organiser.orgId, fields: Object.keys(changes).sort(), campaigns, by: organiser.memberId });
  return profile;
}


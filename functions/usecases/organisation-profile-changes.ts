/**
 * An owner's change to the organisation's public profile (issue #17, item 4), copied onto every
 * campaign of the organisation (./organisation-profile.ts says why).
 */
import { notFound } from '#lib/errors.ts';
import { logger } from '#lib/logger.ts';
import { publicProfile, type PublicOrganisation } from '#rules/organisation-profile.ts';
import type { ProfileUpdate } from '#rules/organisation-schema.ts';
import { copyOrganisationProfile } from '#store/campaigns.ts';
import { updateProfile } from '#store/organisations.ts';
import type { Organiser } from './access.ts';

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

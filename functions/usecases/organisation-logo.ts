/**
 * The organisation's logo (issue #17, item 4): saving it on the profile and the campaigns' copies,
 * and removing it. Attaching an upload is organisation-logo-upload.ts, the one that decodes images:
 * neither this module nor organisation-profile.ts imports the image decoder, so the routes that
 * remove the logo or only read or copy the profile (creating a campaign) do not bundle it.
 */
import { notFound } from '#lib/errors.ts';
import { logger } from '#lib/logger.ts';
import { publicProfile, type OrganisationLogo, type PublicOrganisation } from '#rules/organisation-profile.ts';
import { copyOrganisationProfile } from '#store/campaigns.ts';
import { setProfileLogo } from '#store/organisations.ts';
import type { Organiser } from './access.ts';
import { profileOf } from './organisation-profile.ts';

/** Removes the logo from the profile and from the campaigns' copies (the published file stays: its name is a hash, nothing links it). */
export async function removeLogo(organiser: Organiser, now = new Date()): Promise<PublicOrganisation> {
  return saveLogo(organiser, undefined, now, 'removed');
}

/** Sets (or, without `logo`, clears) the logo on the profile and copies the profile onto the organisation's campaigns. */
export async function saveLogo(organiser: Organiser, logo: OrganisationLogo | undefined, now: Date, what: string): Promise<PublicOrganisation> {
  const updated = await setProfileLogo(organiser.orgId, logo, now.toISOString());
  if (!updated) {
    // No logo to remove: nothing written, nothing to copy; the profile as it is.
    if (!logo) return profileOf(organiser.orgId);
    throw notFound('Organisation');
  }
  const profile = publicProfile(updated as unknown as Record<string, unknown>);
  const campaigns = await copyOrganisationProfile(organiser.orgId, profile, updated.profileVersion ?? 0);
  logger.info(`organisation logo ${what}`, { orgId: organiser.orgId, campaigns, by: organiser.memberId });
  return profile;
}

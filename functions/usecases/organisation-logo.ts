/**
 * The organisation's logo (issue #17, item 4): owners attach an upload as it, or remove it. Kept
 * apart from organisation-profile.ts so the routes that only read or copy the profile (creating a
 * campaign) do not bundle the image decoder.
 */
import { notFound } from '#lib/errors.ts';
import { logger } from '#lib/logger.ts';
import { publicProfile, type OrganisationLogo, type PublicOrganisation } from '#rules/organisation-profile.ts';
import { copyOrganisationProfile } from '#store/campaigns.ts';
import { setProfileLogo } from '#store/organisations.ts';
import type { Organiser } from './access.ts';
import { publishUpload } from './images.ts';
import { profileOf } from './organisation-profile.ts';

/**
 * Attaches an upload as the organisation's logo (owners): checked, at most 256 px on its longer side,
 * re-encoded as JPEG without metadata and published as campaign images are (#usecases/images.ts
 * publishUpload: only the organisation's own upload folder is read). Its alt text is the
 * organisation's name, so none is stored. Copied onto the campaigns like every profile change.
 */
export async function attachLogo(organiser: Organiser, uploadId: string, now = new Date()): Promise<PublicOrganisation> {
  const image = await publishUpload(organiser, 'organisation-logo', uploadId, '', 'logo');
  return saveLogo(organiser, { src: image.src, width: image.width, height: image.height }, now, 'attached');
}

/** Removes the logo from the profile and from the campaigns' copies (the published file stays: its name is a hash, nothing links it). */
export async function removeLogo(organiser: Organiser, now = new Date()): Promise<PublicOrganisation> {
  return saveLogo(organiser, undefined, now, 'removed');
}

async function saveLogo(organiser: Organiser, logo: OrganisationLogo | undefined, now: Date, what: string): Promise<PublicOrganisation> {
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

/**
 * An organisation's public profile (issue #17, item 4): who is behind its campaigns. Owners change
 * it; every member may read it. Each change is copied onto the organisation's campaigns, so the
 * public answer (and the sign path, which reads only the campaign) names the organisation without a
 * read of the organisations table, whose other items (members, sessions, tokens) the public routes
 * are never granted.
 */
import { notFound } from '#lib/errors.ts';
import { logger } from '#lib/logger.ts';
import { publicProfile, type OrganisationLogo, type PublicOrganisation } from '#rules/organisation-profile.ts';
import type { ProfileUpdate } from '#rules/organisation-schema.ts';
import { copyOrganisationProfile } from '#store/campaigns.ts';
import { getOrganisation, setProfileLogo, updateProfile } from '#store/organisations.ts';
import { publishUpload } from './images.ts';
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

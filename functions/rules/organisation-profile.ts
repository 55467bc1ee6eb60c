/**
 * An organisation's public profile (issue #17, item 4): who is behind a campaign. Pure, no I/O and no
 * zod (the schema is in organisation-schema.ts): the store, the public answer and the dossier use it.
 */
import { ORG_PROFILE_FIELDS, type OrgProfileField } from './limits.ts';
import { LOGO_SRC } from './images.ts';

/** The organisation's logo as published (issue #17, item 4): its alt text is the organisation's name. */
export interface OrganisationLogo {
  /** Site-relative, `/media/logos/<hash>.jpg`. */
  src: string;
  width: number;
  height: number;
}

/** Who is behind a campaign, as the public sees it: no member, no address but the public contact. */
export type PublicOrganisation = { name: string } & Partial<Record<Exclude<OrgProfileField, 'name'>, string>> & { logo?: OrganisationLogo };

/** A stored logo, only when well formed (a published `src`, positive integer sizes); anything else is dropped. */
export function logoOf(value: unknown): OrganisationLogo | undefined {
  if (!value || typeof value !== 'object') return undefined;
  const { src, width, height } = value as Record<string, unknown>;
  if (typeof src !== 'string' || !LOGO_SRC.test(src)) return undefined;
  if (!Number.isInteger(width) || !Number.isInteger(height) || (width as number) < 1 || (height as number) < 1) return undefined;
  return { src, width: width as number, height: height as number };
}

/**
 * Only the profile's public fields, and only those set: what the public campaign answer, the campaign
 * page, the privacy notice and the dossier's cover show. Anything else on the organisation's item
 * (its owners' count, a member) cannot reach the public through it; the campaign answer adds only the organisation's random public id.
 */
export function publicProfile(organisation: Record<string, unknown>): PublicOrganisation {
  const profile: Record<string, string> = {};
  for (const field of ORG_PROFILE_FIELDS) {
    const value = organisation[field];
    if (typeof value === 'string' && value !== '') profile[field] = value;
  }
  const logo = logoOf(organisation.logo);
  return (logo ? { ...profile, logo } : profile) as PublicOrganisation;
}

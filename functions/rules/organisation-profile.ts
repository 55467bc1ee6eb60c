/**
 * An organisation's public profile (issue #17, item 4): who is behind a campaign. Pure, no I/O and no
 * zod (the schema is in organisation-schema.ts): the store, the public answer and the dossier use it.
 */
import { ORG_PROFILE_FIELDS, type OrgProfileField } from './limits.ts';

/** Who is behind a campaign, as the public sees it: no member, no address but the public contact. */
export type PublicOrganisation = { name: string } & Partial<Record<Exclude<OrgProfileField, 'name'>, string>>;

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
  return profile as PublicOrganisation;
}

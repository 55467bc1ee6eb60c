/**
 * Who is behind a campaign (issue #17, item 4), as the campaign page and its privacy notice show it:
 * what to link and what to list. Pure: no DOM, no fetch.
 */
import { EMAIL } from '../../../functions/rules/limits.ts';
import type { PublicCampaign } from '../campaign/campaign-data.ts';
import { safeWebsite } from '../campaign/campaign-data.ts';

export type Organisation = NonNullable<PublicCampaign['organisation']>;

/** A contact becomes a mailto: link only when it is one plain address (nothing for the link to carry). */
export function safeContact(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const address = value.trim();
  return address.length <= 254 && EMAIL.test(address) ? address : undefined;
}

/** The organisation with only what may be linked: an http(s) website, a plain contact address. */
export function linkableOrganisation(organisation: Organisation | undefined): Organisation | undefined {
  if (!organisation || typeof organisation.name !== 'string' || organisation.name.trim() === '') return undefined;
  const { website, contact, ...rest } = organisation;
  const safeSite = safeWebsite(website);
  const safeMail = safeContact(contact);
  return { ...rest, ...(safeSite ? { website: safeSite } : {}), ...(safeMail ? { contact: safeMail } : {}) };
}

/** What the sign form asks for, as the privacy notice lists it (keys of strings.organisation). */
export type CollectedKey = 'collectedName' | 'collectedCountry' | 'collectedCountryOptional' | 'collectedComment';

export function collectedKeys(fields: PublicCampaign['signerFields']): CollectedKey[] {
  const keys: CollectedKey[] = ['collectedName'];
  if (fields.country === 'required') keys.push('collectedCountry');
  if (fields.country === 'optional') keys.push('collectedCountryOptional');
  if (fields.comment === 'optional') keys.push('collectedComment');
  return keys;
}

/**
 * Who is behind a campaign (issue #17, item 4), as the campaign page and its privacy notice show it:
 * what to link and what to list. Pure: no DOM, no fetch.
 */
import { EMAIL } from '../../../functions/rules/limits.ts';
import type { PublicCampaign } from '../campaign/campaign-data.ts';
import { safeImage, safeWebsite } from '../campaign/campaign-data.ts';

export type Organisation = NonNullable<PublicCampaign['organisation']>;

/** A contact becomes a mailto: link only when it is one plain address (nothing for the link to carry). */
export function safeContact(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const address = value.trim();
  return address.length <= 254 && EMAIL.test(address) ? address : undefined;
}

/**
 * The organisation with only what may be linked or shown: an http(s) website, a plain contact
 * address, a logo only if it is one the server published under our own `/media/` with its size (as
 * safeImage holds campaign images; its alt text is the organisation's name).
 */
export function linkableOrganisation(organisation: Organisation | undefined): Organisation | undefined {
  if (!organisation || typeof organisation.name !== 'string' || organisation.name.trim() === '') return undefined;
  const { website, contact, logo, ...rest } = organisation;
  const safeSite = safeWebsite(website);
  const safeMail = safeContact(contact);
  const shown = safeLogo(logo, rest.name);
  return { ...rest, ...(safeSite ? { website: safeSite } : {}), ...(safeMail ? { contact: safeMail } : {}), ...(shown ? { logo: shown } : {}) };
}

/** The logo's `src`, `width` and `height` when safeImage would show it with the organisation's name as its alt text. */
export function safeLogo(logo: unknown, name: string): Organisation['logo'] | undefined {
  if (!logo || typeof logo !== 'object') return undefined;
  const safe = safeImage({ ...(logo as object), alt: name });
  return safe ? { src: safe.src, width: safe.width, height: safe.height } : undefined;
}

/** The logo's displayed box: at most `max` px on its longer side, proportions kept (the page reserves it before it loads). */
export function logoBox(logo: { width: number; height: number }, max: number): { width: number; height: number } {
  const scale = Math.min(1, max / Math.max(logo.width, logo.height));
  return { width: Math.max(1, Math.round(logo.width * scale)), height: Math.max(1, Math.round(logo.height * scale)) };
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

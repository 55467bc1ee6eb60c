/**
 * What a signer sends, and the rules it must meet. Pure: no I/O.
 */
import { z } from 'zod';
import { isCountryCode } from './countries.ts';

export { isCountryCode };
export { canonicalEmail, emailDomain, publicLabel } from './identity.ts';

/**
 * A name in any script: letters and combining marks (\p{L}\p{M}: Latin with diacritics, Cyrillic,
 * Armenian, Georgian, …), spaces, hyphens (- and ‐), apostrophes (' and ’, as in O’Brien or the
 * Ukrainian apostrophe) and the full stop, for initials like "J. Smith". ZWNJ/ZWJ stay allowed:
 * some scripts need them inside words. Everything else is refused: control characters, bidi
 * overrides and other invisible format characters (a name must not read backwards in a delivered
 * list), digits, and markup such as <b>. Messages are keys of the server catalog.
 */
const NAME = /^[\p{L}\p{M}\u200C\u200D '’.\-\u2010]+$/u;
const HAS_LETTER = /\p{L}/u;

export const signatureInputSchema = z.strictObject({
  name: z
    .string('name.required')
    // NFC, so a name typed with decomposed accents is stored (and deduplicated, listed) as one form.
    .transform((s) => s.normalize('NFC').trim().replace(/\s+/gu, ' '))
    .pipe(
      z
        .string()
        .min(1, 'name.required')
        .max(200, 'field.maxLength')
        .refine((s) => NAME.test(s), 'name.characters')
        .refine((s) => HAS_LETTER.test(s), 'name.noLetter'),
    ),
  email: z
    .string('email.required')
    .trim()
    .max(254, 'field.maxLength')
    .pipe(z.email('email.invalid')),
  /**
   * Whether a country is required, optional or not asked at all is the campaign's choice
   * (`signerFields`), checked once the campaign is read (see signing.ts). Blank means none.
   */
  country: z
    .string('country.required')
    .trim()
    .toUpperCase()
    .transform((s) => s || undefined)
    .pipe(z.string().refine(isCountryCode, 'country.unknown').optional())
    .optional(),
  comment: z
    .string('comment.text')
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().max(1000, 'field.maxLength'))
    .optional(),
  /** Consent to appear on the campaign's public list as first name, initial and country. */
  showName: z.boolean('showName.boolean').default(false),
  /** Honeypot: hidden from people, filled by naive bots. Any value is accepted here; see signing.ts. */
  website: z.string().max(2000).optional(),
  /** The proof-of-work widget's payload (ALTCHA). */
  altcha: z
    .string('altcha.pending')
    .min(1, 'altcha.pending')
    .max(10_000, 'altcha.pending'),
});

export type SignatureInput = z.output<typeof signatureInputSchema>;

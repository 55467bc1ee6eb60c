/**
 * What a signer sends, and the rules it must meet. Pure: no I/O.
 */
import { z } from 'zod';
import { isCountryCode } from './countries.ts';

export { isCountryCode };
export { canonicalEmail, emailDomain, publicLabel } from './identity.ts';

/**
 * Control characters; invisible format characters (bidi overrides that make a name read backwards
 * in a delivered list, zero-width spaces) except the joiners ZWJ/ZWNJ some scripts need; and angle
 * brackets, so markup never reaches a list that gets delivered.
 */
const FORBIDDEN_IN_NAME = /[\p{Cc}<>]|(?![\u200C\u200D])\p{Cf}/u;
const HAS_LETTER = /\p{L}/u;

export const signatureInputSchema = z.strictObject({
  name: z
    .string('Enter your name.')
    .transform((s) => s.normalize('NFC').trim().replace(/\s+/gu, ' '))
    .pipe(
      z
        .string()
        .min(1, 'Enter your name.')
        .max(200, 'At most 200 characters.')
        .refine((s) => !FORBIDDEN_IN_NAME.test(s) && HAS_LETTER.test(s), 'Use letters, spaces, hyphens and apostrophes only.'),
    ),
  email: z
    .string('Enter your email address.')
    .trim()
    .max(254, 'At most 254 characters.')
    .pipe(z.email('Enter a valid email address.')),
  /**
   * Whether a country is required, optional or not asked at all is the campaign's choice
   * (`signerFields`), checked once the campaign is read (see signing.ts). Blank means none.
   */
  country: z
    .string('Choose your country.')
    .trim()
    .toUpperCase()
    .transform((s) => s || undefined)
    .pipe(z.string().refine(isCountryCode, 'Choose a country from the list.').optional())
    .optional(),
  comment: z
    .string('A comment must be text.')
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().max(1000, 'At most 1000 characters.'))
    .optional(),
  /** Consent to appear on the campaign's public list as first name, initial and country. */
  showName: z.boolean('Tick the box or leave it empty.').default(false),
  /** Honeypot: hidden from people, filled by naive bots. Any value is accepted here; see signing.ts. */
  website: z.string().max(2000).optional(),
  /** The proof-of-work widget's payload (ALTCHA). */
  altcha: z
    .string('Please wait for the verification to finish, then send again.')
    .min(1, 'Please wait for the verification to finish, then send again.')
    .max(10_000, 'Please wait for the verification to finish, then send again.'),
});

export type SignatureInput = z.output<typeof signatureInputSchema>;

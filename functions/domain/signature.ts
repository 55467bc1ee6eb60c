/**
 * What a signer sends, and the rules it must meet. Pure: no I/O.
 */
import { z } from 'zod';
import { isCountryCode } from './countries.ts';

export { isCountryCode };

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
  country: z
    .string('Choose your country.')
    .trim()
    .toUpperCase()
    .refine(isCountryCode, 'Choose a country from the list.'),
  comment: z
    .string('A comment must be text.')
    .transform((s) => s.normalize('NFC').trim())
    .pipe(z.string().max(1000, 'At most 1000 characters.'))
    .optional(),
});

export type SignatureInput = z.output<typeof signatureInputSchema>;

/** The form of an email address that identifies a signer: case and Unicode form do not matter. */
export function canonicalEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}

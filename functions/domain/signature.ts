/**
 * What a signer sends, and the rules it must meet. Pure: no I/O.
 */
import { z } from 'zod';

/** C0/C1 control characters, and angle brackets so markup never reaches a list that gets delivered. */
const FORBIDDEN_IN_NAME = /[\p{Cc}<>]/u;

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'code' });
/** Codes that are well-formed but are not countries. */
const NOT_COUNTRIES = new Set(['EU', 'EZ', 'UN', 'QO', 'ZZ', 'AA', 'XA', 'XB']);

/** ISO 3166-1 alpha-2, checked against the region names ICU knows (so "QQ" or "12" are refused). */
export function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && !NOT_COUNTRIES.has(code) && regionNames.of(code) !== code;
}

export const signatureInputSchema = z.strictObject({
  name: z
    .string('Enter your name.')
    .transform((s) => s.normalize('NFC').trim().replace(/\s+/gu, ' '))
    .pipe(
      z
        .string()
        .min(1, 'Enter your name.')
        .max(200, 'At most 200 characters.')
        .refine((s) => !FORBIDDEN_IN_NAME.test(s), 'Use letters, spaces, hyphens and apostrophes only.'),
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

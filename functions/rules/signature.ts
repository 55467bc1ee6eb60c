/**
 * What a signer sends, and the rules it must meet. Pure: no I/O.
 */
import * as z from 'zod';
import { COUNTRY_CODES, isCountryCode } from './countries.ts';
// The widget's host and tag rules are the embed page's too (./limits.ts).
import { HOSTNAME, SIGN_LIMITS, SOURCE_TAG } from './limits.ts';
import { text } from './text-schema.ts';

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


export const sourceSchema = z.strictObject({
  host: z
    .string('source.host')
    .trim()
    .toLowerCase()
    // `direct` is the dashboard's name for our own page (see #rules/counts.ts).
    .pipe(z.string().regex(HOSTNAME, 'source.host').refine((host) => host !== 'direct', 'source.host')),
  tag: z
    .string('source.tag')
    .trim()
    // An empty tag is no tag: the snippet may pass data-tag="".
    .transform((s) => s || undefined)
    .pipe(z.string().regex(SOURCE_TAG, 'source.tag').optional())
    .optional(),
});

export type SignatureSource = z.output<typeof sourceSchema>;

export const signatureInputSchema = z.strictObject({
  // The rule for all stored text (#rules/text-schema.ts: well-formed, no controls, NFC so a name typed
  // with decomposed accents is stored, deduplicated and listed as one form), then a name's own alphabet.
  name: text({ max: SIGN_LIMITS.name, collapse: true, required: 'name.required' })
    .refine((s) => NAME.test(s), 'name.characters')
    .refine((s) => HAS_LETTER.test(s), 'name.noLetter'),
  email: z
    .string('email.required')
    .trim()
    .max(SIGN_LIMITS.email, 'field.maxLength')
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
    // `enum`: the refinement, for the OpenAPI document (which cannot see into it).
    .pipe(z.string().refine(isCountryCode, 'country.unknown').meta({ enum: [...COUNTRY_CODES] }).optional())
    .optional(),
  comment: text({ min: 0, max: SIGN_LIMITS.comment, multiline: true, required: 'comment.text' }).optional(),
  /** Consent to appear on the campaign's public list as first name, initial and country. */
  showName: z.boolean('showName.boolean').default(false),
  /**
   * The text version the signer read (the public campaign's `version`). When given and the text has
   * changed since, the request is refused (409 `text_changed`) so nobody is listed under words they
   * did not read; without it (an API client that shows no text) the current version is recorded.
   */
  textVersion: z.int('textVersion.invalid').min(1, 'textVersion.invalid').max(1_000_000, 'textVersion.invalid').optional(),
  /** Honeypot: hidden from people, filled by naive bots. Any value is accepted here; see signing.ts. */
  website: z.string().max(2000).optional(),
  /**
   * Where the signature came from when it was made through the embeddable widget (web/src/embed/embed.ts):
   * the embedding page's host and the organisers' optional tag. Absent on the main site. It names a
   * website, not a person, and is kept off every public answer; the dashboard counts by it.
   */
  source: sourceSchema.optional(),
  /** The proof-of-work widget's payload (ALTCHA). */
  altcha: z
    .string('altcha.pending')
    .min(1, 'altcha.pending')
    .max(10_000, 'altcha.pending'),
});

export type SignatureInput = z.output<typeof signatureInputSchema>;

// --- What the signing routes answer (see the note in campaign-schema.ts) --------------------------

/** POST …/signatures: the same answer whatever happens next (a mail, or nothing for a bot or a quota). */
export const signReceivedSchema = z.object({ status: z.literal('received') });

/** POST …/preview: what the link's own submission says; never the email. */
export const previewSchema = z.object({
  /** `pending`: Confirm would confirm it; `confirmed`: this link's submission is the signature now. */
  status: z.enum(['pending', 'confirmed']),
  name: z.string(),
  showName: z.boolean(),
  country: z.string().optional(),
  comment: z.string().optional(),
});

export const confirmedSchema = z.object({ status: z.literal('confirmed') });
export const withdrawnSchema = z.object({ status: z.literal('withdrawn') });

/**
 * What a signer sends, and the rules it must meet. Pure: no I/O.
 */
import * as z from 'zod/mini';
import { meta } from './schema-meta.ts';
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
  host: z.pipe(
    z.string('source.host').check(z.trim(), z.toLowerCase()),
    // `direct` is the dashboard's name for our own page (see #rules/counts.ts).
    z.string().check(z.regex(HOSTNAME, 'source.host'), z.refine((host: string) => host !== 'direct', 'source.host')),
  ),
  tag: z.optional(
    z.pipe(
      z.pipe(
        z.string('source.tag').check(z.trim()),
        // An empty tag is no tag: the snippet may pass data-tag="".
        z.transform((s: string) => s || undefined),
      ),
      z.optional(z.string().check(z.regex(SOURCE_TAG, 'source.tag'))),
    ),
  ),
});

export type SignatureSource = z.output<typeof sourceSchema>;

export const signatureInputSchema = z.strictObject({
  // The rule for all stored text (#rules/text-schema.ts: well-formed, no controls, NFC so a name typed
  // with decomposed accents is stored, deduplicated and listed as one form), then a name's own alphabet.
  name: text({ max: SIGN_LIMITS.name, collapse: true, required: 'name.required' }).check(
    z.refine((s: string) => NAME.test(s), 'name.characters'),
    z.refine((s: string) => HAS_LETTER.test(s), 'name.noLetter'),
  ),
  email: z.pipe(z.string('email.required').check(z.trim(), z.maxLength(SIGN_LIMITS.email, 'field.maxLength')), z.email('email.invalid')),
  /**
   * Whether a country is required, optional or not asked at all is the campaign's choice
   * (`signerFields`), checked once the campaign is read (see signing.ts). Blank means none.
   */
  country: z.optional(
    z.pipe(
      z.pipe(
        z.string('country.required').check(z.trim(), z.toUpperCase()),
        z.transform((s: string) => s || undefined),
      ),
      // `enum`: the refinement, for the OpenAPI document (which cannot see into it).
      z.optional(meta(z.string().check(z.refine(isCountryCode, 'country.unknown')), { enum: [...COUNTRY_CODES] })),
    ),
  ),
  comment: z.optional(text({ min: 0, max: SIGN_LIMITS.comment, multiline: true, required: 'comment.text' })),
  /** Consent to appear on the campaign's public list as first name, initial and country. */
  showName: z._default(z.boolean('showName.boolean'), false),
  /**
   * The text version the signer read (the public campaign's `version`). When given and the text has
   * changed since, the request is refused (409 `text_changed`) so nobody is listed under words they
   * did not read; without it (an API client that shows no text) the current version is recorded.
   */
  textVersion: z.optional(z.int('textVersion.invalid').check(z.gte(1, 'textVersion.invalid'), z.lte(1_000_000, 'textVersion.invalid'))),
  /** Honeypot: hidden from people, filled by naive bots. Any value is accepted here; see signing.ts. */
  website: z.optional(z.string().check(z.maxLength(2000))),
  /**
   * Where the signature came from when it was made through the embeddable widget (web/src/embed/embed.ts):
   * the embedding page's host and the organisers' optional tag. Absent on the main site. It names a
   * website, not a person, and is kept off every public answer; the dashboard counts by it.
   */
  source: z.optional(sourceSchema),
  /** The proof-of-work widget's payload (ALTCHA). */
  altcha: z.string('altcha.pending').check(z.minLength(1, 'altcha.pending'), z.maxLength(10_000, 'altcha.pending')),
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
  country: z.optional(z.string()),
  comment: z.optional(z.string()),
});

export const confirmedSchema = z.object({ status: z.literal('confirmed') });
export const withdrawnSchema = z.object({ status: z.literal('withdrawn') });

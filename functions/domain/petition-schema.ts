/**
 * What an organiser may send to create or change a campaign, to move it, and to record its delivery
 * (zod). Kept apart from petition.ts so only the routes that validate campaign input bundle zod.
 */
import { z } from 'zod';
import { isCountryCode } from './countries.ts';
import { DELIVERY_METHODS, PETITION_KINDS } from './petition.ts';
import { CAMPAIGN_LANGUAGES } from './translations.ts';
import { isStorableText, text } from './text-schema.ts';

/**
 * Every string stored from here passes the one rule for text (#domain/text-schema.ts). Messages are
 * keys of the server catalog's `validation` section (functions/i18n/en.ts); {count} is the limit.
 */
const line = (max: number) => text({ max });
const block = (max: number) => text({ max, multiline: true });

export const targetSchema = z.strictObject({
  name: line(200),
  office: line(200).optional(),
  email: z.email('email.invalid').max(254).optional(),
});

export const signerFieldsSchema = z.strictObject({
  country: z.enum(['required', 'optional', 'off'], 'signerFields.country'),
  comment: z.enum(['optional', 'off'], 'signerFields.comment'),
});

/** The fields an organiser may change after creation (everything but slug, kind and status; a draft's slug too). */
const editable = {
  title: line(200),
  /** Markdown subset (paragraphs, headings, emphasis, lists, links); HTML is shown as text. */
  text: block(20_000),
  targets: z.array(targetSchema).min(1, 'targets.min').max(20, 'targets.max'),
  goal: z.int('goal.integer').min(1, 'goal.min').max(100_000_000),
  deadline: z.iso.datetime({ offset: true, error: 'deadline.format' }),
  /** Show confirmed signers who opted in, as first name + initial + country. Off unless asked for. */
  publicSigners: z.boolean('field.boolean'),
  /** Days after the campaign closes before signers' personal data is erased (counts are kept). */
  retentionDays: z.int('retention.integer').min(1, 'retention.min').max(3650, 'retention.max'),
  signerFields: signerFieldsSchema,
  /** The language the organiser wrote title and text in (the original; translations are in others). */
  language: z.enum(CAMPAIGN_LANGUAGES, 'language.choose'),
};

/** The campaign's address: `#/p/<slug>`, and its key. */
const slug = z.string('slug.format').regex(/^[a-z0-9](?:[a-z0-9-]{1,78}[a-z0-9])$/, 'slug.format');

export const newCampaignSchema = z.strictObject({
  slug,
  kind: z.enum(PETITION_KINDS, 'kind.choose'),
  ...editable,
  /** A new campaign is a draft unless it is to open at once. */
  status: z.enum(['draft', 'open'], 'status.newChoose').default('draft'),
  deadline: editable.deadline.optional(),
  publicSigners: editable.publicSigners.default(false),
  retentionDays: editable.retentionDays.default(90),
  signerFields: signerFieldsSchema.default({ country: 'required', comment: 'optional' }),
  language: editable.language.default('en'),
});

/**
 * A change: any editable field; `deadline: null` removes the deadline. `slug` changes only while the
 * campaign is a draft (it claims its slug when it opens).
 */
export const campaignUpdateSchema = z.strictObject({
  slug: slug.optional(),
  title: editable.title.optional(),
  text: editable.text.optional(),
  targets: editable.targets.optional(),
  goal: editable.goal.optional(),
  deadline: editable.deadline.nullable().optional(),
  publicSigners: editable.publicSigners.optional(),
  retentionDays: editable.retentionDays.optional(),
  signerFields: signerFieldsSchema.optional(),
  language: editable.language.optional(),
});

/** The moves the status endpoint offers; delivery has its own. */
export const statusChangeSchema = z.strictObject({
  status: z.enum(['open', 'closed'], 'status.choose'),
});

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const deliverySchema = z.strictObject({
  deliveredOn: z
    .string('date.format')
    .regex(DAY, 'date.format')
    // A real calendar day: 2026-02-30 would otherwise pass the pattern.
    .refine((day) => {
      const at = Date.parse(`${day}T00:00:00Z`);
      return Number.isFinite(at) && new Date(at).toISOString().startsWith(day);
    }, 'date.format'),
  to: line(300),
  method: z.enum(DELIVERY_METHODS, 'delivery.method'),
  note: block(2000).optional(),
});

/** An http(s) address, nothing else: a `javascript:` link would run in the reader's page. */
const webAddress = z
  .string('url.format')
  // URL parsing would quietly turn a lone surrogate into U+FFFD; the stored value is the one sent.
  .refine((s) => isStorableText(s), 'text.characters')
  .trim()
  .max(2000, 'field.maxLength')
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
    } catch {
      return false;
    }
  }, 'url.format');

/** An organisation co-signing through an invitation link. */
export const cosignSchema = z.strictObject({
  token: z.string('invite.token').regex(/^[A-Za-z0-9_-]{43}$/, 'invite.token'),
  name: text({ max: 200, collapse: true, required: 'organisationName.required' })
    // Besides the rule for all text: no markup and no other invisible format characters in a name
    // printed on a delivered letter — but for ZWJ/ZWNJ, which some scripts need inside words, and the
    // direction marks an Arabic or Hebrew name may need beside Latin punctuation (#domain/text-schema.ts).
    .refine((s) => !/[<>]|(?![\u200C\u200D\u200E\u200F\u061C])\p{Cf}/u.test(s), 'organisationName.characters'),
  country: z.string('country.requiredOther').trim().toUpperCase().refine(isCountryCode, 'country.unknown'),
  website: webAddress.optional(),
});

/** Opening a co-signing invitation link: its token only (POST /api/petitions/{slug}/cosigners/preview). */
export const cosignPreviewSchema = z.strictObject({ token: cosignSchema.shape.token });

/**
 * What a co-signing invitation asks an organisation to sign, shown before it co-signs: the letter as
 * the public page shows it (in the reader's language when translated), and whether it still takes
 * co-signatures. Never who invited, or who else was invited.
 */
export const cosignLetterSchema = z
  .object({
    slug: z.string(),
    kind: z.enum(PETITION_KINDS),
    status: z.enum(['open', 'closed']),
    title: z.string(),
    targets: z.array(z.object({ name: z.string(), office: z.string().optional() })),
    text: z.string(),
    textHtml: z.string().meta({ description: 'The text as sanitised HTML.' }),
    language: z.enum(CAMPAIGN_LANGUAGES),
    expiresAt: z.iso.datetime().meta({ description: 'When the invitation stops working.' }),
  })
  .meta({ id: 'CosignLetter' });

/** A translation of a campaign's title and text (PUT /api/org/campaigns/{slug}/translations/{lang}). */
export const translationSchema = z.strictObject({
  title: editable.title,
  text: editable.text,
});

export type NewCampaign = z.output<typeof newCampaignSchema>;
export type CampaignUpdate = z.output<typeof campaignUpdateSchema>;
export type DeliveryInput = z.output<typeof deliverySchema>;
export type CosignInput = z.output<typeof cosignSchema>;
export type CosignLetter = z.output<typeof cosignLetterSchema>;
export type Target = z.output<typeof targetSchema>;
export type TranslationInput = z.output<typeof translationSchema>;

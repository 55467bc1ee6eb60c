/**
 * What an organiser may send to create or change a campaign, to move it, and to record its delivery
 * (zod). Kept apart from petition.ts so only the routes that validate campaign input bundle zod.
 */
import { z } from 'zod';
import { isCountryCode } from './countries.ts';
import { DELIVERY_METHODS, PETITION_KINDS } from './petition.ts';

const text = (max: number) => z.string().trim().min(1, 'This field is required.').max(max, `At most ${max} characters.`);

export const targetSchema = z.strictObject({
  name: text(200),
  office: text(200).optional(),
  email: z.email('Enter a valid email address.').max(254).optional(),
});

export const signerFieldsSchema = z.strictObject({
  country: z.enum(['required', 'optional', 'off'], 'Choose required, optional or off.'),
  comment: z.enum(['optional', 'off'], 'Choose optional or off.'),
});

/** The fields an organiser may change after creation (everything but slug, kind and status). */
const editable = {
  title: text(200),
  /** Markdown subset (paragraphs, headings, emphasis, lists, links); HTML is shown as text. */
  text: text(20_000),
  targets: z.array(targetSchema).min(1, 'Name at least one target.').max(20, 'At most 20 targets.'),
  goal: z.int('Enter a whole number.').min(1, 'The goal must be at least 1.').max(100_000_000),
  deadline: z.iso.datetime({ offset: true, error: 'Use an ISO date-time, e.g. 2027-03-01T00:00:00Z.' }),
  /** Show confirmed signers who opted in, as first name + initial + country. Off unless asked for. */
  publicSigners: z.boolean('Use true or false.'),
  /** Days after the campaign closes before signers' personal data is erased (counts are kept). */
  retentionDays: z.int('Enter a whole number of days.').min(1, 'At least 1 day.').max(3650, 'At most 3650 days (10 years).'),
  signerFields: signerFieldsSchema,
};

export const newCampaignSchema = z.strictObject({
  slug: z
    .string('Use 3–80 lowercase letters, digits and hyphens.')
    .regex(/^[a-z0-9](?:[a-z0-9-]{1,78}[a-z0-9])$/, 'Use 3–80 lowercase letters, digits and hyphens.'),
  kind: z.enum(PETITION_KINDS, 'Choose petition or letter.'),
  ...editable,
  /** A new campaign is a draft unless it is to open at once. */
  status: z.enum(['draft', 'open'], 'Choose draft or open.').default('draft'),
  deadline: editable.deadline.optional(),
  publicSigners: editable.publicSigners.default(false),
  retentionDays: editable.retentionDays.default(90),
  signerFields: signerFieldsSchema.default({ country: 'required', comment: 'optional' }),
});

/** A change: any editable field; `deadline: null` removes the deadline. */
export const campaignUpdateSchema = z.strictObject({
  title: editable.title.optional(),
  text: editable.text.optional(),
  targets: editable.targets.optional(),
  goal: editable.goal.optional(),
  deadline: editable.deadline.nullable().optional(),
  publicSigners: editable.publicSigners.optional(),
  retentionDays: editable.retentionDays.optional(),
  signerFields: signerFieldsSchema.optional(),
});

/** The moves the status endpoint offers; delivery has its own. */
export const statusChangeSchema = z.strictObject({
  status: z.enum(['open', 'closed'], 'Choose open or closed.'),
});

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export const deliverySchema = z.strictObject({
  deliveredOn: z
    .string('Use a date like 2026-11-24.')
    .regex(DAY, 'Use a date like 2026-11-24.')
    // A real calendar day: 2026-02-30 would otherwise pass the pattern.
    .refine((day) => {
      const at = Date.parse(`${day}T00:00:00Z`);
      return Number.isFinite(at) && new Date(at).toISOString().startsWith(day);
    }, 'Use a date like 2026-11-24.'),
  to: text(300),
  method: z.enum(DELIVERY_METHODS, 'Choose in-person, post, email or other.'),
  note: text(2000).optional(),
});

/** An http(s) address, nothing else: a `javascript:` link would run in the reader's page. */
const webAddress = z
  .string('Enter a web address starting with https://.')
  .trim()
  .max(2000, 'At most 2000 characters.')
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === 'https:' || url.protocol === 'http:') && url.hostname.includes('.');
    } catch {
      return false;
    }
  }, 'Enter a web address starting with https://.');

/** An organisation co-signing through an invitation link. */
export const cosignSchema = z.strictObject({
  token: z.string('The invitation link is incomplete.').regex(/^[A-Za-z0-9_-]{43}$/, 'The invitation link is incomplete.'),
  name: z
    .string('Enter the organisation’s name.')
    .transform((s) => s.normalize('NFC').trim().replace(/\s+/gu, ' '))
    .pipe(
      z
        .string()
        .min(1, 'Enter the organisation’s name.')
        .max(200, 'At most 200 characters.')
        // No markup and no control or bidi-override characters in a name printed on a delivered letter.
        .refine((s) => !/[\p{Cc}<>]|(?![\u200C\u200D])\p{Cf}/u.test(s), 'Use letters, digits and punctuation only.'),
    ),
  country: z.string('Choose a country.').trim().toUpperCase().refine(isCountryCode, 'Choose a country from the list.'),
  website: webAddress.optional(),
});

export type NewCampaign = z.output<typeof newCampaignSchema>;
export type CampaignUpdate = z.output<typeof campaignUpdateSchema>;
export type DeliveryInput = z.output<typeof deliverySchema>;
export type CosignInput = z.output<typeof cosignSchema>;
export type Target = z.output<typeof targetSchema>;

/**
 * What an organiser may send to create or change a campaign, to move it, and to record its delivery
 * (zod). Kept apart from campaign.ts so only the routes that validate campaign input bundle zod.
 */
import * as z from 'zod/mini';
import { meta } from './schema-meta.ts';
import { organisationProfileSchema } from './organisation-schema.ts';
import { COUNTRY_CODES, isCountryCode } from './countries.ts';
import {
  CAMPAIGN_KINDS,
  CAMPAIGN_LIMITS,
  CAMPAIGN_STATUSES,
  COSIGN_LIMITS,
  DAY,
  FIND_LIMITS,
  LIST_SHELVES,
  ORGANISATION_PUBLIC_ID,
  DEFAULT_SIGNER_FIELDS,
  DELIVERY_METHODS,
  isWebAddress,
  LINK_TOKEN,
  NEW_CAMPAIGN_STATUSES,
  RETENTION_DAYS,
  SIGNER_COMMENT_CHOICES,
  SIGNER_COUNTRY_CHOICES,
  SLUG,
  STATUS_MOVES,
} from './limits.ts';
import { CAMPAIGN_LANGUAGES } from './translations.ts';
import { isStorableText, text } from './text-schema.ts';
import { decodeCursor } from './campaign-finding.ts';
import { campaignImageSchema } from './image-schema.ts';

/**
 * Every string stored from here passes the one rule for text (#rules/text-schema.ts). Messages are
 * keys of the server catalog's `validation` section (functions/i18n/en.ts); {count} is the limit.
 */
const line = (max: number) => text({ max });
const block = (max: number) => text({ max, multiline: true });

export const targetSchema = z.strictObject({
  name: line(CAMPAIGN_LIMITS.targetName),
  office: z.optional(line(CAMPAIGN_LIMITS.targetOffice)),
  email: z.optional(z.email('email.invalid').check(z.maxLength(CAMPAIGN_LIMITS.email))),
});

export const signerFieldsSchema = z.strictObject({
  country: z.enum(SIGNER_COUNTRY_CHOICES, 'signerFields.country'),
  comment: z.enum(SIGNER_COMMENT_CHOICES, 'signerFields.comment'),
});

/** The fields an organiser may change after creation (everything but slug, kind and status; a draft's slug too). */
const editable = {
  title: line(CAMPAIGN_LIMITS.title),
  /** Markdown subset (paragraphs, headings, emphasis, lists, links); HTML is shown as text. */
  text: block(CAMPAIGN_LIMITS.text),
  targets: z.array(targetSchema).check(z.minLength(CAMPAIGN_LIMITS.targetsMin, 'targets.min'), z.maxLength(CAMPAIGN_LIMITS.targetsMax, 'targets.max')),
  goal: z.int('goal.integer').check(z.gte(CAMPAIGN_LIMITS.goalMin, 'goal.min'), z.lte(CAMPAIGN_LIMITS.goalMax)),
  deadline: z.iso.datetime({ offset: true, error: 'deadline.format' }),
  /** Show confirmed signers who opted in, as first name + initial + country. Off unless asked for. */
  publicSigners: z.boolean('field.boolean'),
  /** Days after the campaign closes before signers' personal data is erased (counts are kept). */
  retentionDays: z.int('retention.integer').check(z.gte(RETENTION_DAYS.min, 'retention.min'), z.lte(RETENTION_DAYS.max, 'retention.max')),
  signerFields: signerFieldsSchema,
  /** The language the organiser wrote title and text in (the original; translations are in others). */
  language: z.enum(CAMPAIGN_LANGUAGES, 'language.choose'),
};

/** The campaign's address: `#/p/<slug>`, and its key. */
const slug = z.string('slug.format').check(z.regex(SLUG, 'slug.format'));

export const newCampaignSchema = z.strictObject({
  slug,
  kind: z.enum(CAMPAIGN_KINDS, 'kind.choose'),
  ...editable,
  /** A new campaign is a draft unless it is to open at once. */
  status: z._default(z.enum(NEW_CAMPAIGN_STATUSES, 'status.newChoose'), 'draft'),
  deadline: z.optional(editable.deadline),
  publicSigners: z._default(editable.publicSigners, false),
  retentionDays: z._default(editable.retentionDays, RETENTION_DAYS.default),
  signerFields: z._default(signerFieldsSchema, { ...DEFAULT_SIGNER_FIELDS }),
  language: z._default(editable.language, 'en'),
});

/**
 * A change: any editable field; `deadline: null` removes the deadline. `slug` changes only while the
 * campaign is a draft (it claims its slug when it opens).
 */
export const campaignUpdateSchema = z.strictObject({
  slug: z.optional(slug),
  title: z.optional(editable.title),
  text: z.optional(editable.text),
  targets: z.optional(editable.targets),
  goal: z.optional(editable.goal),
  deadline: z.optional(z.nullable(editable.deadline)),
  publicSigners: z.optional(editable.publicSigners),
  retentionDays: z.optional(editable.retentionDays),
  signerFields: z.optional(signerFieldsSchema),
  language: z.optional(editable.language),
});

/** The moves the status endpoint offers; delivery has its own. */
export const statusChangeSchema = z.strictObject({
  status: z.enum(STATUS_MOVES, 'status.choose'),
});

export const deliverySchema = z.strictObject({
  deliveredOn: meta(
    z.string('date.format').check(
      z.regex(DAY, 'date.format'),
      // A real calendar day: 2026-02-30 would otherwise pass the pattern.
      z.refine((day: string) => {
        const at = Date.parse(`${day}T00:00:00Z`);
        return Number.isFinite(at) && new Date(at).toISOString().startsWith(day);
      }, 'date.format'),
    ),
    // What the refinement checks, for the OpenAPI document: `format: date` is a real calendar day.
    { format: 'date' },
  ),
  to: line(CAMPAIGN_LIMITS.deliveryTo),
  method: z.enum(DELIVERY_METHODS, 'delivery.method'),
  note: z.optional(block(CAMPAIGN_LIMITS.deliveryNote)),
});

/** An http(s) address, nothing else: a `javascript:` link would run in the reader's page. */
const webAddress = meta(
  z.string('url.format').check(
    // URL parsing would quietly turn a lone surrogate into U+FFFD; the stored value is the one sent.
    z.refine((s: string) => isStorableText(s), 'text.characters'),
    z.trim(),
    z.maxLength(COSIGN_LIMITS.website, 'field.maxLength'),
    z.refine(isWebAddress, 'url.format'),
  ),
  { format: 'uri' },
);

/** An organisation co-signing through an invitation link. */
export const cosignSchema = z.strictObject({
  token: z.string('invite.token').check(z.regex(LINK_TOKEN, 'invite.token')),
  name: text({ max: COSIGN_LIMITS.name, collapse: true, required: 'organisationName.required' }).check(
    // Besides the rule for all text: no markup and no other invisible format characters in a name
    // printed on a delivered letter — but for ZWJ/ZWNJ, which some scripts need inside words, and the
    // direction marks an Arabic or Hebrew name may need beside Latin punctuation (#rules/text-schema.ts).
    z.refine((s: string) => !/[<>]|(?![\u200C\u200D\u200E\u200F\u061C])\p{Cf}/u.test(s), 'organisationName.characters'),
  ),
  country: meta(
    z.string('country.requiredOther').check(z.trim(), z.toUpperCase(), z.refine(isCountryCode, 'country.unknown')),
    // The refinement, for the OpenAPI document (which cannot see into it).
    { enum: [...COUNTRY_CODES] },
  ),
  website: z.optional(webAddress),
});

/** Opening a co-signing invitation link: its token only (POST /api/campaigns/{slug}/cosigners/preview). */
export const cosignPreviewSchema = z.strictObject({ token: cosignSchema.shape.token });

/**
 * What a co-signing invitation asks an organisation to sign, shown before it co-signs: the letter as
 * the public page shows it (in the reader's language when translated), and whether it still takes
 * co-signatures. Never who invited, or who else was invited.
 */
export const cosignLetterSchema = meta(
  z.object({
    slug: z.string(),
    kind: z.enum(CAMPAIGN_KINDS),
    status: z.enum(['open', 'closed']),
    title: z.string(),
    targets: z.array(z.object({ name: z.string(), office: z.optional(z.string()) })),
    text: z.string(),
    textHtml: meta(z.string(), { description: 'The text as sanitised HTML; for the seconds after an edit, until it is rendered, the text escaped in plain paragraphs.' }),
    language: z.enum(CAMPAIGN_LANGUAGES),
    expiresAt: meta(z.iso.datetime(), { description: 'When the invitation stops working.' }),
  }),
  { id: 'CosignLetter' },
);

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

// --- What the campaign routes answer ------------------------------------------------------------
// Not used to validate: the OpenAPI document describes each answer with these (functions/openapi/
// operations.ts), and each handler's body is typed by their output (`json<Answer<'route'>>`), so the
// document and the code cannot drift. The integration tests check every answer against the document.

/** A timestamp the server made (`Date.toISOString()`). */
const timestamp = z.iso.datetime();
const kind = z.enum(CAMPAIGN_KINDS);
const publicTarget = z.object({ name: z.string(), office: z.optional(z.string()) });
const language = z.enum(CAMPAIGN_LANGUAGES);
const signerFieldsView = z.object({ country: z.enum(SIGNER_COUNTRY_CHOICES), comment: z.enum(SIGNER_COMMENT_CHOICES) });

/**
 * GET /api/campaigns: one shelf (open campaigns that still take signatures, or the archive of closed
 * and delivered ones), filtered and searched (see publicCampaignQuerySchema), a page at a time.
 */
export const publicCampaignListSchema = z.object({
  items: z.array(
    meta(
      z.object({
        slug: z.string(),
        kind,
        title: z.string(),
        targets: z.array(publicTarget),
        goal: z.int(),
        count: z.int(),
        // Issue #17, finding campaigns: what an archived item shows, and who is behind it.
        status: z.enum(['open', 'closed', 'delivered']),
        language: meta(language, { description: 'The language of `title`: the one asked for (`lang`) when the campaign has that translation, else the original.' }),
        organisation: meta(z.optional(z.object({ id: z.string(), name: z.string() })), { description: 'The organisation behind it; `id` is what `org` takes.' }),
        closedAt: meta(z.optional(z.string()), { description: 'When it stopped taking signatures (closed or delivered campaigns).' }),
        delivery: z.optional(z.object({ deliveredOn: z.string(), to: z.string(), method: z.enum(DELIVERY_METHODS), note: z.optional(z.string()) })),
      }),
      { id: 'PublicCampaignSummary' },
    ),
  ),
  cursor: meta(z.optional(z.string()), { description: 'Present when there are more: pass it as `cursor` for the next page.' }),
});

/** The filters of GET /api/campaigns (query parameters; every value a string). */
export const publicCampaignQuerySchema = z.strictObject({
  q: meta(z.optional(z.string().check(z.maxLength(FIND_LIMITS.queryMax))), {
    description: 'Words to find in titles and translated titles, any script; each word must occur in a title (as a substring), after NFKC and case folding on both sides.',
  }),
  org: meta(z.optional(z.string().check(z.regex(ORGANISATION_PUBLIC_ID, 'find.organisation'))), { description: 'An organisation’s id (`organisation.id` of an item).' }),
  country: meta(z.optional(z.string().check(z.refine(isCountryCode, 'country.unknown'))), {
    description: 'The organisation’s country (ISO 3166-1 alpha-2), when its profile names one.',
  }),
  kind: z.optional(z.enum(CAMPAIGN_KINDS, 'kind.choose')),
  status: meta(z.optional(z.enum(LIST_SHELVES, 'find.shelf')), { description: '`open` (the default): campaigns taking signatures; `archive`: closed and delivered ones.' }),
  cursor: meta(z.optional(z.string().check(z.refine((value: string) => decodeCursor(value) !== undefined, 'find.cursor'))), {
    description: 'The `cursor` of the previous page.',
  }),
  limit: meta(
    z.optional(z.string().check(z.refine((value: string) => /^[1-9][0-9]?$/.test(value) && Number(value) <= FIND_LIMITS.pageMax, 'find.limit'))),
    { description: `Items per page, 1–${FIND_LIMITS.pageMax}; ${FIND_LIMITS.pageDefault} when absent.` },
  ),
  lang: meta(z.optional(z.string()), { description: 'The reader’s language: titles in it where translated, and error messages in it.' }),
});
export type PublicCampaignQuery = z.output<typeof publicCampaignQuerySchema>;

/** A co-signing organisation as the public sees it (and as POST …/cosigners answers). */
export const publicCosignerSchema = meta(z.object({ name: z.string(), country: z.string(), website: z.optional(z.string()) }), { id: 'Cosigner' });

/** GET /api/campaigns/{slug}: the public page, in the language picked (`?lang=`, else Accept-Language). */
export const publicCampaignSchema = meta(
  z.object({
    slug: z.string(),
    kind,
    title: z.string(),
    text: z.string(),
    /**
     * The text rendered to safe HTML (the markdown subset) when it was written; until then (seconds
     * after an edit) the text escaped in plain paragraphs (#rules/rendered-text.ts).
     */
    textHtml: z.string(),
    targets: z.array(publicTarget),
    goal: z.int(),
    publicSigners: z.boolean(),
    /** A campaign past its deadline is `closed`; drafts are never shown. */
    status: z.enum(['open', 'closed', 'delivered']),
    deadline: z.optional(z.string()),
    signerFields: signerFieldsView,
    cosigners: z.array(publicCosignerSchema),
    delivery: z.optional(z.object({ deliveredOn: z.string(), to: z.string(), method: z.enum(DELIVERY_METHODS), note: z.optional(z.string()) })),
    count: z.int(),
    asOf: z.string(),
    /** The text version shown (its original); the sign form sends it back as `textVersion`. */
    version: z.int(),
    /** The language of `title` and `text`. */
    language,
    originalLanguage: language,
    /** The languages the campaign can be read in, the original first. */
    languages: z.array(language),
    /** Days signers' personal data is kept after the campaign closes (the privacy notice says so). */
    retentionDays: z.int(),
    /**
     * Who is behind it: the organisation's public id (`GET /api/campaigns?org=<id>`, its page) and public
     * profile (absent only on campaigns older than profiles, until the organisation's next save).
     */
    organisation: z.optional(z.extend(organisationProfileSchema, { id: z.string() })),
    /** The campaign's image, resized and stripped of metadata; its width and height let the page reserve its box. */
    image: z.optional(campaignImageSchema),
    /** The campaign's page in the language shown: `<site>/c/<slug>`, or `<site>/c/<slug>/<lang>` for a translation. */
    url: z.url(),
  }),
  { id: 'PublicCampaign' },
);

/** GET /api/campaigns/{slug}/count. */
export const countSchema = z.object({ count: z.int(), asOf: z.optional(z.string()) });

/** GET /api/campaigns/{slug}/signers: first name, initial and country of those who chose to appear. */
export const publicSignersSchema = z.object({ signers: z.array(z.object({ name: z.string(), country: z.optional(z.string()) })) });

/** The organiser's view of a campaign: every route of the editor answers with it. */
export const campaignSchema = meta(
  z.object({
    slug: z.string(),
    kind,
    title: z.string(),
    text: z.string(),
    language,
    translations: z.record(z.string(), z.object({ title: z.string(), text: z.string(), sourceVersion: z.int(), updatedAt: z.string() })),
    targets: z.array(z.object({ name: z.string(), office: z.optional(z.string()), email: z.optional(z.string()) })),
    goal: z.int(),
    deadline: z.optional(z.string()),
    publicSigners: z.boolean(),
    retentionDays: z.int(),
    signerFields: signerFieldsView,
    status: z.enum(CAMPAIGN_STATUSES),
    version: z.int(),
    versions: z.array(z.object({ version: z.int(), savedAt: z.string() })),
    cosigners: z.array(z.object({ id: z.string(), name: z.string(), country: z.string(), website: z.optional(z.string()), signedAt: z.string() })),
    delivery: z.optional(
      z.object({
        deliveredOn: z.string(),
        to: z.string(),
        method: z.enum(DELIVERY_METHODS),
        note: z.optional(z.string()),
        recordedAt: z.string(),
        recordedBy: z.string(),
      }),
    ),
    count: z.int(),
    pending: z.int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    openedAt: z.optional(z.string()),
    closedAt: z.optional(z.string()),
    personalDataErasedAt: z.optional(z.string()),
    image: z.optional(campaignImageSchema),
  }),
  { id: 'Campaign' },
);

/** GET /api/org/campaigns. */
export const campaignListSchema = z.object({
  campaigns: z.array(
    z.object({ slug: z.string(), kind, title: z.string(), status: z.enum(CAMPAIGN_STATUSES), goal: z.int(), createdAt: z.string(), count: z.int(), pending: z.int() }),
  ),
});

/** POST …/cosign-invites: the single-use link to hand to a co-signing organisation. */
export const cosignInviteSchema = z.object({ url: z.url(), expiresAt: timestamp });

/** GET …/dashboard: counts only, no personal data. */
export const dashboardSchema = z.object({
  count: z.int(),
  pending: z.int(),
  asOf: z.string(),
  countries: z.record(z.string(), z.int()),
  /** Confirmed signatures per source: `direct` (our page) and each widget `host` or `host#tag`. */
  sources: z.record(z.string(), z.int()),
  /** Confirmations per UTC hour, oldest first. */
  timeline: z.array(z.object({ hour: z.string(), count: z.int() })),
  /** Withdrawals per UTC day. */
  withdrawals: z.array(z.object({ day: z.string(), count: z.int() })),
  recent: z.array(z.object({ at: z.string(), confirmed: z.int(), countries: z.record(z.string(), z.int()) })),
});

/**
 * What an organiser sends to start an export (zod). Apart from exports.ts so the job runner does not
 * bundle the validator.
 */
import * as z from 'zod/mini';
import { meta } from './schema-meta.ts';
import { EXPORT_FORMATS } from './exports.ts';
import { CAMPAIGN_LANGUAGES } from './translations.ts';
import { SIGNATORY_ORDERS } from './signatory-order.ts';
import { LANGUAGES } from '#lib/language.ts';

export const startExportSchema = z.strictObject({
  format: z.enum(EXPORT_FORMATS, 'export.format'),
  /**
   * For the dossier: translations to print after the original, in this order (duplicates dropped).
   * A language the campaign has no translation in is left out.
   */
  translations: z.optional(
    z.pipe(
      z.array(z.enum(CAMPAIGN_LANGUAGES, 'language.choose')).check(z.maxLength(CAMPAIGN_LANGUAGES.length, 'language.choose')),
      z.transform((langs: (typeof CAMPAIGN_LANGUAGES)[number][]) => [...new Set(langs)]),
    ),
  ),
  /**
   * For the dossier: the order of the signatories within each text version — `confirmed` (when each
   * confirmed; the default) or `name` (alphabetical, collated in the dossier's language).
   */
  order: meta(z.optional(z.enum(SIGNATORY_ORDERS, 'export.order')), {
    description: "Dossier only: signatories within each text version in confirmation order (`confirmed`, the default) or alphabetically (`name`, collated in the dossier's language).",
  }),
  /**
   * For the dossier: the language of its headings, labels, dates and country names. Default: the
   * campaign's original language (a letter in Georgian gets Georgian headings, whoever exports it).
   */
  lang: meta(z.optional(z.enum(LANGUAGES, 'language.choose')), {
    description: "Dossier only: the language of its headings, labels, dates and country names; default the campaign's original language.",
  }),
});

// --- What the export routes answer (see the note in campaign-schema.ts) ---------------------------

/** An export as the API shows it (jobView in ./exports.ts); `download` only while its file can be fetched. */
export const exportJobSchema = meta(
  z.object({
    id: z.string(),
    slug: z.string(),
    format: z.enum(EXPORT_FORMATS),
    translations: z.optional(z.array(z.string())),
    /** Dossier only: as asked at export (see startExportSchema). */
    order: z.optional(z.enum(SIGNATORY_ORDERS)),
    lang: z.optional(z.enum(LANGUAGES)),
    status: z.enum(['queued', 'running', 'done', 'failed', 'outdated']),
    rows: z.int(),
    total: z.int(),
    createdAt: z.string(),
    /** Member id of who asked (`token:<id>` for an API token): never an email. */
    createdBy: z.string(),
    finishedAt: z.optional(z.string()),
    bytes: z.optional(z.int()),
    error: z.optional(z.enum(['campaign_missing', 'timed_out', 'unreadable_signature', 'internal'])),
    /** Outdated exports: why, the UTC day it was found, and what to do about it. */
    reason: z.optional(z.enum(['withdrawal', 'erasure'])),
    outdatedOn: z.optional(z.string()),
    message: z.optional(z.string()),
    /** GET …/exports/{jobId} of a finished export: a link valid 15 minutes. */
    download: z.optional(z.object({ url: z.url(), expiresAt: z.iso.datetime() })),
  }),
  { id: 'Export' },
);

export const exportListSchema = z.object({ exports: z.array(exportJobSchema) });

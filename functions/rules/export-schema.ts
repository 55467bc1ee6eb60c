/**
 * What an organiser sends to start an export (zod). Apart from exports.ts so the job runner does not
 * bundle the validator.
 */
import * as z from 'zod';
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
  translations: z
    .array(z.enum(CAMPAIGN_LANGUAGES, 'language.choose'))
    .max(CAMPAIGN_LANGUAGES.length, 'language.choose')
    .transform((langs) => [...new Set(langs)])
    .optional(),
  /**
   * For the dossier: the order of the signatories within each text version — `confirmed` (when each
   * confirmed; the default) or `name` (alphabetical, collated in the dossier's language).
   */
  order: z
    .enum(SIGNATORY_ORDERS, 'export.order')
    .optional()
    .meta({ description: "Dossier only: signatories within each text version in confirmation order (`confirmed`, the default) or alphabetically (`name`, collated in the dossier's language)." }),
  /**
   * For the dossier: the language of its headings, labels, dates and country names. Default: the
   * campaign's original language (a letter in Georgian gets Georgian headings, whoever exports it).
   */
  lang: z
    .enum(LANGUAGES, 'language.choose')
    .optional()
    .meta({ description: "Dossier only: the language of its headings, labels, dates and country names; default the campaign's original language." }),
});

// --- What the export routes answer (see the note in campaign-schema.ts) ---------------------------

/** An export as the API shows it (jobView in ./exports.ts); `download` only while its file can be fetched. */
export const exportJobSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    format: z.enum(EXPORT_FORMATS),
    translations: z.array(z.string()).optional(),
    /** Dossier only: as asked at export (see startExportSchema). */
    order: z.enum(SIGNATORY_ORDERS).optional(),
    lang: z.enum(LANGUAGES).optional(),
    status: z.enum(['queued', 'running', 'done', 'failed', 'outdated']),
    rows: z.int(),
    total: z.int(),
    createdAt: z.string(),
    /** Member id of who asked (`token:<id>` for an API token): never an email. */
    createdBy: z.string(),
    finishedAt: z.string().optional(),
    bytes: z.int().optional(),
    error: z.enum(['campaign_missing', 'timed_out', 'unreadable_signature', 'internal']).optional(),
    /** Outdated exports: why, the UTC day it was found, and what to do about it. */
    reason: z.enum(['withdrawal', 'erasure']).optional(),
    outdatedOn: z.string().optional(),
    message: z.string().optional(),
    /** GET …/exports/{jobId} of a finished export: a link valid 15 minutes. */
    download: z.object({ url: z.url(), expiresAt: z.iso.datetime() }).optional(),
  })
  .meta({ id: 'Export' });

export const exportListSchema = z.object({ exports: z.array(exportJobSchema) });

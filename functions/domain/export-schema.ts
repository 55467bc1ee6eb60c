/**
 * What an organiser sends to start an export (zod). Apart from exports.ts so the job runner does not
 * bundle the validator.
 */
import { z } from 'zod';
import { EXPORT_FORMATS } from './exports.ts';
import { CAMPAIGN_LANGUAGES } from './translations.ts';

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
});

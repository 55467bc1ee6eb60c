/**
 * What an organiser sends to start an export (zod). Apart from exports.ts so the job runner does not
 * bundle the validator.
 */
import { z } from 'zod';
import { EXPORT_FORMATS } from './exports.ts';

export const startExportSchema = z.strictObject({
  format: z.enum(EXPORT_FORMATS, 'Choose csv or pdf.'),
});

/**
 * The campaign image form's checks (issue #17, item 5): the same limits the server signs into the
 * upload link and checks again (functions/rules/limits.ts). Pure.
 */
import { IMAGE_LIMITS, IMAGE_TYPES } from '../../../../functions/rules/limits.ts';

export { IMAGE_LIMITS, IMAGE_TYPES };

export interface ImageInput {
  /** The chosen file's declared type and size; undefined when none is chosen. */
  file: { type: string; size: number } | undefined;
  alt: string;
}

export interface ImageMessages {
  fileRequired: string;
  type: string;
  size: string;
  altRequired: string;
}

export type ImageErrors = Partial<Record<'image' | 'alt', string>>;

export function validateImageInput(input: ImageInput, m: ImageMessages, tooLong: (max: number) => string): ImageErrors {
  const errors: ImageErrors = {};
  if (!input.file) errors.image = m.fileRequired;
  else if (!(IMAGE_TYPES as readonly string[]).includes(input.file.type)) errors.image = m.type;
  else if (input.file.size < 1 || input.file.size > IMAGE_LIMITS.maxBytes) errors.image = m.size;
  const alt = input.alt.trim();
  if (alt === '') errors.alt = m.altRequired;
  else if ([...alt].length > IMAGE_LIMITS.alt) errors.alt = tooLong(IMAGE_LIMITS.alt);
  return errors;
}

/** The server's field names for this form: the upload request's and the attach request's, on the two fields shown. */
export function imageErrorField(key: string): 'image' | 'alt' | undefined {
  if (key === 'alt') return 'alt';
  if (key === 'image' || key === 'contentType' || key === 'size' || key === 'uploadId') return 'image';
  return undefined;
}

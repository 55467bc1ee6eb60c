/**
 * What an organiser sends to upload and attach an image, and what those routes answer (zod). The
 * size cap and types come from limits.ts, the page checks with the same constants.
 */
import * as z from 'zod/mini';
import { meta } from './schema-meta.ts';
import { IMAGE_LIMITS, IMAGE_TYPES } from './limits.ts';
import { UPLOAD_ID } from './images.ts';
import { text } from './text-schema.ts';

/** POST /api/org/campaigns/{slug}/image/uploads: the file's type and size, signed into the link. */
export const imageUploadRequestSchema = z.strictObject({
  contentType: z.enum(IMAGE_TYPES, 'image.type'),
  size: z.int('image.size').check(z.gte(1, 'image.size'), z.lte(IMAGE_LIMITS.maxBytes, 'image.size')),
});

/** Where to PUT the file: an address on the site itself, valid a few minutes, with the headers to send. */
export const imageUploadSchema = meta(
  z.object({
    uploadId: z.string(),
    url: meta(z.string(), { description: 'Site-relative address to PUT the file to (the uploads prefix, same origin).' }),
    method: z.literal('PUT'),
    headers: meta(z.record(z.string(), z.string()), { description: 'Send exactly these headers with the PUT.' }),
    maxBytes: z.int(),
    expiresAt: z.iso.datetime(),
  }),
  { id: 'ImageUpload' },
);

/** PUT /api/org/campaigns/{slug}/image: attach an upload, with its alt text (required). */
export const attachImageSchema = z.strictObject({
  uploadId: z.string('image.upload').check(z.regex(UPLOAD_ID, 'image.upload')),
  alt: text({ max: IMAGE_LIMITS.alt, required: 'image.alt' }),
});

/** PUT /api/org/profile/logo: attach an upload as the organisation's logo (its alt text is the organisation's name). */
export const attachLogoSchema = z.strictObject({
  uploadId: z.string('image.upload').check(z.regex(UPLOAD_ID, 'image.upload')),
});

/** A published image: site-relative `src`, its alt text and its size in pixels (the page reserves its box). */
export const campaignImageSchema = meta(z.object({ src: z.string(), alt: z.string(), width: z.int(), height: z.int() }), { id: 'CampaignImage' });

export type ImageUploadRequest = z.output<typeof imageUploadRequestSchema>;
export type AttachImageInput = z.output<typeof attachImageSchema>;
export type AttachLogoInput = z.output<typeof attachLogoSchema>;

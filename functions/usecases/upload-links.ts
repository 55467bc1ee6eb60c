/**
 * The upload link for an image organisers upload (issue #17, items 5 and 4): a presigned PUT of the
 * declared type and size into the organisation's own folder for the kind. Apart from images.ts so the
 * routes that only sign links (the campaign image's and the logo's) bundle neither the image decoder
 * nor the campaigns store, whose table the logo's is not granted; and signed without the S3 client
 * (#documents/upload-link.ts), which they would otherwise carry for this alone (issue #16).
 */
import { randomUUID } from 'node:crypto';
import { IMAGE_LIMITS } from '#rules/limits.ts';
import { UPLOAD_LINK_SECONDS, uploadKey, type ImageKind } from '#rules/images.ts';
import type { ImageUploadRequest } from '#rules/image-schema.ts';
import { uploadLink } from '#documents/upload-link.ts';
import type { Organiser } from './access.ts';

/** A link to PUT one file of the declared type and size, into the organisation's own upload folder. */
export async function startImageUpload(organiser: Organiser, kind: ImageKind, input: ImageUploadRequest, now = new Date()) {
  const uploadId = randomUUID();
  const url = await uploadLink(uploadKey(kind, organiser.orgId, uploadId), input.contentType, input.size, UPLOAD_LINK_SECONDS);
  return {
    uploadId,
    url,
    method: 'PUT' as const,
    headers: { 'Content-Type': input.contentType },
    maxBytes: IMAGE_LIMITS.maxBytes,
    expiresAt: new Date(now.getTime() + UPLOAD_LINK_SECONDS * 1000).toISOString(),
  };
}

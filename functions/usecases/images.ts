/**
 * Images organisers upload (issue #17, item 5): attaching an upload to a campaign (or, through
 * publishUpload, as the organisation's logo). See #rules/images.ts for the flow. The upload link is
 * upload-links.ts: the routes that hand it out do not carry the image decoder this module imports.
 *
 * Attaching processes the image in the request (not from an S3 event): the organiser learns at once,
 * on the image field and in their language, that a file is not an image or too big, the alt text is
 * checked in the same request, and the same code runs locally without an event source. Decoding a
 * capped image (24 megapixels) and encoding 1200 px takes a second or two, well within the API's time.
 */
import { createHash } from 'node:crypto';
import { invalidFields } from '#lib/errors.ts';
import { IMAGE_LIMITS } from '#rules/limits.ts';
import { checkUpload, publicImageKey, uploadKey, type ImageKind, type StoredImage } from '#rules/images.ts';
import { assertEditable, type Campaign } from '#rules/campaign.ts';
import type { AttachImageInput } from '#rules/image-schema.ts';
import { deleteUpload, publishImage, readUpload } from '#documents/images-bucket.ts';
import { reencodeImage } from '#documents/image-processing.ts';
import { setCampaignImage } from '#store/campaigns.ts';
import type { Organiser } from './access.ts';

/**
 * Reads the organisation's upload, checks it, re-encodes and publishes it; the upload is deleted
 * whether it is taken or refused. Refusals are field errors on `image`. Only the organisation's own
 * folder is read: another organisation's upload id finds nothing. `field`: the form field the
 * refusals name (`logo` for the organisation's logo).
 */
export async function publishUpload(organiser: Organiser, kind: ImageKind, uploadId: string, alt: string, field = 'image'): Promise<StoredImage> {
  const key = uploadKey(kind, organiser.orgId, uploadId);
  const bytes = await readUpload(key, IMAGE_LIMITS.maxBytes);
  if (bytes === 'missing') throw invalidFields({ [field]: 'image.upload' });
  try {
    if (bytes === 'tooLarge') throw invalidFields({ [field]: 'image.size' });
    const problem = checkUpload(bytes);
    if (problem) throw invalidFields({ [field]: problem });
    const processed = await reencodeImage(kind, bytes);
    if (!processed) throw invalidFields({ [field]: 'image.notImage' });
    const publicKey = publicImageKey(kind, createHash('sha256').update(processed.bytes).digest('hex'));
    await publishImage(publicKey, processed.bytes);
    return { src: `/${publicKey}`, alt, width: processed.width, height: processed.height };
  } finally {
    await deleteUpload(key);
  }
}

/** Attaches an upload as the campaign's image, with its alt text. */
export async function attachCampaignImage(organiser: Organiser, campaign: Campaign, input: AttachImageInput, now = new Date()): Promise<Campaign> {
  assertEditable(campaign);
  const image = await publishUpload(organiser, 'campaign-image', input.uploadId, input.alt);
  return setCampaignImage(campaign, image, now);
}

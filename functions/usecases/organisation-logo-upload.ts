/**
 * Attaching an upload as the organisation's logo (issue #17, item 4). Apart from organisation-logo.ts
 * because it decodes the image (#usecases/images.ts publishUpload, the image decoder and the S3
 * client): removing the logo needs neither, and its route does not carry them (issue #16).
 */
import type { PublicOrganisation } from '#rules/organisation-profile.ts';
import type { Organiser } from './access.ts';
import { publishUpload } from './images.ts';
import { saveLogo } from './organisation-logo.ts';

/**
 * Attaches an upload as the organisation's logo (owners): checked, at most 256 px on its longer side,
 * re-encoded as JPEG without metadata and published as campaign images are (publishUpload: only the
 * organisation's own upload folder is read). Its alt text is the organisation's name, so none is
 * stored. Copied onto the campaigns like every profile change.
 */
export async function attachLogo(organiser: Organiser, uploadId: string, now = new Date()): Promise<PublicOrganisation> {
  const image = await publishUpload(organiser, 'organisation-logo', uploadId, '', 'logo');
  return saveLogo(organiser, { src: image.src, width: image.width, height: image.height }, now, 'attached');
}

/**
 * POST /api/org/profile/logo/uploads — owners: a link to upload the organisation's logo, the same
 * presigned PUT as a campaign image's, into the organisation's own upload folder for logos.
 */
import { httpHandler, json, parseInput } from '#lib/http.ts';
import { requireOrganiser } from '#usecases/access.ts';
import { startImageUpload } from '#usecases/upload-links.ts';
import { imageUploadRequestSchema } from '#rules/image-schema.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  // Who first, then what: an editor's body is not even looked at.
  const organiser = await requireOrganiser(event, 'owner');
  const input = parseInput(imageUploadRequestSchema, event.parsedBody);
  return json<Answer<'start-logo-upload'>>(201, await startImageUpload(organiser, 'organisation-logo', input));
});

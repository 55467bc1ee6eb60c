/**
 * PUT /api/org/profile/logo — owners attach an uploaded file as the organisation's logo: checked, at
 * most 256 px on its longer side, re-encoded as JPEG without metadata, published under the site; the
 * upload is deleted. Copied onto the organisation's campaigns; answers the profile.
 */
import { httpHandler, json, parseInput } from '#lib/http.ts';
import { requireOrganiser } from '#usecases/access.ts';
import { attachLogo } from '#usecases/organisation-logo-upload.ts';
import { attachLogoSchema } from '#rules/image-schema.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'owner');
  const input = parseInput(attachLogoSchema, event.parsedBody);
  return json<Answer<'attach-org-logo'>>(200, await attachLogo(organiser, input.uploadId));
});

/**
 * DELETE /api/org/profile/logo — owners remove the organisation's logo from its profile and from its
 * campaigns' copies. Answers the profile.
 */
import { httpHandler, json } from '#lib/http.ts';
import { requireOrganiser } from '#usecases/access.ts';
import { removeLogo } from '#usecases/organisation-logo.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'owner');
  return json<Answer<'remove-org-logo'>>(200, await removeLogo(organiser));
});

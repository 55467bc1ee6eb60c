/** GET /api/org/profile — the organisation's public profile (any member may read it). */
import { httpHandler, json } from '#lib/http.ts';
import { requireOrganiser } from '#usecases/access.ts';
import { profileOf } from '#usecases/organisation-profile.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'viewer');
  return json<Answer<'get-org-profile'>>(200, await profileOf(organiser.orgId));
});

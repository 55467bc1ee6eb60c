/** GET /api/me — who is signed in, in which organisation, with which role. */
import { httpHandler, json } from '#lib/http.ts';
import { unauthorized } from '#lib/errors.ts';
import { requireOrganiser } from '#usecases/access.ts';
import { describe } from '#usecases/sessions.ts';
import { getOrganisation } from '#store/organisations.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'viewer');
  if (organiser.via === 'token') {
    // A token belongs to the organisation, not to a person.
    const organisation = await getOrganisation(organiser.orgId);
    return json<Answer<'get-me'>>(200, { role: organiser.role, organisation: { id: organiser.orgId, name: organisation?.name ?? '' }, organisations: [] });
  }
  const me = await describe(organiser.email, organiser.orgId);
  if (!me) throw unauthorized();
  return json<Answer<'get-me'>>(200, me);
});

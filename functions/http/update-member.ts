/** PATCH /api/org/members/{memberId} — an owner changes a member's role. */
import { httpHandler, json, parseInput, pathParam } from '#lib/http.ts';
import { requireOrganiser } from '#usecases/access.ts';
import { changeRole, memberOrNotFound } from '#usecases/members.ts';
import { updateMemberSchema } from '#rules/organisation-schema.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'owner');
  // Whose first, then what: another organisation's member is a 404 whatever the body says.
  const member = await memberOrNotFound(organiser.orgId, pathParam(event, 'memberId'));
  const { role } = parseInput(updateMemberSchema, event.parsedBody);
  return json<Answer<'update-member'>>(200, await changeRole(organiser, member, role));
});

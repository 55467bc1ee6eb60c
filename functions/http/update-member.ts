/** PATCH /api/org/members/{memberId} — an owner changes a member's role. */
import { httpHandler, json, parseInput, pathParam } from '#lib/http.ts';
import { requireOrganiser } from '#domain/access.ts';
import { changeRole } from '#domain/members.ts';
import { updateMemberSchema } from '#domain/organisation-schema.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'owner');
  const { role } = parseInput(updateMemberSchema, event.parsedBody);
  return json(200, await changeRole(organiser, pathParam(event, 'memberId'), role));
});

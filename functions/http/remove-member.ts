/** DELETE /api/org/members/{memberId} — an owner removes a member; their sessions stop working at once. */
import { httpHandler, pathParam } from '#lib/http.ts';
import { requireOrganiser } from '#domain/access.ts';
import { removeMemberById } from '#domain/members.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'owner');
  await removeMemberById(organiser, pathParam(event, 'memberId'));
  return { statusCode: 204, headers: { 'cache-control': 'no-store' } };
});

/** DELETE /api/org/members/{memberId} — an owner removes a member; their sessions stop working at once. */
import { httpHandler, pathParam } from '#lib/http.ts';
import { requireOrganiser } from '#usecases/access.ts';
import { removeMemberById } from '#usecases/members.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'owner');
  await removeMemberById(organiser, pathParam(event, 'memberId'));
  return { statusCode: 204, headers: { 'cache-control': 'no-store' } };
});

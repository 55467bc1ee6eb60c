/** GET /api/org/members — the organisation's members (any member may see who else is in it). */
import { httpHandler, json } from '#lib/http.ts';
import { requireOrganiser } from '#domain/access.ts';
import { memberView } from '#domain/organisation.ts';
import { listMembers } from '#store/organisations.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'viewer');
  const members = await listMembers(organiser.orgId);
  return json(200, { members: members.map(memberView).sort((a, b) => a.email.localeCompare(b.email)) });
});

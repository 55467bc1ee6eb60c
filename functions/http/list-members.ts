/** GET /api/org/members — the organisation's members (any member may see who else is in it). */
import { httpHandler, json } from '#lib/http.ts';
import { requireOrganiser } from '#usecases/access.ts';
import { memberView } from '#rules/organisation.ts';
import { listMembers } from '#store/organisations.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'viewer');
  const members = await listMembers(organiser.orgId);
  return json<Answer<'list-members'>>(200, { members: members.map(memberView).sort((a, b) => a.email.localeCompare(b.email)) });
});

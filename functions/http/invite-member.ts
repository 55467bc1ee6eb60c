/** POST /api/org/members — an owner adds a member, who gets a sign-in link by email (within a daily quota). */
import { httpHandler, json, parseInput } from '#lib/http.ts';
import { loadSecret, requireEnv } from '#lib/config.ts';
import { requireOrganiser } from '#usecases/access.ts';
import { inviteMember } from '#usecases/invitations.ts';
import { inviteMemberSchema } from '#rules/organisation-schema.ts';
import type { Answer } from '#openapi/operations.ts';

const siteUrl = requireEnv('SITE_URL');
const hashKey = await loadSecret('HASH_KEY');

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'owner');
  const { email, role } = parseInput(inviteMemberSchema, event.parsedBody);
  return json<Answer<'invite-member'>>(201, await inviteMember(organiser, email, role, { siteUrl, hashKey, lang: event.lang }));
});

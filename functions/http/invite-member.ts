/** POST /api/org/members — an owner adds a member, who gets a sign-in link by email. */
import { httpHandler, json, parseInput } from '#lib/http.ts';
import { requireEnv } from '#lib/config.ts';
import { requireOrganiser } from '#domain/access.ts';
import { inviteMember } from '#domain/invitations.ts';
import { inviteMemberSchema } from '#domain/organisation-schema.ts';

const siteUrl = requireEnv('SITE_URL');

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'owner');
  const { email, role } = parseInput(inviteMemberSchema, event.parsedBody);
  return json(201, await inviteMember(organiser, email, role, siteUrl, undefined, event.lang));
});

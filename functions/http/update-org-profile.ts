/**
 * PATCH /api/org/profile — an owner changes the organisation's public profile: name, country,
 * website, public contact address, data-controller statement (only the fields sent; `""` clears one).
 */
import { httpHandler, json, parseInput } from '#lib/http.ts';
import { requireOrganiser } from '#usecases/access.ts';
import { changeProfile } from '#usecases/organisation-profile-changes.ts';
import { profileUpdateSchema } from '#rules/organisation-schema.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  // Who first, then what: an editor's body is not even looked at.
  const organiser = await requireOrganiser(event, 'owner');
  const changes = parseInput(profileUpdateSchema, event.parsedBody);
  return json<Answer<'update-org-profile'>>(200, await changeProfile(organiser, changes));
});

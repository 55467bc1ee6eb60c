/** POST /api/org/tokens — an owner creates an API token; the value is in this answer and nowhere else. */
import { httpHandler, json, parseInput } from '#lib/http.ts';
import { requireOrganiser } from '#usecases/access.ts';
import { issueApiToken } from '#usecases/api-tokens.ts';
import { createTokenSchema } from '#rules/organisation-schema.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'owner');
  const { name, role } = parseInput(createTokenSchema, event.parsedBody);
  return json<Answer<'create-token'>>(201, await issueApiToken(organiser, name, role));
});

/** GET /api/org/tokens — the organisation's API tokens: names, roles, who made each (never the values). */
import { httpHandler, json } from '#lib/http.ts';
import { requireOrganiser } from '#usecases/access.ts';
import { listTokens } from '#usecases/api-tokens.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'owner');
  return json<Answer<'list-tokens'>>(200, { tokens: await listTokens(organiser) });
});

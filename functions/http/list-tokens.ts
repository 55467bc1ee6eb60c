/** GET /api/org/tokens — the organisation's API tokens: names, roles, who made each (never the values). */
import { httpHandler, json } from '#lib/http.ts';
import { requireOrganiser } from '#domain/access.ts';
import { listTokens } from '#domain/api-tokens.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'owner');
  return json(200, { tokens: await listTokens(organiser) });
});

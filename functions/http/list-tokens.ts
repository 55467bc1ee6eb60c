/** GET /api/org/tokens — the organisation's API tokens (names and roles; never the token values). */
import { httpHandler, json } from '#lib/http.ts';
import { requireOrganiser } from '#domain/access.ts';
import { listApiTokens } from '#store/organisations.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'owner');
  const tokens = await listApiTokens(organiser.orgId);
  return json(200, {
    tokens: tokens
      .map(({ tokenId, name, role, createdAt }) => ({ id: tokenId, name, role, createdAt }))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt)),
  });
});

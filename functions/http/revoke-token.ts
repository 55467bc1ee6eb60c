/** DELETE /api/org/tokens/{tokenId} — an owner revokes an API token; it stops working at once. */
import { httpHandler, pathParam } from '#lib/http.ts';
import { requireOrganiser } from '#usecases/access.ts';
import { revokeToken } from '#usecases/api-tokens.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'owner');
  await revokeToken(organiser, pathParam(event, 'tokenId'));
  return { statusCode: 204, headers: { 'cache-control': 'no-store' } };
});

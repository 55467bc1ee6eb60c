/**
 * POST /api/campaigns/{slug}/signatures/{id}/preview — the page behind an emailed confirm link posts
 * the link's token here and shows what the link would confirm (name, listing choice, country,
 * comment) before the person presses Confirm. Reading only: opening the link changes nothing.
 */
import { httpHandler, json, pathParam } from '#lib/http.ts';
import { linkToken } from '#rules/tokens.ts';
import { preview } from '#usecases/confirmation.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  const token = linkToken(event.parsedBody);
  return json<Answer<'preview-signature'>>(200, await preview(pathParam(event, 'slug'), pathParam(event, 'id'), token), { 'cache-control': 'no-store' });
});

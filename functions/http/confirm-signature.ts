/**
 * POST /api/campaigns/{slug}/signatures/{id}/confirm — the page behind the emailed link posts the
 * link's token here. A POST, not the link itself: mail scanners follow links, people click buttons.
 */
import { httpHandler, json, pathParam } from '#lib/http.ts';
import { linkToken } from '#rules/tokens.ts';
import { confirm } from '#usecases/confirmation.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  const token = linkToken(event.parsedBody);
  await confirm(pathParam(event, 'slug'), pathParam(event, 'id'), token);
  return json<Answer<'confirm-signature'>>(200, { status: 'confirmed' });
});

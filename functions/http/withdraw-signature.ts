/**
 * POST /api/campaigns/{slug}/signatures/{id}/withdraw — removes a signature for good: the personal
 * data goes at once, the count goes down once (through the stream), signing again stays possible.
 */
import { httpHandler, json, pathParam } from '#lib/http.ts';
import { linkToken } from '#rules/tokens.ts';
import { withdraw } from '#usecases/withdrawal.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  const token = linkToken(event.parsedBody);
  await withdraw(pathParam(event, 'slug'), pathParam(event, 'id'), token);
  return json<Answer<'withdraw-signature'>>(200, { status: 'withdrawn' });
});

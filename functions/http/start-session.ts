/** POST /api/auth/session — the page posts the emailed link's token; the answer sets the session cookie. */
import { httpHandler, json, parseInput } from '#lib/http.ts';
import { startSessionSchema } from '#rules/organisation-schema.ts';
import { startSession } from '#usecases/sessions.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  const { token, organisation } = parseInput(startSessionSchema, event.parsedBody);
  const { cookie, me } = await startSession(token, organisation);
  return { ...json<Answer<'start-session'>>(200, me), cookies: [cookie] };
});

/**
 * DELETE /api/auth/session — signs out: the session ends on the server, so a copy of the cookie kept
 * from before signs nobody in; the cookie is cleared whether or not it was valid.
 */
import { httpHandler } from '#lib/http.ts';
import { readSession } from '#lib/session.ts';
import { clearedSessionCookie } from '#lib/session-cookie.ts';
import { endSession } from '#usecases/sessions.ts';

export const handler = httpHandler(async (event) => {
  const session = await readSession(event);
  if (session) await endSession(session);
  return { statusCode: 204, headers: { 'cache-control': 'no-store' }, cookies: [clearedSessionCookie()] };
});

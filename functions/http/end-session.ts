/** DELETE /api/auth/session — signs out: the cookie is cleared whether or not it was valid. */
import { httpHandler } from '#lib/http.ts';
import { clearedSessionCookie } from '#lib/session-cookie.ts';

export const handler = httpHandler(async () => ({
  statusCode: 204,
  headers: { 'cache-control': 'no-store' },
  cookies: [clearedSessionCookie()],
}));

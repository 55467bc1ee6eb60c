/**
 * Organiser sessions: a JWT (HS256, signed with `jose`) in an HttpOnly, Secure, SameSite=Strict
 * cookie. The token says who and which organisation; what they may do is read from the membership on
 * every request (#domain/access.ts), so removing a member or changing a role needs no revocation list.
 *
 * The `__Host-` prefix makes browsers refuse the cookie unless it is Secure, has Path=/ and no
 * Domain: no subdomain can plant or read it.
 */
import { SignJWT, jwtVerify } from 'jose';
import type { HttpEvent } from './http.ts';
import { loadSecret } from './config.ts';
import { SESSION_COOKIE, SESSION_SECONDS } from './session-cookie.ts';

export { SESSION_COOKIE, SESSION_SECONDS, clearedSessionCookie } from './session-cookie.ts';

const ISSUER = 'undersigned';
const AUDIENCE = 'organiser';

const key = new TextEncoder().encode(await loadSecret('SESSION_KEY'));

export interface Session {
  email: string;
  orgId: string;
}

/** A signed session and the Set-Cookie value that stores it. */
export async function issueSession(email: string, orgId: string, now = new Date()): Promise<{ token: string; cookie: string }> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const token = await new SignJWT({ org: orgId })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(email)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + SESSION_SECONDS)
    .sign(key);
  return { token, cookie: `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=${SESSION_SECONDS}` };
}

/** The session cookie's value from an HTTP API (payload 2.0) event, which lists cookies apart. */
function sessionCookie(event: HttpEvent): string | undefined {
  const cookies = event.cookies ?? (event.headers?.cookie ?? '').split(';');
  for (const cookie of cookies) {
    const at = cookie.indexOf('=');
    if (at > 0 && cookie.slice(0, at).trim() === SESSION_COOKIE) return cookie.slice(at + 1).trim();
  }
  return undefined;
}

/**
 * The verified session of a request, or undefined: no cookie, a bad signature, another issuer or
 * audience, an algorithm other than HS256 (no `none`), or an expired token all read as "not signed in".
 */
export async function readSession(event: HttpEvent, now = new Date()): Promise<Session | undefined> {
  const token = sessionCookie(event);
  if (!token || token.length > 4096) return undefined;
  try {
    const { payload } = await jwtVerify(token, key, {
      issuer: ISSUER,
      audience: AUDIENCE,
      algorithms: ['HS256'],
      currentDate: now,
    });
    if (typeof payload.sub !== 'string' || typeof payload.org !== 'string') return undefined;
    return { email: payload.sub, orgId: payload.org };
  } catch {
    return undefined;
  }
}

/**
 * Organiser sessions: a JWT (HS256, signed with `jose`) in an HttpOnly, Secure, SameSite=Strict
 * cookie. The token says who, which organisation and which session (`sid`, 256 random bits). The
 * server keeps each session's record (#usecases/sessions.ts), so signing out ends it for every copy of
 * the cookie; what the member may do is read from the membership on every request (#usecases/access.ts).
 *
 * The `__Host-` prefix makes browsers refuse the cookie unless it is Secure, has Path=/ and no
 * Domain: no subdomain can plant or read it.
 */
import { randomBytes } from 'node:crypto';
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
  /** The session's id: random, so only the cookie's holder knows it (the server keeps its hash). */
  sid: string;
}

const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

/** A signed session, the Set-Cookie value that stores it, its id and when it ends. */
export async function issueSession(
  email: string,
  orgId: string,
  now = new Date(),
): Promise<{ token: string; cookie: string; sid: string; expiresAt: Date }> {
  const issuedAt = Math.floor(now.getTime() / 1000);
  const sid = randomBytes(32).toString('base64url');
  const token = await new SignJWT({ org: orgId, sid })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(email)
    .setIssuer(ISSUER)
    .setAudience(AUDIENCE)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + SESSION_SECONDS)
    .sign(key);
  return {
    token,
    cookie: `${SESSION_COOKIE}=${token}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=${SESSION_SECONDS}`,
    sid,
    expiresAt: new Date((issuedAt + SESSION_SECONDS) * 1000),
  };
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
 * audience, an algorithm other than HS256 (no `none`), an expired token, or one without a session id
 * (issued before sessions were kept on the server) all read as "not signed in". Whether the session
 * is still open is the caller's to check (#usecases/access.ts).
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
    if (typeof payload.sid !== 'string' || !SESSION_ID.test(payload.sid)) return undefined;
    return { email: payload.sub, orgId: payload.org, sid: payload.sid };
  } catch {
    return undefined;
  }
}

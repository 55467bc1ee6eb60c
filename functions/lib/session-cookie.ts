/**
 * The session cookie's name and lifetime, and the Set-Cookie that removes it. Apart from session.ts,
 * which needs the signing key at start-up, so signing out needs no key.
 */
export const SESSION_COOKIE = '__Host-session';
export const SESSION_SECONDS = 12 * 60 * 60;

/** The Set-Cookie value that removes the session cookie. */
export function clearedSessionCookie(): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0`;
}

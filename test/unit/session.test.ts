/**
 * The organiser session cookie: what verifies and what does not. The cookie's life end to end is in
 * test/integration/organiser-access.test.ts.
 */
import './unit-env.ts';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { httpEvent } from './http-event.ts';

const { issueSession, readSession, clearedSessionCookie, SESSION_COOKIE, SESSION_SECONDS } = await import('#lib/session.ts');
const { hasRole, memberIdOf, isApiTokenShape, newApiToken } = await import('#rules/organisation.ts');

const key = new TextEncoder().encode(process.env.SESSION_KEY);
const withCookie = (token: string) => httpEvent({ cookies: [`other=1`, `${SESSION_COOKIE}=${token}`] });

describe('session cookies', () => {
  it('round-trips who, which organisation and which session, from the cookie list or a Cookie header', async () => {
    const issued = new Date('2026-11-24T08:00:00Z');
    const { token, cookie, sid, expiresAt } = await issueSession('nadia@example.org', 'org-1', issued);
    expect(cookie).toBe(`${SESSION_COOKIE}=${token}; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=${SESSION_SECONDS}`);
    expect(sid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(expiresAt.getTime()).toBe(issued.getTime() + SESSION_SECONDS * 1000);
    const now = new Date(issued.getTime() + 1000);
    expect(await readSession(withCookie(token), now)).toEqual({ email: 'nadia@example.org', orgId: 'org-1', sid });
    const header = httpEvent({ headers: { cookie: `a=b; ${SESSION_COOKIE}=${token}` } });
    expect(await readSession(header, now)).toEqual({ email: 'nadia@example.org', orgId: 'org-1', sid });
    // Every session is a new one, however alike.
    expect((await issueSession('nadia@example.org', 'org-1', issued)).sid).not.toBe(sid);
  });

  it('expires after 12 hours', async () => {
    const issued = new Date('2026-11-24T08:00:00Z');
    const { token } = await issueSession('nadia@example.org', 'org-1', issued);
    expect(await readSession(withCookie(token), new Date(issued.getTime() + SESSION_SECONDS * 1000 - 60_000))).toBeDefined();
    expect(await readSession(withCookie(token), new Date(issued.getTime() + SESSION_SECONDS * 1000 + 60_000))).toBeUndefined();
  });

  it('refuses a changed payload, another key, another audience and alg none', async () => {
    const { token } = await issueSession('nadia@example.org', 'org-1');
    const [header, , signature] = token.split('.');
    const otherOrg = Buffer.from(JSON.stringify({ sub: 'nadia@example.org', org: 'org-2', iss: 'undersigned', aud: 'organiser', exp: 4e9 })).toString('base64url');
    expect(await readSession(withCookie(`${header}.${otherOrg}.${signature}`))).toBeUndefined();

    const sid = 'a'.repeat(43);
    const sign = (audience: string, secret: Uint8Array, claims: Record<string, unknown> = { org: 'org-1', sid }) =>
      new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setSubject('nadia@example.org').setIssuer('undersigned').setAudience(audience).setExpirationTime('1h').sign(secret);
    expect(await readSession(withCookie(await sign('organiser', key)))).toBeDefined();
    expect(await readSession(withCookie(await sign('signer', key)))).toBeUndefined();
    expect(await readSession(withCookie(await sign('organiser', new TextEncoder().encode('x'.repeat(48)))))).toBeUndefined();
    // Issued before sessions were kept on the server (no session id), or with a malformed one.
    expect(await readSession(withCookie(await sign('organiser', key, { org: 'org-1' })))).toBeUndefined();
    expect(await readSession(withCookie(await sign('organiser', key, { org: 'org-1', sid: 'short' })))).toBeUndefined();
    const none = `${Buffer.from('{"alg":"none","typ":"JWT"}').toString('base64url')}.${otherOrg}.`;
    expect(await readSession(withCookie(none))).toBeUndefined();
    expect(await readSession(httpEvent({}))).toBeUndefined();
  });

  it('is cleared by an expired cookie of the same name and attributes', () => {
    expect(clearedSessionCookie()).toBe(`${SESSION_COOKIE}=; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=0`);
  });
});

describe('roles and identifiers', () => {
  it('orders roles owner > editor > viewer', () => {
    expect(hasRole('owner', 'editor')).toBe(true);
    expect(hasRole('editor', 'editor')).toBe(true);
    expect(hasRole('editor', 'owner')).toBe(false);
    expect(hasRole('viewer', 'editor')).toBe(false);
  });

  it('derives one member id per address, whatever its case or Unicode form', () => {
    expect(memberIdOf(' Nadia@Example.org ')).toBe(memberIdOf('nadia@example.org'));
    expect(memberIdOf('nadia@example.org')).toMatch(/^[0-9a-f]{16}$/);
    expect(memberIdOf('nadia@example.org')).not.toBe(memberIdOf('nadia@example.com'));
  });

  it('makes API tokens of a recognisable shape and refuses others', () => {
    const { token, tokenId } = newApiToken();
    expect(isApiTokenShape(token)).toBe(true);
    expect(tokenId).toMatch(/^[0-9a-f]{12}$/);
    expect(isApiTokenShape(token.slice(1))).toBe(false);
    expect(isApiTokenShape(`${token}x`)).toBe(false);
    expect(newApiToken().token).not.toBe(token);
  });
});

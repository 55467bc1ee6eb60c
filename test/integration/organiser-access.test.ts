/**
 * Organiser access against the real engines, through the local API server: the emailed sign-in link,
 * the session cookie, roles, API tokens, and for every organiser route in the route table — no cookie,
 * a forged one, an expired one, too low a role, another organisation's data — a refusal.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalTables } from '../support/local-tables.ts';
import { startLocalApi } from '../support/local-api.ts';
import { readMailbox, waitForMail, type MailboxMessage } from '../support/mailbox.ts';
import { newMember, newOrganisation, sessionHeaders, type TestOrganiser } from '../support/organisers.ts';
import type { Route } from '#routes';
import { campaign } from '../support/local-api.ts';
import { rawScan } from '../support/raw-items.ts';
import { solvedChallenge } from '../support/signer.ts';
import type { StreamPoller } from '../../infra/local/stream-poller.ts';
import { callRoute, everything as everythingIn, validBodies } from '../support/organiser-routes.ts';

let env: Awaited<ReturnType<typeof useLocalTables>>;
let api: Awaited<ReturnType<typeof startLocalApi>>;
let routes: readonly Route[];
let orgA: TestOrganiser;
let orgB: TestOrganiser;
let viewerA: TestOrganiser;
let editorA: TestOrganiser;
const slugA = 'org-a-letter';
/** Feeds the organisations table's stream to the consumer that answers sign-in requests. */
let signIns: StreamPoller;

beforeAll(async () => {
  env = await useLocalTables();
  api = await startLocalApi();
  let streamConsumers: Awaited<typeof import('#routes')>['streamConsumers'];
  ({ routes, streamConsumers } = await import('#routes'));
  const consumer = streamConsumers.find((c) => c.name === 'answer-sign-ins')!;
  const [{ handler }, { streamFilter }] = await Promise.all([import('#streams/answer-sign-ins.ts'), import('../../infra/local/stream-poller.ts')]);
  signIns = env.poller(handler, { tableName: env.tables.ORGANISATIONS_TABLE!, filter: streamFilter(consumer.only!, 'sk') });
  signIns.start();
  orgA = await newOrganisation('Coalition A');
  orgB = await newOrganisation('Coalition B');
  viewerA = await newMember(orgA.orgId, 'viewer');
  editorA = await newMember(orgA.orgId, 'editor');
  // A campaign of organisation A, written as the editor stores it.
  const documents = DynamoDBDocumentClient.from(env.client);
  const now = new Date().toISOString();
  await documents.send(
    new PutCommand({
      TableName: env.tables.PETITIONS_TABLE,
      Item: {
        pk: slugA, sk: 'META', slug: slugA, kind: 'letter', title: 'Free them', text: 'Dear President,', targets: [{ name: 'The President' }],
        goal: 100, status: 'open', listStatus: 'open', orgId: orgA.orgId, shards: 16, version: 1, publicSigners: false, retentionDays: 90,
        createdAt: now, updatedAt: now,
      },
    }),
  );
  await documents.send(new PutCommand({ TableName: env.tables.PETITIONS_TABLE, Item: { pk: slugA, sk: 'COUNT', count: 0, pending: 0, countries: {}, wm: {}, updatedAt: now } }));
});

afterAll(async () => {
  await signIns?.stop();
  await api?.close();
  await env?.cleanup();
});

const signInLinkPattern = /#\/org\/sign-in\/([A-Za-z0-9_-]{43})/;

function tokenIn(mail: MailboxMessage): string {
  const match = signInLinkPattern.exec(mail.body.text ?? '');
  if (!match) throw new Error('No sign-in link in the mail.');
  return match[1]!;
}

function sessionCookieOf(setCookie: string | null): string {
  expect(setCookie).toBeTruthy();
  return setCookie!.split(';')[0]!;
}

describe('signing in by emailed link', () => {
  it('turns the link into a hardened session cookie that works once', async () => {
    const before = new Date();
    const asked = await api.call('POST', '/api/auth/link', { email: `  ${orgA.email.toUpperCase()} `, altcha: await solvedChallenge(api.call) });
    expect(asked.status).toBe(202);
    const mail = await waitForMail(env.mailbox, { to: orgA.email, after: before, subjectIncludes: 'sign-in link' });
    const token = tokenIn(mail);

    const started = await api.call('POST', '/api/auth/session', { token });
    expect(started.status).toBe(200);
    expect(started.json).toMatchObject({ email: orgA.email, role: 'owner', organisation: { id: orgA.orgId, name: 'Coalition A' } });
    const setCookie = started.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^__Host-session=[\w-]+\.[\w-]+\.[\w-]+; /);
    for (const attribute of ['HttpOnly', 'Secure', 'SameSite=Strict', 'Path=/', 'Max-Age=43200']) expect(setCookie).toContain(attribute);

    const me = await api.call('GET', '/api/me', undefined, { cookie: sessionCookieOf(setCookie) });
    expect(me.status).toBe(200);
    expect(me.json.organisations).toEqual([{ id: orgA.orgId, name: 'Coalition A', role: 'owner' }]);

    const again = await api.call('POST', '/api/auth/session', { token });
    expect(again.status).toBe(401);
    expect(again.json.error.code).toBe('link_invalid');
  });

  it('answers a stranger the same, and mails them no link', async () => {
    const before = new Date();
    const stranger = 'stranger@example.org';
    const asked = await api.call('POST', '/api/auth/link', { email: stranger, altcha: await solvedChallenge(api.call) });
    expect(asked.status).toBe(202);
    expect(asked.text).toBe('{}');
    const mail = await waitForMail(env.mailbox, { to: stranger, after: before });
    expect(mail.subject).not.toContain('link');
    expect(mail.body.text).not.toMatch(signInLinkPattern);
  });

  it('refuses an expired link and a malformed one, naming the field', async () => {
    const { putSignInLink } = await import('#store/organisations.ts');
    const { hashToken, newToken } = await import('#rules/tokens.ts');
    const token = newToken();
    await putSignInLink(hashToken(token), orgA.email, new Date(Date.now() - 1000));
    expect((await api.call('POST', '/api/auth/session', { token })).status).toBe(401);
    const malformed = await api.call('POST', '/api/auth/session', { token: 'short' });
    expect(malformed.status).toBe(400);
    expect(malformed.json.error.fields).toHaveProperty('token');
  });

  it('signs out by clearing the cookie and ending the session (test/integration/access-ends.test.ts replays a copy)', async () => {
    const session = await sessionHeaders(orgA.email, orgA.orgId);
    const out = await api.call('DELETE', '/api/auth/session', undefined, session);
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^__Host-session=; .*Max-Age=0/);
    expect((await api.call('GET', '/api/me', undefined, session)).status).toBe(401);
    // Without a session, or with one already ended, signing out still just clears the cookie.
    for (const headers of [{}, session, { cookie: '__Host-session=garbage' }]) {
      expect((await api.call('DELETE', '/api/auth/session', undefined, headers)).status).toBe(204);
    }
  });
});

describe('every organiser route refuses', () => {
  const organiserPrefixes = ['/api/org/', '/api/me'];

  it('is marked as organiser-only in the route table, with the session key and the organisations table', () => {
    const unmarked = routes.filter((r) => organiserPrefixes.some((p) => r.path.startsWith(p)) && !r.organiser);
    expect(unmarked.map((r) => r.name)).toEqual([]);
    for (const route of routes.filter((r) => r.organiser)) {
      expect(route.secrets, route.name).toContain('SESSION_KEY');
      expect(route.tables.Organisations, route.name).toBeDefined();
    }
  });

  /** The route's path with its parameters filled with organisation A's things. */
  function pathOf(route: Route, params: Record<string, string> = {}): string {
    return route.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? (name === 'slug' ? slugA : '0123456789abcdef')));
  }
  const call = (route: Route, headers: Record<string, string>, params?: Record<string, string>) =>
    api.call(route.method, pathOf(route, params), route.method === 'GET' || route.method === 'DELETE' ? undefined : {}, headers);

  async function forged(): Promise<Record<string, string>> {
    const token = await new SignJWT({ org: orgA.orgId })
      .setProtectedHeader({ alg: 'HS256' })
      .setSubject(orgA.email)
      .setIssuer('undersigned')
      .setAudience('organiser')
      .setIssuedAt()
      .setExpirationTime('1h')
      .sign(new TextEncoder().encode('not-the-session-key-but-just-as-long-as-it'));
    return { cookie: `__Host-session=${token}` };
  }

  it('without a session, with a forged, an unsigned or an expired one: 401', async () => {
    const organiserRoutes = routes.filter((r) => r.organiser);
    expect(organiserRoutes.length).toBeGreaterThanOrEqual(9);
    const [header, payload] = (await forged()).cookie!.split('=')[1]!.split('.');
    const unsigned = { cookie: `__Host-session=${Buffer.from('{"alg":"none"}').toString('base64url')}.${payload}.` };
    const expired = await sessionHeaders(orgA.email, orgA.orgId, new Date(Date.now() - 13 * 3600_000));
    // Issued a session's lifetime and one second ago: expired by a second, for the owner herself.
    const { SESSION_SECONDS } = await import('#lib/session.ts');
    const justExpired = await sessionHeaders(orgA.email, orgA.orgId, new Date(Date.now() - (SESSION_SECONDS + 1) * 1000));
    expect(header).toBeTruthy();
    for (const route of organiserRoutes) {
      const attempts: Record<string, Record<string, string>> = { none: {}, forged: await forged(), unsigned, expired, justExpired, badBearer: { authorization: 'Bearer ust_nope' } };
      for (const [what, headers] of Object.entries(attempts)) {
        const response = await call(route, headers);
        expect(`${route.name} ${what} ${response.status}`).toBe(`${route.name} ${what} 401`);
        expect(response.json.error.code).toBe('unauthorized');
      }
    }
  });

  it('a role below the route\'s: 403, and nothing changes', async () => {
    const members = (await api.call('GET', '/api/org/members', undefined, orgA.headers)).json.members;
    for (const route of routes.filter((r) => r.organiser && r.organiser !== 'viewer')) {
      const lower = route.organiser === 'owner' ? [viewerA, editorA] : [viewerA];
      for (const member of lower) {
        const response = await call(route, member.headers, { memberId: members[0].id });
        expect(`${route.name} as ${member.role}: ${response.status}`).toBe(`${route.name} as ${member.role}: 403`);
      }
    }
    expect((await api.call('GET', '/api/org/members', undefined, orgA.headers)).json.members).toEqual(members);
  });

  it("another organisation's campaign, member or token: 404, and nothing of it shows", async () => {
    const members = (await api.call('GET', '/api/org/members', undefined, orgA.headers)).json.members;
    const token = (await api.call('POST', '/api/org/tokens', { name: 'A bot', role: 'viewer' }, orgA.headers)).json;
    const params = { slug: slugA, memberId: members[0].id, tokenId: token.id, jobId: '2026-11-24T00:00:00.000Z#abcdef' };
    for (const route of routes.filter((r) => r.organiser)) {
      const response = await call(route, orgB.headers, params);
      if (/\{\w+\}/.test(route.path)) {
        expect(`${route.name}: ${response.status}`).toBe(`${route.name}: 404`);
      }
      expect(response.text).not.toContain(orgA.email);
      expect(response.text).not.toContain(slugA);
    }
    // Still there for their own organisation.
    expect((await api.call('GET', '/api/org/members', undefined, orgA.headers)).json.members).toHaveLength(members.length);
    expect((await api.call('GET', '/api/org/tokens', undefined, orgA.headers)).json.tokens.map((t: { id: string }) => t.id)).toContain(token.id);
  });
});

describe('every route must choose: organiser or public', () => {
  /**
   * The routes anyone may call. A new route without an `organiser` marker fails the test below until
   * it is added here, so leaving a route open is a decision someone wrote down, never an omission.
   */
  const PUBLIC_ROUTES = [
    'health',
    'list-public-campaigns',
    'get-public-campaign',
    'get-count',
    'get-challenge',
    'sign',
    'preview-signature',
    'confirm-signature',
    'withdraw-signature',
    'list-signers',
    'request-sign-in',
    'start-session',
    'end-session',
    'cosign',
    'preview-cosign',
    'get-openapi',
  ];

  it('every route without an organiser marker is on the explicit list of public routes, and none on it is marked', () => {
    const unmarked = routes.filter((r) => !r.organiser).map((r) => r.name);
    expect(unmarked.filter((name) => !PUBLIC_ROUTES.includes(name)), 'unmarked routes not on the public list').toEqual([]);
    const marked = routes.filter((r) => r.organiser).map((r) => r.name);
    expect(PUBLIC_ROUTES.filter((name) => marked.includes(name) || !routes.some((r) => r.name === name)), 'public list entries that are marked or gone').toEqual([]);
  });
});

describe('refused, route by route, with nothing changed', () => {
  const call = (route: Route, headers: Record<string, string>, params: Record<string, string>, body?: unknown) =>
    callRoute(api.call, route, headers, params, body ?? {});
  const everything = () => everythingIn(env.tables);

  it("a viewer's session on every route above viewer: 403, and not one item in any table changes", async () => {
    const above = routes.filter((r) => r.organiser && r.organiser !== 'viewer');
    // A new route above viewer must say what a real request to it looks like.
    expect(above.map((r) => r.name).filter((name) => !(name in validBodies))).toEqual([]);
    const members = (await api.call('GET', '/api/org/members', undefined, orgA.headers)).json.members;
    const token = (await api.call('POST', '/api/org/tokens', { name: 'Kept', role: 'viewer' }, orgA.headers)).json;
    const params = { slug: slugA, memberId: members.find((m: { email: string }) => m.email === editorA.email).id, tokenId: token.id, lang: 'uk', jobId: '20261124T054731123Z-0123456789' };
    const before = await everything();
    for (const route of above) {
      const response = await call(route, viewerA.headers, params, validBodies[route.name]);
      expect(`${route.name} as viewer: ${response.status}`).toBe(`${route.name} as viewer: 403`);
      expect(response.json.error.code).toBe('forbidden');
    }
    expect(await everything()).toBe(before);
  });

  it("another organisation's API token: 404 on A's things (403 where only owners may go), nothing of A shows, nothing changes", async () => {
    // Tokens are at most editors (no owner tokens), so owner-only routes refuse it for its role first.
    const bTokenResponse = await api.call('POST', '/api/org/tokens', { name: 'B bot', role: 'editor' }, orgB.headers);
    expect(bTokenResponse.status).toBe(201);
    const bearer = { authorization: `Bearer ${bTokenResponse.json.token}` };
    const members = (await api.call('GET', '/api/org/members', undefined, orgA.headers)).json.members;
    const aToken = (await api.call('POST', '/api/org/tokens', { name: 'A bot', role: 'viewer' }, orgA.headers)).json;
    const params = { slug: slugA, memberId: members[0].id, tokenId: aToken.id, lang: 'uk', jobId: '20261124T054731123Z-0123456789' };
    const before = await everything();
    for (const route of routes.filter((r) => r.organiser && /\{\w+\}/.test(r.path))) {
      const response = await call(route, bearer, params, validBodies[route.name]);
      const refusal = route.organiser === 'owner' ? 403 : 404;
      expect(`${route.name}: ${response.status}`).toBe(`${route.name}: ${refusal}`);
      expect(response.text).not.toContain(orgA.email);
      expect(response.text).not.toContain(slugA);
    }
    expect(await everything()).toBe(before);
    // The token is good for its own organisation, and only for it.
    const me = await api.call('GET', '/api/me', undefined, bearer);
    expect(me.json).toMatchObject({ role: 'editor', organisation: { id: orgB.orgId } });
    const listed = await api.call('GET', '/api/org/members', undefined, bearer);
    expect(listed.text).not.toContain(orgA.email);
  });

  it('a revoked API token: 401 on every organiser route, nothing changes', async () => {
    const created = await api.call('POST', '/api/org/tokens', { name: 'Soon revoked', role: 'editor' }, orgA.headers);
    const bearer = { authorization: `Bearer ${created.json.token}` };
    expect((await api.call('GET', '/api/me', undefined, bearer)).status).toBe(200);
    expect((await api.call('DELETE', `/api/org/tokens/${created.json.id}`, undefined, orgA.headers)).status).toBe(204);
    const members = (await api.call('GET', '/api/org/members', undefined, orgA.headers)).json.members;
    const params = { slug: slugA, memberId: members[0].id, tokenId: created.json.id, lang: 'uk', jobId: '20261124T054731123Z-0123456789' };
    const before = await everything();
    for (const route of routes.filter((r) => r.organiser)) {
      const response = await call(route, bearer, params, validBodies[route.name]);
      expect(`${route.name}: ${response.status}`).toBe(`${route.name}: 401`);
      expect(response.json.error.code).toBe('unauthorized');
    }
    expect(await everything()).toBe(before);
  });
});

describe('members', () => {
  it('an owner invites a viewer, who signs in from the mail, and loses access when removed', async () => {
    const before = new Date();
    const email = 'new.viewer@example.org';
    const invited = await api.call('POST', '/api/org/members', { email, role: 'viewer' }, orgA.headers);
    expect(invited.status).toBe(201);
    expect(invited.json).toMatchObject({ email, role: 'viewer', invitation: 'sent' });
    expect((await api.call('POST', '/api/org/members', { email, role: 'editor' }, orgA.headers)).status).toBe(409);

    const mail = await waitForMail(env.mailbox, { to: email, after: before, subjectIncludes: 'Coalition A' });
    const started = await api.call('POST', '/api/auth/session', { token: tokenIn(mail) });
    expect(started.json).toMatchObject({ role: 'viewer', organisation: { id: orgA.orgId } });
    const cookie = { cookie: sessionCookieOf(started.headers.get('set-cookie')) };
    expect((await api.call('GET', '/api/org/members', undefined, cookie)).status).toBe(200);
    expect((await api.call('POST', '/api/org/tokens', { name: 'x', role: 'viewer' }, cookie)).status).toBe(403);

    expect((await api.call('DELETE', `/api/org/members/${invited.json.id}`, undefined, orgA.headers)).status).toBe(204);
    expect((await api.call('GET', '/api/me', undefined, cookie)).status).toBe(401);
  });

  it('keeps at least one owner', async () => {
    const me = (await api.call('GET', '/api/me', undefined, orgB.headers)).json;
    const demoted = await api.call('PATCH', `/api/org/members/${me.memberId}`, { role: 'viewer' }, orgB.headers);
    expect(demoted.status).toBe(409);
    expect(demoted.json.error.code).toBe('last_owner');
    expect((await api.call('DELETE', `/api/org/members/${me.memberId}`, undefined, orgB.headers)).status).toBe(409);
  });

  it('refuses a bad invitation field by field', async () => {
    const response = await api.call('POST', '/api/org/members', { email: 'not an address', role: 'boss' }, orgA.headers);
    expect(response.status).toBe(400);
    expect(Object.keys(response.json.error.fields).sort()).toEqual(['email', 'role']);
  });
});

describe('API tokens', () => {
  it('are shown once, act with their role, and stop working when revoked', async () => {
    const created = await api.call('POST', '/api/org/tokens', { name: 'CRM sync', role: 'editor' }, orgA.headers);
    expect(created.status).toBe(201);
    expect(created.json.token).toMatch(/^ust_[\w-]{43}$/);
    const bearer = { authorization: `Bearer ${created.json.token}` };

    const listed = await api.call('GET', '/api/org/tokens', undefined, orgA.headers);
    expect(listed.json.tokens).toContainEqual({
      id: created.json.id,
      name: 'CRM sync',
      role: 'editor',
      createdAt: created.json.createdAt,
      createdBy: { id: created.json.createdBy.id, email: orgA.email },
      active: true,
    });
    expect(listed.text).not.toContain(created.json.token);

    const me = await api.call('GET', '/api/me', undefined, bearer);
    expect(me.json).toMatchObject({ role: 'editor', organisation: { id: orgA.orgId } });
    // Editors manage no tokens, whatever carries the role.
    expect((await api.call('GET', '/api/org/tokens', undefined, bearer)).status).toBe(403);

    expect((await api.call('DELETE', `/api/org/tokens/${created.json.id}`, undefined, orgA.headers)).status).toBe(204);
    expect((await api.call('GET', '/api/me', undefined, bearer)).status).toBe(401);
    expect((await api.call('DELETE', `/api/org/tokens/${created.json.id}`, undefined, orgA.headers)).status).toBe(404);
  });

  it('are never stored in clear', async () => {
    const created = await api.call('POST', '/api/org/tokens', { name: 'Audit', role: 'viewer' }, orgA.headers);
    const { rawScan } = await import('../support/raw-items.ts');
    const dump = JSON.stringify(await rawScan(env.tables.ORGANISATIONS_TABLE!));
    expect(dump).toContain(created.json.id);
    expect(dump).not.toContain(created.json.token.slice(4));
  });
});

it('mails nothing but what was asked for', async () => {
  // Sanity for the tests above: every mail went to an address a test used.
  const recipients = new Set((await readMailbox(env.mailbox)).flatMap((m) => m.destination.to));
  expect([...recipients].sort()).toEqual([orgA.email, 'new.viewer@example.org', 'stranger@example.org'].sort());
});

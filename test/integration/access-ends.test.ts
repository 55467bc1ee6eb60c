/**
 * Access ends when it should (issue #13 item 6), attacked from outside through the local API server
 * against DynamoDB Local:
 *
 * - a removed or demoted owner's API tokens, on every organiser route (start-export included), and
 *   tokens created while their maker is being removed;
 * - a session cookie copied before signing out (or before a removal, or a switch of organisation)
 *   and replayed after;
 * - two owners demoting or removing each other at the same moment, 20 rounds each.
 *
 * Another organisation probing the slug of a draft: draft-slugs.test.ts.
 */
import { DynamoDBDocumentClient, DeleteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Route } from '#routes';
import { useLocalTables } from '../support/local-tables.ts';
import { campaign, startLocalApi } from '../support/local-api.ts';
import { waitForMail } from '../support/mailbox.ts';
import { newMember, newOrganisation, type TestOrganiser } from '../support/organisers.ts';
import { callRoute, everything as everythingIn } from '../support/organiser-routes.ts';
import { rawItems } from '../support/raw-items.ts';

let env: Awaited<ReturnType<typeof useLocalTables>>;
let api: Awaited<ReturnType<typeof startLocalApi>>;
let routes: readonly Route[];
let memberIdOf: (email: string) => string;
let documents: DynamoDBDocumentClient;
let orgA: TestOrganiser;
const slugA = 'access-ends-letter';

beforeAll(async () => {
  env = await useLocalTables();
  api = await startLocalApi();
  ({ routes } = await import('#routes'));
  ({ memberIdOf } = await import('#rules/organisation.ts'));
  documents = DynamoDBDocumentClient.from(env.client);
  orgA = await newOrganisation('Coalition A');
  expect((await api.call('POST', '/api/org/campaigns', campaign(slugA), orgA.headers)).status).toBe(201);
});

afterAll(async () => {
  await api?.close();
  await env?.cleanup();
});

const organiserRoutes = () => routes.filter((r) => r.organiser);
const everything = () => everythingIn(env.tables);
const bearerOf = (token: string) => ({ authorization: `Bearer ${token}` });

/** Ids for every path parameter: organisation A's campaign, a member of it, a token. */
async function paramsOfA(tokenId = '0123456789ab') {
  const members = (await api.call('GET', '/api/org/members', undefined, orgA.headers)).json.members;
  return { slug: slugA, memberId: members[0].id, tokenId, lang: 'uk', jobId: '20261124T054731123Z-0123456789' };
}

/** Every organiser route with these credentials: 401 each, and not one item in any table changes. */
async function expectLockedOut(headers: Record<string, string>, tokenId?: string) {
  const params = await paramsOfA(tokenId);
  const before = await everything();
  for (const route of organiserRoutes()) {
    const response = await callRoute(api.call, route, headers, params);
    expect(`${route.name}: ${response.status}`).toBe(`${route.name}: 401`);
    expect(response.json.error.code).toBe('unauthorized');
  }
  expect(await everything()).toBe(before);
}

async function makeToken(by: TestOrganiser, name: string, role: 'editor' | 'viewer' = 'editor') {
  const created = await api.call('POST', '/api/org/tokens', { name, role }, by.headers);
  expect(created.status).toBe(201);
  return created.json as { id: string; token: string };
}

const tokenIds = async (headers = orgA.headers) =>
  ((await api.call('GET', '/api/org/tokens', undefined, headers)).json.tokens as { id: string }[]).map((t) => t.id);

/** The organisation's API token items as stored (lookup and listing), made by this member. */
async function storedTokensOf(memberId: string) {
  const items = await rawItems(env.tables.ORGANISATIONS_TABLE!, 'TOKEN#');
  const listings = (await rawItems(env.tables.ORGANISATIONS_TABLE!, 'ORG#')).filter((i) => String(i.sk).startsWith('TOKEN#'));
  return [...items, ...listings].filter((i) => i.createdBy === memberId);
}

describe('a removed or demoted owner’s API tokens', () => {
  it('stop working on every organiser route, start-export included, the moment the owner is removed; nothing changes', async () => {
    const owner = await newMember(orgA.orgId, 'owner');
    const made = await makeToken(owner, 'Signer list sync');
    const bearer = bearerOf(made.token);
    // Before: the token exports the signer list.
    expect((await api.call('POST', `/api/org/campaigns/${slugA}/exports`, { format: 'csv' }, bearer)).status).toBe(202);

    expect((await api.call('DELETE', `/api/org/members/${memberIdOf(owner.email)}`, undefined, orgA.headers)).status).toBe(204);
    await expectLockedOut(bearer, made.id);
    expect(await tokenIds()).not.toContain(made.id);
  });

  it('stop working when the owner is demoted, while the demoted member’s own session goes on with the new role', async () => {
    const owner = await newMember(orgA.orgId, 'owner');
    const made = await makeToken(owner, 'Nightly report', 'viewer');
    expect((await api.call('GET', '/api/me', undefined, bearerOf(made.token))).status).toBe(200);

    const demoted = await api.call('PATCH', `/api/org/members/${memberIdOf(owner.email)}`, { role: 'editor' }, orgA.headers);
    expect(demoted.status).toBe(200);
    await expectLockedOut(bearerOf(made.token), made.id);
    expect(await tokenIds()).not.toContain(made.id);
    expect((await api.call('GET', '/api/me', undefined, owner.headers)).json).toMatchObject({ role: 'editor' });
  });

  it('are all revoked, even more than one transaction holds (60 tokens, 120 items)', async () => {
    const owner = await newMember(orgA.orgId, 'owner');
    const made = [];
    for (let i = 0; i < 60; i++) made.push(await makeToken(owner, `Bot ${i}`, i % 2 ? 'viewer' : 'editor'));
    expect((await api.call('DELETE', `/api/org/members/${memberIdOf(owner.email)}`, undefined, orgA.headers)).status).toBe(204);

    expect(await storedTokensOf(memberIdOf(owner.email))).toEqual([]);
    const listed = await tokenIds();
    for (const token of made) {
      expect(listed).not.toContain(token.id);
      expect((await api.call('GET', '/api/me', undefined, bearerOf(token.token))).status).toBe(401);
    }
  });

  it('a removal racing the owner’s token creation never leaves a working token (20 rounds)', async () => {
    for (let round = 0; round < 20; round++) {
      const owner = await newMember(orgA.orgId, 'owner');
      const [created, removed] = await Promise.all([
        api.call('POST', '/api/org/tokens', { name: `Race ${round}`, role: 'editor' }, owner.headers),
        api.call('DELETE', `/api/org/members/${memberIdOf(owner.email)}`, undefined, orgA.headers),
      ]);
      expect(removed.status).toBe(204);
      expect([201, 401, 403]).toContain(created.status);
      if (created.status === 201) {
        expect(`round ${round}: ${(await api.call('GET', '/api/me', undefined, bearerOf(created.json.token))).status}`).toBe(`round ${round}: 401`);
      }
      expect(await storedTokensOf(memberIdOf(owner.email))).toEqual([]);
    }
  });

  it('a token whose maker was demoted before revocation existed (still stored) is refused', async () => {
    const owner = await newMember(orgA.orgId, 'owner');
    const made = await makeToken(owner, 'Outlived its maker’s role', 'viewer');
    // What a demotion did before: the role changed, the tokens stayed.
    await documents.send(
      new UpdateCommand({
        TableName: env.tables.ORGANISATIONS_TABLE,
        Key: { pk: `ORG#${orgA.orgId}`, sk: `MEMBER#${memberIdOf(owner.email)}` },
        UpdateExpression: 'SET #role = :editor',
        ExpressionAttributeNames: { '#role': 'role' },
        ExpressionAttributeValues: { ':editor': 'editor' },
      }),
    );
    await expectLockedOut(bearerOf(made.token), made.id);
    const listed = (await api.call('GET', '/api/org/tokens', undefined, orgA.headers)).json.tokens;
    expect(listed.find((t: { id: string }) => t.id === made.id)).toMatchObject({ createdBy: { id: memberIdOf(owner.email), email: owner.email }, active: false });
  });

  it('a token whose maker was removed before revocation existed (still stored) is refused', async () => {
    const owner = await newMember(orgA.orgId, 'owner');
    const made = await makeToken(owner, 'Left behind');
    // What a removal did before: the membership went, the tokens stayed.
    await documents.send(new DeleteCommand({ TableName: env.tables.ORGANISATIONS_TABLE, Key: { pk: `ORG#${orgA.orgId}`, sk: `MEMBER#${memberIdOf(owner.email)}` } }));
    await documents.send(new DeleteCommand({ TableName: env.tables.ORGANISATIONS_TABLE, Key: { pk: `USER#${owner.email}`, sk: `ORG#${orgA.orgId}` } }));
    await expectLockedOut(bearerOf(made.token), made.id);
    // The owners see it for what it is, and can revoke it.
    const listed = (await api.call('GET', '/api/org/tokens', undefined, orgA.headers)).json.tokens;
    expect(listed.find((t: { id: string }) => t.id === made.id)).toMatchObject({ createdBy: { id: memberIdOf(owner.email) }, active: false });
    expect(listed.find((t: { id: string }) => t.id === made.id).createdBy).not.toHaveProperty('email');
  });

  it('the token list says who made each token', async () => {
    const made = await makeToken(orgA, 'CRM sync', 'viewer');
    const listed = (await api.call('GET', '/api/org/tokens', undefined, orgA.headers)).json.tokens;
    expect(listed.find((t: { id: string }) => t.id === made.id)).toEqual({
      id: made.id,
      name: 'CRM sync',
      role: 'viewer',
      createdAt: expect.any(String),
      createdBy: { id: memberIdOf(orgA.email), email: orgA.email },
      active: true,
    });
  });
});

describe('signing out, being removed, switching organisation', () => {
  const cookieOf = (setCookie: string | null) => ({ cookie: setCookie!.split(';')[0]! });

  /**
   * Signs in the way a browser does: the request with its proof of work, the emailed link (mailed by
   * the organisations table's stream consumer, run here as Lambda would), then the session route.
   */
  async function signIn(email: string, organisation?: string) {
    const before = new Date();
    const { solvedChallenge } = await import('../support/signer.ts');
    expect((await api.call('POST', '/api/auth/link', { email, altcha: await solvedChallenge(api.call) })).status).toBe(202);
    const [{ streamConsumers }, { streamFilter }] = await Promise.all([import('#routes'), import('../../infra/local/stream-poller.ts')]);
    const consumer = streamConsumers.find((c) => c.name === 'answer-sign-ins')!;
    const { handler } = (await import('#streams/answer-sign-ins.ts')) as { handler: Parameters<typeof env.poller>[0] };
    await env.poller(handler, { tableName: env.tables.ORGANISATIONS_TABLE!, filter: streamFilter(consumer.only!, 'sk') }).drain();
    const mail = await waitForMail(env.mailbox, { to: email, after: before, subjectIncludes: 'sign-in link' });
    const token = /#\/org\/sign-in\/([A-Za-z0-9_-]{43})/.exec(mail.body.text ?? '')![1]!;
    const started = await api.call('POST', '/api/auth/session', { token, ...(organisation ? { organisation } : {}) });
    expect(started.status).toBe(200);
    return cookieOf(started.headers.get('set-cookie'));
  }

  it('a cookie copied before signing out is refused after it, on every organiser route', async () => {
    const copy = await signIn(orgA.email);
    expect((await api.call('GET', '/api/me', undefined, copy)).status).toBe(200);
    const out = await api.call('DELETE', '/api/auth/session', undefined, copy);
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^__Host-session=; .*Max-Age=0/);
    await expectLockedOut(copy);
    // Signing out ended that session only: the owner's other sessions go on.
    expect((await api.call('GET', '/api/me', undefined, orgA.headers)).status).toBe(200);
  });

  it('a removed member’s cookie stays dead when they are invited back', async () => {
    const editor = await newMember(orgA.orgId, 'editor');
    const copy = editor.headers;
    expect((await api.call('DELETE', `/api/org/members/${memberIdOf(editor.email)}`, undefined, orgA.headers)).status).toBe(204);
    expect((await api.call('GET', '/api/me', undefined, copy)).status).toBe(401);
    expect((await api.call('POST', '/api/org/members', { email: editor.email, role: 'editor' }, orgA.headers)).status).toBe(201);
    await expectLockedOut(copy);
  });

  it('switching organisation ends the session it leaves', async () => {
    const orgB = await newOrganisation('Coalition B');
    const { addMember } = await import('#store/organisations.ts');
    expect(await addMember(orgB.orgId, orgA.email, 'viewer', 'test', new Date().toISOString())).toBeTruthy();
    const inA = await signIn(orgA.email, orgA.orgId);
    const switched = await api.call('PUT', '/api/me/organisation', { organisation: orgB.orgId }, inA);
    expect(switched.status).toBe(200);
    const inB = cookieOf(switched.headers.get('set-cookie'));
    expect((await api.call('GET', '/api/me', undefined, inB)).json).toMatchObject({ organisation: { id: orgB.orgId } });
    await expectLockedOut(inA);
  });
});

describe('the last owner, under concurrent requests', () => {
  /** A fresh organisation with two owners, each signed in. */
  async function twoOwners(): Promise<[TestOrganiser, TestOrganiser]> {
    const first = await newOrganisation('Two owners');
    const second = await newMember(first.orgId, 'owner');
    return [first, second];
  }

  async function ownersOf(org: TestOrganiser): Promise<number> {
    const items = await rawItems(env.tables.ORGANISATIONS_TABLE!, `ORG#${org.orgId}`);
    return items.filter((i) => String(i.sk).startsWith('MEMBER#') && i.role === 'owner').length;
  }

  /** The count on the organisation's META item, where there is one, agrees with the members. */
  async function expectCountHolds(org: TestOrganiser) {
    const meta = (await rawItems(env.tables.ORGANISATIONS_TABLE!, `ORG#${org.orgId}`)).find((i) => i.sk === 'META')!;
    if (meta.owners !== undefined) expect(Number(meta.owners)).toBe(await ownersOf(org));
  }

  const demote = (by: TestOrganiser, whom: TestOrganiser) =>
    api.call('PATCH', `/api/org/members/${memberIdOf(whom.email)}`, { role: 'viewer' }, by.headers);
  const remove = (by: TestOrganiser, whom: TestOrganiser) =>
    api.call('DELETE', `/api/org/members/${memberIdOf(whom.email)}`, undefined, by.headers);

  it.each([
    ['demote each other', demote, demote],
    ['remove each other', remove, remove],
    ['one demotes while the other removes', demote, remove],
  ])('two owners who %s at the same moment leave at least one owner (20 rounds)', async (_label, first, second) => {
    for (let round = 0; round < 20; round++) {
      const [a, b] = await twoOwners();
      const answers = await Promise.all([first(a, b), second(b, a)]);
      for (const answer of answers) expect([200, 204, 401, 403, 409, 503]).toContain(answer.status);
      expect(await ownersOf(a), `round ${round}: ${answers.map((x) => x.status).join(' and ')}`).toBeGreaterThanOrEqual(1);
      await expectCountHolds(a);
    }
  });

  it('an organisation stored before the owner count existed keeps its last owner too', async () => {
    for (let round = 0; round < 5; round++) {
      const [a, b] = await twoOwners();
      await documents.send(
        new UpdateCommand({ TableName: env.tables.ORGANISATIONS_TABLE, Key: { pk: `ORG#${a.orgId}`, sk: 'META' }, UpdateExpression: 'REMOVE owners' }),
      );
      await Promise.all([demote(a, b), demote(b, a)]);
      expect(await ownersOf(a)).toBeGreaterThanOrEqual(1);
      await expectCountHolds(a);
    }
    const [a, b] = await twoOwners();
    await documents.send(
      new UpdateCommand({ TableName: env.tables.ORGANISATIONS_TABLE, Key: { pk: `ORG#${a.orgId}`, sk: 'META' }, UpdateExpression: 'REMOVE owners' }),
    );
    expect((await demote(a, b)).status).toBe(200);
    const last = await remove(a, a);
    expect(last.status).toBe(409);
    expect(last.json.error.code).toBe('last_owner');
    expect(await ownersOf(a)).toBe(1);
    await expectCountHolds(a);
  });
});

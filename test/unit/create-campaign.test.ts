/**
 * POST /api/org/campaigns with DynamoDB mocked: who may create (a signed-in editor or owner, or an
 * editor's API token), the transaction that writes a campaign with its zeroed counter into the
 * organiser's organisation, a taken slug, and field-level validation.
 */
import { describe, it, expect, beforeEach } from 'vitest';
import { unitEnv } from './unit-env.ts';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { invoke, jsonPost } from './http-event.ts';

const env = unitEnv;

const { handler } = await import('#http/create-campaign.ts');
const { issueSession, SESSION_COOKIE } = await import('#lib/session.ts');
const { mockApiToken, mockSessionMember } = await import('./organiser-mocks.ts');

const ddb = mockClient(DynamoDBDocumentClient);

const ORG = 'org-unit';
const EDITOR = 'editor@coalition.example';

function campaign(slug: string, overrides: Record<string, unknown> = {}) {
  return {
    slug,
    kind: 'letter',
    title: 'Release the journalists',
    text: 'We, the undersigned, ask you to release them.',
    targets: [{ name: 'Minister of Justice', office: 'Ministry of Justice', email: 'minister@example.gov' }],
    goal: 5000,
    ...overrides,
  };
}

async function cookieFor(email: string, orgId = ORG) {
  const { token } = await issueSession(email, orgId);
  return { cookie: `${SESSION_COOKIE}=${token}` };
}

/** The membership read behind a session: this address has this role in ORG. */
function member(role: 'owner' | 'editor' | 'viewer', email = EDITOR) {
  mockSessionMember(ddb, ORG, email, role);
}

const create = (payload: unknown, headers: Record<string, string> = {}) =>
  invoke(handler, jsonPost('/api/org/campaigns', undefined, payload, headers));

function transactItems() {
  const calls = ddb.commandCalls(TransactWriteCommand);
  expect(calls).toHaveLength(1);
  return calls[0]!.args[0].input.TransactItems ?? [];
}

const campaignWrites = () => ddb.commandCalls(TransactWriteCommand).length;

let auth: Record<string, string>;

beforeEach(async () => {
  ddb.reset();
  ddb.on(TransactWriteCommand).resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  ddb.on(GetCommand).resolves({});
  member('editor');
  auth = await cookieFor(EDITOR);
});

describe('who may create', () => {
  it('no session → 401, nothing read or written', async () => {
    const response = await create(campaign('no-session'));
    expect(response.statusCode).toBe(401);
    expect(response.json.error.code).toBe('unauthorized');
    expect(ddb.calls()).toHaveLength(0);
  });

  it.each([
    ['a malformed bearer token', { authorization: 'Bearer nope' }],
    ['an empty bearer', { authorization: 'Bearer ' }],
    ['a forged session cookie', { cookie: `${SESSION_COOKIE}=eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.` }],
  ])('%s → 401, nothing written', async (_label, headers) => {
    const response = await create(campaign('bad-auth'), headers);
    expect(response.statusCode).toBe(401);
    expect(campaignWrites()).toBe(0);
  });

  it('a session of someone who is not (or no longer) a member → 401', async () => {
    const response = await create(campaign('not-member'), await cookieFor('stranger@example.org'));
    expect(response.statusCode).toBe(401);
    expect(campaignWrites()).toBe(0);
  });

  it('a viewer → 403 forbidden, nothing written', async () => {
    member('viewer');
    const response = await create(campaign('viewer-try'), auth);
    expect(response.statusCode).toBe(403);
    expect(response.json.error.code).toBe('forbidden');
    expect(campaignWrites()).toBe(0);
  });

  it('is checked before the body: an invalid body without a session is 401, not 400', async () => {
    const response = await create({ slug: 'X' });
    expect(response.statusCode).toBe(401);
  });
});

describe('creating a campaign', () => {
  it('201 with the organiser view; one transaction writing a draft META under a key private to the organisation, and no counter yet', async () => {
    const response = await create(campaign('letter-one'), auth);

    expect(response.statusCode).toBe(201);
    expect(response.headers.location).toBe('/api/org/campaigns/letter-one');
    expect(response.json).toMatchObject({
      slug: 'letter-one',
      kind: 'letter',
      status: 'draft',
      version: 1,
      versions: [],
      cosigners: [],
      count: 0,
      pending: 0,
      goal: 5000,
      publicSigners: false,
      retentionDays: 90,
      signerFields: { country: 'required', comment: 'optional' },
    });
    // The organiser sees the target's address; nothing internal leaves the API.
    expect(response.json.targets).toEqual([{ name: 'Minister of Justice', office: 'Ministry of Justice', email: 'minister@example.gov' }]);
    for (const internal of ['shards', 'pk', 'sk', 'orgId', 'listStatus']) expect(response.json).not.toHaveProperty(internal);

    const items = transactItems();
    // A draft has no counter and claims no public slug: nothing under `letter-one` tells it exists.
    expect(items).toHaveLength(2);
    const meta = items[0]!.Put;
    expect(meta!.TableName).toBe(env.PETITIONS_TABLE);
    expect(meta!.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(meta!.Item).toMatchObject({ pk: `DRAFT#${ORG}#letter-one`, sk: 'META', slug: 'letter-one', orgId: ORG, status: 'draft', version: 1, shards: 64, goal: 5000 });
    expect(meta!.Item).not.toHaveProperty('privateDraft');
    // Refused only where the public slug is the organisation's own or a public campaign's.
    const check = items[1]!.ConditionCheck!;
    expect(check.Key).toEqual({ pk: 'letter-one', sk: 'META' });
    expect(check.ConditionExpression).toContain('#status = :draft');
    expect(check.ExpressionAttributeValues).toMatchObject({ ':org': ORG });
    // A draft is not listed, and has never been open.
    expect(meta!.Item).not.toHaveProperty('listStatus');
    expect(meta!.Item).not.toHaveProperty('openedAt');
    expect(Date.parse(meta!.Item!.createdAt as string)).not.toBeNaN();
  });

  it('an owner may create too, and an editor API token', async () => {
    member('owner');
    expect((await create(campaign('by-owner'), auth)).statusCode).toBe(201);

    ddb.reset();
    ddb.on(TransactWriteCommand).resolves({});
    ddb.on(QueryCommand).resolves({ Items: [] });
    mockApiToken(ddb, ORG, 'editor');
    const token = `ust_${'a'.repeat(43)}`;
    const response = await create(campaign('by-token'), { authorization: `Bearer ${token}` });
    expect(response.statusCode).toBe(201);
    expect(transactItems().find((item) => item.Put?.Item?.sk === 'META')!.Put!.Item).toMatchObject({ orgId: ORG });
  });

  it('status open → listed (listStatus), openedAt set, and its zeroed counter in the same transaction', async () => {
    const response = await create(campaign('open-one', { status: 'open' }), auth);
    expect(response.statusCode).toBe(201);
    expect(response.json.status).toBe('open');
    const items = transactItems();
    expect(items).toHaveLength(3);
    // Not while the organisation has a draft of the slug: its slugs stay unique.
    expect(items.find((item) => item.ConditionCheck)!.ConditionCheck).toMatchObject({ Key: { pk: `DRAFT#${ORG}#open-one`, sk: 'META' }, ConditionExpression: 'attribute_not_exists(pk)' });
    const meta = items.find((item) => item.Put?.Item?.sk === 'META')!.Put!;
    expect(meta.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(meta.Item).toMatchObject({ status: 'open', listStatus: 'open' });
    expect(meta.Item!.openedAt).toBe(meta.Item!.createdAt);
    const count = items.find((item) => item.Put?.Item?.sk === 'COUNT')!.Put!;
    expect(count.TableName).toBe(env.PETITIONS_TABLE);
    expect(count.Item).toMatchObject({ pk: 'open-one', sk: 'COUNT', count: 0, pending: 0, countries: {}, wm: {} });
  });

  it('open with a deadline already passed → 409 deadline_passed, nothing written', async () => {
    const response = await create(campaign('late', { status: 'open', deadline: '2020-01-01T00:00:00Z' }), auth);
    expect(response.statusCode).toBe(409);
    expect(response.json.error.code).toBe('deadline_passed');
    expect(campaignWrites()).toBe(0);
  });

  it('keeps the signer fields asked for', async () => {
    await create(campaign('no-country', { signerFields: { country: 'off', comment: 'off' } }), auth);
    expect(transactItems().find((item) => item.Put?.Item?.sk === 'META')!.Put!.Item).toMatchObject({
      signerFields: { country: 'off', comment: 'off' },
    });
  });

  it('a taken slug (transaction cancelled by the META condition) → 409 slug_taken, on the slug field', async () => {
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }],
      }),
    );
    const response = await create(campaign('taken'), auth);
    expect(response.statusCode).toBe(409);
    expect(response.json.error.code).toBe('slug_taken');
    expect(Object.keys(response.json.error.fields)).toEqual(['slug']);
  });

  it('a transaction cancelled by a conflict or throttling → 503 to retry, not a taken slug', async () => {
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
      }),
    );
    const response = await create(campaign('odd-failure'), auth);
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBeDefined();
    expect(response.json.error.code).toBe('unavailable');
  });

  it('throttling → 503 with retry-after', async () => {
    ddb.on(TransactWriteCommand).rejects(Object.assign(new Error('slow'), { name: 'ThrottlingException' }));
    const response = await create(campaign('busy'), auth);
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBeDefined();
  });
});

describe('an invalid campaign', () => {
  it('400 naming each bad field, and nothing written', async () => {
    const response = await create(campaign('X', { goal: -1, targets: [], unknown: 'x' }), auth);
    expect(response.statusCode).toBe(400);
    expect(response.json.error.code).toBe('validation_failed');
    expect(Object.keys(response.json.error.fields).sort()).toEqual(['goal', 'slug', 'targets', 'unknown']);
    expect(campaignWrites()).toBe(0);
  });

  it.each(['A', '-x-', 'has space', 'ab', 'trailing-', 'a#b', `${'a'.repeat(81)}`])('slug %j → 400 on slug', async (slug) => {
    const response = await create(campaign(slug), auth);
    expect(response.statusCode).toBe(400);
    expect(Object.keys(response.json.error.fields)).toEqual(['slug']);
    expect(campaignWrites()).toBe(0);
  });

  it('a nested target error is named by its path', async () => {
    const response = await create(campaign('nested', { targets: [{ name: 'Ok' }, { name: '' }] }), auth);
    expect(response.statusCode).toBe(400);
    expect(Object.keys(response.json.error.fields)).toEqual(['targets.1.name']);
  });

  it.each([
    ['a deadline that is not an ISO date-time', { deadline: 'next Tuesday' }, ['deadline']],
    ['a campaign created closed (only draft or open)', { status: 'closed' }, ['status']],
    ['an unknown signer-field setting', { signerFields: { country: 'sometimes', comment: 'optional' } }, ['signerFields.country']],
    ['a comment that cannot be required', { signerFields: { country: 'off', comment: 'required' } }, ['signerFields.comment']],
  ])('%s → 400 naming %j', async (_label, overrides, fields) => {
    const response = await create(campaign('bad-field', overrides), auth);
    expect(response.statusCode).toBe(400);
    expect(Object.keys(response.json.error.fields)).toEqual(fields);
  });
});

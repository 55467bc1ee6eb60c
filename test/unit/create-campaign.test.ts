/**
 * POST /api/petitions with DynamoDB mocked: the organiser token guard, the transaction that writes a
 * campaign with its zeroed counter, and a taken slug.
 */
import { describe, it, expect, beforeEach } from 'vitest';
import { unitEnv } from './unit-env.ts';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { invoke, jsonPost } from './http-event.ts';

const env = unitEnv;

const { handler } = await import('#http/create-petition.ts');

const ddb = mockClient(DynamoDBDocumentClient);

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

const create = (payload: unknown, headers: Record<string, string> = {}) =>
  invoke(handler, jsonPost('/api/petitions', undefined, payload, headers));

const auth = () => ({ authorization: `Bearer ${env.ORGANISER_TOKEN}` });

function transactItems() {
  const calls = ddb.commandCalls(TransactWriteCommand);
  expect(calls).toHaveLength(1);
  return calls[0]!.args[0].input.TransactItems ?? [];
}

beforeEach(() => {
  ddb.reset();
  ddb.on(TransactWriteCommand).resolves({});
});

describe('the organiser token', () => {
  it('no Authorization header → 401 with www-authenticate, no DynamoDB call', async () => {
    const response = await create(campaign('no-token'));
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(response.json.error.code).toBe('unauthorized');
    expect(ddb.calls()).toHaveLength(0);
  });

  it.each([
    ['wrong token', 'Bearer nope'],
    ['right token with an extra character', `Bearer ${'unit-test-organiser-token-0123456789abcdef'}x`],
    ['token prefix only', 'Bearer unit-test-organiser-token'],
    ['right token, wrong scheme', `Basic ${'unit-test-organiser-token-0123456789abcdef'}`],
    ['right token without a scheme', 'unit-test-organiser-token-0123456789abcdef'],
    ['empty bearer', 'Bearer '],
    ['right token followed by more', `Bearer ${'unit-test-organiser-token-0123456789abcdef'} trailing`],
  ])('%s → 401, no DynamoDB call', async (_label, authorization) => {
    const response = await create(campaign('wrong-token'), { authorization });
    expect(response.statusCode).toBe(401);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('is checked before the body: an invalid body without a token is 401, not 400', async () => {
    const response = await create({ slug: 'X' });
    expect(response.statusCode).toBe(401);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('creating a campaign', () => {
  it('201 with the public view, and one transaction writing META and a zeroed COUNT', async () => {
    const response = await create(campaign('letter-one'), auth());

    expect(response.statusCode).toBe(201);
    expect(response.headers.location).toBe('/api/petitions/letter-one');
    expect(response.json).toMatchObject({ slug: 'letter-one', kind: 'letter', status: 'open', count: 0, goal: 5000 });
    // Nothing internal leaves the API: no shard count, no keys, no target email.
    expect(response.json).not.toHaveProperty('shards');
    expect(response.json).not.toHaveProperty('pk');
    expect(response.json.targets).toEqual([{ name: 'Minister of Justice', office: 'Ministry of Justice' }]);

    const items = transactItems();
    expect(items).toHaveLength(2);
    const puts = items.map((item) => item.Put);
    const meta = puts.find((put) => put?.Item?.sk === 'META');
    const count = puts.find((put) => put?.Item?.sk === 'COUNT');

    expect(meta).toBeDefined();
    expect(meta!.TableName).toBe(env.PETITIONS_TABLE);
    expect(meta!.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(meta!.Item).toMatchObject({
      pk: 'letter-one',
      sk: 'META',
      slug: 'letter-one',
      status: 'open',
      listStatus: 'open',
      shards: 16,
      goal: 5000,
    });
    expect(Date.parse(meta!.Item!.createdAt as string)).not.toBeNaN();

    expect(count).toBeDefined();
    expect(count!.TableName).toBe(env.PETITIONS_TABLE);
    expect(count!.Item).toMatchObject({ pk: 'letter-one', sk: 'COUNT', count: 0, countries: {}, wm: {} });
  });

  it('accepts the bearer scheme in any case', async () => {
    const response = await create(campaign('scheme-case'), { authorization: `bearer ${env.ORGANISER_TOKEN}` });
    expect(response.statusCode).toBe(201);
  });

  it('a campaign created closed is not listed (no listStatus on META)', async () => {
    const response = await create(campaign('closed-one', { status: 'closed' }), auth());
    expect(response.statusCode).toBe(201);
    expect(response.json.status).toBe('closed');
    const meta = transactItems().find((item) => item.Put?.Item?.sk === 'META');
    expect(meta!.Put!.Item).toMatchObject({ status: 'closed' });
    expect(meta!.Put!.Item).not.toHaveProperty('listStatus');
  });

  it('a taken slug (transaction cancelled by the META condition) → 409 slug_taken', async () => {
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
      }),
    );
    const response = await create(campaign('taken'), auth());
    expect(response.statusCode).toBe(409);
    expect(response.json.error.code).toBe('slug_taken');
  });

  it('a transaction cancelled by a conflict or throttling → 503 to retry, not a taken slug', async () => {
    ddb.on(TransactWriteCommand).rejects(
      new TransactionCanceledException({
        message: 'Transaction cancelled',
        $metadata: {},
        CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }],
      }),
    );
    const response = await create(campaign('odd-failure'), auth());
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBeDefined();
    expect(response.json.error.code).toBe('unavailable');
  });

  it('throttling → 503 with retry-after', async () => {
    ddb.on(TransactWriteCommand).rejects(Object.assign(new Error('slow'), { name: 'ThrottlingException' }));
    const response = await create(campaign('busy'), auth());
    expect(response.statusCode).toBe(503);
    expect(response.headers['retry-after']).toBeDefined();
  });
});

describe('an invalid campaign', () => {
  it('400 naming each bad field, and no DynamoDB call', async () => {
    const response = await create(campaign('X', { goal: -1, targets: [], unknown: 'x' }), auth());
    expect(response.statusCode).toBe(400);
    expect(response.json.error.code).toBe('validation_failed');
    expect(Object.keys(response.json.error.fields).sort()).toEqual(['goal', 'slug', 'targets', 'unknown']);
    expect(ddb.calls()).toHaveLength(0);
  });

  it.each(['A', '-x-', 'has space', 'ab', 'trailing-', 'a#b', `${'a'.repeat(81)}`])('slug %j → 400 on slug', async (slug) => {
    const response = await create(campaign(slug), auth());
    expect(response.statusCode).toBe(400);
    expect(Object.keys(response.json.error.fields)).toEqual(['slug']);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('a nested target error is named by its path', async () => {
    const response = await create(campaign('nested', { targets: [{ name: 'Ok' }, { name: '' }] }), auth());
    expect(response.statusCode).toBe(400);
    expect(Object.keys(response.json.error.fields)).toEqual(['targets.1.name']);
  });

  it('a deadline that is not an ISO date-time → 400 on deadline', async () => {
    const response = await create(campaign('bad-deadline', { deadline: 'next Tuesday' }), auth());
    expect(response.statusCode).toBe(400);
    expect(Object.keys(response.json.error.fields)).toEqual(['deadline']);
  });
});

/**
 * The emailed links, with DynamoDB mocked:
 *   POST /api/petitions/{slug}/signatures/{id}/confirm   { token }
 *   POST /api/petitions/{slug}/signatures/{id}/withdraw  { token }
 * What each answers, and exactly what it asks DynamoDB to do (or that it asks nothing at all).
 */
import { createHash, createHmac } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { unitEnv } from './unit-env.ts';
import { mockClient } from 'aws-sdk-client-mock';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { randomBytes } from 'node:crypto';
import { httpEvent, invoke } from './http-event.ts';
import { petitionItem as fixturePetition, inputsOf as sharedInputsOf } from './fixtures.ts';

const env = unitEnv;

const { handler: confirmHandler } = await import('#http/confirm-signature.ts');
const { handler: withdrawHandler } = await import('#http/withdraw-signature.ts');
const { sealFields } = await import('#lib/field-crypto.ts');

const ddb = mockClient(DynamoDBDocumentClient);

const PETITIONS = env.PETITIONS_TABLE;
const SIGNATURES = env.SIGNATURES_TABLE;
const SLUG = 'free-the-press';
const DAY_MS = 86_400_000;

type Input = Record<string, any>;

const hmac = (value: string) => createHmac('sha256', env.HASH_KEY).update(value, 'utf8').digest('hex');
const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');
const newToken = () => randomBytes(32).toString('base64url');
const pkOf = (id: string, shards = 16) => `${SLUG}#${String(Number.parseInt(id.slice(0, 8), 16) % shards).padStart(2, '0')}`;

const ID = hmac('nino.beridze@example.ge');
const PK = pkOf(ID);
const OTHER_ID = hmac('someone.else@example.org');
const TOKEN = newToken();
const TOKEN_HASH = sha256(TOKEN);

/** One character changed, still a well-formed token. */
function tampered(token: string): string {
  const swap = token[10] === 'A' ? 'B' : 'A';
  return `${token.slice(0, 10)}${swap}${token.slice(11)}`;
}

function petitionItem(overrides: Record<string, unknown> = {}) {
  return fixturePetition(SLUG, overrides);
}

async function signatureItem(overrides: Record<string, unknown> = {}, name = 'Nino Beridze') {
  const sealed = await sealFields({ name, email: 'nino.beridze@example.ge', comment: 'Free them all' }, `${PK}|${ID}`);
  return {
    pk: PK,
    sk: ID,
    slug: SLUG,
    status: 'pending',
    dataKey: sealed.dataKey,
    pii: sealed.sealed,
    country: 'GE',
    showName: false,
    tokenHash: TOKEN_HASH,
    tokenExpiresAt: new Date(Date.now() + 7 * DAY_MS).toISOString(),
    expiresAt: Math.floor((Date.now() + 8 * DAY_MS) / 1000),
    createdAt: new Date(Date.now() - DAY_MS).toISOString(),
    ...overrides,
  };
}

/** The petition by its META key; the signature (by its sort key) from `items`. */
function arrange(petition: Record<string, unknown> | undefined, items: Record<string, unknown>[] = []) {
  ddb.on(GetCommand).callsFake(async (input: Input) => {
    if (input.TableName === PETITIONS && input.Key.pk === SLUG && input.Key.sk === 'META') return petition ? { Item: petition } : {};
    if (input.TableName === SIGNATURES) {
      const item = items.find((candidate) => candidate.pk === input.Key.pk && candidate.sk === input.Key.sk);
      return item ? { Item: item } : {};
    }
    return {};
  });
}

function linkEvent(kind: 'confirm' | 'withdraw', id: string, body: unknown) {
  const path = `/api/petitions/${SLUG}/signatures/${id}/${kind}`;
  return httpEvent({
    method: 'POST',
    path,
    pathParameters: { slug: SLUG, id },
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const confirm = (token: unknown = TOKEN, id = ID) => invoke(confirmHandler, linkEvent('confirm', id, { token }));
const withdraw = (token: unknown = TOKEN, id = ID) => invoke(withdrawHandler, linkEvent('withdraw', id, { token }));

const inputsOf = (command: any, table?: string): Input[] => sharedInputsOf(ddb, command, table);

const signatureGets = () => inputsOf(GetCommand, SIGNATURES);
const updates = () => inputsOf(UpdateCommand);
const transactions = () => inputsOf(TransactWriteCommand);
const writes = () => [...updates(), ...transactions(), ...inputsOf(PutCommand), ...inputsOf(DeleteCommand)];

const conditionFailed = () => new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} });
const cancelled = (codes: string[]) =>
  new TransactionCanceledException({
    message: `Transaction cancelled, please refer cancellation reasons for specific reasons [${codes.join(', ')}]`,
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

function expectInvalidLink(response: Awaited<ReturnType<typeof confirm>>) {
  expect(response.statusCode).toBe(404);
  expect(response.json.error.code).toBe('invalid_link');
  expect(response.json.error.message).toMatch(/newest link|sign again/i);
}

beforeEach(() => {
  ddb.reset();
  ddb.on(UpdateCommand).resolves({});
  ddb.on(TransactWriteCommand).resolves({});
});

// ---------------------------------------------------------------------------------------------

describe('confirm', () => {
  it('a valid link on a pending signature → 200 confirmed; one conditional update sets confirmed and removes the TTL', async () => {
    arrange(petitionItem(), [await signatureItem()]);
    const before = Date.now();
    const response = await confirm();
    const after = Date.now();

    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({ status: 'confirmed' });

    expect(inputsOf(GetCommand, PETITIONS)).toEqual([{ TableName: PETITIONS, Key: { pk: SLUG, sk: 'META' } }]);
    expect(signatureGets()).toEqual([{ TableName: SIGNATURES, Key: { pk: PK, sk: ID }, ConsistentRead: true }]);

    const sent = updates();
    expect(sent).toHaveLength(1);
    const at = sent[0]!.ExpressionAttributeValues[':at'];
    expect(Date.parse(at)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(at)).toBeLessThanOrEqual(after);
    expect(sent[0]).toEqual({
      TableName: SIGNATURES,
      Key: { pk: PK, sk: ID },
      UpdateExpression: 'SET #status = :confirmed, confirmedAt = :at REMOVE expiresAt',
      ConditionExpression: '#status = :pending AND tokenHash = :tokenHash',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':tokenHash': TOKEN_HASH, ':pending': 'pending', ':confirmed': 'confirmed', ':at': at },
    });
    // The token itself never reaches the database.
    expect(JSON.stringify(ddb.calls().map((call) => call.args[0].input))).not.toContain(TOKEN);
    expect(transactions()).toHaveLength(0);
  });

  it('uses the campaign shard count to find the signature', async () => {
    const item = { ...(await signatureItem()), pk: `${SLUG}#00` };
    arrange(petitionItem({ shards: 1 }), [item]);
    expect((await confirm()).statusCode).toBe(200);
    expect(signatureGets()[0]!.Key).toEqual({ pk: `${SLUG}#00`, sk: ID });
    expect(updates()[0]!.Key).toEqual({ pk: `${SLUG}#00`, sk: ID });
  });

  it('an already confirmed signature → 200 without any write (clicking twice is harmless)', async () => {
    const pending = await signatureItem();
    const items: Record<string, unknown>[] = [pending];
    arrange(petitionItem(), items);

    const first = await confirm();
    // The table now holds the confirmed item.
    items[0] = { ...pending, status: 'confirmed', confirmedAt: new Date().toISOString(), expiresAt: undefined };
    const second = await confirm();

    expect(first.statusCode).toBe(200);
    expect(second.statusCode).toBe(200);
    expect(second.rawBody).toBe(first.rawBody);
    expect(updates()).toHaveLength(1);
    expect(signatureGets()).toHaveLength(2);
  });

  it('a confirmed signature whose link has since expired still answers 200, without a write', async () => {
    arrange(petitionItem(), [await signatureItem({ status: 'confirmed', tokenExpiresAt: '2020-01-01T00:00:00.000Z' })]);
    const response = await confirm();
    expect(response.statusCode).toBe(200);
    expect(writes()).toHaveLength(0);
  });

  describe('a link that does not work → 404 invalid_link, nothing written', () => {
    it('a token with one character changed', async () => {
      arrange(petitionItem(), [await signatureItem()]);
      expectInvalidLink(await confirm(tampered(TOKEN)));
      expect(signatureGets()).toHaveLength(1);
      expect(writes()).toHaveLength(0);
    });

    it('an older token (a newer link was sent since)', async () => {
      arrange(petitionItem(), [await signatureItem({ tokenHash: sha256(newToken()) })]);
      expectInvalidLink(await confirm());
      expect(writes()).toHaveLength(0);
    });

    it("the right token on another signer's id", async () => {
      const other = { ...(await signatureItem()), pk: pkOf(OTHER_ID), sk: OTHER_ID, tokenHash: sha256(newToken()) };
      arrange(petitionItem(), [await signatureItem(), other]);
      expectInvalidLink(await confirm(TOKEN, OTHER_ID));
      expect(signatureGets()).toEqual([{ TableName: SIGNATURES, Key: { pk: pkOf(OTHER_ID), sk: OTHER_ID }, ConsistentRead: true }]);
      expect(writes()).toHaveLength(0);
    });

    it('no such signature (expired by TTL, or withdrawn)', async () => {
      arrange(petitionItem(), []);
      expectInvalidLink(await confirm());
      expect(signatureGets()).toHaveLength(1);
      expect(writes()).toHaveLength(0);
    });

    it('an item whose stored hash is missing or malformed', async () => {
      arrange(petitionItem(), [await signatureItem({ tokenHash: undefined })]);
      expectInvalidLink(await confirm());
      arrange(petitionItem(), [await signatureItem({ tokenHash: 'abc' })]);
      expectInvalidLink(await confirm());
      expect(writes()).toHaveLength(0);
    });

    const malformed: [string, string, string][] = [
      ['a short id', ID.slice(1), TOKEN],
      ['an upper-case id', ID.toUpperCase(), TOKEN],
      ['a non-hex id', `${ID.slice(0, 63)}g`, TOKEN],
      ['an id with a key separator', `${ID.slice(0, 62)}#1`, TOKEN],
      ['a short token', ID, TOKEN.slice(1)],
      ['a long token', ID, `${TOKEN}A`],
      ['a token with a character outside base64url', ID, `${TOKEN.slice(0, 42)}+`],
    ];

    it.each(malformed)('%s → refused before any signature read', async (_label, id, token) => {
      arrange(petitionItem(), [await signatureItem()]);
      expectInvalidLink(await confirm(token, id));
      expect(signatureGets()).toHaveLength(0);
      expect(writes()).toHaveLength(0);
    });
  });

  it('an expired link on a pending signature → 410 link_expired, nothing written', async () => {
    arrange(petitionItem(), [await signatureItem({ tokenExpiresAt: new Date(Date.now() - 1000).toISOString() })]);
    const response = await confirm();
    expect(response.statusCode).toBe(410);
    expect(response.json.error.code).toBe('link_expired');
    expect(response.json.error.message).toMatch(/sign again/i);
    expect(writes()).toHaveLength(0);
  });

  it('an expired link with a tampered token → 404, not 410 (expiry is told only to the link holder)', async () => {
    arrange(petitionItem(), [await signatureItem({ tokenExpiresAt: new Date(Date.now() - 1000).toISOString() })]);
    expectInvalidLink(await confirm(tampered(TOKEN)));
  });

  it.each([
    ['closed', { status: 'closed', listStatus: undefined }],
    ['past its deadline', { deadline: new Date(Date.now() - 1000).toISOString() }],
  ])('a campaign %s → 409 closed, nothing written', async (_label, overrides) => {
    arrange(petitionItem(overrides), [await signatureItem()]);
    const response = await confirm();
    expect(response.statusCode).toBe(409);
    expect(response.json.error.code).toBe('closed');
    expect(writes()).toHaveLength(0);
  });

  it('an unknown campaign → 404 not_found, no signature read', async () => {
    arrange(undefined, [await signatureItem()]);
    const response = await confirm();
    expect(response.statusCode).toBe(404);
    expect(response.json.error.code).toBe('not_found');
    expect(signatureGets()).toHaveLength(0);
    expect(writes()).toHaveLength(0);
  });

  describe('the public list', () => {
    it.each([
      ['Latin', 'Nino Beridze', 'Nino B.'],
      ['Armenian', 'Արամ Պետրոսյան', 'Արամ Պ.'],
      ['Cyrillic', 'Олена Коваленко-Шевчук', 'Олена К.'],
    ])('a listed campaign and a signer who asked → label (%s) "first name + initial", listKey = pk, listedAt', async (_label, name, label) => {
      arrange(petitionItem({ publicSigners: true }), [await signatureItem({ showName: true }, name)]);
      expect((await confirm()).statusCode).toBe(200);

      const sent = updates();
      expect(sent).toHaveLength(1);
      const values = sent[0]!.ExpressionAttributeValues;
      expect(values[':label']).toBe(label);
      expect(values[':listKey']).toBe(PK);
      expect(values[':listedAt']).toBe(values[':at']);
      expect(sent[0]!.UpdateExpression).toBe(
        'SET #status = :confirmed, confirmedAt = :at, label = :label, listKey = :listKey, listedAt = :listedAt REMOVE expiresAt',
      );
      expect(sent[0]!.ConditionExpression).toBe('#status = :pending AND tokenHash = :tokenHash');
      // Only the label: neither the full name nor the email leave the sealed fields.
      const wire = JSON.stringify(sent[0]);
      expect(wire).not.toContain(name);
      expect(wire).not.toContain('nino.beridze@example.ge');
    });

    it.each([
      ['the signer did not ask', { publicSigners: true }, { showName: false }],
      ['the campaign has no public list', { publicSigners: false }, { showName: true }],
      ['the campaign predates the setting', { publicSigners: undefined }, { showName: true }],
    ])('%s → confirmed without a label', async (_label, petition, item) => {
      arrange(petitionItem(petition), [await signatureItem(item)]);
      expect((await confirm()).statusCode).toBe(200);
      const sent = updates();
      expect(sent).toHaveLength(1);
      expect(sent[0]!.UpdateExpression).toBe('SET #status = :confirmed, confirmedAt = :at REMOVE expiresAt');
      expect(Object.keys(sent[0]!.ExpressionAttributeValues).sort()).toEqual([':at', ':confirmed', ':pending', ':tokenHash']);
    });

    it("sealed data moved in from another item does not open: never a label from someone else's name", async () => {
      const foreign = await sealFields({ name: 'Somebody Else' }, `${pkOf(OTHER_ID)}|${OTHER_ID}`);
      arrange(petitionItem({ publicSigners: true }), [
        await signatureItem({ showName: true, dataKey: foreign.dataKey, pii: foreign.sealed }),
      ]);
      const response = await confirm();
      expect(response.rawBody).not.toContain('Somebody');
      for (const update of updates()) {
        expect(update.ExpressionAttributeValues).not.toHaveProperty(':label');
        expect(JSON.stringify(update)).not.toContain('Somebody');
      }
    });
  });

  describe('a lost race (the conditional update fails)', () => {
    it('re-read shows it confirmed with the same token (the other click won) → 200', async () => {
      const pending = await signatureItem();
      ddb.on(GetCommand, { TableName: PETITIONS }).resolves({ Item: petitionItem() });
      ddb.on(GetCommand, { TableName: SIGNATURES })
        .resolvesOnce({ Item: pending })
        .resolves({ Item: { ...pending, status: 'confirmed' } });
      ddb.on(UpdateCommand).rejects(conditionFailed());

      const response = await confirm();
      expect(response.statusCode).toBe(200);
      expect(response.json).toEqual({ status: 'confirmed' });
      expect(updates()).toHaveLength(1);
      expect(signatureGets()).toEqual([
        { TableName: SIGNATURES, Key: { pk: PK, sk: ID }, ConsistentRead: true },
        { TableName: SIGNATURES, Key: { pk: PK, sk: ID }, ConsistentRead: true },
      ]);
    });

    it('re-read shows another token (a repeat signature replaced the link) → 404', async () => {
      const pending = await signatureItem();
      ddb.on(GetCommand, { TableName: PETITIONS }).resolves({ Item: petitionItem() });
      ddb.on(GetCommand, { TableName: SIGNATURES })
        .resolvesOnce({ Item: pending })
        .resolves({ Item: { ...pending, tokenHash: sha256(newToken()) } });
      ddb.on(UpdateCommand).rejects(conditionFailed());
      expectInvalidLink(await confirm());
      expect(signatureGets()).toHaveLength(2);
    });

    it('re-read shows it confirmed under another token → 404', async () => {
      const pending = await signatureItem();
      ddb.on(GetCommand, { TableName: PETITIONS }).resolves({ Item: petitionItem() });
      ddb.on(GetCommand, { TableName: SIGNATURES })
        .resolvesOnce({ Item: pending })
        .resolves({ Item: { ...pending, status: 'confirmed', tokenHash: sha256(newToken()) } });
      ddb.on(UpdateCommand).rejects(conditionFailed());
      expectInvalidLink(await confirm());
    });

    it('re-read finds nothing (withdrawn meanwhile) → 404', async () => {
      const pending = await signatureItem();
      ddb.on(GetCommand, { TableName: PETITIONS }).resolves({ Item: petitionItem() });
      ddb.on(GetCommand, { TableName: SIGNATURES }).resolvesOnce({ Item: pending }).resolves({});
      ddb.on(UpdateCommand).rejects(conditionFailed());
      expectInvalidLink(await confirm());
    });
  });

  it('a throttled update → 503 unavailable, not 404', async () => {
    arrange(petitionItem(), [await signatureItem()]);
    ddb.on(UpdateCommand).rejects(Object.assign(new Error('slow down'), { name: 'ProvisionedThroughputExceededException' }));
    const response = await confirm();
    expect(response.statusCode).toBe(503);
    expect(response.json.error.code).toBe('unavailable');
  });
});

// ---------------------------------------------------------------------------------------------

describe('withdraw', () => {
  const today = () => new Date().toISOString().slice(0, 10);

  function onlyTransaction() {
    const sent = transactions();
    expect(sent).toHaveLength(1);
    return sent[0]!.TransactItems as Input[];
  }

  it.each(['pending', 'confirmed'])(
    'a valid link on a %s signature → 200 withdrawn; one transaction deletes it and leaves an anonymous tombstone',
    async (status) => {
      const item = await signatureItem({ status, showName: true, label: 'Nino B.', listKey: PK, listedAt: new Date().toISOString() });
      arrange(petitionItem(), [item]);
      const dayBefore = today();
      const response = await withdraw();
      const dayAfter = today();

      expect(response.statusCode).toBe(200);
      expect(response.json).toEqual({ status: 'withdrawn' });
      expect(signatureGets()).toEqual([{ TableName: SIGNATURES, Key: { pk: PK, sk: ID }, ConsistentRead: true }]);
      expect(updates()).toHaveLength(0);

      const [del, put, ...rest] = onlyTransaction();
      expect(rest).toHaveLength(0);
      expect(del).toEqual({
        Delete: {
          TableName: SIGNATURES,
          Key: { pk: PK, sk: ID },
          ConditionExpression: 'tokenHash = :tokenHash',
          ExpressionAttributeValues: { ':tokenHash': TOKEN_HASH },
        },
      });

      expect(Object.keys(put!)).toEqual(['Put']);
      expect(put!.Put.TableName).toBe(SIGNATURES);
      expect(put!.Put.ConditionExpression).toBe('attribute_not_exists(pk)');
      const tombstone = put!.Put.Item as Input;
      expect(Object.keys(tombstone).sort()).toEqual(['pk', 'sk', 'slug', 'status', 'withdrawnOn']);
      expect(tombstone.pk).toBe(PK);
      expect(tombstone.sk).toMatch(/^withdrawn#[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(tombstone.slug).toBe(SLUG);
      expect(tombstone.status).toBe('withdrawn');
      expect([dayBefore, dayAfter]).toContain(tombstone.withdrawnOn);
      expect(tombstone.withdrawnOn).toMatch(/^\d{4}-\d{2}-\d{2}$/);

      // Nothing that could tie the tombstone to the signer: no id, no country, no personal data, no label.
      const wire = JSON.stringify(put);
      for (const value of [ID, 'GE', 'pii', 'dataKey', 'Nino', TOKEN_HASH, item.createdAt]) {
        expect(wire).not.toContain(value);
      }
    },
  );

  it('each withdrawal leaves its own tombstone key', async () => {
    arrange(petitionItem(), [await signatureItem()]);
    await withdraw();
    await withdraw();
    const keys = transactions().map((t) => t.TransactItems[1].Put.Item.sk);
    expect(keys).toHaveLength(2);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it.each([
    ['closed', { status: 'closed', listStatus: undefined, closedAt: '2026-02-01T00:00:00.000Z' }],
    ['past its deadline', { deadline: '2020-01-01T00:00:00Z' }],
  ])('works on a campaign %s too: a signer can always take their name back', async (_label, overrides) => {
    arrange(petitionItem(overrides), [await signatureItem({ status: 'confirmed' })]);
    const response = await withdraw();
    expect(response.statusCode).toBe(200);
    expect(onlyTransaction()[0]!.Delete.Key).toEqual({ pk: PK, sk: ID });
  });

  it('works with an expired confirmation link on a pending signature (withdrawal does not expire)', async () => {
    arrange(petitionItem(), [await signatureItem({ tokenExpiresAt: '2020-01-01T00:00:00.000Z' })]);
    expect((await withdraw()).statusCode).toBe(200);
    expect(transactions()).toHaveLength(1);
  });

  it('a transaction cancelled by the token condition (lost a race) → 404 invalid_link', async () => {
    arrange(petitionItem(), [await signatureItem()]);
    ddb.on(TransactWriteCommand).rejects(cancelled(['ConditionalCheckFailed', 'None']));
    expectInvalidLink(await withdraw());
    expect(transactions()).toHaveLength(1);
  });

  it.each([
    [['None', 'TransactionConflict']],
    [['ThrottlingError', 'None']],
  ])('a transaction cancelled for another reason (%j) → 503 unavailable, retryable', async (codes) => {
    arrange(petitionItem(), [await signatureItem()]);
    ddb.on(TransactWriteCommand).rejects(cancelled(codes));
    const response = await withdraw();
    expect([response.statusCode, response.json.error.code]).toEqual([503, 'unavailable']);
    expect(response.headers['retry-after']).toBeDefined();
  });

  it('a tampered token → 404 and no transaction', async () => {
    arrange(petitionItem(), [await signatureItem()]);
    expectInvalidLink(await withdraw(tampered(TOKEN)));
    expect(transactions()).toHaveLength(0);
    expect(writes()).toHaveLength(0);
  });

  it("the right token on another signer's id → 404 and no transaction", async () => {
    const other = { ...(await signatureItem()), pk: pkOf(OTHER_ID), sk: OTHER_ID, tokenHash: sha256(newToken()) };
    arrange(petitionItem(), [await signatureItem(), other]);
    expectInvalidLink(await withdraw(TOKEN, OTHER_ID));
    expect(writes()).toHaveLength(0);
  });

  it('no such signature (already withdrawn) → 404 and no transaction', async () => {
    arrange(petitionItem(), []);
    expectInvalidLink(await withdraw());
    expect(writes()).toHaveLength(0);
  });

  it('a malformed id → 404 before any signature read', async () => {
    arrange(petitionItem(), [await signatureItem()]);
    expectInvalidLink(await withdraw(TOKEN, 'not-a-signer-id'));
    expect(signatureGets()).toHaveLength(0);
    expect(writes()).toHaveLength(0);
  });

  it('an unknown campaign → 404 not_found, nothing read or written', async () => {
    arrange(undefined, [await signatureItem()]);
    const response = await withdraw();
    expect(response.statusCode).toBe(404);
    expect(response.json.error.code).toBe('not_found');
    expect(signatureGets()).toHaveLength(0);
    expect(writes()).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------------------------

describe('the request body', () => {
  const handlers = [
    ['confirm', confirmHandler],
    ['withdraw', withdrawHandler],
  ] as const;

  const bodies: [string, unknown][] = [
    ['no body', undefined],
    ['an empty object', {}],
    ['a null token', { token: null }],
    ['a numeric token', { token: 42 }],
    ['an empty token', { token: '' }],
    ['a token over 200 characters', { token: 'A'.repeat(201) }],
  ];

  for (const [kind, handler] of handlers) {
    it.each(bodies)(`${kind}: %s → 400 naming the token field, no DynamoDB call`, async (_label, body) => {
      const response = await invoke(handler, linkEvent(kind, ID, body));
      expect(response.statusCode).toBe(400);
      expect(response.json.error.code).toBe('validation_failed');
      expect(Object.keys(response.json.error.fields)).toEqual(['token']);
      expect(ddb.calls()).toHaveLength(0);
    });
  }

  it('a missing id path parameter → 400, no DynamoDB call', async () => {
    const event = linkEvent('confirm', ID, { token: TOKEN });
    event.pathParameters = { slug: SLUG };
    const response = await invoke(confirmHandler, event);
    expect(response.statusCode).toBe(400);
    expect(ddb.calls()).toHaveLength(0);
  });
});

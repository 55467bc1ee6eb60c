/**
 * The emailed links, with DynamoDB mocked:
 *   POST /api/campaigns/{slug}/signatures/{id}/preview   { token }   what the link would confirm
 *   POST /api/campaigns/{slug}/signatures/{id}/confirm   { token }
 *   POST /api/campaigns/{slug}/signatures/{id}/withdraw  { token }
 * What each answers, and exactly what it asks DynamoDB to do (or that it asks nothing at all). A link
 * is (signer id, token): the token's hash names its own submission (`sub#<hash>`), and a confirmed
 * signature keeps the hash of the token that confirmed it.
 */
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it } from 'vitest';
import { unitEnv } from './unit-env.ts';
import { mockClient } from 'aws-sdk-client-mock';
import { BatchGetCommand, DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { httpEvent, invoke } from './http-event.ts';
import { campaignItem as fixtureCampaign, inputsOf as sharedInputsOf } from './fixtures.ts';

const env = unitEnv;

const { handler: previewHandler } = await import('#http/preview-signature.ts');
const { handler: confirmHandler } = await import('#http/confirm-signature.ts');
const { handler: withdrawHandler } = await import('#http/withdraw-signature.ts');
const { sealFields } = await import('#crypto/field-crypto.ts');

const ddb = mockClient(DynamoDBDocumentClient);
// The fixtures below seal as the sign path does; with this period's data key already held, sealing
// them makes no DynamoDB call that the tests would count.
await (await import('#crypto/data-keys.ts')).warmDataKeysForTests();

const PETITIONS = env.PETITIONS_TABLE;
const SIGNATURES = env.SIGNATURES_TABLE;
const SLUG = 'free-the-press';
const DAY_MS = 86_400_000;

type Input = Record<string, any>;

const hmac = (value: string) => createHmac('sha256', env.HASH_KEY).update(value, 'utf8').digest('hex');
const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');
const newToken = () => randomBytes(32).toString('base64url');
const pkOf = (id: string, shards = 16) => `${SLUG}#${String(Number.parseInt(id.slice(0, 8), 16) % shards).padStart(2, '0')}`;

const ID = hmac(`${SLUG}\nnino.beridze@example.ge`);
const PK = pkOf(ID);
const OTHER_ID = hmac(`${SLUG}\nsomeone.else@example.org`);
const TOKEN = newToken();
const SUB = `sub#${sha256(TOKEN)}`;

/** One character changed, still a well-formed token. */
function tampered(token: string): string {
  const swap = token[10] === 'A' ? 'B' : 'A';
  return `${token.slice(0, 10)}${swap}${token.slice(11)}`;
}

function campaignItem(overrides: Record<string, unknown> = {}) {
  return fixtureCampaign(SLUG, overrides);
}

/** A submission as the sign path stores it, before or after the mailer (which drops token and ip). */
async function submissionItem(overrides: Record<string, unknown> = {}, fields: Record<string, string | undefined> = {}) {
  const sealed = await sealFields({ name: 'Nino Beridze', email: 'nino.beridze@example.ge', comment: 'Free them all', ...fields }, `${PK}|${ID}`);
  return {
    pk: PK,
    sk: SUB,
    slug: SLUG,
    status: 'pending',
    signer: ID,
    dataKey: sealed.dataKey,
    pii: sealed.sealed,
    country: 'GE',
    showName: true,
    textVersion: 2,
    source: { host: 'partner.example.org', tag: 'spring' },
    lang: 'en',
    tokenExpiresAt: new Date(Date.now() + 7 * DAY_MS).toISOString(),
    expiresAt: Math.floor((Date.now() + 8 * DAY_MS) / 1000),
    createdAt: new Date(Date.now() - DAY_MS).toISOString(),
    answered: 'confirm',
    ...overrides,
  };
}

async function signatureItem(overrides: Record<string, unknown> = {}, name = 'Nino Beridze') {
  const sealed = await sealFields({ name, email: 'nino.beridze@example.ge' }, `${PK}|${ID}`);
  return {
    pk: PK,
    sk: ID,
    slug: SLUG,
    status: 'confirmed',
    dataKey: sealed.dataKey,
    pii: sealed.sealed,
    country: 'AM',
    showName: false,
    tokenHash: sha256(newToken()),
    createdAt: new Date(Date.now() - 2 * DAY_MS).toISOString(),
    confirmedAt: new Date(Date.now() - DAY_MS).toISOString(),
    ...overrides,
  };
}

/** The campaign by its META key; submissions and signatures (by their keys) from `items`. */
function arrange(campaign: Record<string, unknown> | undefined, items: Record<string, unknown>[] = []) {
  ddb.on(GetCommand).callsFake(async (input: Input) => {
    if (input.TableName === PETITIONS && input.Key.pk === SLUG && input.Key.sk === 'META') return campaign ? { Item: campaign } : {};
    return {};
  });
  ddb.on(BatchGetCommand).callsFake(async (input: Input) => {
    const { Keys, ConsistentRead } = input.RequestItems[SIGNATURES];
    expect(ConsistentRead).toBe(true);
    const found = items.filter((item) => Keys.some((key: Input) => key.pk === item.pk && key.sk === item.sk));
    return { Responses: { [SIGNATURES]: found } };
  });
}

function linkEvent(kind: 'confirm' | 'withdraw' | 'preview', id: string, body: unknown) {
  return httpEvent({
    method: 'POST',
    path: `/api/campaigns/${SLUG}/signatures/${id}/${kind}`,
    pathParameters: { slug: SLUG, id },
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

const preview = (token: unknown = TOKEN, id = ID) => invoke(previewHandler, linkEvent('preview', id, { token }));
const confirm = (token: unknown = TOKEN, id = ID) => invoke(confirmHandler, linkEvent('confirm', id, { token }));
const withdraw = (token: unknown = TOKEN, id = ID) => invoke(withdrawHandler, linkEvent('withdraw', id, { token }));

const inputsOf = (command: any, table?: string): Input[] => sharedInputsOf(ddb, command, table);
const reads = () => inputsOf(BatchGetCommand);
const transactions = () => inputsOf(TransactWriteCommand).map((input) => input.TransactItems as Input[]);
const writes = () => [...inputsOf(UpdateCommand), ...inputsOf(TransactWriteCommand), ...inputsOf(PutCommand), ...inputsOf(DeleteCommand)];

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
  ddb.on(TransactWriteCommand).resolves({});
});

// ---------------------------------------------------------------------------------------------

describe('preview', () => {
  it('shows what the link would confirm — name, listing choice, country, comment — and never the email; writes nothing', async () => {
    arrange(campaignItem(), [await submissionItem()]);
    const response = await preview();
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({ status: 'pending', name: 'Nino Beridze', showName: true, country: 'GE', comment: 'Free them all' });
    expect(response.rawBody).not.toContain('example.ge');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(reads()).toHaveLength(1);
    expect(writes()).toHaveLength(0);
  });

  it('shows this link’s submission, not a later one for the same address, nor the signature an earlier one made', async () => {
    const later = newToken();
    arrange(campaignItem(), [
      await submissionItem(),
      await submissionItem({ sk: `sub#${sha256(later)}`, showName: false, country: 'RU' }, { name: 'Someone Else', comment: 'Other words' }),
      await signatureItem(),
    ]);
    expect((await preview()).json).toEqual({ status: 'pending', name: 'Nino Beridze', showName: true, country: 'GE', comment: 'Free them all' });
    expect((await preview(later)).json).toEqual({ status: 'pending', name: 'Someone Else', showName: false, country: 'RU', comment: 'Other words' });
  });

  it('once this link confirmed it: the signature, as confirmed', async () => {
    arrange(campaignItem(), [await submissionItem({ status: 'used' }), await signatureItem({ tokenHash: sha256(TOKEN) })]);
    expect((await preview()).json).toEqual({ status: 'confirmed', name: 'Nino Beridze', showName: false, country: 'AM' });
  });

  it('an expired link → 410; a tampered one or one whose submission was answered "already signed" → 404', async () => {
    arrange(campaignItem(), [await submissionItem({ tokenExpiresAt: new Date(Date.now() - 1000).toISOString() })]);
    expect((await preview()).statusCode).toBe(410);
    expectInvalidLink(await preview(tampered(TOKEN)));
    const stripped = await submissionItem({ answered: 'already-signed' });
    arrange(campaignItem(), [{ ...stripped, pii: undefined, dataKey: undefined }, await signatureItem()]);
    expectInvalidLink(await preview());
    expect(writes()).toHaveLength(0);
  });
});

describe('confirm', () => {
  it('a pending submission → 200; one transaction makes the signature exactly it and spends the submission', async () => {
    arrange(campaignItem(), [await submissionItem()]);
    const response = await confirm();
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({ status: 'confirmed' });
    const [[put, spend]] = transactions() as [Input[]];
    const submission = await submissionItem();
    expect(put!.Put.TableName).toBe(SIGNATURES);
    expect(put!.Put).not.toHaveProperty('ConditionExpression');
    expect(put!.Put.Item).toMatchObject({
      pk: PK,
      sk: ID,
      status: 'confirmed',
      country: 'GE',
      showName: true,
      textVersion: 2,
      source: { host: 'partner.example.org', tag: 'spring' },
      tokenHash: sha256(TOKEN),
    });
    expect(Object.keys(put!.Put.Item.pii).sort()).toEqual(['comment', 'email', 'name']);
    expect(put!.Put.Item).not.toHaveProperty('expiresAt');
    expect(spend!.Update).toMatchObject({
      Key: { pk: PK, sk: SUB },
      UpdateExpression: 'SET #status = :used REMOVE pii, dataKey',
      ConditionExpression: '#status = :pending',
    });
    expect(submission.sk).toBe(SUB);
  });

  it('never copies the sealed link token or network address into the signature (a press before the mailer dropped them)', async () => {
    arrange(campaignItem(), [await submissionItem({ answered: undefined }, { token: TOKEN, ip: '203.0.113.7' })]);
    expect((await confirm()).statusCode).toBe(200);
    expect(Object.keys(transactions()[0]![0]!.Put.Item.pii).sort()).toEqual(['comment', 'email', 'name']);
  });

  it('replaces what an earlier confirmation said: the signature becomes this submission', async () => {
    arrange(campaignItem(), [await submissionItem(), await signatureItem()]);
    expect((await confirm()).statusCode).toBe(200);
    expect(transactions()[0]![0]!.Put.Item).toMatchObject({ country: 'GE', showName: true, tokenHash: sha256(TOKEN) });
  });

  it('a signer who asked to be listed, on a campaign with a public list, gets the label "first name + initial"', async () => {
    arrange(campaignItem({ publicSigners: true }), [await submissionItem()]);
    expect((await confirm()).statusCode).toBe(200);
    const item = transactions()[0]![0]!.Put.Item;
    expect(item).toMatchObject({ label: 'Nino B.', listKey: PK });
    expect(item.listedAt).toBe(item.confirmedAt);
  });

  it('no label for one who did not ask, nor on a campaign without a list', async () => {
    arrange(campaignItem({ publicSigners: true }), [await submissionItem({ showName: false })]);
    await confirm();
    arrange(campaignItem({ publicSigners: false }), [await submissionItem()]);
    await confirm();
    for (const [put] of transactions()) expect(put!.Put.Item).not.toHaveProperty('label');
  });

  it("the right token beside another signer's id in the same shard → 404, nothing written: one mail cannot sign twice", async () => {
    const sameShard = Array.from({ length: 400 }, (_, i) => hmac(`${SLUG}\nother${i}@example.org`)).find((id) => id !== ID && pkOf(id) === PK)!;
    expect(sameShard).toBeDefined();
    arrange(campaignItem(), [await submissionItem()]);
    for (const handler of [confirm, preview, withdraw]) expectInvalidLink(await handler(TOKEN, sameShard));
    expect(writes()).toHaveLength(0);
  });

  it('uses the campaign shard count to find the link', async () => {
    arrange(campaignItem({ shards: 4 }), []);
    await confirm();
    for (const key of reads()[0]!.RequestItems[SIGNATURES].Keys) expect(key.pk).toBe(pkOf(ID, 4));
  });

  it('pressed again after it confirmed → 200 without any write (twice is harmless)', async () => {
    arrange(campaignItem(), [await submissionItem({ status: 'used' }), await signatureItem({ tokenHash: sha256(TOKEN) })]);
    expect((await confirm()).statusCode).toBe(200);
    expect(writes()).toHaveLength(0);
  });

  it('an expired link → 410 link_expired, nothing written; with a tampered token → 404 (expiry is told only to the link holder)', async () => {
    arrange(campaignItem(), [await submissionItem({ tokenExpiresAt: new Date(Date.now() - 1000).toISOString() })]);
    const response = await confirm();
    expect(response.statusCode).toBe(410);
    expect(response.json.error.code).toBe('link_expired');
    expectInvalidLink(await confirm(tampered(TOKEN)));
    expect(writes()).toHaveLength(0);
  });

  it('a used submission whose signature a later confirmation replaced → 404, nothing written', async () => {
    arrange(campaignItem(), [await submissionItem({ status: 'used' }), await signatureItem()]);
    expectInvalidLink(await confirm());
    expect(writes()).toHaveLength(0);
  });

  it.each([
    ['closed', { status: 'closed' }],
    ['past its deadline', { deadline: '2020-01-01T00:00:00Z' }],
  ])('a campaign %s → 409 closed, nothing written', async (_label, overrides) => {
    arrange(campaignItem(overrides), [await submissionItem()]);
    const response = await confirm();
    expect(response.statusCode).toBe(409);
    expect(response.json.error.code).toBe('closed');
    expect(writes()).toHaveLength(0);
  });

  it('an unknown campaign or a draft → 404 not_found, no signature read', async () => {
    arrange(undefined);
    expect((await confirm()).json.error.code).toBe('not_found');
    arrange(campaignItem({ status: 'draft' }));
    expect((await confirm()).json.error.code).toBe('not_found');
    expect(reads()).toHaveLength(0);
  });

  it('lost a race with another press of the same link → 200 if that one confirmed it, else 404', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled(['None', 'ConditionalCheckFailed']));
    let confirmedMeanwhile = false;
    const pending = await submissionItem();
    const won = await signatureItem({ tokenHash: sha256(TOKEN) });
    ddb.on(GetCommand).resolves({ Item: campaignItem() });
    ddb.on(BatchGetCommand).callsFake(async () => ({
      Responses: { [SIGNATURES]: confirmedMeanwhile ? [{ ...pending, status: 'used' }, won] : [pending] },
    }));
    ddb.on(TransactWriteCommand).callsFake(async () => {
      confirmedMeanwhile = true;
      throw cancelled(['None', 'ConditionalCheckFailed']);
    });
    expect((await confirm()).statusCode).toBe(200);
  });

  it('a throttled transaction → 503 unavailable, not 404', async () => {
    arrange(campaignItem(), [await submissionItem()]);
    ddb.on(TransactWriteCommand).rejects(cancelled(['ThrottlingError', 'None']));
    const response = await confirm();
    expect(response.statusCode).toBe(503);
    expect(response.json.error.code).toBe('unavailable');
  });

  it.each([
    ['a malformed id', 'not-an-id', TOKEN],
    ['a malformed token', ID, 'short'],
  ])('%s → 404 before any read', async (_label, id, token) => {
    arrange(campaignItem(), [await submissionItem()]);
    expectInvalidLink(await confirm(token, id));
    expect(reads()).toHaveLength(0);
  });
});

describe('withdraw', () => {
  const tombstoneOf = (writes: Input[]) => writes.find((write) => String(write.Put?.Item?.sk).startsWith('withdrawn#'))?.Put;

  it('with the link that confirmed the signature → the signature goes (conditional on that link) and an anonymous tombstone comes', async () => {
    arrange(campaignItem(), [await signatureItem({ tokenHash: sha256(TOKEN) })]);
    const response = await withdraw();
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({ status: 'withdrawn' });
    const [writes] = transactions() as [Input[]];
    expect(writes[0]!.Delete).toMatchObject({ Key: { pk: PK, sk: ID }, ConditionExpression: 'tokenHash = :tokenHash', ExpressionAttributeValues: { ':tokenHash': sha256(TOKEN) } });
    const tombstone = tombstoneOf(writes)!;
    expect(Object.keys(tombstone.Item).sort()).toEqual(['pk', 'sk', 'slug', 'status', 'withdrawnOn']);
    expect(tombstone.Item).toMatchObject({ pk: PK, slug: SLUG, status: 'withdrawn', withdrawnOn: new Date().toISOString().slice(0, 10) });
    expect(writes).toHaveLength(2);
  });

  it('with a later "already signed" mail’s link (its submission) → the signature goes too, and that submission', async () => {
    const signature = await signatureItem();
    arrange(campaignItem(), [{ ...(await submissionItem({ answered: 'already-signed' })), pii: undefined, dataKey: undefined }, signature]);
    expect((await withdraw()).statusCode).toBe(200);
    const [writes] = transactions() as [Input[]];
    expect(writes[0]!.Delete).toMatchObject({ Key: { pk: PK, sk: ID }, ExpressionAttributeValues: { ':tokenHash': signature.tokenHash } });
    expect(tombstoneOf(writes)).toBeDefined();
    expect(writes[2]!.Delete).toMatchObject({ Key: { pk: PK, sk: SUB } });
  });

  it('before confirmation → only the submission goes, and no tombstone: nothing was counted', async () => {
    arrange(campaignItem(), [await submissionItem()]);
    expect((await withdraw()).statusCode).toBe(200);
    const [writes] = transactions() as [Input[]];
    expect(writes).toEqual([{ Delete: expect.objectContaining({ Key: { pk: PK, sk: SUB }, ConditionExpression: 'attribute_exists(pk)' }) }]);
  });

  it('works with an expired link and on a closed campaign (withdrawal never expires)', async () => {
    arrange(campaignItem({ status: 'closed' }), [await submissionItem({ tokenExpiresAt: new Date(Date.now() - DAY_MS).toISOString() })]);
    expect((await withdraw()).statusCode).toBe(200);
  });

  it('each withdrawal leaves its own tombstone key', async () => {
    arrange(campaignItem(), [await signatureItem({ tokenHash: sha256(TOKEN) })]);
    await withdraw();
    await withdraw();
    const keys = transactions().map((writes) => tombstoneOf(writes)!.Item.sk);
    expect(new Set(keys).size).toBe(2);
  });

  it('a transaction cancelled by its condition (lost a race) → 404 invalid_link', async () => {
    arrange(campaignItem(), [await signatureItem({ tokenHash: sha256(TOKEN) })]);
    ddb.on(TransactWriteCommand).rejects(cancelled(['ConditionalCheckFailed', 'None']));
    expectInvalidLink(await withdraw());
  });

  it("a tampered token, the right token on another signer's id, or a link already used → 404 and no transaction", async () => {
    arrange(campaignItem(), [await signatureItem({ tokenHash: sha256(TOKEN) })]);
    expectInvalidLink(await withdraw(tampered(TOKEN)));
    expectInvalidLink(await withdraw(TOKEN, OTHER_ID));
    arrange(campaignItem(), []);
    expectInvalidLink(await withdraw());
    expect(transactions()).toHaveLength(0);
  });

  it('an unknown campaign → 404 not_found, nothing read or written', async () => {
    arrange(undefined);
    const response = await withdraw();
    expect(response.statusCode).toBe(404);
    expect(response.json.error.code).toBe('not_found');
    expect(reads()).toHaveLength(0);
    expect(writes()).toHaveLength(0);
  });
});

// ---------------------------------------------------------------------------------------------

describe('the request body', () => {
  const handlers = [
    ['preview', previewHandler],
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

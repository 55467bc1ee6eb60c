/**
 * POST /api/petitions/{slug}/signatures with DynamoDB mocked: what the handler answers, and exactly
 * what it asks DynamoDB to do (or that it asks nothing at all).
 */
import { createHash, createHmac } from 'node:crypto';
import { describe, it, expect, beforeEach } from 'vitest';
import { unitEnv } from './unit-env.ts';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { httpEvent, invoke } from './http-event.ts';

const env = unitEnv;

const { handler } = await import('#http/sign.ts');

const ddb = mockClient(DynamoDBDocumentClient);

const SLUG = 'free-the-press';
const PATH = `/api/petitions/${SLUG}/signatures`;

function petitionItem(overrides: Record<string, unknown> = {}) {
  return {
    pk: SLUG,
    sk: 'META',
    slug: SLUG,
    kind: 'petition',
    title: 'Free the press',
    text: 'Release the journalists.',
    targets: [{ name: 'Parliament' }],
    goal: 1000,
    status: 'open',
    shards: 16,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    listStatus: 'open',
    ...overrides,
  };
}

const signer = { name: 'Nino Beridze', email: 'nino@example.org', country: 'GE' };

function signEvent(payload: unknown, slug = SLUG) {
  return httpEvent({
    method: 'POST',
    path: `/api/petitions/${slug}/signatures`,
    pathParameters: { slug },
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
}

const post = (payload: unknown) => invoke(handler, signEvent(payload));

function putInputs() {
  return ddb.commandCalls(PutCommand).map((call) => call.args[0].input);
}

function onlyPutItem(): Record<string, unknown> {
  const inputs = putInputs();
  expect(inputs).toHaveLength(1);
  return inputs[0]!.Item as Record<string, unknown>;
}

const hmac = (value: string) => createHmac('sha256', env.HASH_KEY).update(value, 'utf8').digest('hex');
const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');

beforeEach(() => {
  ddb.reset();
  ddb.on(GetCommand).resolves({ Item: petitionItem() });
  ddb.on(PutCommand).resolves({});
});

describe('a valid signature for an open campaign', () => {
  it('answers 202 received and writes one conditional, keyed, sharded item', async () => {
    const response = await post(signer);

    expect(response.statusCode).toBe(202);
    expect(response.json).toEqual({ status: 'received' });

    // The campaign is read from the petitions table by its META item.
    const gets = ddb.commandCalls(GetCommand);
    expect(gets).toHaveLength(1);
    expect(gets[0]!.args[0].input).toMatchObject({ TableName: env.PETITIONS_TABLE, Key: { pk: SLUG, sk: 'META' } });

    const [input] = putInputs();
    expect(input).toBeDefined();
    expect(input!.TableName).toBe(env.SIGNATURES_TABLE);
    expect(input!.ConditionExpression).toBe('attribute_not_exists(pk)');

    const item = input!.Item as Record<string, unknown>;
    expect(item.pk).toMatch(new RegExp(`^${SLUG}#(0\\d|1[0-5])$`));
    expect(item.sk).toMatch(/^[0-9a-f]{64}$/);
    // Keyed with HASH_KEY over the canonical email, and the shard is taken from that same hash.
    expect(item.sk).toBe(hmac('nino@example.org'));
    expect(item.pk).toBe(`${SLUG}#${String(Number.parseInt(hmac('nino@example.org').slice(0, 8), 16) % 16).padStart(2, '0')}`);
    expect(item).toMatchObject({ slug: SLUG, status: 'signed', name: 'Nino Beridze', country: 'GE' });
    expect(Date.parse(item.createdAt as string)).not.toBeNaN();
  });

  it('never stores the bare (unkeyed) sha256 of the email anywhere in the item', async () => {
    await post({ ...signer, email: 'Nino@Example.org' });
    const item = onlyPutItem();
    const bare = [sha256('nino@example.org'), sha256('Nino@Example.org')];
    for (const value of Object.values(item)) {
      expect(bare).not.toContain(value);
    }
    expect(JSON.stringify(item)).not.toContain(bare[0]);
  });

  it('uses the campaign shard count from META', async () => {
    ddb.on(GetCommand).resolves({ Item: petitionItem({ shards: 1 }) });
    await post(signer);
    expect(onlyPutItem().pk).toBe(`${SLUG}#00`);
  });

  it('stores an optional comment, and leaves it out when empty', async () => {
    await post({ ...signer, comment: '  Свободу!  ' });
    expect(onlyPutItem().comment).toBe('Свободу!');

    ddb.resetHistory();
    await post({ ...signer, comment: '   ' });
    expect(onlyPutItem()).not.toHaveProperty('comment');
  });

  it('accepts a campaign whose deadline has not passed yet', async () => {
    const future = new Date(Date.now() + 86_400_000).toISOString();
    ddb.on(GetCommand).resolves({ Item: petitionItem({ deadline: future }) });
    expect((await post(signer)).statusCode).toBe(202);
    expect(putInputs()).toHaveLength(1);
  });
});

describe('a repeat signature', () => {
  it('gets exactly the same answer as a first signature', async () => {
    const first = await post(signer);

    ddb.on(PutCommand).rejects(new ConditionalCheckFailedException({ message: 'x', $metadata: {} }));
    const repeat = await post(signer);

    expect(repeat.statusCode).toBe(first.statusCode);
    expect(repeat.rawBody).toBe(first.rawBody);
    expect(repeat.headers).toEqual(first.headers);
    expect(putInputs()).toHaveLength(2);
  });

  it('maps the same email in another case and spacing to the same pk and sk', async () => {
    await post(signer);
    await post({ ...signer, email: '  NINO@Example.ORG ' });
    await post({ ...signer, email: 'nino@example.org\t' });
    const [a, b, c] = putInputs().map((input) => input.Item as Record<string, unknown>);
    expect(b!.pk).toBe(a!.pk);
    expect(b!.sk).toBe(a!.sk);
    expect(c!.pk).toBe(a!.pk);
    expect(c!.sk).toBe(a!.sk);
  });

  it('maps a different email to a different key', async () => {
    await post(signer);
    await post({ ...signer, email: 'nino2@example.org' });
    const [a, b] = putInputs().map((input) => input.Item as Record<string, unknown>);
    expect(b!.sk).not.toBe(a!.sk);
  });
});

describe('DynamoDB failures', () => {
  it.each(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded'])(
    '%s on the write → 503 with retry-after and no internals',
    async (name) => {
      const error = Object.assign(new Error('slow down'), { name });
      ddb.on(PutCommand).rejects(error);
      const response = await post(signer);

      expect(response.statusCode).toBe(503);
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      expect(response.json.error.code).toBe('unavailable');
      expect(response.rawBody).not.toContain('slow down');
      expect(response.rawBody).not.toContain(name);
      expect(response.rawBody).not.toMatch(/\bat .*\(|stack/i);
    },
  );

  it('an overload on the campaign read → 503 too, and nothing is written', async () => {
    ddb.on(GetCommand).rejects(Object.assign(new Error('slow down'), { name: 'ProvisionedThroughputExceededException' }));
    const response = await post(signer);
    expect(response.statusCode).toBe(503);
    expect(putInputs()).toHaveLength(0);
  });

  it('an unexpected error → 500 with a generic message that does not echo the error', async () => {
    ddb.on(PutCommand).rejects(Object.assign(new Error('table unit-signatures exploded at row 42'), { name: 'SomethingElse' }));
    const response = await post(signer);

    expect(response.statusCode).toBe(500);
    expect(response.json.error.code).toBe('internal');
    expect(typeof response.json.error.message).toBe('string');
    expect(response.rawBody).not.toContain('exploded');
    expect(response.rawBody).not.toContain('SomethingElse');
    expect(response.rawBody).not.toContain('unit-signatures');
    expect(response.headers).not.toHaveProperty('retry-after');
  });
});

describe('a campaign that cannot be signed', () => {
  it('closed → 409 closed, nothing written', async () => {
    ddb.on(GetCommand).resolves({ Item: petitionItem({ status: 'closed', listStatus: undefined }) });
    const response = await post(signer);
    expect(response.statusCode).toBe(409);
    expect(response.json.error.code).toBe('closed');
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('open but past its deadline → 409 closed, nothing written', async () => {
    ddb.on(GetCommand).resolves({ Item: petitionItem({ deadline: '2020-01-01T00:00:00Z' }) });
    const response = await post(signer);
    expect(response.statusCode).toBe(409);
    expect(response.json.error.code).toBe('closed');
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('unknown → 404 not_found, nothing written', async () => {
    ddb.on(GetCommand).resolves({});
    const response = await post(signer);
    expect(response.statusCode).toBe(404);
    expect(response.json.error.code).toBe('not_found');
    expect(ddb.commandCalls(GetCommand)).toHaveLength(1);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });
});

describe('invalid input is refused before any DynamoDB call', () => {
  const cases: [string, Record<string, unknown>, string[]][] = [
    ['bad email', { ...signer, email: 'not-an-email' }, ['email']],
    ['email without domain', { ...signer, email: 'nino@' }, ['email']],
    ['missing name', { email: signer.email, country: 'GE' }, ['name']],
    ['blank name', { ...signer, name: '   ' }, ['name']],
    ['name too long', { ...signer, name: 'a'.repeat(201) }, ['name']],
    ['country XX', { ...signer, country: 'XX' }, ['country']],
    ['country EU', { ...signer, country: 'EU' }, ['country']],
    ['unknown extra field', { ...signer, admin: true }, ['admin']],
    ['markup in name', { ...signer, name: '<script>alert(1)</script>' }, ['name']],
    ['control character in name', { ...signer, name: 'Nino\u0007 Beridze' }, ['name']],
    ['NUL in name', { ...signer, name: 'Nino\u0000' }, ['name']],
    ['comment too long', { ...signer, comment: 'x'.repeat(1001) }, ['comment']],
    ['everything wrong', { name: '<b>', email: 'x', country: 'QQ', extra: 1 }, ['country', 'email', 'extra', 'name']],
    ['empty object', {}, ['country', 'email', 'name']],
  ];

  it.each(cases)('%s → 400 naming %j', async (_label, payload, fields) => {
    const response = await post(payload);
    expect(response.statusCode).toBe(400);
    expect(response.json.error.code).toBe('validation_failed');
    expect(Object.keys(response.json.error.fields).sort()).toEqual(fields);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('a JSON array body → 400, no DynamoDB call', async () => {
    const response = await post([signer]);
    expect(response.statusCode).toBe(400);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('a missing slug path parameter → 400, no DynamoDB call', async () => {
    const response = await invoke(handler, httpEvent({ path: PATH, body: JSON.stringify(signer) }));
    expect(response.statusCode).toBe(400);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('names from the region', () => {
  it.each([
    ['Georgian', 'ნინო ბერიძე'],
    ['Armenian', 'Արամ Պետրոսյան'],
    ['Cyrillic with hyphen', 'Олена Коваленко-Шевчук'],
    ['apostrophe', "Siobhán O'Brien"],
    ['Romanian diacritics', 'Ștefan Țurcanu'],
  ])('%s name is accepted and stored as given', async (_label, name) => {
    const response = await post({ ...signer, name });
    expect(response.statusCode).toBe(202);
    expect(onlyPutItem().name).toBe(name);
  });

  it('stores a name sent in NFD as NFC, with whitespace collapsed', async () => {
    const nfd = '  Jose\u0301   Mari\u0301a  '.normalize('NFD');
    expect(nfd).not.toBe(nfd.normalize('NFC'));
    const response = await post({ ...signer, name: nfd });
    expect(response.statusCode).toBe(202);
    const stored = onlyPutItem().name as string;
    expect(stored).toBe('José María'.normalize('NFC'));
    expect(stored).toBe(stored.normalize('NFC'));
  });

  it('stores the country upper-cased and trimmed', async () => {
    await post({ ...signer, country: ' am ' });
    expect(onlyPutItem().country).toBe('AM');
  });
});

describe('the request body itself', () => {
  it('not JSON → 400 invalid_json', async () => {
    const response = await invoke(handler, httpEvent({ path: PATH, pathParameters: { slug: SLUG }, body: '{"name": ' }));
    expect(response.statusCode).toBe(400);
    expect(response.json.error.code).toBe('invalid_json');
    expect(ddb.calls()).toHaveLength(0);
  });

  it('text/plain → 415', async () => {
    const response = await invoke(
      handler,
      httpEvent({ path: PATH, pathParameters: { slug: SLUG }, headers: { 'content-type': 'text/plain' }, body: JSON.stringify(signer) }),
    );
    expect(response.statusCode).toBe(415);
    expect(response.json.error.code).toBe('unsupported_media_type');
    expect(ddb.calls()).toHaveLength(0);
  });

  it('accepts application/json with a charset parameter', async () => {
    const response = await invoke(
      handler,
      httpEvent({
        path: PATH,
        pathParameters: { slug: SLUG },
        headers: { 'content-type': 'application/json; charset=utf-8' },
        body: JSON.stringify(signer),
      }),
    );
    expect(response.statusCode).toBe(202);
  });

  it('decodes a valid base64-encoded body', async () => {
    const body = Buffer.from(JSON.stringify({ ...signer, name: 'ნინო ბერიძე' }), 'utf8').toString('base64');
    const response = await invoke(handler, httpEvent({ path: PATH, pathParameters: { slug: SLUG }, body, isBase64Encoded: true }));
    expect(response.statusCode).toBe(202);
    expect(onlyPutItem().name).toBe('ნინო ბერიძე');
  });

  it('invalid UTF-8 in a base64-encoded body → 400, not U+FFFD', async () => {
    const body = Buffer.from([0x7b, 0xff, 0x7d]).toString('base64');
    const response = await invoke(handler, httpEvent({ path: PATH, pathParameters: { slug: SLUG }, body, isBase64Encoded: true }));
    expect(response.statusCode).toBe(400);
    expect(response.json.error.code).toBe('invalid_json');
    expect(ddb.calls()).toHaveLength(0);
  });

  it('invalid UTF-8 inside a string value → 400, not stored with U+FFFD', async () => {
    const json = Buffer.from(JSON.stringify({ ...signer, name: 'Nino_' }), 'utf8');
    json[json.indexOf('_')] = 0xff;
    const response = await invoke(
      handler,
      httpEvent({ path: PATH, pathParameters: { slug: SLUG }, body: json.toString('base64'), isBase64Encoded: true }),
    );
    expect(response.statusCode).toBe(400);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('a body over 64 KiB → 413', async () => {
    const response = await post({ ...signer, comment: 'x'.repeat(70_000) });
    expect(response.statusCode).toBe(413);
    expect(response.json.error.code).toBe('too_large');
    expect(ddb.calls()).toHaveLength(0);
  });

  it('counts bytes, not characters: 30,000 Georgian letters (90 KB) → 413', async () => {
    const body = JSON.stringify({ ...signer, comment: 'ა'.repeat(30_000) });
    expect(body.length).toBeLessThan(64 * 1024);
    const response = await invoke(handler, httpEvent({ path: PATH, pathParameters: { slug: SLUG }, body }));
    expect(response.statusCode).toBe(413);
  });
});

/**
 * POST /api/campaigns/{slug}/signatures (double opt-in) with DynamoDB and SES mocked: what the
 * handler answers, exactly what it asks DynamoDB to do (or that it asks nothing at all), that it
 * mails nobody (the mail is the stream's job: answer-submissions.test.ts), that no personal data is
 * stored or logged in clear, and that a first and a repeat signature get the same answer after the
 * same work.
 */
import { createHash, createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { unitEnv } from './unit-env.ts';
import { mockClient } from 'aws-sdk-client-mock';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { httpEvent, invoke } from './http-event.ts';
import { campaignItem as fixtureCampaign, inputsOf as sharedInputsOf } from './fixtures.ts';

const env = unitEnv;
// Every log line, debug included, is checked for personal data below.
process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';

const { handler } = await import('#http/sign.ts');
const { openFields } = await import('#crypto/field-crypto.ts');
const { CHALLENGE_TTL_SECONDS, challengeSecret, createSignChallenge, verifySignChallenge } = await import('#rules/challenge.ts');

const { warmDataKeysForTests, resetDataKeyCacheForTests } = await import('#crypto/data-keys.ts');

const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);
// A busy container: this period's data key (and the next's) already read, as after its first seal
// of the period. That first seal is tested apart below.
await warmDataKeysForTests();

const PETITIONS = env.PETITIONS_TABLE;
const SIGNATURES = env.SIGNATURES_TABLE;
const SIGNALS = env.SIGNALS_TABLE;
const SLUG = 'free-the-press';
const PATH = `/api/campaigns/${SLUG}/signatures`;
const TITLE = 'Free the press — თავისუფალი პრესა';
const DAY_MS = 86_400_000;

// ---------------------------------------------------------------------------------------------
// Proof of work: solved for real. The used-challenge record lives in DynamoDB, which is mocked, so
// one solved payload serves every test that is not about the challenge itself.

const SECRET = challengeSecret(env.HASH_KEY);

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
}

async function solvedPayload(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('solver gave up');
  return encode({ challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution });
}

const goodChallenge = await createSignChallenge(SECRET);
const expiredChallenge = await createSignChallenge(SECRET, new Date(Date.now() - (CHALLENGE_TTL_SECONDS + 60) * 1000));
const foreignChallenge = await createSignChallenge(challengeSecret('another-hash-key-0123456789abcdef0123456789'));
const [ALTCHA, EXPIRED_ALTCHA, FOREIGN_ALTCHA] = (await Promise.all(
  [goodChallenge, expiredChallenge, foreignChallenge].map(solvedPayload),
)) as [string, string, string];
// The payloads are genuine solutions, refused (or not) only for the reason each test names.
expect((await verifySignChallenge(ALTCHA, SECRET)).ok).toBe(true);
expect(await verifySignChallenge(EXPIRED_ALTCHA, SECRET)).toEqual({ ok: false, reason: 'expired' });
expect(await verifySignChallenge(FOREIGN_ALTCHA, SECRET)).toEqual({ ok: false, reason: 'invalid_signature' });

// ---------------------------------------------------------------------------------------------
// Fixtures

function campaignItem(overrides: Record<string, unknown> = {}) {
  return fixtureCampaign(SLUG, { title: TITLE, ...overrides });
}

const signer = {
  name: 'ნინო ბერიძე',
  email: 'nino.beridze@example.ge',
  country: 'GE',
  comment: 'Свободу журналистам! Тамар Гелашвили',
};

const hmac = (value: string) => createHmac('sha256', env.HASH_KEY).update(value, 'utf8').digest('hex');
const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');
/** The signer id: the keyed hash of the campaign and the canonical email. */
const signerOn = (slug: string, email: string) => hmac(`${slug}\n${email}`);
const SK = signerOn(SLUG, signer.email);
const PK = `${SLUG}#${String(Number.parseInt(SK.slice(0, 8), 16) % 16).padStart(2, '0')}`;

/** A transaction cancelled for these reasons, as DynamoDB says it. */
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: codes.map((Code) => ({ Code })) });
const named = (name: string, message = 'boom') => Object.assign(new Error(message), { name });

// Every name, email and comment a test sends, checked against every log line after each test.
const personalValues = new Set<string>();

function signEvent(payload: unknown, slug = SLUG) {
  if (payload && typeof payload === 'object') {
    for (const key of ['name', 'email', 'comment'] as const) {
      const value = (payload as Record<string, unknown>)[key];
      // Repeats of one character ('xxxx…') could turn up in any hex string; they identify no one.
      if (typeof value === 'string' && new Set(value.trim()).size > 2) personalValues.add(value.trim());
    }
  }
  return httpEvent({
    method: 'POST',
    path: `/api/campaigns/${slug}/signatures`,
    pathParameters: { slug },
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(payload),
  });
}

const post = (payload: unknown) => invoke(handler, signEvent(payload));
const sign = (overrides: Record<string, unknown> = {}) => post({ ...signer, altcha: ALTCHA, ...overrides });

// ---------------------------------------------------------------------------------------------
// What was sent

type Input = Record<string, any>;
const inputsOf = (command: any, table?: string): Input[] => sharedInputsOf(ddb, command, table);

/** The writes of every transaction sent. */
const transactions = () => inputsOf(TransactWriteCommand).map((input) => input.TransactItems as Input[]);
/** The submission the only transaction stored. */
function submission(): Input {
  const all = transactions();
  expect(all).toHaveLength(1);
  return all[0]!.find((write) => write.Put?.TableName === SIGNATURES)!.Put.Item;
}
const challengeClaims = () => transactions().flatMap((writes) => writes.filter((w) => String(w.Put?.Item?.pk).startsWith('challenge#')));
const mails = () => ses.commandCalls(SendEmailCommand).map((call) => call.args[0].input as Input);
/** Every DynamoDB call apart from reading the campaign. */
const writes = () => ddb.calls().filter((call) => (call.args[0].input as Input).TableName !== PETITIONS);

// ---------------------------------------------------------------------------------------------
// Log capture: stdout, stderr and console, whichever the logger uses.

let logged: string[] = [];

beforeEach(() => {
  ddb.reset();
  ses.reset();
  ddb.on(GetCommand, { TableName: PETITIONS }).resolves({ Item: campaignItem() });
  ddb.on(TransactWriteCommand).resolves({});
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });

  logged = [];
  // Kept out of the test output: the lines are only inspected.
  const capture = (stream: NodeJS.WriteStream) => {
    vi.spyOn(stream, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
      logged.push(Buffer.isBuffer(chunk) ? chunk.toString('utf8') : String(chunk));
      const done = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
      done?.();
      return true;
    }) as typeof stream.write);
  };
  capture(process.stdout);
  capture(process.stderr);
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => {
      logged.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
    });
  }
});

afterEach(() => {
  vi.restoreAllMocks();
  const output = logged.join('\n');
  for (const value of personalValues) {
    expect(output, 'personal data in a log line').not.toContain(value);
  }
  // Lower-cased and JSON-escaped forms too: a logger may escape non-ASCII.
  for (const value of personalValues) {
    expect(output.toLowerCase()).not.toContain(value.toLowerCase());
    expect(output).not.toContain(JSON.stringify(value).slice(1, -1));
  }
  personalValues.clear();
});

// ---------------------------------------------------------------------------------------------

describe('a signature request', () => {
  it('answers 202 received after one read and one transaction: the spent challenge and a sealed submission', async () => {
    const response = await sign();
    expect(response.statusCode).toBe(202);
    expect(response.json).toEqual({ status: 'received' });
    expect(inputsOf(GetCommand, PETITIONS)).toHaveLength(1);
    expect(ddb.calls()).toHaveLength(2);
    const [spend, put] = transactions()[0]!;
    expect(spend!.Put).toMatchObject({ TableName: SIGNALS, ConditionExpression: 'attribute_not_exists(pk)' });
    expect(spend!.Put.Item.pk).toMatch(/^challenge#/);
    expect(put!.Put).toMatchObject({ TableName: SIGNATURES, ConditionExpression: 'attribute_not_exists(pk)' });

    const item = put!.Put.Item;
    expect(item).toMatchObject({ pk: PK, signer: SK, slug: SLUG, status: 'pending', country: 'GE', showName: false, lang: 'en' });
    expect(item.sk).toMatch(/^sub#[0-9a-f]{64}$/);
    // Nothing personal in clear: not the name, the email, its domain, the comment or the address.
    const stored = JSON.stringify(item);
    for (const value of [signer.name, signer.email, 'example.ge', signer.comment, '192.0.2.1']) expect(stored).not.toContain(value);
    // Unconfirmed data deletes itself a day after its 7-day link expires.
    const ttl = item.expiresAt * 1000 - Date.now();
    expect(ttl).toBeGreaterThan(8 * DAY_MS - 60_000);
    expect(ttl).toBeLessThan(8 * DAY_MS + 60_000);
  });

  it("a container's first seal of a period also reads the period's data key item (here: makes it), once", async () => {
    resetDataKeyCacheForTests();
    // Its moment to fetch the next period's key ahead at the period's very end, so none runs meanwhile.
    vi.spyOn(Math, 'random').mockReturnValue(0);
    try {
      expect((await sign()).statusCode).toBe(202);
      const periodCalls = ddb.calls().filter((call) => String((call.args[0].input as Input).Key?.pk ?? (call.args[0].input as Input).Item?.pk).startsWith('data-key#'));
      expect(periodCalls.map((call) => call.args[0].constructor.name)).toEqual(['GetCommand', 'PutCommand']);
      expect(ddb.calls()).toHaveLength(4);
      ddb.resetHistory();
      expect((await sign()).statusCode).toBe(202);
      expect(ddb.calls()).toHaveLength(2);
    } finally {
      await warmDataKeysForTests();
    }
  });

  it('mails nobody: the mail follows from the stream, so the request does the same work for every address', async () => {
    await sign();
    expect(mails()).toHaveLength(0);
  });

  it('seals what was sent for the signature, with the link token whose hash keys the submission, and the network address', async () => {
    const event = signEvent({ ...signer, altcha: ALTCHA });
    event.requestContext.http.sourceIp = '203.0.113.7';
    expect((await invoke(handler, event)).statusCode).toBe(202);
    const item = submission();
    // Sealed for the signature's key, so confirming copies the fields unchanged.
    const opened = await openFields(item.dataKey, item.pii, `${PK}|${SK}`);
    expect(opened).toMatchObject({ name: signer.name, email: signer.email, comment: signer.comment, ip: '203.0.113.7' });
    expect(item.sk).toBe(`sub#${sha256(opened.token!)}`);
    expect(JSON.stringify(item)).not.toContain(opened.token);
  });

  it('identifies the signer by the keyed hash of the campaign and the canonical email: one mailbox, one signer per campaign', async () => {
    await sign({ email: '  Nino.Beridze@Example.GE ' });
    expect(submission().signer).toBe(SK);
    ddb.resetHistory();
    await sign({ email: 'nino.beridze+petition@gmail.com' });
    const gmail = submission().signer;
    ddb.resetHistory();
    await sign({ email: 'ninoberidze@googlemail.com' });
    expect(submission().signer).toBe(gmail);
    // Another campaign: another id for the same address, so no value links the two.
    ddb.resetHistory();
    ddb.on(GetCommand, { TableName: PETITIONS }).resolves({ Item: fixtureCampaign('another-campaign') });
    await invoke(handler, signEvent({ ...signer, altcha: ALTCHA }, 'another-campaign'));
    expect(submission().signer).toBe(signerOn('another-campaign', signer.email));
    expect(submission().signer).not.toBe(SK);
  });

  it('uses the campaign shard count', async () => {
    ddb.on(GetCommand, { TableName: PETITIONS }).resolves({ Item: campaignItem({ shards: 4 }) });
    await sign();
    expect(submission().pk).toBe(`${SLUG}#${String(Number.parseInt(SK.slice(0, 8), 16) % 4).padStart(2, '0')}`);
  });

  it('seals no comment at all for a blank one, nor for none', async () => {
    await sign({ comment: '   ' });
    expect(Object.keys(submission().pii).sort()).toEqual(['email', 'ip', 'name', 'token']);
    ddb.resetHistory();
    await sign({ comment: undefined });
    expect(Object.keys(submission().pii).sort()).toEqual(['email', 'ip', 'name', 'token']);
  });

  it('a first and a repeat signature answer byte for byte the same after the same calls, whatever is stored', async () => {
    const calls = () => ddb.calls().map((call) => {
      const input = call.args[0].input as Input;
      return `${call.args[0].constructor.name} ${input.TableName ?? ''} ${JSON.stringify((input.TransactItems ?? []).map((w: Input) => [Object.keys(w)[0], Object.values(w)[0].TableName, Object.values(w)[0].ConditionExpression]))}`;
    });
    const first = await sign();
    const firstCalls = calls();
    ddb.resetHistory();
    // Nothing about earlier signatures is read, so the repeat cannot take another path.
    const repeat = await sign({ altcha: ALTCHA });
    expect(repeat.rawBody).toBe(first.rawBody);
    expect(repeat.headers).toEqual(first.headers);
    expect(calls()).toEqual(firstCalls);
    expect(ddb.commandCalls(GetCommand).every((call) => call.args[0].input.TableName === PETITIONS)).toBe(true);
  });

  it('records the text version the signer read and the language the mail will be written in', async () => {
    ddb.on(GetCommand, { TableName: PETITIONS }).resolves({ Item: campaignItem({ version: 3 }) });
    const event = signEvent({ ...signer, altcha: ALTCHA });
    event.headers = { ...event.headers, 'accept-language': 'ka-GE,ka;q=0.9' };
    await invoke(handler, event);
    expect(submission()).toMatchObject({ textVersion: 3, lang: 'ka' });
  });
});

describe('the proof-of-work check', () => {
  const cases: [string, () => string][] = [
    ['garbage', () => 'bm90IGEgY2hhbGxlbmdl'],
    ['not even base64', () => 'not base64 at all!'],
    ['a tampered solution', () => {
      const decoded = JSON.parse(Buffer.from(ALTCHA, 'base64').toString('utf8'));
      decoded.solution.counter += 1;
      return encode(decoded);
    }],
    ['an expired challenge', () => EXPIRED_ALTCHA],
    ['a challenge signed with another secret', () => FOREIGN_ALTCHA],
  ];

  it.each(cases)('%s → 400 on the altcha field; nothing claimed, read, stored or mailed', async (_label, payload) => {
    const response = await sign({ altcha: payload() });
    expect(response.statusCode).toBe(400);
    expect(response.json.error.code).toBe('validation_failed');
    expect(Object.keys(response.json.error.fields)).toEqual(['altcha']);
    expect(response.json.error.fields.altcha).toMatch(/robot|check/i);
    expect(ddb.calls()).toHaveLength(0);
    expect(mails()).toHaveLength(0);
  });

  it('a replayed challenge (already spent) → 400 on the altcha field; the transaction stored nothing', async () => {
    // The challenge's condition fails, so DynamoDB writes neither item.
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
    const response = await sign();
    expect(response.statusCode).toBe(400);
    expect(response.json.error.code).toBe('validation_failed');
    expect(Object.keys(response.json.error.fields)).toEqual(['altcha']);
    expect(response.json.error.fields.altcha).toMatch(/already used/i);
    expect(transactions()).toHaveLength(1);
    // The campaign is read (to refuse what it cannot take before anything is written), once.
    expect(inputsOf(GetCommand, PETITIONS)).toHaveLength(1);
    expect(mails()).toHaveLength(0);
  });

  it('a missing altcha field → 400 naming it, no DynamoDB call', async () => {
    const response = await post(signer);
    expect(response.statusCode).toBe(400);
    expect(Object.keys(response.json.error.fields)).toEqual(['altcha']);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('the honeypot', () => {
  it('filled → the same 202 received, and nothing at all happens (not even the challenge is checked)', async () => {
    const normal = await sign();
    ddb.resetHistory();
    ses.resetHistory();

    const response = await sign({ website: 'http://cheap-pills.example', altcha: 'x' });
    expect(response.statusCode).toBe(202);
    expect(response.rawBody).toBe(normal.rawBody);
    expect(response.headers).toEqual(normal.headers);
    expect(ddb.calls()).toHaveLength(0);
    expect(mails()).toHaveLength(0);
  });

  it('blank (as browsers send it) is not a bot', async () => {
    const response = await sign({ website: '  ' });
    expect(response.statusCode).toBe(202);
    expect(submission()).toMatchObject({ status: 'pending' });
  });
});

describe('invalid input is refused before any DynamoDB call', () => {
  const cases: [string, string[], Record<string, unknown>][] = [
    ['bad email', ['email'], { email: 'not-an-email' }],
    ['email without domain', ['email'], { email: 'nino@' }],
    ['missing name', ['name'], { name: undefined }],
    ['blank name', ['name'], { name: '   ' }],
    ['name too long', ['name'], { name: 'a'.repeat(201) }],
    ['markup in name', ['name'], { name: '<script>alert(1)</script>' }],
    ['missing email', ['email'], { email: undefined }],
    ['country XX', ['country'], { country: 'XX' }],
    ['comment too long', ['comment'], { comment: 'x'.repeat(1001) }],
    ['showName not a boolean', ['showName'], { showName: 'yes' }],
    ['unknown extra field', ['admin'], { admin: true }],
    ['everything wrong', ['country', 'email', 'extra', 'name'], { name: '<b>', email: 'x', country: 'QQ', extra: 1 }],
  ];

  it.each(cases)('%s → 400 naming %j', async (_label, fields, overrides) => {
    const payload = { ...signer, altcha: ALTCHA, ...overrides };
    const response = await post(JSON.parse(JSON.stringify(payload)));
    expect(response.statusCode).toBe(400);
    expect(response.json.error.code).toBe('validation_failed');
    expect(Object.keys(response.json.error.fields).sort()).toEqual(fields);
    expect(ddb.calls()).toHaveLength(0);
    expect(mails()).toHaveLength(0);
  });

  it('a missing slug path parameter → 400, no DynamoDB call', async () => {
    const response = await invoke(handler, httpEvent({ path: PATH, body: JSON.stringify({ ...signer, altcha: ALTCHA }) }));
    expect(response.statusCode).toBe(400);
    expect(ddb.calls()).toHaveLength(0);
  });

  it('a body that is not JSON → 400 invalid_json', async () => {
    const response = await invoke(handler, httpEvent({ path: PATH, pathParameters: { slug: SLUG }, body: '{"name": ' }));
    expect(response.statusCode).toBe(400);
    expect(response.json.error.code).toBe('invalid_json');
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe("the campaign's signer fields", () => {
  const campaignAsking = (signerFields: Record<string, string> | undefined) =>
    ddb.on(GetCommand, { TableName: PETITIONS }).resolves({ Item: campaignItem(signerFields ? { signerFields } : {}) });

  function refusedNaming(response: Awaited<ReturnType<typeof sign>>, fields: string[]) {
    expect(response.statusCode).toBe(400);
    expect(response.json.error.code).toBe('validation_failed');
    expect(Object.keys(response.json.error.fields).sort()).toEqual(fields);
    // Refused before anything is written, so the proof of work is not spent (found by test/resilience/malformed-input).
    expect(writes()).toHaveLength(0);
    expect(challengeClaims()).toHaveLength(0);
    expect(mails()).toHaveLength(0);
  }

  it('a country is required unless the campaign says otherwise (campaigns stored before signer fields too)', async () => {
    campaignAsking(undefined);
    refusedNaming(await sign({ country: undefined }), ['country']);
    refusedNaming(await sign({ country: '   ' }), ['country']);
    campaignAsking({ country: 'required', comment: 'optional' });
    refusedNaming(await sign({ country: undefined }), ['country']);
  });

  it('optional: signed without a country, and the item holds none', async () => {
    campaignAsking({ country: 'optional', comment: 'optional' });
    expect((await sign({ country: undefined })).statusCode).toBe(202);
    expect(submission()).not.toHaveProperty('country');
    ddb.resetHistory();
    expect((await sign({ country: 'am' })).statusCode).toBe(202);
    expect(submission()).toMatchObject({ country: 'AM' });
  });

  it('off: a country sent anyway is refused by name rather than silently dropped', async () => {
    campaignAsking({ country: 'off', comment: 'optional' });
    refusedNaming(await sign({ country: 'GE' }), ['country']);
    expect((await sign({ country: undefined })).statusCode).toBe(202);
    expect(submission()).not.toHaveProperty('country');
  });

  it('comments off: a comment is refused by name; a blank one is no comment', async () => {
    campaignAsking({ country: 'required', comment: 'off' });
    refusedNaming(await sign(), ['comment']);
    campaignAsking({ country: 'off', comment: 'off' });
    refusedNaming(await sign(), ['comment', 'country']);
    campaignAsking({ country: 'required', comment: 'off' });
    expect((await sign({ comment: '  ' })).statusCode).toBe(202);
    expect(Object.keys(submission().pii).sort()).toEqual(['email', 'ip', 'name', 'token']);
  });
});

describe('a campaign that cannot be signed', () => {
  const cases: [string, number, string, Record<string, unknown> | undefined][] = [
    ['unknown', 404, 'not_found', undefined],
    ['closed', 409, 'closed', { status: 'closed', listStatus: undefined }],
    ['delivered', 409, 'closed', { status: 'delivered', listStatus: undefined }],
    // A draft does not exist for the public.
    ['a draft', 404, 'not_found', { status: 'draft', listStatus: undefined }],
    ['open but erased after its retention period', 409, 'closed', { personalDataErasedAt: '2026-01-01T00:00:00.000Z' }],
    ['open but past its deadline', 409, 'closed', { deadline: '2020-01-01T00:00:00Z' }],
  ];

  it.each(cases)('%s → %i %s, no signature read or written, no mail', async (_label, status, code, overrides) => {
    ddb.on(GetCommand, { TableName: PETITIONS }).resolves(overrides ? { Item: campaignItem(overrides) } : {});
    const response = await sign();
    expect(response.statusCode).toBe(status);
    expect(response.json.error.code).toBe(code);
    expect(inputsOf(GetCommand, PETITIONS)).toHaveLength(1);
    // The proof of work stays unspent: a refused request stores nothing.
    expect(writes()).toHaveLength(0);
    expect(mails()).toHaveLength(0);
  });

  it('a text changed since the version the signer read → 409 text_changed: nothing written, the proof of work unspent; the version shown now → signed under it', async () => {
    ddb.on(GetCommand, { TableName: PETITIONS }).resolves({ Item: campaignItem({ version: 2 }) });
    const stale = await sign({ textVersion: 1 });
    expect(stale.statusCode).toBe(409);
    expect(stale.json.error.code).toBe('text_changed');
    expect(writes()).toHaveLength(0);
    expect(mails()).toHaveLength(0);
    expect((await sign({ textVersion: 2 })).statusCode).toBe(202);
    expect(submission()).toMatchObject({ textVersion: 2 });
  });

  it('a deadline still ahead → signed', async () => {
    ddb.on(GetCommand, { TableName: PETITIONS }).resolves({ Item: campaignItem({ deadline: new Date(Date.now() + DAY_MS).toISOString() }) });
    expect((await sign()).statusCode).toBe(202);
    expect(submission()).toMatchObject({ status: 'pending' });
  });
});

describe('DynamoDB failures', () => {
  it.each(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded'])(
    '%s on the write → 503 unavailable, Retry-After, no internals',
    async (name) => {
      ddb.on(TransactWriteCommand).rejects(named(name, 'slow down'));
      const response = await sign();

      expect(response.statusCode).toBe(503);
      expect(response.json.error.code).toBe('unavailable');
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      expect(response.rawBody).not.toContain('slow down');
      expect(response.rawBody).not.toContain(name);
    },
  );

  it('a transaction cancelled by a conflict or throttling (not a condition) → 503: nothing was written, a retry is safe', async () => {
    ddb.on(TransactWriteCommand).rejects(cancelled('None', 'ThrottlingError'));
    const response = await sign();
    expect(response.statusCode).toBe(503);
    expect(response.json.error.code).toBe('unavailable');
  });

  it('an unexpected error → 500 with a generic message', async () => {
    ddb.on(TransactWriteCommand).rejects(named('SomethingElse', 'table unit-signatures exploded'));
    const response = await sign();
    expect(response.statusCode).toBe(500);
    expect(response.json.error.code).toBe('internal');
    expect(response.rawBody).not.toContain('exploded');
  });
});

describe("in the signer's language (Accept-Language)", () => {
  const postIn = (acceptLanguage: string, payload: unknown) => {
    const event = signEvent(payload);
    event.headers = { ...event.headers, 'accept-language': acceptLanguage };
    return invoke(handler, event);
  };

  it('ru: field errors and the message in Russian, with the limit filled in; codes and field names unchanged', async () => {
    const response = await postIn('ru-RU,ru;q=0.9,en;q=0.8', { ...signer, altcha: ALTCHA, name: '<b>Нина</b>', comment: 'x'.repeat(1001) });
    expect(response.statusCode).toBe(400);
    expect(response.json.error).toEqual({
      code: 'validation_failed',
      message: 'Некоторые поля требуют внимания.',
      fields: {
        name: 'Имя может содержать только буквы, пробелы, дефисы, апострофы и точки.',
        comment: 'Не более 1\u00a0000 символов.', // numbers as Russian writes them
      },
    });
    expect(ddb.calls()).toHaveLength(0);
  });

  it('ka: field errors from the Georgian catalog, not English', async () => {
    const { loadStrings } = await import('#lib/language.ts');
    const ka = await loadStrings('ka');
    const response = await postIn('ka-GE,ka;q=0.9', { ...signer, altcha: ALTCHA, name: 'Nino 2' });
    expect(response.statusCode).toBe(400);
    expect(response.json.error.fields.name).toBe(ka.validation['name.characters']);
    expect(response.json.error.fields.name).not.toBe('Your name may contain only letters, spaces, hyphens, apostrophes and full stops.');
  });

  it('a language we do not have (or none) answers in English', async () => {
    const response = await postIn('fr-FR,de;q=0.8', { ...signer, altcha: ALTCHA, name: '' });
    expect(response.json.error.fields.name).toBe('Enter your name.');
  });
});

/**
 * POST /api/petitions/{slug}/signatures (double opt-in) with DynamoDB and SES mocked: what the
 * handler answers, exactly what it asks DynamoDB and SES to do (or that it asks nothing at all), that
 * no personal data is stored or logged in clear, and that the answer never tells a first signature
 * from a repeat one.
 */
import { createHash, createHmac } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { unitEnv } from './unit-env.ts';
import { mockClient } from 'aws-sdk-client-mock';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { MessageRejected, SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { httpEvent, invoke } from './http-event.ts';
import { petitionItem as fixturePetition, inputsOf as sharedInputsOf } from './fixtures.ts';

const env = unitEnv;
// Every log line, debug included, is checked for personal data below.
process.env.POWERTOOLS_LOG_LEVEL = 'DEBUG';

const { handler } = await import('#http/sign.ts');
const { openFields } = await import('#lib/field-crypto.ts');
const { CHALLENGE_TTL_SECONDS, challengeSecret, createSignChallenge, verifySignChallenge } = await import('#domain/challenge.ts');

const ddb = mockClient(DynamoDBDocumentClient);
const ses = mockClient(SESv2Client);

const PETITIONS = env.PETITIONS_TABLE;
const SIGNATURES = env.SIGNATURES_TABLE;
const SIGNALS = env.SIGNALS_TABLE;
const SLUG = 'free-the-press';
const PATH = `/api/petitions/${SLUG}/signatures`;
const TITLE = 'Free the press — თავისუფალი პრესა';
const SITE = 'https://undersigned.test';
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

function petitionItem(overrides: Record<string, unknown> = {}) {
  return fixturePetition(SLUG, { title: TITLE, ...overrides });
}

const signer = {
  name: 'ნინო ბერიძე',
  email: 'nino.beridze@example.ge',
  country: 'GE',
  comment: 'Свободу журналистам! Тамар Гелашвили',
};

const hmac = (value: string) => createHmac('sha256', env.HASH_KEY).update(value, 'utf8').digest('hex');
const sha256 = (value: string) => createHash('sha256').update(value, 'utf8').digest('hex');
const SK = hmac(signer.email);
const PK = `${SLUG}#${String(Number.parseInt(SK.slice(0, 8), 16) % 16).padStart(2, '0')}`;

const conditionFailed = (item?: Record<string, unknown>) =>
  new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {}, ...(item ? { Item: item as never } : {}) });
const existing = (status: 'pending' | 'confirmed') => conditionFailed({ pk: { S: PK }, sk: { S: SK }, status: { S: status } });
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
    path: `/api/petitions/${slug}/signatures`,
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

const signaturePuts = () => inputsOf(PutCommand, SIGNATURES);
const signatureUpdates = () => inputsOf(UpdateCommand, SIGNATURES);
const signatureGets = () => inputsOf(GetCommand, SIGNATURES);
const signatureCalls = () => ddb.calls().filter((call) => (call.args[0].input as Input).TableName === SIGNATURES);
const challengeClaims = () => inputsOf(PutCommand, SIGNALS).filter((input) => String(input.Item?.pk).startsWith('challenge#'));
const mails = () => ses.commandCalls(SendEmailCommand).map((call) => call.args[0].input as Input);

function onlyMail() {
  const sent = mails();
  expect(sent).toHaveLength(1);
  const mail = sent[0]!;
  return {
    to: mail.Destination.ToAddresses as string[],
    subject: mail.Content.Simple.Subject.Data as string,
    text: mail.Content.Simple.Body.Text.Data as string,
    html: mail.Content.Simple.Body.Html.Data as string,
  };
}

/** A link in the mail: English ones carry no language; others open the page with `?lang=<lang>`. */
const linkPattern = (kind: 'confirm' | 'withdraw', sk = SK) =>
  new RegExp(`${SITE.replace(/[.]/g, '\\.')}/(?:\\?lang=[a-z]{2})?#/p/${SLUG}/${kind}/${sk}/([A-Za-z0-9_-]{43})(?=\\s|$)`, 'm');

function linkToken(text: string, kind: 'confirm' | 'withdraw', sk = SK): string {
  const match = linkPattern(kind, sk).exec(text);
  expect(match, `${kind} link in:\n${text}`).not.toBeNull();
  return match![1]!;
}

// ---------------------------------------------------------------------------------------------
// Log capture: stdout, stderr and console, whichever the logger uses.

let logged: string[] = [];

beforeEach(() => {
  ddb.reset();
  ses.reset();
  ddb.on(GetCommand, { TableName: PETITIONS }).resolves({ Item: petitionItem() });
  ddb.on(PutCommand, { TableName: SIGNALS }).resolves({});
  ddb.on(GetCommand, { TableName: SIGNALS }).resolves({ Item: { salt: 'unit-salt' } });
  ddb.on(UpdateCommand, { TableName: SIGNALS }).resolves({ Attributes: { n: 1 } });
  ddb.on(PutCommand, { TableName: SIGNATURES }).resolves({});
  ddb.on(UpdateCommand, { TableName: SIGNATURES }).resolves({});
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

describe('a first signature', () => {
  it('answers 202 received and writes one conditional pending item with nothing personal in clear', async () => {
    const before = Date.now();
    const response = await sign({ showName: true });
    const after = Date.now();

    expect(response.statusCode).toBe(202);
    expect(response.json).toEqual({ status: 'received' });

    // The campaign is read from the petitions table by its META item.
    expect(inputsOf(GetCommand, PETITIONS)).toEqual([{ TableName: PETITIONS, Key: { pk: SLUG, sk: 'META' } }]);

    const puts = signaturePuts();
    expect(puts).toHaveLength(1);
    const put = puts[0]!;
    expect(put.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(put.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
    expect(signatureUpdates()).toHaveLength(0);
    expect(signatureGets()).toHaveLength(0);

    const item = put.Item as Input;
    expect(Object.keys(item).sort()).toEqual(
      ['country', 'createdAt', 'dataKey', 'expiresAt', 'pii', 'pk', 'showName', 'sk', 'slug', 'status', 'textVersion', 'tokenExpiresAt', 'tokenHash'].sort(),
    );
    // textVersion: the campaign text the signer read (a campaign stored without one is at version 1).
    expect(item).toMatchObject({ pk: PK, sk: SK, slug: SLUG, status: 'pending', country: 'GE', showName: true, textVersion: 1 });
    expect(item.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(item.dataKey).toMatch(/^file:[A-Za-z0-9_-]+$/);

    // The link lasts 7 days; the unconfirmed item deletes itself (TTL, epoch seconds) a day later.
    const tokenExpires = Date.parse(item.tokenExpiresAt);
    expect(tokenExpires).toBeGreaterThanOrEqual(before + 7 * DAY_MS);
    expect(tokenExpires).toBeLessThanOrEqual(after + 7 * DAY_MS);
    expect(item.expiresAt).toBe(Math.floor(tokenExpires / 1000) + 86_400);
    expect(Date.parse(item.createdAt)).toBeGreaterThanOrEqual(before);
    expect(Date.parse(item.createdAt)).toBeLessThanOrEqual(after);

    // Sealed: no plaintext anywhere in the request, and the sealed values open back to the input.
    const wire = JSON.stringify(put);
    for (const value of [signer.name, signer.email, signer.comment, 'ნინო', 'Тамар', 'example.ge']) {
      expect(wire).not.toContain(value);
    }
    expect(Object.keys(item.pii).sort()).toEqual(['comment', 'email', 'name']);
    for (const sealed of Object.values(item.pii)) expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]+$/);
    expect(await openFields(item.dataKey, item.pii, `${item.pk}|${item.sk}`)).toEqual({
      name: signer.name,
      email: signer.email,
      comment: signer.comment,
    });
    // Bound to this item: the same ciphertexts do not open under another signer's key.
    await expect(openFields(item.dataKey, item.pii, `${item.pk}|${hmac('someone@else.org')}`)).rejects.toThrow();
  });

  it('mails the address a confirm link whose token hashes to the stored tokenHash, and a withdraw link', async () => {
    await sign();
    const { tokenHash } = signaturePuts()[0]!.Item as Input;

    const mail = onlyMail();
    expect(mail.to).toEqual([signer.email]);
    expect(mail.subject).toContain(TITLE);
    expect(mail.subject).toMatch(/confirm/i);

    const token = linkToken(mail.text, 'confirm');
    expect(sha256(token)).toBe(tokenHash);
    expect(linkToken(mail.text, 'withdraw')).toBe(token);
    // The HTML part carries the same links.
    expect(mail.html).toContain(`${SITE}/#/p/${SLUG}/confirm/${SK}/${token}`);
    expect(mail.html).toContain(`${SITE}/#/p/${SLUG}/withdraw/${SK}/${token}`);
    // The stored hash is of the token, not the token itself.
    expect(JSON.stringify(signaturePuts()[0])).not.toContain(token);
  });

  it('identifies the signer by the keyed hash of the canonical email, sharded by that hash', async () => {
    await sign({ email: '  Nino.Beridze@EXAMPLE.ge ' });
    const item = signaturePuts()[0]!.Item as Input;
    expect(item.sk).toBe(SK);
    expect(item.pk).toBe(PK);
    expect(item.sk).not.toBe(sha256(signer.email));

    // The mail goes to the address as typed (trimmed), and the link names the same id.
    const mail = onlyMail();
    expect(mail.to).toEqual(['Nino.Beridze@EXAMPLE.ge']);
    linkToken(mail.text, 'confirm', SK);
  });

  it('uses the campaign shard count', async () => {
    ddb.on(GetCommand, { TableName: PETITIONS }).resolves({ Item: petitionItem({ shards: 1 }) });
    await sign();
    expect(signaturePuts()[0]!.Item).toMatchObject({ pk: `${SLUG}#00`, sk: SK });
  });

  it('stores no comment at all for a blank one, nor for none', async () => {
    await sign({ comment: '   ' });
    const blank = signaturePuts()[0]!.Item as Input;
    expect(Object.keys(blank.pii).sort()).toEqual(['email', 'name']);

    ddb.resetHistory();
    await sign({ comment: undefined });
    const none = signaturePuts()[0]!.Item as Input;
    expect(Object.keys(none.pii).sort()).toEqual(['email', 'name']);
  });

  it.each([
    ['Cyrillic', 'Олена Коваленко-Шевчук'],
    ['Armenian', 'Արամ Պետրոսյան'],
  ])('seals a %s name too', async (_label, name) => {
    const response = await sign({ name, email: 'olena@example.ua' });
    expect(response.statusCode).toBe(202);
    const item = signaturePuts()[0]!.Item as Input;
    expect(JSON.stringify(item)).not.toContain(name);
    expect((await openFields(item.dataKey, item.pii, `${item.pk}|${item.sk}`)).name).toBe(name);
  });

  it('spends the challenge: one conditional used-challenge record until it expires', async () => {
    await sign();
    expect(challengeClaims()).toEqual([
      {
        TableName: SIGNALS,
        Item: { pk: `challenge#${goodChallenge.signature}`, sk: '-', expiresAt: goodChallenge.parameters.expiresAt! + 60 },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    ]);
  });

  it('counts velocity by keyed hashes only: neither the email domain nor the address appears', async () => {
    await sign();
    const velocity = inputsOf(UpdateCommand, SIGNALS);
    expect(velocity).toHaveLength(2);
    const keys = velocity.map((input) => String(input.Key.pk)).sort();
    expect(keys[0]).toMatch(new RegExp(`^velocity#${SLUG}#domain#[0-9a-f]{24}#\\d{4}-\\d{2}-\\d{2}T\\d{2}#[0-7]$`));
    expect(keys[1]).toMatch(new RegExp(`^velocity#${SLUG}#source#[0-9a-f]{24}#\\d{4}-\\d{2}-\\d{2}T\\d{2}#[0-7]$`));
    const wire = JSON.stringify(ddb.calls().filter((call) => (call.args[0].input as Input).TableName === SIGNALS).map((c) => c.args[0].input));
    expect(wire).not.toContain('example.ge');
    expect(wire).not.toContain('192.0.2.1');
    expect(wire).not.toContain(signer.email);
  });
});

describe('a repeat signature', () => {
  it('while pending: same 202, the latest submission and a new link replace the old, a new confirmation mail', async () => {
    const first = await sign();
    const firstToken = linkToken(onlyMail().text, 'confirm');
    ddb.resetHistory();
    ses.resetHistory();

    ddb.on(PutCommand, { TableName: SIGNATURES }).rejects(existing('pending'));
    const again = { name: 'Олена Коваленко', comment: 'Другой комментарий', country: 'UA', showName: true };
    const repeat = await sign(again);

    expect(repeat.statusCode).toBe(202);
    expect(repeat.rawBody).toBe(first.rawBody);
    expect(repeat.headers).toEqual(first.headers);

    expect(signaturePuts()).toHaveLength(1);
    // The existing item came back with the failed Put: no extra read.
    expect(signatureGets()).toHaveLength(0);
    const updates = signatureUpdates();
    expect(updates).toHaveLength(1);
    const update = updates[0]!;
    expect(update).toMatchObject({
      TableName: SIGNATURES,
      Key: { pk: PK, sk: SK },
      ConditionExpression: '#status = :pending',
      ExpressionAttributeNames: { '#status': 'status' },
    });
    expect(Object.keys(update.Key).sort()).toEqual(['pk', 'sk']);
    for (const set of ['pii = :pii', 'dataKey = :dataKey', 'tokenHash = :tokenHash', 'tokenExpiresAt = :tokenExpiresAt', 'expiresAt = :expiresAt', 'country = :country', 'showName = :showName']) {
      expect(update.UpdateExpression).toContain(set);
    }
    expect(update.UpdateExpression).not.toMatch(/status|createdAt/);
    const values = update.ExpressionAttributeValues as Input;
    expect(values[':pending']).toBe('pending');
    expect(values[':country']).toBe('UA');
    expect(values[':showName']).toBe(true);
    expect(values[':tokenHash']).toMatch(/^[0-9a-f]{64}$/);
    expect(values[':expiresAt']).toBe(Math.floor(Date.parse(values[':tokenExpiresAt']) / 1000) + 86_400);
    expect(await openFields(values[':dataKey'], values[':pii'], `${PK}|${SK}`)).toEqual({
      name: again.name,
      email: signer.email,
      comment: again.comment,
    });
    const wire = JSON.stringify(update);
    for (const value of [again.name, again.comment, signer.email]) expect(wire).not.toContain(value);

    const mail = onlyMail();
    expect(mail.subject).toMatch(/confirm/i);
    const token = linkToken(mail.text, 'confirm');
    expect(token).not.toBe(firstToken);
    expect(sha256(token)).toBe(values[':tokenHash']);
    expect(linkToken(mail.text, 'withdraw')).toBe(token);
  });

  it('while pending, when the failed Put does not return the item: reads it (consistently) and refreshes it', async () => {
    ddb.on(PutCommand, { TableName: SIGNATURES }).rejects(conditionFailed());
    ddb.on(GetCommand, { TableName: SIGNATURES }).resolves({ Item: { pk: PK, sk: SK, status: 'pending' } });
    const response = await sign();
    expect(response.statusCode).toBe(202);
    expect(signatureGets()).toEqual([{ TableName: SIGNATURES, Key: { pk: PK, sk: SK }, ConsistentRead: true }]);
    expect(signatureUpdates()).toHaveLength(1);
    expect(signatureUpdates()[0]!.ConditionExpression).toBe('#status = :pending');
    expect(sha256(linkToken(onlyMail().text, 'confirm'))).toBe(signatureUpdates()[0]!.ExpressionAttributeValues[':tokenHash']);
  });

  it('when confirmed: same 202, only the link is renewed, and the mail says "already signed" without a confirm link', async () => {
    const first = await sign();
    ddb.resetHistory();
    ses.resetHistory();

    ddb.on(PutCommand, { TableName: SIGNATURES }).rejects(existing('confirmed'));
    const repeat = await sign({ name: 'Someone Else', comment: 'overwrite attempt' });

    expect(repeat.statusCode).toBe(202);
    expect(repeat.rawBody).toBe(first.rawBody);
    expect(repeat.headers).toEqual(first.headers);

    const updates = signatureUpdates();
    expect(updates).toHaveLength(1);
    const tokenHash = updates[0]!.ExpressionAttributeValues[':tokenHash'];
    expect(tokenHash).toMatch(/^[0-9a-f]{64}$/);
    // Nothing about the signature changes: no personal data, no status, no country, no expiry.
    expect(updates[0]).toEqual({
      TableName: SIGNATURES,
      Key: { pk: PK, sk: SK },
      UpdateExpression: 'SET tokenHash = :tokenHash',
      ConditionExpression: '#status = :confirmed',
      ExpressionAttributeNames: { '#status': 'status' },
      ExpressionAttributeValues: { ':tokenHash': tokenHash, ':confirmed': 'confirmed' },
    });

    const mail = onlyMail();
    expect(mail.to).toEqual([signer.email]);
    expect(mail.subject).toMatch(/already signed/i);
    expect(mail.subject).toContain(TITLE);
    expect(mail.text).not.toContain('/confirm/');
    expect(mail.html).not.toContain('/confirm/');
    expect(sha256(linkToken(mail.text, 'withdraw'))).toBe(tokenHash);
  });

  it('a first, a pending repeat and a confirmed repeat answer byte for byte the same', async () => {
    const first = await sign();
    ddb.on(PutCommand, { TableName: SIGNATURES }).rejects(existing('pending'));
    const pending = await sign();
    ddb.on(PutCommand, { TableName: SIGNATURES }).rejects(existing('confirmed'));
    const confirmed = await sign();

    for (const repeat of [pending, confirmed]) {
      expect(repeat.statusCode).toBe(first.statusCode);
      expect(repeat.headers).toEqual(first.headers);
      expect(repeat.rawBody).toBe(first.rawBody);
    }
    // …while the mails differ: two confirmations, then "already signed".
    const subjects = mails().map((mail) => mail.Content.Simple.Subject.Data as string);
    expect(subjects).toHaveLength(3);
    expect(subjects[0]).toBe(subjects[1]);
    expect(subjects[2]).not.toBe(subjects[0]);
  });

  it('an item confirmed between the Put and the refresh gets the "already signed" treatment', async () => {
    ddb.on(PutCommand, { TableName: SIGNATURES })
      .rejectsOnce(existing('pending'))
      .rejects(existing('confirmed'));
    ddb.on(UpdateCommand, { TableName: SIGNATURES })
      .rejectsOnce(conditionFailed())
      .resolves({});
    const response = await sign();
    expect(response.statusCode).toBe(202);
    const updates = signatureUpdates();
    expect(updates.map((u) => u.ConditionExpression)).toEqual(['#status = :pending', '#status = :confirmed']);
    const mail = onlyMail();
    expect(mail.subject).toMatch(/already signed/i);
    expect(sha256(linkToken(mail.text, 'withdraw'))).toBe(updates[1]!.ExpressionAttributeValues[':tokenHash']);
  });

  it('an item that keeps changing under it gives up with 503 after bounded attempts, mailing nothing', async () => {
    ddb.on(PutCommand, { TableName: SIGNATURES }).rejects(existing('pending'));
    ddb.on(UpdateCommand, { TableName: SIGNATURES }).rejects(conditionFailed());
    const response = await sign();
    expect(response.statusCode).toBe(503);
    expect(response.json.error.code).toBe('unavailable');
    expect(signaturePuts().length).toBeGreaterThan(1);
    expect(signaturePuts().length).toBeLessThanOrEqual(3);
    expect(mails()).toHaveLength(0);
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

  it('a replayed challenge (already claimed) → 400 on the altcha field; nothing stored or mailed', async () => {
    ddb.on(PutCommand, { TableName: SIGNALS }).callsFake((input: Input) => {
      if (String(input.Item?.pk).startsWith('challenge#')) return Promise.reject(conditionFailed());
      return Promise.resolve({});
    });
    const response = await sign();
    expect(response.statusCode).toBe(400);
    expect(response.json.error.code).toBe('validation_failed');
    expect(Object.keys(response.json.error.fields)).toEqual(['altcha']);
    expect(response.json.error.fields.altcha).toMatch(/already used/i);
    expect(challengeClaims()).toHaveLength(1);
    expect(signatureCalls()).toHaveLength(0);
    // The campaign is read (to refuse what it cannot take before the challenge is spent), once.
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
    expect(signaturePuts()).toHaveLength(1);
    expect(mails()).toHaveLength(1);
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
    ddb.on(GetCommand, { TableName: PETITIONS }).resolves({ Item: petitionItem(signerFields ? { signerFields } : {}) });

  function refusedNaming(response: Awaited<ReturnType<typeof sign>>, fields: string[]) {
    expect(response.statusCode).toBe(400);
    expect(response.json.error.code).toBe('validation_failed');
    expect(Object.keys(response.json.error.fields).sort()).toEqual(fields);
    expect(signatureCalls()).toHaveLength(0);
    expect(mails()).toHaveLength(0);
    // Refused before the proof of work is spent or counted (found by test/resilience/malformed-input).
    expect(challengeClaims()).toHaveLength(0);
    expect(inputsOf(UpdateCommand, SIGNALS)).toHaveLength(0);
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
    expect(signaturePuts()[0]!.Item).not.toHaveProperty('country');
    ddb.resetHistory();
    expect((await sign({ country: 'am' })).statusCode).toBe(202);
    expect(signaturePuts()[0]!.Item).toMatchObject({ country: 'AM' });
  });

  it('off: a country sent anyway is refused by name rather than silently dropped', async () => {
    campaignAsking({ country: 'off', comment: 'optional' });
    refusedNaming(await sign({ country: 'GE' }), ['country']);
    expect((await sign({ country: undefined })).statusCode).toBe(202);
    expect(signaturePuts()[0]!.Item).not.toHaveProperty('country');
  });

  it('comments off: a comment is refused by name; a blank one is no comment', async () => {
    campaignAsking({ country: 'required', comment: 'off' });
    refusedNaming(await sign(), ['comment']);
    campaignAsking({ country: 'off', comment: 'off' });
    refusedNaming(await sign(), ['comment', 'country']);
    campaignAsking({ country: 'required', comment: 'off' });
    expect((await sign({ comment: '  ' })).statusCode).toBe(202);
    expect(Object.keys((signaturePuts()[0]!.Item as Input).pii).sort()).toEqual(['email', 'name']);
  });

  it('a pending repeat without a country (optional) removes the one the first submission gave', async () => {
    campaignAsking({ country: 'optional', comment: 'optional' });
    ddb.on(PutCommand, { TableName: SIGNATURES }).rejects(existing('pending'));
    expect((await sign({ country: undefined })).statusCode).toBe(202);
    const [update] = signatureUpdates();
    // The main page's submission has no widget source either: both go.
    expect(update!.UpdateExpression).toMatch(/ REMOVE country, #source$/);
    expect(update!.UpdateExpression).not.toContain(':country');
    expect(update!.ExpressionAttributeValues).not.toHaveProperty(':country');
  });

  it('records the text version the signer read', async () => {
    ddb.on(GetCommand, { TableName: PETITIONS }).resolves({ Item: petitionItem({ version: 3 }) });
    await sign();
    expect(signaturePuts()[0]!.Item).toMatchObject({ textVersion: 3 });
    ddb.resetHistory();
    ddb.on(PutCommand, { TableName: SIGNATURES }).rejects(existing('pending'));
    await sign();
    expect(signatureUpdates()[0]!.ExpressionAttributeValues).toMatchObject({ ':textVersion': 3 });
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
    ddb.on(GetCommand, { TableName: PETITIONS }).resolves(overrides ? { Item: petitionItem(overrides) } : {});
    const response = await sign();
    expect(response.statusCode).toBe(status);
    expect(response.json.error.code).toBe(code);
    expect(inputsOf(GetCommand, PETITIONS)).toHaveLength(1);
    expect(signatureCalls()).toHaveLength(0);
    expect(mails()).toHaveLength(0);
    // The proof of work stays unspent and uncounted: a refused request stores nothing.
    expect(challengeClaims()).toHaveLength(0);
    expect(inputsOf(UpdateCommand, SIGNALS)).toHaveLength(0);
  });

  it('a deadline still ahead → signed', async () => {
    ddb.on(GetCommand, { TableName: PETITIONS }).resolves({ Item: petitionItem({ deadline: new Date(Date.now() + DAY_MS).toISOString() }) });
    expect((await sign()).statusCode).toBe(202);
    expect(signaturePuts()).toHaveLength(1);
  });
});

describe('when the mail cannot be sent', () => {
  const failures: [string, () => Error][] = [
    [
      'MessageRejected (whose message names the address)',
      () =>
        new MessageRejected({
          message: `Email address is not verified. The following identities failed the check in region EU-CENTRAL-1: ${signer.email}`,
          $metadata: {},
        }),
    ],
    ['throttling', () => named('TooManyRequestsException', 'Maximum sending rate exceeded.')],
    ['a throttling error named like a DynamoDB overload', () => named('ThrottlingException', 'Rate exceeded')],
  ];

  it.each(failures)('%s → the signature is kept, 503 mail_failed saying so, Retry-After', async (_label, error) => {
    ses.on(SendEmailCommand).rejects(error());
    const response = await sign();

    expect(signaturePuts()).toHaveLength(1);
    expect(inputsOf(DeleteCommand)).toHaveLength(0);
    expect(signatureUpdates()).toHaveLength(0);
    expect(mails()).toHaveLength(1);

    expect(response.statusCode).toBe(503);
    expect(response.json.error.code).toBe('mail_failed');
    expect(response.json.error.message).toMatch(/signature is saved/i);
    expect(response.json.error.message).toMatch(/try again/i);
    expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
    expect(response.rawBody).not.toContain(signer.email);
    expect(response.rawBody).not.toMatch(/MessageRejected|Throttling|TooManyRequests/);

    // Logged by error name only (the capture is live: this line is in it).
    const output = logged.join('\n');
    expect(output).toContain('confirmation mail not sent');
    expect(output).toContain(error().name);
  });

  it('signing again afterwards finds the pending signature and sends a new link → 202', async () => {
    ses.on(SendEmailCommand)
      .rejectsOnce(new MessageRejected({ message: 'Sending paused', $metadata: {} }))
      .resolves({ MessageId: 'm-2' });
    ddb.on(PutCommand, { TableName: SIGNATURES })
      .resolvesOnce({})
      .rejects(existing('pending'));

    expect((await sign()).statusCode).toBe(503);
    const firstHash = signaturePuts()[0]!.Item!.tokenHash;

    const again = await sign();
    expect(again.statusCode).toBe(202);
    expect(again.json).toEqual({ status: 'received' });
    expect(signaturePuts()).toHaveLength(2);
    const updates = signatureUpdates();
    expect(updates).toHaveLength(1);
    expect(updates[0]!.ConditionExpression).toBe('#status = :pending');
    const newHash = updates[0]!.ExpressionAttributeValues[':tokenHash'];
    expect(newHash).not.toBe(firstHash);

    const sent = mails();
    expect(sent).toHaveLength(2);
    const text = sent[1]!.Content.Simple.Body.Text.Data as string;
    expect(sha256(linkToken(text, 'confirm'))).toBe(newHash);
  });
});

describe('DynamoDB failures', () => {
  it.each(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded'])(
    '%s on the signature write → 503 unavailable, Retry-After, no mail, no internals',
    async (name) => {
      ddb.on(PutCommand, { TableName: SIGNATURES }).rejects(named(name, 'slow down'));
      const response = await sign();

      expect(response.statusCode).toBe(503);
      expect(response.json.error.code).toBe('unavailable');
      expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
      expect(response.rawBody).not.toContain('slow down');
      expect(response.rawBody).not.toContain(name);
      expect(mails()).toHaveLength(0);
    },
  );

  it('an unexpected error → 500 with a generic message, no mail', async () => {
    ddb.on(PutCommand, { TableName: SIGNATURES }).rejects(named('SomethingElse', 'table unit-signatures exploded'));
    const response = await sign();
    expect(response.statusCode).toBe(500);
    expect(response.json.error.code).toBe('internal');
    expect(response.rawBody).not.toContain('exploded');
    expect(mails()).toHaveLength(0);
  });
});

describe('velocity signals are best effort', () => {
  it.each([
    ['the counter update fails', () => ddb.on(UpdateCommand, { TableName: SIGNALS }).rejects(named('InternalServerError', 'x'))],
    ['the counter update fails unexpectedly', () => ddb.on(UpdateCommand, { TableName: SIGNALS }).rejects(named('SomethingElse', 'x'))],
  ])('%s → still 202, signature stored and mailed', async (_label, arrange) => {
    arrange();
    const response = await sign();
    expect(response.statusCode).toBe(202);
    expect(response.json).toEqual({ status: 'received' });
    expect(inputsOf(UpdateCommand, SIGNALS).length).toBeGreaterThan(0);
    expect(signaturePuts()).toHaveLength(1);
    expect(mails()).toHaveLength(1);
    expect(logged.join('\n')).toContain('velocity signal not recorded');
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

  it('ru: the confirmation mail is in Russian, with the days counted in the right plural form', async () => {
    expect((await postIn('ru', { ...signer, altcha: ALTCHA })).statusCode).toBe(202);
    const mail = onlyMail();
    expect(mail.subject).toBe(`Подтвердите вашу подпись: ${TITLE}`);
    expect(mail.text).toContain('Подтвердить подпись:');
    // CONFIRM_TTL_DAYS is 7 in the unit environment: "7 дней" (many), not "7 дня".
    expect(mail.text).toContain('Ссылка действует 7 дней.');
    expect(mail.html).toContain('<html lang="ru" dir="ltr">');
    expect(linkToken(mail.text, 'confirm')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // The link opens the page in Russian too, whatever language the browser prefers.
    expect(mail.text).toContain(`${SITE}/?lang=ru#/p/${SLUG}/confirm/`);
  });

  it('ru: a repeat by a confirmed signer gets the "already signed" mail in Russian', async () => {
    ddb.on(PutCommand, { TableName: SIGNATURES }).rejects(existing('confirmed'));
    expect((await postIn('ru', { ...signer, altcha: ALTCHA })).statusCode).toBe(202);
    expect(onlyMail().subject).toBe(`Вы уже подписали: ${TITLE}`);
  });
});

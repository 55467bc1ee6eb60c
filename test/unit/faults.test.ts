/**
 * Throttling and faults (issue #7, item 5): what the platform does when DynamoDB, SES or S3 refuse,
 * stall or fail.
 *
 * 1. The SDK's own retries, for real: aws-sdk-client-mock replaces `send`, so the retry middleware
 *    never runs under it. Here real clients talk to a small HTTP server on 127.0.0.1 that answers
 *    throttling errors N times and then succeeds (or never does); the server measures when each
 *    attempt arrives.
 * 2. Every route on the sign, confirm, withdraw, sign-in, count, dashboard, export and mail paths with
 *    mocked clients: each overload error → 503 with Retry-After, no internals in the body, and which
 *    states a failure can leave behind, each followed by the user's retry (or the stream's
 *    redelivery, for the mailer) to show it converges to one signature, with every mail working.
 */
import { unitEnv } from './unit-env.ts';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { mockClient, type AwsStub } from 'aws-sdk-client-mock';
import {
  BatchGetCommand,
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, DynamoDBClient, GetItemCommand, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { AbortMultipartUploadCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { marshall } from '@aws-sdk/util-dynamodb';
import { solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { httpEvent, invoke, jsonPost, lambdaContext } from './http-event.ts';
import { campaignItem } from './fixtures.ts';

const env = unitEnv;

// ---------------------------------------------------------------------------------------------
// A stand-in for DynamoDB, SES and S3 on a loopback port, started before any client is made so the
// shared clients (created at import) point at it.

interface Arrival {
  service: 'dynamodb' | 'ses' | 's3';
  operation: string;
  at: number;
}
interface Reply {
  /** Never answer: the client must give the attempt up itself. */
  stall?: boolean;
  status: number;
  headers?: Record<string, string>;
  body?: string;
}
const arrivals: Arrival[] = [];
let reply: (arrival: Arrival, nth: number) => Reply = () => ({ status: 500 });

function serviceOf(req: IncomingMessage): Arrival {
  const target = req.headers['x-amz-target'];
  if (typeof target === 'string') return { service: 'dynamodb', operation: target.split('.')[1] ?? target, at: performance.now() };
  if (req.url?.startsWith('/v2/email/')) return { service: 'ses', operation: 'SendEmail', at: performance.now() };
  return { service: 's3', operation: `${req.method} ${req.url?.split('?')[0]}`, at: performance.now() };
}

const fake = createServer((req, res) => {
  const arrival = serviceOf(req);
  req.resume();
  req.on('end', () => {
    arrivals.push(arrival);
    const answer = reply(arrival, arrivals.filter((a) => a.service === arrival.service).length);
    if (answer.stall) return;
    res.writeHead(answer.status, { 'x-amzn-requestid': 'fake', ...answer.headers });
    res.end(answer.body ?? '');
  });
});
await new Promise<void>((resolve) => fake.listen(0, '127.0.0.1', resolve));
const fakeUrl = `http://127.0.0.1:${(fake.address() as AddressInfo).port}`;
process.env.AWS_ENDPOINT_URL_DYNAMODB = fakeUrl;
process.env.AWS_ENDPOINT_URL_SESV2 = fakeUrl;
process.env.AWS_ENDPOINT_URL_S3 = fakeUrl;
process.env.S3_FORCE_PATH_STYLE = 'true';
// The explicit settings must win over the environment's (a stray AWS_MAX_ATTEMPTS=1 would disable retries).
process.env.AWS_MAX_ATTEMPTS = '1';
// The production per-attempt timeout (the local stack and integration tests raise it).
delete process.env.REQUEST_TIMEOUT_MS;

const dynamoError = (name: string) => ({
  status: 400,
  headers: { 'content-type': 'application/x-amz-json-1.0' },
  body: JSON.stringify({ __type: `com.amazonaws.dynamodb.v20120810#${name}`, message: 'Rate of requests exceeds the allowed throughput.' }),
});
const dynamoOk = (body: unknown) => ({ status: 200, headers: { 'content-type': 'application/x-amz-json-1.0' }, body: JSON.stringify(body) });
const sesThrottled = { status: 429, headers: { 'content-type': 'application/json', 'x-amzn-errortype': 'TooManyRequestsException' }, body: '{"message":"Maximum sending rate exceeded."}' };
const sesOk = { status: 200, headers: { 'content-type': 'application/json' }, body: '{"MessageId":"fake-1"}' };
const s3Error = (status: number, code: string) => ({
  status,
  headers: { 'content-type': 'application/xml' },
  body: `<?xml version="1.0" encoding="UTF-8"?><Error><Code>${code}</Code><Message>Please reduce your request rate.</Message><RequestId>r</RequestId></Error>`,
});
const s3Ok = { status: 200, headers: { etag: '"0123456789abcdef0123456789abcdef"' } };

/** Milliseconds between one call's attempts, as the server saw them. */
const gapsOf = (service: Arrival['service']) => {
  const times = arrivals.filter((a) => a.service === service).map((a) => a.at);
  return times.slice(1).map((t, i) => Math.round(t - times[i]!));
};

// ---------------------------------------------------------------------------------------------
// Modules under test, imported after the configuration above.

const clients = await import('#lib/clients.ts');
const { isOverload } = await import('#lib/errors.ts');
const { handler: getCount } = await import('#http/get-count.ts');
const { handler: requestSignIn } = await import('#http/request-sign-in.ts');
const { handler: sign } = await import('#http/sign.ts');
const { handler: confirm } = await import('#http/confirm-signature.ts');
const { handler: withdraw } = await import('#http/withdraw-signature.ts');
const { handler: dashboard } = await import('#http/get-dashboard.ts');
const { handler: startExport } = await import('#http/start-export.ts');
const { handler: inviteMember } = await import('#http/invite-member.ts');
const { handler: answerSignIns } = await import('#streams/answer-sign-ins.ts');
const { signInRequestKey } = await import('#store/organisations.ts');
const { sealFields } = await import('#crypto/field-crypto.ts');
const { sealingContext } = await import('#rules/signature-keys.ts');
const { handler: runExports } = await import('#streams/run-export-jobs.ts');
const { handler: answerSubmissions } = await import('#streams/follow-signatures.ts');
const { uploadFile } = await import('#documents/exports-bucket.ts');
const { sendMail } = await import('#mail/mailer.ts');
const { hashToken } = await import('#rules/tokens.ts');
const { issueSession, SESSION_COOKIE } = await import('#lib/session.ts');
const { mockSessionMember } = await import('./organiser-mocks.ts');
const { challengeSecret, createSignChallenge } = await import('#rules/challenge.ts');
const { JOB_TIME_LIMIT_MS } = await import('#rules/exports.ts');
const { runExportJob } = await import('#usecases/run-export.ts');

afterAll(async () => {
  await new Promise((resolve) => fake.close(resolve));
});

const SLUG = 'free-the-press';

/** A stream event with the INSERT of one sign-in request for `email`, sealed as the request route seals it. */
async function signInEvent(email: string, tamper = false) {
  const key = signInRequestKey(crypto.randomUUID());
  const { dataKey, sealed } = await sealFields({ email }, sealingContext(key));
  const pii = { email: tamper ? `${sealed.email!.slice(0, -4)}AAAA` : sealed.email! };
  const image = { ...key, pii, dataKey, lang: 'en', requestedAt: new Date().toISOString(), expiresAt: Math.floor(Date.now() / 1000) + 86_400 };
  return { Records: [{ eventName: 'INSERT' as const, dynamodb: { Keys: marshall(key) as never, NewImage: marshall(image) as never } }] };
}
const countEvent = () => httpEvent({ method: 'GET', path: `/api/campaigns/${SLUG}/count`, pathParameters: { slug: SLUG } });

/** A 503 of ours: Retry-After, our error shape, and nothing of the SDK, AWS or a stack in it. */
function expectRetryLater(response: Awaited<ReturnType<typeof invoke>>, code = 'unavailable') {
  expect(response.statusCode).toBe(503);
  expect(Number(response.headers['retry-after'])).toBeGreaterThan(0);
  expect(response.json.error.code).toBe(code);
  expect(Object.keys(response.json)).toEqual(['error']);
  expect(response.rawBody).not.toMatch(/Exception|Throttl|SlowDown|TooMany|amazonaws|ECONN|\bat \S+:\d+|\.ts\b/);
}

// =============================================================================================
describe('the SDK retries, for real, against a server that throttles', () => {
  beforeEach(() => {
    arrivals.length = 0;
  });

  it('every client is built with 3 attempts and our backoff, whatever AWS_MAX_ATTEMPTS says', async () => {
    expect(clients.RETRY_ATTEMPTS).toBe(3);
    expect(await clients.dynamo.config.maxAttempts()).toBe(3);
    const strategy = await clients.dynamo.config.retryStrategy();
    expect(strategy.constructor.name).toBe('ConfiguredRetryStrategy');
    // Before retry 1: 100–200 ms; before retry 2: 200–400 ms.
    for (let i = 0; i < 200; i++) {
      const first = clients.retryDelay(1);
      const second = clients.retryDelay(2);
      expect(first).toBeGreaterThanOrEqual(100);
      expect(first).toBeLessThanOrEqual(200);
      expect(second).toBeGreaterThanOrEqual(200);
      expect(second).toBeLessThanOrEqual(400);
    }
    // Each client has its own strategy, so one service's errors do not use up another's retry quota.
    const a = clients.retrySettings().retryStrategy;
    expect(a).not.toBe(clients.retrySettings().retryStrategy);
  });

  it('DynamoDB throttles twice, then answers: GET count is 200 after three attempts with growing waits', async () => {
    reply = (_arrival, nth) =>
      nth <= 2
        ? dynamoError('ProvisionedThroughputExceededException')
        : dynamoOk({ Item: marshall({ pk: SLUG, sk: 'COUNT', count: 41, pending: 3, countries: {}, updatedAt: '2026-11-24T10:00:00.000Z' }) });
    const response = await invoke(getCount, countEvent());
    expect(response.statusCode).toBe(200);
    expect(response.json).toEqual({ count: 41, asOf: '2026-11-24T10:00:00.000Z' });
    expect(arrivals.map((a) => a.operation)).toEqual(['GetItem', 'GetItem', 'GetItem']);
    const [first, second] = gapsOf('dynamodb');
    console.info(`DynamoDB throttled twice: waits of ${first} ms and ${second} ms between attempts`);
    expect(first).toBeGreaterThanOrEqual(95);
    expect(second).toBeGreaterThanOrEqual(195);
    // Upper bounds loose enough for a loaded two-core CI machine; the lower ones show the backoff.
    expect(first).toBeLessThan(1000);
    expect(second).toBeLessThan(1500);
  });

  it('every client gives an attempt REQUEST_TIMEOUT_MS and then throws, rather than only warning', async () => {
    reply = () => dynamoOk({ Item: marshall({ pk: SLUG, sk: 'COUNT', count: 1, pending: 0, countries: {}, updatedAt: '2026-11-24T10:00:00.000Z' }) });
    expect((await invoke(getCount, countEvent())).statusCode).toBe(200);
    const handler = clients.dynamo.config.requestHandler as unknown as { httpHandlerConfigs(): Record<string, unknown> };
    expect(clients.REQUEST_TIMEOUT_MS).toBe(2_500);
    expect(handler.httpHandlerConfigs()).toMatchObject({ requestTimeout: clients.REQUEST_TIMEOUT_MS, throwOnRequestTimeout: true });
    // Three attempts and the waits between them end inside the API function's 10 s.
    expect(clients.RETRY_ATTEMPTS * clients.REQUEST_TIMEOUT_MS + 200 + 400).toBeLessThan(10_000);
  });

  it('a DynamoDB that never answers: each attempt is given up and retried, and the call fails as an overload (503)', async () => {
    reply = () => ({ stall: true, status: 0 });
    // The shared settings with a short timeout, so the test does not wait 3 × 2.5 s.
    const client = clients.withoutSdkLogging(
      new DynamoDBClient({ endpoint: fakeUrl, region: 'eu-central-1', credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, ...clients.retrySettings(200) }),
    );
    const started = performance.now();
    const error = await client.send(new GetItemCommand({ TableName: 'Petitions', Key: { pk: { S: SLUG }, sk: { S: 'COUNT' } } })).catch((e: unknown) => e as Error);
    const took = performance.now() - started;
    client.destroy();
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).name).toBe('TimeoutError');
    expect(isOverload(error)).toBe(true);
    expect(arrivals).toHaveLength(3);
    expect(took).toBeGreaterThanOrEqual(3 * 200);
  });

  it.each(['ProvisionedThroughputExceededException', 'ThrottlingException', 'RequestLimitExceeded', 'InternalServerError'])(
    'DynamoDB always answers %s: 503 with Retry-After after exactly three attempts, waits growing',
    async (name) => {
      reply = () => (name === 'InternalServerError' ? { ...dynamoError(name), status: 500 } : dynamoError(name));
      const started = performance.now();
      const response = await invoke(getCount, countEvent());
      const took = Math.round(performance.now() - started);
      expectRetryLater(response);
      expect(arrivals).toHaveLength(3);
      const [first, second] = gapsOf('dynamodb');
      console.info(`DynamoDB ${name} every time: 503 after ${took} ms, waits ${first} ms then ${second} ms`);
      expect(first).toBeGreaterThanOrEqual(95);
      expect(second).toBeGreaterThanOrEqual(195);
      // Well inside the API function's 10 s, so the answer is ours and not API Gateway's 500.
      expect(took).toBeLessThan(5000);
    },
  );

  it('SES throttles twice, then sends: the sign-in request is answered with one mail', async () => {
    reply = (arrival, nth) => (arrival.service === 'dynamodb' ? dynamoOk({ Items: [], Count: 0 }) : nth <= 2 ? sesThrottled : sesOk);
    await answerSignIns(await signInEvent('someone@example.org'), lambdaContext);
    expect(arrivals.filter((a) => a.service === 'ses')).toHaveLength(3);
    const [first, second] = gapsOf('ses');
    expect(first).toBeGreaterThanOrEqual(95);
    expect(second).toBeGreaterThanOrEqual(195);
  });

  it('SES always throttles: the sign-in answer gives up after three attempts, and the mailer fails as an overload', async () => {
    reply = (arrival) => (arrival.service === 'dynamodb' ? dynamoOk({ Items: [], Count: 0 }) : sesThrottled);
    // Answered (the request was claimed first), so the batch does not fail and is not delivered again.
    await answerSignIns(await signInEvent('someone@example.org'), lambdaContext);
    expect(arrivals.filter((a) => a.service === 'ses')).toHaveLength(3);
    // And the error the mailer gives up with is one we know as an overload.
    arrivals.length = 0;
    const error = await sendMail({ to: 'someone@example.org', subject: 's', text: 't', html: '<p>t</p>' }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('TooManyRequestsException');
    expect(isOverload(error)).toBe(true);
  });

  it('S3 answers SlowDown twice, then stores the file', async () => {
    reply = (_arrival, nth) => (nth <= 2 ? s3Error(503, 'SlowDown') : s3Ok);
    const upload = uploadFile('exports/x/1.csv', 'text/csv');
    upload.body.end('name\r\nNino\r\n');
    expect(await upload.done).toEqual({ bytes: 12 });
    expect(arrivals.map((a) => a.operation)).toEqual(Array(3).fill('PUT /unit-exports/exports/x/1.csv'));
    const [first, second] = gapsOf('s3');
    expect(first).toBeGreaterThanOrEqual(95);
    expect(second).toBeGreaterThanOrEqual(195);
  });

  it.each([
    [503, 'SlowDown'],
    [500, 'InternalError'],
  ])('S3 always answers %i %s: the upload fails after three attempts with an error counted as an overload', async (status, code) => {
    reply = () => s3Error(status, code);
    const upload = uploadFile('exports/x/2.csv', 'text/csv');
    upload.body.end('name\r\n');
    const error = await upload.done.catch((e: unknown) => e);
    expect((error as Error).name).toBe(code);
    expect(isOverload(error)).toBe(true);
    expect(arrivals.filter((a) => a.operation.startsWith('PUT'))).toHaveLength(3);
  });
});

// =============================================================================================
// From here on the clients are mocked: the SDK's retries (above) have given up, and what matters is
// what each route makes of the error that is left.

let ddb: AwsStub<any, any, any>;
let ses: AwsStub<any, any, any>;
let s3: AwsStub<any, any, any>;

const named = (name: string, extra: Record<string, unknown> = {}) => Object.assign(new Error('Rate exceeded'), { name, ...extra });
const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

/** Every DynamoDB error that means "not now", as the SDK throws it after its retries. */
const dynamoOverloads: [string, () => Error][] = [
  ['ProvisionedThroughputExceededException', () => named('ProvisionedThroughputExceededException')],
  ['ThrottlingException', () => named('ThrottlingException')],
  ['RequestLimitExceeded', () => named('RequestLimitExceeded')],
  ['TransactionConflictException', () => named('TransactionConflictException')],
  ['InternalServerError', () => named('InternalServerError', { $fault: 'server' })],
  ['a connection reset', () => named('Error', { code: 'ECONNRESET' })],
  ['the SDK request timeout', () => named('TimeoutError')],
];

/** SES failures, as the SDK throws them after its retries. */
const sesFailures: [string, () => Error][] = [
  ['TooManyRequestsException', () => named('TooManyRequestsException')],
  ['SendingPausedException', () => named('SendingPausedException')],
  ['a connection reset', () => named('Error', { code: 'ECONNRESET' })],
  ['a DNS failure', () => named('Error', { code: 'EAI_AGAIN' })],
];

// ---------------------------------------------------------------------------------------------
// A small in-memory signatures table (and the spent challenges), so a failure and the user's retry can
// be followed to the end state. It applies the conditions the store writes with; `faults` makes the
// next call of an operation fail, before applying it (nothing written) or after (written, but the
// caller hears an error: an answer lost on the way back). The mailer runs from a model of the stream:
// every submission's INSERT, delivered until a delivery succeeds, as Lambda would.

type Item = Record<string, any>;
const signatures = new Map<string, Item>();
const spentChallenges = new Set<string>();
const keyOf = (k: { pk: string; sk: string }) => `${k.pk}|${k.sk}`;
type Op = 'transact' | 'read' | 'answer' | 'petition' | 'mail';
const faults: { op: Op; error: Error; after?: boolean }[] = [];
const delivered: { to: string; text: string }[] = [];
/** Submission INSERTs not yet taken by the mailer, oldest first. */
const stream: Item[] = [];

function fault(op: Op, error: Error, after = false) {
  faults.push({ op, error, after });
}
function take(op: Op) {
  const at = faults.findIndex((f) => f.op === op);
  return at < 0 ? undefined : faults.splice(at, 1)[0];
}
function faulty<T>(op: Op, apply: () => T): T {
  const f = take(op);
  if (f && !f.after) throw f.error;
  const result = apply();
  if (f) throw f.error;
  return result;
}

/** The conditions the store writes with, checked against the model. */
function holds(condition: string | undefined, item: Item | undefined, values: Item = {}): boolean {
  switch (condition) {
    case undefined:
      return true;
    case 'attribute_not_exists(pk)':
      return item === undefined;
    case 'attribute_exists(pk)':
      return item !== undefined;
    case '#status = :pending':
      return item?.status === 'pending';
    case 'tokenHash = :tokenHash':
      return item !== undefined && item.tokenHash === values[':tokenHash'];
    case 'attribute_exists(pk) AND attribute_not_exists(answered) AND #status = :pending':
      return item !== undefined && item.answered === undefined && item.status === 'pending';
    default:
      throw new Error(`The model does not know the condition ${condition}`);
  }
}

function tableModel() {
  signatures.clear();
  spentChallenges.clear();
  faults.length = 0;
  delivered.length = 0;
  stream.length = 0;
  ddb.on(GetCommand, { TableName: env.PETITIONS_TABLE }).callsFake(() => faulty('petition', () => ({ Item: campaignItem(SLUG) })));
  ddb.on(PutCommand, { TableName: env.SIGNALS_TABLE }).resolves({});
  ddb.on(UpdateCommand, { TableName: env.SIGNALS_TABLE }).resolves({ Attributes: { n: 1 } });
  ddb.on(BatchGetCommand).callsFake((input) =>
    faulty('read', () => {
      const { Keys } = input.RequestItems[env.SIGNATURES_TABLE];
      return { Responses: { [env.SIGNATURES_TABLE]: Keys.map((k: Item) => signatures.get(keyOf(k as { pk: string; sk: string }))).filter(Boolean).map((i: Item) => structuredClone(i)) } };
    }),
  );
  // The mailer's mark on an answered submission.
  ddb.on(UpdateCommand, { TableName: env.SIGNATURES_TABLE }).callsFake((input) =>
    faulty('answer', () => {
      const item = signatures.get(keyOf(input.Key));
      if (!holds(input.ConditionExpression, item)) throw new ConditionalCheckFailedException({ message: 'condition', $metadata: {} });
      item!.answered = input.ExpressionAttributeValues[':answer'];
      if (input.UpdateExpression.includes('REMOVE pii, dataKey')) delete item!.pii;
      else item!.pii = structuredClone(input.ExpressionAttributeValues[':pii']);
      return {};
    }),
  );
  // Every transaction: all conditions first, then every write, or none.
  ddb.on(TransactWriteCommand).callsFake((input) =>
    faulty('transact', () => {
      const writes = input.TransactItems as Item[];
      const target = (write: Item) => Object.values(write)[0] as Item;
      const current = (write: Item) => {
        const { TableName, Item, Key } = target(write);
        if (TableName === env.SIGNALS_TABLE) return spentChallenges.has(Item.pk) ? Item : undefined;
        return signatures.get(keyOf(Item ?? Key));
      };
      if (!writes.every((write) => holds(target(write).ConditionExpression, current(write), target(write).ExpressionAttributeValues))) {
        throw cancelled(...writes.map((write) => (holds(target(write).ConditionExpression, current(write), target(write).ExpressionAttributeValues) ? 'None' : 'ConditionalCheckFailed')));
      }
      for (const write of writes) {
        const { TableName, Item, Key } = target(write);
        if (TableName === env.SIGNALS_TABLE) spentChallenges.add(Item.pk);
        else if (write.Put) {
          signatures.set(keyOf(Item), structuredClone(Item));
          if (String(Item.sk).startsWith('sub#')) stream.push(structuredClone(Item));
        } else if (write.Delete) signatures.delete(keyOf(Key));
        else if (write.Update) {
          // The confirmation spends its submission.
          const item = signatures.get(keyOf(Key))!;
          item.status = 'used';
          delete item.pii;
          delete item.dataKey;
        }
      }
      return {};
    }),
  );
  ses.on(SendEmailCommand).callsFake((input) =>
    faulty('mail', () => {
      delivered.push({ to: input.Destination.ToAddresses[0], text: input.Content.Simple.Body.Text.Data });
      return { MessageId: `m-${delivered.length}` };
    }),
  );
}

/** The mailer's turn: the stream's waiting INSERTs in one batch; kept for the next turn if it fails. */
async function runMailer(): Promise<'ok' | 'failed'> {
  const records = stream.map((item) => ({
    eventName: 'INSERT' as const,
    dynamodb: { Keys: marshall({ pk: item.pk, sk: item.sk }) as never, NewImage: marshall(item, { removeUndefinedValues: true }) as never },
  }));
  try {
    await answerSubmissions({ Records: records }, lambdaContext);
    stream.length = 0;
    return 'ok';
  } catch {
    return 'failed';
  }
}

const liveSignatures = () => [...signatures.values()].filter((i) => i.status === 'confirmed');
const submissions = () => [...signatures.values()].filter((i) => String(i.sk).startsWith('sub#'));
const tombstones = () => [...signatures.values()].filter((i) => i.status === 'withdrawn');

// Proof of work: genuine solutions, a fresh one for each request as the page solves one per submission.
const challengeFor = async () => {
  const challenge = await createSignChallenge(challengeSecret(env.HASH_KEY));
  const solution = await solveChallenge({ challenge, deriveKey });
  return Buffer.from(JSON.stringify({ challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution })).toString('base64');
};
const signer = { name: 'Nino Beridze', email: 'nino@example.ge', country: 'GE' };
const signRequest = async (altcha?: string) =>
  invoke(sign, jsonPost(`/api/campaigns/${SLUG}/signatures`, { slug: SLUG }, { ...signer, altcha: altcha ?? (await challengeFor()) }));

/** The link in a mail: its signer id and token. */
function linkIn(text: string, kind: 'confirm' | 'withdraw') {
  const match = new RegExp(`#/p/${SLUG}/${kind}/([0-9a-f]{64})/([A-Za-z0-9_-]{43})`).exec(text);
  expect(match, `${kind} link`).not.toBeNull();
  return { id: match![1]!, token: match![2]! };
}
const linkPost = (kind: 'confirm' | 'withdraw', link: { id: string; token: string }) =>
  invoke(kind === 'confirm' ? confirm : withdraw, jsonPost(`/api/campaigns/${SLUG}/signatures/${link.id}/${kind}`, { slug: SLUG, id: link.id }, { token: link.token }));

/** Every mail's confirm link works, and confirming all of them leaves one signature. */
async function expectEveryMailConfirmsOneSignature(mails: number) {
  expect(delivered).toHaveLength(mails);
  for (const mail of delivered) expect((await linkPost('confirm', linkIn(mail.text, 'confirm'))).statusCode).toBe(200);
  expect(liveSignatures()).toHaveLength(1);
}

describe('routes under faults (mocked clients)', () => {
  beforeAll(() => {
    ddb = mockClient(DynamoDBDocumentClient);
    ses = mockClient(SESv2Client);
    s3 = mockClient(S3Client);
  });
  afterAll(() => {
    ddb.restore();
    ses.restore();
    s3.restore();
  });
  beforeEach(() => {
    ddb.reset();
    ses.reset();
    s3.reset();
    // Only the error lines of the handlers under fault: kept out of the test output.
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    return () => vi.restoreAllMocks();
  });

  describe('sign: which states a failure leaves, and the retry that settles each', () => {
    beforeEach(() => tableModel());

    it.each(dynamoOverloads)('%s reading the campaign: 503, nothing stored, no challenge spent; the retry signs once', async (_label, error) => {
      const altcha = await challengeFor();
      fault('petition', error());
      expectRetryLater(await signRequest(altcha));
      expect(signatures.size + spentChallenges.size).toBe(0);
      // Nothing was spent, so even the same solution signs now.
      expect((await signRequest(altcha)).statusCode).toBe(202);
      expect(await runMailer()).toBe('ok');
      await expectEveryMailConfirmsOneSignature(1);
    });

    it.each(dynamoOverloads)('%s on the one transaction (not written): 503, nothing stored, no challenge spent; the retry signs once', async (_label, error) => {
      fault('transact', error());
      expectRetryLater(await signRequest());
      expect(signatures.size + spentChallenges.size).toBe(0);
      expect((await signRequest()).statusCode).toBe(202);
      expect(await runMailer()).toBe('ok');
      await expectEveryMailConfirmsOneSignature(1);
    });

    it('the transaction went through but its answer was lost: 503; a retry with a new challenge makes a second submission, and every mail confirms one signature', async () => {
      fault('transact', named('TimeoutError'), true);
      expectRetryLater(await signRequest());
      expect(submissions()).toHaveLength(1);
      expect((await signRequest()).statusCode).toBe(202);
      expect(await runMailer()).toBe('ok');
      await expectEveryMailConfirmsOneSignature(2);
    });

    it.each(sesFailures)('SES fails (%s) in the mailer: the batch fails, the submission stays unanswered; the next delivery mails one working link', async (_label, error) => {
      expect((await signRequest()).statusCode).toBe(202);
      fault('mail', error());
      expect(await runMailer()).toBe('failed');
      expect(delivered).toHaveLength(0);
      expect(submissions()[0]!.answered).toBeUndefined();
      expect(await runMailer()).toBe('ok');
      await expectEveryMailConfirmsOneSignature(1);
    });

    it.each(dynamoOverloads)('%s reading the submission in the mailer: the batch comes again and mails once', async (_label, error) => {
      expect((await signRequest()).statusCode).toBe(202);
      fault('read', error());
      expect(await runMailer()).toBe('failed');
      expect(await runMailer()).toBe('ok');
      await expectEveryMailConfirmsOneSignature(1);
    });

    it('the mark after the mail fails: the batch comes again, and the mail goes twice with the same working link (at least once, never lost)', async () => {
      expect((await signRequest()).statusCode).toBe(202);
      fault('answer', named('InternalServerError', { $fault: 'server' }));
      expect(await runMailer()).toBe('failed');
      expect(await runMailer()).toBe('ok');
      expect(delivered).toHaveLength(2);
      expect(linkIn(delivered[0]!.text, 'confirm')).toEqual(linkIn(delivered[1]!.text, 'confirm'));
      await expectEveryMailConfirmsOneSignature(2);
    });

    it('a confirmed signer signs again while SES fails: still one confirmed signature; the next delivery mails a working withdrawal link', async () => {
      expect((await signRequest()).statusCode).toBe(202);
      await runMailer();
      expect((await linkPost('confirm', linkIn(delivered[0]!.text, 'confirm'))).statusCode).toBe(200);
      delivered.length = 0;
      expect((await signRequest()).statusCode).toBe(202);
      fault('mail', named('TooManyRequestsException'));
      expect(await runMailer()).toBe('failed');
      expect(liveSignatures()).toHaveLength(1);
      expect(await runMailer()).toBe('ok');
      expect(delivered).toHaveLength(1);
      expect(delivered[0]!.text).not.toMatch(/\/confirm\//);
      expect((await linkPost('withdraw', linkIn(delivered[0]!.text, 'withdraw'))).statusCode).toBe(200);
      expect(liveSignatures()).toHaveLength(0);
      expect(tombstones()).toHaveLength(1);
    });
  });

  describe('confirm and withdraw', () => {
    let link: { id: string; token: string };
    beforeEach(async () => {
      tableModel();
      expect((await signRequest()).statusCode).toBe(202);
      expect(await runMailer()).toBe('ok');
      link = linkIn(delivered[0]!.text, 'confirm');
    });
    const confirmed = async () => expect((await linkPost('confirm', link)).statusCode).toBe(200);

    it.each(dynamoOverloads)('%s on the confirming transaction: 503, still pending; the retry confirms', async (_label, error) => {
      fault('transact', error());
      expectRetryLater(await linkPost('confirm', link));
      expect(liveSignatures()).toHaveLength(0);
      expect(submissions()[0]!.status).toBe('pending');
      await confirmed();
      expect(liveSignatures()).toHaveLength(1);
    });

    it('the confirming transaction went through but its answer was lost: 503; the retry answers 200, one confirmed signature', async () => {
      fault('transact', named('InternalServerError', { $fault: 'server' }), true);
      expectRetryLater(await linkPost('confirm', link));
      expect(liveSignatures()).toHaveLength(1);
      await confirmed();
      expect(liveSignatures()).toHaveLength(1);
    });

    it.each(dynamoOverloads)('%s reading the link: 503, nothing changes', async (_label, error) => {
      fault('read', error());
      expectRetryLater(await linkPost('confirm', link));
      expect(liveSignatures()).toHaveLength(0);
      expect(submissions()[0]!.status).toBe('pending');
    });

    it.each([
      ['throttled', ['ThrottlingError', 'None']],
      ['in conflict with another transaction', ['None', 'TransactionConflict']],
      ['both', ['TransactionConflict', 'ThrottlingError']],
    ])('a withdrawal whose transaction is cancelled %s: 503 and the signature stays; the retry withdraws once', async (_label, codes) => {
      await confirmed();
      fault('transact', cancelled(...codes));
      expectRetryLater(await linkPost('withdraw', link));
      expect(liveSignatures()).toHaveLength(1);
      expect(tombstones()).toHaveLength(0);
      expect((await linkPost('withdraw', link)).statusCode).toBe(200);
      expect(liveSignatures()).toHaveLength(0);
      expect(tombstones()).toHaveLength(1);
    });

    it.each(dynamoOverloads)('%s on the withdrawal: 503, the signature stays', async (_label, error) => {
      await confirmed();
      fault('transact', error());
      expectRetryLater(await linkPost('withdraw', link));
      expect(liveSignatures()).toHaveLength(1);
    });

    it('a withdrawal that went through but whose answer was lost: the signature is gone once; the retry says the link is spent', async () => {
      await confirmed();
      // Within one request the SDK resends the same ClientRequestToken, which DynamoDB answers as the
      // success it was. Only a second request from the user finds nothing left to withdraw.
      fault('transact', named('InternalServerError', { $fault: 'server' }), true);
      expectRetryLater(await linkPost('withdraw', link));
      const again = await linkPost('withdraw', link);
      expect(again.statusCode).toBe(404);
      expect(again.json.error.code).toBe('invalid_link');
      expect(liveSignatures()).toHaveLength(0);
      expect(tombstones()).toHaveLength(1);
    });
  });

  describe('organiser sign-in and invitations', () => {
    const EMAIL = 'owner@coalition.example';
    // One solved challenge serves every request here: the spent-challenge record is mocked.
    let ALTCHA = '';
    beforeAll(async () => {
      ALTCHA = await challengeFor();
    });
    const signInRequest = () => invoke(requestSignIn, jsonPost('/api/auth/link', undefined, { email: EMAIL, altcha: ALTCHA }));
    const requestsStored = () => ddb.commandCalls(PutCommand, { TableName: env.ORGANISATIONS_TABLE });
    /** Claimed requests, as the table would know them: a second claim of one finds it gone. */
    const claimed = new Set<string>();

    beforeEach(() => {
      claimed.clear();
      ddb.on(PutCommand, { TableName: env.SIGNALS_TABLE }).resolves({});
      ddb.on(UpdateCommand, { TableName: env.SIGNALS_TABLE }).resolves({});
      ddb.on(QueryCommand, { TableName: env.ORGANISATIONS_TABLE }).resolves({ Items: [{ pk: `USER#${EMAIL}`, sk: 'ORG#org-1', orgId: 'org-1', role: 'owner' }] });
      ddb.on(PutCommand, { TableName: env.ORGANISATIONS_TABLE }).resolves({});
      ddb.on(DeleteCommand, { TableName: env.ORGANISATIONS_TABLE }).callsFake((input) => {
        const key = `${input.Key.pk}|${input.Key.sk}`;
        if (claimed.has(key)) throw new ConditionalCheckFailedException({ message: 'gone', $metadata: {} });
        claimed.add(key);
        return {};
      });
      ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
    });

    it('the request stores one sealed request and answers 202, reading nothing about the address and mailing nobody', async () => {
      expect((await signInRequest()).statusCode).toBe(202);
      expect(requestsStored()).toHaveLength(1);
      expect(JSON.stringify(requestsStored()[0]!.args[0].input)).not.toContain(EMAIL);
      expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
      expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
      expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    });

    it.each(dynamoOverloads)('%s spending the proof of work: 503, nothing stored', async (_label, error) => {
      ddb.on(PutCommand, { TableName: env.SIGNALS_TABLE }).rejects(error());
      expectRetryLater(await signInRequest());
      expect(requestsStored()).toHaveLength(0);
    });

    it.each(dynamoOverloads)('%s storing the request: 503 (the retry needs a new proof of work)', async (_label, error) => {
      ddb.on(PutCommand, { TableName: env.ORGANISATIONS_TABLE }).rejects(error());
      expectRetryLater(await signInRequest());
      expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    });

    it('a proof of work used before: 400 naming altcha, nothing stored', async () => {
      ddb.on(PutCommand, { TableName: env.SIGNALS_TABLE }).rejects(new ConditionalCheckFailedException({ message: 'used', $metadata: {} }));
      const response = await signInRequest();
      expect(response.statusCode).toBe(400);
      expect(Object.keys(response.json.error.fields)).toEqual(['altcha']);
      expect(requestsStored()).toHaveLength(0);
    });

    it.each(dynamoOverloads)('answering: %s looking up the memberships fails the batch before the claim; delivered again, it mails once', async (_label, error) => {
      const event = await signInEvent(EMAIL);
      ddb.on(QueryCommand, { TableName: env.ORGANISATIONS_TABLE }).rejectsOnce(error()).resolves({ Items: [{ orgId: 'org-1', role: 'owner' }] });
      await expect(answerSignIns(event, lambdaContext)).rejects.toThrow(/delivered again/);
      expect(claimed.size).toBe(0);
      expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
      await answerSignIns(event, lambdaContext);
      await answerSignIns(event, lambdaContext);
      expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
      expect(requestsStored()).toHaveLength(1);
    });

    it.each(sesFailures)('answering: SES fails (%s) after the claim: not retried, and the record delivered again mails nothing', async (_label, error) => {
      const event = await signInEvent(EMAIL);
      ses.on(SendEmailCommand).rejects(error());
      await answerSignIns(event, lambdaContext);
      expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
      ses.on(SendEmailCommand).resolves({ MessageId: 'm' });
      await answerSignIns(event, lambdaContext);
      expect(ses.commandCalls(SendEmailCommand)).toHaveLength(1);
    });

    it.each(dynamoOverloads)('answering: %s taking the mail quota after the claim: no mail, not retried', async (_label, error) => {
      const event = await signInEvent(EMAIL);
      ddb.on(UpdateCommand, { TableName: env.SIGNALS_TABLE }).rejects(error());
      await answerSignIns(event, lambdaContext);
      await answerSignIns(event, lambdaContext);
      expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
      expect(requestsStored()).toHaveLength(0);
    });

    it('answering: past the quota, the request is claimed and nothing is stored or mailed', async () => {
      ddb.on(UpdateCommand, { TableName: env.SIGNALS_TABLE }).rejects(new ConditionalCheckFailedException({ message: 'quota', $metadata: {} }));
      await answerSignIns(await signInEvent(EMAIL), lambdaContext);
      expect(claimed.size).toBe(1);
      expect(requestsStored()).toHaveLength(0);
      expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    });

    it('answering: a request whose sealed address was altered is dropped, not retried for ever', async () => {
      await answerSignIns(await signInEvent(EMAIL, true), lambdaContext);
      expect(claimed.size).toBe(1);
      expect(ddb.commandCalls(QueryCommand)).toHaveLength(0);
      expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    });

    /**
     * An owner of org-1 invites a viewer. The organisation's name and the sign-in link's PutItem
     * answer as given; the member is always added (the transaction succeeds).
     */
    async function invite(organisationRead: () => Promise<unknown>, linkPut: () => Promise<unknown>) {
      const { token } = await issueSession(EMAIL, 'org-1');
      mockSessionMember(ddb, 'org-1', EMAIL, 'owner');
      ddb.on(GetCommand, { TableName: env.ORGANISATIONS_TABLE, Key: { pk: 'ORG#org-1', sk: 'META' } }).callsFake(organisationRead);
      ddb.on(TransactWriteCommand).resolves({});
      // The sign-in link is the only PutItem of an invitation.
      ddb.on(PutCommand, { TableName: env.ORGANISATIONS_TABLE }).callsFake(linkPut);
      return invoke(
        inviteMember,
        jsonPost('/api/org/members', undefined, { email: 'new@coalition.example', role: 'viewer' }, { cookie: `${SESSION_COOKIE}=${token}` }),
      );
    }
    const expectAddedButNotMailed = (response: Awaited<ReturnType<typeof invoke>>) => {
      // Not a 503: the member exists, and a retry would only say "already a member".
      expect(response.statusCode).toBe(201);
      expect(response.json).toMatchObject({ email: 'new@coalition.example', invitation: 'failed' });
      expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    };

    it.each(dynamoOverloads)('an invitation whose link cannot be stored (%s): the member is added and the answer says the mail did not go', async (_label, error) => {
      expectAddedButNotMailed(await invite(async () => ({ Item: { name: 'Coalition' } }), async () => { throw error(); }));
    });

    it.each(dynamoOverloads)('an invitation whose organisation cannot be read after the member was added (%s): 201, invitation failed', async (_label, error) => {
      expectAddedButNotMailed(await invite(async () => { throw error(); }, async () => ({})));
    });

    it.each(dynamoOverloads)("an invitation whose invitee's mail quota cannot be taken (%s): 201, invitation failed", async (_label, error) => {
      ddb.on(UpdateCommand, { TableName: env.SIGNALS_TABLE }).rejects(error());
      expectAddedButNotMailed(await invite(async () => ({ Item: { name: 'Coalition' } }), async () => ({})));
    });

    it("an invitation past the invitee's quota: 201, invitation limited, no link stored, no mail", async () => {
      ddb.on(UpdateCommand, { TableName: env.SIGNALS_TABLE }).rejects(new ConditionalCheckFailedException({ message: 'quota', $metadata: {} }));
      const response = await invite(async () => ({ Item: { name: 'Coalition' } }), async () => ({}));
      expect(response.statusCode).toBe(201);
      expect(response.json).toMatchObject({ email: 'new@coalition.example', invitation: 'limited' });
      expect(ddb.commandCalls(PutCommand, { TableName: env.ORGANISATIONS_TABLE })).toHaveLength(0);
      expect(ses.commandCalls(SendEmailCommand)).toHaveLength(0);
    });
  });

  describe('counts, dashboard and starting an export', () => {
    const ORG = 'org-1';
    const EDITOR = 'editor@coalition.example';
    let cookie: Record<string, string>;

    beforeEach(async () => {
      cookie = { cookie: `${SESSION_COOKIE}=${(await issueSession(EDITOR, ORG)).token}` };
      mockSessionMember(ddb, ORG, EDITOR, 'editor', [campaignItem(SLUG, { orgId: ORG })]);
      ddb.on(GetCommand, { TableName: env.PETITIONS_TABLE, Key: { pk: SLUG, sk: 'META' } }).resolves({ Item: campaignItem(SLUG, { orgId: ORG }) });
      ddb.on(GetCommand, { TableName: env.PETITIONS_TABLE, Key: { pk: SLUG, sk: 'COUNT' } }).resolves({ Item: { count: 5, pending: 1, countries: {} } });
      ddb.on(QueryCommand).resolves({ Items: [] });
      ddb.on(TransactWriteCommand).resolves({});
    });
    const dashboardEvent = () => httpEvent({ method: 'GET', path: `/api/org/campaigns/${SLUG}/dashboard`, pathParameters: { slug: SLUG }, headers: cookie });
    const exportEvent = () => jsonPost(`/api/org/campaigns/${SLUG}/exports`, { slug: SLUG }, { format: 'csv' }, cookie);

    it.each(dynamoOverloads)('%s reading the count: 503', async (_label, error) => {
      ddb.on(GetCommand, { TableName: env.PETITIONS_TABLE }).rejects(error());
      expectRetryLater(await invoke(getCount, countEvent()));
    });

    it.each(dynamoOverloads)('%s reading the session\'s membership: 503, not 401', async (_label, error) => {
      ddb.on(BatchGetCommand).rejects(error());
      expectRetryLater(await invoke(dashboard, dashboardEvent()));
    });

    it.each(dynamoOverloads)('%s reading the dashboard\'s timeline: 503', async (_label, error) => {
      expect((await invoke(dashboard, dashboardEvent())).statusCode).toBe(200);
      ddb.on(QueryCommand).rejects(error());
      expectRetryLater(await invoke(dashboard, dashboardEvent()));
    });

    it.each([
      ['throttled', ['ThrottlingError', 'None']],
      ['in conflict', ['TransactionConflict', 'None']],
      ['throttled on the job, the lock fine', ['None', 'ThrottlingError']],
    ])('starting an export whose transaction is cancelled %s: 503, not 409 "running"', async (_label, codes) => {
      ddb.on(TransactWriteCommand).rejects(cancelled(...codes));
      expectRetryLater(await invoke(startExport, exportEvent()));
    });

    it('an export lock held by another job is still 409', async () => {
      ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
      const response = await invoke(startExport, exportEvent());
      expect(response.statusCode).toBe(409);
      expect(response.json.error.code).toBe('export_running');
    });

    it.each(dynamoOverloads)('%s reading the count for a new export: 503 and no job written', async (_label, error) => {
      ddb.on(GetCommand, { TableName: env.PETITIONS_TABLE, Key: { pk: SLUG, sk: 'COUNT' } }).rejects(error());
      expectRetryLater(await invoke(startExport, exportEvent()));
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    });
  });

  describe('the export runner', () => {
    const job = {
      id: '20261124T054731123Z-0123456789',
      slug: SLUG,
      format: 'csv' as const,
      status: 'queued' as const,
      rows: 0,
      total: 0,
      createdAt: new Date().toISOString(),
      createdBy: 'member-1',
      orgId: 'org-1',
    };
    const record = {
      eventName: 'INSERT',
      dynamodb: { NewImage: marshall({ pk: SLUG, sk: `JOB#${job.id}`, ...job }) },
    };
    const stream = () => runExports({ Records: [record] } as never, { ...lambdaContext, getRemainingTimeInMillis: () => 900_000 });
    const jobUpdates = () => ddb.commandCalls(UpdateCommand, { TableName: env.JOBS_TABLE }).map((c) => c.args[0].input as Item);
    /** The statuses the runner wrote, in order (progress writes left out). */
    const statusesWritten = () =>
      jobUpdates()
        .map((u) => u.ExpressionAttributeValues[':failed'] ?? u.ExpressionAttributeValues[':done'] ?? (String(u.UpdateExpression).startsWith('SET #status = :running') ? 'running' : 'progress'))
        .filter((status) => status !== 'progress');
    const lockReleases = () => ddb.commandCalls(DeleteCommand, { TableName: env.JOBS_TABLE, Key: { pk: SLUG, sk: 'ACTIVE' } });

    beforeEach(() => {
      ddb.on(QueryCommand, { TableName: env.PETITIONS_TABLE }).resolves({ Items: [campaignItem(SLUG, { orgId: 'org-1' }), { pk: SLUG, sk: 'COUNT', count: 0, pending: 0, countries: {} }] });
      ddb.on(QueryCommand, { TableName: env.SIGNATURES_TABLE }).resolves({ Items: [] });
      ddb.on(UpdateCommand, { TableName: env.JOBS_TABLE }).resolves({});
      ddb.on(DeleteCommand, { TableName: env.JOBS_TABLE }).resolves({});
      ddb.on(GetCommand, { TableName: env.JOBS_TABLE }).resolves({ Item: { ...job, status: 'running', startedAt: new Date().toISOString() } });
      s3.on(PutObjectCommand).resolves({ ETag: '"e"' });
      s3.on(AbortMultipartUploadCommand).resolves({});
    });

    it('runs to done when nothing fails (the baseline for the cases below)', async () => {
      await stream();
      expect(statusesWritten()).toEqual(['running', 'done']);
      expect(lockReleases()).toHaveLength(1);
    });

    it.each([
      ['S3 SlowDown', () => named('SlowDown', { $fault: 'client' })],
      ['S3 500 InternalError', () => named('InternalError', { $fault: 'server' })],
      ['S3 unreachable', () => named('Error', { code: 'ECONNREFUSED' })],
    ])('%s on the upload: the job is marked failed, its lock released, and the invocation succeeds', async (_label, error) => {
      s3.on(PutObjectCommand).rejects(error());
      await stream();
      expect(statusesWritten()).toEqual(['running', 'failed']);
      expect(jobUpdates().at(-1)!.ExpressionAttributeValues[':error']).toBe('internal');
      expect(lockReleases()).toHaveLength(1);
    });

    it.each(dynamoOverloads)('%s reading the signatures: failed, lock released, never left running', async (_label, error) => {
      ddb.on(QueryCommand, { TableName: env.SIGNATURES_TABLE }).rejects(error());
      await stream();
      expect(statusesWritten()).toEqual(['running', 'failed']);
      expect(lockReleases()).toHaveLength(1);
    });

    it.each(dynamoOverloads)('%s before the job starts: the invocation fails so the record comes again, the job still queued', async (_label, error) => {
      ddb.on(QueryCommand, { TableName: env.PETITIONS_TABLE }).rejects(error());
      await expect(stream()).rejects.toThrow();
      expect(jobUpdates()).toHaveLength(0);
      ddb.on(QueryCommand, { TableName: env.PETITIONS_TABLE }).resolves({ Items: [campaignItem(SLUG, { orgId: 'org-1' })] });
      await stream();
      expect(statusesWritten()).toEqual(['running', 'done']);
    });

    it('the failure cannot even be recorded: the invocation fails (Lambda retries), and a later delivery marks the job failed', async () => {
      s3.on(PutObjectCommand).rejects(named('SlowDown'));
      ddb.on(UpdateCommand, { TableName: env.JOBS_TABLE, ExpressionAttributeValues: { ':failed': 'failed' } } as never).rejects(named('ProvisionedThroughputExceededException'));
      await expect(stream()).rejects.toThrow();
      // The job is left `running`: the API shows it failed once it is stale (jobView), its lock frees
      // itself then, and the record's next delivery after the runner's time limit marks it failed.
      ddb.on(UpdateCommand, { TableName: env.JOBS_TABLE }).rejects(new ConditionalCheckFailedException({ message: 'not queued', $metadata: {} }));
      ddb.on(UpdateCommand, { TableName: env.JOBS_TABLE, ExpressionAttributeValues: { ':failed': 'failed' } } as never).resolves({});
      const later = new Date(Date.now() + JOB_TIME_LIMIT_MS + 60_000);
      const { toJob } = await import('#store/jobs.ts');
      expect(await runExportJob(toJob({ ...job }), { remainingMs: 900_000, now: () => later })).toBe('failed');
      expect(jobUpdates().at(-1)!.ExpressionAttributeValues).toMatchObject({ ':failed': 'failed', ':error': 'timed_out' });
    });
  });
});

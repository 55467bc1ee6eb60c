/**
 * Organiser sign-in and invitations, attacked from outside (issue #13), against the real engines:
 * DynamoDB Local with its real stream, the SES fake as the mailbox, the local API server.
 *
 * - A stranger floods one address with sign-in requests (each with a freshly solved proof of work):
 *   at most the hourly quota of mails arrives.
 * - No proof of work, or a replayed one: 400 naming `altcha`, nothing stored, nothing mailed.
 * - Membership leaks nothing: a member's and a stranger's request get byte-identical answers and make
 *   the identical sequence of AWS calls (recorded on the handlers' shared DynamoDB client), and the
 *   request path mails nobody (the stream consumer does, later).
 * - The stored request holds no address in clear, and is gone once resolved.
 * - A stream record delivered twice, or split across batches, mails once.
 * - An owner inviting and removing one address in a loop sends at most the invitation quota.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { useLocalTables } from '../support/local-tables.ts';
import { startLocalApi } from '../support/local-api.ts';
import { readMailbox, type MailboxMessage } from '../support/mailbox.ts';
import { newOrganisation, type TestOrganiser } from '../support/organisers.ts';
import { solvedChallenge } from '../support/signer.ts';
import { rawScan } from '../support/raw-items.ts';
import { httpEvent } from '../unit/http-event.ts';
// The handler's answers are held to the OpenAPI document.
import { invoke } from '../support/contract.ts';

let env: Awaited<ReturnType<typeof useLocalTables>>;
let api: Awaited<ReturnType<typeof startLocalApi>>;
let orgA: TestOrganiser;
let orgB: TestOrganiser;

/** The stream consumer that resolves sign-in requests, and a poller feeding it from the real stream. */
let resolver: { handler: (event: DynamoDBStreamEvent) => Promise<unknown>; filter: (record: DynamoDBRecord) => boolean } | undefined;

beforeAll(async () => {
  env = await useLocalTables();
  api = await startLocalApi();
  orgA = await newOrganisation('Coalition A');
  orgB = await newOrganisation('Coalition B');
  const [{ streamConsumers }, { streamFilter }] = await Promise.all([import('#routes'), import('../../infra/local/stream-poller.ts')]);
  const consumer = streamConsumers.find((c) => (c.source as string) === 'Organisations');
  if (consumer) {
    const { handler } = (await import(/* @vite-ignore */ `../../${consumer.entry}`)) as { handler: (event: DynamoDBStreamEvent) => Promise<unknown> };
    resolver = { handler, filter: consumer.only ? streamFilter(consumer.only, 'sk') : () => true };
  }
});

afterAll(async () => {
  await api?.close();
  await env?.cleanup();
});

/**
 * Hands the organisations table's stream to the consumer, as Lambda would. A fresh poller starts at
 * the stream's oldest record, so each call also delivers every earlier record again: every test
 * below runs against redelivery of all that came before it.
 */
async function resolveRequests(): Promise<void> {
  if (!resolver) return;
  await env.poller(resolver.handler, { tableName: env.tables.ORGANISATIONS_TABLE!, filter: resolver.filter }).drain();
}

/** The stream's sign-in requests made since `since`, without handing them to anyone (for redelivery tests). */
async function streamRecords(since: Date): Promise<DynamoDBRecord[]> {
  const records: DynamoDBRecord[] = [];
  if (!resolver) return records;
  const poller = env.poller(async (event) => void records.push(...event.Records), { tableName: env.tables.ORGANISATIONS_TABLE!, filter: resolver.filter });
  await poller.drain();
  return records.filter((record) => (record.dynamodb?.NewImage?.requestedAt?.S ?? '') >= since.toISOString());
}

const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => api.call(method, path, body, headers);

async function askForLink(email: string, altcha?: string) {
  return call('POST', '/api/auth/link', { email, altcha: altcha ?? (await solvedChallenge(call)) });
}

async function mailsTo(address: string): Promise<MailboxMessage[]> {
  return (await readMailbox(env.mailbox)).filter((m) => m.destination.to.some((to) => to.toLowerCase().includes(address.toLowerCase())));
}

/** Every item of every table, as stored: "nothing stored" means this is unchanged. */
async function everything(): Promise<string> {
  const dump: Record<string, string[]> = {};
  for (const [name, table] of Object.entries(env.tables).sort()) dump[name] = (await rawScan(table!)).map((item) => JSON.stringify(item)).sort();
  return JSON.stringify(dump);
}

/**
 * The quota is 5 per address per UTC hour, in fixed hours: a flood that runs across the turn of an
 * hour may get 5 in each (a run at 04:59 once got 10). So the bound is 5 per hour the test touched.
 */
function utcHoursSince(started: Date): number {
  const hour = (d: Date) => Math.floor(d.getTime() / 3_600_000);
  return hour(new Date()) - hour(started) + 1;
}

describe('a flood of sign-in requests', () => {
  it('200 requests for one member, each with a fresh proof of work, deliver at most 5 mails', async () => {
    const started = new Date();
    const answers: number[] = [];
    for (let batch = 0; batch < 20; batch++) {
      const responses = await Promise.all(Array.from({ length: 10 }, () => askForLink(orgA.email)));
      answers.push(...responses.map((r) => r.status));
      expect(responses.map((r) => r.text)).toEqual(Array(10).fill('{}'));
    }
    expect(new Set(answers)).toEqual(new Set([202]));
    await resolveRequests();
    const mails = await mailsTo(orgA.email);
    expect(mails.length).toBeGreaterThan(0);
    expect(mails.length).toBeLessThanOrEqual(5 * utcHoursSince(started));
  });

  it('50 requests for a stranger deliver at most 5 "not a member" notes', async () => {
    const started = new Date();
    const stranger = 'flooded.stranger@example.net';
    for (let batch = 0; batch < 5; batch++) {
      const responses = await Promise.all(Array.from({ length: 10 }, () => askForLink(stranger)));
      expect(responses.map((r) => r.status)).toEqual(Array(10).fill(202));
    }
    await resolveRequests();
    const mails = await mailsTo(stranger);
    expect(mails.length).toBeGreaterThan(0);
    expect(mails.length).toBeLessThanOrEqual(5 * utcHoursSince(started));
  });
});

describe('the proof of work', () => {
  it('is required: without one the answer is a 400 naming altcha, and nothing is stored or mailed', async () => {
    const email = 'no.work@example.net';
    const before = await everything();
    const response = await call('POST', '/api/auth/link', { email });
    expect(response.status).toBe(400);
    expect(Object.keys(response.json.error.fields)).toEqual(['altcha']);
    const wrong = await call('POST', '/api/auth/link', { email, altcha: 'bm90IGEgc29sdXRpb24=' });
    expect(wrong.status).toBe(400);
    expect(Object.keys(wrong.json.error.fields)).toEqual(['altcha']);
    await resolveRequests();
    expect(await everything()).toBe(before);
    expect(await mailsTo(email)).toEqual([]);
  });

  it('is spent once: replayed, the answer is a 400 naming altcha, and nothing more is stored or mailed', async () => {
    const email = 'replayed.work@example.net';
    const altcha = await solvedChallenge(call);
    expect((await askForLink(email, altcha)).status).toBe(202);
    await resolveRequests();
    expect(await mailsTo(email)).toHaveLength(1);
    const before = await everything();
    for (const lang of ['en', 'uk']) {
      const replayed = await api.call('POST', '/api/auth/link', { email, altcha }, { 'accept-language': lang });
      expect(replayed.status).toBe(400);
      expect(Object.keys(replayed.json.error.fields)).toEqual(['altcha']);
      // In the asker's language, and saying it was used, not that it failed.
      const { default: catalog } = await import(`../../functions/i18n/${lang}.ts`);
      expect(replayed.json.error.fields.altcha).toBe(catalog.validation['altcha.used']);
    }
    await resolveRequests();
    expect(await everything()).toBe(before);
    expect(await mailsTo(email)).toHaveLength(1);
  });
});

describe('no membership oracle', () => {
  /** One DynamoDB call as the table sees it, with random ids reduced to their lengths. */
  function describeCall(commandName: string, input: Record<string, any>): string {
    // Random ids and sealed values as their lengths, digits (times) as 9s: what may differ between two
    // requests for the same address, and nothing that could tell two addresses apart.
    const shape = (value: unknown) => JSON.stringify(value).replace(/[A-Za-z0-9_+/=.-]{16,}/g, (m) => `<${m.length}>`).replace(/\d/g, '9');
    const item = input.Item as Record<string, unknown> | undefined;
    return [
      commandName,
      String(input.TableName).replace(/^t[0-9a-f]{8}-/, ''),
      input.ConditionExpression ?? '',
      item ? Object.keys(item).sort().map((k) => `${k}=${shape(item[k])}`).join(' ') : shape(input.Key ?? input.ExpressionAttributeValues ?? {}),
    ].join(' | ');
  }

  it("a member's and a stranger's request: byte-identical answers, the identical AWS calls, and no mail on the request path", async () => {
    const [{ dynamo }, { handler }] = await Promise.all([import('#lib/clients.ts'), import('#http/request-sign-in.ts')]);
    const calls: string[] = [];
    let recording = false;
    dynamo.middlewareStack.add(
      (next, context) => async (args) => {
        if (recording) calls.push(describeCall(context.commandName ?? '?', args.input as Record<string, unknown>));
        return next(args);
      },
      { step: 'initialize', name: 'signInTestRecorder' },
    );
    // The same length, so that even the sealed address is as long in both writes.
    const member = orgA.email;
    const stranger = `${'x'.repeat(member.indexOf('@'))}@example.org`;
    expect(stranger).toHaveLength(member.length);
    const request = async (email: string) => {
      const altcha = await solvedChallenge(call);
      const event = httpEvent({ method: 'POST', path: '/api/auth/link', headers: { 'content-type': 'application/json', 'accept-language': 'ka' }, body: JSON.stringify({ email, altcha }) });
      calls.length = 0;
      recording = true;
      const mailsBefore = (await readMailbox(env.mailbox)).length;
      const result = await invoke(handler, event);
      recording = false;
      const mailed = (await readMailbox(env.mailbox)).length - mailsBefore;
      return { answer: JSON.stringify([result.statusCode, result.headers, result.rawBody]), calls: [...calls], mailed };
    };
    // Warm: the first request of a container makes its data key; and the next period's held too, so a
    // fetch-ahead in a period's last minutes cannot fall into one of the compared requests.
    await request(stranger);
    await (await import('#crypto/data-keys.ts')).warmDataKeysForTests();
    for (let round = 0; round < 3; round++) {
      const asMember = await request(member);
      const asStranger = await request(stranger);
      expect(asMember.answer).toBe(asStranger.answer);
      expect(asMember.calls.length).toBeGreaterThan(0);
      expect(asMember.calls).toEqual(asStranger.calls);
      // The request path sends nothing itself (the stream consumer mails, later).
      expect([asMember.mailed, asStranger.mailed]).toEqual([0, 0]);
    }
    dynamo.middlewareStack.remove('signInTestRecorder');
    await resolveRequests();
  });

  it('the stored request holds no address in clear, and once resolved nothing of a stranger is left', async () => {
    const stranger = 'nino.unknown@example.net';
    const before = new Set((await rawScan(env.tables.ORGANISATIONS_TABLE!)).map((item) => JSON.stringify(item)));
    expect((await askForLink(stranger)).status).toBe(202);
    const added = (await rawScan(env.tables.ORGANISATIONS_TABLE!)).filter((item) => !before.has(JSON.stringify(item)));
    expect(added).toHaveLength(1);
    const dump = JSON.stringify(added).toLowerCase();
    for (const needle of ['nino', 'unknown', 'example.net']) expect(dump).not.toContain(needle);
    await resolveRequests();
    expect(await mailsTo(stranger)).toHaveLength(1);
    const after = JSON.stringify(await rawScan(env.tables.ORGANISATIONS_TABLE!)).toLowerCase();
    expect(after).not.toContain(JSON.stringify(added[0]!.pk).toLowerCase());
    for (const needle of ['nino', 'unknown', 'example.net']) expect(after).not.toContain(needle);
  });
});

describe('the stream consumer', () => {
  it('logs what it did in counts, never whom for: no address in the logs of a request and its answer (DEBUG)', async () => {
    const [{ logger }, { capturedOutput }] = await Promise.all([import('#lib/logger.ts'), import('../support/output.ts')]);
    const stranger = 'logged.nobody@example.net';
    logger.setLogLevel('DEBUG');
    const output = await capturedOutput(async () => {
      expect((await askForLink(orgA.email)).status).toBe(202);
      expect((await askForLink(stranger)).status).toBe(202);
      await resolveRequests();
    });
    logger.setLogLevel('ERROR');
    expect(output).toContain('sign-in requests answered');
    for (const needle of [orgA.email, orgA.email.split('@')[0]!, stranger, 'logged.nobody']) expect(output).not.toContain(needle);
  });

  it('mails once for a record delivered twice, and once for records split over batches and delivered again', async () => {
    expect(resolver, 'a stream consumer of the organisations table').toBeDefined();
    const member = orgB.email;
    const stranger = 'twice.delivered@example.net';
    const since = new Date();
    expect((await askForLink(member)).status).toBe(202);
    expect((await askForLink(stranger)).status).toBe(202);
    const records = await streamRecords(since);
    expect(records).toHaveLength(2);
    await resolver!.handler({ Records: records });
    await resolver!.handler({ Records: records });
    await resolver!.handler({ Records: [records[1]!] });
    await resolver!.handler({ Records: [records[0]!] });
    expect(await mailsTo(member)).toHaveLength(1);
    expect(await mailsTo(stranger)).toHaveLength(1);
    // The one link mailed works.
    const link = /#\/org\/sign-in\/([A-Za-z0-9_-]{43})/.exec((await mailsTo(member))[0]!.body.text ?? '')?.[1];
    expect((await call('POST', '/api/auth/session', { token: link })).status).toBe(200);
  });
});

describe('invitations', () => {
  it('an owner inviting and removing one address in a loop sends at most 3 invitations a day, and says so truthfully', async () => {
    const email = 'looped.invitee@example.net';
    const outcomes: string[] = [];
    for (let i = 0; i < 8; i++) {
      const invited = await call('POST', '/api/org/members', { email, role: 'viewer' }, orgA.headers);
      expect(invited.status).toBe(201);
      outcomes.push(invited.json.invitation);
      expect((await call('DELETE', `/api/org/members/${invited.json.id}`, undefined, orgA.headers)).status).toBe(204);
    }
    expect(outcomes).toEqual(['sent', 'sent', 'sent', 'limited', 'limited', 'limited', 'limited', 'limited']);
    expect(await mailsTo(email)).toHaveLength(3);

    // Another organisation's limit is its own: B's invitation goes, and A's answer never depended on B.
    const fromB = await call('POST', '/api/org/members', { email, role: 'editor' }, orgB.headers);
    expect(fromB.json.invitation).toBe('sent');
    expect(await mailsTo(email)).toHaveLength(4);
  });
});

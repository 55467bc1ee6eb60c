/**
 * Exports end to end on real engines: DynamoDB Local (tables and the jobs table's stream, read by the
 * poller into the job runner) and an S3 stand-in. A campaign with thousands of confirmed signatures
 * spread over all 16 shards, plus pending, erased and withdrawn ones that must stay out; the route
 * handlers start the export, the runner writes the CSV, and the presigned link downloads it.
 */
import { DynamoDBDocumentClient, GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { parse } from 'csv-parse/sync';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalS3, useLocalTables } from '../support/local-tables.ts';
import { newMember, newOrganisation, type TestOrganiser } from '../support/organisers.ts';
import { sampleSigners, seedSignatures, type SeedSigner } from '../support/seed-signatures.ts';
import { httpEvent, jsonPost } from '../unit/http-event.ts';
// The handlers' answers are held to the OpenAPI document.
import { invoke } from '../support/contract.ts';

let env: Awaited<ReturnType<typeof useLocalTables>>;
let s3: Awaited<ReturnType<typeof useLocalS3>>;
let documents: DynamoDBDocumentClient;
let owner: TestOrganiser;
let editor: TestOrganiser;
let viewer: TestOrganiser;
let stranger: TestOrganiser;
let handlers: {
  start: Parameters<typeof invoke>[0];
  list: Parameters<typeof invoke>[0];
  get: Parameters<typeof invoke>[0];
  runner: (event: DynamoDBStreamEvent, context: never) => Promise<void>;
};
let runJobs: () => Promise<void>;

const slug = 'free-the-defenders';
const CONFIRMED = 2400;

/** Who signed: confirmed signers in many scripts, one formula, and those who must not be exported. */
const confirmedSigners: SeedSigner[] = [
  ...sampleSigners(CONFIRMED - 3),
  { name: '=HYPERLINK("http://evil.example","click")', email: 'formula@example.org', country: 'GE', comment: '+1 from me' },
  { name: 'Ნინო Ბერიძე-Ꮳ', email: 'mixed@example.org', country: 'GE', comment: 'თავისუფლება!' },
  { name: 'Արամ Պետրոսյան', email: 'aram@example.org', country: 'AM', textVersion: 2 },
];
const leftOut: SeedSigner[] = [
  ...sampleSigners(150, 'pending').map((s) => ({ ...s, name: `Pending ${s.name}`, state: 'pending' as const })),
  ...sampleSigners(120, 'erased').map((s) => ({ ...s, name: `Erased ${s.name}`, state: 'erased' as const })),
];

const url = (path = '') => `/api/org/campaigns/${slug}/exports${path}`;
const start = (who: TestOrganiser, body: unknown, campaign = slug) =>
  invoke(handlers.start, jsonPost(`/api/org/campaigns/${campaign}/exports`, { slug: campaign }, body, who.headers));
const list = (who: TestOrganiser) =>
  invoke(handlers.list, httpEvent({ method: 'GET', path: url(), pathParameters: { slug }, headers: who.headers }));
const get = (who: TestOrganiser, jobId: string) =>
  invoke(handlers.get, httpEvent({ method: 'GET', path: url(`/${jobId}`), pathParameters: { slug, jobId }, headers: who.headers }));

/** What the runner logs, captured from stdout as Lambda would ship it. */
const logged: string[] = [];
const originalWrite = process.stdout.write.bind(process.stdout);

beforeAll(async () => {
  env = await useLocalTables();
  s3 = await useLocalS3();
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
  documents = DynamoDBDocumentClient.from(env.client);

  owner = await newOrganisation('Coalition for the Defenders');
  editor = await newMember(owner.orgId, 'editor');
  viewer = await newMember(owner.orgId, 'viewer');
  stranger = await newOrganisation('Another Coalition');

  const now = new Date().toISOString();
  await documents.send(
    new PutCommand({
      TableName: env.tables.PETITIONS_TABLE,
      Item: {
        pk: slug, sk: 'META', slug, kind: 'letter', title: 'Free the defenders — თავისუფლება', text: 'Dear President,\n\nRelease them.',
        targets: [{ name: 'The President' }], goal: 5000, status: 'open', listStatus: 'open', orgId: owner.orgId, shards: 16,
        version: 2, publicSigners: false, retentionDays: 90, signerFields: { country: 'required', comment: 'optional' },
        createdAt: now, updatedAt: now,
      },
    }),
  );
  await documents.send(
    new PutCommand({
      TableName: env.tables.PETITIONS_TABLE,
      Item: { pk: slug, sk: 'COUNT', count: CONFIRMED, pending: 150, countries: {}, wm: {}, updatedAt: now },
    }),
  );
  await seedSignatures({ slug, shards: 16 }, [...confirmedSigners, ...leftOut]);

  const [start, list, get, runner, { streamConsumers }, { streamFilter }] = await Promise.all([
    import('#http/start-export.ts'),
    import('#http/list-exports.ts'),
    import('#http/get-export.ts'),
    import('#streams/run-export-jobs.ts'),
    import('#routes'),
    import('../../infra/local/stream-poller.ts'),
  ]);
  handlers = { start: start.handler, list: list.handler, get: get.handler, runner: runner.handler as never };
  const consumer = streamConsumers.find((c) => c.name === 'run-export-jobs')!;
  // The job runner as the local stack runs it: the jobs stream, one record a call, new jobs only.
  const poller = env.poller(runner.handler, {
    tableName: env.tables.JOBS_TABLE!,
    batchSize: consumer.batchSize!,
    timeoutMs: consumer.timeoutSeconds! * 1000,
    filter: streamFilter(consumer.only!, 'sk'),
  });
  runJobs = () => poller.drain();
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    logged.push(String(chunk));
    return (originalWrite as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stdout.write;
}, 180_000);

afterAll(async () => {
  process.stdout.write = originalWrite;
  await s3?.stop();
  await env?.cleanup();
});

it('has its signatures on every one of the 16 shards', async () => {
  const { signaturesIn } = await import('#store/signatures.ts');
  const { allSignaturePartitions } = await import('#rules/signature-keys.ts');
  const perShard = await Promise.all(
    allSignaturePartitions(slug, 16).map(async (pk) => {
      let n = 0;
      for await (const item of signaturesIn(pk, ['status'])) if (item.status === 'confirmed') n++;
      return n;
    }),
  );
  expect(perShard.every((n) => n > 0)).toBe(true);
  expect(perShard.reduce((a, b) => a + b, 0)).toBe(CONFIRMED + 120);
});

describe('who may export', () => {
  it('a viewer may not start an export (403), nor fetch one, but may list them', async () => {
    const started = await start(viewer, { format: 'csv' });
    expect(started.statusCode).toBe(403);
    expect(started.json.error.code).toBe('forbidden');
    expect((await list(viewer)).statusCode).toBe(200);
    expect((await get(viewer, '20261124T000000000Z-0123456789')).statusCode).toBe(403);
  });

  it("another organisation's campaign is not found (404), for every export route", async () => {
    expect((await start(stranger, { format: 'csv' })).statusCode).toBe(404);
    expect((await list(stranger)).statusCode).toBe(404);
    const got = await get(stranger, '20261124T000000000Z-0123456789');
    expect(got.statusCode).toBe(404);
    expect(got.rawBody).not.toContain(slug);
  });

  it('refuses an unknown format, naming the field', async () => {
    const started = await start(editor, { format: 'xlsx' });
    expect(started.statusCode).toBe(400);
    expect(Object.keys(started.json.error.fields)).toEqual(['format']);
  });
});

describe('a CSV export', () => {
  let jobId: string;

  it('is queued (202), one at a time per campaign (409)', async () => {
    const started = await start(editor, { format: 'csv' });
    expect(started.statusCode).toBe(202);
    expect(started.json).toMatchObject({ slug, format: 'csv', status: 'queued', rows: 0, total: CONFIRMED });
    jobId = started.json.id;
    expect(started.headers.location).toBe(url(`/${jobId}`));
    // Recorded by member id, never by address.
    const { memberIdOf } = await import('#rules/organisation.ts');
    expect(started.json.createdBy).toBe(memberIdOf(editor.email));
    expect(started.rawBody).not.toContain(editor.email);

    const again = await start(owner, { format: 'pdf' });
    expect(again.statusCode).toBe(409);
    expect(again.json.error.code).toBe('export_running');
    expect((await get(editor, jobId)).json).not.toHaveProperty('download');
  });

  it('runs from the stream, then downloads through a 15-minute link as exactly the confirmed signers', async () => {
    await runJobs();
    const got = await get(editor, jobId);
    expect(got.statusCode).toBe(200);
    expect(got.json).toMatchObject({ id: jobId, status: 'done', rows: CONFIRMED, total: CONFIRMED });
    expect(got.json.bytes).toBeGreaterThan(0);
    const { url: link, expiresAt } = got.json.download;
    expect(Date.parse(expiresAt) - Date.now()).toBeGreaterThan(14 * 60_000);
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(15 * 60_000);
    const signed = new URL(link);
    expect(signed.origin).toBe(s3.url);
    expect(signed.searchParams.get('X-Amz-Expires')).toBe('900');

    const response = await fetch(link);
    expect(response.status).toBe(200);
    const disposition = response.headers.get('content-disposition')!;
    expect(disposition).toMatch(/^attachment; filename="free-the-defenders-signatures-\d{4}-\d{2}-\d{2}\.csv"; filename\*=UTF-8''/);
    expect(decodeURIComponent(disposition.split("UTF-8''")[1]!)).toMatch(/^Free the defenders — თავისუფლება – signatures \d{4}-\d{2}-\d{2}\.csv$/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.length).toBe(got.json.bytes);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);

    const rows = parse(bytes, { bom: true, columns: true }) as Record<string, string>[];
    expect(Object.keys(rows[0]!)).toEqual(['name', 'country', 'comment', 'confirmed_at', 'text_version']);
    const line = (r: Record<string, string>) => JSON.stringify([r.name, r.country, r.comment, r.text_version]);
    const expected = confirmedSigners.map((s) =>
      JSON.stringify([s.name.startsWith('=') ? `'${s.name}` : s.name, s.country, s.comment?.startsWith('+') ? `'${s.comment}` : (s.comment ?? ''), String(s.textVersion ?? 1)]),
    );
    expect(rows.map(line).sort()).toEqual(expected.sort());
    expect(rows.every((r) => !Number.isNaN(Date.parse(r.confirmed_at!)))).toBe(true);
    // Every name in its own script, the formula neutralised, nobody who must not be there, no emails.
    const text = bytes.toString('utf8');
    for (const name of ['Ნინო Ბერიძე-Ꮳ', 'Արամ Պետրոսյան', 'Олена', 'ნინო', 'Ərəstun']) expect(text).toContain(name);
    expect(rows.find((r) => r.name!.includes('HYPERLINK'))!.name).toBe(`'=HYPERLINK("http://evil.example","click")`);
    expect(text).not.toMatch(/Pending|Erased/);
    expect(text).not.toContain('@example.org');
  });

  it('logs who exported how many rows, and nothing personal', () => {
    const lines = logged.filter((l) => l.includes('"export done"')).map((l) => JSON.parse(l));
    const entry = lines.find((l) => l.jobId === jobId);
    expect(entry).toMatchObject({ slug, format: 'csv', rows: CONFIRMED, orgId: owner.orgId });
    expect(entry.createdBy).toMatch(/^[0-9a-f]{16}$/);
    expect(entry.durationMs).toBeGreaterThanOrEqual(0);
    const all = logged.join('');
    for (const secret of [editor.email, 'Արամ', 'ნინო', 'HYPERLINK', 'example.org']) expect(all).not.toContain(secret);
  });

  it('is not run twice when its stream record comes again', async () => {
    const before = (await get(editor, jobId)).json;
    const { Item } = await documents.send(new GetCommand({ TableName: env.tables.JOBS_TABLE, Key: { pk: slug, sk: `JOB#${jobId}` } }));
    const queuedImage = marshall({ ...Item, status: 'queued', rows: 0 }, { removeUndefinedValues: true }) as Record<string, AttributeValue>;
    await handlers.runner({ Records: [{ eventName: 'INSERT', dynamodb: { NewImage: queuedImage as never } }] }, {} as never);
    const after = (await get(editor, jobId)).json;
    expect({ ...after, download: undefined }).toEqual({ ...before, download: undefined });
  });
});

describe('the export list', () => {
  it('frees the campaign once a job ends, and lists exports newest first', async () => {
    const second = await start(owner, { format: 'csv' });
    expect(second.statusCode).toBe(202);
    await runJobs();
    const { exports } = (await list(viewer)).json;
    expect(exports.map((e: { id: string }) => e.id)).toEqual([...exports.map((e: { id: string }) => e.id)].sort().reverse());
    expect(exports[0]).toMatchObject({ id: second.json.id, status: 'done', rows: CONFIRMED });
    expect(exports).toHaveLength(2);
    // The list shows progress, never a link.
    expect(JSON.stringify(exports)).not.toContain('X-Amz');
  });

  it('makes the delivery dossier as a PDF through the same runner', async () => {
    const started = await start(editor, { format: 'pdf' });
    expect(started.statusCode).toBe(202);
    await runJobs();
    const got = await get(editor, started.json.id);
    expect(got.json).toMatchObject({ status: 'done', format: 'pdf', rows: CONFIRMED });
    const response = await fetch(got.json.download.url);
    expect(response.headers.get('content-type')).toBe('application/pdf');
    expect(response.headers.get('content-disposition')).toMatch(/filename="free-the-defenders-dossier-[\d-]+\.pdf"/);
    const bytes = Buffer.from(await response.arrayBuffer());
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.length).toBe(got.json.bytes);
  }, 120_000);

  it("writes the dossier's own words in the language asked for at export, whatever the organiser's screen", async () => {
    const started = await invoke(
      handlers.start,
      jsonPost(url(), { slug }, { format: 'pdf', lang: 'uk' }, { ...editor.headers, 'accept-language': 'en-GB,en;q=0.9' }),
    );
    expect(started.statusCode).toBe(202);
    await runJobs();
    const got = await get(editor, started.json.id);
    expect(got.json).toMatchObject({ status: 'done', format: 'pdf' });
    const bytes = new Uint8Array(await (await fetch(got.json.download.url)).arrayBuffer());
    const { extractText, getDocumentProxy } = await import('unpdf');
    const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: true });
    expect(text).toContain('Підписаний текст');
    expect(text).toContain('Особисті підписанти');
    expect(text).toContain('Сторінка 1 з ');
    expect(text).not.toContain('Individual signatories');
  }, 120_000);

  it('gives up before the runner is stopped: failed, timed out, and no file left behind', async () => {
    const started = await start(editor, { format: 'csv' });
    const { getJob } = await import('#store/jobs.ts');
    const { runExportJob } = await import('#usecases/run-export.ts');
    const job = (await getJob(slug, started.json.id))!;
    // 20 s is what the runner keeps for winding down: with 20.05 s left it must stop at once.
    expect(await runExportJob(job, { remainingMs: 20_050 })).toBe('failed');
    expect((await get(editor, job.id)).json).toMatchObject({ status: 'failed', error: 'timed_out' });
    const { S3Client, HeadObjectCommand } = await import('@aws-sdk/client-s3');
    const client = new S3Client({});
    await expect(client.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: `exports/${slug}/${job.id}.csv` }))).rejects.toThrow();
    client.destroy();
    await runJobs(); // its stream record comes too, and finds nothing left to do
    expect((await start(editor, { format: 'csv' })).statusCode).toBe(202);
    await runJobs();
  });

  it('marks a job whose runner died while running as failed when its record comes again', async () => {
    const started = await start(editor, { format: 'csv' });
    const { getJob, startJob } = await import('#store/jobs.ts');
    const { runExportJob } = await import('#usecases/run-export.ts');
    const job = (await getJob(slug, started.json.id))!;
    expect(await startJob(job, 0, new Date(Date.now() - 16 * 60_000).toISOString())).toBe(true);
    expect(await runExportJob(job, { remainingMs: 900_000 })).toBe('failed');
    expect((await get(editor, job.id)).json).toMatchObject({ status: 'failed', error: 'timed_out' });
    await runJobs();
  });

  it('marks a job as failed, with a code only, when its campaign has gone', async () => {
    const started = await start(editor, { format: 'csv' });
    await documents.send(
      new PutCommand({
        TableName: env.tables.PETITIONS_TABLE,
        Item: { ...(await documents.send(new GetCommand({ TableName: env.tables.PETITIONS_TABLE, Key: { pk: slug, sk: 'META' } }))).Item, orgId: 'moved-away' },
      }),
    );
    await runJobs();
    await documents.send(
      new PutCommand({
        TableName: env.tables.PETITIONS_TABLE,
        Item: { ...(await documents.send(new GetCommand({ TableName: env.tables.PETITIONS_TABLE, Key: { pk: slug, sk: 'META' } }))).Item, orgId: owner.orgId },
      }),
    );
    const got = await get(editor, started.json.id);
    expect(got.json).toMatchObject({ status: 'failed', error: 'campaign_missing' });
    expect(got.json.finishedAt).toBeTruthy();
    expect((await start(editor, { format: 'csv' })).statusCode).toBe(202);
  });
});

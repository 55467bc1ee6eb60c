/**
 * Withdrawal and erasure reach every copy (issue #13 item 7): an export (CSV or the PDF dossier) that
 * may hold a signer who has since withdrawn is no longer handed out, its file is deleted from the
 * exports bucket at once rather than by the 7-day lifecycle, and the list says why. An export that
 * started reading after the withdrawal cannot hold the signer and stays. The retention job's erasure
 * does the same to a campaign's files.
 *
 * Real engines and the real composition: DynamoDB Local with its streams, every stream consumer of the
 * route table polled with its own filter (as the local stack and Lambda run them), s3rver for the
 * bucket, and signers who sign, confirm and withdraw through the HTTP routes.
 */
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalS3, useLocalTables } from '../support/local-tables.ts';
import { campaign, startLocalApi } from '../support/local-api.ts';
import { linksIn, waitForMail, type SignatureLink } from '../support/mailbox.ts';
import { newOrganisation, type TestOrganiser } from '../support/organisers.ts';
import { sampleSigners, seedSignatures } from '../support/seed-signatures.ts';
import { signLikeBrowser } from '../support/signer.ts';

let env: Awaited<ReturnType<typeof useLocalTables>>;
let s3: Awaited<ReturnType<typeof useLocalS3>>;
let api: Awaited<ReturnType<typeof startLocalApi>>;
let owner: TestOrganiser;
let objects: S3Client;
/** Polls every consumer of the signatures stream to its end: counts, and whatever else listens. */
let drainSignatures: () => Promise<void>;
/** Runs queued export jobs (the jobs stream's consumer) to their end. */
let runJobs: () => Promise<void>;
/** Every batch the signatures-stream consumers were given, by consumer name, to deliver again. */
const delivered = new Map<string, DynamoDBStreamEvent[]>();
const handlers = new Map<string, (event: DynamoDBStreamEvent, context: Context) => Promise<unknown>>();

beforeAll(async () => {
  env = await useLocalTables();
  s3 = await useLocalS3();
  api = await startLocalApi();
  objects = new S3Client({});
  owner = await newOrganisation('Coalition for Defenders');

  // Every consumer of the signatures and jobs streams (the organisations table's, sign-in requests, and
  // the petitions table's, pages and cards, have nothing to do with exports), each batch recorded to be
  // delivered again.
  const { streamConsumers } = await import('#routes');
  const signaturePollers: ReturnType<typeof env.poller>[] = [];
  for (const { name, source } of streamConsumers.filter((c) => c.source === 'Signatures' || c.source === 'Jobs')) {
    const consumer = await env.consumerPoller(name, (handler) => async (event, context) => {
      delivered.set(name, [...(delivered.get(name) ?? []), event]);
      return handler(event, context);
    });
    handlers.set(name, consumer.handler);
    if (source === 'Signatures') signaturePollers.push(consumer.poller);
    else if (source === 'Jobs') runJobs = () => consumer.poller.drain();
  }
  drainSignatures = async () => {
    for (const poller of signaturePollers) await poller.drain();
  };
}, 120_000);

afterAll(async () => {
  objects?.destroy();
  await api?.close();
  await s3?.stop();
  await env?.cleanup();
});

type Signer = { name: string; email: string; country: string; comment?: string };

async function signAndConfirm(slug: string, signer: Signer): Promise<SignatureLink> {
  const sent = new Date();
  expect((await signLikeBrowser(api.call, slug, signer)).status).toBe(202);
  // The mail goes from the signatures stream (follow-signatures), as in AWS.
  await drainSignatures();
  const { confirm, withdraw } = linksIn(await waitForMail(env.mailbox, { to: signer.email, after: sent }));
  expect((await api.call('POST', `/api/campaigns/${slug}/signatures/${confirm!.id}/confirm`, { token: confirm!.token })).status).toBe(200);
  return withdraw!;
}

async function withdraw(slug: string, link: SignatureLink) {
  expect((await api.call('POST', `/api/campaigns/${slug}/signatures/${link.id}/withdraw`, { token: link.token })).status).toBe(200);
}

const exportsPath = (slug: string, rest = '') => `/api/org/campaigns/${slug}/exports${rest}`;

async function startExport(slug: string, format: 'csv' | 'pdf'): Promise<string> {
  const started = await api.call('POST', exportsPath(slug), { format }, owner.headers);
  expect(started.status, JSON.stringify(started.json)).toBe(202);
  return started.json.id as string;
}

const getExport = (slug: string, id: string, lang = 'en') => api.call('GET', exportsPath(slug, `/${id}`), undefined, { ...owner.headers, 'accept-language': lang });

/** Makes an export, runs it, and downloads it through its link: the link and the file's text. */
async function exportAndDownload(slug: string, format: 'csv' | 'pdf'): Promise<{ id: string; link: string; text: string }> {
  const id = await startExport(slug, format);
  await runJobs();
  const got = await getExport(slug, id);
  expect(got.json, JSON.stringify(got.json)).toMatchObject({ status: 'done' });
  const link = got.json.download.url as string;
  const response = await fetch(link);
  expect(response.status).toBe(200);
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (format === 'csv') return { id, link, text: new TextDecoder().decode(bytes) };
  const { extractText, getDocumentProxy } = await import('unpdf');
  return { id, link, text: (await extractText(await getDocumentProxy(bytes), { mergePages: true })).text };
}

async function fileExists(slug: string, id: string, format: 'csv' | 'pdf'): Promise<boolean> {
  try {
    await objects.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: `exports/${slug}/${id}.${format}` }));
    return true;
  } catch {
    return false;
  }
}

describe('a withdrawal reaches the exports', () => {
  const slug = 'free-the-defenders';
  let leaving: SignatureLink;
  /** The second the withdrawal was made in: how AWS dates its stream record. */
  let withdrawnSecond: number;
  let before: { csv: { id: string; link: string }; pdf: { id: string; link: string } };

  it('an export made before the withdrawal holds the signer', async () => {
    expect((await api.call('POST', '/api/org/campaigns', campaign(slug), owner.headers)).status).toBe(201);
    leaving = await signAndConfirm(slug, { name: 'Ion Popa', email: 'ion@example.org', country: 'MD' });
    await signAndConfirm(slug, { name: 'Ნინო Ბერიძე', email: 'nino@example.org', country: 'GE' });
    await signAndConfirm(slug, { name: 'Արամ Պետրոսյան', email: 'aram@example.org', country: 'AM' });
    await drainSignatures();
    const csv = await exportAndDownload(slug, 'csv');
    const pdf = await exportAndDownload(slug, 'pdf');
    for (const text of [csv.text, pdf.text]) expect(text).toContain('Ion Popa');
    before = { csv, pdf };
  }, 120_000);

  it('once the signer withdraws, the old exports are refused, their files are gone, and the list says why', async () => {
    // Clear of a whole minute, which a stream record's date cannot tell from a date rounded to the minute.
    while ([59, 0].includes(new Date().getUTCSeconds())) await new Promise((r) => setTimeout(r, 250));
    withdrawnSecond = Math.floor(Date.now() / 1000);
    await withdraw(slug, leaving);
    await drainSignatures();

    for (const [format, { id, link }] of Object.entries(before) as ['csv' | 'pdf', { id: string; link: string }][]) {
      const got = await getExport(slug, id, 'ru');
      expect(got.status).toBe(200);
      expect(got.json).not.toHaveProperty('download');
      expect(got.json).toMatchObject({ id, status: 'outdated', reason: 'withdrawal', outdatedOn: new Date().toISOString().slice(0, 10) });
      // Told in the organiser's language, with what to do.
      expect(got.json.message).toMatch(/отозвал/);
      expect(got.text).not.toContain('X-Amz');
      // The file itself is deleted, so even a link fetched before does not work.
      expect(await fileExists(slug, id, format), format).toBe(false);
      expect((await fetch(link)).status, format).toBe(404);
    }
    const { exports } = (await api.call('GET', exportsPath(slug), undefined, owner.headers)).json;
    expect(exports.map((e: { status: string; reason?: string }) => [e.status, e.reason])).toEqual([
      ['outdated', 'withdrawal'],
      ['outdated', 'withdrawal'],
    ]);
    // Nothing about who withdrew, or when to the second.
    expect(JSON.stringify(exports)).not.toMatch(/Ion|Popa|MD/);
  }, 60_000);

  it('a new export lacks the signer, and stays when the withdrawal is delivered again', async () => {
    // Made once the withdrawal has settled however its record is dated (see holdsUntil): within that
    // second and the settling time after it, an export is taken to possibly hold the signer.
    const { READ_SETTLE_MS } = await import('#rules/exports.ts');
    await new Promise((r) => setTimeout(r, Math.max(0, (withdrawnSecond + 1) * 1000 + READ_SETTLE_MS - Date.now())));
    const after = await exportAndDownload(slug, 'csv');
    expect(after.text).not.toContain('Ion Popa');
    expect(after.text).toContain('Ნინო Ბერიძე');

    // The stream delivers the withdrawal's batch again (Lambda may), its record dated as AWS dates it
    // (to the second; DynamoDB Local dates to the minute): nothing changes for an export that started
    // reading after the withdrawal had settled.
    const asAws = (event: DynamoDBStreamEvent): DynamoDBStreamEvent => ({
      Records: event.Records.map((r) =>
        r.eventName === 'REMOVE' ? { ...r, dynamodb: { ...r.dynamodb, ApproximateCreationDateTime: withdrawnSecond } } : r,
      ),
    });
    for (const [name, events] of delivered) {
      if (name === 'run-export-jobs') continue;
      for (const event of events) await handlers.get(name)!(asAws(event), {} as Context);
    }
    const got = await getExport(slug, after.id);
    expect(got.json).toMatchObject({ status: 'done' });
    expect(got.json.download.url).toBeTruthy();
    expect(await fileExists(slug, after.id, 'csv')).toBe(true);
    for (const { id } of Object.values(before)) expect((await getExport(slug, id)).json.status).toBe('outdated');
  }, 60_000);
});

describe('a withdrawal while an export is reading', () => {
  const slug = 'many-signers';

  it('outdates the export that was running, and leaves no file behind', async () => {
    expect((await api.call('POST', '/api/org/campaigns', campaign(slug), owner.headers)).status).toBe(201);
    await seedSignatures({ slug, shards: 32 }, sampleSigners(1500, 'many'));
    const leaving = await signAndConfirm(slug, { name: 'Ion Popa', email: 'ion.many@example.org', country: 'MD' });
    await drainSignatures();

    const id = await startExport(slug, 'csv');
    const running = runJobs();
    const { getJob } = await import('#store/jobs.ts');
    for (let waited = 0; (await getJob(slug, id))?.status === 'queued' && waited < 30_000; waited += 20) await new Promise((r) => setTimeout(r, 20));
    // It has started reading (or even finished): it may hold the signer.
    expect(['running', 'done']).toContain((await getJob(slug, id))?.status);
    await withdraw(slug, leaving);
    await drainSignatures();
    await running;

    const got = await getExport(slug, id);
    expect(got.json).toMatchObject({ status: 'outdated', reason: 'withdrawal' });
    expect(got.json).not.toHaveProperty('download');
    expect(await fileExists(slug, id, 'csv')).toBe(false);
    // The campaign is free for the next export, which lacks the signer.
    const next = await exportAndDownload(slug, 'csv');
    expect(next.text).not.toContain('Ion Popa');
  }, 180_000);

  it('a runner whose job is outdated while it writes stops, deletes what it wrote and frees the campaign', async () => {
    const id = await startExport(slug, 'pdf');
    const [{ getJob }, { runExportJob }, { outdateExports }] = await Promise.all([
      import('#store/jobs.ts'),
      import('#usecases/run-export.ts'),
      import('#usecases/outdate-exports.ts'),
    ]);
    const running = runExportJob((await getJob(slug, id))!, { remainingMs: 900_000 });
    while ((await getJob(slug, id))?.status === 'queued') await new Promise((r) => setTimeout(r, 10));
    // As the stream consumer does once a removal has settled (here: at once). Outdated: this one, and
    // the previous test's last export, which also started before now.
    expect(await outdateExports(slug, 'withdrawal', Date.now())).toMatchObject({ outdated: 2 });
    expect(await running).toBe('outdated');
    expect((await getExport(slug, id)).json).toMatchObject({ status: 'outdated', reason: 'withdrawal' });
    expect(await fileExists(slug, id, 'pdf')).toBe(false);
    await runJobs(); // its stream record comes too, and finds it handled
    expect((await getJob(slug, id))?.status).toBe('outdated');
    expect(await startExport(slug, 'csv')).toBeTruthy();
    await runJobs();
  }, 120_000);
});

describe('the retention job', () => {
  const slug = 'retained-exports';

  it('deletes the files of a campaign whose personal data it erases, and says so on the exports', async () => {
    expect((await api.call('POST', '/api/org/campaigns', campaign(slug, { retentionDays: 30 }), owner.headers)).status).toBe(201);
    await signAndConfirm(slug, { name: 'Ana Popescu', email: 'ana@example.org', country: 'RO' });
    await drainSignatures();
    const made = await exportAndDownload(slug, 'csv');
    expect(made.text).toContain('Ana Popescu');

    expect((await api.call('POST', `/api/org/campaigns/${slug}/status`, { status: 'closed' }, owner.headers)).status).toBe(200);
    const { eraseExpiredPersonalData } = await import('#jobs/retention.ts');
    const later = new Date(Date.now() + 31 * 86_400_000);
    const report = await eraseExpiredPersonalData({ mode: 'apply', clock: () => later });
    expect(report.campaigns.map((c) => c.slug)).toContain(slug);

    const got = await getExport(slug, made.id, 'ka');
    expect(got.json).toMatchObject({ status: 'outdated', reason: 'erasure' });
    expect(got.json).not.toHaveProperty('download');
    expect(got.json.message).toMatch(/[\u10D0-\u10FF]/);
    expect(await fileExists(slug, made.id, 'csv')).toBe(false);
    expect((await fetch(made.link)).status).toBe(404);
    // A new export lists nobody.
    const after = await exportAndDownload(slug, 'csv');
    expect(after.text).not.toContain('Ana Popescu');
  }, 120_000);
});

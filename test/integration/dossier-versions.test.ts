/**
 * The delivery dossier through the real routes and engines, for a letter whose text was edited while
 * it was open: two people sign the first text, the organiser edits it, a third signs the second. The
 * export route starts the dossier, the jobs stream runs it, and the downloaded PDF must say what each
 * person signed: both texts with their counts, every signer under their own version, in the order
 * asked for, headed in the letter's own language unless another was asked for.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalS3, useLocalTables } from '../support/local-tables.ts';
import { campaign, startLocalApi } from '../support/local-api.ts';
import { linksIn, waitForMail } from '../support/mailbox.ts';
import { newOrganisation, type TestOrganiser } from '../support/organisers.ts';
import { signLikeBrowser } from '../support/signer.ts';
import { rawItems, rawScan } from '../support/raw-items.ts';

let env: Awaited<ReturnType<typeof useLocalTables>>;
let s3: Awaited<ReturnType<typeof useLocalS3>>;
let api: Awaited<ReturnType<typeof startLocalApi>>;
let owner: TestOrganiser;
let drainSignatures: () => Promise<void>;
let runJobs: () => Promise<void>;

beforeAll(async () => {
  env = await useLocalTables();
  s3 = await useLocalS3();
  api = await startLocalApi();
  owner = await newOrganisation('სამოქალაქო კავშირი — Civic Union');

  const signatures = await env.signatureStream();
  drainSignatures = () => signatures.drain();
  const jobs = await env.consumerPoller('run-export-jobs');
  runJobs = () => jobs.poller.drain();
}, 120_000);

afterAll(async () => {
  await api?.close();
  await s3?.stop();
  await env?.cleanup();
});

async function signAndConfirm(slug: string, signer: { name: string; email: string; country: string }) {
  const sent = new Date();
  expect((await signLikeBrowser(api.call, slug, signer)).status).toBe(202);
  await drainSignatures();
  const { confirm } = linksIn(await waitForMail(env.mailbox, { to: signer.email, after: sent }));
  expect((await api.call('POST', `/api/campaigns/${slug}/signatures/${confirm!.id}/confirm`, { token: confirm!.token })).status).toBe(200);
}

/** Starts a dossier with `body`, runs it, downloads it and reads its text back, page by page. */
async function dossier(slug: string, body: Record<string, unknown>, headers: Record<string, string> = {}): Promise<string[]> {
  const started = await api.call('POST', `/api/org/campaigns/${slug}/exports`, { format: 'pdf', ...body }, { ...owner.headers, ...headers });
  expect(started.status, JSON.stringify(started.json)).toBe(202);
  await runJobs();
  const got = await api.call('GET', `/api/org/campaigns/${slug}/exports/${started.json.id}`, undefined, owner.headers);
  expect(got.json, JSON.stringify(got.json)).toMatchObject({ status: 'done', rows: 3 });
  const bytes = new Uint8Array(await (await fetch(got.json.download.url as string)).arrayBuffer());
  const { extractText, getDocumentProxy } = await import('unpdf');
  const { text } = await extractText(await getDocumentProxy(bytes), { mergePages: false });
  return text.map((page) => page.normalize('NFC').replace(/\s+/gu, ' ').trim());
}

describe('a dossier of a letter edited while open', () => {
  const slug = 'letter-to-the-president';
  const today = new Date();

  beforeAll(async () => {
    const created = await api.call(
      'POST',
      '/api/org/campaigns',
      campaign(slug, { language: 'ka', title: 'წერილი პრეზიდენტს', text: 'პირველი ტექსტი: გაათავისუფლეთ ისინი.' }),
      owner.headers,
    );
    expect(created.status, JSON.stringify(created.json)).toBe(201);
    // Two sign the first text ...
    await signAndConfirm(slug, { name: 'ნინო ბერიძე', email: 'nino@example.org', country: 'GE' });
    await signAndConfirm(slug, { name: 'ანა კაპანაძე', email: 'ana@example.org', country: 'GE' });
    // ... the organiser edits it while it is open ...
    const edited = await api.call('PATCH', `/api/org/campaigns/${slug}`, { text: 'მეორე ტექსტი: გაათავისუფლეთ ისინი დაუყოვნებლივ.' }, owner.headers);
    expect(edited.json).toMatchObject({ version: 2 });
    // ... and a third signs the second.
    await signAndConfirm(slug, { name: 'Արամ Պետրոսյան', email: 'aram@example.org', country: 'AM' });
    await drainSignatures();
  }, 180_000);

  it("prints both texts with their counts and every signer under the text they signed, alphabetically, in the letter's language", async () => {
    // The organiser's screen is in English; the letter is Georgian, and so is its dossier.
    const pages = await dossier(slug, { order: 'name' }, { 'accept-language': 'en' });
    const all = pages.join(' ');
    const v1 = all.indexOf('ხელმოწერილი ტექსტი — ტექსტის ვერსია 1 ამ ვერსიის ხელმოწერები: 2');
    const v2 = all.indexOf('ხელმოწერილი ტექსტი — ტექსტის ვერსია 2 ამ ვერსიის ხელმოწერები: 1');
    expect(v1, all).toBeGreaterThan(-1);
    expect(v2).toBeGreaterThan(v1);
    expect(all.slice(v1, v2)).toContain('პირველი ტექსტი: გაათავისუფლეთ ისინი.');
    expect(all.slice(v2)).toContain('მეორე ტექსტი: გაათავისუფლეთ ისინი დაუყოვნებლივ.');

    const g1 = all.indexOf('ინდივიდუალური ხელმომწერები — ტექსტის ვერსია 1');
    const g2 = all.indexOf('ინდივიდუალური ხელმომწერები — ტექსტის ვერსია 2');
    expect(g1).toBeGreaterThan(v2);
    expect(g2).toBeGreaterThan(g1);
    // Alphabetical in Georgian: ანა before ნინო, though ნინო confirmed first.
    expect(all.slice(g1, g2)).toMatch(/1\. ანა კაპანაძე საქართველო 2\. ნინო ბერიძე საქართველო/u);
    expect(all.slice(g2)).toContain('3. Արամ Պետրոսյան სომხეთი');
    expect(all.slice(g1)).toContain('სახელების ანბანური თანმიმდევრობით.');

    // The cover names the organisation and says how the signatures were confirmed, and when.
    expect(pages[0]).toContain('ორგანიზატორი სამოქალაქო კავშირი — Civic Union');
    expect(pages[0]).toContain('ხელმომწერმა დაადასტურა ელფოსტით გამოგზავნილი ბმულით (ორმაგი დადასტურება)');
    const day = new Intl.DateTimeFormat('ka', { dateStyle: 'long', timeZone: 'UTC' }).format(today);
    expect(pages[0]).toContain(`პირველი დადასტურება: ${day}; ბოლო: ${day}`);
    pages.forEach((page, i) => expect(page).toContain(`გვერდი ${i + 1} ${pages.length}-დან`));
    expect(all).not.toContain('Individual signatories');
  }, 120_000);

  it('lists in confirmation order, headed in the language asked for at export', async () => {
    const pages = await dossier(slug, { order: 'confirmed', lang: 'en' });
    const all = pages.join(' ');
    expect(all).toContain('Individual signatories — text version 1 Signatures on this version: 2 In the order the signatures were confirmed.');
    expect(all).toMatch(/1\. ნინო ბერიძე Georgia 2\. ანა კაპანაძე Georgia/u);
    expect(all).toContain('Individual signatories — text version 2 Signatures on this version: 1');
    pages.forEach((page, i) => expect(page).toContain(`Page ${i + 1} of ${pages.length}`));
  }, 120_000);

  it('refuses an unknown order or language, naming the field', async () => {
    const bad = await api.call('POST', `/api/org/campaigns/${slug}/exports`, { format: 'pdf', order: 'random', lang: 'xx' }, owner.headers);
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.json.error.fields).sort()).toEqual(['lang', 'order']);
  });

  // Last: it leaves a pending submission, which no dossier above would count anyway.
  it('refuses a signature on a text read before the edit (409 text_changed, nothing stored, the proof of work unspent), and takes one on the text shown now', async () => {
    const page = await api.call('GET', `/api/campaigns/${slug}`);
    expect(page.json.version).toBe(2);
    const tables = [env.tables.SIGNATURES_TABLE!, env.tables.SIGNALS_TABLE!];
    const before = await Promise.all(tables.map((table) => rawScan(table)));
    const levan = { name: 'ლევან გელაშვილი', email: 'levan@example.org', country: 'GE' };
    const stale = await signLikeBrowser(api.call, slug, { ...levan, textVersion: 1 }, { 'accept-language': 'ka' });
    expect(stale.status).toBe(409);
    expect(stale.json.error).toMatchObject({ code: 'text_changed' });
    expect(stale.json.error.message).toContain('ტექსტი');
    expect(await Promise.all(tables.map((table) => rawScan(table)))).toEqual(before);
    expect((await signLikeBrowser(api.call, slug, { ...levan, textVersion: 2 })).status).toBe(202);
    const submissions = (await rawItems(env.tables.SIGNATURES_TABLE!, `${slug}#`)).filter((item) => String(item.sk).startsWith('sub#') && item.status === 'pending');
    expect(submissions.map((item) => item.textVersion)).toEqual([2]);
  });
});

/**
 * An organiser's day, in the browser: sign in from the page with a link from the mailbox, create a
 * letter, open it for signatures, watch the dashboard count rise as a supporter signs and confirms
 * (in a browser of their own), then export the signatures as CSV and download the file.
 */
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { linksIn, waitForMail } from '../support/mailbox.ts';
import { DESKTOP, PHONE, apiCount, signInOrganiser, startBrowserStack, type BrowserStack } from './support.ts';

let bs: BrowserStack;
let page: Page;
const title = 'Keep the Mziuri park public';
let slug: string;

beforeAll(async () => {
  bs = await startBrowserStack();
  page = await bs.newPage(DESKTOP, { acceptDownloads: true });
});

afterAll(async () => {
  await bs?.stop();
});

it('signs in from the page with the link from the mailbox', async () => {
  await signInOrganiser(bs, page);
  // The demo organisation's campaigns are listed.
  await expect(page.locator('.card', { hasText: 'Release Nadia Karimova and Levan Abashidze' }).count()).resolves.toBe(1);
});

it('creates a letter and opens it for signatures', async () => {
  await page.getByRole('link', { name: 'New campaign' }).click();
  await page.getByLabel('Letter', { exact: true }).check();
  await page.getByLabel('Title').fill(title);
  slug = await page.getByLabel('Web address').inputValue();
  expect(slug).toBe('keep-the-mziuri-park-public');
  await page.getByLabel('Text').fill('Dear Mayor,\n\nWe **ask** you to keep Mziuri park *public*.');
  await page.getByLabel('Name').first().fill('Mayor of Tbilisi');
  await page.getByLabel('Goal (signatures)').fill('100');
  await page.getByRole('button', { name: 'Create draft' }).click();
  await page.waitForURL(new RegExp(`#/org/c/${slug}$`));

  await page.getByRole('button', { name: 'Open for signatures' }).click();
  // The confirmation step asks again before the campaign goes public.
  await page.getByRole('group').getByRole('button', { name: 'Open for signatures' }).click();
  await page.locator('.status-open').first().waitFor();
  await page.locator('.dashboard .tally-number', { hasText: /^0$/ }).waitFor();
  expect(await apiCount(bs.stack.app, slug)).toBe(0);
});

it('watches the dashboard count rise when a supporter signs and confirms', async () => {
  const supporter = await bs.newPage(PHONE);
  await supporter.goto(`${bs.stack.app}/#/p/${slug}`);
  await supporter.getByRole('heading', { name: title }).waitFor();
  await supporter.locator('.petition-html strong', { hasText: 'ask' }).waitFor();
  const email = `tamar-${Date.now()}@example.org`;
  await supporter.getByLabel('Full name').fill('Tamar Gelashvili');
  await supporter.getByLabel('Email').fill(email);
  const country = supporter.getByLabel('Country');
  if (await country.count()) await country.selectOption('GE');
  await supporter.getByRole('button', { name: 'Sign the letter' }).click();
  await supporter.getByRole('heading', { name: 'Check your email to confirm' }).waitFor({ timeout: 30_000 });

  // Awaiting confirmation shows on the dashboard before it counts.
  await page.locator('.dashboard .tally-pending', { hasText: '1' }).waitFor({ timeout: 20_000 });
  const link = linksIn(await waitForMail(bs.stack.mailbox, { to: email, timeoutMs: 15_000 })).confirm;
  expect(link?.slug).toBe(slug);
  await supporter.goto(link!.url);
  await supporter.getByRole('button', { name: 'Confirm my signature' }).click();
  await supporter.getByRole('heading', { name: 'Your signature is confirmed' }).waitFor();

  await page.locator('.dashboard .tally-number', { hasText: /^1$/ }).waitFor({ timeout: 20_000 });
  await page.locator('.activity-list li').first().waitFor({ timeout: 10_000 });
});

it('exports the signatures as CSV and downloads the file', async () => {
  await page.getByRole('button', { name: 'Export CSV' }).click();
  const download = page.getByRole('button', { name: 'Download CSV' }).first();
  await download.waitFor({ timeout: 60_000 });
  const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
  expect(file.suggestedFilename()).toMatch(/\.csv$/);
  const csv = readFileSync((await file.path())!, 'utf8');
  // UTF-8 with a byte-order mark, a header, the one confirmed signer, every field quoted, and never an email address.
  expect(csv.startsWith('\uFEFF"name",')).toBe(true);
  const lines = csv.slice(1).trim().split('\r\n');
  expect(lines).toHaveLength(2);
  expect(lines[0]).toMatch(/^"name",.*"confirmed_at","text_version"$/);
  expect(lines[1]).toMatch(/^"Tamar Gelashvili",/);
  expect(csv).not.toContain('@');
  expect(bs.pageErrors).toEqual([]);
});

it("makes the dossier with the order and headings' language chosen on the page", async () => {
  await page.getByLabel('Order of the signatories in the dossier').selectOption('name');
  await page.getByLabel('Language of the dossier’s headings').selectOption('ru');
  await page.getByRole('button', { name: 'Delivery dossier (PDF)' }).click();
  const download = page.getByRole('button', { name: 'Download PDF dossier' }).first();
  await download.waitFor({ timeout: 60_000 });
  const [file] = await Promise.all([page.waitForEvent('download'), download.click()]);
  expect(file.suggestedFilename()).toMatch(/\.pdf$/);
  const { extractText, getDocumentProxy } = await import('unpdf');
  const { text } = await extractText(await getDocumentProxy(new Uint8Array(readFileSync((await file.path())!))), { mergePages: true });
  const all = text.replace(/\s+/gu, ' ');
  // Russian headings, though the page is in English; the list says it is alphabetical.
  expect(all).toContain('Подписавшие лично');
  expect(all).toContain('В алфавитном порядке имён.');
  expect(all).toMatch(/Страница 1 из \d+/u);
  expect(all).toContain('Tamar Gelashvili');
  expect(bs.pageErrors).toEqual([]);
});

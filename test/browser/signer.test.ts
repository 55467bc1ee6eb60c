/**
 * A supporter in Georgian on a phone: opens a demo campaign with `?lang=ka`, signs with a Georgian
 * name (the page's proof of work runs for real), confirms with the link from the local mailbox, and
 * sees the counter move from 0 to 1. The page's words are taken from the Georgian catalog, so the
 * test follows the translation as it changes, and is checked to be in Georgian script.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { repoRoot } from '../../infra/local/stack.ts';
import en from '../../web/src/app/i18n/en.ts';
import { linksIn, waitForMail } from '../support/mailbox.ts';
import { DESKTOP, PHONE, apiCount, axeViolations, horizontalOverflow, mailCount, signInOrganiser, startBrowserStack, type BrowserStack } from './support.ts';

const SLUG = 'free-nadia-and-levan';
const NAME = 'ნინო ბერიძე';
/** The Georgian (Mkhedruli) block: text from the catalog must be in it, not an English fallback. */
const GEORGIAN = /[\u10D0-\u10FF]/;

/** The parts of the web catalog this test reads (web/src/app/i18n/en.ts has them all). */
interface Catalog {
  form: { heading: { letter: string }; name: string; email: string; country: string; submit: { letter: string } };
  checkEmail: { title: string };
  confirm: { doneTitle: string; reviewTitle: string; button: string };
}

let bs: BrowserStack;
let page: Page;
let ka: Catalog;

beforeAll(async () => {
  // Loaded by path so that type-checking does not depend on the file; a missing catalog is a clear failure.
  const file = join(repoRoot, 'web', 'src', 'app', 'i18n', 'ka.ts');
  if (!existsSync(file)) throw new Error(`The Georgian catalog ${file} does not exist: the page has no Georgian yet.`);
  ka = ((await import(pathToFileURL(file).href)) as { default: Catalog }).default;
  bs = await startBrowserStack();
  page = await bs.newPage(PHONE);
});

afterAll(async () => {
  await bs?.stop();
});

it('shows the campaign in Georgian at 360 px', async () => {
  await page.goto(`${bs.stack.app}/?lang=ka#/p/${SLUG}`);
  const heading = page.getByRole('heading', { name: ka.form.heading.letter });
  await heading.waitFor();
  expect(await page.locator('html').getAttribute('lang')).toBe('ka');
  expect(ka.form.heading.letter).toMatch(GEORGIAN);
  expect(ka.form.submit.letter).toMatch(GEORGIAN);
  await page.getByRole('button', { name: ka.form.submit.letter }).waitFor();
  await expect(page.locator('.tally-number').textContent()).resolves.toBe('0');
  // Georgian words are long: nothing may push the page wider than the phone, and axe stays clean.
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  expect(await axeViolations(page)).toEqual([]);
});

it('signs with a Georgian name, confirms from the mailbox, and the counter moves from 0 to 1', async () => {
  const email = `nino-${Date.now()}@example.org`;
  await page.getByLabel(ka.form.name).fill(NAME);
  await page.getByLabel(ka.form.email).fill(email);
  await page.getByRole('combobox', { name: ka.form.country }).selectOption('GE');
  await page.getByRole('button', { name: ka.form.submit.letter }).click();
  // The proof of work finishes, the signature is received, and the page asks for the email link.
  await page.getByRole('heading', { name: ka.checkEmail.title }).waitFor({ timeout: 60_000 });
  expect(await axeViolations(page)).toEqual([]);

  const mail = await waitForMail(bs.stack.mailbox, { to: email, timeoutMs: 15_000 });
  // The page asked in Georgian (Accept-Language), so the mail is in Georgian.
  expect(mail.subject).toMatch(GEORGIAN);
  const link = linksIn(mail).confirm;
  expect(link?.slug).toBe(SLUG);
  expect(await apiCount(bs.stack.app, SLUG)).toBe(0);

  // The reader opens the mailed link. Its page is in the language of the link or of the browser (this
  // one's is English): which one is not this test's concern. It shows what was sent with this link,
  // and confirms nothing until the button is pressed: a mail scanner that opens the link and runs its
  // scripts, as this browser does, confirms nothing.
  await page.goto(link!.url);
  await page.getByRole('heading', { name: new RegExp(`^(${ka.confirm.reviewTitle}|${en.confirm.reviewTitle})$`) }).waitFor();
  await page.locator('.submission-details dd', { hasText: NAME }).waitFor();
  await page.waitForTimeout(1500);
  await page.reload();
  await page.getByRole('heading', { name: new RegExp(`^(${ka.confirm.reviewTitle}|${en.confirm.reviewTitle})$`) }).waitFor();
  expect(await apiCount(bs.stack.app, SLUG)).toBe(0);
  const still = await fetch(`${bs.stack.app}/api/campaigns/${SLUG}/signatures/${link!.id}/preview`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: link!.token }),
  });
  expect(await still.json()).toMatchObject({ status: 'pending', name: NAME });
  expect(await axeViolations(page)).toEqual([]);
  await page.getByRole('button', { name: new RegExp(`^(${ka.confirm.button}|${en.confirm.button})$`) }).click();
  await page.getByRole('heading', { name: new RegExp(`^(${ka.confirm.doneTitle}|${en.confirm.doneTitle})$`) }).waitFor();

  await page.goto(`${bs.stack.app}/?lang=ka#/p/${SLUG}`);
  await page.getByRole('heading', { name: ka.form.heading.letter }).waitFor();
  await page.locator('.tally-number', { hasText: /^1$/ }).waitFor({ timeout: 20_000 });
  expect(await apiCount(bs.stack.app, SLUG)).toBe(1);
  // The page says when the count last changed (its `asOf`: today, so the time alone), in Georgian at
  // phone width and in English on a desktop, without widening the phone's page.
  const updatedKa = page.locator('.tally-updated');
  await updatedKa.waitFor({ state: 'visible' });
  expect(await updatedKa.textContent()).toMatch(/^განახლდა: \d{1,2}:\d{2}/);
  expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  const desktop = await bs.newPage(DESKTOP);
  await desktop.goto(`${bs.stack.app}/?lang=en#/p/${SLUG}`);
  await desktop.locator('.tally-updated').waitFor({ state: 'visible' });
  expect(await desktop.locator('.tally-updated').textContent()).toMatch(/^Updated \d{1,2}:\d{2}/);
  expect(bs.pageErrors).toEqual([]);
});

it('asks a reader to read the text again when the organisers changed it while they read, and takes nothing until they have', async () => {
  const slug = 'save-the-riverside-park';
  const newText = 'A new text: cancel the lease today, and publish the contract.';
  const reader = await bs.newPage(DESKTOP);
  await reader.goto(`${bs.stack.app}/?lang=en#/p/${slug}`);
  await reader.getByRole('button', { name: en.form.submit.petition }).waitFor();
  // While the reader reads, an organiser saves a new text.
  const organiser = await bs.newPage(DESKTOP);
  await signInOrganiser(bs, organiser);
  const edited = await organiser.evaluate(async ([path, text]) => {
    const res = await fetch(path!, { method: 'PATCH', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ text }) });
    return { status: res.status, version: ((await res.json()) as { version?: number }).version };
  }, [`/api/org/campaigns/${slug}`, newText]);
  expect(edited).toEqual({ status: 200, version: 2 });

  const mailsBefore = await mailCount(bs.stack.mailbox);
  const fill = async () => {
    await reader.getByLabel(en.form.name).fill('Mira Stone');
    await reader.getByLabel(en.form.email).fill(`mira-${Date.now()}@example.org`);
    await reader.getByRole('button', { name: en.form.submit.petition }).click();
  };
  await fill();
  await reader.getByText(en.signErrors.textChanged).waitFor({ timeout: 60_000 });
  expect(await reader.getByText(newText).count()).toBe(0);
  await reader.getByRole('button', { name: en.signErrors.showNewText }).click();
  await reader.getByText(newText).waitFor();
  // The refused request stored nothing, so nothing was mailed.
  await reader.waitForTimeout(1500);
  expect(await mailCount(bs.stack.mailbox)).toBe(mailsBefore);
  // Having read the new text, the reader signs it.
  await fill();
  await reader.getByRole('heading', { name: en.checkEmail.title }).waitFor({ timeout: 60_000 });
  expect(bs.pageErrors).toEqual([]);
});

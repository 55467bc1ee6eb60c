/**
 * The embeddable widget on another site: a page of a partner organisation, served from another
 * loopback port (another origin), includes the snippet; a reader signs through the iframe in
 * Ukrainian, confirms from the mailbox, and the widget's counter moves. The signature records where
 * it came from (the partner's site and the campaign tag) for the organiser's dashboard.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import en from '../../web/src/app/i18n/en.ts';
import uk from '../../web/src/app/i18n/uk.ts';
import { linksIn, waitForMail } from '../support/mailbox.ts';
import { DESKTOP, PHONE, apiCount, axeViolations, signInOrganiser, startBrowserStack, type BrowserStack } from './support.ts';

const SLUG = 'save-the-riverside-park';
const TAG = 'spring-mailing';

let bs: BrowserStack;
let partner: Server;
let partnerOrigin: string;
let page: Page;
let widget: FrameLocator;

beforeAll(async () => {
  bs = await startBrowserStack();
  // The partner's own page: their text, and the snippet as our docs tell them to paste it.
  const html = `<!doctype html>
<html lang="uk"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Партнерська організація</title></head>
<body><main><h1>Збережімо парк</h1><p>Підпишіть петицію нижче.</p>
<script src="${bs.stack.app}/widget.js" data-campaign="${SLUG}" data-lang="uk" data-tag="${TAG}" async></script>
</main></body></html>`;
  partner = createServer((request, response) => {
    if (request.url !== '/') return void response.writeHead(404).end();
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
  });
  await new Promise<void>((resolve) => partner.listen(0, '127.0.0.1', resolve));
  partnerOrigin = `http://127.0.0.1:${(partner.address() as AddressInfo).port}`;
  page = await bs.newPage(PHONE);
});

afterAll(async () => {
  await new Promise((resolve) => partner?.close(resolve));
  await bs?.stop();
});

it('shows the campaign form and counter in the reader’s language inside the partner’s page', async () => {
  await page.goto(`${partnerOrigin}/`);
  const frame = page.locator(`iframe[src^="${bs.stack.app}/embed.html"]`);
  await frame.waitFor();
  widget = page.frameLocator(`iframe[src^="${bs.stack.app}/embed.html"]`);
  await widget.getByRole('button', { name: uk.form.submit.petition }).waitFor();
  expect(await widget.locator('html').getAttribute('lang')).toBe('uk');
  await expect(widget.locator('.tally-number').textContent()).resolves.toBe('0');
  // The frame is as tall as its content: nothing scrolls inside the box.
  const inner = await widget.locator('html').evaluate((html) => html.scrollHeight);
  const box = await frame.boundingBox();
  expect(box!.height).toBeGreaterThanOrEqual(inner - 1);
  // The embedded form is as accessible as our own page.
  const embed = page.frames().find((f) => f.url().startsWith(`${bs.stack.app}/embed.html`))!;
  expect(await axeViolations(embed)).toEqual([]);
});

it('signs through the iframe; after the mailed confirmation the widget’s counter moves', async () => {
  const email = `oksana-${Date.now()}@example.org`;
  await widget.getByLabel(uk.form.name).fill('Оксана Коваленко');
  await widget.getByLabel(uk.form.email).fill(email);
  await widget.getByRole('button', { name: uk.form.submit.petition }).click();
  await widget.getByRole('heading', { name: uk.checkEmail.title }).waitFor({ timeout: 60_000 });

  const link = linksIn(await waitForMail(bs.stack.mailbox, { to: email, timeoutMs: 15_000 })).confirm;
  expect(link?.slug).toBe(SLUG);
  // The reader opens the link from their mail, in a tab of our site.
  const tab = await bs.newPage(PHONE);
  await tab.goto(link!.url);
  // In the link's or the browser's language (this browser's is English); it acts only when pressed.
  await tab.getByRole('button', { name: new RegExp(`^(${uk.confirm.button}|${en.confirm.button})$`) }).click();
  await tab.getByRole('heading', { name: new RegExp(`^(${uk.confirm.doneTitle}|${en.confirm.doneTitle})$`) }).waitFor();

  await widget.locator('.tally-number', { hasText: /^1$/ }).waitFor({ timeout: 20_000 });
  expect(await apiCount(bs.stack.app, SLUG)).toBe(1);
});

it('records the partner’s site and the tag as the signature’s source on the dashboard', async () => {
  const organiser = await bs.newPage(DESKTOP);
  await signInOrganiser(bs, organiser);
  const dashboard = await organiser.evaluate(async (slug) => {
    const response = await fetch(`/api/org/campaigns/${slug}/dashboard`);
    return JSON.stringify(await response.json());
  }, SLUG);
  // The partner's host name (no port) and the tag, with the one signature.
  const sources = (JSON.parse(dashboard) as { sources: Record<string, number> }).sources;
  const [key, count] = Object.entries(sources).find(([k]) => k.includes(TAG)) ?? [];
  expect(key).toContain(new URL(partnerOrigin).hostname);
  expect(count).toBe(1);
  expect(bs.pageErrors).toEqual([]);
});

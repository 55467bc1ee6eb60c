/**
 * Finding campaigns (issue #17, item 6) in a real browser at 360 and 1280 px: a Georgian query typed
 * into the search box (debounced: one request for the words, not one per key) finds a Georgian
 * campaign and is announced; filtering by kind; the back button restoring the list before; the archive
 * showing a delivered campaign's outcome; an organisation's page reached from a card and from a
 * campaign's "more from" link. Nothing scrolls sideways, axe finds nothing, no page error.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../../web/src/app/i18n/en.ts';
import { DESKTOP, PHONE, axeViolations, horizontalOverflow, signInOrganiser, startBrowserStack, type BrowserStack } from './support.ts';

const GEORGIAN = { slug: 'free-the-journalists-ka', title: 'გაათავისუფლეთ ჟურნალისტები' };
const DELIVERED = { slug: 'old-school-petition', title: 'Keep the old school open' };
const ORG_NAME = 'Demo Coalition (fictional)';

let bs: BrowserStack;
let token: string;

async function api(method: string, path: string, body?: unknown): Promise<{ status: number; json: any }> {
  const response = await fetch(`${bs.stack.app}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), authorization: `Bearer ${token}` },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, json: text ? JSON.parse(text) : undefined };
}

beforeAll(async () => {
  bs = await startBrowserStack();
  const organiser = await bs.newPage(DESKTOP);
  await signInOrganiser(bs, organiser);
  token = await organiser.evaluate(async () => {
    const response = await fetch('/api/org/tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'find test', role: 'editor' }) });
    return ((await response.json()) as { token: string }).token;
  });
  const base = { targets: [{ name: 'The Minister' }], goal: 500, text: 'Text.', status: 'open', signerFields: { country: 'optional', comment: 'off' } };
  expect((await api('POST', '/api/org/campaigns', { ...base, slug: GEORGIAN.slug, title: GEORGIAN.title, kind: 'letter', language: 'ka' })).status).toBe(201);
  expect((await api('POST', '/api/org/campaigns', { ...base, slug: DELIVERED.slug, title: DELIVERED.title, kind: 'petition' })).status).toBe(201);
  expect((await api('POST', `/api/org/campaigns/${DELIVERED.slug}/status`, { status: 'closed' })).status).toBe(200);
  const delivered = await api('POST', `/api/org/campaigns/${DELIVERED.slug}/delivery`, { deliveredOn: '2026-11-30', to: 'the Ministry of Education', method: 'in-person' });
  expect(delivered.status, JSON.stringify(delivered.json)).toBe(200);
});

afterAll(async () => {
  await bs?.stop();
});

const titles = (page: Page) => page.locator('.card-title a').allTextContents();

async function settled(page: Page): Promise<void> {
  await page.waitForFunction(() => !document.querySelector('#main[aria-busy="true"]') && !document.querySelector('#main .loading'));
}

async function noProblems(page: Page, where: string): Promise<void> {
  // SHOTS_DIR=/tmp/shots-find: a full-page screenshot of each view checked, to look at.
  if (process.env.SHOTS_DIR) await page.screenshot({ path: `${process.env.SHOTS_DIR}/${where.replace(/\W+/g, '-')}.png`, fullPage: true });
  expect(await horizontalOverflow(page), `${where}: scrolls sideways`).toBe(0);
  expect(await axeViolations(page), where).toEqual([]);
}

describe.each([
  ['phone', PHONE],
  ['desktop', DESKTOP],
])('finding campaigns on a %s', (label, viewport) => {
  it('a Georgian search, a kind filter, the back button, the archive and an organisation’s page', async () => {
    const page = await bs.newPage(viewport);
    const searches: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.pathname === '/api/campaigns' && url.searchParams.has('q')) searches.push(url.search);
    });
    await page.goto(`${bs.stack.app}/#/`);
    await page.locator('.card').first().waitFor();
    await settled(page);
    expect((await titles(page)).length).toBe(3);
    await noProblems(page, `${label}: list`);

    // Typed key by key, as a person types: the search waits for a pause, then asks once.
    await page.getByLabel(en.find.searchLabel).pressSequentially('ჟურნალისტ', { delay: 40 });
    await page.waitForFunction(() => document.querySelectorAll('.card').length === 1);
    await settled(page);
    expect(await titles(page)).toEqual([GEORGIAN.title]);
    expect(searches.length, searches.join(' ')).toBe(1);
    expect(decodeURIComponent(new URL(page.url()).hash)).toBe('#/?q=ჟურნალისტ');
    await expect.poll(() => page.locator('.find-status').textContent()).toBe('1 campaign shown.');
    expect(await page.locator('.find-status').getAttribute('aria-live')).toBe('polite');

    // A search that finds nothing says so.
    await page.getByLabel(en.find.searchLabel).fill('ზზზზ');
    await expect.poll(() => page.locator('.list-body .notice').textContent()).toBe(en.find.noResults);

    // Cleared, then filtered by kind.
    await page.getByLabel(en.find.searchLabel).fill('');
    await page.waitForFunction(() => document.querySelectorAll('.card').length === 3);
    await page.getByLabel(en.find.kindLabel).selectOption('letter');
    await page.waitForFunction(() => document.querySelectorAll('.card').length === 2);
    expect((await titles(page)).sort()).toEqual([GEORGIAN.title, 'Release Nadia Karimova and Levan Abashidze'].sort());
    expect(new URL(page.url()).hash).toBe('#/?kind=letter');

    // Back: the list before the filter, its select showing so.
    await page.goBack();
    await page.waitForFunction(() => document.querySelectorAll('.card').length === 3);
    expect(await page.getByLabel(en.find.kindLabel).inputValue()).toBe('');

    // The archive: the delivered campaign with its outcome; the open ones are not there.
    await page.getByRole('link', { name: en.find.shelfArchive }).click();
    await page.locator('.card-outcome').first().waitFor();
    await settled(page);
    expect(await titles(page)).toEqual([DELIVERED.title]);
    expect(await page.locator('.card-outcome').textContent()).toMatch(/^Delivered to the Ministry of Education on .*30.*2026\.$/);
    expect(await page.locator('.find-tab[aria-current="page"]').textContent()).toBe(en.find.shelfArchive);
    await noProblems(page, `${label}: archive`);

    // Its page stays reachable, and leads to the organisation's other campaigns.
    await page.getByRole('link', { name: DELIVERED.title }).click();
    await page.getByRole('heading', { level: 1, name: DELIVERED.title }).waitFor();
    await page.getByRole('link', { name: `More from ${ORG_NAME}` }).click();
    await page.getByRole('heading', { level: 1, name: ORG_NAME }).waitFor();
    await settled(page);
    expect(new URL(page.url()).hash).toBe('#/o/demo');
    expect(await page.locator('.organisation-open .card-title a').count()).toBe(3);
    expect(await page.locator('.organisation-archive .card-title a').allTextContents()).toEqual([DELIVERED.title]);
    await noProblems(page, `${label}: organisation page`);

    // And from a card of the list.
    await page.goto(`${bs.stack.app}/#/?q=${encodeURIComponent('ნადია')}`);
    await page.goto(`${bs.stack.app}/#/?kind=petition`);
    await page.waitForFunction(() => document.querySelectorAll('.card').length === 1);
    await page.locator('.card-org a').first().click();
    await page.getByRole('heading', { level: 1, name: ORG_NAME }).waitFor();
    expect(bs.pageErrors).toEqual([]);
  });
});

describe('a long list', () => {
  it('"Show more" adds the next page by cursor, announces it and moves focus to the first new campaign', async () => {
    const base = { targets: [{ name: 'The Mayor' }], goal: 100, text: 'Text.', status: 'open', kind: 'petition', signerFields: { country: 'optional', comment: 'off' } };
    for (let i = 0; i < 18; i++) {
      expect((await api('POST', '/api/org/campaigns', { ...base, slug: `more-petition-${i}`, title: `Another petition ${i}` })).status).toBe(201);
    }
    const page = await bs.newPage(PHONE);
    await page.goto(`${bs.stack.app}/#/`);
    await page.waitForFunction(() => document.querySelectorAll('.card').length === 20);
    await settled(page);
    await expect.poll(() => page.locator('.find-status').textContent()).toBe('20 campaigns shown. There are more.');
    await page.getByRole('button', { name: en.find.loadMore }).click();
    await page.waitForFunction(() => document.querySelectorAll('.card').length === 21);
    await expect.poll(() => page.locator('.find-status').textContent()).toBe('21 campaigns shown.');
    expect(await page.getByRole('button', { name: en.find.loadMore }).isHidden()).toBe(true);
    const all = await titles(page);
    expect(new Set(all).size).toBe(21);
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe(all[20]);
    expect(bs.pageErrors).toEqual([]);
  });
});

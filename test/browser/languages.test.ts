/**
 * Languages in Debian's Chromium, whose ICU data lacks Georgian, Armenian, Azerbaijani and Kazakh:
 * its own Intl names countries in English there and writes "5,000". The page ships country names and
 * number symbols, date patterns and month names generated from Node's full ICU, so the Georgian page
 * says საქართველო, groups a count as Georgian does and writes its deadline "15 მარტი, 2030" (where
 * Chromium's own Intl says "March 15, 2030"). An organiser writes a campaign in Georgian in the Georgian editor: the
 * original language defaults to Georgian, the web address is suggested from the Georgian title, and a
 * Russian reader is told it is translated from Georgian.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { DESKTOP, signInOrganiser, startBrowserStack, type BrowserStack } from './support.ts';

const TITLE = 'თავისუფლება ჟურნალისტებს';
const SLUG = 'tavisupleba-zhurnalistebs';
const GOAL = 12345;
/** Signing closes at the end of this day where the organiser is (this browser's zone). */
const DEADLINE = '2030-03-15';

let bs: BrowserStack;
let page: Page;

beforeAll(async () => {
  bs = await startBrowserStack();
  page = await bs.newPage(DESKTOP);
});

afterAll(async () => {
  await bs?.stop();
});

it('writes a campaign in Georgian: the editor defaults to Georgian and suggests a web address from the title', async () => {
  await signInOrganiser(bs, page);
  await page.goto(`${bs.stack.app}/?lang=ka#/org/new`);
  await page.locator('#campaign-title').waitFor();
  expect(await page.locator('#campaign-language').inputValue()).toBe('ka');
  await page.locator('#campaign-title').pressSequentially(TITLE);
  expect(await page.locator('#campaign-slug').inputValue()).toBe(SLUG);
  await page.locator('#campaign-text').fill('ბატონო პრეზიდენტო, გაათავისუფლეთ ჟურნალისტები.');
  await page.locator('.target-row input').first().fill('საქართველოს პრეზიდენტი');
  await page.locator('#campaign-goal').fill(String(GOAL));
  await page.locator('#campaign-deadline').fill(DEADLINE);
  await page.locator('form.campaign-form button[type=submit]').click();
  await page.waitForURL(new RegExp(`#/org/c/${SLUG}$`));

  // Opened, and translated into Russian, through the API as the organiser's page does.
  const answers = await page.evaluate(async (slug) => {
    const send = (method: string, path: string, body: unknown) =>
      fetch(path, { method, body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }).then((r) => r.status);
    return [
      await send('PUT', `/api/org/campaigns/${slug}/translations/ru`, { title: 'Свободу журналистам', text: 'Господин президент, освободите журналистов.' }),
      await send('POST', `/api/org/campaigns/${slug}/status`, { status: 'open' }),
    ];
  }, SLUG);
  expect(answers).toEqual([200, 200]);
  const stored = (await (await fetch(`${bs.stack.app}/api/campaigns/${SLUG}?lang=ru`)).json()) as Record<string, unknown>;
  expect(stored).toMatchObject({ language: 'ru', originalLanguage: 'ka' });
});

it('shows the Georgian page’s country names in Georgian, its numbers grouped as Georgian groups them and its deadline in Georgian, whatever the browser’s Intl says', async () => {
  const reader = await bs.newPage(DESKTOP);
  await reader.goto(`${bs.stack.app}/?lang=ka#/p/${SLUG}`);
  await reader.locator('.tally-goal').waitFor();
  // What this browser's own Intl says (English in Debian's Chromium): the page must not depend on it.
  const browserSays = await reader.evaluate(() => ({
    country: new Intl.DisplayNames(['ka'], { type: 'region' }).of('GE'),
    number: new Intl.NumberFormat('ka').format(12345),
    date: new Intl.DateTimeFormat('ka', { dateStyle: 'long', timeZone: 'UTC' }).format(Date.UTC(2030, 2, 15)),
  }));
  console.log(`this Chromium's own Intl for ka: ${JSON.stringify(browserSays)}`);

  const georgian = new Intl.NumberFormat('ka');
  expect(georgian.format(GOAL)).toBe('12\u00a0345');
  expect(await reader.locator('.tally-goal').textContent()).toContain(georgian.format(GOAL));
  expect(await reader.locator('.tally-goal').textContent()).not.toContain('12,345');
  // The deadline as Node's full ICU writes it in Georgian: the end of that day in the reader's zone,
  // the organiser's too here.
  const deadline = new Intl.DateTimeFormat('ka', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(Date.UTC(2030, 2, 15, 23, 59));
  expect(deadline).toBe('15 მარტი, 2030, 23:59');
  const deadlineLine = await reader.locator('.deadline').textContent();
  expect(deadlineLine).toContain(deadline);
  expect(deadlineLine).not.toMatch(/March|M03/);
  const country = reader.locator('select[autocomplete=country]');
  await country.waitFor();
  expect(await country.locator('option[value=GE]').textContent()).toBe('საქართველო');
  expect(await country.locator('option[value=DE]').textContent()).toBe('გერმანია');
  // Sorted as Georgian sorts by Georgian names: ავსტრია (Austria) before ავღანეთი (Afghanistan), unlike English.
  const codes = await country.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
  expect(codes.indexOf('AT')).toBeLessThan(codes.indexOf('AF'));
  await reader.close();
});

it('tells a Russian reader the campaign is translated from Georgian', async () => {
  const reader = await bs.newPage(DESKTOP);
  await reader.goto(`${bs.stack.app}/?lang=ru#/p/${SLUG}`);
  await reader.locator('.campaign-languages .hint').first().waitFor();
  expect(await reader.locator('.campaign-languages .hint').first().textContent()).toBe('Перевод с языка «ქართული». Подписи ставятся под оригиналом.');
  await reader.close();
  expect(bs.pageErrors).toEqual([]);
});

/**
 * Sharing (issue #17, item 3) at 360 and 1280 px: the share block on a demo campaign in English and
 * Georgian (each link's address carries the campaign's address and its title, percent-encoded), copy
 * link (read back from the clipboard), the poster's QR code downloaded as SVG (parsed, and holding the
 * very code uqr makes of the campaign's address) and PNG (its signature), and the prompt to ask others
 * after signing (the page's own proof of work) and after confirming from the mailed link. Throughout,
 * every request the page makes stays on our origin, nothing scrolls sideways, and axe finds nothing.
 */
import { readFile } from 'node:fs/promises';
import type { Download, Page } from 'playwright-core';
import { encode } from 'uqr';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../../web/src/app/i18n/en.ts';
import ka from '../../web/src/app/i18n/ka.ts';
import { campaignUrl } from '../../web/src/app/routes.ts';
import { shareLinks } from '../../web/src/sharing/share-rules.ts';
import { DESKTOP, PHONE, axeViolations, horizontalOverflow, mailLink, startBrowserStack, type BrowserStack } from './support.ts';

const SLUG = 'free-nadia-and-levan';
const SHOTS = process.env.SHOTS_DIR ?? '/tmp/shots-share';
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

let bs: BrowserStack;
/** Every address any page asked for that is not on our origin (blob: downloads count as their origin). */
const offOrigin: string[] = [];

beforeAll(async () => {
  bs = await startBrowserStack();
});

afterAll(async () => {
  await bs?.stop();
});

async function openPage(viewport: { width: number; height: number }): Promise<Page> {
  const page = await bs.newPage(viewport, { acceptDownloads: true });
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: bs.stack.app });
  const ours = new URL(bs.stack.app).origin;
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:')) return offOrigin.push(`${page.url()}: data: URL`);
    if (new URL(url).origin !== ours) offOrigin.push(`${page.url()}: ${url}`);
  });
  return page;
}

async function campaignTitle(language: string): Promise<string> {
  const res = await fetch(`${bs.stack.app}/api/campaigns/${SLUG}?lang=${language}`);
  return ((await res.json()) as { title: string }).title;
}

async function saved(download: Download): Promise<Buffer> {
  const path = await download.path();
  return readFile(path!);
}

/** The SVG path of a uqr code, drawn as web/src/sharing/qr.ts draws it. */
function expectedQrPath(url: string): string {
  let d = '';
  encode(url, { ecc: 'M', border: 4 }).data.forEach((row, y) => row.forEach((dark, x) => (d += dark ? `M${x} ${y}h1v1h-1z` : '')));
  return d;
}

describe.each([
  ['phone', PHONE],
  ['desktop', DESKTOP],
] as const)('at %s width', (name, viewport) => {
  let page: Page;
  const url = () => campaignUrl(bs.stack.app, SLUG);

  beforeAll(async () => {
    page = await openPage(viewport);
  });

  it.each([
    ['en', en],
    ['ka', ka],
  ] as const)('shows the share links in %s, each to the service with the campaign’s address and title', async (language, catalog) => {
    await page.goto(`${bs.stack.app}/?lang=${language}#/p/${SLUG}`);
    const block = page.locator('section.share').filter({ has: page.getByRole('heading', { name: catalog.share.title }) });
    await block.waitFor();
    const title = await campaignTitle(language);
    const links = await block.locator('a.share-link').evaluateAll((as) =>
      as.map((a) => ({ service: a.getAttribute('data-service'), href: a.getAttribute('href'), target: a.getAttribute('target'), rel: a.getAttribute('rel') })),
    );
    const expected = shareLinks(url(), title, catalog.share);
    expect(links.map((l) => [l.service, l.href])).toEqual(expected.map((l) => [l.service, l.href]));
    for (const link of links) {
      const href = new URL(link.href!);
      if (link.service === 'email') {
        expect(href.protocol).toBe('mailto:');
        expect(decodeURIComponent(link.href!)).toContain(url());
        continue;
      }
      expect(link).toMatchObject({ target: '_blank', rel: 'noopener noreferrer' });
      const address = href.searchParams.get('url') ?? href.searchParams.get('u') ?? href.searchParams.get('text');
      expect(address).toContain(url());
      expect(decodeURIComponent(link.href!)).toContain(link.service === 'facebook' ? url() : title);
    }
    if (language === 'ka') expect(links.find((l) => l.service === 'vk')!.href).toContain(`title=${encodeURIComponent(title)}`);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
  });

  it('copies the campaign’s address and says so', async () => {
    const block = page.locator('section.share').first();
    await block.getByRole('button', { name: ka.share.copy }).click();
    await block.getByRole('status').filter({ hasText: ka.share.copied }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url());
    expect(await block.getByLabel(ka.share.linkLabel).inputValue()).toBe(url());
  });

  it('makes the poster’s QR code on request and downloads it as SVG and PNG', async () => {
    const block = page.locator('section.share').first();
    // Not made before it is asked for.
    expect(await page.locator('svg.share-qr-image').count()).toBe(0);
    const toggle = block.getByRole('button', { name: ka.share.qr });
    await toggle.click();
    const image = block.locator('svg.share-qr-image');
    await image.waitFor();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await image.locator('path').getAttribute('d')).toBe(expectedQrPath(url()));

    const [svgDownload] = await Promise.all([page.waitForEvent('download'), block.getByRole('link', { name: ka.share.downloadSvg }).click()]);
    expect(svgDownload.suggestedFilename()).toBe(`qr-${SLUG}.svg`);
    const svg = (await saved(svgDownload)).toString('utf8');
    const parsed = await page.evaluate((text) => {
      const doc = new DOMParser().parseFromString(text, 'image/svg+xml');
      if (doc.querySelector('parsererror')) return null;
      return { root: doc.documentElement.localName, ns: doc.documentElement.namespaceURI, d: doc.querySelector('path')?.getAttribute('d') };
    }, svg);
    expect(parsed).toEqual({ root: 'svg', ns: 'http://www.w3.org/2000/svg', d: expectedQrPath(url()) });
    expect(svg).not.toMatch(/style=/);

    const [pngDownload] = await Promise.all([page.waitForEvent('download'), block.getByRole('link', { name: ka.share.downloadPng }).click()]);
    expect(pngDownload.suggestedFilename()).toBe(`qr-${SLUG}.png`);
    const png = await saved(pngDownload);
    expect([...png.subarray(0, 8)]).toEqual(PNG_SIGNATURE);
    expect(png.length).toBeGreaterThan(500);

    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    await block.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/share-${name}.png`, fullPage: true });
  });

  it('asks others to sign after signing, then after confirming, naming only the campaign', async () => {
    const email = `share-${name}-${Date.now()}@example.org`;
    const signer = 'ნინო ბერიძე';
    await page.goto(`${bs.stack.app}/?lang=ka#/p/${SLUG}`);
    await page.getByLabel(ka.form.name).fill(signer);
    await page.getByLabel(ka.form.email).fill(email);
    await page.getByRole('combobox', { name: ka.form.country }).selectOption('GE');
    await page.getByRole('button', { name: ka.form.submit.letter }).click();
    await page.getByRole('heading', { name: ka.checkEmail.title }).waitFor({ timeout: 60_000 });
    const prompt = page.locator('.check-email section.share-prompt');
    await prompt.getByRole('heading', { name: ka.share.promptTitle, level: 3 }).waitFor();
    const promptHtml = await prompt.innerHTML();
    for (const secret of [email, encodeURIComponent(email), signer, encodeURIComponent(signer)]) expect(promptHtml).not.toContain(secret);
    expect(promptHtml).toContain(encodeURIComponent(url()));
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    await prompt.scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/share-signed-${name}.png` });

    const link = await mailLink(bs.stack.mailbox, email, /http\S+#\/p\/\S+\/confirm\/\S+/);
    const [, id, token] = /\/confirm\/([^/\s]+)\/([^/\s?]+)/.exec(link)!;
    await page.goto(link);
    await page.getByRole('button', { name: new RegExp(`^(${ka.confirm.button}|${en.confirm.button})$`) }).click();
    await page.getByRole('heading', { name: new RegExp(`^(${ka.confirm.doneTitle}|${en.confirm.doneTitle})$`) }).waitFor();
    const confirmed = page.locator('section.share-prompt');
    await confirmed.getByRole('heading', { name: new RegExp(`^(${ka.share.promptTitle}|${en.share.promptTitle})$`), level: 2 }).waitFor();
    const confirmedHtml = await confirmed.innerHTML();
    // The confirm page's own address holds the link's token: the share block must not pass it on.
    for (const secret of [id!, token!, email, encodeURIComponent(email), signer, encodeURIComponent(signer)]) expect(confirmedHtml).not.toContain(secret);
    expect(await confirmed.getByRole('textbox').inputValue()).toBe(url());
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/share-confirmed-${name}.png`, fullPage: true });
  });
});

it('made no request off our origin and no page error', () => {
  expect(offOrigin).toEqual([]);
  expect(bs.pageErrors).toEqual([]);
});

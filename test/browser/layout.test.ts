/**
 * A page that converts (issue #17, item 5), in Chromium on the local stack with demo data:
 * - at 1280×800 the Sign button is on the first screen (its box inside the viewport) and stays in view
 *   while the text scrolls; no sticky button there;
 * - at 360×800 a sticky Sign button shows while the form is below, moves to the form and focuses its
 *   first field (by keyboard, and at once with reduced motion), hides once the form is on screen and
 *   over the footer;
 * - layout shift (PerformanceObserver 'layout-shift', as Lighthouse counts it) ≤ 0.05 on the list and
 *   the campaign page at both widths, also with an image;
 * - an organiser uploads a campaign image in the editor: without alt text a field error and nothing
 *   uploaded; with it, the public page shows the image with its alt, width and height, and the file
 *   it loads carries no EXIF/XMP/IPTC.
 */
import type { BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../../web/src/app/i18n/en.ts';
import { jpegWithMetadata, METADATA_MARKERS } from '../support/images.ts';
import { PHONE, axeViolations, signInOrganiser, startBrowserStack, type BrowserStack } from './support.ts';

const SLUG = 'free-nadia-and-levan';
const SHOTS = process.env.SHOTS_DIR ?? '/tmp/shots-layout';
const LAPTOP = { width: 1280, height: 800 };

let bs: BrowserStack;

beforeAll(async () => {
  bs = await startBrowserStack();
});

afterAll(async () => {
  await bs?.stop();
});

/** Sums layout shifts as Lighthouse does (those without recent input), from the first paint on. */
const CLS_OBSERVER = `
  window.__cls = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__cls += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
`;

async function openPage(viewport: { width: number; height: number }, options: BrowserContextOptions = {}): Promise<Page> {
  const context = await bs.browser.newContext({ viewport, ...options });
  const page = await context.newPage();
  page.on('pageerror', (error) => bs.pageErrors.push(`${page.url()}: ${error.message}`));
  await page.addInitScript(CLS_OBSERVER);
  return page;
}

const inViewport = async (page: Page, selector: string) => {
  const box = (await page.locator(selector).boundingBox())!;
  const { height } = page.viewportSize()!;
  return box.y >= 0 && box.y + box.height <= height;
};

async function openCampaign(page: Page, slug = SLUG): Promise<void> {
  await page.goto(`${bs.stack.app}/#/p/${slug}`);
  await page.locator('form.sign-form button[type="submit"]').waitFor();
}

describe('wide screens: the form beside the text', () => {
  it('shows Sign on the first screen at 1280×800, keeps it in view while the text scrolls, and has no sticky button', async () => {
    const page = await openPage(LAPTOP);
    await openCampaign(page);
    expect(await inViewport(page, 'form.sign-form button[type="submit"]')).toBe(true);
    expect(await page.locator('.sign-bar').isVisible()).toBe(false);
    // The text and the form stand side by side.
    const text = (await page.locator('.petition-text').boundingBox())!;
    const form = (await page.locator('section.sign').boundingBox())!;
    expect(form.x).toBeGreaterThan(text.x + text.width - 1);
    await page.screenshot({ path: `${SHOTS}/campaign-1280.png` });
    await page.mouse.wheel(0, 1500);
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => scrollY)).toBeGreaterThan(500);
    expect(await inViewport(page, 'form.sign-form button[type="submit"]')).toBe(true);
    expect(await axeViolations(page)).toEqual([]);
    await page.context().close();
  });

  it('shows Sign on the first screen at 1280×800 in Georgian and Armenian too, whose labels and hints run longer', async () => {
    for (const locale of ['ka-GE', 'hy-AM']) {
      const page = await openPage(LAPTOP, { locale });
      await openCampaign(page);
      expect(await page.evaluate(() => document.documentElement.lang)).toBe(locale.slice(0, 2));
      expect(await inViewport(page, 'form.sign-form button[type="submit"]'), locale).toBe(true);
      await page.screenshot({ path: `${SHOTS}/campaign-1280-${locale}.png` });
      await page.context().close();
    }
  });
});

describe('phones: the sticky Sign button', () => {
  it('shows while the form is below, takes keyboard users to the form and focuses its first field, then hides', async () => {
    const page = await openPage(PHONE);
    await openCampaign(page);
    const bar = page.locator('.sign-bar');
    await bar.waitFor({ state: 'visible' });
    const button = bar.getByRole('button', { name: en.form.heading.letter });
    await page.screenshot({ path: `${SHOTS}/campaign-360.png` });
    // Never over the form: the form starts below the screen while the bar shows.
    expect((await page.locator('section.sign').boundingBox())!.y).toBeGreaterThan(PHONE.height);
    await button.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => document.activeElement?.id)).toBe('sign-name');
    await expect.poll(() => inViewport(page, '#sign-name')).toBe(true);
    await bar.waitFor({ state: 'hidden' });
    // Hidden with the attribute: out of the tab order and the accessibility tree.
    expect(await bar.getAttribute('hidden')).not.toBeNull();
    await page.context().close();
  });

  it('moves at once when reduced motion is asked for, and never covers the footer', async () => {
    const page = await openPage(PHONE, { reducedMotion: 'reduce' });
    await openCampaign(page);
    const bar = page.locator('.sign-bar');
    await bar.waitFor({ state: 'visible' });
    expect(await bar.evaluate((el) => getComputedStyle(el).animationName)).toBe('none');
    await bar.getByRole('button').click();
    // No smooth scrolling: the form is there in the same task.
    expect(await page.evaluate(() => document.querySelector('section.sign')!.getBoundingClientRect().top < innerHeight)).toBe(true);
    await bar.waitFor({ state: 'hidden' });
    await page.evaluate(() => scrollTo(0, document.body.scrollHeight));
    await page.waitForTimeout(300);
    expect(await page.locator('.site-footer').isVisible()).toBe(true);
    expect(await bar.isVisible()).toBe(false);
    await page.context().close();
  });
});

describe('layout shift', () => {
  for (const viewport of [PHONE, LAPTOP]) {
    it(`stays ≤ 0.05 on the list and the campaign page at ${viewport.width} px`, async () => {
      for (const path of ['/', `/#/p/${SLUG}`]) {
        const page = await openPage(viewport);
        await page.goto(`${bs.stack.app}${path}`);
        await page.locator(path === '/' ? '.card' : 'form.sign-form').first().waitFor();
        // The count's poll and the anti-spam widget settle meanwhile.
        await page.waitForTimeout(2500);
        const cls = await page.evaluate(() => (window as unknown as { __cls: number }).__cls);
        expect({ path, cls }).toEqual({ path, cls: expect.any(Number) });
        expect(cls, `${path} at ${viewport.width} px`).toBeLessThanOrEqual(0.05);
        await page.context().close();
      }
    });
  }
});

describe('the campaign image', () => {
  it('needs alt text in the editor; uploaded, it shows on the public page with its alt and size, without metadata, and shifts nothing', async () => {
    const page = await openPage(LAPTOP);
    await signInOrganiser(bs, page);
    await page.goto(`${bs.stack.app}/#/org/c/${SLUG}/edit`);
    const t = en.org.editor.image;
    const form = page.locator('form.image-form');
    await form.waitFor();
    const photo = await jpegWithMetadata(1800, 1000);
    await page.getByLabel(t.file).setInputFiles({ name: 'court.jpg', mimeType: 'image/jpeg', buffer: photo });
    const uploads: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname.startsWith('/uploads/')) uploads.push(request.url());
    });
    await form.getByRole('button', { name: t.upload }).click();
    await expect.poll(() => page.locator('#campaign-image-alt-error').textContent()).toBe(t.altRequired);
    expect(await page.getByLabel(t.alt).getAttribute('aria-invalid')).toBe('true');
    expect(uploads).toEqual([]);

    await page.getByLabel(t.alt).fill('Nadia and Levan outside the court');
    await form.getByRole('button', { name: t.upload }).click();
    await form.locator('.image-current img').waitFor();
    expect(uploads).toHaveLength(1);
    expect(new URL(uploads[0]!).origin).toBe(new URL(bs.stack.app).origin);
    await page.screenshot({ path: `${SHOTS}/editor-image-1280.png`, fullPage: true });
    await page.context().close();

    for (const viewport of [PHONE, LAPTOP]) {
      const reader = await openPage(viewport);
      const images: Buffer[] = [];
      reader.on('response', async (response) => {
        if (new URL(response.url()).pathname.startsWith('/media/')) images.push(await response.body());
      });
      await openCampaign(reader);
      const img = reader.locator('.petition-image img');
      await img.waitFor();
      expect(await img.getAttribute('alt')).toBe('Nadia and Levan outside the court');
      expect([await img.getAttribute('width'), await img.getAttribute('height')]).toEqual(['1200', '667']);
      await expect.poll(() => img.evaluate((el: HTMLImageElement) => el.complete && el.naturalWidth)).toBe(1200);
      await reader.waitForTimeout(1500);
      expect(await reader.evaluate(() => (window as unknown as { __cls: number }).__cls)).toBeLessThanOrEqual(0.05);
      expect(images.length).toBeGreaterThan(0);
      for (const marker of Object.values(METADATA_MARKERS)) expect(images[0]!.includes(marker)).toBe(false);
      if (viewport === LAPTOP) expect(await inViewport(reader, 'form.sign-form button[type="submit"]')).toBe(true);
      await reader.screenshot({ path: `${SHOTS}/campaign-image-${viewport.width}.png` });
      await reader.context().close();
    }
    expect(bs.pageErrors).toEqual([]);
  });
});

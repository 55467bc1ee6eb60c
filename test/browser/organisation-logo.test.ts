/**
 * The organisation's logo (issue #17, item 4) in a real browser at 360 and 1280 px: the demo owner
 * uploads a logo in Profile (a JPEG carrying GPS EXIF), it shows as a preview there; the campaign page
 * shows it small in the "Organised by" line and in the privacy notice, with its width and height set
 * (its box is reserved before it loads: nothing below moves) and the organisation's name as its alt
 * text, served from our own /media/logos/ without the file's metadata. Removed, it is gone from the
 * campaign page. Nothing scrolls sideways; axe finds nothing.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../../web/src/app/i18n/en.ts';
import { jpegWithMetadata, METADATA_MARKERS } from '../support/images.ts';
import { DESKTOP, PHONE, axeViolations, horizontalOverflow, signInOrganiser, startBrowserStack, type BrowserStack } from './support.ts';

const SLUG = 'free-nadia-and-levan';
const NAME = 'Demo Coalition (fictional)';
const SHOTS = process.env.SHOTS_DIR ?? '/tmp/shots-organisation-logo';
const t = en.orgProfile;

let bs: BrowserStack;

beforeAll(async () => {
  bs = await startBrowserStack();
});

afterAll(async () => {
  await bs?.stop();
});

describe.each([
  ['phone', PHONE],
  ['desktop', DESKTOP],
] as const)('at %s width', (name, viewport) => {
  let page: Page;

  beforeAll(async () => {
    page = await bs.newPage(viewport);
  });

  it('the owner uploads a logo in Profile; the campaign page shows it in the byline and the notice with its size and the name as alt', async () => {
    await signInOrganiser(bs, page);
    await page.getByRole('navigation').getByRole('link', { name: t.link }).click();
    await page.waitForURL(/#\/org\/profile$/);
    const form = page.locator('form.logo-form');
    await form.waitFor();
    // A wrong type is refused on the field before anything is sent.
    await page.getByLabel(t.logoFile).setInputFiles({ name: 'logo.gif', mimeType: 'image/gif', buffer: Buffer.from('GIF89a') });
    await form.getByRole('button', { name: t.logoUpload }).click();
    await expect.poll(() => page.locator('#profile-logo-file-error').innerText()).toBe(en.org.editor.image.type);

    // Wide and tall logos differ per run, so each run sees its own.
    const [w, h] = name === 'phone' ? [600, 300] : [300, 600];
    await page.getByLabel(t.logoFile).setInputFiles({ name: 'logo.jpg', mimeType: 'image/jpeg', buffer: await jpegWithMetadata(w, h) });
    await form.getByRole('button', { name: t.logoUpload }).click();
    await page.getByText(t.logoSaved).waitFor();
    const preview = form.locator('img.profile-logo');
    expect(await preview.getAttribute('alt')).toBe(NAME);
    expect(await preview.getAttribute('src')).toMatch(/^\/media\/logos\/[0-9a-f]{32}\.jpg$/);
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/profile-logo-${name}.png`, fullPage: true });

    await page.goto(`${bs.stack.app}/#/p/${SLUG}`);
    const logo = page.locator('.organised-by img.organisation-logo');
    await logo.waitFor();
    expect(await logo.getAttribute('alt')).toBe(NAME);
    const src = (await logo.getAttribute('src'))!;
    expect(src).toMatch(/^\/media\/logos\/[0-9a-f]{32}\.jpg$/);
    // At most 32 px on its longer side, proportions kept, the box set in the markup.
    const expected = w > h ? { width: '32', height: '16' } : { width: '16', height: '32' };
    expect({ width: await logo.getAttribute('width'), height: await logo.getAttribute('height') }).toEqual(expected);
    await expect.poll(() => logo.evaluate((img) => (img as HTMLImageElement).complete && (img as HTMLImageElement).naturalWidth > 0)).toBe(true);
    const box = (await logo.boundingBox())!;
    expect([Math.round(box.width), Math.round(box.height)]).toEqual([Number(expected.width), Number(expected.height)]);
    // Published at most 256 px, from our own origin, without the upload's metadata.
    const natural = await logo.evaluate((img) => [(img as HTMLImageElement).naturalWidth, (img as HTMLImageElement).naturalHeight]);
    expect(Math.max(...natural)).toBe(256);
    const bytes = Buffer.from(await (await fetch(bs.stack.app + src)).arrayBuffer());
    for (const marker of Object.values(METADATA_MARKERS)) expect(bytes.includes(marker)).toBe(false);

    const notice = page.locator('details#privacy-notice');
    await page.locator('.organised-by').getByRole('button', { name: en.organisation.notice }).click();
    const inNotice = notice.locator('img.organisation-logo');
    expect(await inNotice.getAttribute('alt')).toBe(NAME);
    expect(await inNotice.getAttribute('src')).toBe(src);
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/campaign-logo-${name}.png`, fullPage: false });
  });

  it('removed in Profile, it is gone from the campaign page', async () => {
    await page.goto(`${bs.stack.app}/#/org/profile`);
    const form = page.locator('form.logo-form');
    await form.waitFor();
    await form.getByRole('button', { name: t.logoRemove }).click();
    await page.getByText(t.logoRemoved).waitFor();
    expect(await form.locator('img').count()).toBe(0);
    await page.goto(`${bs.stack.app}/#/p/${SLUG}`);
    await page.locator('.organised-by').waitFor();
    expect(await page.locator('img.organisation-logo').count()).toBe(0);
    expect(bs.pageErrors).toEqual([]);
  });
});

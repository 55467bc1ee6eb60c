/**
 * "Who is behind it" (issue #17, item 4) in a real browser at 360 and 1280 px: the demo campaign's
 * page names its organisation (name, country, website, contact), the privacy notice opens from beside
 * the sign form and from that line and says who controls the data (the organisation's statement and
 * contact), what this campaign collects, how long it is kept and how to withdraw; the demo owner
 * edits the profile from the organiser navigation, a bad field is refused on the field and nothing is
 * saved, and a saved change shows on the campaign page. Nothing scrolls sideways; axe finds nothing.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import en from '../../web/src/app/i18n/en.ts';
import { DESKTOP, PHONE, axeViolations, horizontalOverflow, signInOrganiser, startBrowserStack, type BrowserStack } from './support.ts';

const SLUG = 'free-nadia-and-levan';
const SHOTS = process.env.SHOTS_DIR ?? '/tmp/shots-organisation';
const t = en.organisation;

let bs: BrowserStack;

/** The public contact as the API gives it now (the phone run changes it before the desktop run). */
async function contactNow(): Promise<string> {
  const answer = (await (await fetch(`${bs.stack.app}/api/campaigns/${SLUG}`)).json()) as { organisation: { contact: string } };
  return answer.organisation.contact;
}

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

  it('the campaign page names the organisation, with its country, website and contact', async () => {
    await page.goto(`${bs.stack.app}/#/p/${SLUG}`);
    const byline = page.locator('.organised-by');
    await byline.waitFor();
    await expect.poll(() => byline.innerText()).toContain('Organised by Demo Coalition (fictional), Georgia');
    expect(await byline.getByRole('link', { name: t.website }).getAttribute('href')).toBe('https://demo.undersigned.local/');
    const contact = await contactNow();
    expect(contact).toMatch(/@demo\.undersigned\.local$/);
    expect(await byline.getByRole('link', { name: contact }).getAttribute('href')).toBe(`mailto:${contact}`);
    expect(await horizontalOverflow(page)).toBe(0);
  });

  it('the privacy notice opens from beside the sign form and says who, what, how long and how to withdraw', async () => {
    const notice = page.locator('details#privacy-notice');
    expect(await notice.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    // The opener after the sign form.
    await page.locator('.privacy-notice-link').getByRole('button', { name: t.notice }).click();
    expect(await notice.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
    const text = await notice.innerText();
    expect(text).toContain(t.controllerTitle);
    expect(text).toContain('Demo Coalition (fictional) runs this campaign and controls the personal data of its signers.');
    expect(text).toContain('Write to contact@demo.undersigned.local to ask what we hold about you');
    expect(text).toContain(t.collectedName);
    expect(text).toContain(t.collectedCountry);
    expect(text).toContain(t.collectedComment);
    expect(text).toContain('Until 90 days after the campaign closes.');
    expect(text).toContain(t.withdraw);
    expect(await notice.getByRole('link', { name: t.platform }).getAttribute('href')).toBe('#/privacy');
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await axeViolations(page)).toEqual([]);
    await page.screenshot({ path: `${SHOTS}/notice-${name}.png`, fullPage: true });
    // And from the "Organised by" line, after closing it.
    await notice.locator('summary').click();
    expect(await notice.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(false);
    await page.locator('.organised-by').getByRole('button', { name: t.notice }).click();
    expect(await notice.evaluate((d) => (d as HTMLDetailsElement).open)).toBe(true);
  });

  it('the owner edits the profile from the organiser navigation; a bad field saves nothing; a saved one shows on the campaign', async () => {
    await signInOrganiser(bs, page);
    await page.getByRole('navigation').getByRole('link', { name: en.orgProfile.link }).click();
    await page.waitForURL(/#\/org\/profile$/);
    const contact = page.getByLabel(en.orgProfile.contact);
    await contact.waitFor();
    expect(await contact.inputValue()).toBe(await contactNow());
    expect(await horizontalOverflow(page)).toBe(0);
    expect(await axeViolations(page)).toEqual([]);

    // A website that is no web address: refused on its field, nothing sent.
    const website = page.getByLabel(en.orgProfile.website);
    await website.fill('javascript:alert(1)');
    await contact.fill(`press-${name}@demo.undersigned.local`);
    await page.getByRole('button', { name: en.orgProfile.save }).click();
    await expect.poll(() => page.locator('#profile-website-error').innerText()).toBe(en.orgProfile.websiteInvalid);
    expect(await website.getAttribute('aria-invalid')).toBe('true');
    expect(await contactNow()).not.toBe(`press-${name}@demo.undersigned.local`);
    await page.screenshot({ path: `${SHOTS}/profile-error-${name}.png`, fullPage: true });

    await website.fill('https://demo.undersigned.local');
    await page.getByRole('button', { name: en.orgProfile.save }).click();
    await page.getByText('Profile of Demo Coalition (fictional) saved.').waitFor();
    await page.goto(`${bs.stack.app}/#/p/${SLUG}`);
    await expect.poll(() => page.locator('.organised-by').innerText()).toContain(`press-${name}@demo.undersigned.local`);
    expect(bs.pageErrors).toEqual([]);
  });
});

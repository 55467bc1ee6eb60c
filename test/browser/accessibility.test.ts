/**
 * Every page, public and organiser, at phone (360 px) and desktop (1280 px) width: axe-core finds no
 * violations and nothing scrolls sideways on a phone. The sign form works from the keyboard alone:
 * Tab reaches every field and the submit button, in order, and the focused control shows it.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LANGUAGES } from '../../web/src/app/language.ts';
import { linksIn, waitForMail } from '../support/mailbox.ts';
import {
  DESKTOP,
  PHONE,
  axeViolations,
  focusWithoutRing,
  horizontalOverflow,
  signInOrganiser,
  signViaApi,
  startBrowserStack,
  type BrowserStack,
} from './support.ts';

const SLUG = 'free-nadia-and-levan';

let bs: BrowserStack;
let visitor: Page;
let organiser: Page;
let confirmUrl: string;
let cosignUrl: string;

beforeAll(async () => {
  bs = await startBrowserStack();
  visitor = await bs.newPage(PHONE);
  // A signed-in organiser in a browser of their own; the visitor's stays signed out (the sign-in page).
  organiser = await bs.newPage(DESKTOP);
  await signInOrganiser(bs, organiser);
  const email = `axe-${Date.now()}@example.org`;
  await signViaApi(bs.stack.app, SLUG, { name: 'Ana Lomidze', email, country: 'GE' });
  const link = linksIn(await waitForMail(bs.stack.mailbox, { to: email, timeoutMs: 15_000 })).confirm;
  if (!link) throw new Error('The confirmation mail holds no confirm link.');
  // Left unconfirmed: the confirm page is checked as a person finds it, before pressing Confirm.
  confirmUrl = link.url;
  // A second signer confirms, so the dashboard has a timeline and activity to show.
  const other = `axe-confirmed-${Date.now()}@example.org`;
  await signViaApi(bs.stack.app, SLUG, { name: 'Levan Abashidze', email: other, country: 'GE' });
  const confirmed = linksIn(await waitForMail(bs.stack.mailbox, { to: other, timeoutMs: 15_000 })).confirm!;
  const answer = await fetch(`${bs.stack.app}/api/campaigns/${SLUG}/signatures/${confirmed.id}/confirm`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ token: confirmed.token }),
  });
  if (answer.status !== 200) throw new Error(`Confirming the second signer answered ${answer.status}.`);
  // A co-signing invitation, left unused: its page shows the letter above the form.
  cosignUrl = await organiser.evaluate(async (path) => {
    const response = await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    return ((await response.json()) as { url: string }).url;
  }, `/api/org/campaigns/${SLUG}/cosign-invites`);
});

afterAll(async () => {
  await bs?.stop();
});

/** A page to check: where it is, who looks at it, and what shows it has finished rendering. */
interface Checked {
  name: string;
  page: () => Page;
  url: () => string;
  ready: (page: Page) => Promise<unknown>;
}

const pages: Checked[] = [
  {
    name: 'campaign list',
    page: () => visitor,
    url: () => `${bs.stack.app}/#/`,
    ready: (p) => p.locator('.card').first().waitFor(),
  },
  {
    name: 'petition page with its form',
    page: () => visitor,
    url: () => `${bs.stack.app}/#/p/${SLUG}`,
    ready: (p) => p.locator('form.sign-form button[type=submit]').waitFor(),
  },
  {
    name: 'petition form showing its errors',
    page: () => visitor,
    url: () => `${bs.stack.app}/#/p/${SLUG}`,
    // Sent empty: each required field says what is wrong (the error text's contrast, its association).
    ready: async (p) => {
      await p.locator('form.sign-form button[type=submit]').click();
      await p.locator('form.sign-form [aria-invalid=true]').first().waitFor();
    },
  },
  {
    name: 'confirm page (what the link would confirm, and its button)',
    page: () => visitor,
    url: () => confirmUrl,
    ready: (p) => p.getByRole('button', { name: 'Confirm my signature' }).waitFor(),
  },
  {
    name: 'co-sign page (the letter it asks to sign, and its form)',
    page: () => visitor,
    url: () => cosignUrl,
    ready: async (p) => {
      await p.locator('.cosign-letter-title').waitFor();
      await p.getByRole('button', { name: 'Co-sign' }).waitFor();
    },
  },
  {
    name: 'withdraw page',
    page: () => visitor,
    url: () => confirmUrl.replace('/confirm/', '/withdraw/'),
    ready: (p) => p.getByRole('button', { name: 'Withdraw my signature' }).waitFor(),
  },
  {
    name: 'privacy page',
    page: () => visitor,
    url: () => `${bs.stack.app}/#/privacy`,
    ready: (p) => p.locator('main h1').waitFor(),
  },
  {
    name: 'organiser sign-in',
    page: () => visitor,
    url: () => `${bs.stack.app}/#/org`,
    ready: (p) => p.getByLabel('Your email address').waitFor(),
  },
  {
    // The page a mailed sign-in link opens: a button, nothing sent until it is pressed.
    name: 'organiser sign-in link',
    page: () => visitor,
    url: () => `${bs.stack.app}/#/org/sign-in/${'A'.repeat(43)}`,
    ready: (p) => p.getByRole('button', { name: 'Sign in' }).waitFor(),
  },
  {
    name: 'organiser home',
    page: () => organiser,
    url: () => `${bs.stack.app}/#/org/campaigns`,
    ready: (p) => p.locator('.card').first().waitFor(),
  },
  {
    name: 'campaign editor',
    page: () => organiser,
    url: () => `${bs.stack.app}/#/org/c/${SLUG}/edit`,
    ready: (p) => p.getByLabel('Title').waitFor(),
  },
  {
    name: 'new campaign editor',
    page: () => organiser,
    url: () => `${bs.stack.app}/#/org/new`,
    ready: (p) => p.getByRole('button', { name: 'Create draft' }).waitFor(),
  },
  {
    name: 'members page',
    page: () => organiser,
    url: () => `${bs.stack.app}/#/org/members`,
    ready: (p) => p.locator('.admin-item').first().waitFor(),
  },
  {
    name: 'API tokens page',
    page: () => organiser,
    url: () => `${bs.stack.app}/#/org/tokens`,
    ready: (p) => p.getByRole('button', { name: 'Create token' }).waitFor(),
  },
  {
    name: 'campaign dashboard',
    page: () => organiser,
    url: () => `${bs.stack.app}/#/org/c/${SLUG}`,
    // The live figures and the chart arrive after the first paint; check the page with them.
    ready: async (p) => {
      await p.locator('.dashboard .tally-number').first().waitFor();
      await p.locator('.chart canvas').first().waitFor();
    },
  },
];

// The page declares `color-scheme: light dark` and has dark colours of its own: their contrast is checked too.
describe.each([
  ['360 px', PHONE, 'light'],
  ['1280 px', DESKTOP, 'light'],
  ['360 px in the dark colour scheme', PHONE, 'dark'],
] as const)('at %s', (_label, viewport, colorScheme) => {
  it.each(pages.map((p) => [p.name, p] as const))('%s: no axe violations, no sideways scrolling', async (_name, checked) => {
    const page = checked.page();
    await page.setViewportSize(viewport);
    await page.emulateMedia({ colorScheme });
    await page.goto(checked.url());
    await checked.ready(page);
    expect(await axeViolations(page)).toEqual([]);
    if (viewport.width === PHONE.width) expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
    // Every control Tab reaches shows that it has the focus.
    const focus = await focusWithoutRing(page);
    expect(focus.reached).toBeGreaterThan(2);
    expect(focus.unseen).toEqual([]);
  });
});

describe('the sign form from the keyboard', () => {
  it('Tab reaches every field and the submit button in order, each visibly focused', async () => {
    const page = visitor;
    await page.setViewportSize(PHONE);
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(`${bs.stack.app}/#/p/${SLUG}`);
    await page.locator('form.sign-form button[type=submit]').waitFor();

    // What a keyboard user must reach: every control of the form a person can see.
    const expected = await page.$$eval('form.sign-form :is(input, select, textarea, button)', (controls) =>
      controls
        .filter((c) => (c as HTMLElement).tabIndex >= 0 && !c.closest('[aria-hidden="true"]') && (c as HTMLElement).getClientRects().length > 0)
        .map((c) => c.id || `${c.tagName.toLowerCase()}:${(c as HTMLInputElement).type}:${c.textContent?.trim()}`),
    );
    expect(expected.length).toBeGreaterThanOrEqual(4);
    expect(expected.at(-1)).toMatch(/^button:submit:/);

    // From the top of the page, Tab through everything once, noting each focused control of the form.
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    const reached: string[] = [];
    const unseen: string[] = [];
    for (let i = 0; i < 80 && reached.length < expected.length; i++) {
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement | null;
        if (!el || !el.closest('form.sign-form')) return null;
        const style = getComputedStyle(el);
        // A focus ring drawn by outline or box-shadow, shown on keyboard focus.
        const ring = el.matches(':focus-visible') && ((style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) || style.boxShadow !== 'none');
        return { key: el.id || `${el.tagName.toLowerCase()}:${(el as HTMLInputElement).type}:${el.textContent?.trim()}`, ring };
      });
      if (!focused) continue;
      if (reached.at(-1) !== focused.key) reached.push(focused.key);
      if (!focused.ring) unseen.push(focused.key);
    }
    expect(reached).toEqual(expected);
    expect(unseen).toEqual([]);
    expect(bs.pageErrors).toEqual([]);
  });
});

describe('the petition page in every language at 360 px', () => {
  let page: Page;
  beforeAll(async () => {
    page = await bs.newPage(PHONE);
  });

  // Longer words (Georgian, Russian, Kazakh…) must wrap rather than widen the page.
  it.each(Object.keys(LANGUAGES))('%s: marked as that language, no axe violations, no sideways scrolling', async (lang) => {
    await page.goto(`${bs.stack.app}/?lang=${lang}#/p/${SLUG}`);
    await page.locator('form.sign-form button[type=submit]').waitFor();
    await page.waitForFunction((code) => document.documentElement.lang === code, lang, { timeout: 10_000 });
    expect(await axeViolations(page)).toEqual([]);
    expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
  });
});

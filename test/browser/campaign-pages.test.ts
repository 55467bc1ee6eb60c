/**
 * Campaign pages at real paths (issue #17, item 1, "Done when"): a campaign in Georgian and one in
 * Armenian, published by the stream consumer into the local site bucket, fetched at /c/<slug> without
 * scripts — a plain HTTP GET, as a link preview's crawler makes it, and Chromium with JavaScript off —
 * carry their own og:title, og:description, og:url, og:image, og:locale, <title>, canonical and
 * <html lang>, and show the title, the text and the count. With scripts the app takes over at
 * /c/<slug>; an old #/p/<slug> link lands on /c/<slug>; mailed links stay where they are.
 * Screenshots: SHOTS_DIR (default /tmp/shots-pages).
 */
import { parseDocument } from 'htmlparser2';
import { findAll, findOne, textContent } from 'domutils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Campaign } from '#rules/campaign.ts';
import { DESKTOP, PHONE, startBrowserStack, type BrowserStack } from './support.ts';

const SHOTS = process.env.SHOTS_DIR ?? '/tmp/shots-pages';
const COUNT = 12345;

const CAMPAIGNS = {
  ka: {
    slug: 'free-journalists-tbilisi',
    title: 'გაათავისუფლეთ ჟურნალისტები & "მედია"',
    text: 'ჩვენ, ქვემოთ ხელმომწერნი, მოვითხოვთ **ჟურნალისტების** დაუყოვნებლივ გათავისუფლებას.\n\nისინი მხოლოდ თავიანთ საქმეს აკეთებდნენ.',
    locale: 'ka_GE',
    // Georgian writes 12 345 with a no-break space; the server's ICU and the page's data agree.
    count: new Intl.NumberFormat('ka').format(COUNT),
  },
  hy: {
    slug: 'free-defenders-yerevan',
    title: 'Ազատություն իրավապաշտպաններին <script>',
    text: 'Մենք՝ ստորագրողներս, պահանջում ենք **անհապաղ** ազատել իրավապաշտպաններին։',
    locale: 'hy_AM',
    count: new Intl.NumberFormat('hy').format(COUNT),
  },
} as const;

let bs: BrowserStack;

beforeAll(async () => {
  bs = await startBrowserStack();
  // Made as the organisers' editor stores an open campaign; the stream consumer publishes each.
  const [{ createCampaign }, { documents }, { UpdateCommand }, { publishCampaignPages }] = await Promise.all([
    import('#store/campaigns.ts'),
    import('#lib/clients.ts'),
    import('@aws-sdk/lib-dynamodb'),
    import('#usecases/publish-pages.ts'),
  ]);
  const now = new Date().toISOString();
  for (const [language, c] of Object.entries(CAMPAIGNS)) {
    const campaign: Campaign = {
      slug: c.slug, kind: 'petition', title: c.title, text: c.text, language: language as 'ka' | 'hy', targets: [{ name: 'Prosecutor General' }],
      goal: 20000, status: 'open', publicSigners: false, retentionDays: 90, signerFields: { country: 'optional', comment: 'optional' },
      version: 1, shards: 16, createdAt: now, updatedAt: now, openedAt: now, orgId: 'demo',
    };
    expect(await createCampaign(campaign)).toBe(true);
  }
  for (const c of Object.values(CAMPAIGNS)) await waitForPage(c.slug, c.title);
  // A count worth showing: the counter moves, and (its own refresh waiting up to a minute) the page is
  // republished as `npm run pages:publish` does.
  for (const c of Object.values(CAMPAIGNS)) {
    await documents.send(
      new UpdateCommand({ TableName: bs.stack.tables.PETITIONS_TABLE, Key: { pk: c.slug, sk: 'COUNT' }, UpdateExpression: 'SET #c = :c', ExpressionAttributeNames: { '#c': 'count' }, ExpressionAttributeValues: { ':c': COUNT } }),
    );
    await publishCampaignPages(c.slug, { siteUrl: bs.stack.app });
  }
}, 180_000);

afterAll(async () => {
  await bs?.stop();
});

/** Until /c/<slug> is the published page (before that the local server answers with the shell). */
async function waitForPage(slug: string, title: string): Promise<void> {
  const escaped = title.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const html = await (await fetch(`${bs.stack.app}/c/${slug}`)).text();
    if (html.includes(`<meta property="og:title" content="${escaped}">`)) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`/c/${slug} was not published within 30 s`);
}

describe.each(Object.entries(CAMPAIGNS))('%s campaign without scripts', (language, c) => {
  const url = () => `${bs.stack.app}/c/${c.slug}`;

  it('a plain GET of /c/<slug> has its tags, title, text and count, and no script but the app', async () => {
    const res = await fetch(url());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const doc = parseDocument(await res.text());
    const meta = (key: string) => findAll((el) => el.name === 'meta' && el.attribs.property === key, doc.children).map((m) => m.attribs.content);
    expect(findOne((el) => el.name === 'html', doc.children)!.attribs).toMatchObject({ lang: language, dir: 'ltr' });
    expect(textContent(findOne((el) => el.name === 'title', doc.children)!)).toBe(`${c.title} — Undersigned`);
    expect(meta('og:title')).toEqual([c.title]);
    expect(meta('og:description')[0]).toBe(c.text.replace(/\*\*/g, '').replace(/\n\n/g, ' '));
    expect(meta('og:url')).toEqual([url()]);
    expect(meta('og:image')).toEqual([`${url()}/card.png`]);
    expect(meta('og:locale')).toEqual([c.locale]);
    expect(findAll((el) => el.name === 'link' && el.attribs.rel === 'canonical', doc.children).map((l) => l.attribs.href)).toEqual([url()]);
    const main = textContent(findOne((el) => el.name === 'main', doc.children)!);
    expect(main).toContain(c.title);
    expect(main).toContain(c.text.split('**')[0]!.trim());
    expect(main).toContain(c.count);
    expect(findAll((el) => el.name === 'script', doc.children).map((s) => s.attribs.src)).toEqual([expect.stringMatching(/^\/app\.js\?v=/)]);
  });

  it('Chromium with JavaScript off shows the title, the text and the count, with the tags in the head', async () => {
    const context = await bs.browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      await page.goto(url());
      expect(await page.title()).toBe(`${c.title} — Undersigned`);
      expect(await page.locator('html').getAttribute('lang')).toBe(language);
      expect(await page.locator('meta[property="og:title"]').getAttribute('content')).toBe(c.title);
      expect(await page.locator('meta[property="og:url"]').getAttribute('content')).toBe(url());
      expect(await page.locator('meta[property="og:locale"]').getAttribute('content')).toBe(c.locale);
      expect(await page.locator('link[rel="canonical"]').getAttribute('href')).toBe(url());
      await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(c.title);
      expect(await page.locator('.petition-text').isVisible()).toBe(true);
      expect(await page.locator('.petition-text strong').innerText()).toBe(c.text.split('**')[1]);
      expect(await page.locator('.tally-count').innerText()).toContain(c.count);
      // The stylesheet loaded from the root, though the page is at /c/<slug>.
      expect(await page.locator('.site-header').evaluate((el) => getComputedStyle(el).display)).not.toBe('inline');
      await page.screenshot({ path: `${SHOTS}/${language}-noscript-360.png`, fullPage: true });
    } finally {
      await context.close();
    }
  });
});

describe('with scripts', () => {
  it.each(Object.entries(CAMPAIGNS))('the app takes over the %s page at /c/<slug> without moving it', async (language, c) => {
    const page = await bs.newPage(DESKTOP);
    await page.addInitScript(() => {
      (window as unknown as { shifts: number }).shifts = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries() as (PerformanceEntry & { value: number; hadRecentInput: boolean })[]) {
          if (!entry.hadRecentInput) (window as unknown as { shifts: number }).shifts += entry.value;
          const sources = (entry as unknown as { sources?: { node?: Node; previousRect: DOMRect; currentRect: DOMRect }[] }).sources ?? [];
          (window as unknown as { shiftLog: string[] }).shiftLog ??= [];
          (window as unknown as { shiftLog: string[] }).shiftLog.push(
            `${entry.value.toFixed(4)} @${Math.round(entry.startTime)}: ${sources.map((x) => `${(x.node as Element | undefined)?.className ?? x.node?.nodeName} ${Math.round(x.previousRect.y)}→${Math.round(x.currentRect.y)} h${Math.round(x.previousRect.height)}→${Math.round(x.currentRect.height)}`).join(', ')}`,
          );
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    await page.goto(`${bs.stack.app}/c/${c.slug}`);
    // The app's own view: the sign form is there, and the address stays the campaign's.
    await page.locator('form').first().waitFor();
    await page.locator('.tally-number').waitFor();
    expect(new URL(page.url()).pathname).toBe(`/c/${c.slug}`);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(c.title);
    expect(await page.locator('[data-prerendered]').count()).toBe(0);
    // The page's own words are in the reader's language (here the browser's, English); the campaign's
    // words say theirs, for screen readers.
    expect(await page.getByRole('heading', { level: 1 }).getAttribute('lang')).toBe(language);
    await page.waitForTimeout(500);
    const shifts = await page.evaluate(() => (window as unknown as { shifts: number }).shifts);
    console.log(`layout shift while the app took over /c/${c.slug} at 1280 px: ${shifts.toFixed(4)}`);
    const log = await page.evaluate(() => (window as unknown as { shiftLog?: string[] }).shiftLog ?? []);
    // The issue's goal for the petition page (Lighthouse's "good" is 0.1).
    expect(shifts, log.join('\n')).toBeLessThanOrEqual(0.05);
    await page.screenshot({ path: `${SHOTS}/${language}-app-1280.png`, fullPage: true });
    await page.close();
  });

  it('an old #/p/<slug> link lands on /c/<slug>, keeping ?lang', async () => {
    const page = await bs.newPage(PHONE);
    const c = CAMPAIGNS.ka;
    await page.goto(`${bs.stack.app}/?lang=ka#/p/${c.slug}`);
    await page.waitForURL(`${bs.stack.app}/c/${c.slug}?lang=ka`);
    await expect(page.getByRole('heading', { level: 1 }).innerText()).resolves.toBe(c.title);
    // From there a hash link to another page of the app (the privacy page) works, at the root.
    await page.locator('.site-footer a[href$="#/privacy"]').click();
    await page.waitForURL(`${bs.stack.app}/?lang=ka#/privacy`);
    await page.goBack();
    await page.getByRole('heading', { level: 1, name: c.title }).waitFor();
    await page.close();
  });

  it('a demo campaign (npm start’s) is published, and opens at its real path from the list', async () => {
    const html = await (await fetch(`${bs.stack.app}/c/free-nadia-and-levan`)).text();
    expect(html).toContain('<meta property="og:title" content="Release Nadia Karimova and Levan Abashidze">');
    const page = await bs.newPage(DESKTOP);
    await page.goto(`${bs.stack.app}/`);
    await page.locator('a[href*="free-nadia-and-levan"]').first().click();
    await page.waitForURL(`${bs.stack.app}/c/free-nadia-and-levan`);
    await page.getByRole('heading', { level: 1, name: 'Release Nadia Karimova and Levan Abashidze' }).waitFor();
    await page.close();
  });

  it('mailed links (confirm, withdraw) stay hash routes at the root, as mailed', async () => {
    const page = await bs.newPage(PHONE);
    for (const action of ['confirm', 'withdraw']) {
      const link = `${bs.stack.app}/#/p/${CAMPAIGNS.hy.slug}/${action}/sig_x/tok_y`;
      await page.goto(link);
      await page.getByRole('heading', { level: 1 }).waitFor();
      expect(page.url()).toBe(link);
    }
    await page.close();
  });

  it('logged no page error', () => {
    expect(bs.pageErrors).toEqual([]);
  });
});

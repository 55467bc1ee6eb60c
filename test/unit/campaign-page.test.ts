/**
 * The static page of a campaign (issue #17, item 1): what a crawler or a link preview reads without
 * running a script. Parsed with htmlparser2, as a crawler would, not searched as text: a tag that only
 * looks right in a string (an attribute broken by a quote, a title that opens a tag) fails here.
 */
import { readFileSync } from 'node:fs';
import { parseDocument } from 'htmlparser2';
import { findAll, findOne, getAttributeValue, textContent } from 'domutils';
import type { Element } from 'domhandler';
import { describe, expect, it } from 'vitest';
import { CARD_HEIGHT, CARD_WIDTH, DESCRIPTION_MAX, renderCampaignPage, type CampaignPageInput } from '../../functions/documents/campaign-page.ts';
import { campaignTextHtml } from '../../functions/rules/campaign-text.ts';

/** The page shell as web/build.ts leaves it (it adds only ?v= hashes and modulepreload links). */
const shell = readFileSync(new URL('../../web/index.html', import.meta.url), 'utf8');
const SITE = 'https://undersigned.example';

function page(over: Partial<CampaignPageInput> = {}): CampaignPageInput {
  const text = over.textHtml ?? campaignTextHtml('Nadia and Levan were arrested for a **post**.\n\nSign & share.');
  return {
    siteUrl: SITE,
    slug: 'free-nadia',
    language: 'en',
    originalLanguage: 'en',
    languages: ['en'],
    title: 'Free Nadia',
    count: 1234,
    status: 'open',
    words: { appName: 'Undersigned', countText: '1,234 signatures' },
    ...over,
    textHtml: text,
  };
}

function parse(html: string) {
  const doc = parseDocument(html);
  const all = (test: (el: Element) => boolean) => findAll(test, doc.children);
  const meta = (key: string) => {
    const found = all((el) => el.name === 'meta' && (el.attribs.property === key || el.attribs.name === key));
    expect(found, key).toHaveLength(1);
    return found[0]!.attribs.content ?? '';
  };
  const link = (rel: string) => all((el) => el.name === 'link' && el.attribs.rel === rel);
  const html0 = findOne((el) => el.name === 'html', doc.children)!;
  const title = findOne((el) => el.name === 'title', doc.children)!;
  const main = findOne((el) => el.name === 'main', doc.children)!;
  return { doc, all, meta, link, html: html0, title: textContent(title), main };
}

describe('campaign page: head', () => {
  it('has the title, description, canonical, OpenGraph and Twitter card tags of the campaign', () => {
    const p = parse(renderCampaignPage(shell, page()));
    expect(p.title).toBe('Free Nadia — Undersigned');
    expect(p.meta('description')).toBe('Nadia and Levan were arrested for a post. Sign & share.');
    expect(p.link('canonical').map((l) => l.attribs.href)).toEqual([`${SITE}/c/free-nadia`]);
    expect(p.meta('og:title')).toBe('Free Nadia');
    expect(p.meta('og:description')).toBe('Nadia and Levan were arrested for a post. Sign & share.');
    expect(p.meta('og:url')).toBe(`${SITE}/c/free-nadia`);
    expect(p.meta('og:type')).toBe('website');
    expect(p.meta('og:locale')).toBe('en_GB');
    expect(p.meta('og:image')).toBe(`${SITE}/c/free-nadia/card.png`);
    expect(p.meta('og:image:width')).toBe(String(CARD_WIDTH));
    expect(p.meta('og:image:height')).toBe(String(CARD_HEIGHT));
    expect(p.meta('og:image:alt')).toBe('Free Nadia — 1,234 signatures');
    expect(p.meta('twitter:card')).toBe('summary_large_image');
    expect(p.meta('twitter:title')).toBe('Free Nadia');
    expect(p.meta('twitter:image')).toBe(`${SITE}/c/free-nadia/card.png`);
  });

  it('keeps the shell: its one script (the app, from the root), its stylesheet, its CSP; no other script', () => {
    const p = parse(renderCampaignPage(shell, page()));
    const scripts = p.all((el) => el.name === 'script');
    expect(scripts.map((s) => s.attribs.src)).toEqual(['/app.js']);
    expect(p.link('stylesheet').map((l) => l.attribs.href)).toEqual(['/styles.css']);
    expect(p.all((el) => el.name === 'meta' && el.attribs['http-equiv'] === 'Content-Security-Policy')).toHaveLength(1);
    // The shell's own links lead to the page at the root, where its hash routes live.
    const hrefs = p.all((el) => el.name === 'a').map((a) => a.attribs.href);
    expect(hrefs).toContain('/#/privacy');
    expect(hrefs.filter((h) => h?.startsWith('#/'))).toEqual([]);
  });

  it('escapes a title and text with markup, quotes and ampersands: nothing becomes a tag or leaves its attribute', () => {
    const evil = `"><script>alert(1)</script> Tom & Jerry's 'quote' $& $1`;
    const html = renderCampaignPage(shell, page({ title: evil, textHtml: campaignTextHtml(`<script>alert(2)</script> <img src=x onerror=alert(3)> "x" & y`) }));
    const p = parse(html);
    expect(p.all((el) => el.name === 'script').map((s) => s.attribs.src)).toEqual(['/app.js']);
    expect(p.all((el) => el.name === 'img')).toEqual([]);
    expect(p.all((el) => Object.keys(el.attribs).some((a) => a.startsWith('on')))).toEqual([]);
    expect(p.meta('og:title')).toBe(evil);
    expect(p.meta('twitter:title')).toBe(evil);
    expect(p.title).toBe(`${evil} — Undersigned`);
    const h1 = findOne((el) => el.name === 'h1', p.main.children)!;
    expect(textContent(h1)).toBe(evil);
    expect(html).not.toContain('<script>alert');
  });

  it('cuts a long description at a word, by letters (a Georgian letter is never split)', () => {
    const word = 'თავისუფლება ';
    const p = parse(renderCampaignPage(shell, page({ language: 'ka', originalLanguage: 'ka', languages: ['ka'], textHtml: `<p>${word.repeat(40)}</p>` })));
    const description = p.meta('og:description');
    expect([...description].length).toBeLessThanOrEqual(DESCRIPTION_MAX);
    expect(description.endsWith('თავისუფლება…')).toBe(true);
    expect(description).not.toContain('\uFFFD');
  });
});

describe('campaign page: languages', () => {
  it('is in the campaign’s language: <html lang dir>, og:locale, and Georgian and Armenian words intact', () => {
    const ka = parse(renderCampaignPage(shell, page({ language: 'ka', originalLanguage: 'ka', languages: ['ka'], title: 'გაათავისუფლეთ ნადია', words: { appName: 'Undersigned', countText: '1 234 ხელმოწერა' } })));
    expect(ka.html.attribs).toMatchObject({ lang: 'ka', dir: 'ltr' });
    expect(ka.meta('og:locale')).toBe('ka_GE');
    expect(ka.meta('og:title')).toBe('გაათავისუფლეთ ნადია');
    expect(textContent(ka.main)).toContain('1 234 ხელმოწერა');
    const hy = parse(renderCampaignPage(shell, page({ language: 'hy', originalLanguage: 'hy', languages: ['hy'], title: 'Ազատություն Նադիային' })));
    expect(hy.html.attribs).toMatchObject({ lang: 'hy', dir: 'ltr' });
    expect(hy.meta('og:locale')).toBe('hy_AM');
    expect(hy.title).toBe('Ազատություն Նադիային — Undersigned');
  });

  it('links every published language (hreflang), the original at /c/<slug>, a translation at /c/<slug>/<lang>', () => {
    const p = parse(renderCampaignPage(shell, page({ language: 'ru', originalLanguage: 'ka', languages: ['ka', 'hy', 'ru'] })));
    const alternates = p.link('alternate').map((l) => [l.attribs.hreflang, l.attribs.href]);
    expect(alternates).toEqual([
      ['ka', `${SITE}/c/free-nadia`],
      ['hy', `${SITE}/c/free-nadia/hy`],
      ['ru', `${SITE}/c/free-nadia/ru`],
      ['x-default', `${SITE}/c/free-nadia`],
    ]);
    expect(p.link('canonical')[0]!.attribs.href).toBe(`${SITE}/c/free-nadia/ru`);
    expect(p.meta('og:url')).toBe(`${SITE}/c/free-nadia/ru`);
    expect(p.meta('og:locale')).toBe('ru_RU');
    expect(p.all((el) => el.name === 'meta' && el.attribs.property === 'og:locale:alternate').map((m) => m.attribs.content)).toEqual(['ka_GE', 'hy_AM']);
    expect(p.html.attribs.lang).toBe('ru');
  });
});

describe('campaign page: body', () => {
  it('shows title, text and count in the campaign view’s own markup, and nothing of any signer', () => {
    const p = parse(renderCampaignPage(shell, page()));
    const article = findOne((el) => el.name === 'article', p.main.children)!;
    expect(getAttributeValue(article, 'class')).toBe('petition');
    expect(getAttributeValue(article, 'data-prerendered')).toBe('free-nadia');
    expect(textContent(findOne((el) => el.attribs.class === 'petition-title', [article])!)).toBe('Free Nadia');
    expect(textContent(findOne((el) => el.attribs.class === 'tally-count', [article])!)).toBe('1,234 signatures');
    expect(findOne((el) => el.name === 'strong', [article])).not.toBeNull();
    // The shell's "needs JavaScript" note is gone: this page has its content.
    expect(p.all((el) => el.name === 'noscript')).toEqual([]);
  });

  it('draws the view’s badge, addressees and counter (number, word, empty bar, goal), addressees escaped', () => {
    const p = parse(
      renderCampaignPage(
        shell,
        page({
          kind: 'letter',
          targets: [{ name: '<b>Minister</b> & co', office: 'Ministry "of" Justice' }],
          words: { appName: 'Undersigned', countText: '1,234 signatures', countNumber: '1,234', countWord: 'signatures', kindLabel: 'Letter', addressedTo: 'Addressed to', goalText: '61% of the goal of 2,000' },
        }),
      ),
    );
    const byClass = (name: string) => findAll((el) => (el.attribs.class ?? '').split(' ').includes(name), p.main.children);
    expect(byClass('badge-letter').map(textContent)).toEqual(['Letter']);
    expect(byClass('target-name').map(textContent)).toEqual(['<b>Minister</b> & co']);
    expect(byClass('target-office').map(textContent)).toEqual(['Ministry "of" Justice']);
    expect(p.all((el) => el.name === 'b')).toEqual([]);
    expect(byClass('tally-number').map(textContent)).toEqual(['1,234']);
    expect(byClass('tally-word').map(textContent)).toEqual(['signatures']);
    expect(byClass('progress-fill')).toHaveLength(1);
    // No inline style anywhere: the CSP (style-src 'self') would refuse it.
    expect(p.all((el) => 'style' in el.attribs)).toEqual([]);
    expect(byClass('tally-goal').map(textContent)).toEqual(['61% of the goal of 2,000']);
  });

  it('says a closed campaign takes no signatures', () => {
    const p = parse(renderCampaignPage(shell, page({ status: 'closed', words: { appName: 'Undersigned', countText: '5 signatures', closedNotice: 'Signing is closed.' } })));
    expect(textContent(p.main)).toContain('Signing is closed.');
  });

  it('never renders a draft, nor anything that is not a public status', () => {
    expect(() => renderCampaignPage(shell, page({ status: 'draft' as never }))).toThrow(/no public page/);
    expect(() => renderCampaignPage(shell, page({ status: 'archived' as never }))).toThrow(/no public page/);
  });

  it('refuses a shell it cannot fill rather than publish a page without its tags', () => {
    expect(() => renderCampaignPage(shell.replace(/<title>[^<]*<\/title>/, ''), page())).toThrow(/shell/);
  });
});

/**
 * The static page of one campaign in one language (issue #17, item 1): the built page shell
 * (web/dist/index.html, as deployed) with a `<head>` of its own — title, description, canonical
 * address, language alternates, OpenGraph and Twitter card tags — and, in `<main>`, what a crawler
 * that runs no script should see: the title, the text (the campaign's already sanitised HTML) and the
 * confirmed count. The page's script then takes over; it keeps this block until its own view is
 * ready, and draws it with the same classes, so nothing jumps.
 *
 * Pure: strings in, a string out. Everything that comes from a campaign is escaped here, except the
 * text's HTML, which is campaignTextHtml's output (sanitised to an allow-list when rendered). Nothing
 * personal is in it: no signer, no name of anyone who signed — only title, text and count.
 */
import type { Language } from '#lib/language.ts';
import { campaignCardUrl, campaignPageUrl } from '#rules/campaign-paths.ts';

/** OpenGraph locales (language_TERRITORY) of the languages a campaign can be written in. */
export const OG_LOCALES: Record<Language, string> = {
  en: 'en_GB',
  cs: 'cs_CZ',
  ro: 'ro_RO',
  ru: 'ru_RU',
  uk: 'uk_UA',
  lv: 'lv_LV',
  hy: 'hy_AM',
  ka: 'ka_GE',
  az: 'az_AZ',
  kk: 'kk_KZ',
};

/** Languages written right to left (none of ours today; the page says so when one comes). */
const RTL = new Set(['ar', 'fa', 'he', 'ur', 'yi']);
export const dirOf = (lang: string): 'rtl' | 'ltr' => (RTL.has(lang.split('-')[0]!) ? 'rtl' : 'ltr');

/** The statuses a published page may show: those GET /api/campaigns/{slug} answers with. */
const PUBLIC_STATUSES = ['open', 'closed', 'delivered'] as const;

/** The share card's size (og:image:width/height). */
export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;
/** Longest meta description, in characters (search engines show about this much). */
export const DESCRIPTION_MAX = 200;

export interface CampaignPageInput {
  siteUrl: string;
  slug: string;
  /** The language this page is in, and the campaign's original. */
  language: Language;
  originalLanguage: Language;
  /** Every language the campaign is published in (the original first). */
  languages: readonly Language[];
  title: string;
  /** The text as sanitised HTML (campaignTextHtml). */
  textHtml: string;
  count: number;
  status: 'open' | 'closed' | 'delivered';
  kind?: 'petition' | 'letter';
  /** Whom it addresses (public fields only). */
  targets?: readonly { name: string; office?: string }[];
  /** Words in the page's language, from the server catalogue. */
  words: {
    appName: string;
    /** "1 234 signatures", formatted for the language. */
    countText: string;
    /** The same in two parts, as the campaign view's counter shows it ("1 234", "signatures"). */
    countNumber?: string;
    countWord?: string;
    /** "Petition" / "Letter". */
    kindLabel?: string;
    addressedTo?: string;
    /** "61% of the goal of 20,000", when the campaign has a goal. */
    goalText?: string;
    /** Said under the count when the campaign takes no more signatures. */
    closedNotice?: string;
  };
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
/** For text and attribute values alike. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", nbsp: ' ' };

/** Plain text of the sanitised HTML, for the description: tags dropped, entities read, spaces joined. */
export function plainText(html: string): string {
  return html
    // A block's edge is a space; an inline tag (<strong>) none, so "**post**." stays "post.".
    .replace(/<\/?(?:p|br|li|ul|ol|h[1-6]|blockquote|div|pre|hr)\b[^>]*>/gi, ' ')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|nbsp);/g, (_, name: string) => ENTITIES[name]!)
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/\s+/g, ' ')
    .trim();
}

/** The first DESCRIPTION_MAX characters (code points, so no letter is cut in half), at a word's end. */
export function description(text: string): string {
  const chars = [...text];
  if (chars.length <= DESCRIPTION_MAX) return text;
  const cut = chars.slice(0, DESCRIPTION_MAX - 1).join('');
  const space = cut.lastIndexOf(' ');
  return `${(space > DESCRIPTION_MAX / 2 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/** The tags the page's `<head>` gains, one a line. */
export function headTags(page: CampaignPageInput): string[] {
  const url = campaignPageUrl(page.siteUrl, page.slug, page.language, page.originalLanguage);
  const desc = description(plainText(page.textHtml));
  const card = campaignCardUrl(page.siteUrl, page.slug);
  const e = escapeHtml;
  return [
    `<link rel="canonical" href="${e(url)}">`,
    ...page.languages.map(
      (lang) => `<link rel="alternate" hreflang="${lang}" href="${e(campaignPageUrl(page.siteUrl, page.slug, lang, page.originalLanguage))}">`,
    ),
    `<link rel="alternate" hreflang="x-default" href="${e(campaignPageUrl(page.siteUrl, page.slug))}">`,
    `<meta property="og:type" content="website">`,
    `<meta property="og:site_name" content="${e(page.words.appName)}">`,
    `<meta property="og:title" content="${e(page.title)}">`,
    `<meta property="og:description" content="${e(desc)}">`,
    `<meta property="og:url" content="${e(url)}">`,
    `<meta property="og:locale" content="${OG_LOCALES[page.language]}">`,
    ...page.languages.filter((lang) => lang !== page.language).map((lang) => `<meta property="og:locale:alternate" content="${OG_LOCALES[lang]}">`),
    `<meta property="og:image" content="${e(card)}">`,
    `<meta property="og:image:width" content="${CARD_WIDTH}">`,
    `<meta property="og:image:height" content="${CARD_HEIGHT}">`,
    `<meta property="og:image:alt" content="${e(`${page.title} — ${page.words.countText}`)}">`,
    `<meta name="twitter:card" content="summary_large_image">`,
    `<meta name="twitter:title" content="${e(page.title)}">`,
    `<meta name="twitter:description" content="${e(desc)}">`,
    `<meta name="twitter:image" content="${e(card)}">`,
    `<meta name="twitter:image:alt" content="${e(`${page.title} — ${page.words.countText}`)}">`,
  ];
}

/**
 * What `<main>` holds until the script's view replaces it: the campaign view's own markup and
 * classes (web/src/campaign/campaign-page.ts), so the text stands where it will stay.
 */
export function prerenderedBlock(page: CampaignPageInput): string {
  const e = escapeHtml;
  const lang = `lang="${page.language}" dir="${dirOf(page.language)}"`;
  const w = page.words;
  const targets = page.targets ?? [];
  const count =
    w.countNumber !== undefined && w.countWord !== undefined
      ? `<span class="tally-number">${e(w.countNumber)}</span> <span class="tally-word">${e(w.countWord)}</span>`
      : e(w.countText);
  return [
    `<article class="petition" data-prerendered="${e(page.slug)}">`,
    page.kind && w.kindLabel ? `<p class="badge badge-${page.kind}">${e(w.kindLabel)}</p>` : '',
    `<h1 tabindex="-1" class="petition-title" ${lang}>${e(page.title)}</h1>`,
    targets.length > 0 && w.addressedTo
      ? `<section class="addressed" aria-labelledby="addressed-label"><h2 class="label" id="addressed-label">${e(w.addressedTo)}</h2><ul>${targets
          .map((t) => `<li><span class="target-name">${e(t.name)}</span>${t.office ? `<span class="target-office">${e(t.office)}</span>` : ''}</li>`)
          .join('')}</ul></section>`
      : '',
    // The bar is drawn empty: its fill's width would need an inline style, which the CSP refuses. The
    // updated line holds its place (a zero-width space) until the script writes it.
    `<section class="tally"><p class="tally-count">${count}</p>${
      w.goalText ? `<div class="progress" aria-hidden="true"><div class="progress-fill"></div></div><p class="tally-goal">${e(w.goalText)}</p>` : ''
    }<p class="tally-updated" aria-hidden="true">\u200b</p></section>`,
    page.status !== 'open' && page.words.closedNotice ? `<section class="notice notice-closed"><p>${e(page.words.closedNotice)}</p></section>` : '',
    `<div class="petition-text petition-html" ${lang}>${page.textHtml}</div>`,
    `</article>`,
  ]
    .filter(Boolean)
    .join('\n');
}

/**
 * The whole page, made from the built shell. Fails (throws) when the shell lacks what it must replace,
 * rather than publish a page without its tags.
 */
export function renderCampaignPage(shell: string, page: CampaignPageInput): string {
  // What the public answer shows, and nothing else: a draft (or anything unknown) is never rendered.
  if (!(PUBLIC_STATUSES as readonly string[]).includes(page.status)) throw new Error(`A campaign that is ${String(page.status)} has no public page.`);
  const e = escapeHtml;
  const steps: [RegExp, (match: string) => string][] = [
    [/<html[^>]*>/, () => `<html lang="${page.language}" dir="${dirOf(page.language)}">`],
    [/<meta name="description" content="[^"]*">/, () => `<meta name="description" content="${e(description(plainText(page.textHtml)))}">`],
    [/<title>[^<]*<\/title>/, () => `<title>${e(page.title)} — ${e(page.words.appName)}</title>\n  ${headTags(page).join('\n  ')}`],
    // The shell's noscript note is for the list; this page has its content already.
    [/<main id="main"([^>]*)>[\s\S]*?<\/main>/, (match) => `${match.slice(0, match.indexOf('>') + 1)}\n${prerenderedBlock(page)}\n  </main>`],
  ];
  let html = shell;
  for (const [pattern, replace] of steps) {
    if (!pattern.test(html)) throw new Error(`The page shell has no ${pattern.source}: cannot publish campaign pages from it.`);
    // A function, so `$` in a title is never read as a replacement pattern.
    html = html.replace(pattern, (match) => replace(match));
  }
  // The shell's own links are hash routes of the page at `/`: from /c/<slug> they must say so.
  return html.replace(/href="#\//g, 'href="/#/');
}

/**
 * A campaign's public address and the files its static page is published as (issue #17, item 1).
 *
 *   /c/<slug>          the page in the campaign's original language   → c/<slug>/index.html
 *   /c/<slug>/<lang>   the page in one of its translations             → c/<slug>/<lang>/index.html
 *   /c/<slug>/card.png its share card (drawn elsewhere; only referenced here)
 *
 * A translation has a path of its own (not `?lang=`) so that each language is a file of its own for
 * the CDN and the bucket, with no query string in the cache key. CloudFront rewrites the first two
 * (infra/constructs/static-site.ts, a CloudFront Function that does what `pageKeyOfPath` does) and
 * the local server asks `pageKeyOfPath` itself. Pure: imported by the page, the publisher and infra.
 */
import { SLUG } from './limits.ts';
import { isLanguage, LANGUAGES, type Language } from '../lib/language.ts';

/** The folder of the bucket every published page is under; the publisher may write only here. */
export const PAGES_PREFIX = 'c/';

const base = (siteUrl: string) => siteUrl.replace(/\/+$/, '');

/** `/c/<slug>`, or `/c/<slug>/<lang>` for a translation (`lang` = the original gives the first). */
export function campaignPath(slug: string, lang?: Language, original?: Language): string {
  return `/c/${encodeURIComponent(slug)}${lang && lang !== original ? `/${lang}` : ''}`;
}

/** The absolute address of a campaign's page: what is shared, and the public answer's `url`. */
export function campaignPageUrl(siteUrl: string, slug: string, lang?: Language, original?: Language): string {
  return `${base(siteUrl)}${campaignPath(slug, lang, original)}`;
}

/** The share card's address (1200×630 PNG). */
export function campaignCardUrl(siteUrl: string, slug: string): string {
  return `${base(siteUrl)}/c/${encodeURIComponent(slug)}/card.png`;
}

/** The bucket key of a page: `c/<slug>/index.html` (original) or `c/<slug>/<lang>/index.html`. */
export function pageKey(slug: string, lang?: Language): string {
  return `${PAGES_PREFIX}${slug}/${lang ? `${lang}/` : ''}index.html`;
}

/** Every key a campaign's pages can have: the original's and one per language. */
export function allPageKeys(slug: string): string[] {
  return [pageKey(slug), ...LANGUAGES.map((lang) => pageKey(slug, lang))];
}

/**
 * The bucket key a request path is served from, or undefined when the path is no campaign page (the
 * card, anything else). A trailing slash is allowed; the slug must be a valid one.
 */
export function pageKeyOfPath(pathname: string): string | undefined {
  const match = /^\/c\/([^/]+)(?:\/([a-z]{2}))?\/?$/.exec(pathname);
  if (!match || !SLUG.test(match[1]!)) return undefined;
  const lang = match[2];
  if (lang !== undefined && !isLanguage(lang)) return undefined;
  return pageKey(match[1]!, lang as Language | undefined);
}

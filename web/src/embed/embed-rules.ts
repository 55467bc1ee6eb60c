/**
 * The embeddable widget's pure parts, shared by the embed page (embed.ts), the snippet (widget.ts,
 * built to /widget.js) and the organisers' page that shows the snippet: no DOM, so the
 * snippet stays a few hundred bytes and all of it can be tested without a browser. Its one import is the
 * server's own slug, tag and host rules (functions/rules/limits.ts: constants only, no code).
 *
 *   <script src="https://<site>/widget.js" data-campaign="<slug>" data-lang="ka" data-tag="spring-mailing" async></script>
 *
 * inserts an iframe of `/embed.html?slug=<slug>&lang=ka&tag=spring-mailing` after itself; the embed
 * page says how tall it is with postMessage and the snippet sizes the iframe to it.
 */

import { HOSTNAME, SLUG, SOURCE_TAG as TAG } from '../../../functions/rules/limits.ts';

/** The message the embed page sends its parent whenever its height (or title) changes. */
export const RESIZE_MESSAGE = 'undersigned:resize';

export interface ResizeMessage {
  type: typeof RESIZE_MESSAGE;
  /** The slug the frame shows, so several widgets on one page each take only their own. */
  slug: string;
  /** CSS pixels. */
  height: number;
  /** The campaign's title, for the iframe's title attribute. */
  title?: string;
}

/** Tallest a frame may be made: a hostile or broken message must not make the host page endless. */
export const MAX_FRAME_HEIGHT = 5000;

const LANG = /^[a-z]{2}$/;

export interface EmbedParams {
  slug: string;
  /** As given; the page checks it against its languages (chooseLanguage). */
  lang?: string;
  tag?: string;
}

/** `?slug=…&lang=…&tag=…` of the embed page; undefined without a usable slug. A bad tag is dropped. */
export function parseEmbedParams(search: string): EmbedParams | undefined {
  const q = new URLSearchParams(search);
  const slug = q.get('slug') ?? '';
  if (!SLUG.test(slug)) return undefined;
  const params: EmbedParams = { slug };
  const lang = q.get('lang');
  if (lang && LANG.test(lang)) params.lang = lang;
  const tag = q.get('tag');
  if (tag && TAG.test(tag)) params.tag = tag;
  return params;
}

/** The embed page's address for a campaign. `site` is the origin (with or without a trailing slash). */
export function embedUrl(site: string, slug: string, options: { lang?: string | undefined; tag?: string | undefined } = {}): string {
  const q = new URLSearchParams({ slug });
  if (options.lang) q.set('lang', options.lang);
  if (options.tag) q.set('tag', options.tag);
  return `${site.replace(/\/+$/, '')}/embed.html?${q.toString()}`;
}

/**
 * The site that shows the widget, as the sign request's `source.host`: the top page's origin where
 * the browser tells it (`location.ancestorOrigins`, Chromium and Safari), else the referrer the
 * embedding page sent when it loaded the frame (its origin under the default referrer policy).
 * Undefined when the page is not framed by another site, or the embedding site sends no referrer:
 * the signature then counts as `direct`.
 */
export function embeddingHost(context: { ancestorOrigins?: readonly string[] | undefined; referrer: string; ownOrigin: string }): string | undefined {
  const candidates = [context.ancestorOrigins?.[context.ancestorOrigins.length - 1], context.referrer];
  for (const candidate of candidates) {
    if (!candidate) continue;
    let url: URL;
    try {
      url = new URL(candidate);
    } catch {
      continue;
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') continue;
    // Our own pages (a preview on the organisers' page) are not a widget source.
    if (url.origin === context.ownOrigin) return undefined;
    const host = url.hostname.toLowerCase();
    if (HOSTNAME.test(host) && host !== 'direct') return host;
  }
  return undefined;
}

/** The `source` field of a sign request made in the widget, if there is a host to name. */
export function signSource(host: string | undefined, tag: string | undefined): { host: string; tag?: string } | undefined {
  if (!host) return undefined;
  return tag ? { host, tag } : { host };
}

export function resizeMessage(slug: string, height: number, title?: string): ResizeMessage {
  return { type: RESIZE_MESSAGE, slug, height: Math.ceil(height), ...(title ? { title } : {}) };
}

/**
 * What the snippet takes from a message event: the height (and title) for its frame, or undefined
 * for anything else. Only a message from our own origin, from that very frame, of the right shape
 * and slug, with a sane height, counts.
 */
export function readResizeMessage(
  event: { origin: string; data: unknown; source: unknown },
  expected: { origin: string; frame: unknown; slug: string },
): { height: number; title?: string } | undefined {
  if (event.origin !== expected.origin || event.source !== expected.frame || expected.frame == null) return undefined;
  const data = event.data;
  if (typeof data !== 'object' || data === null) return undefined;
  const m = data as Record<string, unknown>;
  if (m.type !== RESIZE_MESSAGE || m.slug !== expected.slug) return undefined;
  if (typeof m.height !== 'number' || !Number.isFinite(m.height) || m.height <= 0) return undefined;
  const height = Math.min(Math.ceil(m.height), MAX_FRAME_HEIGHT);
  return typeof m.title === 'string' && m.title !== '' ? { height, title: m.title.slice(0, 300) } : { height };
}

/** The `<script>` snippet an organisation pastes into its site. */
export function scriptSnippet(site: string, slug: string, options: { lang?: string | undefined; tag?: string | undefined } = {}): string {
  const attrs = [`src="${site.replace(/\/+$/, '')}/widget.js"`, `data-campaign="${slug}"`];
  if (options.lang) attrs.push(`data-lang="${options.lang}"`);
  if (options.tag) attrs.push(`data-tag="${options.tag}"`);
  return `<script ${attrs.join(' ')} async></script>`;
}

/** The plain `<iframe>` alternative: no script on the organisation's site, but a fixed height. */
export function iframeSnippet(site: string, slug: string, title: string, options: { lang?: string | undefined; tag?: string | undefined } = {}): string {
  const escaped = title.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
  return `<iframe src="${embedUrl(site, slug, options).replace(/&/g, '&amp;')}" title="${escaped}" width="100%" height="720" style="border:0;max-width:640px" loading="lazy"></iframe>`;
}

/** One row of the organisers' table by source: a widget site (and tag), or `direct` for our own page. */
export interface SourceRow {
  key: string;
  direct: boolean;
  host?: string;
  tag?: string;
  count: number;
}

/**
 * The dashboard's `sources` map (`{ direct: 4, "ngo.example": 2, "ngo.example#mailing": 1 }`) as
 * rows, most signatures first; anything malformed is left out.
 */
export function sourceRows(v: unknown): SourceRow[] {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return [];
  const rows: SourceRow[] = [];
  for (const [key, n] of Object.entries(v as Record<string, unknown>)) {
    if (typeof n !== 'number' || !Number.isFinite(n) || n <= 0) continue;
    const count = Math.trunc(n);
    if (key === 'direct') {
      rows.push({ key, direct: true, count });
      continue;
    }
    const [host = '', tag, ...rest] = key.split('#');
    if (rest.length > 0 || !HOSTNAME.test(host) || (tag !== undefined && !TAG.test(tag))) continue;
    rows.push(tag === undefined ? { key, direct: false, host, count } : { key, direct: false, host, tag, count });
  }
  return rows.sort((a, b) => b.count - a.count || (a.key < b.key ? -1 : 1));
}

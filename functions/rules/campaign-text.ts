/**
 * A campaign's text as HTML for the public page. Organisers write a markdown subset; the page shows
 * it formatted, and it must never run anything in a reader's browser: people read these pages in
 * places where a hijacked page could be used against them.
 *
 * Two independent layers, so one mistake is not enough:
 * 1. micromark with its defaults: raw HTML in the markdown is shown as text, and links with
 *    dangerous protocols (javascript:, data:, vbscript:) lose their address.
 * 2. sanitize-html with a strict allow-list of the tags the subset produces; everything else is
 *    dropped (its text kept), links keep only http(s)/mailto addresses and get a rel that stops the
 *    opened page from reaching back and keeps us from vouching for it.
 *
 * Rendered when a text is written, not when it is read: the petitions table's stream publisher
 * (#usecases/publish-pages.ts) renders each text of a campaign that changed and stores the HTML beside
 * it, and `npm run pages:publish` does the same for every campaign. The read routes show the stored
 * HTML only if it was made from the very text they show and under the current RENDER_RULES
 * (#rules/rendered-text.ts), else a plain escaped fallback; they never import this file (its libraries
 * are most of a public route's bundle and cold start, issue #16). So a tightened rule goes with a raised
 * RENDER_RULES: until `npm run pages:publish` runs again, pages show the plain fallback, never the
 * HTML of the older rules.
 */
import { micromark } from 'micromark';
import sanitizeHtml from 'sanitize-html';
import { RENDER_RULES, textHash, type StoredTextHtml } from './rendered-text.ts';

export { RENDER_RULES };

const SAFE_HREF = /^(?:https?:\/\/|mailto:)/i;
const LINK_REL = 'noopener noreferrer nofollow';

const options: sanitizeHtml.IOptions = {
  allowedTags: ['p', 'h2', 'h3', 'h4', 'strong', 'em', 'ul', 'ol', 'li', 'a', 'blockquote', 'br'],
  allowedAttributes: { a: ['href', 'rel'] },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: {},
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  // Unknown tags go, their text stays; script/style/textarea content goes with them.
  disallowedTagsMode: 'discard',
  // A paragraph left empty (it held only an image) is dropped rather than shown as a gap.
  exclusiveFilter: (frame) => frame.tag === 'p' && frame.text.trim() === '',
  transformTags: {
    // The page's own title is the h1; an organiser's headings sit below it.
    h1: 'h2',
    h5: 'h4',
    h6: 'h4',
    a: (_tagName, attribs) => {
      const href = (attribs.href ?? '').trim();
      return { tagName: 'a', attribs: { ...(SAFE_HREF.test(href) ? { href } : {}), rel: LINK_REL } };
    },
  },
};

/**
 * Rendering a long text takes tens of milliseconds; a warm function keeps the last few results, so a
 * campaign's page costs that once per instance and text, not per request. Keyed by the markdown, so
 * each translation is its own entry; room for a few campaigns in all ten languages.
 */
const rendered = new Map<string, string>();
const KEEP = 64;

export function campaignTextHtml(markdown: string): string {
  const cached = rendered.get(markdown);
  if (cached !== undefined) return cached;
  const html = sanitizeHtml(micromark(markdown), options).trim();
  if (rendered.size >= KEEP) rendered.delete(rendered.keys().next().value!);
  rendered.set(markdown, html);
  return html;
}

/** A text rendered for storing: the HTML with what it was made from (see #rules/rendered-text.ts). */
export function renderedText(markdown: string): StoredTextHtml {
  return { html: campaignTextHtml(markdown), textHash: textHash(markdown), rules: RENDER_RULES };
}

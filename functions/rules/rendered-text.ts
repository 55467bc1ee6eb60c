/**
 * Which HTML a read route shows for a campaign's text. The text is rendered (#rules/campaign-text.ts:
 * micromark and sanitize-html, about 270 KB and 18 ms of import) when it is written, by the petitions
 * stream's page publisher and by `npm run pages:publish`, and stored beside it; the public routes only
 * read it, so their bundles stay small and their cold starts short (issue #16).
 *
 * The stored HTML is shown only when it was rendered from exactly the text being shown (its sha256) and
 * under the current rules. Otherwise (seconds after an edit, before the stream has caught up, or after
 * a tightened rule until pages are published again) the reader gets the plain fallback below, never
 * an older rendering: a rule is tightened because the old output was unsafe.
 */
import { createHash } from 'node:crypto';

/**
 * The renderer's rules version. Raise it with any change to what campaignTextHtml produces: stored
 * renderings of older rules are then no longer shown, and `npm run pages:publish` renders them again.
 */
export const RENDER_RULES = 1;

/** A stored rendering, with what it was made from. */
export interface StoredTextHtml {
  html: string;
  /** sha256 (hex) of the markdown it was rendered from. */
  textHash: string;
  /** RENDER_RULES of the code that rendered it. */
  rules: number;
}

export function textHash(markdown: string): string {
  return createHash('sha256').update(markdown, 'utf8').digest('hex');
}

/** Whether a stored rendering may be shown for this text: made from it, under the current rules. */
export function isCurrent(stored: StoredTextHtml | undefined, markdown: string): stored is StoredTextHtml {
  return stored !== undefined && stored.rules === RENDER_RULES && stored.textHash === textHash(markdown);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/**
 * The text as plain paragraphs: every character that means something in HTML escaped, paragraphs at
 * blank lines. Markdown marks stay visible (`**bold**`); that is the price of not carrying a renderer,
 * paid only until the stored rendering catches up.
 */
export function plainTextHtml(markdown: string): string {
  return markdown
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph !== '')
    .map((paragraph) => `<p>${paragraph.replace(/[&<>"']/g, (c) => ESCAPES[c]!)}</p>`)
    .join('\n');
}

/** The HTML to show for a text: its stored rendering when current, else the plain fallback. */
export function shownTextHtml(markdown: string, stored: StoredTextHtml | undefined): string {
  return isCurrent(stored, markdown) ? stored.html : plainTextHtml(markdown);
}

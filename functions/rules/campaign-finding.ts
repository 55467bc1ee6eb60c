/**
 * Finding campaigns (GET /api/campaigns, issue #17): how a search matches a title, and the list's
 * page cursor. Pure, no I/O.
 *
 * Matching: both sides are normalised the same way (searchFold: NFKC, then Unicode's default case
 * folding as JavaScript can do it: upper then lower case, so `ß` = `ss`, final `ς` = `σ`, Georgian
 * Mtavruli = Mkhedruli, Armenian `և` = `եւ`); the query is cut into words at spaces and punctuation,
 * and a campaign matches when **every word is a substring** of its title or of one of its translated
 * titles (not only a prefix: Georgian and Armenian words take suffixes and prefixes, so a stem must
 * match inside a word). Diacritics count (`e` does not find `é`): in Latvian, Czech, Romanian and
 * Azerbaijani they tell words apart.
 */
import { FIND_LIMITS, SLUG } from './limits.ts';

/** NFKC, then case-folded: the form a title and a query are compared in. */
export function searchFold(value: string): string {
  return value.normalize('NFKC').toUpperCase().toLowerCase().normalize('NFKC');
}

/** The query's words, folded, without duplicates; at most FIND_LIMITS.wordsMax (the rest are ignored). */
export function searchWords(query: string): string[] {
  const words = searchFold(query)
    .split(/[\s\p{P}\p{S}]+/u)
    .filter((w) => w.length > 0);
  return [...new Set(words)].slice(0, FIND_LIMITS.wordsMax);
}

/** Whether every word is found in one of the titles (an empty query matches everything). */
export function titlesMatch(words: readonly string[], titles: readonly string[]): boolean {
  if (words.length === 0) return true;
  const haystack = titles.map(searchFold).join('\n');
  return words.every((word) => haystack.includes(word));
}

/**
 * The list's order: newest first by creation, then by slug (two campaigns made in the same
 * millisecond still have one order). A cursor is the position of the last item of a page.
 */
export interface ListPosition {
  createdAt: string;
  slug: string;
}

export function comesBefore(a: ListPosition, b: ListPosition): boolean {
  if (a.createdAt !== b.createdAt) return a.createdAt > b.createdAt;
  return a.slug < b.slug;
}

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

/**
 * The opaque cursor of the next page: the last item's position, as base64url JSON. It names only a
 * public campaign's slug and creation time, which the list itself shows, so it needs no secret;
 * every cursor is checked for exactly that shape (decodeCursor), and a forged one that fits merely
 * starts the list at another place.
 */
export function encodeCursor(position: ListPosition): string {
  return Buffer.from(JSON.stringify([position.createdAt, position.slug]), 'utf8').toString('base64url');
}

/** The position a cursor holds, or undefined when it is not one this server made. */
export function decodeCursor(cursor: string): ListPosition | undefined {
  if (cursor.length === 0 || cursor.length > FIND_LIMITS.cursorMax || !/^[A-Za-z0-9_-]+$/.test(cursor)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) return undefined;
  const [createdAt, slug] = parsed as unknown[];
  if (typeof createdAt !== 'string' || !ISO.test(createdAt) || Number.isNaN(Date.parse(createdAt))) return undefined;
  if (typeof slug !== 'string' || !SLUG.test(slug)) return undefined;
  // Canonical only: the same position always has the same cursor.
  if (encodeCursor({ createdAt, slug }) !== cursor) return undefined;
  return { createdAt, slug };
}

/**
 * One page of a list already in order: the items after the cursor's position, at most `size`, and
 * the cursor of the next page when there are more.
 */
export function pageOf<T extends ListPosition>(ordered: readonly T[], size: number, after?: ListPosition): { page: T[]; next?: string } {
  const rest = after ? ordered.filter((item) => comesBefore(after, item)) : ordered;
  const page = rest.slice(0, size);
  const last = page.at(-1);
  return rest.length > size && last ? { page, next: encodeCursor(last) } : { page };
}

/**
 * Finding campaigns (issue #17): the list's state as it stands in the address (`#/?q=…&kind=…`), and
 * the requests the list and an organisation's page send (GET /api/campaigns). Pure: no DOM, no fetch.
 * What a request may hold comes from the server's own limits (functions/rules/limits.ts), so every
 * request built here is one the server takes (test/unit/page-server-contract.test.ts).
 */
import {
  CAMPAIGN_KINDS,
  COUNTRY_CODE,
  FIND_LIMITS,
  LIST_SHELVES,
  ORGANISATION_PUBLIC_ID,
  type CampaignKind,
  type ListShelf,
} from '../../../functions/rules/limits.ts';
import { COUNTRY_CODES } from '../app/countries.ts';

export { FIND_LIMITS };

/** What the list shows: the words searched, the filters and the shelf (open, or the archive). */
export interface ListState {
  q: string;
  kind?: CampaignKind;
  country?: string;
  org?: string;
  shelf: ListShelf;
}

export const EMPTY_LIST_STATE: ListState = { q: '', shelf: 'open' };

/** Milliseconds the search waits after the last key before it asks. */
export const SEARCH_DEBOUNCE_MS = 300;

/** A search as the server takes it: at most FIND_LIMITS.queryMax code points (the rest is cut). */
export function boundedQuery(q: string): string {
  const points = Array.from(q);
  return points.length > FIND_LIMITS.queryMax ? points.slice(0, FIND_LIMITS.queryMax).join('') : q;
}

export const isKind = (value: unknown): value is CampaignKind => typeof value === 'string' && (CAMPAIGN_KINDS as readonly string[]).includes(value);
export const isShelf = (value: unknown): value is ListShelf => typeof value === 'string' && (LIST_SHELVES as readonly string[]).includes(value);
export const isCountry = (value: unknown): value is string => typeof value === 'string' && COUNTRY_CODE.test(value) && COUNTRY_CODES.includes(value);
export const isOrganisationId = (value: unknown): value is string => typeof value === 'string' && ORGANISATION_PUBLIC_ID.test(value);

/**
 * The list's state from the address's hash (`#/?q=park&kind=letter&status=archive`). Whatever does
 * not fit is left out, so a mangled shared link still shows a list rather than an error.
 */
export function readListState(hash: string): ListState {
  const at = hash.indexOf('?');
  const params = new URLSearchParams(at === -1 ? '' : hash.slice(at + 1));
  const kind = params.get('kind');
  const country = params.get('country');
  const org = params.get('org');
  const shelf = params.get('status');
  return {
    q: boundedQuery(params.get('q') ?? ''),
    ...(isKind(kind) ? { kind } : {}),
    ...(isCountry(country) ? { country } : {}),
    ...(isOrganisationId(org) ? { org } : {}),
    shelf: isShelf(shelf) ? shelf : 'open',
  };
}

/** The filters as query parameters, in a fixed order; the defaults (no words, open shelf) left out. */
function filterParams(state: ListState): URLSearchParams {
  const params = new URLSearchParams();
  const q = boundedQuery(state.q.trim());
  if (q) params.set('q', q);
  if (state.kind) params.set('kind', state.kind);
  if (state.country) params.set('country', state.country);
  if (state.org) params.set('org', state.org);
  if (state.shelf !== 'open') params.set('status', state.shelf);
  return params;
}

/** The hash of the list in a state: what the address bar shows and a shared link holds. */
export function listHash(state: ListState): string {
  const query = filterParams(state).toString();
  return query ? `#/?${query}` : '#/';
}

/** GET /api/campaigns for a state, a page (`cursor`) and the reader's language. */
export function listApiPath(state: ListState, options: { cursor?: string; lang?: string; limit?: number } = {}): string {
  const params = filterParams(state);
  if (options.cursor) params.set('cursor', options.cursor);
  if (options.limit !== undefined) params.set('limit', String(Math.min(Math.max(1, Math.trunc(options.limit)), FIND_LIMITS.pageMax)));
  if (options.lang) params.set('lang', options.lang);
  return `/api/campaigns?${params.toString()}`;
}

/** Whether two states ask for the same list. */
export function sameList(a: ListState, b: ListState): boolean {
  return listHash(a) === listHash(b);
}

/**
 * GET /api/campaigns/{slug}/count — the live counter: confirmed signatures only. Submissions awaiting
 * their email confirmation are not shown to the public: that figure moved for a new address and not
 * for one that had signed, so it told anyone whether an email had signed. Organisers see it on the
 * dashboard. Cacheable for a second so a CDN absorbs the polling of many watchers: each edge asks the
 * origin at most about once a second.
 */
import { httpHandler, json, pathParam } from '#lib/http.ts';
import { notFound } from '#lib/errors.ts';
import { getCount } from '#store/counts.ts';
import type { Answer } from '#openapi/operations.ts';

export const COUNT_CACHE_CONTROL = 'public, max-age=1, s-maxage=1, stale-while-revalidate=2';

export const handler = httpHandler(async (event) => {
  const stored = await getCount(pathParam(event, 'slug'));
  if (!stored) throw notFound();
  return json<Answer<'get-count'>>(200, { count: stored.count, asOf: stored.asOf }, { 'cache-control': COUNT_CACHE_CONTROL });
});

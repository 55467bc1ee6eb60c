/**
 * GET /api/campaigns — campaigns open for signing (or, with `status=archive`, closed and delivered
 * ones with their outcome), searched by title in any script and filtered by organisation, country and
 * kind, a page at a time (issue #17; #usecases/finding.ts). Bad values are refused on their field in
 * the reader's language (`lang`, else Accept-Language).
 */
import { httpHandler, json, parseInput } from '#lib/http.ts';
import { isLanguage, loadStrings } from '#lib/language.ts';
import { publicCampaignQuerySchema } from '#rules/campaign-schema.ts';
import { findCampaigns } from '#usecases/finding.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  const raw = event.queryStringParameters ?? {};
  // Errors in the language asked for: the error middleware renders in event.lang.
  if (typeof raw.lang === 'string' && isLanguage(raw.lang)) {
    event.lang = raw.lang;
    await loadStrings(raw.lang);
  }
  const query = parseInput(publicCampaignQuerySchema, { ...raw }, event.lang);
  const reader = query.lang !== undefined && isLanguage(query.lang) ? query.lang : undefined;
  const found = await findCampaigns(query, reader, new Date());
  return json<Answer<'list-public-campaigns'>>(200, found, { 'cache-control': 'public, max-age=5, s-maxage=5' });
});

/**
 * POST /api/campaigns/{slug}/cosigners/preview — the page behind a co-signing invitation link posts
 * the link's token here when it opens, and shows the letter the organisation is asked to sign (title,
 * addressees, text), or at once that the link was used or has expired. Reading only: the invitation is
 * spent by pressing Co-sign (POST /api/campaigns/{slug}/cosigners), never by opening the link.
 * The text's HTML is the stored rendering, as on the public page (#rules/rendered-text.ts).
 */
import { httpHandler, json, parseInput, pathParam } from '#lib/http.ts';
import { previewCosign } from '#usecases/campaigns.ts';
import { cosignPreviewSchema } from '#rules/campaign-schema.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  const { token } = parseInput(cosignPreviewSchema, event.parsedBody);
  const letter = await previewCosign(pathParam(event, 'slug'), token, {
    query: event.queryStringParameters?.lang,
    acceptLanguage: event.headers?.['accept-language'],
  });
  return json<Answer<'preview-cosign'>>(200, letter, { 'cache-control': 'no-store' });
});

/**
 * POST /api/campaigns/{slug}/cosigners — an organisation co-signs through its invitation link
 * (`{ token, name, country, website? }`). The invitation works once.
 */
import { httpHandler, json, parseInput, pathParam } from '#lib/http.ts';
import { cosign } from '#usecases/campaigns.ts';
import { cosignSchema } from '#rules/campaign-schema.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  const slug = pathParam(event, 'slug');
  const input = parseInput(cosignSchema, event.parsedBody);
  const { name, country, website } = await cosign(slug, input);
  return json<Answer<'cosign'>>(201, { name, country, ...(website ? { website } : {}) });
});

/**
 * POST /api/petitions/{slug}/signatures — sign. 202 whether this is a first or a repeat signature,
 * so the response never tells anyone whether an email has signed.
 */
import { httpHandler, json, parseInput, pathParam } from '#lib/http.ts';
import { loadSecret } from '#lib/config.ts';
import { signatureInputSchema } from '#domain/signature.ts';
import { sign } from '#domain/signing.ts';

const hashKey = await loadSecret('HASH_KEY');

export const handler = httpHandler(async (event) => {
  const slug = pathParam(event, 'slug');
  const input = parseInput(signatureInputSchema, event.parsedBody);
  await sign(slug, input, hashKey);
  return json(202, { status: 'received' });
});

/**
 * POST /api/campaigns/{slug}/signatures — sign. The same 202 after the same work for every address,
 * first or repeat: the request stores a submission and answers; the mail that says which follows from
 * the stream (#usecases/submissions.ts). So neither the answer nor its timing tells anyone whether an
 * email has signed.
 */
import { httpHandler, json, parseInput, pathParam } from '#lib/http.ts';
import { loadSecret } from '#lib/config.ts';
import { signatureInputSchema } from '#rules/signature.ts';
import { sign, signableCampaign, type SigningConfig } from '#usecases/signing.ts';
import { challengeSecret } from '#rules/challenge.ts';
import { isHoneypotFilled, verifiedChallenge } from '#usecases/abuse.ts';
import type { Answer } from '#openapi/operations.ts';

const hashKey = await loadSecret('HASH_KEY');
const altchaSecret = challengeSecret(hashKey);
const config: SigningConfig = { hashKey, confirmTtlDays: Number(process.env.CONFIRM_TTL_DAYS ?? 7) };
if (!(config.confirmTtlDays > 0)) throw new Error('CONFIRM_TTL_DAYS must be a positive number of days.');

const received = () => json<Answer<'sign'>>(202, { status: 'received' });

export const handler = httpHandler(async (event) => {
  const slug = pathParam(event, 'slug');
  const input = parseInput(signatureInputSchema, event.parsedBody);
  // A bot that filled the hidden field learns nothing: same answer, nothing stored, no mail.
  if (isHoneypotFilled(input.website)) return received();
  const now = new Date();
  // Without a solved challenge, nothing is read; an unknown or closed campaign, or a field it
  // requires missing, is refused before anything is written: a refused request stores nothing.
  const solved = await verifiedChallenge(input.altcha, altchaSecret, now);
  const campaign = await signableCampaign(slug, input, now);
  await sign(campaign, input, solved, { ...config, lang: event.lang }, event.requestContext?.http?.sourceIp, now);
  return received();
});

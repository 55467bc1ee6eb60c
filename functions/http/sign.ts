/**
 * POST /api/petitions/{slug}/signatures — sign. 202 whether this is a first or a repeat signature,
 * so the response never tells anyone whether an email has signed; the confirmation mail says which.
 */
import { httpHandler, json, parseInput, pathParam } from '#lib/http.ts';
import { loadSecret, requireEnv } from '#lib/config.ts';
import { signatureInputSchema } from '#domain/signature.ts';
import { sign, signablePetition, type SigningConfig } from '#domain/signing.ts';
import { challengeSecret } from '#domain/challenge.ts';
import { isHoneypotFilled, recordVelocity, spendChallenge, verifiedChallenge } from '#domain/abuse.ts';

const hashKey = await loadSecret('HASH_KEY');
const altchaSecret = challengeSecret(hashKey);
const config: SigningConfig = {
  hashKey,
  siteUrl: requireEnv('SITE_URL').replace(/\/+$/, ''),
  confirmTtlDays: Number(process.env.CONFIRM_TTL_DAYS ?? 7),
};
if (!(config.confirmTtlDays > 0)) throw new Error('CONFIRM_TTL_DAYS must be a positive number of days.');

const received = () => json(202, { status: 'received' });

export const handler = httpHandler(async (event) => {
  const slug = pathParam(event, 'slug');
  const input = parseInput(signatureInputSchema, event.parsedBody);
  // A bot that filled the hidden field learns nothing: same answer, nothing stored, no mail.
  if (isHoneypotFilled(input.website)) return received();
  const now = new Date();
  // Without a solved challenge, nothing is read; an unknown or closed campaign, or a field it
  // requires missing, is refused before the proof of work is spent and the velocity signal counts:
  // a refused request stores nothing.
  const solved = await verifiedChallenge(input.altcha, altchaSecret, now);
  const petition = await signablePetition(slug, input, now);
  await spendChallenge(solved);
  // The velocity signal counts attempts, alongside the write; it never fails, and is awaited so that
  // Lambda does not freeze it half-done when the signature itself fails.
  const [signed] = await Promise.allSettled([
    sign(slug, input, { ...config, lang: event.lang }, now, petition),
    recordVelocity(slug, input.email, event.requestContext?.http?.sourceIp, now),
  ]);
  if (signed.status === 'rejected') throw signed.reason;
  return received();
});

/**
 * POST /api/auth/link — asks for a sign-in link: always 202 `{}` once the proof of work is good.
 *
 * The same work for every address, so that nothing the asker can observe (answer, headers, errors,
 * timing) depends on whether it belongs to an organisation: check and spend the proof of work, seal
 * the address, store the request. The stream consumer answers it later (a link or a "not a member"
 * note, within the address's mail quota): #streams/answer-sign-ins.ts. This function cannot mail.
 */
import { httpHandler, json, parseInput } from '#lib/http.ts';
import { loadSecret } from '#lib/config.ts';
import { signInRequestSchema } from '#rules/organisation-schema.ts';
import { challengeSecret } from '#rules/challenge.ts';
import { spendChallenge, verifiedChallenge } from '#usecases/abuse.ts';
import { storeSignInRequest } from '#usecases/sign-in-requests.ts';
import type { Answer } from '#openapi/operations.ts';

const altchaSecret = challengeSecret(await loadSecret('HASH_KEY'));

export const handler = httpHandler(async (event) => {
  const { email, altcha } = parseInput(signInRequestSchema, event.parsedBody);
  const now = new Date();
  // A bad or replayed proof of work is a 400 naming `altcha`, before anything is stored.
  await spendChallenge(await verifiedChallenge(altcha, altchaSecret, now));
  await storeSignInRequest(email, event.lang ?? 'en', now);
  return json<Answer<'request-sign-in'>>(202, {});
});

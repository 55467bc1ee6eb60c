/**
 * GET /api/challenge — a fresh ALTCHA proof-of-work challenge for the sign form's widget. Stateless:
 * the challenge is signed and carries its own expiry. `no-store` (set by json()) because each one
 * must be used once: a cached challenge would be shared by every visitor behind the same cache.
 */
import { httpHandler, json } from '#lib/http.ts';
import { loadSecret } from '#lib/config.ts';
import { challengeSecret, createSignChallenge } from '#rules/challenge.ts';
import type { Answer } from '#openapi/operations.ts';

const hashKey = await loadSecret('HASH_KEY');
const secret = challengeSecret(hashKey);

export const handler = httpHandler(async () => json<Answer<'get-challenge'>>(200, await createSignChallenge(secret)));

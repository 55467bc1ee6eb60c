/**
 * What the load generators (bench/sign-path.ts, bench/freshness.ts) share: an open campaign written
 * straight to the store, and proof of work solved ahead.
 *
 * Proof of work for load generators. A browser solves each challenge on the signer's CPU; a bench that
 * did the same would measure its own solving. So the bench makes challenges with the server's own key
 * (the local stack keeps HASH_KEY in this process's environment) at a counter it knows, and "solves"
 * each with one derivation. The server still checks the full work at the production cost.
 */
import { createChallenge, solveChallenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';
import { CHALLENGE_ALGORITHM, CHALLENGE_COST, CHALLENGE_COUNTER_MAX, CHALLENGE_COUNTER_MIN, CHALLENGE_TTL_SECONDS, challengeSecret } from '#rules/challenge.ts';

export { CHALLENGE_COST };

/** `n` solved challenges, as the widget's base64 payloads, each valid for CHALLENGE_TTL_SECONDS. */
export async function presolve(n: number, hashKey = process.env.HASH_KEY!): Promise<string[]> {
  const secret = challengeSecret(hashKey);
  const span = CHALLENGE_COUNTER_MAX - CHALLENGE_COUNTER_MIN + 1;
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const counter = CHALLENGE_COUNTER_MIN + (i % span);
    const challenge = await createChallenge({
      algorithm: CHALLENGE_ALGORITHM, cost: CHALLENGE_COST, counter, deriveKey,
      expiresAt: Math.floor(Date.now() / 1000) + CHALLENGE_TTL_SECONDS, hmacSignatureSecret: secret,
    });
    const solution = await solveChallenge({ challenge, deriveKey, counterStart: counter });
    if (!solution) throw new Error('could not solve a challenge');
    out.push(Buffer.from(JSON.stringify({ challenge, solution })).toString('base64'));
  }
  return out;
}

/**
 * An open petition over the default shards, written straight to the store (the local stack has set
 * the environment): the bench measures signing and counting, not the campaign editor.
 */
export async function openBenchCampaign(slug: string): Promise<void> {
  const [{ createCampaign }, { DEFAULT_SIGNATURE_SHARDS }] = await Promise.all([import('#store/campaigns.ts'), import('#rules/campaign.ts')]);
  const now = new Date().toISOString();
  const created = await createCampaign({
    slug, kind: 'petition', title: 'Bench', text: 'Bench', targets: [{ name: 'City Hall' }], goal: 1_000_000,
    status: 'open', publicSigners: false, retentionDays: 1, signerFields: { country: 'required', comment: 'optional' },
    version: 1, shards: DEFAULT_SIGNATURE_SHARDS, createdAt: now, updatedAt: now, openedAt: now,
  });
  if (!created) throw new Error(`could not create the campaign ${slug}`);
}

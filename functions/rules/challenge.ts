/**
 * The anti-bot check on the sign form: an ALTCHA proof-of-work challenge (altcha-lib v2 format, as
 * the `altcha` 3.x widget expects). No third-party service and no data about the signer: the
 * browser spends about a second of CPU, which costs a person nothing but makes mass signing from
 * one machine expensive.
 *
 * A challenge is signed with an HMAC key of ours and expires after CHALLENGE_TTL_SECONDS, so the
 * server keeps no state to hand one out. A solved challenge could be submitted again until it
 * expires; `verifySignChallenge` returns a stable `id` so the caller can record used ids (with a
 * TTL until `expiresAt`) and refuse a replay.
 */
import { createHmac } from 'node:crypto';
import { createChallenge, verifySolution, type Challenge, type Solution } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/pbkdf2';

/** PBKDF2 over SHA-256: bundled with the widget and run by WebCrypto, so phones use native code. */
export const CHALLENGE_ALGORITHM = 'PBKDF2/SHA-256';

/**
 * PBKDF2 iterations per attempt; the work is `counter` attempts of this cost, on average 800 × 5,000
 * = 4 million HMAC-SHA-256 iterations. With altcha-lib's own solver (WebCrypto PBKDF2, one thread)
 * that takes ~0.5 s on one core of a cloud Xeon, and the same in the widget in headless Chromium.
 * Extra workers did not make Chromium faster there (its WebCrypto work appears to run on one thread),
 * so a phone's speed is roughly that of one of its cores: a mid-range phone's core being 1.5–2.5×
 * slower puts it near 1 s — while the person is still filling in the form, as the widget starts on
 * the form's first focus.
 */
export const DEFAULT_CHALLENGE_COST = 5_000;

/**
 * The cost in use: CHALLENGE_COST tunes it without a deploy of code (raise it under attack, lower it
 * if phones struggle); tests set 1 so they can sign hundreds of times. Read once, failing fast.
 */
export const CHALLENGE_COST = challengeCost(process.env.CHALLENGE_COST);

function challengeCost(value: string | undefined): number {
  if (value === undefined || value === '') return DEFAULT_CHALLENGE_COST;
  const cost = Number(value);
  if (!Number.isInteger(cost) || cost < 1) throw new Error(`CHALLENGE_COST must be a positive whole number, not "${value}".`);
  return cost;
}

/**
 * The counter the solver must reach is drawn from this range (deterministic mode): the work is
 * predictable, unlike a random prefix search whose unlucky tail can take several times the mean,
 * which on a slow phone is what makes people give up.
 */
export const CHALLENGE_COUNTER_MIN = 600;
export const CHALLENGE_COUNTER_MAX = 1_000;

/** Long enough to fill the form on a slow connection; the widget fetches a new one when it lapses. */
export const CHALLENGE_TTL_SECONDS = 10 * 60;

/** The widget's payload is base64 of a small JSON object; anything this long is not one. */
const MAX_PAYLOAD_LENGTH = 10_000;

/**
 * The ALTCHA signing key, derived from the service's HASH_KEY so no new secret has to be managed, yet
 * different from every other use of HASH_KEY: a challenge signature can never double as an email
 * hash or anything else keyed by it. The challenge handler and the sign handler both call this.
 */
export function challengeSecret(hashKey: string): string {
  return createHmac('sha256', hashKey).update('altcha-challenge', 'utf8').digest('hex');
}

/** A new signed challenge, as JSON for the widget: `{ parameters: {...}, signature }`. */
export async function createSignChallenge(secret: string, now: Date = new Date()): Promise<Challenge> {
  return createChallenge({
    algorithm: CHALLENGE_ALGORITHM,
    cost: CHALLENGE_COST,
    counter: randomCounter(),
    deriveKey,
    expiresAt: Math.floor(now.getTime() / 1000) + CHALLENGE_TTL_SECONDS,
    hmacSignatureSecret: secret,
  });
}

export type ChallengeVerdict =
  | { ok: true; id: string; expiresAt: number }
  | { ok: false; reason: 'malformed' | 'expired' | 'invalid_signature' | 'invalid_solution' };

/**
 * Checks the widget's payload: our signature on the challenge, its expiry, and that the solution
 * really is the work asked for. `id` is the challenge's signature: unique per challenge (it covers
 * the random nonce and salt) and fixed by our key, so it identifies a challenge however its JSON is
 * re-encoded. `expiresAt` is in epoch seconds.
 *
 * Never throws: anything malformed is `{ ok: false }`. `now` is for tests; altcha-lib also refuses
 * a challenge whose expiry has passed on the real clock.
 */
export async function verifySignChallenge(payload: string, secret: string, now: Date = new Date()): Promise<ChallengeVerdict> {
  try {
    const decoded = decodePayload(payload);
    if (!decoded) return { ok: false, reason: 'malformed' };
    const { challenge, solution } = decoded;
    const expiresAt = challenge.parameters.expiresAt;
    // Every challenge we issue carries an expiry; one without it was not made here.
    if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) return { ok: false, reason: 'malformed' };
    if (expiresAt * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };

    const result = await verifySolution({ challenge, solution, deriveKey, hmacSignatureSecret: secret });
    if (result.verified) return { ok: true, id: challenge.signature, expiresAt };
    if (result.expired) return { ok: false, reason: 'expired' };
    if (result.invalidSignature) return { ok: false, reason: 'invalid_signature' };
    return { ok: false, reason: 'invalid_solution' };
  } catch {
    // A KDF or hex decoder refusing some odd value: still just a failed check, never a 500.
    return { ok: false, reason: 'malformed' };
  }
}

function randomCounter(): number {
  // crypto.getRandomValues: the counter is the secret the work is about, so no Math.random.
  const [n] = crypto.getRandomValues(new Uint32Array(1));
  return CHALLENGE_COUNTER_MIN + ((n ?? 0) % (CHALLENGE_COUNTER_MAX - CHALLENGE_COUNTER_MIN + 1));
}

type SignedChallenge = Challenge & { signature: string };

/** base64(JSON) → `{ challenge, solution }` of the right shapes, or undefined. */
function decodePayload(payload: unknown): { challenge: SignedChallenge; solution: Solution } | undefined {
  if (typeof payload !== 'string' || payload.length === 0 || payload.length > MAX_PAYLOAD_LENGTH) return undefined;
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(payload)) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!isRecord(parsed) || !isRecord(parsed.challenge) || !isRecord(parsed.solution)) return undefined;
  const { parameters, signature } = parsed.challenge;
  const { counter, derivedKey } = parsed.solution;
  if (!isRecord(parameters) || typeof signature !== 'string' || !/^[0-9a-f]{64}$/.test(signature)) return undefined;
  if (parameters.algorithm !== CHALLENGE_ALGORITHM) return undefined;
  if (typeof counter !== 'number' || typeof derivedKey !== 'string') return undefined;
  return {
    challenge: { parameters: parameters as unknown as Challenge['parameters'], signature },
    solution: { counter, derivedKey },
  };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

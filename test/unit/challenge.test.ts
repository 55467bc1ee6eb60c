/**
 * The ALTCHA proof-of-work: challenges solved by altcha-lib's own solver verify; anything tampered
 * with, expired, signed with another key or not a payload at all is refused without throwing; and
 * GET /api/challenge answers what the widget expects, never cached.
 */
import { describe, it, expect } from 'vitest';
import { unitEnv } from './unit-env.ts';
import { httpEvent, invoke } from './http-event.ts';
import { solveChallenge, type Challenge } from 'altcha-lib';
import { deriveKey } from 'altcha-lib/algorithms/web/pbkdf2';

const {
  CHALLENGE_ALGORITHM,
  CHALLENGE_COST,
  CHALLENGE_COUNTER_MAX,
  CHALLENGE_COUNTER_MIN,
  CHALLENGE_TTL_SECONDS,
  challengeSecret,
  createSignChallenge,
  verifySignChallenge,
} = await import('#rules/challenge.ts');
const { handler } = await import('#http/get-challenge.ts');

const SECRET = challengeSecret(unitEnv.HASH_KEY);

/** Solves like the widget's worker does (WebCrypto PBKDF2) and encodes the payload the way the widget does. */
async function solveToPayload(challenge: Challenge): Promise<string> {
  const solution = await solveChallenge({ challenge, deriveKey });
  if (!solution) throw new Error('solver gave up');
  return encode({ challenge: { parameters: challenge.parameters, signature: challenge.signature }, solution });
}

function encode(value: unknown): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64');
}

function decode(payload: string): { challenge: Challenge; solution: { counter: number; derivedKey: string; time?: number } } {
  return JSON.parse(Buffer.from(payload, 'base64').toString('utf8'));
}

describe('challengeSecret', () => {
  it('is derived from HASH_KEY, differs from it and is stable', () => {
    expect(SECRET).toMatch(/^[0-9a-f]{64}$/);
    expect(SECRET).not.toBe(unitEnv.HASH_KEY);
    expect(challengeSecret(unitEnv.HASH_KEY)).toBe(SECRET);
    expect(challengeSecret(`${unitEnv.HASH_KEY}x`)).not.toBe(SECRET);
  });
});

describe('createSignChallenge / verifySignChallenge', () => {
  it('issues a signed PBKDF2 challenge that expires in 10 minutes', async () => {
    const now = new Date('2026-03-01T12:00:00Z');
    const challenge = await createSignChallenge(SECRET, now);
    expect(challenge.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(challenge.parameters).toMatchObject({
      algorithm: CHALLENGE_ALGORITHM,
      cost: CHALLENGE_COST,
      keyLength: 32,
      expiresAt: Math.floor(now.getTime() / 1000) + CHALLENGE_TTL_SECONDS,
    });
    expect(CHALLENGE_TTL_SECONDS).toBe(600);
    // Deterministic mode: the prefix is half the derived key, so only the chosen counter matches.
    expect(challenge.parameters.keyPrefix).toMatch(/^[0-9a-f]{32}$/);
  });

  it('accepts a real solution and returns the challenge signature as its id', async () => {
    const challenge = await createSignChallenge(SECRET);
    const payload = await solveToPayload(challenge);
    const { solution } = decode(payload);
    expect(solution.counter).toBeGreaterThanOrEqual(CHALLENGE_COUNTER_MIN);
    expect(solution.counter).toBeLessThanOrEqual(CHALLENGE_COUNTER_MAX);

    const verdict = await verifySignChallenge(payload, SECRET);
    expect(verdict).toEqual({ ok: true, id: challenge.signature, expiresAt: challenge.parameters.expiresAt });
    // The same solution verifies again: refusing a replay is the caller's job, by this id.
    expect(await verifySignChallenge(payload, SECRET)).toEqual(verdict);
  });

  it('gives each challenge its own id', async () => {
    const [a, b] = await Promise.all([createSignChallenge(SECRET), createSignChallenge(SECRET)]);
    expect(a.signature).not.toBe(b.signature);
    expect(a.parameters.nonce).not.toBe(b.parameters.nonce);
  });

  describe('refuses', () => {
    let solved: { challenge: Challenge; payload: string } | undefined;
    const solvedOnce = async () => {
      if (!solved) {
        const challenge = await createSignChallenge(SECRET);
        solved = { challenge, payload: await solveToPayload(challenge) };
      }
      return solved;
    };

    it('a challenge whose parameters were changed (cheaper work, later expiry)', async () => {
      const { payload } = await solvedOnce();
      const cheaper = decode(payload);
      // Any other cost (tests run at cost 1, so "cheaper" cannot be shown as a smaller number).
      cheaper.challenge.parameters.cost = CHALLENGE_COST + 1;
      expect(await verifySignChallenge(encode(cheaper), SECRET)).toEqual({ ok: false, reason: 'invalid_signature' });

      const later = decode(payload);
      later.challenge.parameters.expiresAt = (later.challenge.parameters.expiresAt ?? 0) + 3600;
      expect(await verifySignChallenge(encode(later), SECRET)).toEqual({ ok: false, reason: 'invalid_signature' });
    });

    it('a wrong solution for a genuine challenge', async () => {
      const { payload } = await solvedOnce();
      const wrongCounter = decode(payload);
      wrongCounter.solution.counter += 1;
      expect(await verifySignChallenge(encode(wrongCounter), SECRET)).toEqual({ ok: false, reason: 'invalid_solution' });

      const wrongKey = decode(payload);
      wrongKey.solution.derivedKey = '00'.repeat(32);
      expect(await verifySignChallenge(encode(wrongKey), SECRET)).toEqual({ ok: false, reason: 'invalid_solution' });
    });

    it('a challenge signed with another key', async () => {
      const { payload } = await solvedOnce();
      expect(await verifySignChallenge(payload, challengeSecret('another-hash-key-0123456789abcdef0123456789'))).toEqual({
        ok: false,
        reason: 'invalid_signature',
      });
      const foreign = await createSignChallenge('someone-else-secret');
      expect(await verifySignChallenge(await solveToPayload(foreign), SECRET)).toEqual({ ok: false, reason: 'invalid_signature' });
    });

    it('an expired challenge, by the clock passed in and by the real clock', async () => {
      const { challenge, payload } = await solvedOnce();
      const expiry = (challenge.parameters.expiresAt ?? 0) * 1000;
      expect(await verifySignChallenge(payload, SECRET, new Date(expiry + 1000))).toEqual({ ok: false, reason: 'expired' });
      expect(await verifySignChallenge(payload, SECRET, new Date(expiry))).toEqual({ ok: false, reason: 'expired' });

      const old = await createSignChallenge(SECRET, new Date(Date.now() - (CHALLENGE_TTL_SECONDS + 60) * 1000));
      expect(await verifySignChallenge(await solveToPayload(old), SECRET)).toEqual({ ok: false, reason: 'expired' });
    });

    it('garbage, without throwing', async () => {
      const { payload } = await solvedOnce();
      const good = decode(payload);
      const garbage: unknown[] = [
        '',
        'not base64 at all!',
        '%%%',
        encode(null),
        encode([]),
        encode('string'),
        encode({}),
        encode({ challenge: good.challenge }),
        encode({ solution: good.solution }),
        encode({ challenge: { ...good.challenge, signature: 'ABC' }, solution: good.solution }),
        encode({ challenge: { parameters: 'x', signature: good.challenge.signature }, solution: good.solution }),
        encode({ ...good, solution: { counter: '1', derivedKey: good.solution.derivedKey } }),
        encode({ ...good, solution: { counter: -1, derivedKey: good.solution.derivedKey } }),
        encode({ ...good, solution: { counter: 2 ** 40, derivedKey: good.solution.derivedKey } }),
        encode({ ...good, solution: { counter: good.solution.counter, derivedKey: 'zz' } }),
        encode({ ...good, challenge: { ...good.challenge, parameters: { ...good.challenge.parameters, algorithm: 'SHA-256' } } }),
        encode({ ...good, challenge: { ...good.challenge, parameters: { ...good.challenge.parameters, expiresAt: undefined } } }),
        encode({ ...good, challenge: { ...good.challenge, parameters: { ...good.challenge.parameters, nonce: 'xyz' } } }),
        Buffer.from('{"challenge": {', 'utf8').toString('base64'),
        'A'.repeat(20_000),
        undefined,
        null,
        42,
        {},
      ];
      for (const value of garbage) {
        const verdict = await verifySignChallenge(value as string, SECRET);
        expect(verdict.ok, String(value).slice(0, 80)).toBe(false);
      }
    });
  });
});

describe('GET /api/challenge', () => {
  it('returns a fresh challenge as JSON, never cached, in the shape the widget checks', async () => {
    const res = await invoke(handler, httpEvent({ method: 'GET', path: '/api/challenge', headers: {} }));
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    // The widget refuses a challenge unless the content type contains "/json".
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    const body = res.json as Challenge;
    // What altcha 3.x's isChallengeValid() requires, plus the signature it sends back.
    expect(Object.keys(body).sort()).toEqual(['parameters', 'signature']);
    for (const key of ['algorithm', 'nonce', 'salt', 'keyPrefix', 'cost', 'keyLength', 'expiresAt']) {
      expect(body.parameters, key).toHaveProperty(key);
    }
    expect(body.parameters.algorithm).toBe('PBKDF2/SHA-256');

    // A challenge from the handler, solved, verifies with the secret the sign handler derives.
    expect((await verifySignChallenge(await solveToPayload(body), SECRET)).ok).toBe(true);

    const again = await invoke(handler, httpEvent({ method: 'GET', path: '/api/challenge', headers: {} }));
    expect((again.json as Challenge).parameters.nonce).not.toBe(body.parameters.nonce);
  });
});

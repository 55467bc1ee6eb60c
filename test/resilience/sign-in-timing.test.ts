/**
 * Issue #13: sign-in requests must not tell by their timing whether an address organises. The proof
 * is structural (test/integration/sign-in-abuse.test.ts: a member's and a stranger's request make the
 * identical AWS calls and get byte-identical answers); this measures it too, over HTTP on loopback as
 * the attackers did: pairs of requests, one for a member and one for a stranger of the same length,
 * back to back in random order, each with its own proof of work solved beforehand (outside the timing).
 * Before the fix a member's request was a median 4.9 ms slower (15.7 against 9.6 ms on the two-core
 * machine); after it, within 0.4 ms either way (four runs: −0.12 to +0.35 ms, medians 9–12 ms). The
 * bound: a tenth of a median.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { useLocalTables } from '../support/local-tables.ts';
import { startLocalApi } from '../support/local-api.ts';
import { newOrganisation } from '../support/organisers.ts';
import { solvedChallenge } from '../support/signer.ts';

const PAIRS = Number(process.env.TIMING_PAIRS ?? 200);

let env: Awaited<ReturnType<typeof useLocalTables>>;
let api: Awaited<ReturnType<typeof startLocalApi>>;

beforeAll(async () => {
  env = await useLocalTables();
  api = await startLocalApi();
});

afterAll(async () => {
  await api?.close();
  await env?.cleanup();
});

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

it(`a member's and a stranger's sign-in requests take the same time (${PAIRS} pairs)`, async () => {
  const member = (await newOrganisation('Timing Coalition')).email;
  const stranger = `${'s'.repeat(member.indexOf('@'))}@example.org`;
  const call = api.call;
  const timed = async (email: string) => {
    const altcha = await solvedChallenge(call);
    const started = performance.now();
    const response = await call('POST', '/api/auth/link', { email, altcha });
    const took = performance.now() - started;
    expect(response.status).toBe(202);
    return took;
  };
  // Warm both paths (connections, data key, JIT) before measuring.
  for (let i = 0; i < 20; i++) await timed(i % 2 ? member : stranger);

  const asMember: number[] = [];
  const asStranger: number[] = [];
  const differences: number[] = [];
  for (let i = 0; i < PAIRS; i++) {
    const memberFirst = Math.random() < 0.5;
    const first = await timed(memberFirst ? member : stranger);
    const second = await timed(memberFirst ? stranger : member);
    const [m, s] = memberFirst ? [first, second] : [second, first];
    asMember.push(m);
    asStranger.push(s);
    differences.push(m - s);
  }
  const typical = Math.min(median(asMember), median(asStranger));
  const shift = median(differences);
  console.info(
    `sign-in request, ${PAIRS} pairs: member median ${median(asMember).toFixed(2)} ms, stranger median ${median(asStranger).toFixed(2)} ms, ` +
      `median paired difference ${shift.toFixed(3)} ms`,
  );
  expect(Math.abs(shift)).toBeLessThanOrEqual(Math.max(0.5, typical / 10));
});

/**
 * How long after a signature is confirmed does the count endpoint show it? Starts the whole local
 * stack in memory (throwaway data); for each signer: solve the proof of work, sign, take the link from
 * the local mailbox, confirm, then poll the count endpoint every 10 ms. The clock starts at the
 * confirmation's 200: that is when a signature is meant to count.
 * `npx tsx bench/freshness.ts [signatures=50]`. A starting point for `npm run bench` (issue #6).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack } from '../infra/local/stack.ts';
import { linksIn, waitForMail } from '../test/support/mailbox.ts';
import { solvedChallenge } from '../test/support/signer.ts';

const n = Number(process.argv[2] ?? 50);
// Cheap proof of work: this measures counting, not the signer's CPU.
process.env.CHALLENGE_COST ??= '1';
const localDir = mkdtempSync(join(tmpdir(), 'undersigned-bench-'));
const stack = await startLocalStack({ localDir, port: 0, inMemory: true });
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(stack.app + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

try {
  // Written straight to the store (the stack set the environment): this measures counting, not sign-in.
  const { createCampaign } = await import('#store/petitions.ts');
  const now = new Date().toISOString();
  const created = await createCampaign({
    slug: 'freshness', kind: 'petition', title: 'Bench', text: 'Bench', targets: [{ name: 'City Hall' }], goal: 1000,
    status: 'open', publicSigners: false, retentionDays: 1, signerFields: { country: 'required', comment: 'optional' },
    version: 1, shards: 16, createdAt: now, updatedAt: now, openedAt: now,
  });
  if (!created) throw new Error('could not create the campaign');

  const delays: number[] = [];
  for (let i = 1; i <= n; i++) {
    const altcha = await solvedChallenge(async (method, path) => {
      const answer = await fetch(stack.app + path, { method });
      return { status: answer.status, json: await answer.json() };
    });
    const sent = new Date();
    const email = `s${i}@example.org`;
    const response = await post('/api/petitions/freshness/signatures', { name: `Signer ${String(i).replace(/\d/g, (d) => 'ABCDEFGHIJ'[Number(d)]!)}`, email, country: 'GE', altcha });
    if (response.status !== 202) throw new Error(`sign failed: ${response.status}`);
    const { confirm } = linksIn(await waitForMail(stack.mailbox, { to: email, after: sent }));
    const confirmed = await post(`/api/petitions/freshness/signatures/${confirm!.id}/confirm`, { token: confirm!.token });
    if (confirmed.status !== 200) throw new Error(`confirm failed: ${confirmed.status}`);
    const accepted = performance.now();
    for (;;) {
      const { count } = (await (await fetch(`${stack.app}/api/petitions/freshness/count`)).json()) as { count: number };
      if (count >= i) break;
      if (performance.now() - accepted > 10_000) throw new Error('count did not move within 10 s');
      await new Promise((r) => setTimeout(r, 10));
    }
    delays.push(performance.now() - accepted);
  }
  delays.sort((a, b) => a - b);
  const at = (q: number) => delays[Math.min(delays.length - 1, Math.floor(q * delays.length))]!.toFixed(0);
  console.log(`confirmation → count visible, ${n} signatures: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`);
} finally {
  await stack.stop();
  rmSync(localDir, { recursive: true, force: true });
}

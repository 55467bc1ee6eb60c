/**
 * How long after a signature is accepted does the count endpoint show it? Starts the whole local
 * stack in memory (throwaway data), signs one at a time and polls the count endpoint every 10 ms.
 * `npx tsx bench/freshness.ts [signatures=50]`. A starting point for `npm run bench` (issue #6).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLocalStack } from '../infra/local/stack.ts';

const n = Number(process.argv[2] ?? 50);
const localDir = mkdtempSync(join(tmpdir(), 'undersigned-bench-'));
const stack = await startLocalStack({ localDir, port: 0, inMemory: true });
const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(stack.app + path, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

try {
  const created = await post(
    '/api/petitions',
    { slug: 'freshness', kind: 'petition', title: 'Bench', text: 'Bench', targets: [{ name: 'City Hall' }], goal: 1000 },
    { authorization: `Bearer ${stack.organiserToken}` },
  );
  if (created.status !== 201) throw new Error(`could not create the campaign: ${created.status}`);

  const delays: number[] = [];
  for (let i = 1; i <= n; i++) {
    const response = await post('/api/petitions/freshness/signatures', { name: `Signer ${i}`, email: `s${i}@example.org`, country: 'GE' });
    if (response.status !== 202) throw new Error(`sign failed: ${response.status}`);
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
  console.log(`signature → count visible, ${n} signatures: p50 ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${at(1)} ms`);
} finally {
  await stack.stop();
  rmSync(localDir, { recursive: true, force: true });
}

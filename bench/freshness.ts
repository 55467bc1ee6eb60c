/**
 * How long after a signature is confirmed does the count endpoint show it, while others sign?
 * Starts the whole local stack in memory (throwaway data) and, for `--seconds`:
 *
 * - a steady open-loop load of `--rate` signatures a second (default 100): each signs over HTTP, and
 *   is confirmed from its mail as soon as the mailbox has it, so the stream carries both;
 * - probes, one after another: sign, confirm, then poll the count endpoint every 10 ms until it shows
 *   at least every confirmation that had been answered 200 when the probe's was. The clock starts at
 *   the probe's 200: that is when a signature is meant to count.
 *
 *   npx tsx bench/freshness.ts [--seconds 30] [--rate 100]
 *
 * Prints progress, then one JSON line: probes, p50/p95/max in ms, and the load actually achieved.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startLocalStack } from '../infra/local/stack.ts';
import { linksIn, readMailbox, type SignatureLink } from '../test/support/mailbox.ts';

const { values: args } = parseArgs({ options: { seconds: { type: 'string', default: '30' }, rate: { type: 'string', default: '100' } } });
const seconds = Number(args.seconds);
const rate = Number(args.rate);
const log = (line: string) => process.stderr.write(`${line}\n`);

const localDir = mkdtempSync(join(tmpdir(), 'undersigned-bench-'));
const stack = await startLocalStack({ localDir, port: 0, inMemory: true, log: () => {} });
const slug = 'freshness';
const post = async (path: string, body: unknown) => {
  const response = await fetch(stack.app + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  await response.arrayBuffer();
  return response.status;
};

try {
  const { openBenchCampaign, presolve } = await import('./support.ts');
  await openBenchCampaign(slug);

  const loadTotal = Math.round(seconds * rate);
  const altchas = await presolve(loadTotal + Math.ceil(seconds * 20));
  let nextAltcha = 0;
  const sign = (email: string) => post(`/api/campaigns/${slug}/signatures`, { name: 'Nino Beridze', email, country: 'GE', altcha: altchas[nextAltcha++] });

  // Confirmations answered 200 so far, load and probes alike: a probe waits for the count to reach
  // the number there was when its own was answered.
  let confirmedAcked = 0;
  let failures = 0;
  const confirm = async (link: SignatureLink) => {
    const status = await post(`/api/campaigns/${slug}/signatures/${link.id}/confirm`, { token: link.token });
    if (status === 200) confirmedAcked++;
    else failures++;
    return status;
  };

  // One mailbox reader for everyone: confirms load signers' mails, hands probes theirs.
  const probeWaiters = new Map<string, (link: SignatureLink) => void>();
  const seen = new Set<string>();
  let reading = true;
  const reader = (async () => {
    let since = new Date(Date.now() - 1000);
    while (reading) {
      const readAt = Date.now();
      const messages = await readMailbox(stack.mailbox, since);
      // The fake filters by whole seconds: read again from the second before this read began.
      since = new Date(readAt - 1000);
      for (const message of messages) {
        const to = message.destination.to[0]!.toLowerCase();
        if (seen.has(to)) continue;
        const { confirm: link } = linksIn(message);
        if (!link) continue;
        seen.add(to);
        const probe = probeWaiters.get(to);
        if (probe) probe(link);
        else void confirm(link).catch(() => failures++);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  })();

  // The steady load: on a schedule of `rate` a second, at most MAX_IN_FLIGHT at once, so a machine
  // that cannot keep up shows as a lower rate achieved (reported), not as thousands of queued sockets.
  const MAX_IN_FLIGHT = 32;
  let signed = 0;
  const loadStart = performance.now();
  const load = (async () => {
    const inFlight = new Set<Promise<unknown>>();
    for (let i = 0; i < loadTotal && performance.now() - loadStart < seconds * 1000; i++) {
      const due = loadStart + (i * 1000) / rate;
      const wait = due - performance.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      while (inFlight.size >= MAX_IN_FLIGHT) await Promise.race(inFlight);
      const request: Promise<unknown> = sign(`load-${i}@example.org`)
        .then((status) => (status === 202 ? signed++ : failures++), () => failures++)
        .finally(() => inFlight.delete(request));
      inFlight.add(request);
    }
    await Promise.all(inFlight);
  })();

  const delays: number[] = [];
  let probe = 0;
  while (performance.now() - loadStart < seconds * 1000) {
    const email = `probe-${probe++}@example.net`;
    const linked = new Promise<SignatureLink>((resolve) => probeWaiters.set(email, resolve));
    if ((await sign(email)) !== 202) throw new Error('a probe could not sign');
    if ((await confirm(await linked)) !== 200) throw new Error('a probe could not confirm');
    const accepted = performance.now();
    const needed = confirmedAcked;
    for (;;) {
      const response = await fetch(`${stack.app}/api/campaigns/${slug}/count`);
      const { count } = (await response.json()) as { count: number };
      if (count >= needed) break;
      if (performance.now() - accepted > 30_000) throw new Error('the count did not catch up within 30 s');
      await new Promise((r) => setTimeout(r, 10));
    }
    delays.push(performance.now() - accepted);
  }
  await load;
  const loadSeconds = (performance.now() - loadStart) / 1000;
  reading = false;
  await reader;

  delays.sort((a, b) => a - b);
  const at = (q: number) => Math.round(delays[Math.min(delays.length - 1, Math.floor(q * delays.length))]!);
  const result = {
    probes: delays.length, p50: at(0.5), p95: at(0.95), max: at(1),
    rateAsked: rate, signaturesPerSecond: Math.round(signed / loadSeconds), confirmations: confirmedAcked, failures,
  };
  log(`count freshness: ${result.probes} probes under ${result.signaturesPerSecond} signatures/s: p50 ${result.p50} ms, p95 ${result.p95} ms, max ${result.max} ms`);
  console.log(JSON.stringify(result));
} finally {
  await stack.stop();
  rmSync(localDir, { recursive: true, force: true });
}

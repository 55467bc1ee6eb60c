/**
 * Crash without loss (issue #7, item 3), on DynamoDB Local's on-disk engine (SQLite under -dbPath)
 * that this file starts for itself, so it can kill it:
 *
 * (a) Under a steady sign load, the engine is killed (SIGKILL, no shutdown) and restarted on the same
 *     data and port. Every signature whose request got a 2xx is there afterwards; every other request
 *     got a 503 with Retry-After, never a 500 and never a 2xx for nothing stored. Then the signers
 *     confirm, the stream poller (which lived through the crash) counts, and a recount agrees.
 * (b) The count poller, in a process of its own, is killed in the middle of a batch (counter moved,
 *     checkpoint not). A new poller resumes from the checkpoint file, as `npm start` would after a
 *     crash, and the counts are exact; one from TRIM_HORIZON (a fresh consumer) changes nothing.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { freePort, localStreamsClient, startDynamo, type LocalDynamo } from '../../infra/local/dynamodb.ts';
import { StreamPoller } from '../../infra/local/stream-poller.ts';
import { useLocalTables } from '../support/local-tables.ts';
import { httpEvent } from '../unit/http-event.ts';

/** A number written in letters (0 → A … 9 → J): the name rule refuses digits in a name. */
const lettersOf = (n: number) => String(n).replace(/\d/g, (d) => 'ABCDEFGHIJ'[Number(d)]!);
/** How close to the engine's SIGKILL an acknowledged transaction may be lost by DynamoDB Local itself (see below). */
const ENGINE_ACK_WINDOW_MS = 25;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const dataDir = mkdtempSync(join(tmpdir(), 'undersigned-crash-'));
const checkpointFile = join(dataDir, 'stream-checkpoints.json');
let port: number;
let dynamo: LocalDynamo;
let env: Awaited<ReturnType<typeof useLocalTables>>;
let child: ChildProcess | undefined;
const pollers: StreamPoller[] = [];

let signHandler: typeof import('#http/sign.ts').handler;
let countHandler: typeof import('#streams/count-signatures.ts').handler;
let challenge: () => Promise<string>;

const signEvent = (slug: string, body: unknown) =>
  httpEvent({ path: `/api/campaigns/${slug}/signatures`, pathParameters: { slug }, body: JSON.stringify(body) });

/** The local stack's count poller, with the stack's checkpoint file. */
function countPoller(options: { checkpoint?: boolean; onError?: (error: unknown) => void } = {}) {
  const poller = new StreamPoller({
    dynamo: env.client,
    streams: localStreamsClient(dynamo.endpoint),
    tableName: env.tables.SIGNATURES_TABLE!,
    handler: (event: DynamoDBStreamEvent, context: Context) => countHandler(event, context),
    intervalMs: 50,
    ...(options.onError ? { onError: options.onError } : {}),
    ...(options.checkpoint === false ? {} : { checkpointFile }),
  });
  pollers.push(poller);
  return poller;
}

interface Outcome {
  email: string;
  startedAt: number;
  endedAt: number;
  status: number | 'threw';
  headers: Record<string, unknown>;
  body: string;
}

async function signOnce(slug: string, n: number): Promise<Outcome> {
  const email = `${slug}-${n}@example.org`;
  const startedAt = Date.now();
  const altcha = await challenge();
  try {
    const response = await signHandler(signEvent(slug, { name: `Signer ${lettersOf(n)}`, email, country: 'GE', altcha }), {} as never);
    return { email, startedAt, endedAt: Date.now(), status: response.statusCode ?? 200, headers: response.headers ?? {}, body: String(response.body) };
  } catch (error) {
    // In Lambda a handler that throws is a 500 from API Gateway: counted as a failure below.
    return { email, startedAt, endedAt: Date.now(), status: 'threw', headers: {}, body: String(error) };
  }
}

/** A signer's id on a campaign, as the store keys it: the keyed hash of the slug and canonical email. */
async function idOf(slug: string, email: string) {
  const [{ signerId }, { canonicalEmail }] = await Promise.all([import('#rules/signature-keys.ts'), import('#rules/identity.ts')]);
  return signerId(process.env.HASH_KEY!, slug, canonicalEmail(email));
}

/** The submissions stored for a signer: in their signature's partition, naming their id. */
async function storedSubmissions(slug: string, email: string) {
  const [{ getCampaign }, { signaturesIn }, { signatureKey, isSubmissionKey }] = await Promise.all([
    import('#store/campaigns.ts'),
    import('#store/signatures.ts'),
    import('#rules/signature-keys.ts'),
  ]);
  const id = await idOf(slug, email);
  const { pk } = signatureKey((await getCampaign(slug))!, id);
  const found = [];
  for await (const item of signaturesIn(pk, ['sk', 'signer', 'status'])) if (isSubmissionKey(String(item.sk)) && item.signer === id) found.push(item);
  return found;
}

/**
 * Answers the submissions by mail (the stream's follower, reading from the oldest record through the
 * crash like the counter), then confirms every signature of `slug` from its mail, as each signer
 * would; returns the signer ids confirmed.
 */
async function confirmAll(slug: string): Promise<Set<string>> {
  const [{ readMailbox, linksIn }, { confirm }] = await Promise.all([import('../support/mailbox.ts'), import('#usecases/confirmation.ts')]);
  await (await env.signatureStream()).mailer.drain();
  const links = (await readMailbox(env.mailbox)).map((m) => linksIn(m).confirm).filter((l) => l?.slug === slug);
  // A signer who signed twice has two mails, each confirming the one signature.
  const byId = new Map(links.map((l) => [l!.id, l!]));
  await Promise.all([...byId.values()].map((link) => confirm(slug, link.id, link.token)));
  return new Set(byId.keys());
}

/** The counter against a recount from the signatures, and the dashboard's timeline against the counter. */
async function audit(slug: string) {
  const [{ recount }, { getCount, timeline }] = await Promise.all([import('#jobs/recount.ts'), import('#store/counts.ts')]);
  const report = await recount(slug);
  const stored = (await getCount(slug))!;
  const hours = await timeline(slug, '');
  return { report, stored, timelineTotal: hours.reduce((n, h) => n + h.count, 0) };
}

beforeAll(async () => {
  port = await freePort();
  dynamo = await startDynamo({ dataDir, port });
  env = await useLocalTables(dynamo.endpoint);
  ({ handler: signHandler } = await import('#http/sign.ts'));
  ({ handler: countHandler } = await import('#streams/count-signatures.ts'));
  const [{ challengeSecret, createSignChallenge }, { solve }] = await Promise.all([
    import('#rules/challenge.ts'),
    import('../support/signer.ts'),
  ]);
  challenge = async () => solve(await createSignChallenge(challengeSecret(process.env.HASH_KEY!)));
  const { seedCampaign } = await import('../support/campaigns.ts');
  for (const slug of ['under-load', 'batch-one', 'batch-two']) await seedCampaign(slug, { goal: 10_000 });
});

afterAll(async () => {
  child?.kill('SIGKILL');
  await Promise.all(pollers.map((p) => p.stop()));
  await env?.cleanup().catch(() => undefined);
  await dynamo?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('DynamoDB Local killed under a sign load', () => {
  it('keeps every acknowledged signature, answers 503 with Retry-After meanwhile, and the count equals a recount', async () => {
    const slug = 'under-load';
    const pollerErrors: string[] = [];
    const poller = countPoller({ onError: (e) => pollerErrors.push((e as Error).name) });
    poller.start();

    const outcomes: Outcome[] = [];
    let next = 0;
    let loading = true;
    const workers = Array.from({ length: 6 }, async () => {
      while (loading) {
        const outcome = await signOnce(slug, next++);
        outcomes.push(outcome);
        // A client that was told to come back later does not hammer (and leaves the cores to the restart).
        if (outcome.status !== 202) await sleep(100);
      }
    });
    const successes = () => outcomes.filter((o) => o.status === 202).length;
    const until = async (done: () => boolean, ms: number) => {
      for (const end = Date.now() + ms; !done() && Date.now() < end; ) await sleep(20);
    };

    // Phases by time as well as by count: two shared cores may be slow, and the proof needs only some
    // signatures acknowledged on each side of the crash and some requests while the engine is gone.
    await until(() => successes() >= 1, 30_000);
    await until(() => successes() >= 40, 5000);
    const before = successes();
    const killedAt = Date.now();
    dynamo.process.kill('SIGKILL');
    await new Promise((r) => dynamo.process.once('exit', r));
    // Long enough that requests start and end while nothing listens (one takes up to a second).
    await sleep(2000);
    const restartAt = Date.now();
    dynamo = await startDynamo({ dataDir, port });
    const upAt = Date.now();
    await until(() => outcomes.some((o) => o.status === 202 && o.startedAt > upAt), 30_000);
    await until(() => successes() >= before + 40, 5000);
    loading = false;
    await Promise.all(workers);

    const acknowledged = outcomes.filter((o) => o.status === 202);
    const refused = outcomes.filter((o) => o.status !== 202);
    // The test did what it says: signatures before and after, refusals while the engine was down.
    expect(before).toBeGreaterThan(0);
    expect(acknowledged.filter((o) => o.startedAt > upAt).length).toBeGreaterThan(0);
    const whileDown = outcomes.filter((o) => o.startedAt > killedAt && o.endedAt < restartAt);
    expect(whileDown.length).toBeGreaterThan(0);
    expect(new Set(whileDown.map((o) => o.status))).toEqual(new Set([503]));

    // Every refusal is a 503 the client can act on; no 500, no stack trace, no thrown invocation.
    expect(new Set(refused.map((o) => o.status))).toEqual(new Set(refused.length ? [503] : []));
    for (const o of refused) {
      expect(o.headers['retry-after']).toMatch(/^\d+$/);
      expect(JSON.parse(o.body).error.code).toBe('unavailable');
      expect(o.body).not.toMatch(/\bat .+:\d+|ECONN|Error:/);
    }

    // Every 2xx is stored: its submission, found by the keyed hash of its email as the store finds it.
    // One exception belongs to the engine, not to us: DynamoDB Local answers a TransactWriteItems a
    // few milliseconds before its SQLite commit, so SIGKILL can lose the last transaction it
    // acknowledged (`npx tsx bench/dynamo-local-kill.ts` shows it with no code of ours: 5 of 1,669
    // acknowledged transactions lost over 8 kills, each answered 7 ms before to 4 ms after the kill;
    // 0 of 2,529 plain PutItems). DynamoDB in AWS acknowledges a transaction once it is durable.
    // A signature answered outside that window and missing is ours, and fails the test.
    const missing: string[] = [];
    const lostByEngine = new Set<string>();
    for (const o of acknowledged) {
      const items = await storedSubmissions(slug, o.email);
      if (items.some((item) => item.status === 'pending')) continue;
      if (Math.abs(o.endedAt - killedAt) <= ENGINE_ACK_WINDOW_MS) lostByEngine.add(o.email);
      // When, relative to the kill, a missing one was asked and answered: the first thing to know.
      else missing.push(`${o.email} (${o.startedAt - killedAt}…${o.endedAt - killedAt} ms from the kill; items: ${JSON.stringify(items)})`);
    }
    expect(missing).toEqual([]);
    expect(lostByEngine.size).toBeLessThan(acknowledged.length / 10);

    // Everyone confirms from their mail; the poller that lived through the crash counts it all.
    const confirmed = await confirmAll(slug);
    for (const o of acknowledged) if (!lostByEngine.has(o.email)) expect(confirmed.has(await idOf(slug, o.email))).toBe(true);
    // It did see the engine die (its reads failed meanwhile) and carried on from where it was.
    expect(pollerErrors.length).toBeGreaterThan(0);
    await poller.stop();
    await poller.drain();
    const { report, stored, timelineTotal } = await audit(slug);
    expect(report).toMatchObject({ drift: 0, pendingDrift: 0, countryDrift: {}, counted: confirmed.size, pending: 0 });
    expect(stored.count).toBe(confirmed.size);
    expect(timelineTotal).toBe(confirmed.size);
    console.info(
      `crash (a): ${outcomes.length} requests, ${acknowledged.length - lostByEngine.size} acknowledged and stored, ` +
        `${lostByEngine.size} acknowledged by the engine within ${ENGINE_ACK_WINDOW_MS} ms of its SIGKILL and lost by it, ${refused.length} answered 503; ` +
        `engine down ${upAt - killedAt} ms; poller errors meanwhile: ${[...new Set(pollerErrors)].join(', ') || 'none'}`,
    );
  });
});

describe('the stream poller killed in the middle of a batch', () => {
  it('resumes from its checkpoint and the counts are exact', async () => {
    const slugs = ['batch-one', 'batch-two'];
    // The child must be the only consumer: stop a poller the test above left running if it failed midway.
    await Promise.all(pollers.map((p) => p.stop()));
    // 20 signers on each of two campaigns sign and confirm: 160 stream records, none counted yet.
    for (let n = 0; n < 20; n++) {
      for (const slug of slugs) expect((await signOnce(slug, n)).status).toBe(202);
    }
    for (const slug of slugs) expect((await confirmAll(slug)).size).toBe(20);
    const checkpointBefore = readFileSync(checkpointFile, 'utf8');

    const batchSize = 10;
    const killAtBatch = 3;
    child = fork(fileURLToPath(new URL('./poller-child.ts', import.meta.url)), {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, CHECKPOINT_FILE: checkpointFile, BATCH_SIZE: String(batchSize), KILL_AT_BATCH: String(killAtBatch) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    const midBatch = await new Promise<{ midBatch: number; records: number; applied: number; firstSequence: string }>((resolve, reject) => {
      child!.on('message', (m: { midBatch?: number; error?: string }) => (m.midBatch ? resolve(m as never) : reject(new Error(m.error))));
      child!.once('exit', (code) => reject(new Error(`poller exited early (${code})`)));
      setTimeout(() => reject(new Error(`poller did not reach batch ${killAtBatch} within 30 s`)), 30_000).unref();
    });
    child.kill('SIGKILL');
    await new Promise((r) => child!.once('exit', r));
    child = undefined;
    expect(midBatch).toMatchObject({ midBatch: killAtBatch, records: batchSize, applied: batchSize / 2 });

    // The earlier batches were checkpointed, the killed one was not; its first half is in the counters.
    const checkpointAfter = readFileSync(checkpointFile, 'utf8');
    expect(checkpointAfter).not.toBe(checkpointBefore);
    const saved = Object.values(JSON.parse(checkpointAfter).checkpoints as Record<string, string>);
    expect(saved.length).toBeGreaterThan(0);
    for (const sequence of saved) expect(BigInt(sequence) < BigInt(midBatch.firstSequence)).toBe(true);
    const partial = await Promise.all(slugs.map(audit));
    const countedSoFar = partial.reduce((n, a) => n + a.stored.count + a.stored.pending, 0);
    expect(countedSoFar).toBeGreaterThan(0);
    expect(partial.some((a) => a.report.drift !== 0 || a.report.pendingDrift !== 0)).toBe(true);

    // Restarted, as `npm start` would be: a new poller reading the same checkpoint file.
    await countPoller().drain();
    for (const { report, stored, timelineTotal } of await Promise.all(slugs.map(audit))) {
      expect(report).toMatchObject({ counted: 20, pending: 0, drift: 0, pendingDrift: 0, countryDrift: {} });
      expect(stored).toMatchObject({ count: 20, pending: 0, countries: { GE: 20 } });
      expect(timelineTotal).toBe(20);
    }

    // A consumer with no checkpoint at all (TRIM_HORIZON: every record again) changes nothing.
    await countPoller({ checkpoint: false }).drain();
    for (const slug of [...slugs, 'under-load']) {
      const { report, timelineTotal, stored } = await audit(slug);
      expect(report).toMatchObject({ drift: 0, pendingDrift: 0, countryDrift: {} });
      expect(timelineTotal).toBe(stored.count);
    }
  });
});

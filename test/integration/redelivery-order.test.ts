/**
 * Issue #7, item 4: stream batches out of order, again, split and replayed, against DynamoDB Local's
 * real stream records and the real stream handler. redelivery.test.ts covers the same batch twice,
 * halves of a batch and overlapping batches; this file covers the orders a batch can arrive in.
 *
 * The counter's idempotency (functions/rules/counts.ts, functions/store/counts.ts) keeps one
 * watermark per *signature partition* (`<slug>#<nn>`): the highest stream sequence number applied.
 * A record at or below it is taken as applied before and dropped. So the count is exact exactly when
 * the records of one signature partition reach the handler in sequence order, however the records
 * of different partitions interleave and however often anything is delivered again.
 *
 * What AWS guarantees, and therefore what is tested here as it can happen:
 * - DynamoDB Streams writes the changes of one item in order, into one shard; the items of one
 *   partition key live in one physical partition, hence one stream shard at a time. When a shard is
 *   closed (every few hours, or on a partition split) Lambda reads the parent to its end before the
 *   children.
 * - Lambda (parallelizationFactor 1, infra/stack.ts) hands a shard's batches over one at a time, in
 *   order. Different shards are processed at the same time, in any interleaving: a later batch of
 *   one shard routinely arrives before an earlier batch of another (one signer's withdrawal before
 *   another's confirmation; one signer's confirmation before another's signature).
 * - Delivery is at least once: a batch that failed, timed out, or was applied but not acknowledged
 *   comes again; with bisectBatchOnError a failed batch comes again as its two halves, in order; a
 *   batch with two campaigns may have been applied for one and not the other; a consumer restarted
 *   from an older position replays, cut into different batches. After catching up, a replay of old
 *   records in any order at all must change nothing.
 *
 * What cannot happen in AWS short of DynamoDB splitting one signature partition's items between two
 * physical partitions (docs/data-model.md, "What the watermarks assume"): a later change of a
 * partition before an earlier one — a confirmation's MODIFY before its signature's INSERT, a
 * withdrawal's REMOVE before the confirmation it undoes. The last test delivers exactly that, to show
 * what then happens (the count drifts, possibly upwards) and that the recount finds and fixes it.
 *
 * Writes go through the store functions the sign, confirm, withdraw and retention paths call
 * (#store/signatures.ts), so the stream records are the product's own; the sealed fields are
 * placeholders, as nothing here opens them. A signer's submissions (`sub#…`) and signature share the
 * signature's partition, so their records are ordered like any other of that partition.
 */
import { createHash, randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Context, DynamoDBRecord } from 'aws-lambda';
import { useLocalTables } from '../support/local-tables.ts';

let env: Awaited<ReturnType<typeof useLocalTables>>;
let streamHandler: typeof import('#streams/count-signatures.ts').handler;
let store: typeof import('#store/signatures.ts');
let signals: typeof import('#store/signals.ts');
let keys: typeof import('#rules/signature-keys.ts');
let counts: typeof import('#store/counts.ts');
let padSequence: typeof import('#rules/counts.ts').padSequence;
let recount: typeof import('#jobs/recount.ts').recount;
let capture: ReturnType<Awaited<ReturnType<typeof useLocalTables>>['poller']>;
const captured: DynamoDBRecord[] = [];

const SHARDS = 16;
let campaigns = 0;

beforeAll(async () => {
  env = await useLocalTables();
  ({ handler: streamHandler } = await import('#streams/count-signatures.ts'));
  store = await import('#store/signatures.ts');
  signals = await import('#store/signals.ts');
  keys = await import('#rules/signature-keys.ts');
  counts = await import('#store/counts.ts');
  ({ padSequence } = await import('#rules/counts.ts'));
  ({ recount } = await import('#jobs/recount.ts'));
  // One reader for the whole file: it keeps its place, so each test takes only the records it made.
  capture = env.poller(async (event) => void captured.push(...event.Records), { batchSize: 1000 });
});

afterAll(() => env?.cleanup());

async function newCampaign(name: string): Promise<string> {
  const slug = `${name}-${++campaigns}`;
  const { seedCampaign } = await import('../support/campaigns.ts');
  await seedCampaign(slug);
  return slug;
}

/** The stream records written since the last call, in the order the stream holds them. */
async function newRecords(): Promise<DynamoDBRecord[]> {
  captured.length = 0;
  await capture.drain();
  return [...captured];
}

/** Delivers one batch as Lambda would; false when the handler failed it (Lambda then delivers it again). */
const handlerErrors: string[] = [];
async function deliver(records: DynamoDBRecord[]): Promise<boolean> {
  if (records.length === 0) return true;
  try {
    await streamHandler({ Records: records }, {} as Context);
    return true;
  } catch (error) {
    handlerErrors.push((error as Error).message);
    return false;
  }
}

/** Delivers until the handler takes it, as Lambda retries a failed batch. */
async function deliverUntilTaken(records: DynamoDBRecord[]) {
  for (let attempt = 0; attempt < 20; attempt++) if (await deliver(records)) return;
  throw new Error(`a batch of ${records.length} records was refused 20 times: ${handlerErrors.at(-1)}`);
}

const pkOf = (r: DynamoDBRecord) => r.dynamodb!.Keys!.pk!.S!;
const bySequence = (a: DynamoDBRecord, b: DynamoDBRecord) => {
  const [x, y] = [padSequence(a.dynamodb!.SequenceNumber!), padSequence(b.dynamodb!.SequenceNumber!)];
  return x < y ? -1 : x > y ? 1 : 0;
};
const slugOf = (r: DynamoDBRecord) => keys.parseSignaturePartition(pkOf(r))!.slug;

// --- Signers, written through the store functions ----------------------------------------------------

interface Signer {
  slug: string;
  key: { pk: string; sk: string };
  token: number;
  /** Submissions not yet confirmed or expired, oldest first. */
  pending: { pk: string; sk: string; hash: string; fields: Record<string, unknown> }[];
  /** The token hash of the confirmed signature, while there is one. */
  confirmed?: string;
}

function signer(slug: string, id: string): Signer {
  return { slug, key: keys.signatureKey({ slug, shards: SHARDS }, id), token: 0, pending: [] };
}

/** A signer id as sign() makes it: the keyed hash of the campaign and the email. */
const idOf = (email: string, slug = 'any') => keys.signerId(process.env.HASH_KEY!, slug, email);
const tokenHash = (s: Signer) => createHash('sha256').update(`${s.key.sk}:${s.token}`).digest('hex');

/** What sign() does: a new submission beside the signature, whatever is there (one INSERT). */
async function signs(s: Signer, country: string, host?: string) {
  s.token++;
  const now = new Date();
  const hash = tokenHash(s);
  const fields = { country, showName: false, textVersion: 1, ...(host ? { source: { host } } : {}) };
  const key = keys.submissionKey(s.key, hash);
  const item = {
    ...key,
    slug: s.slug,
    status: 'pending' as const,
    signer: s.key.sk,
    dataKey: 'placeholder',
    pii: { name: 'placeholder', email: 'placeholder' },
    ...fields,
    lang: 'en',
    tokenExpiresAt: new Date(now.getTime() + 86_400_000).toISOString(),
    expiresAt: Math.floor(now.getTime() / 1000) + 2 * 86_400,
    createdAt: now.toISOString(),
  };
  expect(await store.putSubmission(item, signals.spentChallengeItem(randomUUID(), Math.floor(now.getTime() / 1000) + 60))).toBe(true);
  s.pending.push({ ...key, hash, fields });
}

/** What confirm() does with the newest pending submission: the signature becomes it, the submission is used. */
async function confirms(s: Signer) {
  const submission = s.pending.pop();
  if (!submission) return false;
  const now = new Date().toISOString();
  const signature = {
    ...s.key,
    slug: s.slug,
    status: 'confirmed' as const,
    dataKey: 'placeholder',
    pii: { name: 'placeholder' },
    ...submission.fields,
    showName: false,
    tokenHash: submission.hash,
    createdAt: now,
    confirmedAt: now,
  };
  const done = await store.confirmSubmission(submission, signature);
  if (done) s.confirmed = submission.hash;
  return done;
}

/** What withdraw() does: the signature goes, a tombstone comes, in one transaction. */
async function withdraws(s: Signer) {
  if (!s.confirmed) return false;
  const done = await store.withdrawSignature(
    { signature: { ...s.key, tokenHash: s.confirmed } },
    { sk: `withdrawn#${randomUUID()}`, slug: s.slug, day: new Date().toISOString().slice(0, 10) },
  );
  s.confirmed = undefined;
  return done;
}

/** What TTL (or the retention job) does to an unconfirmed submission: the oldest goes. */
async function expires(s: Signer) {
  const oldest = s.pending.shift();
  if (oldest) await store.deleteSubmission(oldest);
}

// --- What the counter should say -----------------------------------------------------------------

/** The counts the signature items say, read item by item: the truth the counter must equal. */
async function truthOf(slug: string) {
  const { sourceKey } = await import('#rules/counts.ts');
  const truth = { count: 0, pending: 0, countries: {} as Record<string, number>, sources: {} as Record<string, number> };
  for (const pk of keys.allSignaturePartitions(slug, SHARDS)) {
    for await (const item of store.signaturesIn(pk, ['status', 'country', 'source'])) {
      if (item.status === 'pending') truth.pending++;
      if (item.status !== 'confirmed') continue;
      truth.count++;
      truth.countries[item.country as string] = (truth.countries[item.country as string] ?? 0) + 1;
      const source = sourceKey(item.source as { host?: string });
      if (source) truth.sources[source] = (truth.sources[source] ?? 0) + 1;
    }
  }
  return truth;
}

const withoutZeros = (map: Record<string, number> = {}) => Object.fromEntries(Object.entries(map).filter(([, n]) => n !== 0));

/** The counter as the truth reads (maps without the zeros a count that came and went leaves behind). */
async function counterOf(slug: string) {
  const stored = (await counts.getCount(slug))!;
  return { count: stored.count, pending: stored.pending, countries: withoutZeros(stored.countries), sources: withoutZeros(stored.sources) };
}

/**
 * What the dashboard adds up to, net of withdrawals (kept per day only): every hour's confirmations,
 * and the activity items' confirmations, each less every day's withdrawals.
 */
async function dashboardNet(slug: string) {
  const hours = await counts.timeline(slug, '');
  const activity = await counts.recentActivity(slug, 1000);
  const withdrawn = (await counts.withdrawalsByDay(slug)).reduce((n, d) => n + d.count, 0);
  return {
    timeline: hours.reduce((n, h) => n + h.count, 0) - withdrawn,
    activity: activity.reduce((n, a) => n + a.confirmed, 0) - withdrawn,
  };
}

async function expectExact(slugs: string[]) {
  for (const slug of slugs) {
    const truth = await truthOf(slug);
    expect(await counterOf(slug), slug).toEqual(truth);
    expect(await dashboardNet(slug), slug).toEqual({ timeline: truth.count, activity: truth.count });
  }
}

// --- Orders that happen in AWS -----------------------------------------------------------------

describe('batches of different stream shards in any interleaving', () => {
  it('counts exactly when a later batch of one partition arrives before an earlier batch of another', async () => {
    const slug = await newCampaign('interleaved');
    // Two signers in different signature partitions (hence, in AWS, possibly different stream shards).
    const ids = Array.from({ length: 40 }, (_, i) => idOf(`interleaved${i}@example.org`, slug));
    const a = signer(slug, ids[0]!);
    const b = signer(slug, ids.find((id) => keys.signatureKey({ slug, shards: SHARDS }, id).pk !== a.key.pk)!);
    await signs(a, 'AZ'); // a: submission INSERT
    await signs(b, 'KZ'); // b: submission INSERT
    await confirms(b); // b: signature INSERT, submission MODIFY (used)
    await confirms(a); // a: signature INSERT, submission MODIFY (used)
    await withdraws(b); // b: signature REMOVE + tombstone INSERT
    await signs(b, 'GE'); // b signs again: submission INSERT, pending
    const records = await newRecords();
    expect(records).toHaveLength(9);
    const ofA = records.filter((r) => pkOf(r) === a.key.pk);
    const ofB = records.filter((r) => pkOf(r) === b.key.pk);

    // b's later batch — its confirmation and its withdrawal — before anything of a's...
    await deliver(ofB.slice(0, 5));
    expect(await counterOf(slug)).toMatchObject({ count: 0, pending: 0 });
    // ...a's confirmation batch before b's re-signature arrives...
    await deliver(ofA);
    expect(await counterOf(slug)).toMatchObject({ count: 1, pending: 0, countries: { AZ: 1 } });
    await deliver(ofB.slice(5));
    await expectExact([slug]);
    expect(await counterOf(slug)).toEqual({ count: 1, pending: 1, countries: { AZ: 1 }, sources: {} });

    // ...and b's batch again, then everything again with the partitions in the other order.
    await deliver(ofB);
    await deliver([...ofB, ...ofA]);
    await expectExact([slug]);
  });

  it("counts exactly when two shards' batches for one counter are applied at the same moment", async () => {
    const slug = await newCampaign('simultaneous');
    const signers = Array.from({ length: 24 }, (_, i) => signer(slug, idOf(`simultaneous${i}@example.org`, slug)));
    for (const s of signers) await signs(s, 'RO');
    for (const s of signers.slice(0, 16)) await confirms(s);
    for (const s of signers.slice(0, 5)) await withdraws(s);
    const records = await newRecords();
    // Two stream shards, each holding half the signature partitions, delivered side by side as Lambda
    // does: the two handlers race on one counter (optimistic concurrency, failed batches come again).
    const shardOf = (r: DynamoDBRecord) => Number(keys.parseSignaturePartition(pkOf(r))!.shard) % 2;
    const streams = [0, 1].map((n) => records.filter((r) => shardOf(r) === n));
    await Promise.all(
      streams.map(async (stream) => {
        for (let i = 0; i < stream.length; i += 3) await deliverUntilTaken(stream.slice(i, i + 3));
      }),
    );
    await expectExact([slug]);
    expect(await counterOf(slug)).toMatchObject({ count: 11, pending: 8 });
  });
});

// --- Generated histories, generated deliveries -----------------------------------------------------

type Action = 'sign' | 'confirm' | 'withdraw' | 'expire';
const eventArb = fc.record({
  signer: fc.nat({ max: 7 }),
  action: fc.constantFrom<Action>('sign', 'sign', 'confirm', 'confirm', 'withdraw', 'expire'),
  country: fc.constantFrom('AZ', 'KZ', 'GE'),
  host: fc.constantFrom(undefined, undefined, 'partner.example', 'news.example'),
});

/**
 * Delivers a history's records under a generated schedule of what Lambda may do: stream shards (a
 * group of signature partitions each) interleaved in any order and sometimes side by side; each
 * shard's batches in order, cut anywhere; a batch applied and then failed (delivered again), failed
 * for one campaign only, bisected into its halves, or a shard rewound to an older position.
 */
async function deliverLikeLambda(records: DynamoDBRecord[], streamCount: number, g: fc.GeneratorValue) {
  const streams = Array.from({ length: streamCount }, () => [] as DynamoDBRecord[]);
  const streamOf = (pk: string) => Number.parseInt(createHash('sha256').update(pk).digest('hex').slice(0, 8), 16) % streamCount;
  for (const record of [...records].sort(bySequence)) streams[streamOf(pkOf(record))]!.push(record);
  const position = streams.map(() => 0);
  const open = () => streams.flatMap((s, i) => (position[i]! < s.length ? [i] : []));
  const nextBatch = (i: number) => streams[i]!.slice(position[i], position[i]! + g(fc.integer, { min: 1, max: 8 }));

  for (let step = 0; step < 200 && open().length > 0; step++) {
    const candidates = open();
    const i = candidates[g(fc.nat, { max: candidates.length - 1 })]!;
    const batch = nextBatch(i);
    const what = g(fc.constantFrom, 'applied', 'applied', 'appliedNotAcknowledged', 'oneCampaignFailed', 'bisected', 'rewound', 'sideBySide');
    if (what === 'applied') {
      if (await deliver(batch)) position[i]! += batch.length;
    } else if (what === 'appliedNotAcknowledged') {
      // Written, then the invocation timed out: the same batch comes again later.
      await deliver(batch);
    } else if (what === 'oneCampaignFailed') {
      // The handler applied one campaign's changes, then failed on another's: the batch comes again.
      const slugs = [...new Set(batch.map(slugOf))];
      const done = slugs[g(fc.nat, { max: slugs.length - 1 })];
      await deliver(batch.filter((r) => slugOf(r) === done));
    } else if (what === 'bisected') {
      // Failed after part of it was written; Lambda splits it and delivers the halves in order.
      await deliver(batch.slice(0, g(fc.nat, { max: batch.length })));
      const half = Math.ceil(batch.length / 2);
      await deliverUntilTaken(batch.slice(0, half));
      await deliverUntilTaken(batch.slice(half));
      position[i]! += batch.length;
    } else if (what === 'rewound') {
      // A restarted consumer resumes from an older checkpoint and reads on from there, in order.
      position[i] = g(fc.nat, { max: position[i]! });
    } else {
      const others = candidates.filter((j) => j !== i);
      if (others.length === 0) continue;
      const j = others[g(fc.nat, { max: others.length - 1 })]!;
      const other = nextBatch(j);
      const [x, y] = await Promise.all([deliver(batch), deliver(other)]);
      if (x) position[i]! += batch.length;
      if (y) position[j]! += other.length;
    }
  }
  // Whatever is left, in order, as a healthy consumer catches up.
  for (const i of streams.keys()) {
    while (position[i]! < streams[i]!.length) {
      const batch = nextBatch(i);
      await deliverUntilTaken(batch);
      position[i]! += batch.length;
    }
  }
}

/** After catching up: the whole stream again, cut into other batches, in any order at all. */
async function replayShuffled(records: DynamoDBRecord[], g: fc.GeneratorValue) {
  const shuffled = [...records];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = g(fc.nat, { max: i });
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  for (let i = 0; i < shuffled.length; ) {
    const size = g(fc.integer, { min: 1, max: 12 });
    await deliverUntilTaken(shuffled.slice(i, i + size));
    i += size;
  }
}

describe('generated histories of sign, confirm and withdraw, delivered as Lambda may', () => {
  it('counts exactly after any schedule of reordered, repeated, split and replayed batches', { timeout: 120_000 }, async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(eventArb, { minLength: 1, maxLength: 30 }), fc.integer({ min: 1, max: 3 }), fc.gen(), async (events, streamCount, g) => {
        // Two campaigns, so batches hold both and one can fail without the other.
        const slugs = [await newCampaign('generated'), await newCampaign('generated')];
        const signers = Array.from({ length: 8 }, (_, n) => signer(slugs[n % 2]!, idOf(`generated${campaigns}-${n}@example.org`, slugs[n % 2])));
        for (const { signer: n, action, country, host } of events) {
          const s = signers[n]!;
          if (action === 'sign') await signs(s, country, host);
          else if (action === 'confirm') await confirms(s);
          else if (action === 'withdraw') await withdraws(s);
          else await expires(s);
        }
        const records = await newRecords();
        handlerErrors.length = 0;

        await deliverLikeLambda(records, streamCount, g);
        await expectExact(slugs);
        // The full stream again, twice, in any order: nothing moves.
        await replayShuffled(records, g);
        await replayShuffled(records, g);
        await expectExact(slugs);
        for (const slug of slugs) expect(await recount(slug)).toMatchObject({ drift: 0, pendingDrift: 0, countryDrift: {} });
        // The handler fails a batch only as documented: a counter that kept changing under it
        // (two shards at once), never for anything else.
        expect(handlerErrors.filter((m) => !/delivered again/.test(m))).toEqual([]);
      }),
      { numRuns: 12 },
    );
  });
});

// --- An order AWS does not produce -------------------------------------------------------------

describe('a signature partition whose records arrive out of sequence (only if DynamoDB split one)', () => {
  it('drifts, possibly upwards, and the recount finds and fixes it', async () => {
    const slug = await newCampaign('split');
    // Three signers in the same signature partition.
    const ids = Array.from({ length: 200 }, (_, i) => idOf(`split${i}@example.org`, slug));
    const pkOfId = (id: string) => keys.signatureKey({ slug, shards: SHARDS }, id).pk;
    const [x, y, z] = ids.filter((id) => pkOfId(id) === pkOfId(ids[0]!)).slice(0, 3).map((id) => signer(slug, id));
    await signs(x!, 'AZ'); // x's submission INSERT (pending)
    await confirms(x!); // x's signature INSERT (confirmed), submission MODIFY (used)
    await signs(y!, 'KZ'); // y's submission INSERT (pending)
    await withdraws(x!); // x's signature REMOVE and a tombstone INSERT
    await signs(z!, 'GE'); // z's submission INSERT (pending), the partition's newest record
    const records = (await newRecords()).sort(bySequence);
    const of = (s: Signer, eventName: string, submission = false) =>
      records.find((r) => r.eventName === eventName && (submission ? r.dynamodb!.NewImage?.signer?.S === s.key.sk : r.dynamodb!.Keys!.sk!.S === s.key.sk))!;
    expect(records).toHaveLength(7);

    // The confirmation before its submission; z's submission before the withdrawal and y's submission.
    // The watermark has passed the earlier records, so they are taken as applied and dropped.
    await deliver([of(x!, 'INSERT')]);
    await deliver([of(x!, 'INSERT', true)]);
    await deliver([of(z!, 'INSERT', true)]);
    await deliver(records.filter((r) => r !== of(z!, 'INSERT', true)));
    const truth = await truthOf(slug);
    expect(truth).toMatchObject({ count: 0, pending: 2, countries: {} });
    // The dropped withdrawal leaves the count one too HIGH; y's dropped submission leaves pending low.
    expect(await counterOf(slug)).toMatchObject({ count: 1, pending: 1, countries: { AZ: 1 } });

    expect(await recount(slug, { fix: true })).toMatchObject({ drift: -1, pendingDrift: 1, countryDrift: { AZ: -1 }, fixed: true });
    expect(await counterOf(slug)).toEqual(truth);
    // The fix leaves the watermarks alone: the stream delivered again in order changes nothing more.
    await deliver(records);
    expect(await counterOf(slug)).toEqual(truth);
  });
});

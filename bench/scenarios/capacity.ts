/**
 * Capacity model for AWS: where 5,000 confirmed signatures a second on one petition would land, key
 * by key, using the real key functions — not a load test (DynamoDB Local has no partitions), a model
 * whose assumptions are printed with it.
 *
 * Writes per key: the signature partitions (`signatureKey` over `DEFAULT_SIGNATURE_SHARDS`, fed by
 * simulated emails through the real keyed hash of campaign and address), the stream shards that carry
 * them to the consumers, the campaign's counter item (one conditional write per campaign per stream
 * batch), and the mail-domain velocity counter the mailer bumps. Then the CDN: how many requests reach the origin
 * when 100,000 people watch the count through CloudFront with the Cache-Control the endpoint sends.
 */
import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import { canonicalEmail } from '../../functions/rules/identity.ts';
import { signatureKey, signerId, submissionKey } from '../../functions/rules/signature-keys.ts';
import { hashToken, newToken } from '../../functions/rules/tokens.ts';
import { DEFAULT_SIGNATURE_SHARDS } from '../../functions/rules/campaign.ts';
import { streamConsumers } from '../../functions/routes.ts';
import { POLL_INTERVAL_MS } from '../../web/src/app/polling.ts';
import type { Row, RunOptions, Scenario, ScenarioResult } from './types.ts';

/** Confirmed signatures per second on one petition. */
const RATE = 5_000;
/** The per-key ceiling we hold ourselves to: half a partition's 1,000 writes/s, for headroom. */
const KEY_LIMIT = 500;
/** DynamoDB: one partition serves at most 1,000 write units a second (and 3,000 read units). */
const PARTITION_WCU = 1_000;
const PARTITION_RCU = 3_000;
/** Share of signers at the busiest mail provider (gmail.com in many countries). */
const BUSIEST_DOMAIN_SHARE = 0.4;
/** Watchers of one petition's count, and how many CloudFront caches ask the origin. */
const WATCHERS = 100_000;
const REGIONAL_EDGE_CACHES = 8;
const EDGE_LOCATIONS = 300;
/** Assumed time a sign request holds its Lambda in AWS (proof of work, a read, a transaction): Lambda concurrency = rate × this. */
const SIGN_SECONDS = 0.05;
/** Assumed time a link preview (the signer opening the mail) holds its Lambda. */
const PREVIEW_SECONDS = 0.03;
/**
 * Assumed time from a container's read of a period's missing key item to its put landing (GetItem,
 * GenerateDataKey, Encrypt, PutItem): another container reading the item meanwhile misses it too, and
 * loses the race.
 */
const PERIOD_KEY_CREATE_SECONDS = 0.05;
/** Fields a sign request seals under the period's key: name, email, comment, link token, address. */
const FIELDS_PER_SIGNATURE = 5;
/** AES-GCM with random 96-bit IVs: at most 2^32 encryptions per key (NIST SP 800-38D). */
const GCM_INVOCATIONS = 2 ** 32;
/** Cache-key variants of one URL: the policy normalises Accept-Encoding to br / gzip / none. */
const ENCODING_VARIANTS = 2;

/** The TTL a shared cache uses: s-maxage over max-age, clamped by the cache policy (0–60 s). */
function sharedMaxAge(cacheControl: string): number {
  const directive = (name: string) => cacheControl.match(new RegExp(`(?:^|,)\\s*${name}=(\\d+)`))?.[1];
  const seconds = Number(directive('s-maxage') ?? directive('max-age') ?? 0);
  return Math.min(60, Math.max(0, seconds));
}

/** Reads the endpoint's Cache-Control from the module itself; its store wants a table name at import. */
async function countCacheControl(): Promise<string> {
  process.env.PETITIONS_TABLE ??= 'bench-petitions';
  process.env.AWS_REGION ??= 'eu-central-1';
  const { COUNT_CACHE_CONTROL } = await import('../../functions/http/get-count.ts');
  return COUNT_CACHE_CONTROL;
}

/** The velocity and spent-challenge key functions; their store wants a table name at import. */
async function signals() {
  process.env.SIGNALS_TABLE ??= 'bench-signals';
  process.env.AWS_REGION ??= 'eu-central-1';
  const [store, { mailQuotaKey }] = await Promise.all([import('../../functions/store/signals.ts'), import('../../functions/usecases/mail-quota.ts')]);
  return { ...store, mailQuotaKey };
}

/** The data keys' period, fetch-ahead window and readers' cache, as the functions use them; the module picks a provider at import. */
async function dataKeyLimits() {
  process.env.DATA_KEY_ID ??= 'arn:aws:kms:eu-central-1:000000000000:key/bench';
  process.env.AWS_REGION ??= 'eu-central-1';
  const { DATA_KEY_PERIOD_MS, DATA_KEY_PREFETCH_MS, UNWRAP_CACHE_SIZE } = await import('../../functions/crypto/data-keys.ts');
  return { periodSeconds: DATA_KEY_PERIOD_MS / 1000, prefetchSeconds: DATA_KEY_PREFETCH_MS / 1000, cacheSize: UNWRAP_CACHE_SIZE };
}

/** Unwrap misses per read of an LRU cache of `size` when reads pick uniformly among `keys` live data keys. */
function lruMissRatio(keys: number, size: number, reads: number): number {
  const cache = new Map<number, true>();
  let misses = 0;
  for (let i = 0; i < reads; i++) {
    const key = randomInt(keys);
    if (cache.delete(key)) {
      cache.set(key, true);
      continue;
    }
    misses++;
    cache.set(key, true);
    if (cache.size > size) cache.delete(cache.keys().next().value!);
  }
  return misses / reads;
}

const fixed = (unit: string, value: number) => ({ unit, value });

export const capacity: Scenario = {
  name: 'capacity model',
  async run({ quick, log }: RunOptions): Promise<ScenarioResult> {
    const emails = quick ? 20_000 : 100_000;
    log(`capacity: hashing ${emails} simulated emails`);
    const secret = randomBytes(32).toString('base64url');
    const slug = 'capacity-model';
    const { spentChallengeItem, velocityKey, VELOCITY_SPREAD, mailQuotaKey } = await signals();
    const perKey = new Map<string, number>();
    /** Every key a signature writes outside its partition: spent challenges and mail quotas, per key. */
    const otherKeys = new Map<string, number>();
    const bump = (map: Map<string, number>, key: string, by = 1) => map.set(key, (map.get(key) ?? 0) + by);
    const now = new Date();
    for (let i = 0; i < emails; i++) {
      const email = `Signer.${randomUUID()}@Example.org`;
      const signature = signatureKey({ slug, shards: DEFAULT_SIGNATURE_SHARDS }, signerId(secret, slug, canonicalEmail(email)));
      // The submission (sign request), the mailer's mark on it, then confirm: the signature and the
      // spent submission. Keys as the code makes them; all four land in the signature's partition.
      const submission = submissionKey(signature, hashToken(newToken()));
      bump(perKey, submission.pk, 2);
      bump(perKey, signature.pk);
      bump(perKey, submission.pk);
      // The sign transaction's other item, and the mailer's quota take for the recipient.
      const spent = spentChallengeItem(randomUUID(), Math.floor(now.getTime() / 1000) + 600) as { Put?: { Item?: { pk?: unknown } } };
      bump(otherKeys, `signals:${String(spent.Put?.Item?.pk)}`);
      bump(otherKeys, `signals:quota#${mailQuotaKey(secret, 'sign', slug, email, now)}`);
    }
    for (const [, n] of perKey) if (n % 4 !== 0) throw new Error('a signature\'s four writes did not share its partition');
    for (const [pk, n] of perKey) perKey.set(pk, n / 4);
    // A loop, not Math.max(...values): a full run has ~200,000 keys, more arguments than the stack takes.
    let hottestOther = 0;
    for (const n of otherKeys.values()) hottestOther = Math.max(hottestOther, n);
    const hottestOtherKey = (RATE * hottestOther) / emails;
    const shares = [...perKey.values()].map((n) => n / emails);
    const maxShare = shares.reduce((a, b) => Math.max(a, b), 0);
    const minShare = shares.reduce((a, b) => Math.min(a, b), Infinity);
    // Every confirmed signature makes four writes in its partition: the submission (the sign request's
    // transaction), the mailer's mark on it, and the confirming transaction's two (the signature and the
    // spent submission). At a steady 5,000 confirmations/s, 5,000 signs/s come in too.
    const writesPerSignature = 4;
    const tableWrites = RATE * writesPerSignature;
    const hottestSignatureKey = tableWrites * maxShare;
    const shardsFor500 = Math.ceil((tableWrites * (maxShare * DEFAULT_SIGNATURE_SHARDS)) / KEY_LIMIT);

    // Stream: one shard per table partition; at least enough partitions for the table's write rate, at
    // most one per signature partition key (DynamoDB splits a hot table until each key has room).
    const consumer = streamConsumers.find((c) => c.name === 'count-signatures')!;
    const batchSize = consumer.batchSize ?? 100;
    const windowSeconds = 1;
    const streamShardsLow = Math.ceil(tableWrites / PARTITION_WCU);
    const streamShardsHigh = Math.max(streamShardsLow, perKey.size);
    /** Batches/s of one shard: full batches when records come faster than a batch a window, else one per window. */
    const batchesPerSecond = (shards: number) => {
      const perShard = tableWrites / shards;
      return shards * Math.max(perShard / batchSize, Math.min(perShard, 1 / windowSeconds));
    };
    const counterWrites = Math.max(batchesPerSecond(streamShardsLow), batchesPerSecond(streamShardsHigh));
    // A batch that confirms writes the counter, the hour's timeline item and one activity item, in one
    // transaction, all under the campaign's partition key.
    const campaignKeyWrites = counterWrites * 3;

    // The busiest domain's velocity counter, through the sign path's own key function: each bump picks
    // one of VELOCITY_SPREAD partition keys at random. One bump per signature (the mailer makes one per
    // key and batch, fewer): an upper bound.
    const perVelocityKey = new Map<string, number>();
    const bumps = Math.round(emails * BUSIEST_DOMAIN_SHARE);
    for (let i = 0; i < bumps; i++) {
      const { pk } = velocityKey('capacity-model#domain#0123456789abcdef01234567', '2026-11-24T10', randomInt(VELOCITY_SPREAD));
      perVelocityKey.set(pk, (perVelocityKey.get(pk) ?? 0) + 1);
    }
    const domainKeyWrites = RATE * BUSIEST_DOMAIN_SHARE * (Math.max(...perVelocityKey.values()) / bumps);

    // KMS: one data key per period, shared by every sealing container through the period's signals
    // item (functions/crypto/data-keys.ts). Per period: the first container to need the key generates it
    // and wraps it again for the item (GenerateDataKey + Encrypt); every other sealing container reads
    // the item once and unwraps it once (Decrypt); a container that missed the item while another was
    // making it (a race loser) pays all three. Readers (the mailer on each stream shard, link previews)
    // unwrap each period's key once, the first time they meet it, and their LRU holds the few live keys.
    const limits = await dataKeyLimits();
    const period = limits.periodSeconds;
    const perPeriod = RATE * period;
    const signContainers = Math.ceil(RATE * SIGN_SECONDS);
    const previewContainers = Math.ceil(RATE * PREVIEW_SECONDS);
    const readers = streamShardsHigh + previewContainers;
    // Every busy container fetches the next period's key at a random moment of the fetch-ahead window;
    // those reading within PERIOD_KEY_CREATE_SECONDS after the first miss the item too.
    const raceLosers = ((signContainers - 1) * PERIOD_KEY_CREATE_SECONDS) / limits.prefetchSeconds;
    // The mailer containers also seal (the hour's salt, once an hour each): an unwrap of the period
    // item they may not have made yet, at most one per container per hour.
    const saltSealers = (streamShardsHigh * period) / 3600;
    const generatesPerSignature = (1 + raceLosers) / perPeriod;
    const wrapsPerSignature = (1 + raceLosers) / perPeriod;
    const sealerUnwrapsPerSignature = (signContainers - 1 + raceLosers + saltSealers) / perPeriod;
    const firstMeetingsPerSignature = readers / perPeriod;
    // Live keys a reader meets at once: the period's, and the last one's while the stream catches up.
    const liveKeys = 2;
    const reads = quick ? 50_000 : 200_000;
    // Misses beyond the first meeting with each key (counted above), in a simulated LRU of the real size.
    const missRatio = Math.max(0, lruMissRatio(liveKeys, limits.cacheSize, reads) - liveKeys / reads);
    const lruMissesPerSignature = 2 * missRatio;
    const kmsPerSignature = generatesPerSignature + wrapsPerSignature + sealerUnwrapsPerSignature + firstMeetingsPerSignature + lruMissesPerSignature;
    // Pessimistic: every sealing container races at every period's start (no fetch-ahead at all).
    const kmsWorstPerSignature = (3 * signContainers + saltSealers + readers) / perPeriod + lruMissesPerSignature;
    const gcmPerKey = perPeriod * FIELDS_PER_SIGNATURE;

    const cacheControl = await countCacheControl();
    const ttl = sharedMaxAge(cacheControl);
    const demand = WATCHERS / (POLL_INTERVAL_MS / 1000);
    const origin = (caches: number) => (ttl === 0 ? demand : Math.min(demand, (caches * ENCODING_VARIANTS) / ttl));
    const originViaRegional = origin(REGIONAL_EDGE_CACHES);
    const originEdgeBound = origin(EDGE_LOCATIONS);

    const rows: Row[] = [
      {
        measure: `signature partition key (hottest of ${perKey.size}): writes/s`,
        value: fixed('writes/s', hottestSignatureKey),
        goal: `≤ ${KEY_LIMIT}/s`,
        pass: hottestSignatureKey <= KEY_LIMIT,
      },
      {
        measure: 'signature partition key: confirmations alone/s',
        value: fixed('writes/s', RATE * maxShare),
        goal: `≤ ${KEY_LIMIT}/s`,
        pass: RATE * maxShare <= KEY_LIMIT,
      },
      { measure: `shards needed for ≤ ${KEY_LIMIT}/s per key (now ${DEFAULT_SIGNATURE_SHARDS})`, value: fixed('shards', shardsFor500) },
      { measure: `stream shards (${streamShardsLow}–${streamShardsHigh}): records/s per shard, most`, value: fixed('records/s', tableWrites / streamShardsLow) },
      {
        measure: `counter item (COUNT): conditional writes/s (batch ${batchSize}, window ${windowSeconds} s)`,
        value: fixed('writes/s', counterWrites),
        goal: `≤ ${KEY_LIMIT}/s`,
        pass: counterWrites <= KEY_LIMIT,
      },
      {
        measure: 'campaign partition key (counter + timeline + activity): item writes/s',
        value: fixed('writes/s', campaignKeyWrites),
        goal: `≤ ${KEY_LIMIT}/s`,
        pass: campaignKeyWrites <= KEY_LIMIT,
      },
      {
        measure: `velocity key of the busiest mail domain (${BUSIEST_DOMAIN_SHARE * 100}% of signers; hottest of ${perVelocityKey.size}): writes/s`,
        value: fixed('writes/s', domainKeyWrites),
        goal: `≤ ${KEY_LIMIT}/s`,
        pass: domainKeyWrites <= KEY_LIMIT,
      },
      {
        measure: `spent challenges and mail quotas (signals table): writes/s on the hottest key (${otherKeys.size.toLocaleString('en')} keys)`,
        value: fixed('writes/s', hottestOtherKey),
        goal: `≤ ${KEY_LIMIT}/s`,
        pass: hottestOtherKey <= KEY_LIMIT,
      },
      { measure: `KMS: GenerateDataKey + Encrypt per signature (one key per ${period / 60}-minute period, ${raceLosers.toFixed(2)} race losers)`, value: fixed('calls', generatesPerSignature + wrapsPerSignature) },
      { measure: `KMS: Decrypt per signature, sealing containers' read of the period's item (${signContainers} sign, ${streamShardsHigh} mailer once an hour)`, value: fixed('calls', sealerUnwrapsPerSignature) },
      { measure: `KMS: Decrypt per signature, readers' first meeting with the period's key (${readers} reader containers)`, value: fixed('calls', firstMeetingsPerSignature) },
      { measure: `KMS: Decrypt per signature, cache misses beyond those (${liveKeys} live keys against an LRU of ${limits.cacheSize})`, value: fixed('calls', lruMissesPerSignature) },
      {
        measure: 'KMS: calls per signature, all',
        value: fixed('calls', kmsPerSignature),
        goal: '≤ 0.001',
        pass: kmsPerSignature <= 0.001,
      },
      {
        measure: 'KMS: calls per signature, if every sealing container raced for every period\'s key',
        value: fixed('calls', kmsWorstPerSignature),
        goal: '≤ 0.001',
        pass: kmsWorstPerSignature <= 0.001,
      },
      {
        measure: `AES-GCM encryptions under one period's key at ${RATE.toLocaleString('en')}/s (${FIELDS_PER_SIGNATURE} fields a signature): log2`,
        value: fixed('log2', Math.log2(gcmPerKey)),
        goal: `≤ ${Math.log2(GCM_INVOCATIONS)}`,
        pass: gcmPerKey <= GCM_INVOCATIONS,
      },
      { measure: "period key item (signals table): strongly consistent reads per period, one per sealing container", value: fixed('reads', Math.ceil(signContainers + saltSealers + raceLosers)) },
      { measure: `count endpoint: viewer requests/s (${WATCHERS.toLocaleString('en')} watchers)`, value: fixed('req/s', demand) },
      {
        measure: `count endpoint: origin requests/s via ${REGIONAL_EDGE_CACHES} regional caches`,
        value: fixed('req/s', originViaRegional),
      },
      {
        measure: `count endpoint: origin requests/s, bound with ${EDGE_LOCATIONS} edge locations each asking`,
        value: fixed('req/s', originEdgeBound),
      },
    ];

    return {
      name: this.name,
      rows,
      notes: [
        `${RATE.toLocaleString('en')} confirmed signatures/s on one campaign, in steady state, so as many signs/s: four writes per signature in its partition (the submission, the mailer's mark, the signature and the spent submission); items ≤ 1 KB (a larger item costs 1 write unit per KB).`,
        `${emails.toLocaleString('en')} simulated emails through canonicalEmail → signerId → signatureKey with ${DEFAULT_SIGNATURE_SHARDS} shards: shares per key ${(minShare * 100).toFixed(2)}%–${(maxShare * 100).toFixed(2)}% (even: ${(100 / DEFAULT_SIGNATURE_SHARDS).toFixed(2)}%).`,
        `Our ceiling per key is ${KEY_LIMIT} writes/s, half of a DynamoDB partition's ${PARTITION_WCU.toLocaleString('en')} write units/s.`,
        `DynamoDB Streams has one shard per table partition; ${tableWrites.toLocaleString('en')} writes/s need at least ${streamShardsLow} partitions, at most one per signature key (${streamShardsHigh}).`,
        `The counting consumer (batch ${batchSize}, window ${windowSeconds} s, one batch at a time per shard) makes one conditional counter write per campaign per batch; both sign and confirm records arrive in its batches.`,
        'A confirming batch writes the counter, the hour\'s timeline item and an activity item in one transaction (2 write units each), all under the campaign\'s slug.',
        `Velocity counters: per campaign, mail domain and hour, spread at random over ${VELOCITY_SPREAD} partition keys (velocityKey in functions/store/signals.ts); the busiest domain is assumed to have ${BUSIEST_DOMAIN_SHARE * 100}% of signers, ${bumps.toLocaleString('en')} bumps simulated.`,
        `Other keys a signature writes, through the real key functions: the sign transaction's spent challenge (spentChallengeItem: one key per challenge) and the mailer's take from the recipient's quota (mailQuotaKey: per address, campaign and day; at most ${3} mails, and a stranger's repeated signs for one address are paid in proof of work each). Submission keys come from submissionKey(signatureKey(…), hashToken(token)) and must share the signature's partition (checked).`,
        `KMS (functions/crypto/data-keys.ts): one data key per ${period / 60}-minute period (DATA_KEY_PERIOD_MS), shared by every sealing function through the period's item in the signals table: the first container to need it calls GenerateDataKey and Encrypt (the item's second wrapping, under the period context sealers may unwrap) and puts the item conditionally; every other sealing container reads the item once a period and calls Decrypt once. Busy containers fetch the next period's key at a random moment of its last ${limits.prefetchSeconds / 60} minutes (DATA_KEY_PREFETCH_MS); assumed ${PERIOD_KEY_CREATE_SECONDS * 1000} ms from a miss to the put landing, so ${raceLosers.toFixed(2)} expected race losers a period (each pays GenerateDataKey, Encrypt and Decrypt); the worst-case row has every sealing container race. Assumed: a sign request holds its Lambda ${SIGN_SECONDS * 1000} ms, so ${signContainers} sign containers at ${RATE.toLocaleString('en')}/s; a link preview ${PREVIEW_SECONDS * 1000} ms (${previewContainers} containers); the mailer (one container per stream shard, up to ${streamShardsHigh}) and the preview open every signature once, and meet each period's key once (readers keep ${limits.cacheSize} unwrapped keys, LRU; ${liveKeys} live at once, simulated: ${(missRatio * 100).toFixed(3)}% misses beyond first meetings). Containers that start cold add one Decrypt each (not modelled: a few a minute against ${signContainers + readers} warm ones). ${perPeriod.toLocaleString('en')} signatures a period × ${FIELDS_PER_SIGNATURE} fields = 2^${Math.log2(gcmPerKey).toFixed(1)} AES-GCM encryptions under one key, against NIST's 2^32 for random IVs.`,
        `Count endpoint Cache-Control (from functions/http/get-count.ts): "${cacheControl}" → shared-cache TTL ${ttl} s (s-maxage, within the API cache policy's 0–60 s).`,
        `Watchers poll every ${POLL_INTERVAL_MS} ms (web/src/app/polling.ts POLL_INTERVAL_MS). CloudFront fetches at most once per cache, cache-key variant and TTL: ${ENCODING_VARIANTS} encodings (br, gzip); price class 100 (North America, Europe) — assumed ${REGIONAL_EDGE_CACHES} regional edge caches in front of the origin, and ${EDGE_LOCATIONS} edge locations as the bound if they all asked it.`,
        `Each origin request is one Lambda invocation and one eventually consistent GetItem of the counter (½ read unit; a partition serves ${PARTITION_RCU.toLocaleString('en')} read units/s, so even the edge bound is far below it). The edge bound is pessimistic: edge locations normally reach the origin through the regional caches.`,
      ],
      data: {
        rate: RATE,
        emails,
        shards: DEFAULT_SIGNATURE_SHARDS,
        perKey: Object.fromEntries(perKey),
        hottestSignatureKey,
        shardsFor500,
        streamShards: [streamShardsLow, streamShardsHigh],
        counterWrites,
        campaignKeyWrites,
        domainKeyWrites,
        cacheControl,
        ttl,
        demand,
        originViaRegional,
        originEdgeBound,
      },
    };
  },
};

/**
 * Every confirmed signer of a campaign, opened, one at a time: what exports are made of.
 *
 * Reads every signature shard page by page (a few shards at once, at most one page each in memory),
 * skips pending signatures, tombstones and signatures whose personal data retention has erased, and
 * opens only the fields the export shows: never the email.
 */
import { openFields } from '#crypto/field-crypto.ts';
import { allSignaturePartitions, sealingContext } from '#rules/signature-keys.ts';
import type { Campaign } from '#rules/campaign.ts';
import { signaturesIn } from '#store/signatures.ts';
import type { CsvFields, SignatoryRow } from '#documents/csv.ts';

/** Shards read at once: enough to hide each Query's latency, few enough to keep memory flat. */
const SHARDS_AT_ONCE = 4;

const ATTRIBUTES = ['pk', 'sk', 'status', 'pii', 'dataKey', 'country', 'confirmedAt', 'textVersion', 'erasedAt'];

/** The optional columns a campaign collects: `signerFields`, read defensively (older items lack it). */
export function collectedFields(campaign: Pick<Campaign, 'signerFields'>): CsvFields {
  const fields = (campaign as { signerFields?: Partial<Campaign['signerFields']> }).signerFields ?? {};
  return { country: (fields.country ?? 'required') !== 'off', comment: (fields.comment ?? 'optional') !== 'off' };
}

export async function* confirmedSignatories(
  campaign: Pick<Campaign, 'slug' | 'shards'>,
  fields: CsvFields,
): AsyncGenerator<SignatoryRow> {
  // Strongly consistent: an export that starts after a withdrawal never holds the signer (functions/usecases/outdate-exports.ts).
  const shards = allSignaturePartitions(campaign.slug, campaign.shards).map((pk) => signaturesIn(pk, ATTRIBUTES, { consistent: true }));
  for await (const item of merge(shards, SHARDS_AT_ONCE)) {
    if (item.status !== 'confirmed' || item.erasedAt || !item.pii || !item.dataKey) continue;
    const pii = item.pii as Record<string, string>;
    const opened = await openFields(
      String(item.dataKey),
      { name: pii.name, ...(fields.comment ? { comment: pii.comment } : {}) },
      sealingContext({ pk: String(item.pk), sk: String(item.sk) }),
    );
    yield {
      name: opened.name ?? '',
      ...(fields.country && item.country ? { country: String(item.country) } : {}),
      ...(opened.comment ? { comment: opened.comment } : {}),
      confirmedAt: String(item.confirmedAt ?? ''),
      // Signatures made before texts had versions were made on the first.
      textVersion: Number(item.textVersion ?? 1),
    };
  }
}

/**
 * Items of several async sources, `concurrency` sources at a time, in whatever order they arrive.
 * Each active source has at most one item asked for ahead. Stopping early closes the open sources.
 */
export async function* merge<T>(sources: AsyncIterable<T>[], concurrency: number): AsyncGenerator<T> {
  type Pulled = { source: AsyncIterator<T>; result: IteratorResult<T> };
  const waiting = sources.map((s) => s[Symbol.asyncIterator]());
  const active = new Map<AsyncIterator<T>, Promise<Pulled>>();
  const pull = (source: AsyncIterator<T>) => active.set(source, source.next().then((result) => ({ source, result })));
  const next = () => {
    const source = waiting.shift();
    if (source) pull(source);
  };
  try {
    while (active.size < concurrency && waiting.length > 0) next();
    while (active.size > 0) {
      const { source, result } = await Promise.race(active.values());
      if (result.done) {
        active.delete(source);
        next();
        continue;
      }
      pull(source);
      yield result.value;
    }
  } finally {
    // Early stop or failure: let the sources that are still open clean up. A read still in flight
    // that fails now has nobody left to tell.
    for (const pulled of active.values()) pulled.catch(() => undefined);
    await Promise.allSettled([...active.keys()].map((source) => source.return?.()));
  }
}

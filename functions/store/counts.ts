/**
 * Campaign counters (sk COUNT in the petitions table). Only the stream consumer writes them, one
 * conditional update per campaign per batch; the request path only reads them.
 *
 * The counter item carries `wm`, a map from signature shard to the last stream sequence number
 * applied. The update's condition requires every shard in the batch to be past its watermark, so a
 * redelivered batch cannot be counted twice; when the condition fails, the item returned with the
 * failure says which changes are still new, and only those are applied.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { documents } from '#lib/clients.ts';
import { requireEnv } from '#lib/config.ts';
import { isConditionFailure } from '#lib/errors.ts';
import { aggregate, unapplied, type CountDelta, type SignatureChange } from '#domain/counts.ts';

const TableName = requireEnv('PETITIONS_TABLE');
const COUNT = 'COUNT';
/** Optimistic rounds against concurrent writers (only a second consumer would race us). */
const MAX_ROUNDS = 5;

export interface StoredCount {
  count: number;
  /** Signatures awaiting their email confirmation. */
  pending: number;
  countries: Record<string, number>;
  asOf: string | undefined;
}

export function counterItem(slug: string, now: string) {
  return { pk: slug, sk: COUNT, count: 0, pending: 0, countries: {}, wm: {}, updatedAt: now };
}

async function readCounter(slug: string, consistent = true) {
  const { Item } = await documents.send(
    new GetCommand({ TableName, Key: { pk: slug, sk: COUNT }, ConsistentRead: consistent }),
  );
  return Item;
}

export async function getCount(slug: string): Promise<StoredCount | undefined> {
  const Item = await readCounter(slug, false);
  if (!Item) return undefined;
  return toStoredCount(Item);
}

export function toStoredCount(item: Record<string, unknown>): StoredCount {
  return {
    count: Number(item.count ?? 0),
    pending: Number(item.pending ?? 0),
    countries: (item.countries as Record<string, number>) ?? {},
    asOf: item.updatedAt as string | undefined,
  };
}

/** The SET clauses that add to the total and to each country's count, with their names and values. */
function countUpdate(total: number, pending: number, countries: Record<string, number>) {
  const names: Record<string, string> = { '#count': 'count', '#pending': 'pending' };
  // DynamoDB refuses names an expression does not use, so #countries only when a country moves.
  if (Object.keys(countries).length > 0) names['#countries'] = 'countries';
  const values: Record<string, unknown> = { ':total': total, ':pending': pending, ':zero': 0, ':now': new Date().toISOString() };
  const sets = [
    '#count = if_not_exists(#count, :zero) + :total',
    '#pending = if_not_exists(#pending, :zero) + :pending',
    'updatedAt = :now',
  ];
  Object.entries(countries).forEach(([country, n], i) => {
    names[`#c${i}`] = country;
    values[`:c${i}`] = n;
    sets.push(`#countries.#c${i} = if_not_exists(#countries.#c${i}, :zero) + :c${i}`);
  });
  return { names, values, sets };
}

type Outcome =
  | { kind: 'applied' }
  | { kind: 'stale'; watermarks: Record<string, string> }
  | { kind: 'missing' };

/**
 * One conditional update. `expected` undefined: every shard must be below the delta's first
 * sequence. `expected` given: every shard's watermark must still be what we read.
 */
async function applyOnce(slug: string, delta: CountDelta, expected?: Record<string, string>): Promise<Outcome> {
  const { names, values, sets } = countUpdate(delta.total, delta.pending, delta.countries);
  names['#wm'] = 'wm';
  const conditions = ['attribute_exists(pk)'];

  Object.entries(delta.shards).forEach(([shard, range], i) => {
    names[`#s${i}`] = `s${shard}`;
    values[`:last${i}`] = range.last;
    sets.push(`#wm.#s${i} = :last${i}`);
    const seen = expected?.[shard];
    if (expected === undefined) {
      values[`:first${i}`] = range.first;
      conditions.push(`(attribute_not_exists(#wm.#s${i}) OR #wm.#s${i} < :first${i})`);
    } else if (seen === undefined) {
      conditions.push(`attribute_not_exists(#wm.#s${i})`);
    } else {
      values[`:seen${i}`] = seen;
      conditions.push(`#wm.#s${i} = :seen${i}`);
    }
  });

  try {
    await documents.send(
      new UpdateCommand({
        TableName,
        Key: { pk: slug, sk: COUNT },
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: conditions.join(' AND '),
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return { kind: 'applied' };
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    // The item comes back with the failure in raw attribute-value form: the document client does
    // not unmarshall error payloads. Should it be absent, read it.
    const raw = (error as { Item?: Record<string, AttributeValue> }).Item;
    const item = raw ? unmarshall(raw) : await readCounter(slug);
    if (!item) return { kind: 'missing' };
    return { kind: 'stale', watermarks: watermarksOf(item) };
  }
}

/** The stored map uses `s<shard>` keys (map keys must not start with a digit in our expressions). */
function watermarksOf(item: Record<string, unknown>): Record<string, string> {
  const wm = (item.wm ?? {}) as Record<string, string>;
  return Object.fromEntries(Object.entries(wm).map(([key, value]) => [key.slice(1), value]));
}

/**
 * Applies one campaign's changes from a stream batch exactly once. Returns how many changes were
 * new (0 when the whole batch had been applied before).
 */
export async function applyChanges(slug: string, changes: SignatureChange[]): Promise<number> {
  let pending = changes;
  let expected: Record<string, string> | undefined;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const delta = aggregate(pending).get(slug);
    if (!delta) return 0;
    const outcome = await applyOnce(slug, delta, expected);
    if (outcome.kind === 'applied') return pending.length;
    if (outcome.kind === 'missing') {
      // A campaign whose counter was never created (or was deleted): start it at zero, then apply.
      await documents
        .send(new PutCommand({ TableName, Item: counterItem(slug, new Date().toISOString()), ConditionExpression: 'attribute_not_exists(pk)' }))
        .catch((error) => {
          if (!isConditionFailure(error)) throw error;
        });
      expected = undefined;
      continue;
    }
    // Apply only what is past the stored watermarks, and only if they are still what we just saw.
    pending = unapplied(pending, outcome.watermarks);
    expected = outcome.watermarks;
  }
  throw new Error(`Counter for ${slug} kept changing under us; the batch will be retried.`);
}

/** Adds a correction found by a recount (see functions/jobs/recount.ts); watermarks are untouched. */
export async function addCorrection(
  slug: string,
  correction: { total: number; pending: number; countries: Record<string, number> },
): Promise<void> {
  const { names, values, sets } = countUpdate(correction.total, correction.pending, correction.countries);
  await documents.send(
    new UpdateCommand({
      TableName,
      Key: { pk: slug, sk: COUNT },
      UpdateExpression: `SET ${sets.join(', ')}`,
      ConditionExpression: 'attribute_exists(pk)',
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    }),
  );
}

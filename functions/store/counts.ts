/**
 * Campaign counters (sk COUNT in the petitions table) and the dashboard's timeline and activity.
 * Only the stream consumer writes them, one conditional write per campaign per batch; the request
 * path only reads them.
 *
 * The counter item carries `wm`, a map from signature shard to the last stream sequence number
 * applied. The update's condition requires every shard in the batch to be past its watermark, so a
 * redelivered batch cannot be counted twice; when the condition fails, the item returned with the
 * failure says which changes are still new, and only those are applied.
 *
 * A batch that confirms signatures also adds them to the hourly timeline (`TIMELINE#<hour>` items)
 * and leaves one `ACTIVITY#…` item with their count and countries; a batch that withdraws adds to
 * the day's `WITHDRAWALS#<day>` item, and nothing else of it is kept: no hour, no batch time, no
 * country (docs/privacy.md: withdrawals to the day). Those go in the same transaction as the counter
 * update, so the counter's condition guards them too: a redelivered batch adds to none of them. A
 * batch that only moves `pending` (every new, unconfirmed signature) stays a single UpdateItem, at
 * half the cost of a transaction.
 *
 * The counter's `updatedAt` (when it was last counted) moves only with a batch that brings a new
 * signature or a confirmation: a batch that only takes signatures away leaves no time behind, so it
 * never dates a withdrawal either. Readers (the public tally) take it as "figures as of": a
 * withdrawal alone keeps it, and the count it lowers is then read as of that same moment.
 *
 * The counter's `sources` map (confirmed signatures per widget source, see #rules/counts.ts) moves in
 * the same update as `countries`, under the same condition. Counters made before sources existed have
 * no such map, and DynamoDB refuses to set a path inside a missing map: the first batch with a source
 * adds the empty map (once, conditionally) and is applied again.
 */
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { GetCommand, PutCommand, QueryCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { documents } from '#lib/clients.ts';
import { requireEnv } from '#lib/config.ts';
import { isConditionFailure } from '#lib/errors.ts';
import { aggregate, unapplied, type CountDelta, type SignatureChange } from '#rules/counts.ts';

const TableName = requireEnv('PETITIONS_TABLE');
const COUNT = 'COUNT';
const TIMELINE = 'TIMELINE#';
const ACTIVITY = 'ACTIVITY#';
const WITHDRAWALS = 'WITHDRAWALS#';
/** Activity items are for "what happened lately"; DynamoDB deletes them after a week. */
const ACTIVITY_TTL_SECONDS = 7 * 86_400;
/** Optimistic rounds against concurrent writers (only a second consumer would race us). */
const MAX_ROUNDS = 5;

export interface StoredCount {
  count: number;
  /** Signatures awaiting their email confirmation. */
  pending: number;
  countries: Record<string, number>;
  /** Confirmed signatures per widget source (`host` or `host#tag`); our own page's are not in it.
   * Only the organisers' dashboard reads it; public answers pick their fields and leave it out. */
  sources?: Record<string, number>;
  asOf: string | undefined;
}

export function counterItem(slug: string, now: string) {
  return { pk: slug, sk: COUNT, count: 0, pending: 0, countries: {}, sources: {}, wm: {}, updatedAt: now };
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
    sources: (item.sources as Record<string, number>) ?? {},
    asOf: item.updatedAt as string | undefined,
  };
}

/**
 * The SET clauses that add to the total and to each country's and source's count, with their names
 * and values; `updatedAt` too when given.
 */
function countUpdate(
  total: number,
  pending: number,
  countries: Record<string, number>,
  sources: Record<string, number> = {},
  updatedAt?: string,
) {
  const names: Record<string, string> = { '#count': 'count', '#pending': 'pending' };
  // DynamoDB refuses names an expression does not use, so #countries only when a country moves.
  if (Object.keys(countries).length > 0) names['#countries'] = 'countries';
  const values: Record<string, unknown> = { ':total': total, ':pending': pending, ':zero': 0 };
  const sets = ['#count = if_not_exists(#count, :zero) + :total', '#pending = if_not_exists(#pending, :zero) + :pending'];
  if (updatedAt !== undefined) {
    values[':updatedAt'] = updatedAt;
    sets.push('updatedAt = :updatedAt');
  }
  Object.entries(countries).forEach(([country, n], i) => {
    names[`#c${i}`] = country;
    values[`:c${i}`] = n;
    sets.push(`#countries.#c${i} = if_not_exists(#countries.#c${i}, :zero) + :c${i}`);
  });
  if (Object.keys(sources).length > 0) names['#sources'] = 'sources';
  Object.entries(sources).forEach(([key, n], i) => {
    names[`#src${i}`] = key;
    values[`:src${i}`] = n;
    sets.push(`#sources.#src${i} = if_not_exists(#sources.#src${i}, :zero) + :src${i}`);
  });
  return { names, values, sets };
}

/**
 * The counter update: totals, and every shard's watermark moved to the delta's last sequence;
 * `updatedAt` moves only with an arrival (a batch that only took signatures away leaves no time).
 */
function counterUpdate(slug: string, delta: CountDelta, expected?: Record<string, string>) {
  const updatedAt = delta.arrived ? new Date().toISOString() : undefined;
  const { names, values, sets } = countUpdate(delta.total, delta.pending, delta.countries, delta.sources, updatedAt);
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
  return {
    TableName,
    Key: { pk: slug, sk: COUNT },
    UpdateExpression: `SET ${sets.join(', ')}`,
    ConditionExpression: conditions.join(' AND '),
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
  };
}

/**
 * One item per UTC hour with confirmations: `ADD` creates it on first use. A batch spans at most the
 * stream's 24-hour retention, so with the counter, the day items and the activity item a transaction
 * stays far below DynamoDB's 100 items.
 */
function timelineUpdates(slug: string, delta: CountDelta) {
  return Object.entries(delta.hours).map(([hour, n]) => ({
    Update: {
      TableName,
      Key: { pk: slug, sk: `${TIMELINE}${hour}` },
      UpdateExpression: 'SET #hour = :hour ADD #count :n',
      ExpressionAttributeNames: { '#hour': 'hour', '#count': 'count' },
      ExpressionAttributeValues: { ':hour': hour, ':n': n },
    },
  }));
}

/** Withdrawals: one item per UTC day, a count and nothing else (no time, no country). */
function withdrawalUpdates(slug: string, delta: CountDelta) {
  return Object.entries(delta.withdrawnByDay).map(([day, n]) => ({
    Update: {
      TableName,
      Key: { pk: slug, sk: `${WITHDRAWALS}${day}` },
      UpdateExpression: 'SET #day = :day ADD #count :n',
      ExpressionAttributeNames: { '#day': 'day', '#count': 'count' },
      ExpressionAttributeValues: { ':day': day, ':n': n },
    },
  }));
}

/**
 * What this batch confirmed, for the dashboard's recent activity: counts and countries, no personal
 * data, and nothing of its withdrawals. The time is the latest confirmation's and the key names the
 * first confirmation's shard and sequence, so two batches never share one.
 */
function activityPut(slug: string, delta: CountDelta) {
  const activity = delta.activity;
  if (!activity) return [];
  const at = new Date(activity.at).toISOString();
  return [
    {
      Put: {
        TableName,
        Item: {
          pk: slug,
          sk: `${ACTIVITY}${at}#${activity.shard}#${activity.sequence}`,
          at,
          confirmed: delta.confirmed,
          countries: activity.countries,
          expiresAt: Math.floor(activity.at / 1000) + ACTIVITY_TTL_SECONDS,
        },
      },
    },
  ];
}

type Outcome =
  | { kind: 'applied' }
  | { kind: 'noSourcesMap' }
  | { kind: 'stale'; watermarks: Record<string, string> }
  | { kind: 'missing' };

/** An item returned with a failed condition: raw attribute values (the document client leaves errors alone). */
function returnedItem(item: Record<string, unknown> | undefined): Record<string, unknown> | undefined {
  if (!item) return undefined;
  const pk = item.pk as { S?: unknown } | undefined;
  return pk && typeof pk === 'object' && 'S' in pk ? unmarshall(item as Record<string, AttributeValue>) : item;
}

async function afterConditionFailure(slug: string, returned: Record<string, unknown> | undefined): Promise<Outcome> {
  // Should the item not come back with the failure, read it.
  const item = returnedItem(returned) ?? (await readCounter(slug));
  if (!item) return { kind: 'missing' };
  return { kind: 'stale', watermarks: watermarksOf(item) };
}

/**
 * One conditional write. `expected` undefined: every shard must be below the delta's first
 * sequence. `expected` given: every shard's watermark must still be what we read.
 */
async function applyOnce(slug: string, delta: CountDelta, expected?: Record<string, string>): Promise<Outcome> {
  const counter = counterUpdate(slug, delta, expected);
  const others = [...timelineUpdates(slug, delta), ...withdrawalUpdates(slug, delta), ...activityPut(slug, delta)];
  if (others.length === 0) {
    try {
      await documents.send(new UpdateCommand(counter));
      return { kind: 'applied' };
    } catch (error) {
      if (isMissingSourcesMap(error, delta)) return { kind: 'noSourcesMap' };
      if (!isConditionFailure(error)) throw error;
      return afterConditionFailure(slug, (error as { Item?: Record<string, unknown> }).Item);
    }
  }
  try {
    // The counter first: its cancellation reason is the first one.
    await documents.send(new TransactWriteCommand({ TransactItems: [{ Update: counter }, ...others] }));
    return { kind: 'applied' };
  } catch (error) {
    if (isMissingSourcesMap(error, delta)) return { kind: 'noSourcesMap' };
    if (!(error instanceof Error) || error.name !== 'TransactionCanceledException') throw error;
    const reasons = (error as { CancellationReasons?: { Code?: string; Item?: Record<string, unknown> }[] }).CancellationReasons ?? [];
    // Cancelled for another reason (a conflicting write, throttling): nothing was written; the batch
    // fails and comes again.
    if (reasons[0]?.Code !== 'ConditionalCheckFailed') throw error;
    return afterConditionFailure(slug, reasons[0].Item);
  }
}

/**
 * DynamoDB's answer to setting `sources.<key>` on a counter that has no `sources` map: a
 * ValidationException (a ValidationError reason inside a transaction) about the document path. Only
 * a delta that moves sources can cause it.
 */
function isMissingSourcesMap(error: unknown, delta: CountDelta): boolean {
  if (Object.keys(delta.sources).length === 0 || !(error instanceof Error)) return false;
  if (error.name === 'ValidationException') return /document path/i.test(error.message);
  if (error.name !== 'TransactionCanceledException') return false;
  const reasons = (error as { CancellationReasons?: { Code?: string; Message?: string }[] }).CancellationReasons ?? [];
  return reasons[0]?.Code === 'ValidationError' && /document path/i.test(reasons[0].Message ?? 'document path');
}

/** Gives an older counter its empty `sources` map; a no-op when another writer did so first. */
async function addSourcesMap(slug: string): Promise<void> {
  await documents
    .send(
      new UpdateCommand({
        TableName,
        Key: { pk: slug, sk: COUNT },
        UpdateExpression: 'SET #sources = :empty',
        ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#sources)',
        ExpressionAttributeNames: { '#sources': 'sources' },
        ExpressionAttributeValues: { ':empty': {} },
      }),
    )
    .catch((error) => {
      if (!isConditionFailure(error)) throw error;
    });
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
    if (outcome.kind === 'noSourcesMap') {
      // Nothing was written: add the map and apply the same changes under the same condition again.
      await addSourcesMap(slug);
      continue;
    }
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
  const { names, values, sets } = countUpdate(correction.total, correction.pending, correction.countries, {}, new Date().toISOString());
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

// --- Dashboard reads ------------------------------------------------------------------------------

export interface HourCount {
  hour: string;
  count: number;
}

/** A batch's confirmations (withdrawals are only counted per day: see withdrawalsByDay). */
export interface Activity {
  at: string;
  confirmed: number;
  countries: Record<string, number>;
}

export interface DayCount {
  day: string;
  count: number;
}

/**
 * Confirmations per UTC hour, oldest first, for hours from `fromHour` on (at most `limit`, the
 * newest). Hour items written before withdrawals were kept per day hold the net change instead.
 */
export async function timeline(slug: string, fromHour: string, limit = 2000): Promise<HourCount[]> {
  const hours: HourCount[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': slug, ':from': `${TIMELINE}${fromHour}`, ':to': `${TIMELINE}~` },
        ScanIndexForward: false,
        Limit: limit - hours.length,
        ExclusiveStartKey,
      }),
    );
    for (const item of page.Items ?? []) hours.push({ hour: String(item.sk).slice(TIMELINE.length), count: Number(item.count ?? 0) });
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey && hours.length < limit);
  return hours.reverse();
}

/** The newest activity items, newest first (a week's worth at most: they expire). */
export async function recentActivity(slug: string, limit = 50): Promise<Activity[]> {
  const { Items = [] } = await documents.send(
    new QueryCommand({
      TableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :activity)',
      ExpressionAttributeValues: { ':pk': slug, ':activity': ACTIVITY },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  // Items from before withdrawals were kept per day (they expire within a week) may hold withdrawals:
  // only their confirmations are shown.
  return Items.map((item) => ({
    at: item.at as string,
    confirmed: Number(item.confirmed ?? 0),
    countries: Object.fromEntries(Object.entries((item.countries as Record<string, number>) ?? {}).filter(([, n]) => Number(n) > 0)),
  })).filter((activity) => activity.confirmed > 0);
}

/** Confirmed signatures withdrawn per UTC day, oldest first (the newest `limit` days that had any). */
export async function withdrawalsByDay(slug: string, limit = 400): Promise<DayCount[]> {
  const { Items = [] } = await documents.send(
    new QueryCommand({
      TableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :withdrawals)',
      ExpressionAttributeValues: { ':pk': slug, ':withdrawals': WITHDRAWALS },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return Items.map((item) => ({ day: String(item.sk).slice(WITHDRAWALS.length), count: Number(item.count ?? 0) })).reverse();
}

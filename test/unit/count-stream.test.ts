/**
 * The signatures-stream consumer with DynamoDB mocked: one conditional counter write per campaign
 * per batch (an UpdateItem, or a transaction when the batch also adds to the dashboard's timeline
 * and activity), watermarks guarding every shard, and redelivered batches never counted twice.
 */
import { describe, it, expect, beforeEach } from 'vitest';
import { unitEnv } from './unit-env.ts';
import { mockClient } from 'aws-sdk-client-mock';
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  TransactWriteCommand,
  UpdateCommand,
  type TransactWriteCommandInput,
  type UpdateCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';

const env = unitEnv;

const { handler } = await import('#streams/count-signatures.ts');

const ddb = mockClient(DynamoDBDocumentClient);

// ---------------------------------------------------------------------------------------------
// Stream records as Lambda delivers them
// ---------------------------------------------------------------------------------------------

interface Image {
  status: string;
  country?: string;
  /** Signed through the widget on this site (and tag). */
  source?: { host: string; tag?: string };
}

const pad = (sequence: string) => sequence.padStart(40, '0');

let skCounter = 0;

/** When DynamoDB recorded the changes of these tests, unless a test says otherwise (epoch seconds). */
const CREATED = Date.parse('2026-11-24T13:20:00Z') / 1000;

function record(
  eventName: 'INSERT' | 'MODIFY' | 'REMOVE',
  pk: string,
  sequence: string,
  images: { old?: Image; new?: Image },
  sk = `signer-${++skCounter}`,
  created = CREATED,
): DynamoDBRecord {
  const image = (i: Image) => ({
    pk: { S: pk },
    sk: { S: sk },
    status: { S: i.status },
    ...(i.country ? { country: { S: i.country } } : {}),
    ...(i.source
      ? { source: { M: { host: { S: i.source.host }, ...(i.source.tag ? { tag: { S: i.source.tag } } : {}) } } }
      : {}),
  });
  return {
    eventID: `event-${sequence}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'eu-central-1',
    eventSourceARN: 'arn:aws:dynamodb:eu-central-1:123456789012:table/unit-signatures/stream/2026-01-01T00:00:00.000',
    dynamodb: {
      Keys: { pk: { S: pk }, sk: { S: sk } },
      ...(images.new ? { NewImage: image(images.new) } : {}),
      ...(images.old ? { OldImage: image(images.old) } : {}),
      SequenceNumber: sequence,
      ApproximateCreationDateTime: created,
      SizeBytes: 100,
      StreamViewType: 'NEW_AND_OLD_IMAGES',
    },
  };
}

const signed = (country: string): Image => ({ status: 'confirmed', country });
const pendingImage = (country: string): Image => ({ status: 'pending', country });
const insert = (pk: string, sequence: string, country: string) => record('INSERT', pk, sequence, { new: signed(country) });

const run = (records: DynamoDBRecord[]) => handler({ Records: records } satisfies DynamoDBStreamEvent, {} as Context);

// ---------------------------------------------------------------------------------------------
// Reading the writes back: a counter write is an UpdateCommand, or the first item of a transaction
// ---------------------------------------------------------------------------------------------

type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

interface CounterWrite {
  kind: 'update' | 'transact';
  counter: UpdateCommandInput;
  /** The transaction's other items: timeline updates and the activity put. */
  others: TransactItem[];
}

/** Every counter write, in the order they were sent. */
function writes(): CounterWrite[] {
  return ddb.calls().flatMap((call): CounterWrite[] => {
    const command = call.args[0];
    if (command instanceof UpdateCommand) return [{ kind: 'update', counter: command.input, others: [] }];
    if (command instanceof TransactWriteCommand) {
      const [first, ...others] = command.input.TransactItems ?? [];
      return [{ kind: 'transact', counter: first!.Update as UpdateCommandInput, others }];
    }
    return [];
  });
}

function updates(): UpdateCommandInput[] {
  return writes().map((write) => write.counter);
}

function updatesFor(slug: string): UpdateCommandInput[] {
  return updates().filter((input) => input.Key?.pk === slug);
}

function writesFor(slug: string): CounterWrite[] {
  return writes().filter((write) => write.counter.Key?.pk === slug);
}

const timelineOf = (write: CounterWrite) =>
  Object.fromEntries(
    write.others
      .filter((item) => String(item.Update?.Key?.sk).startsWith('TIMELINE#'))
      .map((item) => [String(item.Update!.Key!.sk).slice('TIMELINE#'.length), item.Update!.ExpressionAttributeValues![':n']]),
  );

const activityOf = (write: CounterWrite) => write.others.filter((item) => item.Put).map((item) => item.Put!.Item!);

const withdrawalsOf = (write: CounterWrite) =>
  Object.fromEntries(
    write.others
      .filter((item) => String(item.Update?.Key?.sk).startsWith('WITHDRAWALS#'))
      .map((item) => [String(item.Update!.Key!.sk).slice('WITHDRAWALS#'.length), item.Update!.ExpressionAttributeValues![':n']]),
  );

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Decodes an update into what it does: total, per-country increments, and per-shard watermark logic. */
function decode(input: UpdateCommandInput) {
  const names = input.ExpressionAttributeNames ?? {};
  const values = input.ExpressionAttributeValues ?? {};
  const update = input.UpdateExpression ?? '';
  const condition = input.ConditionExpression ?? '';
  // DynamoDB rejects an expression with unused names or values (the mock would not): check here.
  const used = (placeholder: string) => new RegExp(`${escape(placeholder)}(?![\\w])`).test(`${update} ${condition}`);
  for (const placeholder of [...Object.keys(names), ...Object.keys(input.ExpressionAttributeValues ?? {})]) {
    expect(used(placeholder), `${placeholder} is unused`).toBe(true);
  }
  const nameOf = (target: string) => Object.keys(names).find((key) => names[key] === target);
  const countName = nameOf('count');
  const countriesName = nameOf('countries');
  const sourcesName = nameOf('sources');
  const wmName = nameOf('wm');

  const totalMatch = countName && new RegExp(`${escape(countName)} = if_not_exists\\(${escape(countName)}, (:\\w+)\\) \\+ (:\\w+)`).exec(update);
  const total = totalMatch ? (values[totalMatch[2]!] as number) : undefined;
  const pendingName = nameOf('pending');
  const pendingMatch = pendingName && new RegExp(`${escape(pendingName)} = if_not_exists\\(${escape(pendingName)}, (:\\w+)\\) \\+ (:\\w+)`).exec(update);
  const pending = pendingMatch ? (values[pendingMatch[2]!] as number) : undefined;

  const countries: Record<string, number> = {};
  if (countriesName) {
    const re = new RegExp(`${escape(countriesName)}\\.(#\\w+) = if_not_exists\\([^)]*\\) \\+ (:\\w+)`, 'g');
    for (const m of update.matchAll(re)) countries[names[m[1]!]!] = values[m[2]!] as number;
  }
  const sources: Record<string, number> = {};
  if (sourcesName) {
    const re = new RegExp(`${escape(sourcesName)}\\.(#\\w+) = if_not_exists\\(${escape(sourcesName)}\\.\\1, :\\w+\\) \\+ (:\\w+)`, 'g');
    for (const m of update.matchAll(re)) sources[names[m[1]!]!] = values[m[2]!] as number;
  }

  /** Per shard label: the watermark written, and how the condition guards the stored one. */
  const shards: Record<string, { sets?: unknown; below?: unknown; equals?: unknown; absentOk: boolean; mustBeAbsent: boolean }> = {};
  for (const [placeholder, name] of Object.entries(names)) {
    if (!/^s\d+$/.test(name)) continue;
    const path = `${escape(wmName ?? '#wm')}\\.${escape(placeholder)}`;
    const sets = new RegExp(`${path} = (:\\w+)`).exec(update);
    const below = new RegExp(`${path} < (:\\w+)`).exec(condition);
    const equals = new RegExp(`${path} = (:\\w+)`).exec(condition);
    const absent = new RegExp(`attribute_not_exists\\(${path}\\)`).test(condition);
    shards[name.slice(1)] = {
      sets: sets ? values[sets[1]!] : undefined,
      below: below ? values[below[1]!] : undefined,
      equals: equals ? values[equals[1]!] : undefined,
      // attribute_not_exists OR < : a first write is allowed too.
      absentOk: absent && !!below,
      mustBeAbsent: absent && !below && !equals,
    };
  }
  return { total, pending, countries, sources, shards, condition, input };
}

/** The stored counter item in raw attribute-value form, as it comes back with a failed condition. */
function rawCounter(slug: string, watermarks: Record<string, string>, count = 5) {
  return {
    pk: { S: slug },
    sk: { S: 'COUNT' },
    count: { N: String(count) },
    countries: { M: {} },
    wm: { M: Object.fromEntries(Object.entries(watermarks).map(([shard, seq]) => [`s${shard}`, { S: pad(seq) }])) },
    updatedAt: { S: '2026-01-01T00:00:00.000Z' },
  };
}

/** What the next counter write of a campaign meets. */
type Outcome = 'ok' | 'missing' | { stale: Record<string, string>; count?: number } | { error: Error } | 'noSourcesMap';

const stale = (watermarks: Record<string, string>, count = 5): Outcome => ({ stale: watermarks, count });

const scripts = new Map<string, { queue: Outcome[]; then: Outcome }>();

/** Scripts the counter writes of one campaign: these outcomes in turn, then `then` for ever. */
function script(slug: string, outcomes: Outcome[], then: Outcome = 'ok') {
  scripts.set(slug, { queue: [...outcomes], then });
}

/** A failed condition as each write shape reports it: the item in raw form (or not at all). */
function failure(kind: 'update' | 'transact', outcome: Exclude<Outcome, 'ok'>, slug: string, others: number): Error {
  if (typeof outcome === 'object' && 'error' in outcome) return outcome.error;
  if (outcome === 'noSourcesMap') {
    // What DynamoDB answers when an update sets a path inside a map the item does not have.
    const message = 'The document path provided in the update expression is invalid for update';
    if (kind === 'update') return Object.assign(new Error(message), { name: 'ValidationException' });
    return new TransactionCanceledException({
      message: 'Transaction cancelled',
      $metadata: {},
      CancellationReasons: [{ Code: 'ValidationError', Message: message }, ...Array.from({ length: others }, () => ({ Code: 'None' }))],
    });
  }
  const item = outcome === 'missing' ? undefined : rawCounter(slug, outcome.stale, outcome.count);
  if (kind === 'update') {
    return new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {}, ...(item ? { Item: item } : {}) });
  }
  return new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: [{ Code: 'ConditionalCheckFailed', ...(item ? { Item: item } : {}) }, ...Array.from({ length: others }, () => ({ Code: 'None' }))],
  });
}

function respond(kind: 'update' | 'transact', slug: string, others = 0) {
  const entry = scripts.get(slug);
  const outcome = entry ? (entry.queue.shift() ?? entry.then) : 'ok';
  return outcome === 'ok' ? Promise.resolve({}) : Promise.reject(failure(kind, outcome, slug, others));
}

beforeEach(() => {
  ddb.reset();
  scripts.clear();
  ddb.on(UpdateCommand).callsFake((input: UpdateCommandInput) => respond('update', String(input.Key?.pk)));
  ddb.on(TransactWriteCommand).callsFake((input: TransactWriteCommandInput) => {
    const [first, ...others] = input.TransactItems ?? [];
    return respond('transact', String(first?.Update?.Key?.pk), others.length);
  });
});

// ---------------------------------------------------------------------------------------------

describe('a batch', () => {
  it('makes exactly one conditional update per campaign, carrying the summed changes', async () => {
    await run([
      insert('camp-a#03', '99', 'UA'),
      insert('camp-b#01', '100', 'GE'),
      insert('camp-a#03', '101', 'GE'),
      insert('camp-a#07', '102', 'UA'),
      insert('camp-a#03', '1000', 'UA'),
      insert('camp-b#01', '1001', 'GE'),
    ]);

    expect(updates()).toHaveLength(2);
    const [a] = updatesFor('camp-a');
    const [b] = updatesFor('camp-b');
    expect(a).toBeDefined();
    expect(b).toBeDefined();

    for (const input of [a!, b!]) {
      expect(input.TableName).toBe(env.PETITIONS_TABLE);
      expect(input.Key?.sk).toBe('COUNT');
      expect(input.ConditionExpression).toContain('attribute_exists(pk)');
    }

    const da = decode(a!);
    expect(da.total).toBe(4);
    expect(da.countries).toEqual({ UA: 3, GE: 1 });
    // Shard 03 saw 99, 101, 1000: numerically first 99 and last 1000 (string order would say '99' is last).
    expect(da.shards['03']).toEqual({ sets: pad('1000'), below: pad('99'), equals: undefined, absentOk: true, mustBeAbsent: false });
    expect(da.shards['07']).toEqual({ sets: pad('102'), below: pad('102'), equals: undefined, absentOk: true, mustBeAbsent: false });
    expect(Object.keys(da.shards).sort()).toEqual(['03', '07']);

    const db = decode(b!);
    expect(db.total).toBe(2);
    expect(db.countries).toEqual({ GE: 2 });
    expect(Object.keys(db.shards)).toEqual(['01']);
    expect(db.shards['01']).toMatchObject({ sets: pad('1001'), below: pad('100') });

    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('ignores records that are not signature partitions, and an empty batch writes nothing', async () => {
    await run([]);
    await run([record('INSERT', 'no-shard-here', '5', { new: signed('UA') })]);
    expect(ddb.calls()).toHaveLength(0);
  });
});

describe('changes other than inserts', () => {
  it('REMOVE of a signed signature → total −1 and its country −1', async () => {
    await run([record('REMOVE', 'camp#03', '200', { old: signed('UA') })]);
    const [u] = updates();
    const d = decode(u!);
    expect(d.total).toBe(-1);
    expect(d.countries).toEqual({ UA: -1 });
    expect(d.shards['03']).toMatchObject({ sets: pad('200'), below: pad('200') });
  });

  it('MODIFY that moves the country → total 0, the country moves', async () => {
    await run([record('MODIFY', 'camp#03', '201', { old: signed('UA'), new: signed('GE') })]);
    const d = decode(updates()[0]!);
    expect(d.total).toBe(0);
    expect(d.countries).toEqual({ UA: -1, GE: 1 });
  });

  it('MODIFY that withdraws a signature → total −1; one that restores it → +1', async () => {
    await run([record('MODIFY', 'camp#03', '202', { old: signed('AM'), new: { status: 'withdrawn', country: 'AM' } })]);
    expect(decode(updates()[0]!)).toMatchObject({ total: -1, countries: { AM: -1 } });

    ddb.resetHistory();
    await run([record('MODIFY', 'camp#03', '203', { old: { status: 'withdrawn', country: 'AM' }, new: signed('AM') })]);
    expect(decode(updates()[0]!)).toMatchObject({ total: 1, countries: { AM: 1 } });
  });

  it('follows a signature through its life: pending, confirmed, withdrawn (delete + tombstone)', async () => {
    await run([record('INSERT', 'camp#05', '400', { new: pendingImage('KZ') })]);
    expect(decode(updates()[0]!)).toMatchObject({ total: 0, pending: 1, countries: {} });

    ddb.resetHistory();
    await run([record('MODIFY', 'camp#05', '401', { old: pendingImage('KZ'), new: signed('KZ') })]);
    expect(decode(updates()[0]!)).toMatchObject({ total: 1, pending: -1, countries: { KZ: 1 } });

    ddb.resetHistory();
    await run([
      record('REMOVE', 'camp#05', '402', { old: signed('KZ') }),
      record('INSERT', 'camp#05', '403', { new: { status: 'withdrawn' } }, 'withdrawn#0b1c'),
    ]);
    expect(decode(updates()[0]!)).toMatchObject({ total: -1, pending: 0, countries: { KZ: -1 } });
  });

  it('an unconfirmed signature expiring by TTL lowers pending only', async () => {
    await run([record('REMOVE', 'camp#06', '500', { old: pendingImage('RO') })]);
    expect(decode(updates()[0]!)).toMatchObject({ total: 0, pending: -1, countries: {} });
  });

  it('an insert and its removal in one batch cancel out, but the watermark still advances', async () => {
    await run([
      record('INSERT', 'camp#04', '300', { new: signed('MD') }, 'same'),
      record('REMOVE', 'camp#04', '301', { old: signed('MD') }, 'same'),
    ]);
    const d = decode(updates()[0]!);
    expect(d.total).toBe(0);
    expect(d.countries).toEqual({});
    expect(d.shards['04']).toMatchObject({ sets: pad('301'), below: pad('300') });
  });
});

describe('a redelivered batch', () => {
  const batch = () => [insert('camp#03', '100', 'UA'), insert('camp#03', '101', 'UA'), insert('camp#03', '102', 'GE')];

  it('already applied in full → resolves, and nothing is added again', async () => {
    script('camp', [stale({ '03': '102' })]);
    await expect(run(batch())).resolves.toBeUndefined();
    expect(updates()).toHaveLength(1);
    expect(ddb.commandCalls(PutCommand)).toHaveLength(0);
  });

  it('covered by a later watermark → also nothing added', async () => {
    script('camp', [stale({ '03': '5000' })]);
    await run(batch());
    expect(updates()).toHaveLength(1);
  });

  it('applied in part → the second update adds only the unapplied part, conditioned on the watermark read', async () => {
    script('camp', [stale({ '03': '101' })]);
    await run(batch());

    const all = updates();
    expect(all).toHaveLength(2);
    const first = decode(all[0]!);
    expect(first.total).toBe(3);

    const second = decode(all[1]!);
    expect(second.total).toBe(1);
    expect(second.countries).toEqual({ GE: 1 });
    expect(second.shards['03']).toEqual({ sets: pad('102'), below: undefined, equals: pad('101'), absentOk: false, mustBeAbsent: false });
  });

  it('across shards: a fully applied shard is left alone, a new one must still be absent', async () => {
    script('camp', [stale({ '03': '101' })]);
    await run([insert('camp#03', '100', 'UA'), insert('camp#03', '101', 'UA'), insert('camp#09', '150', 'KZ')]);

    const all = updates();
    expect(all).toHaveLength(2);
    const second = decode(all[1]!);
    expect(second.total).toBe(1);
    expect(second.countries).toEqual({ KZ: 1 });
    expect(Object.keys(second.shards)).toEqual(['09']);
    expect(second.shards['09']).toMatchObject({ sets: pad('150'), mustBeAbsent: true });
  });

  it('keeps retrying against a concurrently moving watermark, then gives up with an error', async () => {
    script('camp', [stale({ '03': '100' }), stale({ '03': '101' })]);
    await run(batch());
    const all = updates();
    expect(all).toHaveLength(3);
    expect(decode(all[1]!)).toMatchObject({ total: 2 });
    expect(decode(all[1]!).shards['03']).toMatchObject({ equals: pad('100') });
    expect(decode(all[2]!)).toMatchObject({ total: 1, countries: { GE: 1 } });
    expect(decode(all[2]!).shards['03']).toMatchObject({ equals: pad('101') });

    ddb.resetHistory();
    script('camp', [], stale({ '03': '099' }));
    await expect(run(batch())).rejects.toThrow();
    expect(updates().length).toBeGreaterThan(1);
    expect(updates().length).toBeLessThanOrEqual(10);
  });
});

describe('a campaign without a counter', () => {
  it('creates the zeroed counter (never overwriting one), then applies the batch', async () => {
    script('fresh', ['missing']);
    ddb.on(GetCommand).resolves({});
    ddb.on(PutCommand).resolves({});

    await run([insert('fresh#02', '10', 'LV')]);

    const puts = ddb.commandCalls(PutCommand).map((call) => call.args[0].input);
    expect(puts).toHaveLength(1);
    expect(puts[0]!.ConditionExpression).toBe('attribute_not_exists(pk)');
    expect(puts[0]!.Item).toMatchObject({ pk: 'fresh', sk: 'COUNT', count: 0 });

    const all = updates();
    expect(all).toHaveLength(2);
    expect(decode(all[1]!)).toMatchObject({ total: 1, countries: { LV: 1 } });
  });
});

describe('partial failure', () => {
  it('one campaign failing with a non-condition error fails the batch; the others were still written', async () => {
    script('camp-a', [], { error: Object.assign(new Error('slow down'), { name: 'ProvisionedThroughputExceededException' }) });

    await expect(run([insert('camp-a#01', '1', 'UA'), insert('camp-b#02', '2', 'GE')])).rejects.toThrow();

    expect(updatesFor('camp-a')).toHaveLength(1);
    expect(updatesFor('camp-b')).toHaveLength(1);
    expect(decode(updatesFor('camp-b')[0]!)).toMatchObject({ total: 1, countries: { GE: 1 } });
  });

  it('on redelivery the campaign that succeeded is skipped by its watermark and the other is applied', async () => {
    script('camp-b', [], stale({ '02': '2' }, 1));

    await expect(run([insert('camp-a#01', '1', 'UA'), insert('camp-b#02', '2', 'GE')])).resolves.toBeUndefined();
    expect(updatesFor('camp-a')).toHaveLength(1);
    expect(updatesFor('camp-b')).toHaveLength(1);
  });
});

describe('the dashboard data written with the counter', () => {
  const at = (iso: string) => Date.parse(iso) / 1000;
  const confirmedAt = (pk: string, sequence: string, country: string, when: string) =>
    record('MODIFY', pk, sequence, { old: pendingImage(country), new: signed(country) }, undefined, at(when));

  /** DynamoDB rejects unused placeholders in any item of a transaction. */
  function expectAllPlaceholdersUsed(item: TransactItem) {
    const update = item.Update;
    if (!update) return;
    const text = `${update.UpdateExpression} ${update.ConditionExpression ?? ''}`;
    for (const placeholder of [...Object.keys(update.ExpressionAttributeNames ?? {}), ...Object.keys(update.ExpressionAttributeValues ?? {})]) {
      expect(new RegExp(`${escape(placeholder)}(?![\\w])`).test(text), `${placeholder} is unused`).toBe(true);
    }
  }

  it('a batch that confirms and withdraws: one transaction, the counter first, confirmations per UTC hour, withdrawals per day, one activity item', async () => {
    await run([
      confirmedAt('camp#07', '100', 'UA', '2026-11-24T13:20:00Z'),
      confirmedAt('camp#03', '101', 'GE', '2026-11-24T13:59:59Z'),
      confirmedAt('camp#03', '102', 'GE', '2026-11-24T14:00:00Z'),
      record('REMOVE', 'camp#03', '103', { old: signed('AM') }, undefined, at('2026-11-24T14:10:00Z')),
      record('INSERT', 'camp#03', '104', { new: pendingImage('AM') }, undefined, at('2026-11-24T14:12:00Z')),
    ]);

    const all = writes();
    expect(all).toHaveLength(1);
    const [write] = all;
    expect(write!.kind).toBe('transact');
    expect(write!.counter.Key).toEqual({ pk: 'camp', sk: 'COUNT' });
    expect(write!.counter.ReturnValuesOnConditionCheckFailure).toBe('ALL_OLD');
    expect(decode(write!.counter)).toMatchObject({ total: 2, pending: -2, countries: { UA: 1, GE: 2, AM: -1 } });
    // The batch brought arrivals, so the counter's updatedAt moves (to when it was counted).
    expect(Date.parse(String(write!.counter.ExpressionAttributeValues![':updatedAt']))).toBeGreaterThan(Date.now() - 60_000);

    // Confirmations only: 13h two, 14h one. The withdrawal at 14:10 is in no hour.
    expect(timelineOf(write!)).toEqual({ '2026-11-24T13': 2, '2026-11-24T14': 1 });
    // It is counted on its UTC day, with nothing else: no time, no country.
    expect(withdrawalsOf(write!)).toEqual({ '2026-11-24': 1 });
    const day = write!.others.find((item) => String(item.Update?.Key?.sk).startsWith('WITHDRAWALS#'))!.Update!;
    expect(day.ExpressionAttributeValues).toEqual({ ':day': '2026-11-24', ':n': 1 });
    for (const item of write!.others) {
      expect(item.Update?.TableName ?? item.Put?.TableName).toBe(env.PETITIONS_TABLE);
      expectAllPlaceholdersUsed(item);
    }
    const timeline = write!.others.find((item) => item.Update)!.Update!;
    expect(timeline.UpdateExpression).toContain('ADD');
    expect(timeline.ConditionExpression).toBeUndefined();

    const [activity, ...more] = activityOf(write!);
    expect(more).toHaveLength(0);
    expect(activity).toEqual({
      pk: 'camp',
      // The latest confirmation's time, the first confirmation's shard and sequence: unique per batch.
      sk: `ACTIVITY#2026-11-24T14:00:00.000Z#03#${pad('101')}`,
      at: '2026-11-24T14:00:00.000Z',
      confirmed: 3,
      countries: { UA: 1, GE: 2 },
      expiresAt: at('2026-11-24T14:00:00Z') + 7 * 86_400,
    });
    // Counts only: nothing that names or identifies a signer, and nothing of the withdrawal.
    expect(Object.keys(activity!).sort()).toEqual(['at', 'confirmed', 'countries', 'expiresAt', 'pk', 'sk']);
  });

  it('a batch that only withdraws: the day item and the counter, whose updatedAt stays as it was', async () => {
    await run([
      record('REMOVE', 'camp#03', '200', { old: signed('MD') }, undefined, at('2026-11-24T23:59:30Z')),
      record('INSERT', 'camp#03', '201', { new: { status: 'withdrawn' } }, 'withdrawn#0b1c', at('2026-11-24T23:59:30Z')),
      record('REMOVE', 'camp#05', '202', { old: signed('GE') }, undefined, at('2026-11-25T00:00:10Z')),
    ]);
    const [write, ...more] = writes();
    expect(more).toHaveLength(0);
    expect(decode(write!.counter)).toMatchObject({ total: -2, countries: { MD: -1, GE: -1 } });
    expect(write!.counter.UpdateExpression).not.toContain('updatedAt');
    expect(Object.keys(write!.counter.ExpressionAttributeValues!)).not.toContain(':updatedAt');
    expect(timelineOf(write!)).toEqual({});
    expect(activityOf(write!)).toEqual([]);
    expect(withdrawalsOf(write!)).toEqual({ '2026-11-24': 1, '2026-11-25': 1 });
    for (const item of write!.others) {
      expectAllPlaceholdersUsed(item);
      const text = JSON.stringify(item);
      expect(text).not.toMatch(/T\d\d|MD|GE/);
    }
  });

  it('hours that differ each get their own item', async () => {
    await run([
      confirmedAt('camp#01', '1', 'MD', '2026-11-24T22:59:00Z'),
      confirmedAt('camp#01', '2', 'MD', '2026-11-24T23:01:00Z'),
      confirmedAt('camp#02', '3', 'MD', '2026-11-25T00:00:30Z'),
      confirmedAt('camp#02', '4', 'MD', '2026-11-25T00:10:00Z'),
    ]);
    expect(timelineOf(writes()[0]!)).toEqual({ '2026-11-24T22': 1, '2026-11-24T23': 1, '2026-11-25T00': 2 });
  });

  it('a batch that only moves pending (new signatures) stays one UpdateItem: no timeline, no activity', async () => {
    await run([record('INSERT', 'camp#05', '10', { new: pendingImage('KZ') }), record('INSERT', 'camp#06', '11', { new: pendingImage('KZ') })]);
    expect(writes().map((write) => write.kind)).toEqual(['update']);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
  });

  it('redelivered in part: the retried transaction adds only the new change to timeline and activity', async () => {
    script('camp', [stale({ '03': '101' })]);
    await run([
      confirmedAt('camp#03', '100', 'UA', '2026-11-24T13:00:00Z'),
      confirmedAt('camp#03', '101', 'UA', '2026-11-24T13:30:00Z'),
      confirmedAt('camp#03', '102', 'GE', '2026-11-24T14:30:00Z'),
    ]);
    const [first, second] = writes();
    expect(writes()).toHaveLength(2);
    expect(timelineOf(first!)).toEqual({ '2026-11-24T13': 2, '2026-11-24T14': 1 });
    expect(decode(second!.counter)).toMatchObject({ total: 1, countries: { GE: 1 } });
    expect(decode(second!.counter).shards['03']).toMatchObject({ equals: pad('101') });
    expect(timelineOf(second!)).toEqual({ '2026-11-24T14': 1 });
    expect(activityOf(second!)).toEqual([
      expect.objectContaining({ sk: `ACTIVITY#2026-11-24T14:30:00.000Z#03#${pad('102')}`, confirmed: 1, countries: { GE: 1 } }),
    ]);
  });

  it('redelivered in full: the cancelled transaction wrote nothing, and nothing more is written', async () => {
    script('camp', [stale({ '03': '102' })]);
    await run([confirmedAt('camp#03', '101', 'UA', '2026-11-24T13:00:00Z'), confirmedAt('camp#03', '102', 'UA', '2026-11-24T13:05:00Z')]);
    expect(writes()).toHaveLength(1);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('reads the counter from the cancellation reason in plain form too', async () => {
    const plain = new TransactionCanceledException({
      message: 'Transaction cancelled',
      $metadata: {},
      CancellationReasons: [
        { Code: 'ConditionalCheckFailed', Item: { pk: 'camp', sk: 'COUNT', count: 2, wm: { s03: pad('102') } } as never },
        { Code: 'None' },
        { Code: 'None' },
      ],
    });
    script('camp', [{ error: plain }]);
    await run([confirmedAt('camp#03', '101', 'UA', '2026-11-24T13:00:00Z'), confirmedAt('camp#03', '102', 'UA', '2026-11-24T13:05:00Z')]);
    expect(writes()).toHaveLength(1);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(0);
  });

  it('reads the counter when the cancellation reason carries no item', async () => {
    const bare = new TransactionCanceledException({
      message: 'Transaction cancelled',
      $metadata: {},
      CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }],
    });
    script('camp', [{ error: bare }]);
    ddb.on(GetCommand).resolves({ Item: { pk: 'camp', sk: 'COUNT', count: 1, wm: { s03: pad('101') } } });
    await run([confirmedAt('camp#03', '101', 'UA', '2026-11-24T13:00:00Z'), confirmedAt('camp#03', '102', 'UA', '2026-11-24T13:05:00Z')]);
    const gets = ddb.commandCalls(GetCommand).map((call) => call.args[0].input);
    expect(gets).toEqual([expect.objectContaining({ Key: { pk: 'camp', sk: 'COUNT' }, ConsistentRead: true })]);
    expect(writes()).toHaveLength(2);
    expect(decode(writes()[1]!.counter)).toMatchObject({ total: 1 });
  });

  it('a transaction cancelled for another reason (a conflicting write) fails the batch, to be delivered again', async () => {
    const conflict = new TransactionCanceledException({
      message: 'Transaction cancelled',
      $metadata: {},
      CancellationReasons: [{ Code: 'TransactionConflict' }, { Code: 'None' }, { Code: 'None' }],
    });
    script('camp', [{ error: conflict }]);
    await expect(run([confirmedAt('camp#03', '101', 'UA', '2026-11-24T13:00:00Z')])).rejects.toThrow(/delivered again/);
    expect(writes()).toHaveLength(1);
  });
});

describe('widget sources', () => {
  const widget = { host: 'ngo.example.ge', tag: 'spring-mailing' };
  const viaWidget = (country: string, source: Image['source'] = widget): Image => ({ status: 'confirmed', country, source });
  /** Counter writes only: not the one-off update that gives an older counter its `sources` map. */
  const counterWrites = () => writes().filter((w) => !w.counter.UpdateExpression?.startsWith('SET #sources = :empty'));

  it('a confirmation through the widget adds to `host#tag` in the same conditional write as the total', async () => {
    await run([
      record('MODIFY', 'camp#03', '100', { old: { status: 'pending', country: 'GE', source: widget }, new: viaWidget('GE') }),
      record('INSERT', 'camp#03', '101', { new: viaWidget('GE', { host: 'ngo.example.ge' }) }),
      // Our own page: no source, so counted in the total only (the dashboard calls the rest `direct`).
      insert('camp#03', '102', 'UA'),
    ]);
    const [write] = counterWrites();
    const d = decode(write!.counter);
    expect(d.total).toBe(3);
    expect(d.sources).toEqual({ 'ngo.example.ge#spring-mailing': 1, 'ngo.example.ge': 1 });
    expect(d.condition).toContain('attribute_exists(pk)');
    expect(d.shards['03']).toMatchObject({ sets: pad('102'), below: pad('100') });
  });

  it('pending signatures move no source; a withdrawal lowers its source', async () => {
    await run([record('INSERT', 'camp#03', '200', { new: { status: 'pending', country: 'GE', source: widget } })]);
    expect(decode(updates()[0]!).sources).toEqual({});

    ddb.resetHistory();
    await run([record('REMOVE', 'camp#03', '201', { old: viaWidget('GE') })]);
    expect(decode(updates()[0]!)).toMatchObject({ total: -1, sources: { 'ngo.example.ge#spring-mailing': -1 } });
  });

  it('a redelivered batch adds its sources once: the retry carries only the unapplied changes', async () => {
    const batch = () => [
      record('INSERT', 'camp#03', '300', { new: viaWidget('GE') }),
      record('INSERT', 'camp#03', '301', { new: viaWidget('AM', { host: 'other.example.am' }) }),
    ];
    script('camp', [stale({ '03': '300' })]);
    await run(batch());
    const [first, second] = counterWrites().map((w) => decode(w.counter));
    expect(first!.sources).toEqual({ 'ngo.example.ge#spring-mailing': 1, 'other.example.am': 1 });
    expect(second!.sources).toEqual({ 'other.example.am': 1 });
    expect(second!.shards['03']).toMatchObject({ equals: pad('300'), sets: pad('301') });

    // Delivered once more, all of it applied: nothing is added.
    ddb.resetHistory();
    script('camp', [stale({ '03': '301' })]);
    await run(batch());
    expect(counterWrites()).toHaveLength(1);
  });

  it('a counter from before sources existed gets an empty map once, then the same changes are applied', async () => {
    for (const shape of ['update', 'transact'] as const) {
      ddb.resetHistory();
      script('camp', ['noSourcesMap']);
      // A confirmation makes a transaction (timeline, activity); a change that moves only a source
      // (a confirmed signature's source rewritten) a single UpdateItem.
      const records =
        shape === 'transact'
          ? [record('INSERT', 'camp#03', '400', { new: viaWidget('GE') })]
          : [record('MODIFY', 'camp#03', '400', { old: viaWidget('GE'), new: viaWidget('GE', { host: 'other.example' }) })];
      await run(records);
      const init = ddb.commandCalls(UpdateCommand).map((c) => c.args[0].input).filter((i) => i.UpdateExpression === 'SET #sources = :empty');
      expect(init).toHaveLength(1);
      expect(init[0]!.ConditionExpression).toBe('attribute_exists(pk) AND attribute_not_exists(#sources)');
      const tries = counterWrites();
      expect(tries.map((w) => w.kind)).toEqual([shape, shape]);
      // The second try is the first again: same changes, same watermark condition.
      expect(decode(tries[1]!.counter)).toMatchObject({ sources: decode(tries[0]!.counter).sources, shards: decode(tries[0]!.counter).shards });
    }
  });

  it('a batch without sources never touches the map, so older counters keep working untouched', async () => {
    await run([insert('camp#03', '500', 'UA')]);
    const input = updates()[0]!;
    expect(Object.values(input.ExpressionAttributeNames ?? {})).not.toContain('sources');
  });
});

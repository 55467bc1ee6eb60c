/**
 * The KMS provider (DATA_KEY_ID) with KMS mocked: one GenerateDataKey serves many records, every call
 * carries the encryption context, and Decrypt is called once per wrapped key, then cached. And the
 * period's data key, shared by containers through the signals table (faked: ./fake-period-table.ts).
 */
import { createCipheriv, randomBytes } from 'node:crypto';
import { describe, it, expect, beforeEach, afterEach, vi } from 'vitest';
import { unitEnv } from './unit-env.ts';
import { mockClient } from 'aws-sdk-client-mock';
import { DecryptCommand, EncryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { GetCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { fakePeriodTable } from './fake-period-table.ts';

const KEY_ID = 'arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const CONTEXT = { purpose: 'undersigned-personal-data' };

// The provider is chosen when the module loads, so the configuration must be in place first.
void unitEnv;
delete process.env.DATA_KEY_FILE;
process.env.DATA_KEY_ID = KEY_ID;

const { sealFields, openFields } = await import('#crypto/field-crypto.ts');
const { resetDataKeyCacheForTests, dataKeyProviderCalls } = await import('#crypto/data-keys.ts');

const kms = mockClient(KMSClient);
const table = fakePeriodTable();

/**
 * A fake KMS: each generated or encrypted key gets a distinct blob, and Decrypt gives back its
 * plaintext only under the encryption context it was made with, as KMS does.
 */
let generated: Map<string, Buffer>;
let contexts: Map<string, string>;
/** Set to make the next KMS call fail as throttled, once. */
let throttleNext = false;
function maybeThrottle() {
  if (!throttleNext) return;
  throttleNext = false;
  throw Object.assign(new Error('slow down'), { name: 'ThrottlingException' });
}

const signer = { name: 'Арам Петросян', email: 'aram@example.org', comment: 'Մենք ձեզ հետ ենք' };
const ITEM = 'free-the-press#03|' + 'c'.repeat(64);

beforeEach(() => {
  kms.reset();
  table.reset();
  resetDataKeyCacheForTests();
  generated = new Map();
  contexts = new Map();
  throttleNext = false;
  const remember = (plaintext: Buffer, context: unknown) => {
    const blob = randomBytes(64);
    generated.set(blob.toString('base64'), plaintext);
    contexts.set(blob.toString('base64'), JSON.stringify(context));
    return blob;
  };
  kms.on(GenerateDataKeyCommand).callsFake((input: { EncryptionContext: unknown }) => {
    maybeThrottle();
    const plaintext = randomBytes(32);
    const blob = remember(plaintext, input.EncryptionContext);
    return { KeyId: KEY_ID, CiphertextBlob: new Uint8Array(blob), Plaintext: new Uint8Array(plaintext) };
  });
  kms.on(EncryptCommand).callsFake((input: { Plaintext: Uint8Array; EncryptionContext: unknown }) => {
    maybeThrottle();
    return { KeyId: KEY_ID, CiphertextBlob: new Uint8Array(remember(Buffer.from(input.Plaintext), input.EncryptionContext)) };
  });
  kms.on(DecryptCommand).callsFake((input: { CiphertextBlob: Uint8Array; EncryptionContext: unknown }) => {
    maybeThrottle();
    const blob = Buffer.from(input.CiphertextBlob).toString('base64');
    const plaintext = generated.get(blob);
    if (!plaintext || contexts.get(blob) !== JSON.stringify(input.EncryptionContext)) {
      throw Object.assign(new Error('bad ciphertext'), { name: 'InvalidCiphertextException' });
    }
    return { KeyId: KEY_ID, Plaintext: new Uint8Array(plaintext) };
  });
});

// The tests below count KMS calls: in a period's last five minutes a container also fetches the next
// period's key ahead, so they run at a fixed moment mid-period, whatever the clock says.
function pinMidPeriod(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-24T10:05:00.000Z'));
  });
  afterEach(() => vi.useRealTimers());
}

describe('sealing with KMS data keys', () => {
  pinMidPeriod();
  it('asks KMS for one AES-256 data key, with the encryption context, for several records', async () => {
    const records = [];
    for (let i = 0; i < 5; i++) records.push(await sealFields(signer, `${ITEM}${i}`));
    await Promise.all(Array.from({ length: 5 }, (_, i) => sealFields(signer, `${ITEM}x${i}`)));

    const calls = kms.commandCalls(GenerateDataKeyCommand);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.args[0].input).toEqual({ KeyId: KEY_ID, KeySpec: 'AES_256', EncryptionContext: CONTEXT });

    const [blob] = [...generated.keys()];
    for (const record of records) expect(record.dataKey).toBe(`kms:${blob}`);
  });

  it('opens a record it just sealed without calling Decrypt', async () => {
    const { dataKey, sealed } = await sealFields(signer, ITEM);
    expect(await openFields(dataKey, sealed, ITEM)).toEqual(signer);
    expect(kms.commandCalls(DecryptCommand)).toHaveLength(0);
  });

  it('does not cache a failed GenerateDataKey', async () => {
    throttleNext = true;
    await expect(sealFields(signer, ITEM)).rejects.toThrow('slow down');
    const { dataKey, sealed } = await sealFields(signer, ITEM);
    expect(await openFields(dataKey, sealed, ITEM)).toEqual(signer);
    expect(kms.commandCalls(GenerateDataKeyCommand)).toHaveLength(2);
  });
});

describe('opening with KMS data keys', () => {
  pinMidPeriod();
  it('unwraps with Decrypt, the same context and our key, once per wrapped key', async () => {
    const { dataKey, sealed } = await sealFields(signer, ITEM);
    resetDataKeyCacheForTests(); // as if read by another container

    expect(await openFields(dataKey, sealed, ITEM)).toEqual(signer);
    expect(await openFields(dataKey, sealed, ITEM)).toEqual(signer);
    await Promise.all([openFields(dataKey, sealed, ITEM), openFields(dataKey, sealed, ITEM)]);

    const calls = kms.commandCalls(DecryptCommand);
    expect(calls).toHaveLength(1);
    const input = calls[0]!.args[0].input;
    expect(input.EncryptionContext).toEqual(CONTEXT);
    expect(input.KeyId).toBe(KEY_ID);
    expect(`kms:${Buffer.from(input.CiphertextBlob!).toString('base64')}`).toBe(dataKey);
  });

  it('does not cache a failed Decrypt', async () => {
    const { dataKey, sealed } = await sealFields(signer, ITEM);
    resetDataKeyCacheForTests();
    throttleNext = true;
    await expect(openFields(dataKey, sealed, ITEM)).rejects.toThrow('slow down');
    expect(await openFields(dataKey, sealed, ITEM)).toEqual(signer);
    expect(kms.commandCalls(DecryptCommand)).toHaveLength(2);
  });

  it('keeps at most 100 unwrapped keys, dropping the least recently used', async () => {
    const records = [];
    for (let i = 0; i < 101; i++) {
      resetDataKeyCacheForTests(); // a new data key per record: a new container, in a new period
      table.reset();
      records.push({ ...(await sealFields({ name: `Signer ${i}` }, ITEM)), i });
    }
    resetDataKeyCacheForTests();
    kms.resetHistory();

    for (const { dataKey, sealed } of records) await openFields(dataKey, sealed, ITEM);
    expect(kms.commandCalls(DecryptCommand)).toHaveLength(101);
    // Record 0 was evicted by record 100; 1..100 are still cached; 1 is now the most recent.
    await openFields(records[1]!.dataKey, records[1]!.sealed, ITEM);
    expect(kms.commandCalls(DecryptCommand)).toHaveLength(101);
    await openFields(records[0]!.dataKey, records[0]!.sealed, ITEM); // evicts 2, the oldest now
    expect(kms.commandCalls(DecryptCommand)).toHaveLength(102);
    await openFields(records[1]!.dataKey, records[1]!.sealed, ITEM);
    expect(kms.commandCalls(DecryptCommand)).toHaveLength(102);
    await openFields(records[2]!.dataKey, records[2]!.sealed, ITEM);
    expect(kms.commandCalls(DecryptCommand)).toHaveLength(103);
  });

  it('counts its KMS calls as KMS sees them, for the bench (bench/sign-path.ts)', async () => {
    const before = { ...dataKeyProviderCalls };
    const records = [];
    for (let i = 0; i < 3; i++) records.push(await sealFields(signer, `${ITEM}${i}`));
    resetDataKeyCacheForTests();
    for (const [i, { dataKey, sealed }] of records.entries()) await openFields(dataKey, sealed, `${ITEM}${i}`);

    expect(dataKeyProviderCalls.generate - before.generate).toBe(kms.commandCalls(GenerateDataKeyCommand).length);
    expect(dataKeyProviderCalls.wrap - before.wrap).toBe(kms.commandCalls(EncryptCommand).length);
    expect(dataKeyProviderCalls.unwrap - before.unwrap).toBe(kms.commandCalls(DecryptCommand).length);
    const counted = (name: 'generate' | 'wrap' | 'unwrap') => dataKeyProviderCalls[name] - before[name];
    expect([counted('generate'), counted('wrap'), counted('unwrap')]).toEqual([1, 1, 1]);
  });

  it('refuses a record whose wrapped key KMS does not recognise, or a file-wrapped key', async () => {
    const { sealed } = await sealFields(signer, ITEM);
    await expect(openFields(`kms:${randomBytes(64).toString('base64')}`, sealed, ITEM)).rejects.toThrow('bad ciphertext');
    await expect(openFields('file:AAAA', sealed, ITEM)).rejects.toThrow(/"file:" cannot be opened here/);
  });
});

/** A fresh module instance of the data-key and field-crypto modules: another Lambda container. */
async function container() {
  vi.resetModules();
  const keys = await import('#crypto/data-keys.ts');
  const fields = await import('#crypto/field-crypto.ts');
  return { ...keys, ...fields };
}

/** KMS calls by kind and encryption context purpose, e.g. `Decrypt:undersigned-data-key-period`. */
const kmsCalls = () =>
  kms.calls().map((call) => {
    const input = call.args[0].input as { EncryptionContext?: { purpose?: string } };
    return `${call.args[0].constructor.name.replace(/Command$/, '')}:${input.EncryptionContext?.purpose}`;
  });
const periodItems = () => [...table.items.values()];

/** A record sealed as sealing functions did before period keys: a data key of its own, in no item. */
async function perContainerRecord(fields: Record<string, string>, context: string) {
  const out = await new KMSClient({ region: 'eu-central-1' }).send(
    new GenerateDataKeyCommand({ KeyId: KEY_ID, KeySpec: 'AES_256', EncryptionContext: CONTEXT }),
  );
  const key = Buffer.from(out.Plaintext!);
  const sealed: Record<string, string> = {};
  for (const [field, value] of Object.entries(fields)) {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(`${context}|${field}`, 'utf8'));
    sealed[field] = 'v1.' + Buffer.concat([iv, cipher.update(value, 'utf8'), cipher.final(), cipher.getAuthTag()]).toString('base64url');
  }
  return { dataKey: `kms:${Buffer.from(out.CiphertextBlob!).toString('base64')}`, sealed };
}

describe("one data key per period, shared by every container through the period's item", () => {
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });
  // Mid-period, before the window in which containers fetch the next period's key ahead.
  const MID_PERIOD = new Date('2026-11-24T10:16:00.000Z');
  const atMidPeriod = () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(MID_PERIOD);
  };

  it('two containers in one period seal with the same key: one GenerateDataKey between them, the second pays one read and one Decrypt', async () => {
    atMidPeriod();
    const [a, b] = [await container(), await container()];
    const first = await a.sealFields(signer, `${ITEM}a`);
    expect(kmsCalls()).toEqual(['GenerateDataKey:undersigned-personal-data', 'Encrypt:undersigned-data-key-period']);
    expect(table.ddb.calls().map((call) => call.args[0].constructor.name)).toEqual(['GetCommand', 'PutCommand']);

    kms.resetHistory();
    table.ddb.resetHistory();
    const second = await b.sealFields(signer, `${ITEM}b`);
    expect(second.dataKey).toBe(first.dataKey);
    // The sealer unwraps the item's period wrapping, never a record's key (the personal-data context).
    expect(kmsCalls()).toEqual(['Decrypt:undersigned-data-key-period']);
    expect(table.ddb.calls().map((call) => call.args[0].constructor.name)).toEqual(['GetCommand']);

    // Then nothing more for the rest of the period, in either container, and each opens the other's records.
    kms.resetHistory();
    table.ddb.resetHistory();
    for (let i = 0; i < 20; i++) expect((await (i % 2 ? a : b).sealFields(signer, `${ITEM}${i}`)).dataKey).toBe(first.dataKey);
    expect(await b.openFields(first.dataKey, first.sealed, `${ITEM}a`)).toEqual(signer);
    expect(await a.openFields(second.dataKey, second.sealed, `${ITEM}b`)).toEqual(signer);
    expect(kms.calls()).toHaveLength(0);
    expect(table.ddb.calls()).toHaveLength(0);
    expect(periodItems()).toHaveLength(1);
  });

  it('the period item holds only the wrapped key, its period wrapping and its period, and expires an hour after the period', async () => {
    atMidPeriod();
    const a = await container();
    const { dataKey } = await a.sealFields(signer, ITEM);
    const [item] = periodItems();
    expect(Object.keys(item!).sort()).toEqual(['expiresAt', 'period', 'pk', 'sealedKey', 'sk', 'wrapped']);
    expect(item).toMatchObject({ pk: 'data-key#2026-11-24T10:15', sk: '-', period: '2026-11-24T10:15', wrapped: dataKey });
    expect(item!.expiresAt).toBe(Date.parse('2026-11-24T10:30:00Z') / 1000 + 3600);
    expect(String(item!.sealedKey)).toMatch(/^kms:/);
    expect(item!.sealedKey).not.toBe(dataKey);
  });

  it('a race — both containers miss, both put — ends with both sealing under the winner\'s key', async () => {
    atMidPeriod();
    const [a, b] = [await container(), await container()];
    table.holdReads = 2;
    const [one, two] = await Promise.all([a.sealFields(signer, `${ITEM}a`), b.sealFields(signer, `${ITEM}b`)]);
    expect(one.dataKey).toBe(two.dataKey);
    expect(periodItems()).toHaveLength(1);
    expect(periodItems()[0]!.wrapped).toBe(one.dataKey);
    // Both generated; the loser's put was refused, and it read and unwrapped the winner's item.
    expect(kms.commandCalls(GenerateDataKeyCommand)).toHaveLength(2);
    expect(table.ddb.commandCalls(PutCommand)).toHaveLength(2);
    expect(table.ddb.commandCalls(GetCommand)).toHaveLength(3);
    expect(kmsCalls().filter((call) => call.startsWith('Decrypt'))).toEqual(['Decrypt:undersigned-data-key-period']);
    // The loser keeps using the winner's key.
    expect((await b.sealFields(signer, `${ITEM}c`)).dataKey).toBe(one.dataKey);
    expect(await a.openFields(two.dataKey, two.sealed, `${ITEM}b`)).toEqual(signer);
  });

  it('a new period gives a new key, in every container', async () => {
    atMidPeriod();
    const [a, b] = [await container(), await container()];
    const before = (await a.sealFields(signer, ITEM)).dataKey;
    expect((await b.sealFields(signer, ITEM)).dataKey).toBe(before);
    vi.setSystemTime(new Date('2026-11-24T10:30:00.000Z'));
    const after = (await a.sealFields(signer, ITEM)).dataKey;
    expect(after).not.toBe(before);
    expect((await b.sealFields(signer, ITEM)).dataKey).toBe(after);
    expect(periodItems().map((item) => item.period).sort()).toEqual(['2026-11-24T10:15', '2026-11-24T10:30']);
  });

  it("fetches the next period's key ahead, in the period's last minutes, so the period's first seal waits for nothing", async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-11-24T10:29:59.000Z'));
    // The container's moment to fetch ahead is random in the period's last 5 minutes: here, 10:27:30.
    vi.spyOn(Math, 'random').mockReturnValue(0.5);
    const a = await container();
    const old = (await a.sealFields(signer, ITEM)).dataKey;
    await vi.waitFor(() => expect(periodItems()).toHaveLength(2));
    kms.resetHistory();
    table.ddb.resetHistory();
    vi.setSystemTime(new Date('2026-11-24T10:30:00.000Z'));
    const next = await a.sealFields(signer, ITEM);
    expect(next.dataKey).not.toBe(old);
    expect(next.dataKey).toBe(table.items.get('data-key#2026-11-24T10:30')!.wrapped);
    expect(kms.calls()).toHaveLength(0);
    expect(table.ddb.calls()).toHaveLength(0);
  });

  it('does not cache a failed read or a failed put', async () => {
    atMidPeriod();
    const a = await container();
    table.fail.get = 1;
    await expect(a.sealFields(signer, ITEM)).rejects.toThrow(/capacity/);
    table.fail.put = 1;
    await expect(a.sealFields(signer, ITEM)).rejects.toThrow(/capacity/);
    expect(periodItems()).toHaveLength(0);
    const { dataKey, sealed } = await a.sealFields(signer, ITEM);
    expect(periodItems().map((item) => item.wrapped)).toEqual([dataKey]);
    expect(await (await container()).openFields(dataKey, sealed, ITEM)).toEqual(signer);
  });

  it('refuses an item copied from another period, or whose wrapped key was swapped', async () => {
    atMidPeriod();
    await (await container()).sealFields(signer, ITEM);
    const item = table.items.get('data-key#2026-11-24T10:15')!;
    const other = await perContainerRecord({ name: 'x' }, ITEM);
    table.items.set('data-key#2026-11-24T10:15', { ...item, wrapped: other.dataKey });
    await expect((await container()).sealFields(signer, ITEM)).rejects.toThrow('bad ciphertext');
    table.items.set('data-key#2026-11-24T10:30', { ...item, pk: 'data-key#2026-11-24T10:30', period: '2026-11-24T10:30' });
    vi.setSystemTime(new Date('2026-11-24T10:31:00.000Z'));
    await expect((await container()).sealFields(signer, ITEM)).rejects.toThrow('bad ciphertext');
  });

  it('records sealed under an old per-container key still open, and records open once the period item is gone (TTL)', async () => {
    const old = await perContainerRecord(signer, ITEM);
    atMidPeriod();
    const current = await (await container()).sealFields(signer, `${ITEM}new`);
    table.items.clear(); // the period's item expired
    kms.resetHistory();
    const reader = await container();
    expect(await reader.openFields(old.dataKey, old.sealed, ITEM)).toEqual(signer);
    expect(await reader.openFields(current.dataKey, current.sealed, `${ITEM}new`)).toEqual(signer);
    expect(kmsCalls()).toEqual(['Decrypt:undersigned-personal-data', 'Decrypt:undersigned-personal-data']);
  });
});

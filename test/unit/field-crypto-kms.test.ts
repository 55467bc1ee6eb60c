/**
 * The KMS provider (DATA_KEY_ID) with KMS mocked: one GenerateDataKey serves many records, every call
 * carries the encryption context, and Decrypt is called once per wrapped key, then cached.
 */
import { randomBytes } from 'node:crypto';
import { describe, it, expect, beforeEach } from 'vitest';
import { unitEnv } from './unit-env.ts';
import { mockClient } from 'aws-sdk-client-mock';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';

const KEY_ID = 'arn:aws:kms:eu-central-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
const CONTEXT = { purpose: 'undersigned-personal-data' };

// The provider is chosen when the module loads, so the configuration must be in place first.
void unitEnv;
delete process.env.DATA_KEY_FILE;
process.env.DATA_KEY_ID = KEY_ID;

const { sealFields, openFields } = await import('#lib/field-crypto.ts');
const { resetDataKeyCacheForTests, dataKeyProviderCalls } = await import('#lib/data-keys.ts');

const kms = mockClient(KMSClient);

/** A fake KMS: each generated key gets a distinct blob, and Decrypt gives back what was generated. */
let generated: Map<string, Buffer>;
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
  resetDataKeyCacheForTests();
  generated = new Map();
  throttleNext = false;
  kms.on(GenerateDataKeyCommand).callsFake(() => {
    maybeThrottle();
    const blob = randomBytes(64);
    const plaintext = randomBytes(32);
    generated.set(blob.toString('base64'), plaintext);
    return { KeyId: KEY_ID, CiphertextBlob: new Uint8Array(blob), Plaintext: new Uint8Array(plaintext) };
  });
  kms.on(DecryptCommand).callsFake((input: { CiphertextBlob: Uint8Array }) => {
    maybeThrottle();
    const plaintext = generated.get(Buffer.from(input.CiphertextBlob).toString('base64'));
    if (!plaintext) throw Object.assign(new Error('bad ciphertext'), { name: 'InvalidCiphertextException' });
    return { KeyId: KEY_ID, Plaintext: new Uint8Array(plaintext) };
  });
});

describe('sealing with KMS data keys', () => {
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
      resetDataKeyCacheForTests(); // a new data key per record
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
    expect(dataKeyProviderCalls.unwrap - before.unwrap).toBe(kms.commandCalls(DecryptCommand).length);
    expect([dataKeyProviderCalls.generate - before.generate, dataKeyProviderCalls.unwrap - before.unwrap]).toEqual([1, 1]);
  });

  it('refuses a record whose wrapped key KMS does not recognise, or a file-wrapped key', async () => {
    const { sealed } = await sealFields(signer, ITEM);
    await expect(openFields(`kms:${randomBytes(64).toString('base64')}`, sealed, ITEM)).rejects.toThrow('bad ciphertext');
    await expect(openFields('file:AAAA', sealed, ITEM)).rejects.toThrow(/"file:" cannot be opened here/);
  });
});

/**
 * Per-field encryption of signers' personal data with the local key-file provider (DATA_KEY_FILE):
 * what a table dump would show (nothing readable), what must refuse to open, and how data keys are
 * cached and replaced. The KMS provider is covered in field-crypto-kms.test.ts.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, expect, beforeEach, afterEach, afterAll, vi } from 'vitest';
import './unit-env.ts';
import { fakePeriodTable } from './fake-period-table.ts';

const dir = mkdtempSync(join(tmpdir(), 'undersigned-field-crypto-'));
const keyFile = join(dir, 'data-key');
writeFileSync(keyFile, randomBytes(32).toString('base64') + '\n');

// The provider is chosen when the module loads, so the configuration must be in place first.
delete process.env.DATA_KEY_ID;
process.env.DATA_KEY_FILE = keyFile;

const { sealFields, openFields, SealedDataError } = await import('#crypto/field-crypto.ts');
const { currentDataKey, unwrapDataKey, resetDataKeyCacheForTests, DATA_KEY_PERIOD_MS } = await import('#crypto/data-keys.ts');
/** The signals table's period key items (the data key a period's seals share), faked. */
const table = fakePeriodTable();

const CONTEXT = 'free-the-press#03|' + 'a'.repeat(64);
const OTHER_ITEM = 'free-the-press#07|' + 'b'.repeat(64);

const signer = {
  name: 'ნინო ბერიძე', // Georgian
  email: 'nino@example.org',
  comment: 'Ազատություն լրագրողներին! Свободу журналистам!', // Armenian, Russian
};

/** The bytes inside a sealed value: iv | ciphertext | tag. */
const bytesOf = (sealed: string) => Buffer.from(sealed.slice('v1.'.length), 'base64url');
const sealedOf = (bytes: Buffer) => 'v1.' + bytes.toString('base64url');

beforeEach(() => {
  table.reset();
  resetDataKeyCacheForTests();
});
afterEach(() => vi.useRealTimers());
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('sealing and opening', () => {
  it('round-trips Georgian, Armenian and Cyrillic text, skipping undefined fields', async () => {
    const { dataKey, sealed } = await sealFields({ ...signer, country: undefined }, CONTEXT);

    expect(dataKey).toMatch(/^file:[A-Za-z0-9_-]+$/);
    expect(Object.keys(sealed).sort()).toEqual(['comment', 'email', 'name']);
    for (const value of Object.values(sealed)) expect(value).toMatch(/^v1\.[A-Za-z0-9_-]+$/);

    expect(await openFields(dataKey, sealed, CONTEXT)).toEqual(signer);
  });

  it('round-trips an empty string', async () => {
    const { dataKey, sealed } = await sealFields({ comment: '' }, CONTEXT);
    expect(await openFields(dataKey, sealed, CONTEXT)).toEqual({ comment: '' });
  });

  it('leaves no plaintext in the stored values, as text or as bytes', async () => {
    const { dataKey, sealed } = await sealFields(signer, CONTEXT);
    const stored = JSON.stringify({ dataKey, ...sealed });
    for (const value of Object.values(signer)) {
      expect(stored).not.toContain(value);
      for (const part of value.split(/[\s@!]+/).filter((p) => p.length >= 3)) {
        expect(stored).not.toContain(part);
        for (const sealedValue of Object.values(sealed)) {
          expect(bytesOf(sealedValue).includes(Buffer.from(part, 'utf8'))).toBe(false);
        }
      }
    }
  });

  it('gives different ciphertexts for the same plaintext, in one record and across records', async () => {
    const first = await sealFields({ name: 'Anna', alias: 'Anna' }, CONTEXT);
    const second = await sealFields({ name: 'Anna' }, CONTEXT);
    expect(first.sealed.name).not.toBe(first.sealed.alias);
    expect(first.sealed.name).not.toBe(second.sealed.name);
    // Fresh IVs, not a fresh key: both records share the cached data key.
    expect(first.dataKey).toBe(second.dataKey);
  });

  it('refuses a value with any one byte altered (IV, ciphertext or tag)', async () => {
    const { dataKey, sealed } = await sealFields({ email: signer.email }, CONTEXT);
    const bytes = bytesOf(sealed.email!);
    for (let i = 0; i < bytes.length; i++) {
      const tampered = Buffer.from(bytes);
      tampered[i]! ^= 0x01;
      await expect(openFields(dataKey, { email: sealedOf(tampered) }, CONTEXT)).rejects.toThrow(SealedDataError);
    }
  });

  it('refuses truncated, unversioned or non-base64url values', async () => {
    const { dataKey, sealed } = await sealFields({ email: signer.email }, CONTEXT);
    for (const bad of [sealed.email!.slice(0, -1), sealed.email!.slice(3), 'v1.', 'v1.' + 'A'.repeat(20), sealed.email! + '*', 'v2.' + sealed.email!.slice(3)]) {
      await expect(openFields(dataKey, { email: bad }, CONTEXT)).rejects.toThrow(SealedDataError);
    }
  });

  it('refuses a value copied into another item', async () => {
    const { dataKey, sealed } = await sealFields(signer, CONTEXT);
    await expect(openFields(dataKey, sealed, OTHER_ITEM)).rejects.toThrow(SealedDataError);
  });

  it('refuses values swapped between fields', async () => {
    const { dataKey, sealed } = await sealFields(signer, CONTEXT);
    await expect(openFields(dataKey, { name: sealed.email, email: sealed.name }, CONTEXT)).rejects.toThrow(SealedDataError);
  });

  it('refuses a value opened with another record’s data key', async () => {
    const first = await sealFields({ name: signer.name }, CONTEXT);
    table.reset(); // another period's key
    resetDataKeyCacheForTests();
    const second = await sealFields({ name: signer.name }, CONTEXT);
    expect(second.dataKey).not.toBe(first.dataKey);
    await expect(openFields(second.dataKey, first.sealed, CONTEXT)).rejects.toThrow(SealedDataError);
  });

  it('never puts plaintext in its error messages', async () => {
    const { dataKey, sealed } = await sealFields(signer, CONTEXT);
    const error = await openFields(dataKey, sealed, OTHER_ITEM).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SealedDataError);
    expect((error as Error).name).toBe('SealedDataError');
    for (const value of Object.values(signer)) expect((error as Error).message).not.toContain(value);
  });

  it('rejects a field name that would make the AAD ambiguous', async () => {
    await expect(sealFields({ 'name|x': 'Anna' }, CONTEXT)).rejects.toThrow(/cannot be sealed/);
  });
});

describe('wrapped data keys', () => {
  it('opens a record after the cache is gone (a new container), from the key file alone', async () => {
    const { dataKey, sealed } = await sealFields(signer, CONTEXT);
    resetDataKeyCacheForTests();
    expect(await openFields(dataKey, sealed, CONTEXT)).toEqual(signer);
  });

  it('refuses a wrapped key that was altered, and one from another provider', async () => {
    const { wrapped } = await currentDataKey();
    resetDataKeyCacheForTests();
    const bytes = Buffer.from(wrapped.slice('file:'.length), 'base64url');
    bytes[20]! ^= 0x01;
    await expect(unwrapDataKey('file:' + bytes.toString('base64url'))).rejects.toThrow(/integrity check/);
    await expect(unwrapDataKey('file:short')).rejects.toThrow(/Malformed/);
    await expect(unwrapDataKey('kms:AQIDBA==')).rejects.toThrow(/"kms:" cannot be opened here/);
    await expect(unwrapDataKey('rot13:abc')).rejects.toThrow(/Unknown data key format/);
    await expect(unwrapDataKey('no-prefix')).rejects.toThrow(/Unknown data key format/);
  });
});

describe('the data key cache', () => {
  it('reuses one data key for many records', async () => {
    const keys = new Set<string>();
    for (let i = 0; i < 20; i++) keys.add((await sealFields({ name: `Signer ${i}` }, CONTEXT)).dataKey);
    expect(keys.size).toBe(1);
  });

  it('shares one key between concurrent callers', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => currentDataKey()));
    expect(new Set(results.map((r) => r.wrapped)).size).toBe(1);
  });

  it('replaces the key when a new 15-minute period starts (UTC), and old records still open', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    expect(DATA_KEY_PERIOD_MS).toBe(15 * 60 * 1000);
    vi.setSystemTime(new Date('2026-11-24T10:15:00.000Z'));
    const first = (await sealFields({ name: 'Anna' }, CONTEXT)).dataKey;

    vi.setSystemTime(new Date('2026-11-24T10:29:59.999Z'));
    const later = await sealFields({ name: 'Anna' }, CONTEXT);
    expect(later.dataKey).toBe(first);

    vi.setSystemTime(new Date('2026-11-24T10:30:00.000Z'));
    const rotated = await sealFields({ name: 'Anna' }, CONTEXT);
    expect(rotated.dataKey).not.toBe(first);
    // The next period's item was made ahead, in the last minutes of the first (see DATA_KEY_PREFETCH_MS).
    expect([...table.items.keys()].sort()).toEqual(['data-key#2026-11-24T10:15', 'data-key#2026-11-24T10:30']);

    // Records sealed under the old key still open, in a fresh container too.
    resetDataKeyCacheForTests();
    expect(await openFields(first, later.sealed, CONTEXT)).toEqual({ name: 'Anna' });
    expect(await openFields(rotated.dataKey, rotated.sealed, CONTEXT)).toEqual({ name: 'Anna' });
  });
});

describe('configuration, checked when the module loads', () => {
  const load = async (env: { DATA_KEY_FILE?: string; DATA_KEY_ID?: string }) => {
    vi.resetModules();
    const saved = { DATA_KEY_FILE: process.env.DATA_KEY_FILE, DATA_KEY_ID: process.env.DATA_KEY_ID };
    delete process.env.DATA_KEY_FILE;
    delete process.env.DATA_KEY_ID;
    Object.assign(process.env, env);
    try {
      return await import('#crypto/data-keys.ts');
    } finally {
      for (const [name, value] of Object.entries(saved)) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  };
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('fails with the variable and path when the key file is missing', async () => {
    const path = join(dir, 'missing');
    await expect(load({ DATA_KEY_FILE: path })).rejects.toThrow(`DATA_KEY_FILE points to ${path}, which cannot be read (ENOENT)`);
  });

  it('fails with the variable and path when the key has the wrong length', async () => {
    const path = write('short', randomBytes(16).toString('base64'));
    await expect(load({ DATA_KEY_FILE: path })).rejects.toThrow(`DATA_KEY_FILE ${path} must hold a 32-byte key`);
    await expect(load({ DATA_KEY_FILE: path })).rejects.toThrow('(it holds 16 bytes)');
    await expect(load({ DATA_KEY_FILE: write('empty', '') })).rejects.toThrow(/DATA_KEY_FILE .*empty must hold/);
  });

  it('fails when the key file is not base64 text', async () => {
    const path = write('binary', randomBytes(32).toString('latin1'));
    await expect(load({ DATA_KEY_FILE: path })).rejects.toThrow(`DATA_KEY_FILE ${path} must hold a 32-byte key`);
  });

  it('accepts a base64url key file', async () => {
    let key = randomBytes(32);
    while (!/[-_]/.test(key.toString('base64url'))) key = randomBytes(32);
    const keys = await load({ DATA_KEY_FILE: write('url', key.toString('base64url')) });
    const { wrapped, plaintext } = await keys.currentDataKey();
    keys.resetDataKeyCacheForTests();
    expect(await keys.unwrapDataKey(wrapped)).toEqual(plaintext);
  });

  it('fails when neither or both of DATA_KEY_ID and DATA_KEY_FILE are set', async () => {
    await expect(load({})).rejects.toThrow(/Missing environment variable DATA_KEY_ID .* or DATA_KEY_FILE/);
    await expect(load({ DATA_KEY_FILE: keyFile, DATA_KEY_ID: 'alias/undersigned' })).rejects.toThrow(/only one of/);
  });
});

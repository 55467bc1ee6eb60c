/**
 * Where the data keys that encrypt signers' personal data come from (envelope encryption: each record
 * is encrypted under a data key, and only the data key's wrapped form is stored beside it).
 *
 * Two providers, chosen once at module load so a misconfigured function fails its cold start:
 * - DATA_KEY_ID (the deployed stack): KMS generates and unwraps data keys; the master key never
 *   leaves KMS, and every unwrap is an audited, IAM-controlled call.
 * - DATA_KEY_FILE (local runs): a 32-byte master key in a file under .local/ wraps random data keys
 *   with AES-256-GCM, so the local stack needs no KMS and still stores only ciphertext.
 *
 * Wrapped keys carry their provider as a prefix (`kms:` / `file:`), so a record says how it was sealed.
 *
 * One data key per period, shared by every sealing function (see DATA_KEY_PERIOD_MS): the first
 * function to need it generates it and stores it in the period's item (#crypto/data-key-periods.ts)
 * with a conditional put; every other container reads that item once per period and unwraps it once.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DecryptCommand, EncryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { createPeriodKey, readPeriodKey } from './data-key-periods.ts';
import { retrySettings, withoutSdkLogging } from '#lib/clients.ts';

/** Thrown when a wrapped data key is malformed, of another provider, or fails its integrity check. */
export class DataKeyError extends Error {
  override name = 'DataKeyError';
}

export interface DataKey {
  /** The AES-256 key itself. Shared with other callers from the cache: never modify or log it. */
  plaintext: Buffer;
  /** What is stored beside the record: `kms:<base64>` or `file:<base64url>`. */
  wrapped: string;
}

/**
 * One data key per period of DATA_KEY_PERIOD_MS (UTC, from midnight), shared by every function that
 * seals: the sign path then calls no KMS per request, and readers (the mailer, link previews) unwrap
 * one key per period instead of one per sign container. At 5,000 signatures/s that is ~500 KMS calls
 * per 15 minutes for 4.5 million signatures, ~1/9,000 per signature (`npm run bench`, capacity model).
 *
 * A container's fetch-ahead may still be in flight when Lambda freezes it after a response; thawed,
 * the call completes, or fails and is retried by the clients' settings, so a seal that finds it still
 * pending waits at most that one call's bounded retries.
 *
 * What one key protects is bounded by the period and the rate, no longer by a count per container
 * (which bounds nothing once containers share a key). AES-GCM with random 96-bit IVs is safe for 2^32
 * encryptions per key (NIST SP 800-38D). A record seals at most five fields (name, email, comment,
 * link token, address): at the capacity model's peak of 5,000 signatures/s a period's key seals
 * 5,000 × 900 × 5 = 22.5 million fields, 2^24.4, 2^7.6 (~190×) below the limit; the deployed sign
 * route is throttled to 500/s (infra/stack.ts ROUTE_THROTTLE), ten times further below.
 *
 * Privacy: records sealed in one period share their `dataKey` value, whoever sealed them, which says
 * that they were sealed in the same 15 minutes, and every record carries its creation time anyway.
 * Per-container keys said more: the records one container sealed, seconds apart (one person signing
 * two campaigns in a row, say), shared a value that records of other containers in the same minutes
 * did not have.
 */
export const DATA_KEY_PERIOD_MS = 15 * 60 * 1000;
/**
 * A container fetches (or makes) the next period's key in the background at a random moment of the
 * last DATA_KEY_PREFETCH_MS of a period, at its first seal after that moment, so a busy container
 * seals the first records of a period without waiting; random, so that hundreds of containers do not
 * all race to make the item at the same millisecond. A container that seals nothing in that window
 * fetches the key on its first seal of the new period: that one request waits for one GetItem and
 * one KMS Decrypt (or, for the very first function of the period, GetItem, GenerateDataKey, Encrypt
 * and PutItem; a loser of that race one GetItem and one Decrypt more), each bounded by the clients'
 * retry settings (#lib/clients.ts), once per container and period.
 */
export const DATA_KEY_PREFETCH_MS = 5 * 60 * 1000;
/** The period's item expires (TTL) this long after its period: records carry their wrapped key. */
export const DATA_KEY_ITEM_TTL_SECONDS = 60 * 60;
/** Unwrapped keys kept for reading: a Lambda reads few distinct keys, and memory stays bounded. */
export const UNWRAP_CACHE_SIZE = 100;

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

interface Provider {
  prefix: string;
  generate(): Promise<DataKey>;
  unwrap(body: string): Promise<Buffer>;
  /**
   * The period item's second wrapping of a data key (`binding`: the period and a hash of the record
   * wrapping), under another context than records' keys: sealing functions may unwrap this one only,
   * so they cannot open any record's key, and an item copied to another period, or whose `wrapped`
   * was swapped, does not unwrap. Returns the body without the prefix.
   */
  wrapForPeriod(plaintext: Buffer, binding: string): Promise<string>;
  unwrapForPeriod(body: string, binding: string): Promise<Buffer>;
}

/** KMS encryption context `purpose` of the period items' wrapping (infra/stack.ts grants it to sealers). */
export const PERIOD_KEY_PURPOSE = 'undersigned-data-key-period';

function kmsProvider(keyId: string): Provider {
  // Created once per container, like the clients in ./clients.ts.
  const kms = withoutSdkLogging(new KMSClient({ ...retrySettings() }));
  // KMS binds the data key to this context: a wrapped key only unwraps when the same context is
  // given, and the context appears in CloudTrail, so every unwrap says what it was for.
  const EncryptionContext = { purpose: 'undersigned-personal-data' };
  return {
    prefix: 'kms:',
    async generate() {
      const out = await kms.send(new GenerateDataKeyCommand({ KeyId: keyId, KeySpec: 'AES_256', EncryptionContext }));
      if (out.Plaintext?.length !== KEY_BYTES || !out.CiphertextBlob?.length) {
        throw new DataKeyError('KMS GenerateDataKey returned no usable data key.');
      }
      return { plaintext: Buffer.from(out.Plaintext), wrapped: 'kms:' + Buffer.from(out.CiphertextBlob).toString('base64') };
    },
    async unwrap(body) {
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) throw new DataKeyError('Malformed KMS-wrapped data key.');
      // KeyId pins the unwrap to our key, so a wrapped key planted in the table under some other
      // key the role might reach is refused. (KMS key rotation keeps the id, so old records still open.)
      const out = await kms.send(
        new DecryptCommand({ KeyId: keyId, CiphertextBlob: Buffer.from(body, 'base64'), EncryptionContext }),
      );
      if (out.Plaintext?.length !== KEY_BYTES) throw new DataKeyError('KMS Decrypt returned no usable data key.');
      return Buffer.from(out.Plaintext);
    },
    async wrapForPeriod(plaintext, binding) {
      const out = await kms.send(
        new EncryptCommand({ KeyId: keyId, Plaintext: plaintext, EncryptionContext: { purpose: PERIOD_KEY_PURPOSE, binding } }),
      );
      if (!out.CiphertextBlob?.length) throw new DataKeyError('KMS Encrypt returned no wrapped key.');
      return Buffer.from(out.CiphertextBlob).toString('base64');
    },
    async unwrapForPeriod(body, binding) {
      if (!/^[A-Za-z0-9+/]+={0,2}$/.test(body)) throw new DataKeyError('Malformed KMS-wrapped period key.');
      const out = await kms.send(
        new DecryptCommand({ KeyId: keyId, CiphertextBlob: Buffer.from(body, 'base64'), EncryptionContext: { purpose: PERIOD_KEY_PURPOSE, binding } }),
      );
      if (out.Plaintext?.length !== KEY_BYTES) throw new DataKeyError('KMS Decrypt returned no usable period key.');
      return Buffer.from(out.Plaintext);
    },
  };
}

/** Reads and checks the local master key: a bad file must stop the start, not corrupt data later. */
function readMasterKey(path: string): Buffer {
  let text: string;
  try {
    text = readFileSync(path, 'utf8').trim();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new Error(`DATA_KEY_FILE points to ${path}, which cannot be read (${code}). Start the local stack to create it.`);
  }
  // Buffer.from(…, 'base64') skips characters it does not know, so check the text first; it decodes
  // base64 and base64url alike.
  const key = /^[A-Za-z0-9+/_-]+={0,2}$/.test(text) ? Buffer.from(text, 'base64') : undefined;
  if (key?.length !== KEY_BYTES) {
    throw new Error(
      `DATA_KEY_FILE ${path} must hold a ${KEY_BYTES}-byte key as base64 or base64url text` +
        (key ? ` (it holds ${key.length} bytes).` : ' (it holds something else).'),
    );
  }
  return key;
}

function fileProvider(path: string): Provider {
  const master = readMasterKey(path);
  // The AAD keeps a data-key wrapping from being mistaken for any other ciphertext under this key, and
  // a period item's wrapping from being taken for a record's (or another period's).
  const recordAad = Buffer.from('undersigned-data-key', 'utf8');
  const periodAad = (binding: string) => Buffer.from(`${PERIOD_KEY_PURPOSE}|${binding}`, 'utf8');
  const wrap = (plaintext: Buffer, aad: Buffer) => {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', master, iv).setAAD(aad);
    return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]).toString('base64url');
  };
  const unwrap = (text: string, aad: Buffer) => {
    const body = /^[A-Za-z0-9_-]+$/.test(text) ? Buffer.from(text, 'base64url') : Buffer.alloc(0);
    if (body.length !== IV_BYTES + KEY_BYTES + TAG_BYTES) throw new DataKeyError('Malformed file-wrapped data key.');
    try {
      const decipher = createDecipheriv('aes-256-gcm', master, body.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAAD(aad);
      decipher.setAuthTag(body.subarray(IV_BYTES + KEY_BYTES));
      return Buffer.concat([decipher.update(body.subarray(IV_BYTES, IV_BYTES + KEY_BYTES)), decipher.final()]);
    } catch {
      throw new DataKeyError('A file-wrapped data key failed its integrity check (altered, or another master key).');
    }
  };
  return {
    prefix: 'file:',
    async generate() {
      const plaintext = randomBytes(KEY_BYTES);
      return { plaintext, wrapped: 'file:' + wrap(plaintext, recordAad) };
    },
    async unwrap(text) {
      return unwrap(text, recordAad);
    },
    async wrapForPeriod(plaintext, binding) {
      return wrap(plaintext, periodAad(binding));
    },
    async unwrapForPeriod(text, binding) {
      return unwrap(text, periodAad(binding));
    },
  };
}

function chooseProvider(): Provider {
  const keyId = process.env.DATA_KEY_ID;
  const file = process.env.DATA_KEY_FILE;
  // Both set is a mistake (a local key file leaking into a deployed config, or the reverse); guessing
  // would write records that the other environment cannot read.
  if (keyId && file) throw new Error('Set only one of DATA_KEY_ID (KMS) and DATA_KEY_FILE (local key file), not both.');
  if (keyId) return kmsProvider(keyId);
  if (file) return fileProvider(file);
  throw new Error(
    'Missing environment variable DATA_KEY_ID (KMS key for personal data) or DATA_KEY_FILE (local key file): the function cannot start without one.',
  );
}

const provider = chooseProvider();

/**
 * Calls made to the provider so far (with DATA_KEY_ID, each one is a KMS call): read by the bench
 * (bench/sign-path.ts) to count KMS calls per signature; nothing in the platform reads it. `generate`:
 * GenerateDataKey; `wrap`: the period item's Encrypt; `unwrap`: Decrypt, of a record's key or an item's.
 */
export const dataKeyProviderCalls = { generate: 0, wrap: 0, unwrap: 0 };

/** The keys of the current period and (fetched ahead) the next, by period start. */
const periods = new Map<number, Promise<DataKey>>();
/** When this container fetches the next period's key ahead: a random moment of the period's end. */
let prefetch: { start: number; at: number; done: boolean } | undefined;
/** wrapped → unwrapped key. A Map iterates in insertion order, so the first entry is the oldest. */
const unwrapped = new Map<string, Promise<Buffer>>();

function remember(wrapped: string, key: Promise<Buffer>): void {
  unwrapped.set(wrapped, key);
  while (unwrapped.size > UNWRAP_CACHE_SIZE) unwrapped.delete(unwrapped.keys().next().value!);
  // A failed unwrap (throttling, say) must not stay cached.
  key.catch(() => {
    if (unwrapped.get(wrapped) === key) unwrapped.delete(wrapped);
  });
}

/** The UTC minute a period starts, as its item names it: `2026-11-24T10:15`. */
export const periodName = (start: number) => new Date(start).toISOString().slice(0, 16);
const periodStart = (now: number) => now - (now % DATA_KEY_PERIOD_MS);
/** What the period wrapping is bound to: its period, and the record wrapping stored beside it. */
const bindingOf = (period: string, wrapped: string) => `${period}|${createHash('sha256').update(wrapped).digest('base64url')}`;

/** The key of the period starting at `start`: the period's item, made here if no function has yet. */
async function periodKey(start: number): Promise<DataKey> {
  const period = periodName(start);
  const stored = await readPeriodKey(period);
  if (stored) return openPeriodItem(period, stored);
  dataKeyProviderCalls.generate += 1;
  const fresh = await provider.generate();
  dataKeyProviderCalls.wrap += 1;
  const sealedKey = provider.prefix + (await provider.wrapForPeriod(fresh.plaintext, bindingOf(period, fresh.wrapped)));
  const expiresAt = Math.floor((start + DATA_KEY_PERIOD_MS) / 1000) + DATA_KEY_ITEM_TTL_SECONDS;
  if (await createPeriodKey({ period, wrapped: fresh.wrapped, sealedKey, expiresAt })) {
    // Records sealed now are often read back soon (e.g. by the mailer): no unwrap call for those.
    remember(fresh.wrapped, Promise.resolve(fresh.plaintext));
    return fresh;
  }
  // Another function made the period's item between our read and our put: its key is the period's.
  const winner = await readPeriodKey(period);
  if (!winner) throw new DataKeyError(`The data key item of period ${period} was refused as existing, then not found.`);
  return openPeriodItem(period, winner);
}

async function openPeriodItem(period: string, item: { wrapped: string; sealedKey: string }): Promise<DataKey> {
  if (!item.wrapped.startsWith(provider.prefix) || !item.sealedKey.startsWith(provider.prefix)) {
    throw new DataKeyError(`The data key item of period ${period} was not made by this function's provider ("${provider.prefix}").`);
  }
  dataKeyProviderCalls.unwrap += 1;
  const plaintext = await provider.unwrapForPeriod(item.sealedKey.slice(provider.prefix.length), bindingOf(period, item.wrapped));
  remember(item.wrapped, Promise.resolve(plaintext));
  return { plaintext, wrapped: item.wrapped };
}

/** The cached promise of a period's key; a failure (throttling, a lost connection) is not kept. */
function keyOfPeriod(start: number): Promise<DataKey> {
  let key = periods.get(start);
  if (!key) {
    // The promise is cached, not the result, so concurrent seals share one read (and one KMS call).
    key = periodKey(start);
    periods.set(start, key);
    const entry = key;
    entry.catch(() => {
      if (periods.get(start) === entry) periods.delete(start);
    });
  }
  return key;
}

/**
 * The data key to seal a new record with: the current period's. The first seal of a period in a
 * container reads the period's item (or makes it); later seals of the period call nothing. See
 * DATA_KEY_PREFETCH_MS for the seal that crosses into a new period.
 */
export function currentDataKey(): Promise<DataKey> {
  const now = Date.now();
  const start = periodStart(now);
  for (const known of periods.keys()) if (known < start) periods.delete(known);
  const key = keyOfPeriod(start);
  if (prefetch?.start !== start) prefetch = { start, at: start + DATA_KEY_PERIOD_MS - Math.random() * DATA_KEY_PREFETCH_MS, done: false };
  if (!prefetch.done && now >= prefetch.at) {
    // In the background, once a period: a failure is not kept, and the next period's first seal in
    // this container fetches the key itself (a retry per seal would only add load to a struggling table).
    prefetch.done = true;
    keyOfPeriod(start + DATA_KEY_PERIOD_MS).catch(() => {});
  }
  return key;
}

/** The plaintext of a stored wrapped data key. */
export function unwrapDataKey(wrapped: string): Promise<Buffer> {
  const cached = unwrapped.get(wrapped);
  if (cached) {
    // Moved to the end, so the keys evicted first are the least recently used.
    unwrapped.delete(wrapped);
    unwrapped.set(wrapped, cached);
    return cached;
  }
  if (!wrapped.startsWith(provider.prefix)) {
    const other = ['kms:', 'file:'].find((prefix) => wrapped.startsWith(prefix));
    return Promise.reject(
      new DataKeyError(
        other
          ? `A data key wrapped by "${other}" cannot be opened here (this function uses "${provider.prefix}").`
          : `Unknown data key format (expected "${provider.prefix}…").`,
      ),
    );
  }
  dataKeyProviderCalls.unwrap += 1;
  const key = provider.unwrap(wrapped.slice(provider.prefix.length));
  remember(wrapped, key);
  return key;
}

/**
 * Loads this period's key and the next as a busy container holds them, so a test's seals make no
 * DynamoDB call (not even the random prefetch): the steady state of the sign path.
 */
export async function warmDataKeysForTests(): Promise<void> {
  const start = periodStart(Date.now());
  await Promise.all([keyOfPeriod(start), keyOfPeriod(start + DATA_KEY_PERIOD_MS)]);
  prefetch = { start, at: start, done: true };
}

/** Forgets every cached key, so a test starts as a fresh container would. */
export function resetDataKeyCacheForTests(): void {
  periods.clear();
  prefetch = undefined;
  unwrapped.clear();
}

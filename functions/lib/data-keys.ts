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
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DecryptCommand, GenerateDataKeyCommand, KMSClient } from '@aws-sdk/client-kms';
import { retrySettings, withoutSdkLogging } from './clients.ts';

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
 * One data key serves many records, so the sign path does not call KMS (latency, cost, quota) per
 * request. The limits bound how much data one key protects and how long a leaked key stays in use,
 * as the AWS Encryption SDK's caching does. AES-GCM with random 96-bit IVs stays safe far beyond
 * this: 50,000 records of three fields are ~2^17 encryptions, against NIST's 2^32 per key.
 */
export const DATA_KEY_MAX_AGE_MS = 15 * 60 * 1000;
export const DATA_KEY_MAX_USES = 50_000;
/** Unwrapped keys kept for reading: a Lambda reads few distinct keys, and memory stays bounded. */
export const UNWRAP_CACHE_SIZE = 100;

const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

interface Provider {
  prefix: string;
  generate(): Promise<DataKey>;
  unwrap(body: string): Promise<Buffer>;
}

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
  // The AAD keeps a data-key wrapping from being mistaken for any other ciphertext under this key.
  const aad = Buffer.from('undersigned-data-key', 'utf8');
  return {
    prefix: 'file:',
    async generate() {
      const plaintext = randomBytes(KEY_BYTES);
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', master, iv).setAAD(aad);
      const body = Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()]);
      return { plaintext, wrapped: 'file:' + body.toString('base64url') };
    },
    async unwrap(text) {
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
 * (bench/sign-path.ts) to count KMS calls per signature; nothing in the platform reads it.
 */
export const dataKeyProviderCalls = { generate: 0, unwrap: 0 };

let current: { key: Promise<DataKey>; created: number; uses: number } | undefined;
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

/** The data key to seal a new record with: cached, and replaced after DATA_KEY_MAX_AGE_MS or _USES. */
export function currentDataKey(): Promise<DataKey> {
  const now = Date.now();
  if (!current || current.uses >= DATA_KEY_MAX_USES || now - current.created >= DATA_KEY_MAX_AGE_MS) {
    // The promise is cached, not the result, so concurrent seals share one GenerateDataKey call.
    dataKeyProviderCalls.generate += 1;
    const entry = {
      key: provider.generate().then((key) => {
        // Records sealed now are often read back soon (e.g. confirmation): no unwrap call for those.
        remember(key.wrapped, Promise.resolve(key.plaintext));
        return key;
      }),
      created: now,
      uses: 0,
    };
    entry.key.catch(() => {
      if (current === entry) current = undefined;
    });
    current = entry;
  }
  current.uses += 1;
  return current.key;
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

/** Forgets every cached key, so a test starts as a fresh container would. */
export function resetDataKeyCacheForTests(): void {
  current = undefined;
  unwrapped.clear();
}

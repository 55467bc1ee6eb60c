/**
 * Per-field encryption of signers' personal data (name, email, comment) at rest. Signers may be at
 * risk in their own countries: a dump or backup of the table must reveal nothing about them.
 *
 * Each record gets one wrapped data key (see ./data-keys.ts); each field is sealed separately with
 * AES-256-GCM, so fields can be opened, dropped or erased one by one. The AAD binds every ciphertext
 * to its item and field name: a value copied into another item, or swapped with another field,
 * fails to open instead of showing someone else's name.
 *
 * Sealed value: `v1.` + base64url(iv | ciphertext | tag). The version lets the format change later
 * while old records still open.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { currentDataKey, unwrapDataKey } from './data-keys.ts';

/** A sealed value that cannot be opened. Its message never contains plaintext or key material. */
export class SealedDataError extends Error {
  override name = 'SealedDataError';
}

const VERSION = 'v1.';
const IV_BYTES = 12; // GCM's native nonce size; random per value, so never reused under one key
const TAG_BYTES = 16;
// Field names end the AAD after a '|'; allowing '|' in them would make two AADs look alike.
const FIELD_NAME = /^[A-Za-z0-9_-]+$/;

function aad(context: string, field: string): Buffer {
  if (!FIELD_NAME.test(field)) throw new Error(`Field name ${JSON.stringify(field)} cannot be sealed.`);
  return Buffer.from(`${context}|${field}`, 'utf8');
}

/**
 * Seals every defined field under the current data key. `context` is the item's key (e.g.
 * `slug#03|<hash>`); store `dataKey` with the item and pass the same context to openFields.
 */
export async function sealFields(
  fields: Record<string, string | undefined>,
  context: string,
): Promise<{ dataKey: string; sealed: Record<string, string> }> {
  const { plaintext: key, wrapped } = await currentDataKey();
  const sealed: Record<string, string> = {};
  for (const [field, value] of Object.entries(fields)) {
    if (value === undefined) continue;
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', key, iv).setAAD(aad(context, field));
    const body = Buffer.concat([iv, cipher.update(value, 'utf8'), cipher.final(), cipher.getAuthTag()]);
    sealed[field] = VERSION + body.toString('base64url');
  }
  return { dataKey: wrapped, sealed };
}

/** Opens what sealFields sealed. Throws SealedDataError if a value was altered or belongs elsewhere. */
export async function openFields(
  dataKey: string,
  sealed: Record<string, string | undefined>,
  context: string,
): Promise<Record<string, string>> {
  const key = await unwrapDataKey(dataKey);
  const opened: Record<string, string> = {};
  for (const [field, value] of Object.entries(sealed)) {
    if (value === undefined) continue;
    const text = value.startsWith(VERSION) ? value.slice(VERSION.length) : '';
    // Buffer.from skips characters outside the alphabet, so check them rather than decode garbage.
    const body = /^[A-Za-z0-9_-]+$/.test(text) ? Buffer.from(text, 'base64url') : Buffer.alloc(0);
    if (body.length < IV_BYTES + TAG_BYTES) throw new SealedDataError(`Field "${field}" is not a sealed value.`);
    const additional = aad(context, field);
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, body.subarray(0, IV_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAAD(additional);
      decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
      // final() checks the tag; until it has, the plaintext must not be used, hence one expression.
      opened[field] = Buffer.concat([decipher.update(body.subarray(IV_BYTES, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
    } catch {
      throw new SealedDataError(`Field "${field}" could not be opened: it was altered, or belongs to another item or field.`);
    }
  }
  return opened;
}

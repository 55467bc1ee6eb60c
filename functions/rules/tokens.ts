/**
 * The secret in a confirmation/withdrawal link. 256 random bits, so it cannot be guessed; only its
 * SHA-256 is stored, so a dump of the table cannot confirm or withdraw anyone's signature. A plain
 * hash suffices (no key, no salt): the input is already uniformly random.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { badRequest } from '#lib/errors.ts';
import { MAIL_LINK_TOKEN_MAX } from './limits.ts';

const TOKEN_BYTES = 32;
const TOKEN_SHAPE = /^[A-Za-z0-9_-]{43}$/;
/** A signer id is the keyed hash of the canonical email (see signature-keys.ts): 64 hex digits. */
const SIGNER_ID_SHAPE = /^[0-9a-f]{64}$/;

export function newToken(): string {
  return randomBytes(TOKEN_BYTES).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Rejects anything that cannot be a token or signer id before it reaches the database. */
export function isWellFormedLink(id: string, token: string): boolean {
  return SIGNER_ID_SHAPE.test(id) && TOKEN_SHAPE.test(token);
}

/** Compares a presented token with a stored hash in constant time. */
export function tokenMatches(token: string, storedHash: unknown): boolean {
  if (typeof storedHash !== 'string' || storedHash.length !== 64) return false;
  return timingSafeEqual(Buffer.from(hashToken(token), 'hex'), Buffer.from(storedHash, 'hex'));
}

/**
 * The token from a confirm/withdraw request body `{ token }`. Hand-checked rather than with zod: these
 * two small functions need nothing more, and stay small to start.
 */
export function linkToken(body: unknown): string {
  const token = (body as { token?: unknown } | undefined)?.token;
  const fields: Record<string, 'link.incomplete' | 'field.unexpected'> = Object.create(null);
  if (typeof token !== 'string' || token.length === 0 || token.length > MAIL_LINK_TOKEN_MAX) fields.token = 'link.incomplete';
  // Any other field is named, as every other route's strict schema does, rather than silently ignored.
  if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
    for (const key of Object.keys(body)) if (key !== 'token') fields[key] = 'field.unexpected';
  }
  if (Object.keys(fields).length > 0) throw badRequest('validationFailed', fields, 'validation_failed');
  return token as string;
}

/**
 * Asking for a sign-in link, the part that answers the asker (POST /api/auth/link). Whether the
 * address belongs to an organisation must not show in anything the asker can observe, timing
 * included, so this side does the same work for every address and never looks the address up: after
 * the proof of work (checked by the handler), the address is sealed and stored as a request, in one
 * unconditional write. The stream consumer answers the request later, off this path (./sign-in-answers.ts).
 */
import { randomUUID } from 'node:crypto';
import { sealFields } from '#crypto/field-crypto.ts';
import type { Language } from '#lib/language.ts';
import { putSignInRequest, signInRequestKey } from '#store/organisations.ts';
import { sealingContext } from '#rules/signature-keys.ts';
import { organiserEmail } from '#rules/organisation.ts';

/**
 * A request nobody answered (the consumer failing for a day, its record parked in the dead-letter
 * queue) deletes itself: the sealed address is not kept longer than it is of use.
 */
export const SIGN_IN_REQUEST_TTL_HOURS = 24;

/** Seals the address and stores the request: the same calls, and the same answer, for any address. */
export async function storeSignInRequest(email: string, lang: Language, now = new Date()): Promise<void> {
  const key = signInRequestKey(randomUUID());
  const { dataKey, sealed } = await sealFields({ email: organiserEmail(email) }, sealingContext(key));
  await putSignInRequest(
    { key, sealedEmail: sealed.email!, dataKey, lang, requestedAt: now.toISOString() },
    new Date(now.getTime() + SIGN_IN_REQUEST_TTL_HOURS * 3_600_000),
  );
}

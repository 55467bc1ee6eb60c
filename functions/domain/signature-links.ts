/**
 * The emailed links: each carries the signer id (the keyed hash that is the signature's sort key)
 * and a token whose hash the signature stores. A link works only while its token is the current one.
 */
import { HttpError } from '#lib/errors.ts';
import { getSignature } from '#store/signatures.ts';
import type { Petition } from './petition.ts';
import { signatureKey } from './keys.ts';
import { isWellFormedLink, tokenMatches } from './tokens.ts';

export const invalidLink = () =>
  new HttpError(404, 'invalid_link', 'signatureLinkInvalid');

/** Finds the signature a link points at, if the link's token is its current one. */
export async function signatureForLink(petition: Petition, id: string, token: string) {
  if (!isWellFormedLink(id, token)) throw invalidLink();
  const key = signatureKey(petition, id);
  const item = await getSignature(key);
  if (!item || !tokenMatches(token, item.tokenHash)) throw invalidLink();
  return { key, item };
}

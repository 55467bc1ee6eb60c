/**
 * What the emailed links do. Both carry the signer id (the keyed hash that is the signature's sort
 * key) and a token whose hash the signature stores; a link works only while its token is the
 * signature's current one.
 *
 * confirm  pending → confirmed, once; the stream then counts it. Twice is harmless.
 * withdraw deletes the signature and leaves an anonymous tombstone; the stream lowers the count once.
 *          Works whatever the campaign's state: a signer can always take their name back.
 */
import { randomUUID } from 'node:crypto';
import { HttpError, conflict, gone, notFound } from '#lib/errors.ts';
import { openFields } from '#lib/field-crypto.ts';
import { getPetition } from '#store/petitions.ts';
import { getSignature, markConfirmed, withdrawSignature } from '#store/signatures.ts';
import { isOpenForSigning, type Petition } from './petition.ts';
import { publicLabel } from './identity.ts';
import { sealingContext, signatureKey } from './keys.ts';
import { hashToken, isWellFormedLink, tokenMatches } from './tokens.ts';

const invalidLink = () =>
  new HttpError(404, 'invalid_link', 'This link is not valid. Use the newest link we emailed you, or sign again to get a new one.');

/** Finds the signature a link points at, if the link's token is its current one. */
async function signatureForLink(petition: Petition, id: string, token: string) {
  if (!isWellFormedLink(id, token)) throw invalidLink();
  const key = signatureKey(petition, id);
  const item = await getSignature(key);
  if (!item || !tokenMatches(token, item.tokenHash)) throw invalidLink();
  return { key, item };
}

export async function confirm(slug: string, id: string, token: string, now = new Date()): Promise<void> {
  const petition = await getPetition(slug);
  if (!petition) throw notFound();
  const { key, item } = await signatureForLink(petition, id, token);
  if (item.status === 'confirmed') return;
  if (Date.parse(String(item.tokenExpiresAt)) <= now.getTime()) {
    throw gone('link_expired', 'This confirmation link has expired. Sign again to get a new one.');
  }
  if (!isOpenForSigning(petition, now)) throw conflict('closed', 'This campaign is closed for signatures.');

  let listing;
  if (petition.publicSigners && item.showName === true) {
    const { name } = await openFields(String(item.dataKey), item.pii as Record<string, string>, sealingContext(key));
    if (name) listing = { label: publicLabel(name), listKey: key.pk, listedAt: now.toISOString() };
  }
  if (await markConfirmed(key, hashToken(token), now.toISOString(), listing)) return;
  // Lost a race with another click on the same link: fine if that one confirmed it.
  const again = await getSignature(key);
  if (again?.status === 'confirmed' && tokenMatches(token, again.tokenHash)) return;
  throw invalidLink();
}

export async function withdraw(slug: string, id: string, token: string, now = new Date()): Promise<void> {
  const petition = await getPetition(slug);
  if (!petition) throw notFound();
  const { key } = await signatureForLink(petition, id, token);
  const tombstone = { sk: `withdrawn#${randomUUID()}`, slug, day: now.toISOString().slice(0, 10) };
  if (!(await withdrawSignature(key, hashToken(token), tombstone))) throw invalidLink();
}

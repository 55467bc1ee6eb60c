/**
 * Confirming a signature from the emailed link: pending → confirmed, once; the stream then counts it.
 * Twice is harmless. For a signer who asked to be listed, the public label is made here, the one
 * place that opens a signer's sealed name.
 */
import { conflict, gone, notFound } from '#lib/errors.ts';
import { openFields } from '#lib/field-crypto.ts';
import { getPetition } from '#store/petitions.ts';
import { getSignature, markConfirmed } from '#store/signatures.ts';
import { isOpenForSigning } from './petition.ts';
import { publicLabel } from './identity.ts';
import { sealingContext } from './keys.ts';
import { hashToken, tokenMatches } from './tokens.ts';
import { invalidLink, signatureForLink } from './signature-links.ts';

export async function confirm(slug: string, id: string, token: string, now = new Date()): Promise<void> {
  const petition = await getPetition(slug);
  if (!petition) throw notFound();
  const { key, item } = await signatureForLink(petition, id, token);
  if (item.status === 'confirmed') return;
  if (Date.parse(String(item.tokenExpiresAt)) <= now.getTime()) {
    throw gone('link_expired', 'confirmLinkExpired');
  }
  if (!isOpenForSigning(petition, now)) throw conflict('closed', 'closed');

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

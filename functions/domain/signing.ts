/**
 * The sign path: validate, check the campaign is open, derive the signer's key, write once.
 * A repeat signature is indistinguishable from a first one to the caller: we never reveal whether
 * someone signed.
 */
import { conflict, notFound } from '#lib/errors.ts';
import { getPetition } from '#store/petitions.ts';
import { putSignature } from '#store/signatures.ts';
import { isOpenForSigning } from './petition.ts';
import { canonicalEmail, type SignatureInput } from './signature.ts';
import { keyedHash, shardOf, signaturePartition } from './keys.ts';

export async function sign(slug: string, input: SignatureInput, hashKey: string, now = new Date()): Promise<void> {
  const petition = await getPetition(slug);
  if (!petition) throw notFound();
  if (!isOpenForSigning(petition, now)) throw conflict('closed', 'This campaign is closed for signatures.');

  const signer = keyedHash(hashKey, canonicalEmail(input.email));
  await putSignature({
    pk: signaturePartition(slug, shardOf(signer, petition.shards)),
    sk: signer,
    slug,
    status: 'signed',
    name: input.name,
    email: input.email,
    country: input.country,
    ...(input.comment ? { comment: input.comment } : {}),
    createdAt: now.toISOString(),
  });
}

/**
 * Withdrawing a signature from the emailed link: deletes it and leaves an anonymous tombstone; the
 * stream lowers the count once. Works whatever the campaign's state: a signer can always take their
 * name back. Needs no key: nothing sealed is opened.
 */
import { randomUUID } from 'node:crypto';
import { notFound } from '#lib/errors.ts';
import { getPetition } from '#store/petitions.ts';
import { withdrawSignature } from '#store/signatures.ts';
import { hashToken } from './tokens.ts';
import { invalidLink, signatureForLink } from './signature-links.ts';

export async function withdraw(slug: string, id: string, token: string, now = new Date()): Promise<void> {
  const petition = await getPetition(slug);
  if (!petition) throw notFound();
  const { key } = await signatureForLink(petition, id, token);
  const tombstone = { sk: `withdrawn#${randomUUID()}`, slug, day: now.toISOString().slice(0, 10) };
  if (!(await withdrawSignature(key, hashToken(token), tombstone))) throw invalidLink();
}

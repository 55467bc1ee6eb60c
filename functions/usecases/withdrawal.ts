/**
 * Withdrawing a signature from the emailed link, on a button press: deletes the signature and leaves
 * an anonymous tombstone; the stream lowers the count once. Any link mailed for the signer works (the
 * confirmation's, or a later "already signed" mail's while its submission lives): each went to the
 * signer's own address. Before confirmation, the same link withdraws the submission itself. Works
 * whatever the campaign's state: a signer can always take their name back. Nothing sealed is opened.
 */
import { randomUUID } from 'node:crypto';
import { notFound } from '#lib/errors.ts';
import { getCampaign } from '#store/campaigns.ts';
import { withdrawSignature } from '#store/signatures.ts';
import { invalidLink, itemsForLink } from './signature-links.ts';

export async function withdraw(slug: string, id: string, token: string, now = new Date()): Promise<void> {
  const campaign = await getCampaign(slug);
  if (!campaign) throw notFound();
  const found = await itemsForLink(campaign, id, token);
  const tombstone = { sk: `withdrawn#${randomUUID()}`, slug, day: now.toISOString().slice(0, 10) };
  const signature = found.signature ? { ...found.signatureKey, tokenHash: String(found.signature.tokenHash) } : undefined;
  const submission = found.submission ? found.submissionKey : undefined;
  if (!(await withdrawSignature({ signature, submission }, tombstone))) throw invalidLink();
}

/**
 * Confirming a signature from the emailed link. The link opens a page that first shows what this
 * submission says (preview: the name, whether to be listed, the comment, the country) and confirms only
 * when the person presses Confirm: a mail scanner that opens links confirms nothing, and a later
 * submission for the same address cannot change what this link confirms, because each submission is
 * its own item. Confirming makes the signature exactly this submission (replacing what an earlier
 * confirmation said); the stream then counts it. Twice is harmless.
 *
 * For a signer who asked to be listed, the public label is made here, from the sealed name.
 */
import type * as z from 'zod/mini';
import type { previewSchema } from '#rules/signature.ts';
import { HttpError, conflict, gone, notFound, unavailable } from '#lib/errors.ts';
import { openFields } from '#crypto/field-crypto.ts';
import { getCampaign } from '#store/campaigns.ts';
import { confirmSubmission, type SignatureItem } from '#store/signatures.ts';
import { isOpenForSigning, type Campaign } from '#rules/campaign.ts';
import { publicLabel } from '#rules/identity.ts';
import { sealingContext } from '#rules/signature-keys.ts';
import { hashToken } from '#rules/tokens.ts';
import { invalidLink, itemsForLink } from './signature-links.ts';

async function signableCampaignOf(slug: string): Promise<Campaign> {
  const campaign = await getCampaign(slug);
  // A draft does not exist for the public.
  if (!campaign || campaign.status === 'draft') throw notFound();
  return campaign;
}

/** What the preview answers: the schema the OpenAPI document describes it with (./signature.ts). */
export type Preview = z.output<typeof previewSchema>;

/**
 * What the link's submission says, for the page to show before the person confirms. Only the link's
 * holder can ask (the token), and only what they themselves sent comes back; never the email.
 */
export async function preview(slug: string, id: string, token: string, now = new Date()): Promise<Preview> {
  const campaign = await signableCampaignOf(slug);
  const found = await itemsForLink(campaign, id, token);
  const confirmedHere = found.signature !== undefined && found.ownLink;
  const sealedFrom = confirmedHere ? found.signature : found.submission;
  if (!sealedFrom?.pii || !sealedFrom.dataKey) throw invalidLink();
  if (!confirmedHere && Date.parse(String(found.submission?.tokenExpiresAt)) <= now.getTime()) throw gone('link_expired', 'confirmLinkExpired');
  const pii = sealedFrom.pii as Record<string, string>;
  const opened = await openFields(String(sealedFrom.dataKey), { name: pii.name, comment: pii.comment }, sealingContext(found.signatureKey));
  return {
    status: confirmedHere ? 'confirmed' : 'pending',
    name: opened.name ?? '',
    showName: sealedFrom.showName === true,
    ...(typeof sealedFrom.country === 'string' ? { country: sealedFrom.country } : {}),
    ...(opened.comment ? { comment: opened.comment } : {}),
  };
}

export async function confirm(slug: string, id: string, token: string, now = new Date()): Promise<void> {
  const campaign = await signableCampaignOf(slug);
  // A link pressed on two devices at once: the transactions conflict, and the loser reads again to
  // find the winner's work (one of its own, so 200) rather than answering an error.
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const found = await itemsForLink(campaign, id, token);
    // Pressed twice, or on two devices: the first press made it the signature.
    if (found.signature && found.ownLink) return;
    // Spent, but its signature not seen yet: a read of two items may see one half of another press's
    // transaction (DynamoDB isolates a transaction from single-item reads, not from a batch). Read again.
    if (found.submission?.status === 'used' && attempt < ATTEMPTS - 1) {
      await pause();
      continue;
    }
    const signature = await signatureFrom(campaign, found, token, now);
    try {
      if (await confirmSubmission(found.submissionKey, signature)) return;
    } catch (error) {
      if (!(error instanceof HttpError && error.statusCode === 503)) throw error;
      await pause();
    }
  }
  throw unavailable();
}

const ATTEMPTS = 4;
const pause = () => new Promise((resolve) => setTimeout(resolve, 20 + Math.random() * 80));

/** The signature a pending submission becomes: exactly what it says, with this link's token hash. */
async function signatureFrom(campaign: Campaign, found: Awaited<ReturnType<typeof itemsForLink>>, token: string, now: Date): Promise<SignatureItem> {
  const submission = found.submission;
  if (!submission || submission.status !== 'pending' || !submission.pii || !submission.dataKey) throw invalidLink();
  if (Date.parse(String(submission.tokenExpiresAt)) <= now.getTime()) throw gone('link_expired', 'confirmLinkExpired');
  if (!isOpenForSigning(campaign, now)) throw conflict('closed', 'closed');

  const pii = submission.pii as Record<string, string>;
  const signature: SignatureItem = {
    ...found.signatureKey,
    slug: campaign.slug,
    status: 'confirmed',
    dataKey: String(submission.dataKey),
    // The link token and the network address were the mailer's, and are gone by now; never copied.
    pii: Object.fromEntries(Object.entries(pii).filter(([field]) => field === 'name' || field === 'email' || field === 'comment')),
    ...(typeof submission.country === 'string' ? { country: submission.country } : {}),
    showName: submission.showName === true,
    ...(typeof submission.textVersion === 'number' ? { textVersion: submission.textVersion } : {}),
    ...(submission.source ? { source: submission.source as SignatureItem['source'] } : {}),
    tokenHash: hashToken(token),
    createdAt: String(submission.createdAt),
    confirmedAt: now.toISOString(),
  };
  if (campaign.publicSigners && signature.showName) {
    const { name } = await openFields(signature.dataKey, { name: pii.name }, sealingContext(found.signatureKey));
    if (name) Object.assign(signature, { label: publicLabel(name), listKey: signature.pk, listedAt: signature.confirmedAt });
  }
  return signature;
}

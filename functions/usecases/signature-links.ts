/**
 * The emailed links: each carries the signer id (the keyed hash that is the signature's sort key on
 * that campaign) and a token. The token's hash names the submission the mail was about
 * (`sub#<hash>`), and a confirmed signature keeps the hash of the token whose link confirmed it, so
 * that mail's withdraw link keeps working for as long as the signature exists.
 */
import { HttpError } from '#lib/errors.ts';
import { readSubmission } from '#store/signatures.ts';
import type { Campaign } from '#rules/campaign.ts';
import { signatureKey, submissionKey } from '#rules/signature-keys.ts';
import { hashToken, isWellFormedLink, tokenMatches } from '#rules/tokens.ts';

export const invalidLink = () =>
  new HttpError(404, 'invalid_link', 'signatureLinkInvalid');

/**
 * What a link reaches: its own submission (while it exists) and the signer's signature if the link
 * may act on it — the signature's own link, or a submission's link for the same signer (its mail went
 * to the same address). Neither: an invalid link.
 */
export async function itemsForLink(campaign: Pick<Campaign, 'slug' | 'shards'>, id: string, token: string) {
  if (!isWellFormedLink(id, token)) throw invalidLink();
  const signature = signatureKey(campaign, id);
  const submission = submissionKey(signature, hashToken(token));
  const found = await readSubmission(submission, signature);
  const ownLink = found.signature !== undefined && tokenMatches(token, found.signature.tokenHash);
  // The token alone names the submission; it must also be this signer's. Else a link holder could
  // put another id beside their token (one in the same shard) and confirm under it, signing twice.
  const mine = found.submission?.signer === id ? found.submission : undefined;
  if (!mine && !ownLink) throw invalidLink();
  return {
    signatureKey: signature,
    submissionKey: submission,
    submission: mine,
    signature: found.signature?.status === 'confirmed' ? found.signature : undefined,
    /** Whether the signature's stored token is this link's. */
    ownLink,
  };
}

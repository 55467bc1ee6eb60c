/**
 * The signer's side: sign here; the mail in submissions.ts; confirm in confirmation.ts, withdraw in
 * withdrawal.ts.
 *
 * sign     validate (done by the handler) → campaign open? → seal what was sent → one transaction:
 *          spend the proof of work and store a *submission*. Nothing else, and the same for every
 *          address: whether it signed before is not looked at here.
 * mail     from the stream, off the request path: the submission is checked against the signer's
 *          signature and answered by mail ("confirm" or "you have already signed"), within the
 *          recipient's quota (submissions.ts).
 * confirm  the link's token (only its hash is stored) finds its own submission, and the page shows
 *          what it says; pressing Confirm makes the signature exactly that; the stream counts it.
 * withdraw the link's token deletes the signature and leaves an anonymous tombstone; the stream
 *          lowers the count once.
 *
 * Nothing a stranger can see depends on whether an address signed: every sign request gets the same
 * answer after the same work, the public figures are confirmed signatures only, and only the mail to
 * that address differs.
 */
import { badRequest, conflict, notFound } from '#lib/errors.ts';
import { sealFields } from '#crypto/field-crypto.ts';
import type { Language } from '#lib/language.ts';
import { getCampaign } from '#store/campaigns.ts';
import { spentChallengeItem } from '#store/signals.ts';
import { putSubmission, type SubmissionItem } from '#store/signatures.ts';
import { replayedChallenge, type SolvedChallenge } from './abuse.ts';
import { isOpenForSigning, type Campaign, type SignerFields } from '#rules/campaign.ts';
import type { SignatureInput } from '#rules/signature.ts';
import { canonicalEmail } from '#rules/identity.ts';
import { sealingContext, signatureKey, signerId, submissionKey } from '#rules/signature-keys.ts';
import { hashToken, newToken } from '#rules/tokens.ts';

const DAY_MS = 86_400_000;

export interface SigningConfig {
  hashKey: string;
  /** Days a confirmation link stays valid. */
  confirmTtlDays: number;
  /** The request's language: the mail is written in it. */
  lang?: Language;
}

async function openCampaign(slug: string, now: Date): Promise<Campaign> {
  const campaign = await getCampaign(slug);
  // A draft does not exist for the public.
  if (!campaign || campaign.status === 'draft') throw notFound();
  if (!isOpenForSigning(campaign, now)) throw conflict('closed', 'closed');
  return campaign;
}

/**
 * The campaign decides which optional fields its form asks for. A field it does not ask for is
 * refused rather than silently dropped, so a signer never believes a comment was delivered when it
 * was not; a required country must be there.
 */
export function checkSignerFields(fields: SignerFields, input: Pick<SignatureInput, 'country' | 'comment'>): void {
  const problems: Record<string, 'country.required' | 'country.notAsked' | 'comment.notTaken'> = {};
  if (fields.country === 'required' && !input.country) problems.country = 'country.required';
  if (fields.country === 'off' && input.country) problems.country = 'country.notAsked';
  if (fields.comment === 'off' && input.comment) problems.comment = 'comment.notTaken';
  if (Object.keys(problems).length > 0) throw badRequest('validationFailed', problems, 'validation_failed');
}

/**
 * The campaign, if this input can be signed on it now: it exists, is open, and gets the fields it
 * asks for. The handler asks before anything is written, so a refused request spends no proof of
 * work: it stores nothing.
 */
export async function signableCampaign(slug: string, input: Pick<SignatureInput, 'country' | 'comment' | 'textVersion'>, now = new Date()): Promise<Campaign> {
  const campaign = await openCampaign(slug, now);
  checkSignerFields(campaign.signerFields, input);
  // The text was edited while the signer read it: they sign what they read, or nothing.
  if (input.textVersion !== undefined && input.textVersion !== campaign.version) throw conflict('text_changed', 'textChanged');
  return campaign;
}

/**
 * Stores what a signer sent as a submission, spending the proof of work in the same write: the one
 * write of the request. `sourceIp` is sealed with it for the velocity signal, which the mailer
 * counts and then removes (submissions.ts).
 */
export async function sign(
  campaign: Campaign,
  input: SignatureInput,
  challenge: SolvedChallenge,
  config: SigningConfig,
  sourceIp: string | undefined,
  now = new Date(),
): Promise<void> {
  const signer = signerId(config.hashKey, campaign.slug, canonicalEmail(input.email));
  const signature = signatureKey(campaign, signer);
  const token = newToken();
  const key = submissionKey(signature, hashToken(token));
  const tokenExpires = new Date(now.getTime() + config.confirmTtlDays * DAY_MS);
  // Sealed for the signature's key: confirming copies these fields into the signature unchanged.
  const sealed = await sealFields(
    { name: input.name, email: input.email, comment: input.comment || undefined, token, ip: sourceIp || undefined },
    sealingContext(signature),
  );
  const item: SubmissionItem = {
    ...key,
    slug: campaign.slug,
    status: 'pending',
    signer,
    dataKey: sealed.dataKey,
    pii: sealed.sealed,
    ...(input.country ? { country: input.country } : {}),
    showName: input.showName,
    // Which text the signer read: a later edit of an open campaign makes a new version.
    textVersion: campaign.version,
    // The widget's embedding site and tag (not personal data); counted per source for the dashboard.
    ...(input.source ? { source: input.source } : {}),
    lang: config.lang ?? 'en',
    tokenExpiresAt: tokenExpires.toISOString(),
    createdAt: now.toISOString(),
    // Unconfirmed data deletes itself a day after its link expires (TTL runs late, never early).
    expiresAt: Math.floor(tokenExpires.getTime() / 1000) + 86_400,
  };
  if (!(await putSubmission(item, spentChallengeItem(challenge.id, challenge.expiresAt)))) throw replayedChallenge();
}

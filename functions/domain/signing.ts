/**
 * The signer's side: sign here; confirm in confirmation.ts, withdraw in withdrawal.ts.
 *
 * sign     validate (done by the handler) → campaign open? → seal the personal fields → one
 *          conditional write of a *pending* signature → mail a confirmation link.
 * confirm  the link's token (only its hash is stored) turns pending into confirmed; the stream
 *          then counts it. Twice is harmless.
 * withdraw the link's token deletes the signature and leaves an anonymous tombstone; the stream
 *          lowers the count once.
 *
 * The API never reveals whether an email has signed: a first and a repeat signature get the same
 * response, and only the mail to that address differs ("confirm" or "you have already signed").
 */
import { HttpError, badRequest, conflict, notFound, unavailable } from '#lib/errors.ts';
import { sealFields } from '#lib/field-crypto.ts';
import type { Language } from '#lib/language.ts';
import { logger } from '#lib/logger.ts';
import { countEvent } from '#lib/metrics.ts';
import { sendMail } from '#mail/mailer.ts';
import { alreadySignedMail, confirmationMail, signatureLinks } from '#mail/templates.ts';
import { getPetition } from '#store/petitions.ts';
import { putPending, refreshPending, renewConfirmedLink, type SignatureItem } from '#store/signatures.ts';
import { isOpenForSigning, type Petition, type SignerFields } from './petition.ts';
import type { SignatureInput } from './signature.ts';
import { canonicalEmail } from './identity.ts';
import { keyedHash, sealingContext, signatureKey } from './keys.ts';
import { hashToken, newToken } from './tokens.ts';

const DAY_MS = 86_400_000;

export interface SigningConfig {
  hashKey: string;
  /** Public address of the site, for the links in mails. */
  siteUrl: string;
  /** Days a confirmation link stays valid. */
  confirmTtlDays: number;
  /** The request's language: the confirmation (or already-signed) mail is written in it. */
  lang?: Language;
}

async function openPetition(slug: string, now: Date): Promise<Petition> {
  const petition = await getPetition(slug);
  // A draft does not exist for the public.
  if (!petition || petition.status === 'draft') throw notFound();
  if (!isOpenForSigning(petition, now)) throw conflict('closed', 'closed');
  return petition;
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
 * asks for. The handler asks first, so that a refused request spends no proof of work and counts
 * towards no velocity signal: it stores nothing.
 */
export async function signablePetition(slug: string, input: Pick<SignatureInput, 'country' | 'comment'>, now = new Date()): Promise<Petition> {
  const petition = await openPetition(slug, now);
  checkSignerFields(petition.signerFields, input);
  return petition;
}

/** `checked`: the campaign as signablePetition() just returned it, to save reading it again. */
export async function sign(slug: string, input: SignatureInput, config: SigningConfig, now = new Date(), checked?: Petition): Promise<void> {
  const petition = checked ?? (await signablePetition(slug, input, now));
  const id = keyedHash(config.hashKey, canonicalEmail(input.email));
  const key = signatureKey(petition, id);

  const token = newToken();
  const tokenExpires = new Date(now.getTime() + config.confirmTtlDays * DAY_MS);
  const refresh = {
    tokenHash: hashToken(token),
    tokenExpiresAt: tokenExpires.toISOString(),
    // Unconfirmed data deletes itself a day after its link expires (TTL runs late, never early).
    expiresAt: Math.floor(tokenExpires.getTime() / 1000) + 86_400,
  };
  const sealed = await sealFields({ name: input.name, email: input.email, comment: input.comment || undefined }, sealingContext(key));
  const fields = {
    dataKey: sealed.dataKey,
    pii: sealed.sealed,
    ...(input.country ? { country: input.country } : {}),
    showName: input.showName,
    // Which text the signer read: a later edit of an open campaign makes a new version.
    textVersion: petition.version,
    // The widget's embedding site and tag (not personal data); counted per source for the dashboard.
    ...(input.source ? { source: input.source } : {}),
  };
  const item: SignatureItem = { ...key, slug, status: 'pending', ...fields, ...refresh, createdAt: now.toISOString() };

  const mailKind = await storeSignature(item, refresh);
  const links = signatureLinks(config.siteUrl, slug, id, token, config.lang);
  const message =
    mailKind === 'confirm'
      ? confirmationMail({ title: petition.title, links, expiresInDays: config.confirmTtlDays, lang: config.lang })
      : alreadySignedMail({ title: petition.title, links, lang: config.lang });
  try {
    await sendMail({ to: input.email, ...message });
  } catch (error) {
    // The signature stays (pending); signing again sends a new link. Say so rather than pretend.
    countEvent('ConfirmationMailFailed');
    logger.error('confirmation mail not sent', { slug, errorName: (error as Error)?.name });
    throw new HttpError(
      503,
      'mail_failed',
      'signMailFailed',
      undefined,
      { 'retry-after': '60' },
    );
  }
}

/**
 * Writes the signature, or updates the one already there: a pending one takes this submission and
 * a new link; a confirmed one only gets a new link for withdrawal. Returns which mail to send.
 */
async function storeSignature(item: SignatureItem, refresh: Pick<SignatureItem, 'tokenHash' | 'tokenExpiresAt'> & { expiresAt: number }): Promise<'confirm' | 'already-signed'> {
  // Two rounds cover an item that changes between our two writes (confirmed, withdrawn or expired).
  for (let round = 0; round < 3; round++) {
    const put = await putPending(item);
    if (put.outcome === 'created') return 'confirm';
    if (put.status === 'pending' && (await refreshPending(item, item, refresh))) return 'confirm';
    if (put.status === 'confirmed' && (await renewConfirmedLink(item, refresh.tokenHash))) return 'already-signed';
  }
  throw unavailable();
}

/**
 * Answering a sign-in request (the stream consumer answer-sign-ins, off the request path): the
 * address's mail quota, its memberships, then a sign-in link for a member or a "not a member" note
 * for anyone else. Kept apart from ./sign-in.ts because it opens sealed data: only the consumer
 * needs the key for that, not the invitation route.
 */
import { DataKeyError } from '#crypto/data-keys.ts';
import { SealedDataError, openFields } from '#crypto/field-crypto.ts';
import { loadStrings } from '#lib/language.ts';
import { logger } from '#lib/logger.ts';
import { countEvent } from '#lib/metrics.ts';
import { sendMail } from '#mail/mailer.ts';
import { notMemberMail, signInMail } from '#mail/templates.ts';
import { claimSignInRequest, membershipsOf, type SignInRequest } from '#store/organisations.ts';
import { sealingContext } from '#rules/signature-keys.ts';
import { mayMail } from './mail-quota.ts';
import { SIGN_IN_LINK_MINUTES, newSignInLink } from './sign-in.ts';

export interface SignInMailConfig {
  /** Keys the mail quota (#usecases/mail-quota.ts). */
  hashKey: string;
  /** Public address of the site, for the link. */
  siteUrl: string;
}

/** What became of a request, for the consumer's log: never to whom. */
export type Answer = 'sign-in' | 'not-member' | 'capped' | 'already-answered' | 'unreadable' | 'mail-failed';

/**
 * Answers one sign-in request, at most once however often its stream record is delivered.
 *
 * Up to the claim, nothing is changed, so a failure there (KMS or DynamoDB overloaded) fails the
 * batch and Lambda delivers the record again. The claim deletes the request: a record delivered
 * again after it finds nothing and mails nothing. After the claim, this delivery mails or nobody
 * does: a failure then is counted and logged, never retried, so an address is never mailed twice
 * for one request (the organiser asks again). Each mail first takes from the address's quota, so
 * however many requests there are, an address gets at most MAIL_QUOTAS['sign-in'] mails an hour.
 */
export async function answerSignInRequest(request: SignInRequest, config: SignInMailConfig, now = new Date()): Promise<Answer> {
  const address = await openAddress(request);
  if (address === undefined) {
    await claimSignInRequest(request.key);
    return 'unreadable';
  }
  const memberships = await membershipsOf(address);
  if (!(await claimSignInRequest(request.key))) return 'already-answered';
  try {
    if (!(await mayMail(config.hashKey, 'sign-in', '', address, now))) {
      countEvent('SignInMailCapped');
      return 'capped';
    }
    const lang = request.lang;
    await loadStrings(lang);
    if (memberships.length === 0) {
      await sendMail({ to: address, ...notMemberMail({ lang }) });
      return 'not-member';
    }
    const link = await newSignInLink(config.siteUrl, address, new Date(now.getTime() + SIGN_IN_LINK_MINUTES * 60_000), lang);
    await sendMail({ to: address, ...signInMail({ link, lang }) });
    return 'sign-in';
  } catch (error) {
    countEvent('SignInMailFailed');
    logger.error('sign-in mail not sent', { errorName: (error as Error)?.name });
    return 'mail-failed';
  }
}

/** The request's address; undefined when it cannot be opened (altered, or not sealed by us). */
async function openAddress(request: SignInRequest): Promise<string | undefined> {
  try {
    const { email } = await openFields(request.dataKey, { email: request.sealedEmail }, sealingContext(request.key));
    return email;
  } catch (error) {
    // An overloaded KMS is worth a retry of the batch; a value that will never open is not.
    if (error instanceof SealedDataError || error instanceof DataKeyError) {
      logger.error('sign-in request unreadable', { errorName: error.name });
      return undefined;
    }
    throw error;
  }
}

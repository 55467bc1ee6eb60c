/**
 * Passwordless sign-in for organisers: an emailed one-time link becomes a session cookie.
 *
 * request  POST /api/auth/link stores the request, sealed, doing the same for every address
 *          (./sign-in-requests.ts); nothing there depends on who the address belongs to.
 * answer   the stream consumer answers each request (./sign-in-answers.ts): the address's mail
 *          quota, its memberships, then a sign-in link for a member or a "not a member" note for
 *          anyone else. Off the request path, so neither the answer nor its timing tells anyone else.
 * session  the link's token → a session cookie: see sessions.ts (no mail there, so the routes that
 *          only open sessions do not load the mailer).
 *
 * This module: the link itself and its delivery, shared by the answers and by invitations.
 */
import { HttpError } from '#lib/errors.ts';
import type { Language } from '#lib/language.ts';
import { logger } from '#lib/logger.ts';
import { sendMail } from '#mail/mailer.ts';
import { signInLink, type Mail } from '#mail/templates.ts';
import { putSignInLink } from '#store/organisations.ts';
import { hashToken, newToken } from '#rules/tokens.ts';

export const SIGN_IN_LINK_MINUTES = 15;
export const INVITATION_LINK_DAYS = 7;

export const mailFailed = () =>
  new HttpError(503, 'mail_failed', 'signInMailFailed', undefined, {
    'retry-after': '60',
  });

/** A fresh one-time sign-in link for an address, stored as the hash of its token. */
export async function newSignInLink(siteUrl: string, email: string, validUntil: Date, lang: Language = 'en'): Promise<string> {
  const token = newToken();
  await putSignInLink(hashToken(token), email, validUntil);
  return signInLink(siteUrl, token, lang);
}

export async function deliver(to: string, mail: Mail): Promise<void> {
  try {
    await sendMail({ to, ...mail });
  } catch (error) {
    logger.error('organiser mail not sent', { errorName: (error as Error)?.name });
    throw mailFailed();
  }
}

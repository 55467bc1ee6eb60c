/**
 * Passwordless sign-in for organisers: an emailed one-time link becomes a session cookie.
 *
 * request  always the same answer; the address gets a sign-in link if it belongs to an organisation,
 *          else a mail saying it does not (so neither the answer nor its timing reveals membership).
 * session  the link's token → a session cookie: see sessions.ts (no mail there, so the routes that
 *          only open sessions do not load the mailer).
 */
import { HttpError } from '#lib/errors.ts';
import type { Language } from '#lib/language.ts';
import { logger } from '#lib/logger.ts';
import { sendMail } from '#mail/mailer.ts';
import { notMemberMail, signInLink, signInMail, type Mail } from '#mail/templates.ts';
import { membershipsOf, putSignInLink } from '#store/organisations.ts';
import { organiserEmail } from './organisation.ts';
import { hashToken, newToken } from './tokens.ts';

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

/** `lang`: the request's language, which the mail is written in. */
export async function requestSignIn(email: string, siteUrl: string, now = new Date(), lang: Language = 'en'): Promise<void> {
  const address = organiserEmail(email);
  const memberships = await membershipsOf(address);
  if (memberships.length === 0) return deliver(address, notMemberMail({ lang }));
  const link = await newSignInLink(siteUrl, address, new Date(now.getTime() + SIGN_IN_LINK_MINUTES * 60_000), lang);
  await deliver(address, signInMail({ link, lang }));
}

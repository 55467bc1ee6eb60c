/**
 * Passwordless sign-in for organisers: an emailed one-time link becomes a session cookie.
 *
 * request  always the same answer; the address gets a sign-in link if it belongs to an organisation,
 *          else a mail saying it does not (so neither the answer nor its timing reveals membership).
 * session  the link's token (only its hash is stored; one use; 15 minutes) → a signed session cookie
 *          for one of the address's organisations.
 */
import { HttpError } from '#lib/errors.ts';
import { logger } from '#lib/logger.ts';
import { sendMail } from '#mail/mailer.ts';
import { notMemberMail, signInLink, signInMail, type Mail } from '#mail/templates.ts';
import { membershipsOf, putSignInLink, takeSignInLink } from '#store/organisations.ts';
import { openSession, type Me } from './me.ts';
import { organiserEmail } from './organisation.ts';
import { hashToken, newToken } from './tokens.ts';

export const SIGN_IN_LINK_MINUTES = 15;
export const INVITATION_LINK_DAYS = 7;

export const linkInvalid = () =>
  new HttpError(401, 'link_invalid', 'This sign-in link has been used or has expired. Ask for a new one.');

export const mailFailed = () =>
  new HttpError(503, 'mail_failed', 'We could not send the email just now. Please try again in a few minutes.', undefined, {
    'retry-after': '60',
  });

/** A fresh one-time sign-in link for an address, stored as the hash of its token. */
export async function newSignInLink(siteUrl: string, email: string, validUntil: Date): Promise<string> {
  const token = newToken();
  await putSignInLink(hashToken(token), email, validUntil);
  return signInLink(siteUrl, token);
}

export async function deliver(to: string, mail: Mail): Promise<void> {
  try {
    await sendMail({ to, ...mail });
  } catch (error) {
    logger.error('organiser mail not sent', { errorName: (error as Error)?.name });
    throw mailFailed();
  }
}

export async function requestSignIn(email: string, siteUrl: string, now = new Date()): Promise<void> {
  const address = organiserEmail(email);
  const memberships = await membershipsOf(address);
  if (memberships.length === 0) return deliver(address, notMemberMail());
  const link = await newSignInLink(siteUrl, address, new Date(now.getTime() + SIGN_IN_LINK_MINUTES * 60_000));
  await deliver(address, signInMail({ link }));
}

/** Spends a sign-in link and opens a session for the chosen (or the first) organisation. */
export async function startSession(token: string, organisation: string | undefined, now = new Date()): Promise<{ cookie: string; me: Me }> {
  const email = await takeSignInLink(hashToken(token), now);
  if (!email) throw linkInvalid();
  const memberships = await membershipsOf(email);
  // Removed from every organisation since the link was sent.
  if (memberships.length === 0) throw linkInvalid();
  const chosen = memberships.find((m) => m.orgId === organisation) ?? [...memberships].sort((a, b) => a.orgId.localeCompare(b.orgId))[0]!;
  const session = await openSession(email, chosen.orgId, now);
  if (!session) throw linkInvalid();
  return session;
}


/** Owners invite members by email: the member is added and mailed a sign-in link valid for a week. */
import { HttpError, conflict, isOverload } from '#lib/errors.ts';
import type { Language } from '#lib/language.ts';
import { logger } from '#lib/logger.ts';
import { invitationMail } from '#mail/templates.ts';
import { addMember, getOrganisation } from '#store/organisations.ts';
import type { Organiser } from './access.ts';
import { memberView, type Role } from './organisation.ts';
import { INVITATION_LINK_DAYS, deliver, newSignInLink } from './sign-in.ts';

/**
 * Adds a member and mails them a sign-in link valid for a week. The member exists even if the mail
 * fails: they can ask for a link on the sign-in page. The answer says whether the mail went out.
 */
export async function inviteMember(organiser: Organiser, email: string, role: Role, siteUrl: string, now = new Date(), lang: Language = 'en') {
  const member = await addMember(organiser.orgId, email, role, organiser.memberId, now.toISOString());
  if (!member) throw conflict('already_member', 'alreadyMember');
  let invitation: 'sent' | 'failed' = 'sent';
  try {
    // Inside the try: the member exists now, so a throttled read must not turn into a 503 either.
    const organisation = (await getOrganisation(organiser.orgId))?.name ?? '';
    const link = await newSignInLink(siteUrl, member.email, new Date(now.getTime() + INVITATION_LINK_DAYS * 86_400_000), lang);
    // The invitee's language is unknown: the inviting owner's (their request's) is the best guess.
    await deliver(member.email, invitationMail({ organisation, role, link, lang }));
  } catch (error) {
    // The member is added either way: a 503 now would only get "already a member" on retry.
    if (!(error instanceof HttpError) && !isOverload(error)) throw error;
    invitation = 'failed';
  }
  logger.info('member invited', { orgId: organiser.orgId, memberId: member.memberId, role, by: organiser.memberId, invitation });
  return { ...memberView(member), invitation };
}

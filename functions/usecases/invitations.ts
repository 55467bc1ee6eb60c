/** Owners invite members by email: the member is added and mailed a sign-in link valid for a week. */
import { HttpError, conflict, isOverload } from '#lib/errors.ts';
import type { Language } from '#lib/language.ts';
import { logger } from '#lib/logger.ts';
import { countEvent } from '#lib/metrics.ts';
import { invitationMail } from '#mail/templates.ts';
import { addMember, getOrganisation, type Member } from '#store/organisations.ts';
import type { Organiser } from './access.ts';
import { mayMail } from './mail-quota.ts';
import { memberView, type Role } from '#rules/organisation.ts';
import { INVITATION_LINK_DAYS, deliver, newSignInLink } from './sign-in.ts';

export interface InvitationConfig {
  /** Public address of the site, for the link. */
  siteUrl: string;
  /** Keys the invitee's mail quota (#usecases/mail-quota.ts). */
  hashKey: string;
  /** The inviting owner's language: the invitee's is unknown, and the owner's is the best guess. */
  lang?: Language;
}

/**
 * What became of the invitation mail, as the owner is told:
 * - `sent`: it went out;
 * - `limited`: none went, because this organisation has sent this address MAIL_QUOTAS.invitation
 *   invitations today already (an owner inviting and removing in a loop). Only this organisation's
 *   own invitations count towards it, so saying so tells the owner nothing they did not do;
 * - `failed`: it could not be sent (mail or database overloaded).
 * In every case the member is added, and can ask for a sign-in link on the sign-in page.
 */
export type InvitationOutcome = 'sent' | 'limited' | 'failed';

/** Adds a member and mails them a sign-in link valid for a week, within the address's quota. */
export async function inviteMember(organiser: Organiser, email: string, role: Role, config: InvitationConfig, now = new Date()) {
  const member = await addMember(organiser.orgId, email, role, organiser.memberId, now.toISOString());
  if (!member) throw conflict('already_member', 'alreadyMember');
  let invitation: InvitationOutcome;
  try {
    // Inside the try: the member exists now, so a throttled read must not turn into a 503 either.
    invitation = await mailInvitation(organiser.orgId, member, config, now);
  } catch (error) {
    // The member is added either way: a 503 now would only get "already a member" on retry.
    if (!(error instanceof HttpError) && !isOverload(error)) throw error;
    invitation = 'failed';
  }
  logger.info('member invited', { orgId: organiser.orgId, memberId: member.memberId, role, by: organiser.memberId, invitation });
  return { ...memberView(member), invitation };
}

/** Takes from the invitee's quota for this organisation first: past it, no link is made and nothing is sent. */
async function mailInvitation(orgId: string, member: Member, config: InvitationConfig, now: Date): Promise<'sent' | 'limited'> {
  if (!(await mayMail(config.hashKey, 'invitation', orgId, member.email, now))) {
    countEvent('InvitationMailCapped');
    return 'limited';
  }
  const organisation = (await getOrganisation(orgId))?.name ?? '';
  const link = await newSignInLink(config.siteUrl, member.email, new Date(now.getTime() + INVITATION_LINK_DAYS * 86_400_000), config.lang);
  await deliver(member.email, invitationMail({ organisation, role: member.role, link, lang: config.lang }));
  return 'sent';
}

/**
 * Owners manage their organisation: members (invited by email) and API tokens (shown once, stored
 * as a hash). An organisation always keeps at least one owner.
 */
import { HttpError, conflict, notFound } from '#lib/errors.ts';
import { logger } from '#lib/logger.ts';
import { invitationMail } from '#mail/templates.ts';
import {
  addMember,
  createApiToken,
  getMember,
  getOrganisation,
  listMembers,
  removeMember,
  revokeApiToken,
  setMemberRole,
  type Member,
} from '#store/organisations.ts';
import type { Organiser } from './access.ts';
import { memberView, newApiToken, type Role } from './organisation.ts';
import { INVITATION_LINK_DAYS, deliver, newSignInLink } from './sign-in.ts';
import { hashToken } from './tokens.ts';

const lastOwner = () => conflict('last_owner', 'An organisation needs at least one owner. Make someone else an owner first.');


/**
 * Adds a member and mails them a sign-in link valid for a week. The member exists even if the mail
 * fails: they can ask for a link on the sign-in page. The answer says whether the mail went out.
 */
export async function inviteMember(organiser: Organiser, email: string, role: Role, siteUrl: string, now = new Date()) {
  const member = await addMember(organiser.orgId, email, role, organiser.memberId, now.toISOString());
  if (!member) throw conflict('already_member', 'This address is already a member.');
  const organisation = (await getOrganisation(organiser.orgId))?.name ?? '';
  let invitation: 'sent' | 'failed' = 'sent';
  try {
    const link = await newSignInLink(siteUrl, member.email, new Date(now.getTime() + INVITATION_LINK_DAYS * 86_400_000));
    await deliver(member.email, invitationMail({ organisation, role, link }));
  } catch (error) {
    if (!(error instanceof HttpError)) throw error;
    invitation = 'failed';
  }
  logger.info('member invited', { orgId: organiser.orgId, memberId: member.memberId, role, by: organiser.memberId, invitation });
  return { ...memberView(member), invitation };
}

/** A member of the organiser's own organisation; another organisation's member is "not found". */
export async function memberOrNotFound(orgId: string, memberId: string): Promise<Member> {
  const member = /^[0-9a-f]{16}$/.test(memberId) ? await getMember(orgId, memberId) : undefined;
  if (!member) throw notFound('Member');
  return member;
}

async function otherOwners(orgId: string, memberId: string): Promise<number> {
  return (await listMembers(orgId)).filter((m) => m.role === 'owner' && m.memberId !== memberId).length;
}

export async function changeRole(organiser: Organiser, member: Member, role: Role) {
  const { memberId } = member;
  if (member.role === 'owner' && role !== 'owner' && (await otherOwners(organiser.orgId, memberId)) === 0) throw lastOwner();
  if (!(await setMemberRole(organiser.orgId, member, role))) throw notFound('Member');
  logger.info('member role changed', { orgId: organiser.orgId, memberId, role, by: organiser.memberId });
  return memberView({ ...member, role });
}

export async function removeMemberById(organiser: Organiser, memberId: string): Promise<void> {
  const member = await memberOrNotFound(organiser.orgId, memberId);
  if (member.role === 'owner' && (await otherOwners(organiser.orgId, memberId)) === 0) throw lastOwner();
  await removeMember(organiser.orgId, member);
  logger.info('member removed', { orgId: organiser.orgId, memberId, by: organiser.memberId });
}

/** A new API token: the only time its value is ever returned. */
export async function issueApiToken(organiser: Organiser, name: string, role: Role, now = new Date()) {
  const { token, tokenId } = newApiToken();
  const record = { tokenId, orgId: organiser.orgId, name, role, createdAt: now.toISOString(), createdBy: organiser.memberId };
  await createApiToken(record, hashToken(token));
  logger.info('api token created', { orgId: organiser.orgId, tokenId, role, by: organiser.memberId });
  return { id: tokenId, name, role, createdAt: record.createdAt, token };
}

export async function revokeToken(organiser: Organiser, tokenId: string): Promise<void> {
  if (!/^[0-9a-f]{12}$/.test(tokenId) || !(await revokeApiToken(organiser.orgId, tokenId))) throw notFound('Token');
  logger.info('api token revoked', { orgId: organiser.orgId, tokenId, by: organiser.memberId });
}

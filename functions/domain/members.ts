/**
 * Owners manage their organisation's members (invitations: invitations.ts; API tokens:
 * api-tokens.ts). An organisation always keeps at least one owner.
 */
import { conflict, notFound } from '#lib/errors.ts';
import { logger } from '#lib/logger.ts';
import { getMember, listMembers, removeMember, setMemberRole, type Member } from '#store/organisations.ts';
import type { Organiser } from './access.ts';
import { memberView, type Role } from './organisation.ts';

const lastOwner = () => conflict('last_owner', 'lastOwner');


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

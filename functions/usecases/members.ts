/**
 * Owners manage their organisation's members (invitations: invitations.ts; API tokens:
 * api-tokens.ts). An organisation always keeps at least one owner, however many owners act at once:
 * the store counts owners in the same transaction as every change (#store/organisations.ts).
 */
import { conflict, notFound, unavailable } from '#lib/errors.ts';
import { logger } from '#lib/logger.ts';
import { getMember, removeMember, setMemberRole, type Member, type MemberChange } from '#store/organisations.ts';
import type { Organiser } from './access.ts';
import { memberView, type Role } from '#rules/organisation.ts';

const lastOwner = () => conflict('last_owner', 'lastOwner');

/** How often a change is tried again after someone else changed the same member meanwhile. */
const ATTEMPTS = 3;

/** A member of the organiser's own organisation; another organisation's member is "not found". */
export async function memberOrNotFound(orgId: string, memberId: string): Promise<Member> {
  const member = /^[0-9a-f]{16}$/.test(memberId) ? await getMember(orgId, memberId) : undefined;
  if (!member) throw notFound('Member');
  return member;
}

/**
 * Applies a change written against the member as read. When the member changed meanwhile (another
 * owner got there first), reads them again and decides again: gone is 404, the last owner is 409.
 */
async function changeAsRead(orgId: string, member: Member, write: (member: Member) => Promise<MemberChange | 'unchanged'>): Promise<Member> {
  for (let attempt = 1; ; attempt++) {
    const outcome = await write(member);
    if (outcome === 'done' || outcome === 'unchanged') return member;
    if (outcome === 'last-owner') throw lastOwner();
    if (attempt === ATTEMPTS) throw unavailable();
    member = await memberOrNotFound(orgId, member.memberId);
  }
}

/** A new role; a member who stops being an owner loses the API tokens they made. */
export async function changeRole(organiser: Organiser, member: Member, role: Role) {
  const { memberId } = member;
  const changed = await changeAsRead(organiser.orgId, member, (current) =>
    current.role === role ? Promise.resolve('unchanged' as const) : setMemberRole(organiser.orgId, current, role),
  );
  logger.info('member role changed', { orgId: organiser.orgId, memberId, role, by: organiser.memberId });
  return memberView({ ...changed, role });
}

/** Removes a member with their API tokens and sessions: their cookies and tokens stop at once. */
export async function removeMemberById(organiser: Organiser, memberId: string): Promise<void> {
  const member = await memberOrNotFound(organiser.orgId, memberId);
  await changeAsRead(organiser.orgId, member, (current) => removeMember(organiser.orgId, current));
  logger.info('member removed', { orgId: organiser.orgId, memberId, by: organiser.memberId });
}

/**
 * Members and API tokens (owners only): read defensively, and the roles a token may have. Pure.
 */
import { isRecord, str } from '../../app/records.ts';
import { TOKEN_NAME_MAX, storedLength } from '../../../../functions/rules/limits.ts';
import type { Body } from '../../app/contract.ts';
import { isRole, type Role } from '../shell/roles.ts';

// Members, API tokens, co-sign invitations
// ---------------------------------------------------------------------------------------------

export interface Member {
  id: string;
  email: string;
  role: Role;
  addedAt?: string;
}

export function parseMember(v: unknown): Member | null {
  if (!isRecord(v) || typeof v.id !== 'string' || typeof v.email !== 'string' || !isRole(v.role)) return null;
  const m: Member = { id: v.id, email: v.email, role: v.role };
  const addedAt = str(v.addedAt);
  if (addedAt) m.addedAt = addedAt;
  return m;
}

/**
 * What became of an invitation's mail (POST /api/org/members): sent; `limited`, not sent because the
 * organisation has sent this address its invitations for the day; `failed`, not sent. The member is
 * added in every case. An answer without it (an older server) was sent.
 */
export type InvitationOutcome = 'sent' | 'limited' | 'failed';

export function parseInvited(v: unknown): { member: Member; invitation: InvitationOutcome } | null {
  const member = parseMember(v);
  if (!member || !isRecord(v)) return null;
  const invitation = v.invitation === 'limited' || v.invitation === 'failed' ? v.invitation : 'sent';
  return { member, invitation };
}

export function parseMembers(v: unknown): Member[] | null {
  if (!isRecord(v) || !Array.isArray(v.members)) return null;
  return v.members.map(parseMember).filter((m): m is Member => m !== null);
}

export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  createdAt?: string;
  /** Who made it: their address while they are a member; absent for a former member. */
  madeBy?: string;
  /** False once its maker is no longer an owner: the server refuses it, and it can only be revoked. */
  active: boolean;
}

function parseToken(v: unknown): ApiToken | null {
  if (!isRecord(v) || typeof v.id !== 'string' || typeof v.name !== 'string' || !isRole(v.role)) return null;
  // An answer without `active` comes from a server that did not say: the token is taken to work.
  const t: ApiToken = { id: v.id, name: v.name, role: v.role, active: v.active !== false };
  const createdAt = str(v.createdAt);
  if (createdAt) t.createdAt = createdAt;
  const madeBy = isRecord(v.createdBy) ? str(v.createdBy.email) : undefined;
  if (madeBy) t.madeBy = madeBy;
  return t;
}

export function parseTokens(v: unknown): ApiToken[] | null {
  if (!isRecord(v) || !Array.isArray(v.tokens)) return null;
  return v.tokens.map(parseToken).filter((t): t is ApiToken => t !== null);
}

/** The answer to creating a token: the listing fields plus the secret, shown once. */
export function parseCreatedToken(v: unknown): (ApiToken & { token: string }) | null {
  const t = parseToken(v);
  if (!t || !isRecord(v) || typeof v.token !== 'string' || v.token === '') return null;
  return { ...t, token: v.token };
}

/** Roles an owner may give an API token (tokens cannot manage members or tokens): the server's list. */
export { TOKEN_ROLES } from '../../../../functions/rules/limits.ts';

// ---------------------------------------------------------------------------------------------

// What an owner sends
// ---------------------------------------------------------------------------------------------

/** POST /api/org/members: check the address with addressProblem (../shell/address-rules.ts) first. */
export function inviteBody(address: string, role: Role): Body<'invite-member'> {
  return { email: address.trim(), role };
}

/** PATCH /api/org/members/{memberId}. */
export function memberRoleBody(role: Role): Body<'update-member'> {
  return { role };
}

/** Why a token's name cannot be sent (the server's limit, counted as it counts), or undefined. */
export function tokenNameProblem(name: string): 'required' | 'tooLong' | undefined {
  if (name.trim() === '') return 'required';
  return storedLength(name) > TOKEN_NAME_MAX ? 'tooLong' : undefined;
}

/** POST /api/org/tokens. */
export function tokenBody(name: string, role: (typeof import('../../../../functions/rules/limits.ts').TOKEN_ROLES)[number]): Body<'create-token'> {
  return { name: name.trim(), role };
}

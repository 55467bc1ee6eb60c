/**
 * Members and API tokens (owners only): their answers, what an owner sends, and the roles a token may
 * have. Pure.
 */
import { isRecord } from '../../app/records.ts';
import { TOKEN_NAME_MAX, storedLength } from '../../../../functions/rules/limits.ts';
import type { Answer, Body } from '../../app/contract.ts';
import type { Role } from '../shell/roles.ts';

// Members, API tokens, co-sign invitations
// ---------------------------------------------------------------------------------------------

// The shapes are the API's (typed from the OpenAPI document the server is held to, see
// ../../app/contract.ts); the guards keep a non-object answer from throwing.

export type Member = Answer<'list-members'>['members'][number];

/** PATCH /api/org/members/{memberId}: the member as changed. */
export function readMember(body: unknown): Member | null {
  return isRecord(body) && typeof body.id === 'string' ? (body as Member) : null;
}

/**
 * What became of an invitation's mail (POST /api/org/members): sent; `limited`, not sent because the
 * organisation has sent this address its invitations for the day; `failed`, not sent. The member is
 * added in every case.
 */
export type InvitationOutcome = Answer<'invite-member', 201>['invitation'];

export function readInvited(body: unknown): { member: Member; invitation: InvitationOutcome } | null {
  if (!isRecord(body) || typeof body.id !== 'string') return null;
  const { invitation, ...member } = body as Answer<'invite-member', 201>;
  return { member, invitation };
}

/** GET /api/org/members: its members; null when the answer is not a list at all. */
export function readMembers(body: unknown): Member[] | null {
  return isRecord(body) && Array.isArray(body.members) ? (body as Answer<'list-members'>).members : null;
}

/** An API token as the tokens page shows it: who made it, by address while they are a member. */
export interface ApiToken {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  /** Who made it: their address while they are a member; absent for a former member. */
  madeBy?: string;
  /** False once its maker is no longer an owner: the server refuses it, and it can only be revoked. */
  active: boolean;
}

function tokenView(t: Answer<'list-tokens'>['tokens'][number]): ApiToken {
  const view: ApiToken = { id: t.id, name: t.name, role: t.role, createdAt: t.createdAt, active: t.active };
  if (t.createdBy.email) view.madeBy = t.createdBy.email;
  return view;
}

/** GET /api/org/tokens; null when the answer is not a list at all. */
export function readTokens(body: unknown): ApiToken[] | null {
  return isRecord(body) && Array.isArray(body.tokens) ? (body as Answer<'list-tokens'>).tokens.map(tokenView) : null;
}

/** The answer to creating a token: the listing fields plus the secret, shown once. */
export function readCreatedToken(body: unknown): (ApiToken & { token: string }) | null {
  if (!isRecord(body) || typeof body.token !== 'string' || !isRecord(body.createdBy)) return null;
  const created = body as Answer<'create-token', 201>;
  return { ...tokenView(created), token: created.token };
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

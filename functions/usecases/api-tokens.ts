/**
 * API tokens for automation: shown once, stored as a hash, revocable; never with the owner role. A
 * token works while the owner who made it is an owner: removing or demoting them revokes it
 * (#store/organisations.ts), and a token whose maker is no longer an owner is refused in any case
 * (./access.ts), which also covers tokens stored before revocation went with the maker.
 */
import { notFound } from '#lib/errors.ts';
import { logger } from '#lib/logger.ts';
import { createApiToken, listApiTokens, listMembers, revokeApiToken, type ApiTokenRecord, type Member } from '#store/organisations.ts';
import { forbidden, type Organiser } from './access.ts';
import { newApiToken, type Role } from '#rules/organisation.ts';
import type { ApiTokenView } from '#rules/organisation-schema.ts';
import { hashToken } from '#rules/tokens.ts';

/** A token as owners see it: who made it, and whether it still works. */
function tokenView(record: ApiTokenRecord, maker: Pick<Member, 'email' | 'role'> | undefined): ApiTokenView {
  return {
    id: record.tokenId,
    name: record.name,
    role: record.role as ApiTokenView['role'],
    createdAt: record.createdAt,
    createdBy: { id: record.createdBy, ...(maker ? { email: maker.email } : {}) },
    active: maker?.role === 'owner',
  };
}

/** The organisation's tokens, newest first (names and makers; never the token values). */
export async function listTokens(organiser: Organiser): Promise<ApiTokenView[]> {
  const [tokens, members] = await Promise.all([listApiTokens(organiser.orgId), listMembers(organiser.orgId)]);
  const byId = new Map(members.map((member) => [member.memberId, member]));
  return tokens.map((token) => tokenView(token, byId.get(token.createdBy))).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
}

/**
 * A new API token: the only time its value is ever returned. Stored only if its maker is still an
 * owner when it is written (403 otherwise), so a removal racing it cannot leave it behind.
 */
export async function issueApiToken(organiser: Organiser, name: string, role: Role, now = new Date()) {
  const { token, tokenId } = newApiToken();
  const record = { tokenId, orgId: organiser.orgId, name, role, createdAt: now.toISOString(), createdBy: organiser.memberId };
  if (!(await createApiToken(record, hashToken(token)))) throw forbidden();
  logger.info('api token created', { orgId: organiser.orgId, tokenId, role, by: organiser.memberId });
  return { ...tokenView(record, organiser), token };
}

export async function revokeToken(organiser: Organiser, tokenId: string): Promise<void> {
  if (!/^[0-9a-f]{12}$/.test(tokenId) || !(await revokeApiToken(organiser.orgId, tokenId))) throw notFound('Token');
  logger.info('api token revoked', { orgId: organiser.orgId, tokenId, by: organiser.memberId });
}

/** API tokens for automation: shown once, stored as a hash, revocable; never with the owner role. */
import { notFound } from '#lib/errors.ts';
import { logger } from '#lib/logger.ts';
import { createApiToken, revokeApiToken } from '#store/organisations.ts';
import type { Organiser } from './access.ts';
import { newApiToken, type Role } from './organisation.ts';
import { hashToken } from './tokens.ts';

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

/**
 * Organisations and their members: roles and identifiers. Pure, no I/O (the items live in
 * #store/organisations.ts; the request guard is ./access.ts).
 */
import { createHash, randomBytes } from 'node:crypto';

// Roles and their order are defined once, for the page too (./limits.ts).
import { hasRole, ROLES, type Role } from './limits.ts';
export { hasRole, ROLES, type Role };

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** The form of an organiser's address we store and compare: case and Unicode form do not matter. */
export function organiserEmail(email: string): string {
  return email.normalize('NFC').trim().toLowerCase();
}

/**
 * A member's id in URLs (`/api/org/members/{memberId}`): derived from the address so it is stable,
 * and a hash so the address itself never lands in an access log.
 */
export function memberIdOf(email: string): string {
  return createHash('sha256').update(organiserEmail(email), 'utf8').digest('hex').slice(0, 16);
}

export function newOrganisationId(): string {
  return randomBytes(9).toString('base64url');
}

/** API tokens carry a prefix so they are recognisable in a leaked file and by secret scanners. */
export const API_TOKEN_PREFIX = 'ust_';
const API_TOKEN_SHAPE = /^ust_[A-Za-z0-9_-]{43}$/;

export function newApiToken(): { token: string; tokenId: string } {
  return { token: `${API_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`, tokenId: randomBytes(6).toString('hex') };
}

export function isApiTokenShape(value: string): boolean {
  return API_TOKEN_SHAPE.test(value);
}

/** A member as the API shows them. */
export function memberView(member: { memberId: string; email: string; role: Role; addedAt: string }) {
  return { id: member.memberId, email: member.email, role: member.role, addedAt: member.addedAt };
}


export { publicProfile, type PublicOrganisation } from './organisation-profile.ts';

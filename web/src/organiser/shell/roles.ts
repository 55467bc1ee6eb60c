/**
 * Roles and the organiser's session: who is signed in, with which role, and what the session check's
 * answer means. Pure.
 */
import { isRecord } from '../../app/records.ts';

import type { Body } from '../../app/contract.ts';
import { ROLES, type Role } from '../../../../functions/rules/limits.ts';

// The server's roles (functions/rules/limits.ts).
export { ROLES, type Role };
const rank: Record<Role, number> = { viewer: 1, editor: 2, owner: 3 };

/** Whether `role` may do what `least` may (the server decides; this only hides buttons that would fail). */
export function hasRole(role: Role, least: Role): boolean {
  return rank[role] >= rank[least];
}

export function isRole(v: unknown): v is Role {
  return typeof v === 'string' && (ROLES as readonly string[]).includes(v);
}

export interface Me {
  email: string;
  role: Role;
  organisation: { id: string; name: string };
  organisations: { id: string; name: string; role: Role }[];
}

export function parseMe(v: unknown): Me | null {
  if (!isRecord(v) || typeof v.email !== 'string' || !isRole(v.role) || !isRecord(v.organisation)) return null;
  const org = v.organisation;
  if (typeof org.id !== 'string' || typeof org.name !== 'string') return null;
  const organisations: Me['organisations'] = [];
  if (Array.isArray(v.organisations)) {
    for (const o of v.organisations) {
      if (isRecord(o) && typeof o.id === 'string' && typeof o.name === 'string' && isRole(o.role)) organisations.push({ id: o.id, name: o.name, role: o.role });
    }
  }
  return { email: v.email, role: v.role, organisation: { id: org.id, name: org.name }, organisations };
}

export type SessionOutcome = 'signedIn' | 'expired' | 'busy' | 'error';

/**
 * What POST /api/auth/session answered. A link that is unknown, used or past its 15 minutes is a
 * 401 (or 400/404/410 from a stricter server): the same advice fits all of them, get a new link.
 */
export function classifySessionStatus(status: number): SessionOutcome {
  if (status >= 200 && status < 300) return 'signedIn';
  if (status === 400 || status === 401 || status === 403 || status === 404 || status === 410) return 'expired';
  if (status === 429 || status === 503) return 'busy';
  return 'error';
}

/** PUT /api/me/organisation: act for another of the organisations the address belongs to. */
export function switchOrganisationBody(organisation: string): Body<'switch-organisation'> {
  return { organisation };
}

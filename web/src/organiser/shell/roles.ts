/**
 * Roles and the organiser's session: who is signed in, with which role, and what the session check's
 * answer means. Pure.
 */
import type { Answer, Body } from '../../app/contract.ts';
import { isRecord } from '../../app/records.ts';

// The server's roles and their order (functions/rules/limits.ts). `hasRole` only hides buttons that
// would fail: the server decides.
export { hasRole, ROLES, type Role } from '../../../../functions/rules/limits.ts';

/** Who is signed in (GET /api/me), as the document types it; a page session always has an address. */
export type Me = Answer<'get-me'> & { email: string };

/** The session's answer; null when it is not one (no address: an API token's, which the page never holds). */
export function readMe(body: unknown): Me | null {
  return isRecord(body) && typeof body.email === 'string' && isRecord(body.organisation) && Array.isArray(body.organisations) ? (body as Me) : null;
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

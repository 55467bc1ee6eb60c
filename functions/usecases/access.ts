/**
 * Who is asking, and may they? Every organiser route starts with `requireOrganiser(event, role)` and,
 * for a campaign, `requireCampaign(organiser, slug)` (#usecases/campaign-access.ts). Sessions come from the cookie
 * (#lib/session.ts), automation from `Authorization: Bearer ust_…` API tokens. The membership is read
 * on every request, so a removed member or a changed role counts at once; so is the session's record
 * (in the same round trip), so a signed-out session is over for every copy of its cookie; and a
 * token's maker, so a token works only while the owner who made it is one.
 */
import { HttpError, unauthorized } from '#lib/errors.ts';
import type { HttpEvent } from '#lib/http.ts';
import { readSession, type Session } from '#lib/session.ts';
import { apiTokenMaker, findApiToken, getMember, getMemberSession } from '#store/organisations.ts';
import { hasRole, isApiTokenShape, memberIdOf, type Role } from '#rules/organisation.ts';
import { hashToken } from '#rules/tokens.ts';

export type { Role } from '#rules/organisation.ts';

export interface Organiser {
  orgId: string;
  /** The member's address, or `token:<id>` for an API token. Never logged: log `memberId`. */
  email: string;
  role: Role;
  via: 'session' | 'token';
  /** The member id (or `token:<id>`): what export logs and records name. */
  memberId: string;
  /** The session the request came with (`via: 'session'` only), for the routes that end it. */
  session?: Session;
}

export const forbidden = () => new HttpError(403, 'forbidden', 'forbidden');

function bearer(event: HttpEvent): string | undefined {
  const header = event.headers?.authorization ?? event.headers?.Authorization;
  const match = header ? /^Bearer\s+(\S+)$/i.exec(header) : null;
  return match?.[1];
}

/**
 * An API token's organiser, while its maker is an owner there. Removing or demoting the maker
 * revokes their tokens; this also refuses any that outlived them (stored before that was so).
 */
async function tokenOrganiser(token: string): Promise<Organiser | undefined> {
  // A malformed token is refused before it costs a read.
  if (!isApiTokenShape(token)) return undefined;
  const found = await findApiToken(hashToken(token));
  if (!found) return undefined;
  const maker = found.createdBy ?? (await apiTokenMaker(found.orgId, found.tokenId));
  if (!maker || (await getMember(found.orgId, maker, true))?.role !== 'owner') return undefined;
  const id = `token:${found.tokenId}`;
  return { orgId: found.orgId, email: id, role: found.role, via: 'token', memberId: id };
}

/** The member behind a session cookie, while both the membership and the session last. */
async function sessionOrganiser(event: HttpEvent, now: Date): Promise<Organiser | undefined> {
  const session = await readSession(event, now);
  if (!session) return undefined;
  const { member, sessionExpiresAt } = await getMemberSession(session.orgId, memberIdOf(session.email), hashToken(session.sid));
  // TTL deletes late, never early: an expired record may still be there.
  if (!member || !sessionExpiresAt || sessionExpiresAt.getTime() <= now.getTime()) return undefined;
  return { orgId: session.orgId, email: member.email, role: member.role, via: 'session', memberId: member.memberId, session };
}

async function identify(event: HttpEvent): Promise<Organiser | undefined> {
  const token = bearer(event);
  // A bearer never falls back to the cookie.
  if (token !== undefined) return tokenOrganiser(token);
  return sessionOrganiser(event, new Date());
}

/** The organiser behind a request, with at least the given role: else 401 (who?) or 403 (not allowed). */
export async function requireOrganiser(event: HttpEvent, least: Role): Promise<Organiser> {
  const organiser = await identify(event);
  if (!organiser) throw unauthorized();
  if (!hasRole(organiser.role, least)) throw forbidden();
  return organiser;
}

/**
 * Sessions: the emailed sign-in link's token (only its hash is stored; one use; 15 minutes) becomes a
 * signed session cookie for one of the address's organisations; and the signed-in organiser as the
 * page sees them. No mail here, so these routes do not load the mailer.
 *
 * Each session is also kept on the server, as the SHA-256 of its random id under the member, until
 * it ends (12 hours, a TTL) or is ended: signing out, switching organisation, or being removed.
 * Every organiser request checks it (./access.ts), so a copy of the cookie ends with the session.
 */
import { HttpError } from '#lib/errors.ts';
import { issueSession, type Session } from '#lib/session.ts';
import { deleteSession, getOrganisation, membershipsOf, putSession, takeSignInLink } from '#store/organisations.ts';
import { memberIdOf, type Role } from '#rules/organisation.ts';
import { hashToken } from '#rules/tokens.ts';

export const linkInvalid = () =>
  new HttpError(401, 'link_invalid', 'signInLinkInvalid');


export interface Me {
  email: string;
  memberId: string;
  role: Role;
  organisation: { id: string; name: string };
  organisations: { id: string; name: string; role: Role }[];
}

/** What the page shows about the signed-in organiser: who, in which organisation, as what. */
export async function describe(email: string, orgId: string): Promise<Me | undefined> {
  const memberships = await membershipsOf(email);
  const named = await Promise.all(
    memberships.map(async ({ orgId: id, role }) => ({ id, role, name: (await getOrganisation(id))?.name ?? id })),
  );
  const current = named.find((org) => org.id === orgId);
  if (!current) return undefined;
  return {
    email,
    memberId: memberIdOf(email),
    role: current.role,
    organisation: { id: current.id, name: current.name },
    organisations: named.sort((a, b) => a.name.localeCompare(b.name)),
  };
}

/**
 * A new session of a member, recorded on the server: the JWT and its Set-Cookie value. Undefined
 * when the address is not (or no longer) a member there, checked as the record is written.
 */
export async function beginSession(email: string, orgId: string, now = new Date()): Promise<{ token: string; cookie: string } | undefined> {
  const { token, cookie, sid, expiresAt } = await issueSession(email, orgId, now);
  if (!(await putSession(orgId, memberIdOf(email), hashToken(sid), expiresAt, now))) return undefined;
  return { token, cookie };
}

/** Ends a session on the server: any copy of its cookie signs nobody in any more. */
export async function endSession(session: Pick<Session, 'email' | 'orgId' | 'sid'>): Promise<void> {
  await deleteSession(session.orgId, memberIdOf(session.email), hashToken(session.sid));
}

/** A session for `orgId`, or undefined when the address is not (or no longer) a member there. */
export async function openSession(email: string, orgId: string, now = new Date()): Promise<{ cookie: string; me: Me } | undefined> {
  const me = await describe(email, orgId);
  if (!me) return undefined;
  const session = await beginSession(email, orgId, now);
  return session && { cookie: session.cookie, me };
}

/** Spends a sign-in link and opens a session for the chosen (or the first) organisation. */
export async function startSession(token: string, organisation: string | undefined, now = new Date()): Promise<{ cookie: string; me: Me }> {
  const email = await takeSignInLink(hashToken(token), now);
  if (!email) throw linkInvalid();
  const memberships = await membershipsOf(email);
  // Removed from every organisation since the link was sent.
  if (memberships.length === 0) throw linkInvalid();
  const chosen = memberships.find((m) => m.orgId === organisation) ?? [...memberships].sort((a, b) => a.orgId.localeCompare(b.orgId))[0]!;
  const session = await openSession(email, chosen.orgId, now);
  if (!session) throw linkInvalid();
  return session;
}


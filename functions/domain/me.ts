/**
 * The signed-in organiser as the page sees them, and opening a session for one of their
 * organisations. No mail here, so routes that only read "me" do not load the mailer.
 */
import { issueSession } from '#lib/session.ts';
import { getOrganisation, membershipsOf } from '#store/organisations.ts';
import { memberIdOf, type Role } from './organisation.ts';

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

/** A session for `orgId`, or undefined when the address is not (or no longer) a member there. */
export async function openSession(email: string, orgId: string, now = new Date()): Promise<{ cookie: string; me: Me } | undefined> {
  const me = await describe(email, orgId);
  if (!me) return undefined;
  const { cookie } = await issueSession(email, orgId, now);
  return { cookie, me };
}

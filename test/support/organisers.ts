/**
 * For integration tests: organisations and members made through the store, and their session
 * cookies made (and recorded) through the real session module, so a test can act as any role without
 * the mail round trip (test/integration/organiser-access.test.ts covers that round trip itself).
 */
import { randomUUID } from 'node:crypto';
import type { Role } from '#rules/organisation.ts';

export interface TestOrganiser {
  orgId: string;
  email: string;
  role: Role;
  /** The request header that carries the session: `{ cookie: '__Host-session=…' }`. */
  headers: Record<string, string>;
}

/**
 * The Cookie request header for a session of `email` in `orgId`, recorded on the server as a sign-in
 * records it (the address must be a member there).
 */
export async function sessionHeaders(email: string, orgId: string, now?: Date): Promise<Record<string, string>> {
  const { beginSession } = await import('#usecases/sessions.ts');
  const { SESSION_COOKIE } = await import('#lib/session.ts');
  const session = await beginSession(email, orgId, now);
  if (!session) throw new Error(`${email} is not a member of ${orgId}.`);
  return { cookie: `${SESSION_COOKIE}=${session.token}` };
}

/** A new organisation with an owner, signed in. */
export async function newOrganisation(name = 'Test Coalition'): Promise<TestOrganiser> {
  const { createOrganisation } = await import('#store/organisations.ts');
  const orgId = `org-${randomUUID().slice(0, 8)}`;
  const email = `owner-${orgId}@example.org`;
  if (!(await createOrganisation({ orgId, name, createdAt: new Date().toISOString() }, email))) {
    throw new Error(`Organisation ${orgId} exists already.`);
  }
  return { orgId, email, role: 'owner', headers: await sessionHeaders(email, orgId) };
}

/** Another member of an organisation, with the given role, signed in. */
export async function newMember(orgId: string, role: Role): Promise<TestOrganiser> {
  const { addMember } = await import('#store/organisations.ts');
  const email = `${role}-${randomUUID().slice(0, 8)}@example.org`;
  if (!(await addMember(orgId, email, role, 'test', new Date().toISOString()))) throw new Error('Member exists already.');
  return { orgId, email, role, headers: await sessionHeaders(email, orgId) };
}

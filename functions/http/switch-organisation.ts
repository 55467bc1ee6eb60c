/**
 * PUT /api/me/organisation — act for another organisation the signed-in address belongs to. The new
 * organisation gets a new session; the one left ends, like a sign-out.
 */
import { httpHandler, json, parseInput } from '#lib/http.ts';
import { notFound } from '#lib/errors.ts';
import { forbidden, requireOrganiser } from '#usecases/access.ts';
import { switchOrganisationSchema } from '#rules/organisation-schema.ts';
import { endSession, openSession } from '#usecases/sessions.ts';
import { membershipsOf } from '#store/organisations.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'viewer');
  if (organiser.via !== 'session') throw forbidden();
  const { organisation } = parseInput(switchOrganisationSchema, event.parsedBody);
  if (!(await membershipsOf(organiser.email)).some((m) => m.orgId === organisation)) throw notFound('Organisation');
  const session = await openSession(organiser.email, organisation);
  if (!session) throw notFound('Organisation');
  if (organiser.session) await endSession(organiser.session);
  const { cookie, me } = session;
  return { ...json<Answer<'switch-organisation'>>(200, me), cookies: [cookie] };
});

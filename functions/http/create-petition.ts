/**
 * POST /api/petitions — an organiser creates a campaign. Guarded by a single bearer token until
 * organiser sign-in arrives (issue #4).
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { httpHandler, json, parseInput, type HttpEvent } from '#lib/http.ts';
import { loadSecret } from '#lib/config.ts';
import { conflict, unauthorized } from '#lib/errors.ts';
import { DEFAULT_SIGNATURE_SHARDS, publicPetition } from '#domain/petition.ts';
import { newPetitionSchema } from '#domain/petition-schema.ts';
import { createPetition } from '#store/petitions.ts';

const digest = (value: string) => createHash('sha256').update(value).digest();
const organiserTokenDigest = digest(await loadSecret('ORGANISER_TOKEN'));

/** Constant-time comparison (of digests, so lengths never leak either). */
function isOrganiser(event: HttpEvent): boolean {
  const header = event.headers?.authorization ?? event.headers?.Authorization ?? '';
  const match = /^Bearer\s+(\S+)$/i.exec(header);
  return !!match && timingSafeEqual(digest(match[1]!), organiserTokenDigest);
}

export const handler = httpHandler(async (event) => {
  if (!isOrganiser(event)) throw unauthorized();
  const input = parseInput(newPetitionSchema, event.parsedBody);
  const now = new Date();
  const petition = {
    ...input,
    shards: DEFAULT_SIGNATURE_SHARDS,
    createdAt: now.toISOString(),
    updatedAt: now.toISOString(),
  };
  if (!(await createPetition(petition))) throw conflict('slug_taken', 'A campaign with this slug exists already.');
  return json(201, publicPetition(petition, 0, petition.createdAt, now), {
    location: `/api/petitions/${petition.slug}`,
  });
});

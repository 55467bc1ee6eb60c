/**
 * GET /api/org/campaigns/{slug}/exports — the campaign's exports, newest first, with their progress;
 * an outdated one says why, in the request's language.
 */
import { httpHandler, json, pathParam } from '#lib/http.ts';
import { stringsFor } from '#lib/language.ts';
import { requireCampaign, requireOrganiser } from '#domain/access.ts';
import { jobView } from '#domain/exports.ts';
import { listJobs } from '#store/jobs.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'viewer');
  const petition = await requireCampaign(organiser, pathParam(event, 'slug'));
  const now = new Date();
  const messages = stringsFor(event.lang).exports.outdated;
  return json(200, { exports: (await listJobs(petition.slug)).map((job) => jobView(job, now, messages)) });
});

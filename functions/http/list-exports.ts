/**
 * GET /api/org/campaigns/{slug}/exports — the campaign's exports, newest first, with their progress;
 * an outdated one says why, in the request's language.
 */
import { httpHandler, json, pathParam } from '#lib/http.ts';
import { stringsFor } from '#lib/language.ts';
import { requireOrganiser } from '#usecases/access.ts';
import { requireCampaign } from '#usecases/campaign-access.ts';
import { jobView } from '#rules/exports.ts';
import { listJobs } from '#store/jobs.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'viewer');
  const campaign = await requireCampaign(organiser, pathParam(event, 'slug'));
  const now = new Date();
  // A draft has none: jobs are kept by slug, and a draft's slug may be another organisation's campaign's.
  const jobs = campaign.status === 'draft' ? [] : await listJobs(campaign.slug);
  const messages = stringsFor(event.lang).exports.outdated;
  return json<Answer<'list-exports'>>(200, { exports: jobs.map((job) => jobView(job, now, messages)) });
});

/**
 * POST /api/org/campaigns/{slug}/exports — queues an export (CSV of the signers, or the delivery
 * dossier as PDF) and answers 202 with the job at once; the job runner does the work and the job
 * shows its progress. One export per campaign at a time: while one is queued or running, 409.
 */
import { httpHandler, json, parseInput, pathParam } from '#lib/http.ts';
import { conflict } from '#lib/errors.ts';
import { requireOrganiser } from '#usecases/access.ts';
import { requireCampaign } from '#usecases/campaign-access.ts';
import { jobView, newJobId, type Job } from '#rules/exports.ts';
import { startExportSchema } from '#rules/export-schema.ts';
import { getCount } from '#store/counts.ts';
import { createJob } from '#store/jobs.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'editor');
  const campaign = await requireCampaign(organiser, pathParam(event, 'slug'));
  const { format, translations, order, lang } = parseInput(startExportSchema, event.parsedBody);
  // A draft has no signatures, and its slug may be another organisation's campaign's: jobs are kept by slug.
  if (campaign.status === 'draft') throw conflict('draft', 'draftNoExport');
  const now = new Date();
  const job: Job = {
    id: newJobId(now),
    slug: campaign.slug,
    format,
    // Only the dossier prints texts; a CSV has none to translate.
    ...(format === 'pdf' && translations?.length ? { translations } : {}),
    // The dossier's words: in the language asked for, else (in the runner) the campaign's original.
    ...(format === 'pdf' && lang ? { lang } : {}),
    ...(format === 'pdf' ? { order: order ?? 'confirmed' } : {}),
    status: 'queued',
    rows: 0,
    // What the counter says now, so progress shows a goal from the first poll; the runner refreshes it.
    total: (await getCount(campaign.slug))?.count ?? 0,
    createdAt: now.toISOString(),
    createdBy: organiser.memberId,
    orgId: organiser.orgId,
  };
  if (!(await createJob(job))) {
    throw conflict('export_running', 'exportRunning');
  }
  return json<Answer<'start-export'>>(202, jobView(job, now), { location: `/api/org/campaigns/${campaign.slug}/exports/${job.id}` });
});

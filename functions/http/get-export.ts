/**
 * GET /api/org/campaigns/{slug}/exports/{jobId} — one export; once done, with a download link that
 * works for 15 minutes (ask again for a fresh one, for as long as the file is kept). Editors only:
 * the file holds the signers' names. An outdated export (a signer withdrew after it started reading,
 * or retention erased the campaign's personal data) gets no link, and says why and what to do.
 */
import { httpHandler, json, pathParam } from '#lib/http.ts';
import { stringsFor } from '#lib/language.ts';
import { notFound } from '#lib/errors.ts';
import { requireOrganiser } from '#usecases/access.ts';
import { requireCampaign } from '#usecases/campaign-access.ts';
import {
  DOWNLOAD_LINK_SECONDS,
  contentDisposition,
  downloadName,
  exportObjectKey,
  isDownloadable,
  isJobId,
  jobView,
} from '#rules/exports.ts';
import { downloadLink } from '#documents/download-link.ts';
import { getJob } from '#store/jobs.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'editor');
  const campaign = await requireCampaign(organiser, pathParam(event, 'slug'));
  const jobId = pathParam(event, 'jobId');
  // A draft has none (list-exports.ts says why).
  const job = isJobId(jobId) && campaign.status !== 'draft' ? await getJob(campaign.slug, jobId) : undefined;
  if (!job) throw notFound('Export');
  const now = new Date();
  const view = jobView(job, now, stringsFor(event.lang).exports.outdated);
  if (!isDownloadable(job, now)) return json<Answer<'get-export'>>(200, view);

  const name = downloadName(campaign.title, job);
  const url = await downloadLink(
    exportObjectKey(job),
    contentDisposition(name, `${campaign.slug}-${job.format === 'pdf' ? 'dossier' : 'signatures'}-${job.createdAt.slice(0, 10)}.${job.format}`),
    DOWNLOAD_LINK_SECONDS,
  );
  const expiresAt = new Date(now.getTime() + DOWNLOAD_LINK_SECONDS * 1000).toISOString();
  return json<Answer<'get-export'>>(200, { ...view, download: { url, expiresAt } });
});

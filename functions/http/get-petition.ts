/**
 * GET /api/petitions/{slug} — one campaign with its count, co-signers and (once delivered) its
 * delivery; the text also as safe HTML. Drafts do not exist for the public.
 */
import { httpHandler, json, pathParam } from '#lib/http.ts';
import { notFound } from '#lib/errors.ts';
import { campaignTextHtml } from '#domain/campaign-text.ts';
import { publicPetition } from '#domain/petition.ts';
import { getPetitionPage } from '#store/petitions.ts';

export const handler = httpHandler(async (event) => {
  const found = await getPetitionPage(pathParam(event, 'slug'));
  if (!found || found.petition.status === 'draft') throw notFound();
  const { petition, count, cosigners } = found;
  return json(
    200,
    { ...publicPetition(petition, count.count, count.asOf, new Date(), cosigners), textHtml: campaignTextHtml(petition.text) },
    { 'cache-control': 'public, max-age=5, s-maxage=5' },
  );
});

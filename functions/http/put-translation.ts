/**
 * PUT /api/org/campaigns/{slug}/translations/{lang} — add or replace the translation of a campaign's
 * title and text into one of the interface languages (not the original's). Answers the campaign.
 */
import { httpHandler, json, parseInput, pathParam } from '#lib/http.ts';
import { requireOrganiser } from '#usecases/access.ts';
import { requireCampaign } from '#usecases/campaign-access.ts';
import { campaignView, saveTranslation } from '#usecases/campaigns.ts';
import { translationSchema } from '#rules/campaign-schema.ts';
import { translationLanguage } from '#rules/translations.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'editor');
  const campaign = await requireCampaign(organiser, pathParam(event, 'slug'));
  const lang = translationLanguage(pathParam(event, 'lang'));
  const input = parseInput(translationSchema, event.parsedBody);
  return json<Answer<'put-translation'>>(200, await campaignView(await saveTranslation(organiser, campaign, lang, input)));
});

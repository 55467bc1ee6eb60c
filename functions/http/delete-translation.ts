/** DELETE /api/org/campaigns/{slug}/translations/{lang} — remove a translation. Answers the campaign. */
import { httpHandler, json, pathParam } from '#lib/http.ts';
import { requireOrganiser } from '#usecases/access.ts';
import { requireCampaign } from '#usecases/campaign-access.ts';
import { campaignView, removeTranslation } from '#usecases/campaigns.ts';
import { translationLanguage } from '#rules/translations.ts';
import type { Answer } from '#openapi/operations.ts';

export const handler = httpHandler(async (event) => {
  const organiser = await requireOrganiser(event, 'editor');
  const campaign = await requireCampaign(organiser, pathParam(event, 'slug'));
  return json<Answer<'delete-translation'>>(200, await campaignView(await removeTranslation(campaign, translationLanguage(pathParam(event, 'lang')))));
});

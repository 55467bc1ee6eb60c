/**
 * GET /api/campaigns/{slug} — one campaign with its count, co-signers and (once delivered) its
 * delivery; the text also as safe HTML. Drafts do not exist for the public.
 *
 * In the reader's language when the campaign has a translation into it (`?lang=`, else
 * Accept-Language), else in the original; `language`, `originalLanguage` and `languages` say which.
 */
import { httpHandler, json, pathParam } from '#lib/http.ts';
import { requireEnv } from '#lib/config.ts';
import { notFound } from '#lib/errors.ts';
import { campaignTextHtml } from '#rules/campaign-text.ts';
import { publicCampaign } from '#rules/campaign.ts';
import { campaignPageUrl } from '#rules/campaign-paths.ts';
import { DEFAULT_CAMPAIGN_LANGUAGE, availableLanguages, pickLanguage } from '#rules/translations.ts';
import { getCampaignPage, getTranslation } from '#store/campaigns.ts';

/** The site's address, for the answer's `url` (the campaign's published page). */
const siteUrl = requireEnv('SITE_URL');

export const handler = httpHandler(async (event) => {
  const found = await getCampaignPage(pathParam(event, 'slug'));
  if (!found || found.campaign.status === 'draft') throw notFound();
  const { campaign, count, cosigners } = found;
  const original = campaign.language ?? DEFAULT_CAMPAIGN_LANGUAGE;
  const translated = campaign.translatedInto ?? [];
  const pick = pickLanguage(original, translated, {
    query: event.queryStringParameters?.lang,
    acceptLanguage: event.headers?.['accept-language'],
  });
  // Read only when there is one to read; gone meanwhile (removed a moment ago) → the original.
  // The organisation comes from its public profile's copy on the campaign (publicCampaign): this route
  // is not given the organisations table, where members' addresses are.
  const translation = pick.language !== original ? await getTranslation(campaign.slug, pick.language) : undefined;
  const shown = translation ? { title: translation.title, text: translation.text, language: pick.language } : { title: campaign.title, text: campaign.text, language: original };
  return json(
    200,
    {
      ...publicCampaign(campaign, count.count, count.asOf, new Date(), cosigners),
      title: shown.title,
      text: shown.text,
      // Rendered per text; the renderer's cache keys on the markdown, so each language is cached apart.
      textHtml: campaignTextHtml(shown.text),
      language: shown.language,
      originalLanguage: original,
      languages: availableLanguages(original, translated),
      url: campaignPageUrl(siteUrl, campaign.slug, shown.language, original),
    },
    {
      // The CDN keys on `?lang=` but not on Accept-Language: an answer the header chose (of a campaign
      // that has translations) stays out of shared caches.
      'cache-control':
        pick.from === 'query' || translated.length === 0 ? 'public, max-age=5, s-maxage=5' : 'private, max-age=5',
      ...(pick.from !== 'query' && translated.length > 0 ? { vary: 'Accept-Language' } : {}),
    },
  );
});

/**
 * GET /api/campaigns/{slug} — one campaign with its count, co-signers and (once delivered) its
 * delivery; the text also as safe HTML. Drafts do not exist for the public.
 *
 * The HTML is the rendering stored when the text was written (#rules/rendered-text.ts), read with what
 * this reads anyway; while there is none for the text shown (just edited), a plain escaped fallback.
 * This function never carries the markdown renderer (issue #16: its cold start).
 *
 * In the reader's language when the campaign has a translation into it (`?lang=`, else
 * Accept-Language), else in the original; `language`, `originalLanguage` and `languages` say which.
 */
import { httpHandler, json, pathParam } from '#lib/http.ts';
import { requireEnv } from '#lib/config.ts';
import { notFound } from '#lib/errors.ts';
import { shownTextHtml } from '#rules/rendered-text.ts';
import { publicCampaign } from '#rules/campaign.ts';
import { campaignPageUrl } from '#rules/campaign-paths.ts';
import { DEFAULT_CAMPAIGN_LANGUAGE, availableLanguages, pickLanguage } from '#rules/translations.ts';
import { getCampaignPage, getTranslationWithHtml } from '#store/campaigns.ts';

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
  // The translation and its rendering in one BatchGetItem; the original's rendering came with the page.
  const reading = pick.language !== original ? await getTranslationWithHtml(campaign.slug, pick.language) : undefined;
  const shown = reading
    ? { title: reading.translation.title, text: reading.translation.text, language: pick.language, html: reading.html }
    : { title: campaign.title, text: campaign.text, language: original, html: found.html };
  return json(
    200,
    {
      ...publicCampaign(campaign, count.count, count.asOf, new Date(), cosigners),
      title: shown.title,
      text: shown.text,
      // Stored HTML only if rendered from this very text under the current rules, else the plain fallback.
      textHtml: shownTextHtml(shown.text, shown.html),
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

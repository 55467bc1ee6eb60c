/**
 * Publishes a campaign's static pages (issue #17, item 1): one per language it can be read in, made
 * from the deployed page shell, in the site bucket under `c/<slug>/`, so the CDN serves them with
 * per-campaign titles, descriptions and OpenGraph tags and crawlers see the text and the count.
 *
 * Always from the campaign as it is now (read again, whatever record announced the change), so a
 * batch delivered twice, or late, writes the same pages again: idempotent. What is published mirrors
 * GET /api/campaigns/{slug}: a draft (or a campaign that is gone) has no page, and any it had are
 * deleted; an open, closed or delivered one has pages saying so.
 *
 * The count alone moving republishes at most once a minute per campaign (COUNT_REFRESH_MS): the
 * publisher looks at when the original's page was last written and leaves it if that was less than a
 * minute ago. The page's script shows the live count anyway; what can lag is what a crawler sees,
 * until the next change after that minute.
 *
 * It also stores each text's rendering (HTML) beside the text, where the public routes read it
 * (#rules/rendered-text.ts): they do not carry the renderer. Written only when the stored one was made
 * from another text or under older rules, so publishing again writes nothing, and its stream records
 * (keys HTML, TRANSLATED-HTML#) are not among those this publisher listens to: no loop.
 */
import { format, loadStrings, type Language } from '#lib/language.ts';
import { publicStatus } from '#rules/campaign.ts';
import { renderedText } from '#rules/campaign-text.ts';
import { isCurrent, type StoredTextHtml } from '#rules/rendered-text.ts';
import { allPageKeys, pageKey } from '#rules/campaign-paths.ts';
import { DEFAULT_CAMPAIGN_LANGUAGE, availableLanguages } from '#rules/translations.ts';
import { renderCampaignPage } from '#documents/campaign-page.ts';
import { deletePages, publishedAt, putPage, readShell } from '#documents/site-bucket.ts';
import { allCampaigns, getCampaignPage, getTranslationWithHtml, putTextHtml } from '#store/campaigns.ts';

/** The goal's percentage as the page shows it (web/src/ui/progress.ts displayPercent): 1–99 until reached. */
export function displayPercent(count: number, goal: number): number {
  if (!(goal > 0) || !(count > 0)) return 0;
  const p = (count / goal) * 100;
  return p >= 100 ? 100 : Math.min(99, Math.max(1, Math.floor(p)));
}

/** The least time between two publications for the count alone. */
export const COUNT_REFRESH_MS = 60_000;

export type Published = 'published' | 'removed' | 'unchanged';

export interface PublishOptions {
  siteUrl: string;
  /** Only the count moved: republish unless the page was written less than COUNT_REFRESH_MS ago. */
  countOnly?: boolean;
  now?: Date;
}

export async function publishCampaignPages(slug: string, options: PublishOptions): Promise<Published> {
  const now = options.now ?? new Date();
  const found = await getCampaignPage(slug);
  if (!found || found.campaign.status === 'draft') {
    await deletePages(allPageKeys(slug));
    return 'removed';
  }
  if (options.countOnly) {
    const at = await publishedAt(pageKey(slug));
    if (at && now.getTime() - at.getTime() < COUNT_REFRESH_MS) return 'unchanged';
  }
  const { campaign, count } = found;
  const original = (campaign.language ?? DEFAULT_CAMPAIGN_LANGUAGE) as Language;
  const languages = availableLanguages(original, campaign.translatedInto ?? []);
  const shell = await readShell(now.getTime());
  const status = publicStatus(campaign, now);

  const written = await Promise.all(
    languages.map(async (language) => {
      // A translation removed meanwhile: no page for it (the next record brings the list up to date).
      const translated = language === original ? undefined : await getTranslationWithHtml(slug, language);
      const shown = language === original ? campaign : translated?.translation;
      if (!shown) return undefined;
      const textHtml = await storedTextHtml(slug, language === original ? undefined : language, shown.text, language === original ? found.html : translated?.html);
      const strings = await loadStrings(language);
      const html = renderCampaignPage(shell, {
        siteUrl: options.siteUrl,
        slug,
        language,
        originalLanguage: original,
        languages,
        title: shown.title,
        textHtml,
        count: count.count,
        status,
        kind: campaign.kind,
        targets: campaign.targets.map(({ name, office }) => ({ name, ...(office ? { office } : {}) })),
        words: {
          appName: strings.campaignPage.appName,
          countText: format(language, strings.campaignPage.signatures, { count: count.count }),
          countNumber: new Intl.NumberFormat(language).format(count.count),
          countWord: format(language, strings.campaignPage.signaturesWord, { count: count.count }),
          kindLabel: strings.campaignPage.kind[campaign.kind],
          addressedTo: strings.campaignPage.addressedTo,
          ...(campaign.goal > 0
            ? { goalText: format(language, strings.campaignPage.goalLine, { percent: displayPercent(count.count, campaign.goal), goal: campaign.goal }) }
            : {}),
          ...(status === 'delivered' ? { closedNotice: strings.campaignPage.delivered } : status === 'closed' ? { closedNotice: strings.campaignPage.closed } : {}),
        },
      });
      const key = language === original ? pageKey(slug) : pageKey(slug, language);
      await putPage(key, html);
      return key;
    }),
  );
  // Pages of languages it no longer has (a translation removed, the original relabelled).
  if (!options.countOnly) {
    const kept = new Set(written);
    await deletePages(allPageKeys(slug).filter((key) => !kept.has(key)));
  }
  return 'published';
}

/** A text's HTML: the stored rendering when current, else rendered now and stored for the read routes. */
async function storedTextHtml(slug: string, lang: Language | undefined, text: string, stored: StoredTextHtml | undefined): Promise<string> {
  if (isCurrent(stored, text)) return stored.html;
  const rendered = renderedText(text);
  await putTextHtml(slug, lang, rendered);
  return rendered.html;
}

/**
 * Every campaign's pages again: after a deploy that changed the page shell, and for campaigns that
 * existed before pages were published (`npm run pages:publish`; the local stack on start). It stores
 * their texts' renderings too, so this is also how stored HTML of older RENDER_RULES is replaced.
 */
export async function republishAll(siteUrl: string, onEach?: (slug: string, result: Published) => void): Promise<number> {
  let n = 0;
  for await (const campaign of allCampaigns()) {
    if (campaign.privateDraft) continue;
    onEach?.(campaign.slug, await publishCampaignPages(campaign.slug, { siteUrl }));
    n += 1;
  }
  return n;
}

/**
 * Finding campaigns (GET /api/campaigns, issue #17): one shelf of the public list (open, or the
 * archive of closed and delivered campaigns), searched and filtered, a page at a time.
 *
 * Only what the public list showed before is ever a candidate: META items on the byStatus index's
 * `open` or `archive` shelf, which a draft never carries (#store/campaigns.ts). A filter or a search
 * only removes candidates, so no value of `q`, `org`, `country` or `kind` can reach a draft or
 * another organisation's unpublished campaign.
 *
 * Cost: one Query of the shelf (the archive also reads the open shelf, for campaigns whose deadline
 * passed), filtered in memory, then one BatchGetItem of the page's counters. The organisation's name
 * and country come from its public profile's copy on each campaign: no public route reads the
 * organisations table. See the README ("Finding campaigns") for the read units per request.
 */
import { isOpenForSigning, publicDelivery, publicStatus, closedSince, type Campaign } from '#rules/campaign.ts';
import { comesBefore, decodeCursor, pageOf, searchWords, titlesMatch } from '#rules/campaign-finding.ts';
import { FIND_LIMITS, type ListShelf } from '#rules/limits.ts';
import { DEFAULT_CAMPAIGN_LANGUAGE, type CampaignLanguage } from '#rules/translations.ts';
import type { PublicCampaignQuery } from '#rules/campaign-schema.ts';
import { countsOf, listShelf, translatedTitlesOf } from '#store/campaigns.ts';

/**
 * The most campaigns one shelf is read to (per request): beyond it the oldest are not listed. At
 * ~2 KB a META item that is ~4 MB, 4 Query pages, ~500 read units; see the README.
 */
export const SHELF_CAP = 2000;

export interface FoundCampaign {
  slug: string;
  kind: Campaign['kind'];
  title: string;
  language: CampaignLanguage;
  targets: { name: string; office?: string }[];
  goal: number;
  count: number;
  status: 'open' | 'closed' | 'delivered';
  organisation?: { id: string; name: string };
  closedAt?: string;
  delivery?: ReturnType<typeof publicDelivery>;
}

export async function findCampaigns(
  query: PublicCampaignQuery,
  reader: CampaignLanguage | undefined,
  now: Date,
): Promise<{ items: FoundCampaign[]; cursor?: string }> {
  const shelf: ListShelf = query.status ?? 'open';
  const size = query.limit ? Number(query.limit) : FIND_LIMITS.pageDefault;
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const words = searchWords(query.q ?? '');

  // Open shelf: what still takes signatures. Archive: closed and delivered, and open ones whose
  // deadline passed (the public is told they are closed).
  const candidates =
    shelf === 'open'
      ? (await listShelf('open', SHELF_CAP)).filter((c) => isOpenForSigning(c, now))
      : [
          ...(await listShelf('archive', SHELF_CAP)),
          ...(await listShelf('open', SHELF_CAP)).filter((c) => !isOpenForSigning(c, now)),
        ];

  const matching = candidates
    .filter((c) => (query.kind ? c.kind === query.kind : true))
    .filter((c) => (query.org ? c.orgId === query.org : true))
    // The organisation's country, from its public profile's copy on the campaign (#rules/campaign.ts).
    .filter((c) => (query.country ? c.organisation?.country === query.country : true))
    .filter((c) => titlesMatch(words, [c.title, ...Object.values(translatedTitlesOf(c))]))
    .sort((a, b) => (comesBefore(a, b) ? -1 : comesBefore(b, a) ? 1 : 0));

  const { page, next } = pageOf(matching, size, after);
  const counts = await countsOf(page.map((c) => c.slug));

  const items = page.map((c): FoundCampaign => {
    const original = c.language ?? DEFAULT_CAMPAIGN_LANGUAGE;
    const translated = reader && reader !== original ? translatedTitlesOf(c)[reader] : undefined;
    const organisation = c.organisation;
    const status = publicStatus(c, now);
    const closed = status === 'open' ? undefined : closedSince(c, now);
    return {
      slug: c.slug,
      kind: c.kind,
      title: translated ?? c.title,
      language: translated && reader ? reader : original,
      targets: c.targets.map(({ name, office }) => ({ name, ...(office ? { office } : {}) })),
      goal: c.goal,
      count: counts.get(c.slug) ?? 0,
      status,
      ...(organisation?.name && c.orgId ? { organisation: { id: c.orgId, name: organisation.name } } : {}),
      ...(closed ? { closedAt: closed.toISOString() } : {}),
      ...(status === 'delivered' && c.delivery ? { delivery: publicDelivery(c.delivery) } : {}),
    };
  });
  return { items, ...(next ? { cursor: next } : {}) };
}

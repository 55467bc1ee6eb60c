/**
 * Keeps a campaign's share card current (issue #17, item 2): reads the campaign, its confirmed count
 * and what its card last showed; draws and publishes a new card when something it shows changed,
 * at once for the title, target, goal or status, at most once per CARD_THROTTLE_MS for the count
 * alone (rules/share-card.ts decideCard). A redelivered record, or a change the card does not show,
 * finds nothing to draw. Drafts get no card.
 */
import { isLanguage } from '#lib/language.ts';
import { renderCard } from '#documents/share-card.ts';
import { putCard } from '#documents/site-bucket.ts';
import { cardContent, cardText, decideCard, type CardDecision } from '#rules/share-card.ts';
import { openCampaignSlugs, readCardInputs, recordCard } from '#store/share-cards.ts';

export type CardOutcome = CardDecision | 'no-card';

export async function refreshShareCard(slug: string, now: () => Date = () => new Date()): Promise<CardOutcome> {
  const { campaign, confirmed, last } = await readCardInputs(slug);
  const content = campaign ? cardContent(campaign, confirmed, isLanguage) : undefined;
  if (!content) return 'no-card';
  const at = now().getTime();
  const decision = decideCard(last, content, at);
  if (decision !== 'render') return decision;
  const png = await renderCard(content);
  await putCard(slug, png);
  // Recorded after the card is published: if this fails, the batch comes again and draws it again.
  await recordCard(slug, { text: cardText(content), count: content.count, renderedAt: at }, last);
  return 'render';
}

/**
 * Every open campaign's card brought up to date, as the stream would have: what the throttle held
 * back (the count moved within CARD_THROTTLE_MS of the last drawing, then stopped) is drawn once the
 * throttle has passed, and a campaign opened before cards existed gets its first. Nothing changed:
 * nothing drawn. Outcomes by kind; a campaign that fails is counted and the others go on.
 */
export async function refreshOpenShareCards(now: () => Date = () => new Date()): Promise<Partial<Record<CardOutcome | 'failed', number>>> {
  const outcomes: Partial<Record<CardOutcome | 'failed', number>> = {};
  for await (const slug of openCampaignSlugs()) {
    const outcome = await refreshShareCard(slug, now).catch(() => 'failed' as const);
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
  }
  return outcomes;
}

/**
 * The share card of a campaign (issue #17, item 2): what it shows, where it is published, and when it
 * is drawn again. Pure: the drawing is documents/share-card.ts, the reading and publishing
 * usecases/share-cards.ts.
 *
 * A card shows the campaign's original title, its first target, the confirmed count, the goal and a
 * bar: never a name, never anything about one signer. Drafts have no card (their title is private).
 */
import type { Language } from '#lib/language.ts';

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

/**
 * A card whose only change is its count is drawn again at most once per this many milliseconds per
 * campaign. A change to the title, target, goal or status is drawn at once.
 */
export const CARD_THROTTLE_MS = 5 * 60_000;

/**
 * Cache-Control of the published PNG: as long as the throttle, so neither the CDN nor a browser holds
 * a card much longer than it takes to be drawn again. (Link previews keep their own copy as they like.)
 */
export const CARD_CACHE_CONTROL = 'public, max-age=300';

/** The object key of a campaign's card in the site bucket, served at `/c/<slug>/card.png`. */
export function cardKey(slug: string): string {
  return `c/${slug}/card.png`;
}

/** The statuses a card is drawn for: the public ones. */
export type CardStatus = 'open' | 'closed' | 'delivered';

/** Everything a card shows. Two equal contents draw the same picture. */
export interface CardContent {
  /** The campaign's original language: the labels' language (the title is in it). */
  lang: Language;
  title: string;
  /** The first target's name (office in brackets when given). */
  target: string;
  /** Targets besides the first, shown as "+ N". */
  moreTargets: number;
  /** Confirmed signatures only. */
  count: number;
  goal: number;
  status: CardStatus;
}

interface CampaignFields {
  status: string;
  language?: string;
  title: string;
  goal: number;
  targets: readonly { name: string; office?: string }[];
  privateDraft?: true;
}

/** What the card of a campaign shows now, or undefined when it must have none (a draft). */
export function cardContent(campaign: CampaignFields, confirmed: number, isLanguage: (lang: unknown) => lang is Language): CardContent | undefined {
  if (campaign.privateDraft || (campaign.status !== 'open' && campaign.status !== 'closed' && campaign.status !== 'delivered')) return undefined;
  const [first, ...rest] = campaign.targets;
  const target = first ? (first.office ? `${first.name} (${first.office})` : first.name) : '';
  return {
    lang: isLanguage(campaign.language) ? campaign.language : 'en',
    title: campaign.title,
    target,
    moreTargets: rest.length,
    count: Math.max(0, Math.floor(confirmed)),
    goal: campaign.goal,
    status: campaign.status,
  };
}

/** The part of a card that is drawn at once when it changes: everything but the count. */
export function cardText(content: CardContent): string {
  const { count: _count, ...text } = content;
  return JSON.stringify([text.lang, text.title, text.target, text.moreTargets, text.goal, text.status]);
}

/** What was last drawn for a campaign (its CARD item). */
export interface RenderedCard {
  text: string;
  count: number;
  /** Epoch milliseconds. */
  renderedAt: number;
}

export type CardDecision = 'render' | 'unchanged' | 'throttled';

/**
 * Whether to draw a campaign's card now. Nothing visible changed (a redelivered batch, a counter
 * update that moved only `pending`, a translation added): unchanged. Only the count moved, within the
 * throttle of the last drawing: throttled. Anything else: render.
 */
export function decideCard(last: RenderedCard | undefined, next: CardContent, now: number, throttleMs = CARD_THROTTLE_MS): CardDecision {
  if (!last) return 'render';
  if (last.text !== cardText(next)) return 'render';
  if (last.count === next.count) return 'unchanged';
  return now - last.renderedAt < throttleMs ? 'throttled' : 'render';
}

/** The bar's filled share, 0 to 1 (a campaign past its goal shows a full bar). */
export function progressShare(count: number, goal: number): number {
  if (!(goal > 0)) return 0;
  return Math.min(1, Math.max(0, count / goal));
}

/** Font size and most lines of the title, by its length in characters: short titles are big. */
export function titleLayout(title: string): { fontSize: number; maxLines: number } {
  const length = [...title].length;
  if (length <= 40) return { fontSize: 68, maxLines: 2 };
  if (length <= 80) return { fontSize: 56, maxLines: 3 };
  if (length <= 130) return { fontSize: 44, maxLines: 4 };
  return { fontSize: 40, maxLines: 4 };
}

/** The title box: the title is clamped to this height (ellipsis on its last line). */
export const TITLE_BOX = { top: 120, height: 240 } as const;

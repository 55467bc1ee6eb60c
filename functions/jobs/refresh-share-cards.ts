/**
 * Share cards the stream left behind (issue #17, item 2): draw-share-cards draws a card as the count
 * moves, at most once per CARD_THROTTLE_MS, so the last moves of a campaign that then goes quiet wait
 * for this job, which brings every open campaign's card up to date on a schedule (#usecases/share-cards.ts).
 * It also draws the first card of campaigns opened before cards existed. Safe to run at any time, and
 * twice: a card that shows what it should is left alone.
 *
 * Runs on an EventBridge schedule in AWS (functions/routes.ts). A campaign whose card fails is logged
 * by count and tried again at the next run; the run fails (and the schedule's retries and dead-letter
 * queue take over) only when every card it tried failed.
 */
import middy from '@middy/core';
import { logger } from '#lib/logger.ts';
import { refreshOpenShareCards } from '#usecases/share-cards.ts';

async function refreshShareCards(): Promise<void> {
  const outcomes = await refreshOpenShareCards();
  logger.info('share cards refreshed', outcomes);
  const tried = Object.values(outcomes).reduce((n, k) => n + (k ?? 0), 0);
  if (outcomes.failed && outcomes.failed === tried) throw new Error(`All ${tried} share card(s) failed.`);
}

export const handler = middy<unknown, void>().handler(refreshShareCards);

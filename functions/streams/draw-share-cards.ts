/**
 * DynamoDB Streams consumer of the petitions table: keeps each campaign's share card current
 * (#usecases/share-cards.ts). Lambda delivers only changes of a campaign (META) or of its counter
 * (COUNT) (an event filter, functions/routes.ts; the local poller applies the same). A batch names
 * each campaign once, however many of its records it holds; what the card shows is read afresh, so
 * the records' order and their redelivery do not matter.
 *
 * Cards are drawn one after another (each is CPU work: a few hundred milliseconds). When any fails,
 * the batch fails after the others are done and is delivered again: those drawn meanwhile then find
 * nothing changed.
 */
import middy from '@middy/core';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '#lib/logger.ts';
import { refreshShareCard, type CardOutcome } from '#usecases/share-cards.ts';

/** A private draft's partition (#store/campaigns.ts): it has no public slug and no card. */
const PRIVATE_DRAFT = 'DRAFT#';

/** The campaigns a batch is about, each once, in the order they first appear. */
export function campaignsOf(event: DynamoDBStreamEvent): string[] {
  const slugs = new Set<string>();
  for (const record of event.Records) {
    const pk = record.dynamodb?.Keys?.pk?.S;
    const sk = record.dynamodb?.Keys?.sk?.S;
    if (!pk || pk.startsWith(PRIVATE_DRAFT) || (sk !== 'META' && sk !== 'COUNT') || record.eventName === 'REMOVE') continue;
    slugs.add(pk);
  }
  return [...slugs];
}

async function drawShareCards(event: DynamoDBStreamEvent): Promise<void> {
  const outcomes: Partial<Record<CardOutcome | 'failed', number>> = {};
  const failed: { slug: string; reason: unknown }[] = [];
  for (const slug of campaignsOf(event)) {
    try {
      const outcome = await refreshShareCard(slug);
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    } catch (reason) {
      outcomes.failed = (outcomes.failed ?? 0) + 1;
      failed.push({ slug, reason });
    }
  }
  logger.info('share cards', { records: event.Records.length, ...outcomes });
  if (failed.length > 0) {
    for (const { slug, reason } of failed) {
      logger.error('share card not drawn', { slug, errorName: (reason as Error)?.name, errorMessage: (reason as Error)?.message });
    }
    throw new Error(`${failed.length} share card(s) not drawn; the batch will be delivered again.`);
  }
}

export const handler = middy<DynamoDBStreamEvent, void>().handler(drawShareCards);

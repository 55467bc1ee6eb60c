/**
 * DynamoDB Streams consumer of the signatures table: when confirmed signers are removed (withdrawn),
 * their campaigns' exports made before are outdated and their files deleted (#jobs/outdate-exports.ts).
 * Lambda delivers only REMOVEs of confirmed items (an event filter, functions/routes.ts; the local
 * poller applies the same); #domain/signer-removals.ts checks again.
 *
 * If any campaign fails the whole batch fails, and Lambda (or the local poller) delivers it again;
 * doing the rest again is harmless.
 */
import middy from '@middy/core';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '#lib/logger.ts';
import { holdsUntil } from '#domain/exports.ts';
import { latestRemovals } from '#domain/signer-removals.ts';
import { outdateExports } from '#jobs/outdate-exports.ts';

async function outdate(event: DynamoDBStreamEvent): Promise<void> {
  const handledAt = Date.now();
  const removals = [...latestRemovals(event.Records, handledAt)];
  const results = await Promise.allSettled(removals.map(([slug, at]) => outdateExports(slug, 'withdrawal', holdsUntil(at, handledAt))));
  const failed = results.flatMap((result, i) => (result.status === 'rejected' ? [{ slug: removals[i]![0], reason: result.reason }] : []));
  for (const { slug, reason } of failed) {
    logger.error('outdating exports failed', { slug, errorName: (reason as Error)?.name, errorMessage: (reason as Error)?.message });
  }
  if (failed.length > 0) throw new Error(`Outdating exports failed for ${failed.length} campaign(s); the batch will be delivered again.`);
}

export const handler = middy<DynamoDBStreamEvent, void>().handler(outdate);

/**
 * DynamoDB Streams consumer of the signatures table: turns a batch of signature changes into one
 * counter update per campaign. Safe to run twice on the same batch (see #store/counts.ts). If any
 * campaign's update fails the whole batch fails, and Lambda (or the local poller) delivers it again;
 * the campaigns that did succeed are then skipped by their watermarks.
 */
import middy from '@middy/core';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { logger } from '#lib/logger.ts';
import type { SignatureChange } from '#rules/counts.ts';
import { toChange } from '#store/signature-changes.ts';
import { applyChanges } from '#store/counts.ts';

async function countSignatures(event: DynamoDBStreamEvent): Promise<void> {
  const bySlug = new Map<string, SignatureChange[]>();
  for (const record of event.Records) {
    const change = toChange(record);
    if (!change) continue;
    const list = bySlug.get(change.slug) ?? [];
    list.push(change);
    bySlug.set(change.slug, list);
  }

  const slugs = [...bySlug.keys()];
  const results = await Promise.allSettled(slugs.map((slug) => applyChanges(slug, bySlug.get(slug)!)));
  const failed = results.flatMap((result, i) => (result.status === 'rejected' ? [{ slug: slugs[i], reason: result.reason }] : []));
  logger.info('batch counted', {
    records: event.Records.length,
    campaigns: slugs.length,
    applied: results.reduce((n, r) => n + (r.status === 'fulfilled' ? r.value : 0), 0),
    failed: failed.length,
  });
  if (failed.length > 0) {
    for (const { slug, reason } of failed) {
      logger.error('counter update failed', { slug, errorName: (reason as Error)?.name, errorMessage: (reason as Error)?.message });
    }
    throw new Error(`Counting failed for ${failed.length} campaign(s); the batch will be delivered again.`);
  }
}

export const handler = middy<DynamoDBStreamEvent, void>().handler(countSignatures);

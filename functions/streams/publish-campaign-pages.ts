/**
 * DynamoDB Streams consumer of the petitions table: publishes each campaign's static pages
 * (#usecases/publish-pages.ts) when it opens or changes, and refreshes their count, at most once a
 * minute, when its counter moves. Lambda delivers only the records of META (the campaign: title, text,
 * status, its translations' list), TRANSLATION# and COUNT items (event filters, functions/routes.ts;
 * the local poller applies the same); the check below keeps the handler to them however it is called.
 * So the texts' HTML renderings the publisher stores (keys HTML, TRANSLATED-HTML#) start nothing.
 *
 * A private draft's records (partition `DRAFT#…`) are passed over: a draft is never published. Each
 * campaign is published from what it is now, so a batch delivered again writes the same files. If one
 * campaign fails, the others are done first, then the batch fails and comes again.
 */
import middy from '@middy/core';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { requireEnv } from '#lib/config.ts';
import { logger } from '#lib/logger.ts';
import { publishCampaignPages, type Published } from '#usecases/publish-pages.ts';

const siteUrl = requireEnv('SITE_URL').replace(/\/+$/, '');

/** Campaigns published at once: each is a few reads and a few small PUTs. */
const AT_ONCE = 5;

/** What a record asks of a campaign: `change` (republish) or `count` (refresh, throttled). */
export function pageWorkOf(record: DynamoDBRecord): { slug: string; work: 'change' | 'count' } | undefined {
  const pk = record.dynamodb?.Keys?.pk?.S;
  const sk = record.dynamodb?.Keys?.sk?.S;
  if (!pk || !sk || pk.startsWith('DRAFT#')) return undefined;
  if (sk === 'META' || sk.startsWith('TRANSLATION#')) return { slug: pk, work: 'change' };
  if (sk === 'COUNT' && record.eventName !== 'REMOVE') return { slug: pk, work: 'count' };
  return undefined;
}

async function publishPages(event: DynamoDBStreamEvent): Promise<void> {
  const work = new Map<string, 'change' | 'count'>();
  for (const record of event.Records) {
    const found = pageWorkOf(record);
    if (found && work.get(found.slug) !== 'change') work.set(found.slug, found.work);
  }
  const outcomes: Partial<Record<Published | 'failed', number>> = {};
  let failure: unknown;
  const slugs = [...work.keys()];
  for (let i = 0; i < slugs.length; i += AT_ONCE) {
    const results = await Promise.allSettled(
      slugs.slice(i, i + AT_ONCE).map((slug) => publishCampaignPages(slug, { siteUrl, countOnly: work.get(slug) === 'count' })),
    );
    results.forEach((result, j) => {
      const outcome = result.status === 'fulfilled' ? result.value : 'failed';
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      if (result.status === 'rejected') {
        failure ??= result.reason;
        logger.error('campaign pages not published', { slug: slugs[i + j], errorName: (result.reason as Error)?.name, errorMessage: (result.reason as Error)?.message });
      }
    });
  }
  logger.info('campaign pages', { records: event.Records.length, campaigns: slugs.length, ...outcomes });
  if (failure !== undefined) throw new Error(`${outcomes.failed} campaign(s) not published; the batch will be delivered again.`);
}

export const handler = middy<DynamoDBStreamEvent, void>().handler(publishPages);

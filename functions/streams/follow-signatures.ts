/**
 * DynamoDB Streams consumer of the signatures table: what follows a signature off the request path.
 * Lambda delivers it only the INSERTs of submissions and the REMOVEs of confirmed signatures (event
 * filters, functions/routes.ts; the local poller applies the same), and each part checks again:
 *
 * - every new submission is answered by mail (#usecases/submissions.ts);
 * - a confirmed signer's removal outdates the campaign's exports made before it and deletes their
 *   files (functions/usecases/outdate-exports.ts).
 *
 * One function for both because the table's stream serves two readers without throttling, and the
 * counter (count-signatures) is the other. The two parts run side by side, so a mail never waits on
 * exports; if either fails, the batch fails after both are done and comes again, and each part skips
 * what it had done.
 */
import middy from '@middy/core';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { loadSecret, requireEnv } from '#lib/config.ts';
import { answerNewSubmissions, type MailerConfig } from '#usecases/submissions.ts';
import { outdateForRemovals } from '#usecases/outdate-exports.ts';

const config: MailerConfig = { hashKey: await loadSecret('HASH_KEY'), siteUrl: requireEnv('SITE_URL').replace(/\/+$/, '') };

async function followSignatures(event: DynamoDBStreamEvent): Promise<void> {
  const results = await Promise.allSettled([answerNewSubmissions(event.Records, config), outdateForRemovals(event.Records)]);
  const failed = results.filter((result) => result.status === 'rejected');
  if (failed.length > 0) throw (failed[0] as PromiseRejectedResult).reason;
}

export const handler = middy<DynamoDBStreamEvent, void>().handler(followSignatures);

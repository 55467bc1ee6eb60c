/**
 * DynamoDB Streams consumer of the signatures table: every new submission (an INSERT of a `sub#`
 * item; a Lambda event filter, and the local poller's twin of it) is answered by mail here, off the
 * request path (#domain/submissions.ts). If any submission of a batch fails, the batch fails after the
 * others are done, and Lambda (or the local poller) delivers it again: answered ones are skipped then.
 */
import middy from '@middy/core';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { loadSecret, requireEnv } from '#lib/config.ts';
import { logger } from '#lib/logger.ts';
import { isSubmissionKey } from '#domain/keys.ts';
import { answerSubmission, type MailerConfig } from '#domain/submissions.ts';
import type { Petition } from '#domain/petition.ts';
import type { SubmissionItem } from '#store/signatures.ts';

const config: MailerConfig = { hashKey: await loadSecret('HASH_KEY'), siteUrl: requireEnv('SITE_URL').replace(/\/+$/, '') };

/** Submissions answered at once: each waits on a mail, and a batch holds up to 100. */
const AT_ONCE = 10;

/** The submission a record announces, if it is the INSERT of one. */
export function newSubmissionOf(record: DynamoDBRecord): SubmissionItem | undefined {
  if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return undefined;
  const item = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
  return isSubmissionKey(item.sk) ? (item as SubmissionItem) : undefined;
}

async function answerSubmissions(event: DynamoDBStreamEvent): Promise<void> {
  const submissions = event.Records.map(newSubmissionOf).filter((s): s is SubmissionItem => s !== undefined);
  const campaigns = new Map<string, Promise<Petition | undefined>>();
  const failures: unknown[] = [];
  const answers: Record<string, number> = {};
  for (let i = 0; i < submissions.length; i += AT_ONCE) {
    const results = await Promise.allSettled(submissions.slice(i, i + AT_ONCE).map((s) => answerSubmission(s, config, campaigns)));
    for (const result of results) {
      if (result.status === 'rejected') failures.push(result.reason);
      else answers[result.value] = (answers[result.value] ?? 0) + 1;
    }
  }
  logger.info('submissions answered', { records: event.Records.length, ...answers, failed: failures.length });
  if (failures.length > 0) {
    for (const reason of failures) logger.error('submission not answered', { errorName: (reason as Error)?.name });
    throw new Error(`${failures.length} submission(s) not answered; the batch will be delivered again.`);
  }
}

export const handler = middy<DynamoDBStreamEvent, void>().handler(answerSubmissions);

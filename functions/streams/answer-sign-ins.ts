/**
 * DynamoDB Streams consumer of the organisations table: answers sign-in requests (the INSERT of a
 * `SIGN-IN-REQUEST` item) with a sign-in link or a "not a member" note, off the request path so that
 * nothing the asker sees depends on the answer (#usecases/sign-in-answers.ts). Lambda delivers only those
 * records (an event filter, infra/stack.ts; the local poller applies the same); the check below keeps
 * the handler to them however it is called.
 *
 * A few requests are answered at once. When any fails before it was claimed, the batch fails after
 * the others are done, and Lambda (or the local poller) delivers it again: the answered ones are
 * skipped then, having been claimed.
 */
import middy from '@middy/core';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { loadSecret, requireEnv } from '#lib/config.ts';
import { logger } from '#lib/logger.ts';
import { answerSignInRequest, type Answer, type SignInMailConfig } from '#usecases/sign-in-answers.ts';
import { toSignInRequest, type SignInRequest } from '#store/organisations.ts';

const config: SignInMailConfig = { hashKey: await loadSecret('HASH_KEY'), siteUrl: requireEnv('SITE_URL') };

/** Requests answered at once: each is a handful of calls, mostly waiting. */
const AT_ONCE = 10;

/** The sign-in request a record announces, if it is the INSERT of one. */
export function signInRequestOf(record: DynamoDBRecord): SignInRequest | undefined {
  if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return undefined;
  return toSignInRequest(unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>));
}

async function answerSignIns(event: DynamoDBStreamEvent): Promise<void> {
  const requests = event.Records.map(signInRequestOf).filter((r): r is SignInRequest => r !== undefined);
  const outcomes: Partial<Record<Answer | 'failed', number>> = {};
  let failure: unknown;
  for (let i = 0; i < requests.length; i += AT_ONCE) {
    const results = await Promise.allSettled(requests.slice(i, i + AT_ONCE).map((request) => answerSignInRequest(request, config)));
    for (const result of results) {
      const outcome = result.status === 'fulfilled' ? result.value : 'failed';
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
      if (result.status === 'rejected') failure ??= result.reason;
    }
  }
  // Counts only: whom a request was for never reaches a log.
  logger.info('sign-in requests answered', { records: event.Records.length, ...outcomes });
  if (failure !== undefined) {
    logger.error('sign-in request not answered; the batch will be delivered again', { errorName: (failure as Error)?.name });
    throw new Error(`${outcomes.failed} sign-in request(s) could not be answered; the batch will be delivered again.`);
  }
}

export const handler = middy<DynamoDBStreamEvent, void>().handler(answerSignIns);

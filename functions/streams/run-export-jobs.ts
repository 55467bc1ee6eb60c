/**
 * DynamoDB Streams consumer of the jobs table: a new job (an INSERT of a `JOB#` item) is run here.
 * Lambda delivers only those (an event filter, infra/stack.ts), one per invocation, with the 15-minute
 * timeout; the check below keeps the local poller, which has no filters, to the same rule. Progress
 * updates and the lock are MODIFY/INSERT records of other items and are ignored.
 *
 * A job that fails is recorded as failed and the invocation succeeds: running it again would fail
 * again. Only when the failure cannot even be recorded does the error reach Lambda, which retries.
 */
import middy from '@middy/core';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { JOB_TIME_LIMIT_MS, type Job } from '#rules/exports.ts';
import { JOB_PREFIX, toJob } from '#store/jobs.ts';
import { runExportJob } from '#usecases/run-export.ts';

/** The job a record announces, if it is the INSERT of a job. */
export function newJobOf(record: DynamoDBRecord): Job | undefined {
  if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) return undefined;
  const item = unmarshall(record.dynamodb.NewImage as Record<string, AttributeValue>);
  if (typeof item.sk !== 'string' || !item.sk.startsWith(JOB_PREFIX)) return undefined;
  return toJob(item);
}

async function runExports(event: DynamoDBStreamEvent, context: Context): Promise<void> {
  for (const record of event.Records) {
    const job = newJobOf(record);
    if (!job) continue;
    const remainingMs = context?.getRemainingTimeInMillis?.() ?? JOB_TIME_LIMIT_MS;
    await runExportJob(job, { remainingMs });
  }
}

export const handler = middy<DynamoDBStreamEvent, void>().handler(runExports);

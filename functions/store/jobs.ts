/**
 * Export jobs in the jobs table: one partition per campaign (its slug).
 *
 *   JOB#<job id>  a job (ids are time-ordered, so newest-first is a reverse Query)
 *   ACTIVE        the campaign's export lock: `{ jobId, until }`
 *
 * The lock keeps one export per campaign queued or running at a time, so a nervous double click or a
 * script in a loop cannot run up costs: a new job and the lock are written in one transaction, and the
 * runner removes the lock when the job ends. `until` frees the lock by itself should a runner die
 * without saying so (the Lambda timeout plus slack).
 *
 * Status moves only forward, each step a conditional write: queued → running (exactly once, so a
 * redelivered stream record never runs a job twice) → done | failed; running | done → outdated when
 * the export may hold a signer who has since withdrawn, or been erased (functions/usecases/outdate-exports.ts).
 */
import { DeleteCommand, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { documents } from '#lib/clients.ts';
import { requireEnv } from '#lib/config.ts';
import { isConditionFailure } from '#lib/errors.ts';
import { isLanguage } from '#lib/language.ts';
import { JOB_RECORD_DAYS, JOB_STALE_AFTER_MS, jobIdStamp, type Job, type JobError, type OutdatedReason } from '#rules/exports.ts';
import { conditionalUpdate, transact } from './writes.ts';

const TableName = requireEnv('JOBS_TABLE');
export const JOB_PREFIX = 'JOB#';
const LOCK = 'ACTIVE';

const jobKey = (slug: string, id: string) => ({ pk: slug, sk: `${JOB_PREFIX}${id}` });

/** A stored job item (or a stream record's new image) as a Job. */
export function toJob(item: Record<string, unknown>): Job {
  return {
    id: item.id as string,
    slug: item.slug as string,
    format: item.format as Job['format'],
    ...(Array.isArray(item.translations) && item.translations.length ? { translations: item.translations as string[] } : {}),
    ...(isLanguage(item.lang) ? { lang: item.lang } : {}),
    ...(item.order === 'confirmed' || item.order === 'name' ? { order: item.order } : {}),
    status: item.status as Job['status'],
    rows: Number(item.rows ?? 0),
    total: Number(item.total ?? 0),
    createdAt: item.createdAt as string,
    createdBy: item.createdBy as string,
    orgId: item.orgId as string,
    ...(item.startedAt ? { startedAt: item.startedAt as string } : {}),
    ...(item.finishedAt ? { finishedAt: item.finishedAt as string } : {}),
    ...(item.bytes !== undefined ? { bytes: Number(item.bytes) } : {}),
    ...(item.error ? { error: item.error as JobError } : {}),
    ...(item.reason ? { reason: item.reason as OutdatedReason } : {}),
    ...(item.outdatedOn ? { outdatedOn: item.outdatedOn as string } : {}),
  };
}

/**
 * Queues a job unless the campaign has one queued or running: false then. The job's INSERT on the
 * stream is what starts the runner.
 */
export async function createJob(job: Job): Promise<boolean> {
  const created = Date.parse(job.createdAt);
  return transact([
    {
      Put: {
        TableName,
        Item: {
          pk: job.slug,
          sk: LOCK,
          jobId: job.id,
          until: new Date(created + JOB_STALE_AFTER_MS).toISOString(),
          // A lock its runner never released goes by itself, a day after it stopped counting.
          expiresAt: Math.floor((created + JOB_STALE_AFTER_MS) / 1000) + 86_400,
        },
        ConditionExpression: 'attribute_not_exists(pk) OR #until < :now',
        ExpressionAttributeNames: { '#until': 'until' },
        ExpressionAttributeValues: { ':now': job.createdAt },
      },
    },
    {
      Put: {
        TableName,
        Item: { ...jobKey(job.slug, job.id), ...job, expiresAt: Math.floor(created / 1000) + JOB_RECORD_DAYS * 86_400 },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    },
  ]);
}

export async function getJob(slug: string, id: string): Promise<Job | undefined> {
  const { Item } = await documents.send(new GetCommand({ TableName, Key: jobKey(slug, id), ConsistentRead: true }));
  return Item ? toJob(Item) : undefined;
}

/** A campaign's jobs, newest first. */
export async function listJobs(slug: string, limit = 50): Promise<Job[]> {
  const { Items = [] } = await documents.send(
    new QueryCommand({
      TableName,
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :job)',
      ExpressionAttributeValues: { ':pk': slug, ':job': JOB_PREFIX },
      ScanIndexForward: false,
      Limit: limit,
    }),
  );
  return Items.map(toJob);
}

/**
 * A campaign's jobs made since `since`, oldest first, read consistently: a job that has started by
 * now shows as started.
 */
export async function jobsSince(slug: string, since: Date): Promise<Job[]> {
  const jobs: Job[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new QueryCommand({
        TableName,
        KeyConditionExpression: 'pk = :pk AND sk BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':pk': slug, ':from': `${JOB_PREFIX}${jobIdStamp(since)}`, ':to': `${JOB_PREFIX}~` },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    jobs.push(...(page.Items ?? []).map(toJob));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return jobs;
}

/**
 * running | done → outdated, if the job started reading before `cutoff` (ISO): its file may hold a
 * signer removed since. False when it had not (or is failed, or outdated already). `day` is the UTC
 * day only: the record must not date the withdrawal more finely than privacy.md promises.
 */
export async function markOutdated(job: Pick<Job, 'slug' | 'id'>, reason: OutdatedReason, day: string, cutoff: string): Promise<boolean> {
  return conditionalUpdate({
    TableName,
    Key: jobKey(job.slug, job.id),
    UpdateExpression: 'SET #status = :outdated, #reason = :reason, outdatedOn = :day',
    ConditionExpression: '#status IN (:running, :done) AND startedAt < :cutoff',
    ExpressionAttributeNames: { '#status': 'status', '#reason': 'reason' },
    ExpressionAttributeValues: { ':outdated': 'outdated', ':running': 'running', ':done': 'done', ':reason': reason, ':day': day, ':cutoff': cutoff },
  });
}

/** queued → running. False when the job is not queued (already run or running): then leave it be. */
export async function startJob(job: Pick<Job, 'slug' | 'id'>, total: number, at: string): Promise<boolean> {
  return conditionalUpdate({
    TableName,
    Key: jobKey(job.slug, job.id),
    UpdateExpression: 'SET #status = :running, startedAt = :at, #total = :total',
    ConditionExpression: '#status = :queued',
    ExpressionAttributeNames: { '#status': 'status', '#total': 'total' },
    ExpressionAttributeValues: { ':running': 'running', ':queued': 'queued', ':at': at, ':total': total },
  });
}

/** Rows written so far, while running. False when the job is running no more (outdated meanwhile). */
export async function reportProgress(job: Pick<Job, 'slug' | 'id'>, rows: number): Promise<boolean> {
  return conditionalUpdate({
    TableName,
    Key: jobKey(job.slug, job.id),
    UpdateExpression: 'SET #rows = :rows',
    ConditionExpression: '#status = :running',
    ExpressionAttributeNames: { '#status': 'status', '#rows': 'rows' },
    ExpressionAttributeValues: { ':running': 'running', ':rows': rows },
  });
}

/** running → done, with what was written. False when it is running no more (outdated meanwhile). */
export async function finishJob(job: Pick<Job, 'slug' | 'id'>, result: { rows: number; bytes: number }, at: string): Promise<boolean> {
  const done = await conditionalUpdate({
    TableName,
    Key: jobKey(job.slug, job.id),
    UpdateExpression: 'SET #status = :done, finishedAt = :at, #rows = :rows, #bytes = :bytes',
    ConditionExpression: '#status = :running',
    ExpressionAttributeNames: { '#status': 'status', '#rows': 'rows', '#bytes': 'bytes' },
    ExpressionAttributeValues: { ':done': 'done', ':running': 'running', ':at': at, ':rows': result.rows, ':bytes': result.bytes },
  });
  await releaseLock(job);
  return done;
}

/** queued | running → failed, with a short code (never a message that could hold personal data). */
export async function failJob(job: Pick<Job, 'slug' | 'id'>, error: JobError, at: string): Promise<boolean> {
  const failed = await conditionalUpdate({
    TableName,
    Key: jobKey(job.slug, job.id),
    UpdateExpression: 'SET #status = :failed, finishedAt = :at, #error = :error',
    ConditionExpression: '#status IN (:queued, :running)',
    ExpressionAttributeNames: { '#status': 'status', '#error': 'error' },
    ExpressionAttributeValues: { ':failed': 'failed', ':queued': 'queued', ':running': 'running', ':at': at, ':error': error },
  });
  await releaseLock(job);
  return failed;
}

/** Frees the campaign for the next export, if the lock is still this job's. */
export async function releaseLock(job: Pick<Job, 'slug' | 'id'>): Promise<void> {
  await documents
    .send(
      new DeleteCommand({
        TableName,
        Key: { pk: job.slug, sk: LOCK },
        ConditionExpression: 'jobId = :id',
        ExpressionAttributeValues: { ':id': job.id },
      }),
    )
    .catch((error) => {
      if (!isConditionFailure(error)) throw error;
    });
}

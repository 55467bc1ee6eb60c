/**
 * For integration tests: fresh tables in the shared DynamoDB Local, a mailbox (the SES fake) of the
 * file's own, a data-encryption key file, the environment the handlers read, a stream poller over
 * the signatures table, and clean-up. Call before importing any handler.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { inject } from 'vitest';
import { ensureTables, localAwsEnv, localClient, localStreamsClient } from '../../infra/local/dynamodb.ts';
import { localMailEnv } from '../../infra/local/mail.ts';
import { LOCAL_EXPORTS_BUCKET, localS3Env, startLocalS3 } from '../../infra/local/s3.ts';
import { StreamPoller, streamFilter } from '../../infra/local/stream-poller.ts';
import { tables as tableDefinitions } from '#store/tables.ts';
import { startMailbox } from './mailbox.ts';

export const TEST_SITE_URL = 'http://undersigned.test';

/** `endpoint`: the run's shared engine unless a test brings its own (one it kills and restarts). */
export async function useLocalTables(endpoint: string = inject('dynamoEndpoint')) {
  const mailbox = await startMailbox();
  const keyDir = mkdtempSync(join(tmpdir(), 'undersigned-keys-'));
  writeFileSync(join(keyDir, 'data.key'), randomBytes(32).toString('base64url'), { mode: 0o600 });
  Object.assign(process.env, {
    ...localAwsEnv(endpoint),
    ...localMailEnv(mailbox.url),
    HASH_KEY: randomBytes(32).toString('hex'),
    SESSION_KEY: randomBytes(32).toString('base64url'),
    DATA_KEY_FILE: join(keyDir, 'data.key'),
    MAIL_FROM: 'Undersigned <no-reply@undersigned.test>',
    SITE_URL: TEST_SITE_URL,
    CONFIRM_TTL_DAYS: '7',
    // The proof of work is real but cheap here, so a test can sign hundreds of times.
    CHALLENGE_COST: '1',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    POWERTOOLS_METRICS_DISABLED: 'true',
    // Handlers that use the exports bucket load without an S3; one that calls it without useLocalS3()
    // fails at once on this closed port rather than reaching out anywhere.
    ...localS3Env({ url: 'http://127.0.0.1:9', bucket: LOCAL_EXPORTS_BUCKET }),
  });
  delete process.env.DATA_KEY_ID;
  const client = localClient(endpoint);
  const tables = await ensureTables(client, `t${randomUUID().slice(0, 8)}-`);
  Object.assign(process.env, tables);

  const streams = localStreamsClient(endpoint);
  /** A poller over a table's stream (the signatures table unless told), handing batches to `handler`. */
  const poller = (
    handler: (event: DynamoDBStreamEvent, context: Context) => Promise<unknown>,
    options: Partial<Pick<ConstructorParameters<typeof StreamPoller>[0], 'tableName' | 'batchSize' | 'filter' | 'timeoutMs'>> = {},
  ) => new StreamPoller({ dynamo: client, streams, tableName: tables.SIGNATURES_TABLE!, handler, intervalMs: 50, ...options });

  type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<unknown>;
  /**
   * A poller for one stream consumer of the route table, set up as infra/local/stack.ts and Lambda run
   * it: its source table, batch size, time limit and record filter. `wrap` may stand between the
   * poller and the handler (to record the batches, say); the handler itself is returned too.
   */
  const consumerPoller = async (name: string, wrap: (handler: StreamHandler) => StreamHandler = (handler) => handler) => {
    const { streamConsumers } = await import('#routes');
    const consumer = streamConsumers.find((c) => c.name === name);
    if (!consumer) throw new Error(`No stream consumer ${name} in the route table.`);
    const source = tableDefinitions.find((t) => t.id === consumer.source)!;
    const { handler } = (await import(`../../${consumer.entry}`)) as { handler: StreamHandler };
    const polling = poller(wrap(handler), {
      tableName: tables[source.env]!,
      ...(consumer.batchSize ? { batchSize: consumer.batchSize } : {}),
      ...(consumer.timeoutSeconds ? { timeoutMs: consumer.timeoutSeconds * 1000 } : {}),
      ...(consumer.only ? { filter: streamFilter(consumer.only, source.sortKey) } : {}),
    });
    return { poller: polling, handler, source: consumer.source };
  };

  /**
   * Both consumers of the signatures stream, as the stacks run them (with follow-signatures' event
   * filters): `mailer` answers new submissions by mail (and outdates exports a withdrawal reaches),
   * `counter` counts. `drain()` runs both until neither finds a record.
   */
  const signatureStream = async () => {
    const [{ streamConsumers }, { handler: answer }, { handler: count }] = await Promise.all([
      import('#routes'),
      import('#streams/follow-signatures.ts'),
      import('#streams/count-signatures.ts'),
    ]);
    const only = streamConsumers.find((c) => c.name === 'follow-signatures')!.only!;
    const mailer = poller(answer, { filter: streamFilter(only, 'sk') });
    const counter = poller(count);
    running.push(mailer);
    return {
      mailer,
      counter,
      async drain() {
        await mailer.drain();
        await counter.drain();
      },
      /**
       * The mailer keeps running in the background, as in the stacks, so a test can wait for a mail;
       * `drain()` then runs only the counter (two readers of one shard cursor would race).
       */
      mailInBackground() {
        mailer.start();
        return { drain: () => counter.drain() };
      },
    };
  };
  const running: StreamPoller[] = [];

  return {
    endpoint,
    client,
    tables,
    poller,
    consumerPoller,
    signatureStream,
    mailbox: mailbox.url,
    async cleanup() {
      await Promise.all(running.map((each) => each.stop()));
      for (const name of Object.values(tables)) await client.send(new DeleteTableCommand({ TableName: name }));
      client.destroy();
      streams.destroy();
      await mailbox.stop();
      rmSync(keyDir, { recursive: true, force: true });
    },
  };
}

/**
 * An S3 stand-in (s3rver, in memory: a temporary folder) with the exports bucket, for the tests that
 * write or download export files. Opt-in, so other tests start nothing more. Call after
 * useLocalTables() and before importing the handlers that use the bucket.
 */
export async function useLocalS3() {
  const s3 = await startLocalS3();
  Object.assign(process.env, localS3Env(s3));
  return s3;
}


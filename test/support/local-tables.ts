/**
 * For integration tests: fresh tables in the shared DynamoDB Local, the environment the handlers
 * read, a stream poller over the signatures table, and clean-up. Call before importing any handler.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import type { Context, DynamoDBStreamEvent } from 'aws-lambda';
import { inject } from 'vitest';
import { ensureTables, localAwsEnv, localClient, localStreamsClient } from '../../infra/local/dynamodb.ts';
import { StreamPoller } from '../../infra/local/stream-poller.ts';

export async function useLocalTables() {
  const endpoint = inject('dynamoEndpoint');
  Object.assign(process.env, {
    ...localAwsEnv(endpoint),
    HASH_KEY: randomBytes(32).toString('hex'),
    ORGANISER_TOKEN: randomBytes(16).toString('hex'),
    POWERTOOLS_LOG_LEVEL: 'ERROR',
  });
  const client = localClient(endpoint);
  const tables = await ensureTables(client, `t${randomUUID().slice(0, 8)}-`);
  Object.assign(process.env, tables);

  const streams = localStreamsClient(endpoint);
  const poller = (handler: (event: DynamoDBStreamEvent, context: Context) => Promise<unknown>) =>
    new StreamPoller({ dynamo: client, streams, tableName: tables.SIGNATURES_TABLE!, handler, intervalMs: 50 });

  return {
    endpoint,
    client,
    tables,
    poller,
    organiserToken: process.env.ORGANISER_TOKEN!,
    async cleanup() {
      for (const name of Object.values(tables)) await client.send(new DeleteTableCommand({ TableName: name }));
      client.destroy();
      streams.destroy();
    },
  };
}

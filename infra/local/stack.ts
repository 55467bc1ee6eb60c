/**
 * The whole platform on this machine: DynamoDB Local (on disk), the tables, the stream poller feeding
 * the stream handler, the web page and the API server. Used by `npm start` and by tests that need the
 * real thing.
 *
 * Order matters: the environment is set before any handler module is imported, because handlers
 * read their configuration once, at import, as they do in Lambda.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  LOCAL_TABLE_PREFIX,
  ensureTables,
  localAwsEnv,
  localClient,
  localStreamsClient,
  startDynamo,
  type LocalDynamo,
} from './dynamodb.ts';
import { StreamPoller } from './stream-poller.ts';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface LocalStackOptions {
  /** Where data, secrets and endpoints.json live; default `<repo>/.local`. */
  localDir?: string;
  /** Port of the app server; 0 = any free port. */
  port?: number;
  /** Wipe stored data first. */
  fresh?: boolean;
  /** Seed the demo campaigns when the database has no campaigns yet. */
  demo?: boolean;
  /** Keep the database in memory instead of on disk. */
  inMemory?: boolean;
  log?: (line: string) => void;
}

export interface LocalStack {
  app: string;
  dynamodb: string;
  organiserToken: string;
  tables: Record<string, string>;
  poller: StreamPoller;
  dynamo: LocalDynamo;
  server: Server;
  stop(): Promise<void>;
}

interface LocalSecrets {
  hashKey: string;
  organiserToken: string;
}

/** Secrets made on first start and kept under .local/ (never committed), so restarts keep them. */
function localSecrets(localDir: string): LocalSecrets {
  const file = join(localDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as LocalSecrets;
  const secrets = {
    hashKey: randomBytes(32).toString('base64url'),
    organiserToken: randomBytes(24).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') {
        reject(new Error(`Port ${port} is already in use. Stop what uses it, or choose another: PORT=${port + 1} npm start`));
      } else reject(error);
    });
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address ? address.port : port);
    });
  });
}

export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const log = options.log ?? (() => undefined);
  const localDir = options.localDir ?? join(repoRoot, '.local');
  const dataDir = join(localDir, 'dynamodb');
  const checkpointFile = join(localDir, 'stream-checkpoints.json');
  if (options.fresh) {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(checkpointFile, { force: true });
  }
  mkdirSync(localDir, { recursive: true });
  const secrets = localSecrets(localDir);

  log('Starting DynamoDB Local…');
  const dynamo = await startDynamo(options.inMemory ? {} : { dataDir });
  try {
    const client = localClient(dynamo.endpoint);
    const tables = await ensureTables(client, LOCAL_TABLE_PREFIX);

    // The SDK clients inside the handlers find the engine through these, as they would find AWS.
    Object.assign(process.env, {
      ...localAwsEnv(dynamo.endpoint),
      HASH_KEY: secrets.hashKey,
      ORGANISER_TOKEN: secrets.organiserToken,
      POWERTOOLS_SERVICE_NAME: 'undersigned',
      POWERTOOLS_LOG_LEVEL: process.env.POWERTOOLS_LOG_LEVEL ?? 'WARN',
      ...tables,
    });

    const [{ routes, streamConsumers }, { loadRoutes, createLocalServer }, { buildWeb }] = await Promise.all([
      import('#routes'),
      import('./server.ts'),
      import('../../web/build.ts'),
    ]);

    const webRoot = join(repoRoot, 'web', 'dist');
    log('Building the web page…');
    await buildWeb(webRoot);

    const consumer = streamConsumers[0]!;
    const { handler: streamHandler } = await import(join(repoRoot, consumer.entry));
    const poller = new StreamPoller({
      dynamo: client,
      streams: localStreamsClient(dynamo.endpoint),
      tableName: tables.SIGNATURES_TABLE!,
      handler: streamHandler,
      checkpointFile: options.inMemory ? undefined : checkpointFile,
      onError: (error) => log(`[streams] batch failed, will retry: ${(error as Error).name}: ${(error as Error).message}`),
    });

    if (options.demo) await seedDemo(log);

    const server = createLocalServer(await loadRoutes(routes, repoRoot), webRoot);
    const port = await listen(server, options.port ?? 3000);
    poller.start();

    const app = `http://127.0.0.1:${port}`;
    writeFileSync(join(localDir, 'endpoints.json'), JSON.stringify({ app, dynamodb: dynamo.endpoint }, null, 2));

    return {
      app,
      dynamodb: dynamo.endpoint,
      organiserToken: secrets.organiserToken,
      tables,
      poller,
      dynamo,
      server,
      async stop() {
        await poller.stop();
        await new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await dynamo.stop();
      },
    };
  } catch (error) {
    await dynamo.stop();
    throw error;
  }
}

/** Seeds the fictional demo campaigns, once: an existing slug is left as it is. */
async function seedDemo(log: (line: string) => void) {
  const [{ demoCampaigns }, { createPetition }, { DEFAULT_SIGNATURE_SHARDS }] = await Promise.all([
    import('./demo.ts'),
    import('#store/petitions.ts'),
    import('#domain/petition.ts'),
  ]);
  for (const campaign of demoCampaigns) {
    const now = new Date().toISOString();
    const created = await createPetition({ ...campaign, shards: DEFAULT_SIGNATURE_SHARDS, createdAt: now, updatedAt: now });
    if (created) log(`Seeded demo campaign "${campaign.title}"`);
  }
}

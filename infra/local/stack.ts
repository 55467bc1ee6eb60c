/**
 * The whole platform on this machine: DynamoDB Local (on disk), the tables, the stream poller feeding
 * the stream handler, the SES fake that catches outgoing mail, the web page and the API server. Used
 * by `npm start` and by tests that need the real thing.
 *
 * Order matters: the environment is set before any handler module is imported, because handlers
 * read their configuration once, at import, as they do in Lambda.
 */
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import {
  LOCAL_TABLE_PREFIX,
  ensureTables,
  freePort,
  localAwsEnv,
  localCredentials,
  localClient,
  localStreamsClient,
  startDynamo,
  type LocalDynamo,
} from './dynamodb.ts';
import { localMailEnv, startLocalSes, type LocalSes } from './mail.ts';
import { localS3Env, putLocalShell, startLocalS3 } from './s3.ts';
import type { SiteObjects } from './server.ts';
import { lambdaContext } from './lambda-context.ts';
import { StreamPoller, streamFilter } from './stream-poller.ts';
import { tables as tableDefinitions } from '#store/tables.ts';

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
  /** The SES fake: every mail the handlers send, as a page and as JSON at `/store`. */
  mailbox: string;
  /** The S3 stand-in holding export files. */
  s3: string;
  tables: Record<string, string>;
  /** The signatures stream's poller (the counts). */
  poller: StreamPoller;
  /** One poller per stream consumer of the route table, by consumer name. */
  pollers: Record<string, StreamPoller>;
  dynamo: LocalDynamo;
  ses: LocalSes;
  server: Server;
  stop(): Promise<void>;
}

interface LocalSecrets {
  hashKey: string;
  /** Signs organiser session cookies. */
  sessionKey: string;
}

/** Secrets made on first start and kept under .local/ (never committed), so restarts keep them. */
function localSecrets(localDir: string): LocalSecrets {
  const file = join(localDir, 'secrets.json');
  const stored = existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Partial<LocalSecrets>) : {};
  const secrets: LocalSecrets = {
    hashKey: stored.hashKey ?? randomBytes(32).toString('base64url'),
    sessionKey: stored.sessionKey ?? randomBytes(32).toString('base64url'),
  };
  // Written again only when a secret was missing (files from before sign-in lack the session key);
  // existing ones never change: a new hash key would orphan every signature, a new session key log everyone out.
  if (!stored.hashKey || !stored.sessionKey) {
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}

/**
 * The master key that wraps the keys encrypting personal data, made once and kept: a new one would
 * make every stored signature unreadable. In AWS, KMS holds it; locally, a file only this user can
 * read. Its format is checked where it is used (functions/crypto/data-keys.ts).
 */
function localDataKeyFile(localDir: string): string {
  const dir = join(localDir, 'keys');
  const file = join(dir, 'data.key');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  // 'wx': never overwrite a key, not even one another start wrote a moment ago.
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64url'), { mode: 0o600, flag: 'wx' });
  return file;
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
  const s3Dir = join(localDir, 's3');
  // One checkpoint file per stream consumer; the counts' keeps the name it always had.
  const checkpointFile = (consumer: string) =>
    join(localDir, consumer === 'count-signatures' ? 'stream-checkpoints.json' : `stream-checkpoints-${consumer}.json`);
  if (options.fresh) {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(s3Dir, { recursive: true, force: true });
    for (const file of existsSync(localDir) ? readdirSync(localDir, { withFileTypes: true }) : []) {
      if (/^stream-checkpoints.*\.json$/.test(file.name)) rmSync(join(localDir, file.name), { force: true });
    }
  }
  mkdirSync(localDir, { recursive: true });
  const secrets = localSecrets(localDir);
  const dataKeyFile = localDataKeyFile(localDir);

  // Handlers read SITE_URL (for links in mails) at import, before the server listens: so the port
  // is settled first. A port of 0 becomes a free one now.
  const requestedPort = options.port ?? 3000;
  const port = requestedPort === 0 ? await freePort() : requestedPort;
  const app = `http://127.0.0.1:${port}`;

  log('Starting DynamoDB Local…');
  const dynamo = await startDynamo(options.inMemory ? {} : { dataDir });
  log('Starting the SES fake (the local mailbox)…');
  const ses = await startLocalSes().catch(async (error: unknown) => {
    await dynamo.stop();
    throw error;
  });
  log('Starting the S3 stand-in (export files)…');
  const s3 = await startLocalS3(options.inMemory ? {} : { directory: s3Dir }).catch(async (error: unknown) => {
    await Promise.all([dynamo.stop(), ses.stop()]);
    throw error;
  });
  try {
    const client = localClient(dynamo.endpoint);
    const tables = await ensureTables(client, LOCAL_TABLE_PREFIX);

    // The SDK clients inside the handlers find the engines through these, as they would find AWS.
    Object.assign(process.env, {
      ...localAwsEnv(dynamo.endpoint),
      ...localMailEnv(ses.url),
      ...localS3Env(s3),
      HASH_KEY: secrets.hashKey,
      DATA_KEY_FILE: dataKeyFile,
      SESSION_KEY: secrets.sessionKey,
      SITE_URL: app,
      MAIL_FROM: process.env.MAIL_FROM || 'Undersigned <no-reply@undersigned.local>',
      CONFIRM_TTL_DAYS: process.env.CONFIRM_TTL_DAYS || '7',
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
    // The shell every campaign page is made from, where the publisher reads it (as in AWS).
    await putLocalShell(s3, readFileSync(join(webRoot, 'index.html'), 'utf8'));

    // One poller per stream consumer, with the consumer's batch size, time limit and record filter.
    const streams = localStreamsClient(dynamo.endpoint);
    const pollers: Record<string, StreamPoller> = {};
    for (const consumer of streamConsumers) {
      const { handler: streamHandler } = await import(join(repoRoot, consumer.entry));
      const source = tableDefinitions.find((t) => t.id === consumer.source)!;
      pollers[consumer.name] = new StreamPoller({
        dynamo: client,
        streams,
        tableName: tables[source.env]!,
        handler: streamHandler,
        ...(consumer.batchSize ? { batchSize: consumer.batchSize } : {}),
        ...(consumer.timeoutSeconds ? { timeoutMs: consumer.timeoutSeconds * 1000 } : {}),
        ...(consumer.only ? { filter: streamFilter(consumer.only, source.sortKey) } : {}),
        checkpointFile: options.inMemory ? undefined : checkpointFile(consumer.name),
        onError: (error) => log(`[streams] ${consumer.name}: batch failed, will retry: ${(error as Error).name}: ${(error as Error).message}`),
      });
    }
    const poller = pollers['count-signatures']!;

    if (options.demo) await seedDemo(log);

    // Campaign pages at /c/<slug>: the published file from the local site bucket, as CloudFront serves it.
    const [{ pageKeyOfPath }, { readPage }, { republishAll }] = await Promise.all([
      import('#rules/campaign-paths.ts'),
      import('#documents/site-bucket.ts'),
      import('#usecases/publish-pages.ts'),
    ]);
    const server = createLocalServer(await loadRoutes(routes, repoRoot), webRoot, siteObjects(s3.url, s3.siteBucket), { keyOf: pageKeyOfPath, read: readPage });
    await listen(server, port);
    for (const each of Object.values(pollers)) each.start();
    // Every campaign's pages from this build's shell: campaigns stored before pages were published, and
    // pages made from an older shell. (In AWS: `npm run pages:publish` after a deploy.)
    const published = await republishAll(app);
    if (published > 0) log(`Published the pages of ${published} campaign(s) at ${app}/c/<slug>`);
    // The share cards' scheduled job, as EventBridge runs it in AWS: at start (first cards for campaigns
    // of a database from before cards) and every 10 minutes (what the stream's throttle held back).
    const { handler: refreshCards } = await import(join(repoRoot, 'functions/jobs/refresh-share-cards.ts'));
    const runCardJob = () =>
      void refreshCards({}, lambdaContext('refresh-share-cards', 15 * 60_000)).catch((error: Error) => log(`[jobs] refresh-share-cards failed: ${error.name}`));
    runCardJob();
    const cardJob = setInterval(runCardJob, 10 * 60_000).unref();

    const mailbox = ses.url;
    writeFileSync(join(localDir, 'endpoints.json'), JSON.stringify({ app, dynamodb: dynamo.endpoint, mailbox, s3: s3.url }, null, 2));

    return {
      app,
      dynamodb: dynamo.endpoint,
      mailbox,
      s3: s3.url,
      tables,
      poller,
      pollers,
      dynamo,
      ses,
      server,
      async stop() {
        clearInterval(cardJob);
        await Promise.all(Object.values(pollers).map((each) => each.stop()));
        await new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeAllConnections();
        await Promise.all([dynamo.stop(), ses.stop(), s3.stop()]);
      },
    };
  } catch (error) {
    await Promise.all([dynamo.stop(), ses.stop(), s3.stop()]);
    throw error;
  }
}

/** Reads published objects (share cards) from the local site bucket, as CloudFront reads the real one. */
function siteObjects(endpoint: string, bucket: string): SiteObjects {
  const s3 = new S3Client({ endpoint, region: 'local', forcePathStyle: true, credentials: localCredentials });
  return async (key) => {
    try {
      const object = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
      return { body: await object.Body!.transformToByteArray(), contentType: object.ContentType, cacheControl: object.CacheControl };
    } catch (error) {
      if ((error as Error).name === 'NoSuchKey' || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
      throw error;
    }
  };
}

/** The demo organisation's owner: sign in with this address at #/org (the mail lands in the mailbox). */
export const DEMO_ORGANISER = 'organiser@demo.undersigned.local';

/** Seeds the fictional demo organisation and campaigns, once: existing ones are left as they are. */
async function seedDemo(log: (line: string) => void) {
  const { createOrganisation } = await import('#store/organisations.ts');
  const org = {
    orgId: 'demo',
    name: 'Demo Coalition (fictional)',
    createdAt: new Date().toISOString(),
    // Its public profile (issue #17), copied onto its campaigns as a real one is.
    country: 'GE',
    website: 'https://demo.undersigned.local',
    contact: 'contact@demo.undersigned.local',
    controller:
      'Demo Coalition (fictional) controls the personal data of this campaign’s signers. Undersigned stores it for us, encrypted. Write to contact@demo.undersigned.local to ask what we hold about you or to have it erased.',
  };
  if (await createOrganisation(org, DEMO_ORGANISER)) log(`Seeded demo organisation "${org.name}" (owner ${DEMO_ORGANISER})`);
  const [{ demoCampaignRecords }, { createCampaign }, { publicProfile }] = await Promise.all([
    import('./demo.ts'),
    import('#store/campaigns.ts'),
    import('#rules/organisation-profile.ts'),
  ]);
  for (const record of demoCampaignRecords(new Date())) {
    const campaign = record.orgId === org.orgId ? { ...record, organisation: publicProfile(org), organisationVersion: 0 } : record;
    const created = await createCampaign(campaign);
    if (created) log(`Seeded demo campaign "${campaign.title}"`);
  }
}

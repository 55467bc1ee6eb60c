/**
 * How fast does a CSV export run beside a raw read of the same items, and does its memory stay flat?
 * Starts DynamoDB Local (in memory) and the S3 stand-in, seeds N confirmed signatures sealed as the
 * sign path seals them (batch writes, over the default 32 shards), then, alternating, each in a fresh
 * process of its own (JS heap capped at 128 MB) so its peak RSS is its own:
 *
 * - the baseline: raw paginated Queries of the signature partitions, 4 at a time, with the
 *   export's projection, counting items — what the engine gives at best;
 * - the export: one export job — read every shard, open each name, write the CSV, upload it in 5 MB
 *   parts to the local S3.
 *
 *   npx tsx bench/export.ts [--rows 10000] [--repetitions 1]
 *
 * Prints progress, then one JSON line with each run's seconds, rows/s and peak RSS.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs, promisify } from 'node:util';
import { BatchWriteItemCommand, QueryCommand, type BatchWriteItemCommandOutput, type QueryCommandOutput, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { ensureTables, localAwsEnv, localClient, startDynamo } from '../infra/local/dynamodb.ts';
import { localS3Env, startLocalS3 } from '../infra/local/s3.ts';
import { DEFAULT_SIGNATURE_SHARDS } from '../functions/rules/campaign.ts';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '10000' },
    repetitions: { type: 'string', default: '1' },
    child: { type: 'string' },
  },
});
const n = Number(args.rows);
const slug = 'export-bench';
const shards = DEFAULT_SIGNATURE_SHARDS;
const orgId = 'bench-org';
const HEAP_CAP_MB = 128;
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Run {
  seconds: number;
  rows: number;
  rowsPerSecond: number;
  /** The process's RSS when the run began (after its imports) and the highest while it ran, in MB. */
  rssBeforeMb: number;
  peakRssMb: number;
}

/** Runs `work`, sampling RSS every 20 ms; what a child prints as its one line. */
async function measured(work: () => Promise<number>): Promise<Run> {
  const mb = (bytes: number) => Math.round(bytes / 1024 / 1024);
  const before = process.memoryUsage.rss();
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 20);
  const started = performance.now();
  const rows = await work();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage.rss());
  return { seconds: Number(seconds.toFixed(2)), rows, rowsPerSecond: Math.round(rows / seconds), rssBeforeMb: mb(before), peakRssMb: mb(peak) };
}

/** The baseline: every item of every partition, through the SDK's low-level client, unparsed. */
async function rawQueries(): Promise<() => Promise<number>> {
  const [{ allSignaturePartitions }, { withoutSdkLogging }] = await Promise.all([import('#rules/signature-keys.ts'), import('#lib/clients.ts')]);
  // Without the SDK's logger middleware, like the platform's own clients: the baseline is the best case.
  const client = withoutSdkLogging(localClient(process.env.AWS_ENDPOINT_URL_DYNAMODB!));
  return async () => {
    const partitions = allSignaturePartitions(slug, shards);
    let rows = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        for (let pk = partitions.shift(); pk; pk = partitions.shift()) {
          let start: QueryCommandOutput['LastEvaluatedKey'];
          do {
            const page: QueryCommandOutput = await client.send(
              new QueryCommand({
                TableName: process.env.SIGNATURES_TABLE!,
                KeyConditionExpression: 'pk = :pk',
                ExpressionAttributeValues: { ':pk': { S: pk } },
                ProjectionExpression: 'pk, sk, #status, pii, dataKey, country, confirmedAt, textVersion, erasedAt',
                ExpressionAttributeNames: { '#status': 'status' },
                ExclusiveStartKey: start,
              }),
            );
            rows += page.Items?.length ?? 0;
            start = page.LastEvaluatedKey;
          } while (start);
        }
      }),
    );
    client.destroy();
    return rows;
  };
}

/** The platform: one export job, as the runner Lambda runs it. */
async function exportJob(): Promise<() => Promise<number>> {
  const [{ createJob, getJob }, { runExportJob }, { newJobId }] = await Promise.all([
    import('#store/jobs.ts'),
    import('#usecases/run-export.ts'),
    import('#rules/exports.ts'),
  ]);
  return async () => {
    const created = new Date();
    const job = { id: newJobId(created), slug, format: 'csv' as const, status: 'queued' as const, rows: 0, total: n, createdAt: created.toISOString(), createdBy: 'bench', orgId };
    if (!(await createJob(job))) throw new Error('could not queue the job');
    const outcome = await runExportJob(job, { remainingMs: 15 * 60_000 });
    if (outcome !== 'done') throw new Error(`the export ended ${outcome}`);
    const done = await getJob(slug, job.id);
    return done?.rows ?? 0;
  };
}

if (args.child) {
  // Modules loaded before the clock starts: a warm Lambda has them already.
  const run = await measured(await (args.child === 'baseline' ? rawQueries() : exportJob()));
  if (run.rows !== n) throw new Error(`${args.child}: ${run.rows} rows, expected ${n}`);
  console.log(JSON.stringify(run));
} else {
  const work = mkdtempSync(join(tmpdir(), 'undersigned-export-bench-'));
  const dynamo = await startDynamo();
  const s3 = await startLocalS3();
  const client = localClient(dynamo.endpoint);
  try {
    writeFileSync(join(work, 'data.key'), randomBytes(32).toString('base64url'), { mode: 0o600 });
    const tables = await ensureTables(client, 'bench-');
    Object.assign(process.env, {
      ...localAwsEnv(dynamo.endpoint),
      ...localS3Env(s3),
      ...tables,
      DATA_KEY_FILE: join(work, 'data.key'),
      HASH_KEY: randomBytes(32).toString('hex'),
      POWERTOOLS_LOG_LEVEL: 'WARN',
    });
    const [{ sealFields }, { signerId, sealingContext, signatureKey }, { sampleSigners }] = await Promise.all([
      import('#crypto/field-crypto.ts'),
      import('#rules/signature-keys.ts'),
      import('../test/support/seed-signatures.ts'),
    ]);

    const now = new Date().toISOString();
    await client.send(
      new BatchWriteItemCommand({
        RequestItems: {
          [tables.PETITIONS_TABLE!]: [
            { PutRequest: { Item: marshall({ pk: slug, sk: 'META', slug, kind: 'petition', title: 'Export bench', text: 'Bench.', targets: [{ name: 'City Hall' }], goal: n, status: 'open', orgId, shards, version: 1, publicSigners: false, retentionDays: 90, createdAt: now, updatedAt: now }) } },
            { PutRequest: { Item: marshall({ pk: slug, sk: 'COUNT', count: n, pending: 0, countries: {}, wm: {}, updatedAt: now }) } },
          ],
        },
      }),
    );

    // Seeding, 10,000 signers at a time (a million at once would only cost this process memory):
    // sealed like the sign path seals, 25 to a batch write, 16 batch writes at a time.
    const seedStart = performance.now();
    const hashKey = process.env.HASH_KEY!;
    const CHUNK = 10_000;
    for (let offset = 0; offset < n; offset += CHUNK) {
      const signers = sampleSigners(Math.min(CHUNK, n - offset), `c${offset}-`);
      const batches: WriteRequest[][] = [];
      let batch: WriteRequest[] = [];
      for (const [i, signer] of signers.entries()) {
        const key = signatureKey({ slug, shards }, signerId(hashKey, slug, signer.email));
        const sealed = await sealFields({ name: signer.name, email: signer.email, comment: signer.comment }, sealingContext(key));
        const item = {
          ...key, slug, status: 'confirmed', dataKey: sealed.dataKey, pii: sealed.sealed, country: signer.country, showName: false,
          tokenHash: 'x'.repeat(64), tokenExpiresAt: now, createdAt: now, confirmedAt: new Date(Date.now() + offset + i).toISOString(),
          ...(signer.textVersion ? { textVersion: signer.textVersion } : {}),
        };
        batch.push({ PutRequest: { Item: marshall(item) } });
        if (batch.length === 25) batches.push(batch.splice(0));
      }
      if (batch.length) batches.push(batch);
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          for (let requests = batches.shift(); requests?.length; requests = batches.shift()) {
            while (requests?.length) {
              const out: BatchWriteItemCommandOutput = await client.send(new BatchWriteItemCommand({ RequestItems: { [tables.SIGNATURES_TABLE!]: requests } }));
              requests = out.UnprocessedItems?.[tables.SIGNATURES_TABLE!];
            }
          }
        }),
      );
      if ((offset / CHUNK) % 10 === 9) log(`export: seeded ${(offset + CHUNK).toLocaleString('en')} of ${n.toLocaleString('en')}`);
    }
    const seedSeconds = (performance.now() - seedStart) / 1000;
    log(`export: seeded ${n.toLocaleString('en')} confirmed signatures in ${seedSeconds.toFixed(0)} s`);

    const exec = promisify(execFile);
    const child = async (mode: 'baseline' | 'export'): Promise<Run> => {
      // The JS heap capped at 128 MB, for both: V8 otherwise lets garbage pile up towards its default
      // limit before collecting, and RSS would grow with the size whatever the code keeps. Finishing
      // a million rows under the cap shows the export keeps nothing per row.
      const { stdout } = await exec(process.execPath, [`--max-old-space-size=${HEAP_CAP_MB}`, '--import', 'tsx', fileURLToPath(import.meta.url), '--child', mode, '--rows', String(n)], {
        env: process.env,
        maxBuffer: 16 * 1024 * 1024,
      });
      return JSON.parse(stdout.trim().split('\n').at(-1)!) as Run;
    };
    const baseline: Run[] = [];
    const exported: Run[] = [];
    for (let r = 0; r < Number(args.repetitions); r++) {
      baseline.push(await child('baseline'));
      exported.push(await child('export'));
      log(`export: ${n.toLocaleString('en')} rows, run ${r + 1}: export ${exported.at(-1)!.rowsPerSecond} rows/s (peak RSS ${exported.at(-1)!.peakRssMb} MB), ` +
        `raw Queries ${baseline.at(-1)!.rowsPerSecond} rows/s (peak RSS ${baseline.at(-1)!.peakRssMb} MB)`);
    }
    console.log(JSON.stringify({ rows: n, shards, heapCapMb: HEAP_CAP_MB, seedSeconds: Math.round(seedSeconds), baseline, export: exported }));
  } finally {
    client.destroy();
    await s3.stop();
    await dynamo.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

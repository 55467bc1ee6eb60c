/**
 * How fast does a CSV export run, and does its memory stay flat? Starts DynamoDB Local (in memory) and
 * the S3 stand-in, seeds N confirmed signatures sealed as the sign path seals them (batch writes, over
 * all 16 shards), then runs one export job — read every shard, open each name, write the CSV, upload
 * it in 5 MB parts — and prints its time, rows per second and the process's peak RSS while it ran.
 * `npx tsx bench/export.ts [signatures=10000]`. Not part of `npm test`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { BatchWriteItemCommand, type BatchWriteItemCommandOutput, type WriteRequest } from '@aws-sdk/client-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { ensureTables, localAwsEnv, localClient, startDynamo } from '../infra/local/dynamodb.ts';
import { localS3Env, startLocalS3 } from '../infra/local/s3.ts';
import { sampleSigners } from '../test/support/seed-signatures.ts';

const n = Number(process.argv[2] ?? 10_000);
const slug = 'export-bench';
const shards = 16;

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

  const [{ sealFields }, { keyedHash, sealingContext, signatureKey }, { createJob }, { runExportJob }, { newJobId }] = await Promise.all([
    import('#lib/field-crypto.ts'),
    import('#domain/keys.ts'),
    import('#store/jobs.ts'),
    import('#jobs/run-export.ts'),
    import('#domain/exports.ts'),
  ]);

  const now = new Date().toISOString();
  const orgId = 'bench-org';
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

  // Seeding: confirmed items, 25 to a batch write, 16 batches at a time. In a function of its own, so
  // nothing of it is left to count against the export's memory.
  const seed = async () => {
    const seedStart = performance.now();
    const signers = sampleSigners(n);
    const hashKey = process.env.HASH_KEY!;
    const batches: WriteRequest[][] = [];
    let batch: WriteRequest[] = [];
    for (const [i, signer] of signers.entries()) {
      const key = signatureKey({ slug, shards }, keyedHash(hashKey, signer.email));
      const sealed = await sealFields({ name: signer.name, email: signer.email, comment: signer.comment }, sealingContext(key));
      const item = {
        ...key, slug, status: 'confirmed', dataKey: sealed.dataKey, pii: sealed.sealed, country: signer.country, showName: false,
        tokenHash: 'x'.repeat(64), tokenExpiresAt: now, createdAt: now, confirmedAt: new Date(Date.now() + i).toISOString(),
        ...(signer.textVersion ? { textVersion: signer.textVersion } : {}),
      };
      batch.push({ PutRequest: { Item: marshall(item) } });
      if (batch.length === 25) batches.push(batch.splice(0));
    }
    if (batch.length) batches.push(batch);
    let next = 0;
    await Promise.all(
      Array.from({ length: 16 }, async () => {
        while (next < batches.length) {
          let requests: WriteRequest[] | undefined = batches[next++]!;
          while (requests?.length) {
            const out: BatchWriteItemCommandOutput = await client.send(new BatchWriteItemCommand({ RequestItems: { [tables.SIGNATURES_TABLE!]: requests } }));
            requests = out.UnprocessedItems?.[tables.SIGNATURES_TABLE!];
          }
        }
      }),
    );
    console.log(`seeded ${n} confirmed signatures in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`);
  };
  await seed();

  // The export, with RSS and the JS heap sampled every 20 ms while it runs, after a full collection
  // so the seeding's garbage does not count.
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
  const baseline = process.memoryUsage().rss;
  const heapBaseline = process.memoryUsage().heapUsed;
  let peak = baseline;
  let heapPeak = heapBaseline;
  const sampler = setInterval(() => {
    const usage = process.memoryUsage();
    peak = Math.max(peak, usage.rss);
    heapPeak = Math.max(heapPeak, usage.heapUsed);
  }, 20);
  const created = new Date();
  const job = { id: newJobId(created), slug, format: 'csv' as const, status: 'queued' as const, rows: 0, total: n, createdAt: created.toISOString(), createdBy: 'bench', orgId };
  if (!(await createJob(job))) throw new Error('could not queue the job');
  const started = performance.now();
  const outcome = await runExportJob(job, { remainingMs: 15 * 60_000 });
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  (runInNewContext('gc') as () => void)();
  const heapAfter = process.memoryUsage().heapUsed;
  if (outcome !== 'done') throw new Error(`the export ended ${outcome}`);
  const { getJob } = await import('#store/jobs.ts');
  const done = await getJob(slug, job.id);
  if (done?.rows !== n) throw new Error(`exported ${done?.rows} rows, expected ${n}`);
  const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(0);
  console.log(
    `CSV export, ${n} rows (${mb(done.bytes ?? 0)} MB): ${seconds.toFixed(1)} s, ${Math.round(n / seconds)} rows/s; ` +
      `RSS ${mb(baseline)} MB before, peak ${mb(peak)} MB while exporting (+${mb(peak - baseline)} MB); ` +
      `JS heap ${mb(heapBaseline)} MB before, peak +${mb(heapPeak - heapBaseline)} MB, retained after +${mb(Math.max(0, heapAfter - heapBaseline))} MB`,
  );
} finally {
  client.destroy();
  await s3.stop();
  await dynamo.stop();
  rmSync(work, { recursive: true, force: true });
}

/**
 * What GET /api/campaigns costs for N campaigns on a shelf (issue #17, finding campaigns): starts the
 * local stack in memory, puts N open campaigns (META items of about 2 KB, with counters) straight
 * into the petitions table, then for each N measures the read units of the handler's reads (the shelf's
 * Query of the byStatus index page by page, and the BatchGetItem of one page's counters), as DynamoDB
 * Local reports them (ReturnConsumedCapacity), and the median time of a search over HTTP.
 *
 *   npx tsx bench/find-cost.ts [100,500,2000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchGetCommand, BatchWriteCommand, DynamoDBDocumentClient, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { startLocalStack } from '../infra/local/stack.ts';

const sizes = (process.argv[2] ?? '100,500,2000').split(',').map(Number);
const localDir = mkdtempSync(join(tmpdir(), 'undersigned-find-cost-'));
const stack = await startLocalStack({ localDir, port: 0, demo: false, inMemory: true });
const db = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: stack.dynamodb, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }));
const table = stack.tables.PETITIONS_TABLE!;
const text = 'Dear Minister, we ask you to keep the school open. '.repeat(30); // ~1.5 KB

let stored = 0;
async function fill(n: number): Promise<void> {
  const items: Record<string, unknown>[] = [];
  for (; stored < n; stored++) {
    const slug = `campaign-${String(stored).padStart(5, '0')}`;
    const at = new Date(Date.UTC(2026, 0, 1) + stored * 60_000).toISOString();
    items.push(
      { pk: slug, sk: 'META', slug, kind: 'petition', title: `Keep school ${stored} open`, text, targets: [{ name: 'The Minister', office: 'Ministry of Education' }], goal: 1000, status: 'open', listStatus: 'open', orgId: 'demo', language: 'en', version: 1, shards: 64, createdAt: at, updatedAt: at, signerFields: { country: 'optional', comment: 'off' } },
      { pk: slug, sk: 'COUNT', count: stored, pending: 0 },
    );
  }
  for (let i = 0; i < items.length; i += 25) {
    await db.send(new BatchWriteCommand({ RequestItems: { [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
}

console.log('| campaigns on the shelf | Query pages | Query RCU | counters of a 20-item page, RCU | search over HTTP, median of 9 |');
console.log('| --- | --- | --- | --- | --- |');
for (const n of sizes) {
  await fill(n);
  let pages = 0;
  let units = 0;
  let start: Record<string, unknown> | undefined;
  const slugs: string[] = [];
  do {
    const page = await db.send(new QueryCommand({ TableName: table, IndexName: 'byStatus', KeyConditionExpression: 'listStatus = :s', ExpressionAttributeValues: { ':s': 'open' }, ScanIndexForward: false, ExclusiveStartKey: start, ReturnConsumedCapacity: 'TOTAL' }));
    pages++;
    units += page.ConsumedCapacity?.CapacityUnits ?? 0;
    slugs.push(...(page.Items ?? []).map((i) => i.slug as string));
    start = page.LastEvaluatedKey;
  } while (start);
  const counters = await db.send(new BatchGetCommand({ RequestItems: { [table]: { Keys: slugs.slice(0, 20).map((pk) => ({ pk, sk: 'COUNT' })) } }, ReturnConsumedCapacity: 'TOTAL' }));
  const counterUnits = counters.ConsumedCapacity?.reduce((s, c) => s + (c.CapacityUnits ?? 0), 0) ?? 0;
  const times: number[] = [];
  for (let i = 0; i < 9; i++) {
    const t = performance.now();
    const res = await fetch(`${stack.app}/api/campaigns?q=school+${i}`);
    await res.text();
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(`| ${n} | ${pages} | ${units} | ${counterUnits} | ${times[4]!.toFixed(0)} ms |`);
}
await stack.stop();
rmSync(localDir, { recursive: true, force: true });

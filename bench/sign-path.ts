/**
 * The sign path under load, beside what the engine underneath can do. Starts the whole local stack in
 * memory (server, DynamoDB Local, the SES fake, the stream pollers counting as they would in AWS) and,
 * at each concurrency, runs in turn:
 *
 * - the baseline: raw conditional PutItems (attribute_not_exists, an item the size of a signature)
 *   into a table of their own on the same DynamoDB Local, from the same process;
 * - the platform: POST /api/petitions/{slug}/signatures over HTTP, exactly as the page sends it.
 *
 * Proof of work is solved before each platform run and not timed (bench/support.ts: in a browser it
 * is the signer's CPU, not ours); the server checks it at the production cost, as in AWS. Every platform
 * request must answer 202; each one verifies the challenge and writes its submission and the spent
 * challenge in one transaction. The stream consumers run beside it as in AWS: the mailer counts
 * velocity and mails the confirmation link through the SES fake, the counter counts.
 *
 *   npx tsx bench/sign-path.ts [--requests 1000] [--repetitions 3] [--concurrency 1,16,64]
 *
 * Prints progress, then one JSON line: per concurrency, each repetition's throughput and p50/p99, and
 * where the work went: CPU milliseconds per request of this Node process and of DynamoDB Local's JVM,
 * and the DynamoDB calls per request on the shared client: those the request itself made
 * (`handlerCalls`) and those the stream consumers made for it meanwhile (`streamCalls`).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CreateTableCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localClient } from '../infra/local/dynamodb.ts';
import { startLocalStack } from '../infra/local/stack.ts';

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '1000' },
    repetitions: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '1,16,64' },
  },
});
const requests = Number(args.requests);
const repetitions = Number(args.repetitions);
const levels = args.concurrency.split(',').map(Number);
/** At one in flight a run is latency-bound and long; fewer requests give the same figures. */
const requestsAt = (inFlight: number) => (inFlight === 1 ? Math.min(requests, 200) : requests);
const log = (line: string) => process.stderr.write(`${line}\n`);

const localDir = mkdtempSync(join(tmpdir(), 'undersigned-sign-bench-'));
const stack = await startLocalStack({ localDir, port: 0, inMemory: true, log: () => {} });
const client: DynamoDBClient = localClient(stack.dynamodb);
const slug = 'sign-bench';

try {
  const { openBenchCampaign, presolve, CHALLENGE_COST } = await import('./support.ts');
  await openBenchCampaign(slug);

  const baselineTable = 'bench-baseline';
  await client.send(
    new CreateTableCommand({
      TableName: baselineTable,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }],
    }),
  );

  // Every DynamoDB call the handlers make goes through this one client (#lib/clients.ts).
  const { dynamo: handlersClient, withoutSdkLogging } = await import('#lib/clients.ts');
  // The baseline's client without the SDK's logger middleware, like the handlers' own.
  withoutSdkLogging(client);
  // Calls made while serving an HTTP request are the request's; the rest are the stream consumers'
  // (they run in the same process, on timers outside any request).
  const inRequest = new AsyncLocalStorage<true>();
  stack.server.prependListener('request', () => inRequest.enterWith(true));
  let handlerCalls = 0;
  let streamCalls = 0;
  handlersClient.middlewareStack.add(
    (next) => (callArgs) => {
      if (inRequest.getStore()) handlerCalls++;
      else streamCalls++;
      return next(callArgs);
    },
    { step: 'initialize', name: 'benchCallCounter' },
  );

  /** CPU time (ms) of DynamoDB Local's JVM so far, from /proc (Linux; NaN elsewhere). */
  const engineCpuMs = () => {
    try {
      const fields = readFileSync(`/proc/${stack.dynamo.process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
    } catch {
      return Number.NaN;
    }
  };

  /** Runs `n` operations with `inFlight` at a time; returns throughput and each operation's latency. */
  async function load(n: number, inFlight: number, operation: (i: number) => Promise<void>) {
    const latencies = new Float64Array(n);
    let next = 0;
    const cpuBefore = process.cpuUsage();
    const engineBefore = engineCpuMs();
    const callsBefore = handlerCalls;
    const streamBefore = streamCalls;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        for (let i = next++; i < n; i = next++) {
          const t = performance.now();
          await operation(i);
          latencies[i] = performance.now() - t;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    latencies.sort();
    const at = (q: number) => Number(latencies[Math.min(n - 1, Math.floor(q * n))]!.toFixed(2));
    const perRequest = (value: number) => Number((value / n).toFixed(2));
    return {
      perSecond: Math.round(n / seconds), p50: at(0.5), p99: at(0.99),
      nodeCpuMs: perRequest((cpu.user + cpu.system) / 1000), engineCpuMs: perRequest(engineCpuMs() - engineBefore),
      handlerCalls: perRequest(handlerCalls - callsBefore),
      streamCalls: perRequest(streamCalls - streamBefore),
    };
  }

  let run = 0;
  const baseline = (n: number, inFlight: number) => {
    const batch = run++;
    return load(n, inFlight, async (i) => {
      // The size of a pending signature item: keys, a sealed blob, its wrapped data key, hashes, dates.
      await client.send(
        new PutItemCommand({
          TableName: baselineTable,
          Item: {
            pk: { S: `${slug}#${i % 16}` }, sk: { S: `SIG#${batch}-${i}-${randomBytes(16).toString('hex')}` },
            status: { S: 'pending' }, pii: { S: randomBytes(180).toString('base64') }, dataKey: { S: randomBytes(120).toString('base64') },
            tokenHash: { S: randomBytes(32).toString('hex') }, country: { S: 'GE' },
            createdAt: { S: new Date().toISOString() }, expiresAt: { N: String(Math.floor(Date.now() / 1000) + 86_400) },
          },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
    });
  };

  const platform = async (n: number, inFlight: number) => {
    const batch = run++;
    const altchas = await presolve(n);
    return load(n, inFlight, async (i) => {
      const response = await fetch(`${stack.app}/api/petitions/${slug}/signatures`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': 'en' },
        body: JSON.stringify({ name: 'Nino Beridze', email: `b${batch}-${i}@example.org`, country: 'GE', altcha: altchas[i] }),
      });
      await response.arrayBuffer();
      if (response.status !== 202) throw new Error(`sign answered ${response.status}`);
    });
  };

  // A short warm-up of both, so neither pays for the JIT or DynamoDB Local's first seconds.
  await baseline(200, 16);
  await platform(200, 16);

  type Figures = Awaited<ReturnType<typeof load>>;
  const results: Record<number, { baseline: Figures[]; platform: Figures[] }> = {};
  for (let r = 0; r < repetitions; r++) {
    for (const inFlight of levels) {
      const n = requestsAt(inFlight);
      const entry = (results[inFlight] ??= { baseline: [], platform: [] });
      // Alternating baseline and platform within each repetition: drift in the machine hits both.
      const b = await baseline(n, inFlight);
      const p = await platform(n, inFlight);
      entry.baseline.push(b);
      entry.platform.push(p);
      log(`sign path: repetition ${r + 1}/${repetitions}, ${inFlight} in flight, ${n} requests: ` +
        `platform ${p.perSecond}/s p50 ${p.p50} p99 ${p.p99} ms (CPU/request: node ${p.nodeCpuMs} ms, engine ${p.engineCpuMs} ms, ` +
        `${p.handlerCalls} DynamoDB calls, ${p.streamCalls} more from the stream consumers meanwhile); baseline ${b.perSecond}/s p50 ${b.p50} p99 ${b.p99} ms (node ${b.nodeCpuMs} ms, engine ${b.engineCpuMs} ms)`);
    }
  }
  console.log(JSON.stringify({ requests, repetitions, challengeCost: CHALLENGE_COST, results }));
} finally {
  client.destroy();
  await stack.stop();
  rmSync(localDir, { recursive: true, force: true });
}

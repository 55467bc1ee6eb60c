/**
 * The sign path under load, beside what the engine underneath can do. Starts the whole local stack in
 * memory (server, DynamoDB Local, the SES fake, the stream pollers counting as they would in AWS) and,
 * at each concurrency, runs in turn:
 *
 * - the baseline: raw conditional PutItems (attribute_not_exists, an item the size of a signature)
 *   into a table of their own on the same DynamoDB Local, from the same process;
 * - the platform: POST /api/campaigns/{slug}/signatures over HTTP, exactly as the page sends it.
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
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Session } from 'node:inspector/promises';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { CreateTableCommand, PutItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { localClient } from '../infra/local/dynamodb.ts';
import { lambdaContext } from '../infra/local/lambda-context.ts';
import { startLocalStack } from '../infra/local/stack.ts';

const { values: args } = parseArgs({
  options: {
    requests: { type: 'string', default: '1000' },
    repetitions: { type: 'string', default: '3' },
    concurrency: { type: 'string', default: '1,16,64' },
    /** Which parts to run: the HTTP runs, the in-process runs, or both. */
    parts: { type: 'string', default: 'http,in-process' },
    /** Writes a V8 CPU profile of the in-process handler runs alone (not the load, the baseline or the drain) to this file. */
    profile: { type: 'string' },
  },
});
const requests = Number(args.requests);
const repetitions = Number(args.repetitions);
const levels = args.concurrency.split(',').map(Number);
const parts = new Set(args.parts.split(','));
/** The in-process runs keep this many signatures in flight, the level the HTTP goals are set at. */
const IN_PROCESS_IN_FLIGHT = 16;
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
  /**
   * Calls and the capacity the engine says they consumed: a middleware asks every item call for
   * `ReturnConsumedCapacity: 'TOTAL'` (a bench-only change to the request; the platform does not ask)
   * and sums the `ConsumedCapacity` of each answer (one entry, or one per table for transactions).
   */
  const tally = () => ({ calls: 0, capacity: 0 });
  const meters = { request: tally(), stream: tally(), baseline: tally() };
  const itemCall = /^(GetItem|PutItem|UpdateItem|DeleteItem|Query|Scan|BatchGetItem|BatchWriteItem|TransactGetItems|TransactWriteItems|Get|Put|Update|Delete|BatchGet|BatchWrite|TransactGet|TransactWrite)Command$/;
  const meter = (target: DynamoDBClient, pick: () => ReturnType<typeof tally>) =>
    target.middlewareStack.add(
      (next, context) => async (callArgs) => {
        const into = pick();
        into.calls++;
        const input = callArgs.input as { ReturnConsumedCapacity?: string };
        if (itemCall.test(context.commandName ?? '')) input.ReturnConsumedCapacity ??= 'TOTAL';
        const result = await next(callArgs);
        const consumed = (result.output as { ConsumedCapacity?: { CapacityUnits?: number } | { CapacityUnits?: number }[] }).ConsumedCapacity;
        for (const entry of [consumed ?? []].flat()) into.capacity += entry.CapacityUnits ?? 0;
        return result;
      },
      { step: 'initialize', name: 'benchMeter' },
    );
  meter(handlersClient, () => (inRequest.getStore() ? meters.request : meters.stream));
  meter(client, () => meters.baseline);

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
    const callsBefore = meters.request.calls;
    const streamBefore = meters.stream.calls;
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
      handlerCalls: perRequest(meters.request.calls - callsBefore),
      streamCalls: perRequest(meters.stream.calls - streamBefore),
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

  /**
   * The platform's HTTP figures come from autocannon (a load tool others trust and can rerun), one
   * connection per request in flight, each request with its own presolved challenge and address.
   * It shares this process with the server (its own CPU is in nodeCpuMs; the in-process runs below
   * are the figures without it).
   */
  const platform = async (n: number, inFlight: number) => {
    const batch = run++;
    const altchas = await presolve(n);
    const bodies = altchas.map((altcha, i) => JSON.stringify({ name: 'Nino Beridze', email: `b${batch}-${i}@example.org`, country: 'GE', altcha }));
    let sent = 0;
    const cpuBefore = process.cpuUsage();
    const engineBefore = engineCpuMs();
    const callsBefore = meters.request.calls;
    const streamBefore = meters.stream.calls;
    // Our own clock: autocannon's `duration` is in whole seconds, too coarse for runs of a few seconds.
    const started = performance.now();
    const result = await autocannon({
      url: `${stack.app}/api/campaigns/${slug}/signatures`,
      connections: inFlight,
      amount: n,
      requests: [{
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': 'en' },
        setupRequest: (request: Record<string, unknown>) => ({ ...request, body: bodies[sent++ % n] }),
      }],
    });
    const seconds = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpuBefore);
    const ok = result.statusCodeStats?.['202']?.count ?? 0;
    if (ok !== n || result.errors > 0 || result.timeouts > 0) {
      throw new Error(`sign answered 202 to ${ok} of ${n} (status codes ${JSON.stringify(result.statusCodeStats)}, ${result.errors} errors)`);
    }
    const perRequest = (value: number) => Number((value / n).toFixed(2));
    return {
      perSecond: Math.round(n / seconds), p50: result.latency.p50, p99: result.latency.p99,
      nodeCpuMs: perRequest((cpu.user + cpu.system) / 1000), engineCpuMs: perRequest(engineCpuMs() - engineBefore),
      handlerCalls: perRequest(meters.request.calls - callsBefore),
      streamCalls: perRequest(meters.stream.calls - streamBefore),
    };
  };

  type Figures = Awaited<ReturnType<typeof load>>;
  const results: Record<number, { baseline: Figures[]; platform: Figures[] }> = {};
  // A short warm-up of both, so neither pays for the JIT or DynamoDB Local's first seconds.
  if (parts.has('http')) {
    await baseline(200, 16);
    await platform(200, 16);
  }
  for (let r = 0; parts.has('http') && r < repetitions; r++) {
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

  // --- In process: the sign handler invoked as the local server invokes it, without HTTP ---------
  // The stream pollers are stopped while the handler runs, so this process's CPU is the handler's
  // (with the SDK client's share of each call, as in a Lambda) and nothing else's; the consumers then
  // drain what it wrote, measured apart: that is the work a signature costs off the request path.
  const { handler: signHandler } = (await import('../functions/http/sign.ts')) as unknown as {
    handler: (event: unknown, context: ReturnType<typeof lambdaContext>) => Promise<{ statusCode?: number }>;
  };
  const { verifySignChallenge, challengeSecret } = await import('#rules/challenge.ts');
  const { dataKeyProviderCalls } = await import('#crypto/data-keys.ts');
  const routeKey = 'POST /api/campaigns/{slug}/signatures';
  const invoke = (body: string, i: number) => {
    const now = new Date();
    const path = `/api/campaigns/${slug}/signatures`;
    return inRequest.run(true, () =>
      signHandler(
        {
          version: '2.0', routeKey, rawPath: path, rawQueryString: '',
          headers: { 'content-type': 'application/json', 'accept-language': 'en', host: '127.0.0.1', 'content-length': String(body.length) },
          pathParameters: { slug },
          requestContext: {
            accountId: 'local', apiId: 'local', domainName: '127.0.0.1', domainPrefix: '127',
            http: { method: 'POST', path, protocol: 'HTTP/1.1', sourceIp: `10.0.${(i >> 8) & 255}.${i & 255}`, userAgent: 'bench' },
            requestId: randomUUID(), routeKey, stage: '$default', time: now.toUTCString(), timeEpoch: now.getTime(),
          },
          body, isBase64Encoded: false,
        },
        lambdaContext('sign'),
      ),
    );
  };
  const mailCount = async () => ((await (await fetch(`${stack.mailbox}/store`)).json()) as { emails: unknown[] }).emails.length;
  const pollers = Object.values(stack.pollers);
  const drainAll = async () => {
    // The mailer's marks are stream records too: a second pass lets every consumer see them.
    for (let pass = 0; pass < 2; pass++) for (const each of pollers) await each.drain();
  };
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  const perUnit = (value: number, n: number, digits = 3) => Number((value / n).toFixed(digits));

  const inProcessRun = async (n: number) => {
    const batch = run++;
    const altchas = await presolve(n);
    const bodies = altchas.map((altcha, i) =>
      JSON.stringify({ name: 'Nino Beridze', email: `p${batch}-${i}@example.org`, country: 'GE', altcha }),
    );
    // One raw conditional PutItem's client CPU, now, with nothing else running.
    const baseBefore = { ...meters.baseline };
    let t = process.cpuUsage();
    const rawFigures = await baseline(n, IN_PROCESS_IN_FLIGHT);
    const rawCpu = cpuMs(t);
    const rawCalls = meters.baseline.calls - baseBefore.calls;
    const rawCapacity = meters.baseline.capacity - baseBefore.capacity;
    // One proof-of-work verification's CPU (PBKDF2 runs on libuv's pool; process.cpuUsage counts it).
    const verifyAltchas = await presolve(Math.min(n, 200));
    const secret = challengeSecret(process.env.HASH_KEY!);
    t = process.cpuUsage();
    for (const payload of verifyAltchas) if (!(await verifySignChallenge(payload, secret)).ok) throw new Error('bench challenge refused');
    const powCpu = cpuMs(t) / verifyAltchas.length;
    // The handler.
    const requestBefore = { ...meters.request };
    const kmsBefore = { ...dataKeyProviderCalls };
    const mailsBefore = await mailCount();
    if (profiler) await profiler.post('Profiler.start');
    t = process.cpuUsage();
    const handlerFigures = await load(n, IN_PROCESS_IN_FLIGHT, async (i) => {
      const answer = await invoke(bodies[i]!, i);
      if (answer.statusCode !== 202) throw new Error(`sign handler answered ${answer.statusCode}`);
    });
    const handlerCpu = cpuMs(t);
    if (profiler) profiles.push((await profiler.post('Profiler.stop')).profile);
    const kmsRequest = dataKeyProviderCalls.generate - kmsBefore.generate + dataKeyProviderCalls.wrap - kmsBefore.wrap + dataKeyProviderCalls.unwrap - kmsBefore.unwrap;
    const requestCalls = meters.request.calls - requestBefore.calls;
    const requestCapacity = meters.request.capacity - requestBefore.capacity;
    // What follows from the stream for these signatures.
    const streamBefore = { ...meters.stream };
    const kmsStreamBefore = { ...dataKeyProviderCalls };
    t = process.cpuUsage();
    await drainAll();
    const streamCpu = cpuMs(t);
    const mails = (await mailCount()) - mailsBefore;
    const kmsStream = dataKeyProviderCalls.generate - kmsStreamBefore.generate + dataKeyProviderCalls.wrap - kmsStreamBefore.wrap + dataKeyProviderCalls.unwrap - kmsStreamBefore.unwrap;
    return {
      signatures: n, inFlight: IN_PROCESS_IN_FLIGHT,
      perSecond: handlerFigures.perSecond, p50: handlerFigures.p50, p99: handlerFigures.p99,
      handlerCpuMs: perUnit(handlerCpu, n), rawPutCpuMs: perUnit(rawCpu, n), powVerifyCpuMs: perUnit(powCpu, 1),
      rawPutPerSecond: rawFigures.perSecond,
      // DynamoDB Local's JVM CPU per operation: what the engine spends on a signature's calls against one PutItem.
      engineCpuMs: handlerFigures.engineCpuMs, rawPutEngineCpuMs: rawFigures.engineCpuMs,
      requestCalls: perUnit(requestCalls, n), requestCapacity: perUnit(requestCapacity, n),
      rawPutCalls: perUnit(rawCalls, n), rawPutCapacity: perUnit(rawCapacity, n),
      kmsCallsRequest: perUnit(kmsRequest, n, 5), kmsCallsStream: perUnit(kmsStream, n, 5),
      streamCalls: perUnit(meters.stream.calls - streamBefore.calls, n), streamCapacity: perUnit(meters.stream.capacity - streamBefore.capacity, n),
      streamCpuMs: perUnit(streamCpu, n), mails: perUnit(mails, n),
    };
  };

  // The profile covers only the handler's runs: one profile per repetition, their samples merged by the reader.
  const profiler = args.profile ? new Session() : undefined;
  const profiles: unknown[] = [];
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.setSamplingInterval', { interval: 200 });
  }
  const inProcess: Awaited<ReturnType<typeof inProcessRun>>[] = [];
  if (parts.has('in-process')) {
    await Promise.all(pollers.map((each) => each.stop()));
    await drainAll();
    await inProcessRun(200); // warm-up: the JIT, and the handler's first data key
    for (let r = 0; r < repetitions; r++) {
      const figures = await inProcessRun(requests);
      inProcess.push(figures);
      log(`sign path: in process, repetition ${r + 1}/${repetitions}, ${requests} signatures at ${IN_PROCESS_IN_FLIGHT} in flight: ` +
        `handler CPU ${figures.handlerCpuMs} ms/signature vs raw PutItem ${figures.rawPutCpuMs} ms + proof of work ${figures.powVerifyCpuMs} ms; ` +
        `${figures.requestCalls} DynamoDB calls (${figures.requestCapacity} capacity units, engine CPU ${figures.engineCpuMs} ms) vs ${figures.rawPutCapacity} for a PutItem (engine ${figures.rawPutEngineCpuMs} ms); ` +
        `KMS ${figures.kmsCallsRequest}/signature; then the stream: ${figures.streamCalls} calls (${figures.streamCapacity} units), ${figures.streamCpuMs} ms CPU, ${figures.mails} mails/signature`);
    }
  }
  if (profiler && args.profile) {
    // The last repetition's profile (the warm-up's is dropped), as a .cpuprofile Chrome DevTools opens.
    writeFileSync(args.profile, JSON.stringify(profiles.at(-1)));
    profiler.disconnect();
  }
  console.log(JSON.stringify({ requests, repetitions, challengeCost: CHALLENGE_COST, results, inProcess }));
} finally {
  client.destroy();
  await stack.stop();
  rmSync(localDir, { recursive: true, force: true });
}

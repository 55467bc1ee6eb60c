/**
 * The standalone bench scripts (bench/freshness.ts, bench/export.ts, bench/dossier.ts), run as they
 * are from the command line — each in its own process, so each starts its engines and measures its
 * own peak RSS — and their one-line output read back. They stay usable on their own.
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { median, type Row, type RunOptions, type Scenario, type ScenarioResult } from './types.ts';

const exec = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

async function script(name: string, args: (string | number)[], log?: (line: string) => void, nodeArgs: string[] = []): Promise<string> {
  const child = exec(process.execPath, [...nodeArgs, '--import', 'tsx', `bench/${name}`, ...args.map(String)], {
    cwd: root,
    maxBuffer: 64 * 1024 * 1024,
  });
  // The scripts' own progress lines (stderr, "name: …"), passed on so a long run shows where it is.
  if (log) child.child.stderr?.on('data', (chunk: Buffer) => {
    for (const line of chunk.toString().split('\n')) if (/^[a-z][\w -]*: /.test(line)) log(line);
  });
  const { stdout } = await child;
  return stdout.trim().split('\n').at(-1)!;
}

function read(line: string, pattern: RegExp, what: string): number {
  const match = line.match(pattern);
  if (!match) throw new Error(`no ${what} in: ${line}`);
  return Number(match[1]);
}

interface InProcessFigures {
  signatures: number; inFlight: number; perSecond: number; p50: number; p99: number;
  handlerCpuMs: number; rawPutCpuMs: number; powVerifyCpuMs: number; rawPutPerSecond: number; engineCpuMs: number; rawPutEngineCpuMs: number;
  requestCalls: number; requestCapacity: number; rawPutCalls: number; rawPutCapacity: number;
  kmsCallsRequest: number; kmsCallsStream: number; streamCalls: number; streamCapacity: number; streamCpuMs: number; mails: number;
}

interface SignFigures { perSecond: number; p50: number; p99: number; nodeCpuMs: number; engineCpuMs: number; handlerCalls: number; streamCalls?: number }

export const signPath: Scenario = {
  name: 'sign path',
  async run({ quick, log }: RunOptions): Promise<ScenarioResult> {
    const requests = quick ? 300 : 1000;
    const repetitions = quick ? 2 : 3;
    log(`sign path: ${repetitions} repetitions at 1, 16 and 64 in flight (${requests} requests, 200 at 1 in flight)`);
    const line = await script('sign-path.ts', ['--requests', requests, '--repetitions', repetitions], log);
    const { results, challengeCost, inProcess } = JSON.parse(line) as {
      challengeCost: number; results: Record<string, { baseline: SignFigures[]; platform: SignFigures[] }>; inProcess: InProcessFigures[];
    };
    const rows: Row[] = [];
    const notes: string[] = [];
    const mid = (list: SignFigures[], key: keyof SignFigures) => Number(median(list.map((f) => f[key] ?? 0)).toFixed(2));
    for (const [inFlight, { baseline, platform }] of Object.entries(results)) {
      const samples = (list: SignFigures[], key: keyof SignFigures, unit: string) => ({ unit, values: list.map((f) => f[key] ?? 0) });
      const ratio = mid(platform, 'perSecond') / mid(baseline, 'perSecond');
      rows.push({
        measure: `${inFlight} in flight: signatures/s (baseline: conditional PutItems/s)`,
        value: samples(platform, 'perSecond', '/s'),
        baseline: samples(baseline, 'perSecond', '/s'),
        goal: '≥ 0.6× baseline',
        pass: ratio >= 0.6,
      });
      rows.push({ measure: `${inFlight} in flight: p50 latency`, value: samples(platform, 'p50', 'ms'), baseline: samples(baseline, 'p50', 'ms') });
      const p99Goal = inFlight === '16' ? { goal: '≤ baseline p99 + 15 ms', pass: mid(platform, 'p99') <= mid(baseline, 'p99') + 15 } : {};
      rows.push({ measure: `${inFlight} in flight: p99 latency`, value: samples(platform, 'p99', 'ms'), baseline: samples(baseline, 'p99', 'ms'), ...p99Goal });
      notes.push(
        `${inFlight} in flight, CPU per request (medians): this Node process ${mid(platform, 'nodeCpuMs')} ms for a signature vs ${mid(baseline, 'nodeCpuMs')} ms for a PutItem; ` +
          `DynamoDB Local's JVM ${mid(platform, 'engineCpuMs')} ms vs ${mid(baseline, 'engineCpuMs')} ms; ${mid(platform, 'handlerCalls')} DynamoDB calls per sign request, and ${mid(platform, 'streamCalls')} by the stream consumers (mailer, counter) meanwhile.`,
      );
    }
    if (inProcess.length > 0) {
      const list = (key: keyof InProcessFigures, unit: string) => ({ unit, values: inProcess.map((f) => f[key]) });
      const at = (key: keyof InProcessFigures) => median(inProcess.map((f) => f[key]));
      const cpuGoal = at('rawPutCpuMs') + at('powVerifyCpuMs');
      const inFlight = inProcess[0]!.inFlight;
      rows.push(
        {
          measure: `in process, ${inFlight} in flight: sign handler CPU per signature (baseline: one raw PutItem's client CPU + one proof-of-work check)`,
          value: list('handlerCpuMs', 'ms'),
          baseline: { unit: 'ms', values: inProcess.map((f) => f.rawPutCpuMs + f.powVerifyCpuMs) },
          goal: '≤ 2× baseline',
          pass: at('handlerCpuMs') <= 2 * cpuGoal,
        },
        { measure: 'in process: raw conditional PutItem, client CPU each', value: list('rawPutCpuMs', 'ms') },
        { measure: 'in process: one proof-of-work verification, CPU', value: list('powVerifyCpuMs', 'ms') },
        { measure: `in process, ${inFlight} in flight: signatures/s (baseline: conditional PutItems/s)`, value: list('perSecond', '/s'), baseline: list('rawPutPerSecond', '/s') },
        { measure: `in process, ${inFlight} in flight: p99 latency`, value: list('p99', 'ms') },
        { measure: 'in process: DynamoDB Local JVM CPU per signature (baseline: per PutItem)', value: list('engineCpuMs', 'ms'), baseline: list('rawPutEngineCpuMs', 'ms') },
        { measure: 'request: DynamoDB calls per signature', value: list('requestCalls', 'calls'), goal: '≤ 2', pass: at('requestCalls') <= 2 },
        { measure: 'request: consumed capacity per signature (baseline: one PutItem)', value: list('requestCapacity', 'units'), baseline: list('rawPutCapacity', 'units') },
        { measure: 'request: KMS calls per signature', value: list('kmsCallsRequest', 'calls'), goal: '≤ 0.001', pass: at('kmsCallsRequest') <= 0.001 },
        { measure: 'stream, per signature: DynamoDB calls', value: list('streamCalls', 'calls') },
        { measure: 'stream, per signature: consumed capacity', value: list('streamCapacity', 'units') },
        { measure: 'stream, per signature: CPU of the consumers', value: list('streamCpuMs', 'ms') },
        { measure: 'stream, per signature: KMS calls', value: list('kmsCallsStream', 'calls') },
        { measure: 'mails per signature (all first signers: one confirmation each)', value: list('mails', 'mails'), goal: '= 1', pass: inProcess.every((f) => f.mails === 1) },
      );
    }
    return {
      name: this.name,
      rows,
      notes: [
        ...(inProcess.length > 0
          ? [
              `In process (bench/sign-path.ts --parts in-process): the sign handler module invoked with the HTTP API event the local server builds, ${inProcess[0]!.signatures} signatures a repetition at ${inProcess[0]!.inFlight} in flight, with the stream pollers stopped, so process.cpuUsage() over the run is the handler's own CPU (its SDK calls included, as in a Lambda; PBKDF2 on libuv's pool counted too). ` +
                'In the same repetition and the same quiet process: raw conditional PutItems at the same concurrency, and proof-of-work verifications one after another. Then the pollers drain what the handler wrote, timed and counted apart (velocity, mail, count): off the request path.',
              'Consumed capacity: a bench middleware on the handlers\' DynamoDB client asks every item call for ReturnConsumedCapacity TOTAL and sums what DynamoDB Local answers (the platform itself does not ask). KMS calls: data-key provider calls (functions/crypto/data-keys.ts dataKeyProviderCalls; in AWS each one is a KMS call, locally the file provider stands in).',
            ]
          : []),
        `bench/sign-path.ts: the whole local stack in memory, the stream pollers counting meanwhile; ${repetitions} repetitions, baseline and platform alternating. ` +
          `Baseline: conditional PutItems of a signature-sized item on the same DynamoDB Local. Platform: POST …/signatures over HTTP driven by autocannon (one connection per request in flight; its latencies are whole milliseconds), every answer 202.`,
        `Proof of work solved before each run and not timed; the server checks it at the production cost (${challengeCost}). The load generator, the server, the SES fake and the pollers share this one Node process.`,
        ...notes,
      ],
      data: results,
    };
  },
};

export const freshness: Scenario = {
  name: 'count freshness',
  async run({ quick, log }: RunOptions): Promise<ScenarioResult> {
    const seconds = quick ? 15 : 30;
    const rate = 100;
    const repetitions = quick ? 2 : 3;
    const runs: { probes: number; p50: number; p95: number; max: number; signaturesPerSecond: number; confirmations: number; failures: number }[] = [];
    for (let i = 0; i < repetitions; i++) {
      log(`count freshness: run ${i + 1}/${repetitions}, ${seconds} s under ${rate} signatures/s asked`);
      runs.push(JSON.parse(await script('freshness.ts', ['--seconds', seconds, '--rate', rate], log)));
    }
    const p95 = runs.map((r) => r.p95);
    const sorted = [...p95].sort((a, b) => a - b);
    const rows: Row[] = [
      { measure: 'confirmation → count visible, p50', value: { unit: 'ms', values: runs.map((r) => r.p50) } },
      { measure: 'confirmation → count visible, p95', value: { unit: 'ms', values: p95 }, goal: '≤ 2,000 ms (median run)', pass: sorted[sorted.length >> 1]! <= 2000 },
      { measure: 'load achieved: signatures/s (each also confirmed)', value: { unit: '/s', values: runs.map((r) => r.signaturesPerSecond) }, goal: `${rate}/s asked`, pass: runs.every((r) => r.signaturesPerSecond >= rate * 0.95) },
    ];
    return {
      name: this.name,
      rows,
      notes: [
        `bench/freshness.ts, ${repetitions} runs of ${seconds} s on the local stack (in-memory DynamoDB Local, the local stream poller): a load of ${rate} signatures/s asked (at most 32 in flight), each confirmed from its mail, and probes one after another (${runs.map((r) => r.probes).join(', ')} a run). No baseline: the figure is a delay, against a goal.`,
        `Failed requests during the runs: ${runs.map((r) => r.failures).join(', ')}.`,
      ],
      data: runs,
    };
  },
};

interface ExportRun { seconds: number; rows: number; rowsPerSecond: number; rssBeforeMb: number; peakRssMb: number }

export const csvExport: Scenario = {
  name: 'export',
  async run({ quick, log }: RunOptions): Promise<ScenarioResult> {
    const sizes = quick ? [[10_000, 2], [100_000, 1]] : [[10_000, 3], [100_000, 2], [1_000_000, 1]];
    const rows: Row[] = [];
    const data: Record<number, unknown> = {};
    const seeding: string[] = [];
    for (const [size, repetitions] of sizes as [number, number][]) {
      log(`export: seeding ${size.toLocaleString('en')} signatures, then ${repetitions} × (raw Queries, export)`);
      const result = JSON.parse(await script('export.ts', ['--rows', size, '--repetitions', repetitions], log)) as {
        seedSeconds: number;
        baseline: ExportRun[];
        export: ExportRun[];
      };
      data[size] = result;
      seeding.push(`${size.toLocaleString('en')} in ${result.seedSeconds} s`);
      const rate = (runs: ExportRun[]) => ({ unit: 'rows/s', values: runs.map((r) => r.rowsPerSecond) });
      const ratio = median(result.export.map((r) => r.rowsPerSecond)) / median(result.baseline.map((r) => r.rowsPerSecond));
      const label = size.toLocaleString('en');
      rows.push({ measure: `CSV, ${label} rows: rows/s (baseline: raw paginated Queries)`, value: rate(result.export), baseline: rate(result.baseline), goal: '≥ 0.7× baseline', pass: ratio >= 0.7 });
      rows.push({
        measure: `CSV, ${label} rows: peak RSS of the process (baseline: raw Queries)`,
        value: { unit: 'MB', values: result.export.map((r) => r.peakRssMb) },
        baseline: { unit: 'MB', values: result.baseline.map((r) => r.peakRssMb) },
        goal: '≤ 256 MB',
        pass: Math.max(...result.export.map((r) => r.peakRssMb)) <= 256,
      });
    }
    return {
      name: this.name,
      rows,
      notes: [
        `bench/export.ts: N sealed confirmed signatures over ${(Object.values(data)[0] as { shards: number }).shards} partitions on DynamoDB Local (in memory); each run in a fresh process (JS heap capped at ${(Object.values(data)[0] as { heapCapMb: number }).heapCapMb} MB, so garbage does not pass for growth) with its modules loaded before the clock starts, baseline and export alternating.`,
        'Baseline: Queries of every signature partition, 4 at a time, with the export\'s projection, items counted and dropped. Export: the job as the runner Lambda runs it: read, open each name (AES-GCM), write the CSV, upload in 5 MB parts to the local S3.',
        'RSS is the whole Node process, tsx (the TypeScript loader) included: about 100 MB before any work. Memory is flat when the peak does not grow with the size.',
        `Seeding (not timed in the table): ${seeding.join(', ')}.`,
      ],
      data,
    };
  },
};

const DOSSIER_HEAP_CAP_MB = 128;

export const dossier: Scenario = {
  name: 'delivery PDF',
  async run({ quick, log }: RunOptions): Promise<ScenarioResult> {
    const sizes = quick ? [[1_000, 3], [10_000, 1]] : [[1_000, 3], [10_000, 3], [100_000, 1]];
    const rows: Row[] = [];
    const data: Record<number, unknown[]> = {};
    let smallest: number | undefined;
    for (const [size, repetitions] of sizes as [number, number][]) {
      const runs: { seconds: number; peakRss: string; pages: number }[] = [];
      for (let i = 0; i < repetitions; i++) {
        log(`delivery PDF: ${size} signatories, run ${i + 1}/${repetitions}`);
        // The JS heap capped at 128 MB, as for the CSV export (bench/export.ts): V8 otherwise lets
        // garbage pile up towards its default limit, and RSS grows with the size whatever is kept.
        runs.push(JSON.parse(await script('dossier.ts', [size], undefined, [`--max-old-space-size=${DOSSIER_HEAP_CAP_MB}`])));
      }
      data[size] = runs;
      const rss = runs.map((r) => Number.parseFloat(r.peakRss));
      rows.push({
        measure: `${size.toLocaleString('en')} signatories (${runs[0]!.pages} pages): time`,
        value: { unit: 's', values: runs.map((r) => r.seconds) },
        ...(size === 100_000 ? { goal: '≤ 60 s', pass: Math.max(...runs.map((r) => r.seconds)) <= 60 } : {}),
      });
      rows.push({
        measure: `${size.toLocaleString('en')} signatories: peak RSS`,
        value: { unit: 'MB', values: rss },
        ...(smallest !== undefined && size === (sizes.at(-1) as number[])[0]
          ? { goal: `flat: ≤ 1.5× the ${(sizes[0] as number[])[0]!.toLocaleString('en')} run's`, pass: median(rss) <= 1.5 * smallest }
          : {}),
      });
      smallest ??= median(rss);
    }
    return {
      name: this.name,
      rows,
      notes: [
        'bench/dossier.ts: the PDF streamed to a byte-counting sink that is slow now and then (backpressure); peak RSS sampled every 50 ms; JS heap capped at 128 MB. Memory is flat when peak RSS stays about the same across sizes.',
        'The signatories are held sorted in columns (SignatoryTable) and read three times: figures for the cover, a layout pass for the page count ("Page N of M"), and the drawing.',
        ...(quick ? ['Quick mode: 1k and 10k signatories; the 100k goal is checked in the full run.'] : []),
      ],
      data,
    };
  },
};

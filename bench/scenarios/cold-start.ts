/**
 * Cold start: the size of each Lambda bundle as the stack builds it, and how long a fresh Node process
 * takes to import and initialise its handler module — the part of a cold start our code controls
 * (the runtime's own start and the code download come on top, and do not depend on us).
 *
 * The stack is synthesised with real esbuild bundling (as test/infra/bundles.test.ts does), then each
 * index.mjs is imported in its own `node` process with exactly the environment the stack gives that
 * function: literal values as they are, CloudFormation references replaced by stand-ins, and a
 * secret's value in place of its ARN (in AWS, loadSecret would fetch it from Secrets Manager).
 *
 * Baseline: the DynamoDB document client alone, bundled with the same esbuild options — the floor of
 * any function that touches a table.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { App } from 'aws-cdk-lib';
import { build } from 'esbuild';
import { routes } from '../../functions/routes.ts';
import { UndersignedStack } from '../../infra/stack.ts';
import { synthContext } from '../../test/infra/context.ts';
import type { Row, RunOptions, Scenario, ScenarioResult } from './types.ts';

const run = promisify(execFile);

const SIZE_GOAL = 300 * 1024;
const TIME_GOAL_MS = 60;

/** Stand-ins for the values that are CloudFormation references in the template. */
const placeholder: Record<string, string> = {
  DATA_KEY_ID: 'arn:aws:kms:eu-central-1:123456789012:key/00000000-0000-0000-0000-000000000000',
  MAIL_FROM: 'Undersigned <no-reply@example.org>',
  SITE_URL: 'https://undersigned.example.org',
};

/** What Lambda itself puts in every function's environment (credentials are env vars there too). */
const lambdaEnv = {
  PATH: process.env.PATH ?? '/usr/bin:/bin',
  AWS_REGION: 'eu-central-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
};

/** The child measures from just before the dynamic import until the module (and its top-level awaits) is done. */
const importer =
  'const t0 = performance.now(); const m = await import(process.argv[1]);' +
  "if (typeof m.handler !== 'function') throw new Error('no handler export');" +
  'process.stdout.write(String(performance.now() - t0));';

async function importTimes(file: string, env: Record<string, string>, repetitions: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < repetitions; i++) {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', importer, pathToFileURL(file).href], { env });
    times.push(Number(stdout));
  }
  return times;
}

function environmentOf(variables: Record<string, unknown>): Record<string, string> {
  const env: Record<string, string> = { ...lambdaEnv };
  for (const [key, value] of Object.entries(variables)) {
    if (key.endsWith('_SECRET_ARN')) env[key.replace(/_SECRET_ARN$/, '')] = `bench-${key.toLowerCase()}-0123456789abcdef0123`;
    else env[key] = typeof value === 'string' ? value : (placeholder[key] ?? `bench-${key.toLowerCase()}`);
  }
  return env;
}

export const coldStart: Scenario = {
  name: 'cold start',
  async run({ quick, log }: RunOptions): Promise<ScenarioResult> {
    const repetitions = 5;
    const outdir = mkdtempSync(join(tmpdir(), 'undersigned-bench-synth-'));
    try {
      log('cold start: synthesising the stack with real bundling (a minute or two)…');
      // The deploy settings the stack insists on (test/infra/context.ts), with real bundling.
      const app = new App({ outdir, context: synthContext({ bundle: true }) });
      const stack = new UndersignedStack(app, 'Undersigned');
      const template = app.synth().getStackByName(stack.stackName).template as {
        Resources: Record<string, { Properties: Record<string, any> }>;
      };

      const baselineFile = join(outdir, 'baseline.mjs');
      await build({
        stdin: {
          contents:
            "import { DynamoDBClient } from '@aws-sdk/client-dynamodb'; import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';" +
            'export const handler = () => DynamoDBDocumentClient.from(new DynamoDBClient({}));',
          resolveDir: process.cwd(),
        },
        bundle: true, platform: 'node', format: 'esm', target: 'node22', minify: true, charset: 'utf8', mainFields: ['module', 'main'],
        // As the stack bundles every function: credentials from the environment only (functions/lib/lambda-credentials.ts).
        alias: { '@aws-sdk/credential-provider-node': join(process.cwd(), 'functions', 'lib', 'lambda-credentials.ts') },
        banner: { js: "import { createRequire as __r } from 'node:module'; const require = __r(import.meta.url);" },
        outfile: baselineFile,
      });
      const baseline = { unit: 'ms', values: await importTimes(baselineFile, lambdaEnv, repetitions) };
      const baselineSize = { unit: 'KB', value: statSync(baselineFile).size / 1024 };

      const api = new Set(routes.map((route) => route.name));
      const rows: Row[] = [];
      const functions: Record<string, { api: boolean; bytes: number; importMs: number[] }> = {};
      // Quick mode: the API functions only (the goal is theirs), not the stream consumers and jobs.
      const names = [...stack.functions.keys()].filter((name) => !quick || api.has(name));
      for (const name of names) {
        const fn = stack.functions.get(name)!;
        const properties = template.Resources[stack.getLogicalId(fn.node.defaultChild as never)]!.Properties;
        const file = join(outdir, `asset.${(properties.Code.S3Key as string).replace(/\.zip$/, '')}`, 'index.mjs');
        const bytes = statSync(file).size;
        log(`cold start: ${name}`);
        const times = await importTimes(file, environmentOf(properties.Environment?.Variables ?? {}), repetitions);
        const isApi = api.has(name);
        functions[name] = { api: isApi, bytes, importMs: times };
        rows.push({
          measure: `${name}: bundle`,
          value: { unit: 'KB', value: bytes / 1024 },
          baseline: baselineSize,
          ...(isApi ? { goal: '≤ 300 KB', pass: bytes <= SIZE_GOAL } : {}),
        });
        const sorted = [...times].sort((a, b) => a - b);
        rows.push({
          measure: `${name}: import + init`,
          value: { unit: 'ms', values: times },
          baseline,
          ...(isApi ? { goal: '≤ 60 ms (median)', pass: sorted[sorted.length >> 1]! <= TIME_GOAL_MS } : {}),
        });
      }
      return {
        name: this.name,
        rows,
        notes: [
          `${repetitions} fresh \`node\` processes per function (${process.version}); the time is from the dynamic import to the module being ready, top-level awaits included.`,
          'Baseline: the DynamoDB document client alone, bundled with the same esbuild options; ratios are medians.',
          'Goals apply to the API functions (the HTTP routes); stream consumers and jobs are shown without one.',
          'Not included: the Lambda runtime start, the code download, and fetching secrets from Secrets Manager (here given as values).',
          ...(quick ? ['Quick mode: API functions only.'] : []),
        ],
        data: { baseline: { bytes: baselineSize.value * 1024, importMs: baseline.values }, functions },
      };
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  },
};

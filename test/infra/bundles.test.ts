/**
 * The Lambda bundles as deployed: synthesise with real esbuild bundling, then load each bundle in a
 * fresh module scope and call it. Catches what the template tests cannot — an ESM bundle that fails
 * at import (top-level await, CommonJS `require`, the package.json import aliases).
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes, scheduledJobs, streamConsumers } from '../../functions/routes.ts';
import { UndersignedStack } from '../../infra/stack.ts';

const outdir = mkdtempSync(join(tmpdir(), 'undersigned-synth-'));
/** Function name → folder of its bundle in the cloud assembly. */
const bundleDirs = new Map<string, string>();

beforeAll(() => {
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'));
  const app = new App({ outdir, context: cdkJson.context });
  const stack = new UndersignedStack(app, 'Undersigned');
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template as {
    Resources: Record<string, { Type: string; Properties: Record<string, any> }>;
  };
  for (const [name, fn] of stack.functions) {
    const resource = template.Resources[stack.getLogicalId(fn.node.defaultChild as never)]!;
    const key = resource.Properties.Code.S3Key as string;
    bundleDirs.set(name, join(outdir, `asset.${key.replace(/\.zip$/, '')}`));
  }
  // The handlers read these at import; real values come from the stack's environment in AWS.
  Object.assign(process.env, {
    AWS_REGION: 'eu-central-1',
    AWS_ACCESS_KEY_ID: 'test',
    AWS_SECRET_ACCESS_KEY: 'test',
    POWERTOOLS_LOG_LEVEL: 'ERROR',
    PETITIONS_TABLE: 'bundle-petitions',
    SIGNATURES_TABLE: 'bundle-signatures',
    SIGNALS_TABLE: 'bundle-signals',
    HASH_KEY: 'bundle-test-hash-key-0123456789abcdef',
    ORGANISER_TOKEN: 'bundle-test-organiser-token-0123456789',
    // KMS is only called on first use, never at import.
    DATA_KEY_ID: 'arn:aws:kms:eu-central-1:123456789012:key/00000000-0000-0000-0000-000000000000',
    MAIL_FROM: 'Undersigned <no-reply@example.org>',
    SITE_URL: 'https://undersigned.example.org',
  });
  delete process.env.DATA_KEY_FILE;
}, 120_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

const load = async (name: string) => import(pathToFileURL(join(bundleDirs.get(name)!, 'index.mjs')).href);

describe('Lambda bundles', () => {
  it.each([...routes, ...streamConsumers, ...scheduledJobs].map((f) => f.name))('%s is one ESM file with a source map that loads', async (name) => {
    const dir = bundleDirs.get(name)!;
    expect(statSync(join(dir, 'index.mjs')).size).toBeGreaterThan(0);
    expect(statSync(join(dir, 'index.mjs.map')).size).toBeGreaterThan(0);
    const module = await load(name);
    expect(typeof module.handler).toBe('function');
  });

  it('the bundled health handler answers like the source does', async () => {
    const { handler } = await load('health');
    const result = await handler({ version: '2.0', routeKey: 'GET /api/health', rawPath: '/api/health', headers: {} }, {});
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body)).toEqual({ status: 'ok' });
  });

  it('the bundled sign handler validates with zod and answers a 400 without touching DynamoDB', async () => {
    const { handler } = await load('sign');
    const result = await handler(
      {
        version: '2.0',
        routeKey: 'POST /api/petitions/{slug}/signatures',
        rawPath: '/api/petitions/x/signatures',
        headers: { 'content-type': 'application/json' },
        pathParameters: { slug: 'x' },
        body: JSON.stringify({ name: '', email: 'nope', country: 'GE' }),
        isBase64Encoded: false,
      },
      {},
    );
    expect(result.statusCode).toBe(400);
    expect(Object.keys(JSON.parse(result.body).error.fields).sort()).toEqual(['altcha', 'email', 'name']);
  });
});

/**
 * The Lambda bundles as deployed: synthesise with real esbuild bundling, then load each bundle in a
 * fresh module scope and call it. Catches what the template tests cannot — an ESM bundle that fails
 * at import (top-level await, CommonJS `require`, the package.json import aliases).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LANGUAGES } from '../../functions/lib/language.ts';
import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routes, scheduledJobs, streamConsumers } from '../../functions/routes.ts';
import { UndersignedStack } from '../../infra/stack.ts';
import { synthContext } from './context.ts';

const outdir = mkdtempSync(join(tmpdir(), 'undersigned-synth-'));
/** Function name → folder of its bundle in the cloud assembly. */
const bundleDirs = new Map<string, string>();
/** Function name → the environment variable names the stack gives it. */
const bundleEnv = new Map<string, string[]>();

beforeAll(() => {
  const app = new App({ outdir, context: synthContext({ bundle: true }) });
  const stack = new UndersignedStack(app, 'Undersigned');
  const assembly = app.synth();
  const template = assembly.getStackByName(stack.stackName).template as {
    Resources: Record<string, { Type: string; Properties: Record<string, any> }>;
  };
  for (const [name, fn] of stack.functions) {
    const resource = template.Resources[stack.getLogicalId(fn.node.defaultChild as never)]!;
    const key = resource.Properties.Code.S3Key as string;
    bundleDirs.set(name, join(outdir, `asset.${key.replace(/\.zip$/, '')}`));
    bundleEnv.set(name, Object.keys(resource.Properties.Environment?.Variables ?? {}));
  }
  Object.assign(process.env, { AWS_REGION: 'eu-central-1', AWS_ACCESS_KEY_ID: 'test', AWS_SECRET_ACCESS_KEY: 'test' });
}, 600_000);

afterAll(() => rmSync(outdir, { recursive: true, force: true }));

/** Stand-ins for the values the stack sets (they are CloudFormation references in the template). */
const placeholder: Record<string, string> = {
  DATA_KEY_ID: 'arn:aws:kms:eu-central-1:123456789012:key/00000000-0000-0000-0000-000000000000',
  MAIL_FROM: 'Undersigned <no-reply@example.org>',
  SITE_URL: 'https://undersigned.example.org',
};
const configNames = ['DATA_KEY_ID', 'DATA_KEY_FILE', 'MAIL_FROM', 'SITE_URL', 'HASH_KEY', 'SESSION_KEY', 'EXPORTS_BUCKET', 'SITE_BUCKET'];

/**
 * Loads a bundle with exactly the environment the stack gives that function, so a module that reads
 * a setting its function is not given fails here, not at its first cold start in AWS. A secret's ARN
 * stands for the secret's value, which loadSecret would fetch.
 */
async function load(name: string) {
  for (const key of Object.keys(process.env)) {
    if (key.endsWith('_TABLE') || key.endsWith('_SECRET_ARN') || configNames.includes(key)) delete process.env[key];
  }
  for (const key of bundleEnv.get(name)!) {
    if (key.endsWith('_SECRET_ARN')) process.env[key.replace(/_SECRET_ARN$/, '')] = `bundle-test-${key.toLowerCase()}-0123456789abcdef0123`;
    else process.env[key] = placeholder[key] ?? `bundle-${key.toLowerCase()}`;
  }
  return import(pathToFileURL(join(bundleDirs.get(name)!, 'index.mjs')).href);
}

describe('Lambda bundles', () => {
  it.each([...routes, ...streamConsumers, ...scheduledJobs].map((f) => f.name))('%s is one ESM file with a source map that loads', async (name) => {
    const dir = bundleDirs.get(name)!;
    expect(statSync(join(dir, 'index.mjs')).size).toBeGreaterThan(0);
    expect(statSync(join(dir, 'index.mjs.map')).size).toBeGreaterThan(0);
    const module = await load(name);
    expect(typeof module.handler).toBe('function');
    // Every function speaks every language: the catalogs but English sit beside the bundle.
    expect(readdirSync(join(dir, 'i18n')).sort()).toEqual(LANGUAGES.filter((lang) => lang !== 'en').map((lang) => `${lang}.mjs`).sort());
  });

  it('the export runner carries the dossier fonts in ./fonts/, where the dossier reads them', async () => {
    const { DOSSIER_FONT_FILES } = await import('../../functions/documents/fonts.ts');
    const fonts = readdirSync(join(bundleDirs.get('run-export-jobs')!, 'fonts')).sort();
    expect(fonts).toEqual(DOSSIER_FONT_FILES.map((file) => file.slice(file.lastIndexOf('/') + 1)).sort());
    expect(fonts.length).toBeGreaterThan(0);
  });

  it('the share card drawer carries its fonts in ./fonts/ and resvg\'s module in ./wasm/, and the bundle draws a Georgian card from them', async () => {
    const { CARD_FONT_FILES } = await import('../../functions/documents/share-card.ts');
    const dir = bundleDirs.get('draw-share-cards')!;
    expect(readdirSync(join(dir, 'fonts')).sort()).toEqual(CARD_FONT_FILES.map((file) => file.slice(file.lastIndexOf('/') + 1)).sort());
    expect(readdirSync(join(dir, 'wasm'))).toEqual(['index_bg.wasm']);
    // DynamoDB and S3 stand-ins on a loopback port: the campaign and its count in, the card out.
    const puts: { path: string; type?: string; cacheControl?: string; body: Buffer }[] = [];
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks);
        const target = String(req.headers['x-amz-target'] ?? '');
        if (target.endsWith('.BatchGetItem')) {
          const table = Object.keys(JSON.parse(body.toString()).RequestItems)[0]!;
          res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
          res.end(JSON.stringify({
            Responses: {
              [table]: [
                { pk: { S: 'tbilisi' }, sk: { S: 'META' }, status: { S: 'open' }, language: { S: 'ka' }, title: { S: 'გაათავისუფლეთ ნადია' }, goal: { N: '1000' }, targets: { L: [{ M: { name: { S: 'პრეზიდენტი' } } }] } },
                { pk: { S: 'tbilisi' }, sk: { S: 'COUNT' }, count: { N: '400' } },
              ],
            },
            UnprocessedKeys: {},
          }));
        } else if (target.endsWith('.PutItem')) {
          res.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' });
          res.end('{}');
        } else if (req.method === 'PUT') {
          puts.push({ path: req.url!.split('?')[0]!, type: req.headers['content-type'], cacheControl: req.headers['cache-control'], body });
          res.writeHead(200, { etag: '"1"' });
          res.end();
        } else {
          res.writeHead(400);
          res.end();
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const endpoint = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
    Object.assign(process.env, { AWS_ENDPOINT_URL_DYNAMODB: endpoint, AWS_ENDPOINT_URL_S3: endpoint });
    try {
      const { handler } = await load('draw-share-cards');
      await handler({ Records: [{ eventName: 'MODIFY', dynamodb: { Keys: { pk: { S: 'tbilisi' }, sk: { S: 'COUNT' } } } }] }, {});
    } finally {
      delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
      delete process.env.AWS_ENDPOINT_URL_S3;
      server.close();
    }
    expect(puts).toHaveLength(1);
    expect(puts[0]).toMatchObject({ path: '/bundle-site_bucket/c/tbilisi/card.png', type: 'image/png', cacheControl: expect.stringMatching(/max-age=\d+/) });
    const png = puts[0]!.body.subarray(puts[0]!.body.indexOf(Buffer.from([0x89, 0x50, 0x4e, 0x47])));
    expect(png.readUInt32BE(16)).toBe(1200);
    expect(png.readUInt32BE(20)).toBe(630);
  });

  it('the sign-in request bundle holds no mail client: whoever the address belongs to, it cannot mail (issue #13)', () => {
    const code = (name: string) => readFileSync(join(bundleDirs.get(name)!, 'index.mjs'), 'utf8');
    // The SES v2 operation the mailer calls, as the SDK names it in every build; the consumer has it.
    expect(code('answer-sign-ins')).toContain('SendEmail');
    expect(code('request-sign-in')).not.toContain('SendEmail');
    expect(code('request-sign-in')).not.toContain('sesv2');
  });

  it('the routes that hand out links or remove the logo carry neither the image decoder nor the S3 client (issue #16)', () => {
    const code = (name: string) => readFileSync(join(bundleDirs.get(name)!, 'index.mjs'), 'utf8');
    // "Jimp" is in the decoder's class names and "S3Client" in the client's, as esbuild keeps them;
    // the attaching routes, which decode and read with the client, show the markers are found.
    for (const name of ['attach-campaign-image', 'attach-org-logo']) {
      expect(code(name), name).toContain('Jimp');
      expect(code(name), name).toContain('S3Client');
    }
    // They presign with #documents/presign.ts, or (removing the logo) touch no bucket at all.
    for (const name of ['get-export', 'start-image-upload', 'start-logo-upload', 'remove-org-logo']) {
      expect(code(name).includes('Jimp'), `${name} carries jimp`).toBe(false);
      expect(code(name).includes('S3Client'), `${name} carries the S3 client`).toBe(false);
    }
  });

  it('the attaching routes carry jimp\'s JPEG and PNG codecs and its resize, not its other formats and plugins (issue #16, ~2 MB → ~0.8 MB)', () => {
    const code = (name: string) => readFileSync(join(bundleDirs.get(name)!, 'index.mjs'), 'utf8');
    // Messages of the font parser @jimp/plugin-print loads (parse-bmfont-*) and a name of the GIF codec
    // (gifwrap, @jimp/js-gif), kept as strings by the minifier: both were in these bundles while they
    // imported the whole 'jimp'. "Jimp", the class createJimp makes, shows the decoder is still there.
    for (const name of ['attach-campaign-image', 'attach-org-logo']) {
      expect(code(name), name).toContain('Jimp');
      expect(code(name).includes('BMFont'), `${name} carries jimp's text printing`).toBe(false);
      expect(code(name).includes('GifFrame'), `${name} carries jimp's GIF codec`).toBe(false);
    }
  });

  it('no bundle carries zod\'s forty locale catalogs (issue #16: `import * as z`, not `{ z }`, lets esbuild drop them)', () => {
    // `import { z } from 'zod'` binds the whole namespace object, locales and all (~290 KB minified);
    // property reads on `import * as z` are tree-shaken. "zu haben" is from zod's German catalog.
    for (const name of [...routes, ...streamConsumers, ...scheduledJobs].map((f) => f.name)) {
      expect(readFileSync(join(bundleDirs.get(name)!, 'index.mjs'), 'utf8').includes('zu haben'), `${name} carries them`).toBe(false);
    }
  });

  it('no bundle but the reference carries classic zod: schemas are on zod/mini (issue #16, ~65 KB and its import time per route)', () => {
    // "ZodType" is the name classic zod 4 gives its base class (`$constructor("ZodType", …)`), kept as a
    // string by the minifier; mini's is "ZodMiniType", core's "$ZodType". get-openapi is the exception:
    // zod-openapi itself imports classic zod ("zod/v4") to build the document.
    const classic = /["'`]ZodType["'`]/;
    expect(classic.test(readFileSync(join(bundleDirs.get('get-openapi')!, 'index.mjs'), 'utf8')), 'the marker is found where classic zod is').toBe(true);
    for (const name of [...routes, ...streamConsumers, ...scheduledJobs].map((f) => f.name).filter((name) => name !== 'get-openapi')) {
      expect(classic.test(readFileSync(join(bundleDirs.get(name)!, 'index.mjs'), 'utf8')), `${name} carries classic zod`).toBe(false);
    }
  });

  it('no bundle carries the SDK\'s full credential chain, and a bundled client signs with the environment\'s credentials (issue #16)', async () => {
    // AWS_WEB_IDENTITY_TOKEN_FILE is read by the chain's web-identity provider, sso_start_url by its SSO one.
    for (const name of [...routes, ...streamConsumers, ...scheduledJobs].map((f) => f.name)) {
      const code = readFileSync(join(bundleDirs.get(name)!, 'index.mjs'), 'utf8');
      expect(code.includes('AWS_WEB_IDENTITY_TOKEN_FILE') || code.includes('sso_start_url'), `${name} carries it`).toBe(false);
    }
    // The count route reads DynamoDB: its request reaches a stand-in endpoint signed with the key Lambda
    // would give the function in its environment.
    const authorizations: string[] = [];
    const server = createServer((request, response) => {
      authorizations.push(String(request.headers.authorization));
      response.writeHead(200, { 'content-type': 'application/x-amz-json-1.0' }).end('{}');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    process.env.AWS_ENDPOINT_URL_DYNAMODB = `http://127.0.0.1:${port}`;
    process.env.AWS_ACCESS_KEY_ID = 'AKIDFROMLAMBDAENV';
    try {
      const { handler } = await load('get-count');
      const result = await handler(
        { version: '2.0', routeKey: 'GET /api/campaigns/{slug}/count', rawPath: '/api/campaigns/some-campaign/count', headers: {}, pathParameters: { slug: 'some-campaign' }, isBase64Encoded: false },
        {},
      );
      expect(result.statusCode).toBe(404);
      expect(authorizations.length).toBeGreaterThan(0);
      for (const authorization of authorizations) expect(authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDFROMLAMBDAENV\//);
    } finally {
      delete process.env.AWS_ENDPOINT_URL_DYNAMODB;
      process.env.AWS_ACCESS_KEY_ID = 'test';
      server.close();
    }
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
        routeKey: 'POST /api/campaigns/{slug}/signatures',
        rawPath: '/api/campaigns/x/signatures',
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

  it('the bundled sign handler answers in Georgian from the catalog beside the bundle', async () => {
    const { handler } = await load('sign');
    const result = await handler(
      {
        version: '2.0',
        routeKey: 'POST /api/campaigns/{slug}/signatures',
        rawPath: '/api/campaigns/x/signatures',
        headers: { 'content-type': 'application/json', 'accept-language': 'ka-GE,ka;q=0.9,en;q=0.5' },
        pathParameters: { slug: 'x' },
        body: JSON.stringify({ name: '', email: 'nope', country: 'GE' }),
        isBase64Encoded: false,
      },
      {},
    );
    expect(result.statusCode).toBe(400);
    const { error } = JSON.parse(result.body);
    // Every field, not only one: the bundle carries zod/mini without any zod locale, so a message that
    // fell through to zod's own text would be English ("Invalid input") here.
    expect(Object.keys(error.fields).sort()).toEqual(['altcha', 'email', 'name']);
    for (const message of Object.values(error.fields)) expect(message).toMatch(/\p{Script=Georgian}/u);
    expect(error.message).toMatch(/\p{Script=Georgian}/u);
  });
});

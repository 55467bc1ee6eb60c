/**
 * The local stand-in for Amazon S3: s3rver, a small S3-compatible server that keeps objects as files.
 * It runs in this process (unlike the SES fake, it keeps no module-level state, so two instances do
 * not share anything) on a free loopback port, with the exports bucket made at start.
 *
 * The handlers' S3 client finds it through AWS_ENDPOINT_URL_S3, exactly as it would find any other
 * S3 endpoint. The endpoint is an IP address, for which the SDK uses path-style URLs by itself, so no
 * special setting is needed. Checked with SDK v3 on Node 22: multipart uploads (lib-storage Upload),
 * and presigned GETs with a response Content-Disposition. s3rver does not check presigned URLs'
 * signatures or expiry, so those are AWS's to enforce; the tests check what the links ask for.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { localCredentials } from './dynamodb.ts';

interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
  httpServer?: Server;
}

const require = createRequire(import.meta.url);
const S3rver = require('s3rver') as new (options: Record<string, unknown>) => S3rverInstance;
// s3rver knows one made-up key pair; it learns the one every local client uses (localAwsEnv).
(require('s3rver/lib/models/account.js') as { DUMMY_ACCOUNT: { createKeyPair(id: string, secret: string): void } }).DUMMY_ACCOUNT.createKeyPair(
  localCredentials.accessKeyId,
  localCredentials.secretAccessKey,
);

/** The bucket name the local stack and the tests use. */
export const LOCAL_EXPORTS_BUCKET = 'undersigned-exports';
/** Uploaded images waiting to be attached (issue #17), as in AWS. */
export const LOCAL_UPLOADS_BUCKET = 'undersigned-uploads';
/**
 * The local site bucket: the page shell (`index.html`, put there at start as the stack's deployment
 * does), the published campaign pages and share cards under `c/` and organisers' images under
 * `media/` (issue #17), which the local server serves.
 */
export const LOCAL_SITE_BUCKET = 'undersigned-site';

export interface LocalS3 {
  url: string;
  bucket: string;
  uploadsBucket: string;
  /** The site bucket (SITE_BUCKET), which the local server serves `/c/<slug>/card.png` and `/media/*` from. */
  siteBucket: string;
  stop(): Promise<void>;
}

/**
 * Starts the S3 stand-in. `directory`: where objects are kept (made if missing); without one, a
 * temporary folder that is removed on stop. The site bucket (LOCAL_SITE_BUCKET) is made beside it.
 */
export async function startLocalS3({ directory, bucket = LOCAL_EXPORTS_BUCKET }: { directory?: string; bucket?: string } = {}): Promise<LocalS3> {
  const dir = directory ?? mkdtempSync(join(tmpdir(), 'undersigned-s3-'));
  mkdirSync(dir, { recursive: true });
  const server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: dir,
    configureBuckets: [{ name: bucket }, { name: LOCAL_UPLOADS_BUCKET }, { name: LOCAL_SITE_BUCKET }],
  });
  const { port } = await server.run();
  return {
    url: `http://127.0.0.1:${port}`,
    bucket,
    uploadsBucket: LOCAL_UPLOADS_BUCKET,
    siteBucket: LOCAL_SITE_BUCKET,
    async stop() {
      // The SDK keeps connections alive: close them, or close() would wait for them to time out.
      server.httpServer?.closeAllConnections();
      await server.close();
      if (!directory) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The environment that points the SDK's S3 client — and so the exports — at the stand-in. */
export function localS3Env(s3: Pick<LocalS3, 'url' | 'bucket'> & Partial<Pick<LocalS3, 'uploadsBucket' | 'siteBucket'>>): Record<string, string> {
  return {
    AWS_ENDPOINT_URL_S3: s3.url,
    EXPORTS_BUCKET: s3.bucket,
    UPLOADS_BUCKET: s3.uploadsBucket ?? LOCAL_UPLOADS_BUCKET,
    SITE_BUCKET: s3.siteBucket ?? LOCAL_SITE_BUCKET,
  };
}

/**
 * Puts the built page shell into the local site bucket, as the stack's deployment puts it into the
 * real one: the campaign-page publisher makes every page from it (functions/documents/site-bucket.ts).
 */
export async function putLocalShell(s3: Pick<LocalS3, 'url'>, html: string): Promise<void> {
  const { S3Client, PutObjectCommand } = await import('@aws-sdk/client-s3');
  const client = new S3Client({ endpoint: s3.url, region: 'us-east-1', forcePathStyle: true, credentials: localCredentials });
  try {
    await client.send(new PutObjectCommand({ Bucket: LOCAL_SITE_BUCKET, Key: 'index.html', Body: html, ContentType: 'text/html; charset=utf-8' }));
  } finally {
    client.destroy();
  }
}

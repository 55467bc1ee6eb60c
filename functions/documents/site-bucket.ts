/**
 * The site bucket, as the functions that publish to it see it (issue #17): the campaign-page publisher
 * reads the deployed page shell (`index.html`) and writes, replaces and deletes pages under `c/`
 * (item 1); the share-card function writes `c/<slug>/card.png` (rules/share-card.ts cardKey; item 2).
 * In AWS each may do no more than that (infra/stack.ts): the publisher PutObject and DeleteObject on
 * `c/*`, GetObject on `index.html` and `c/*`; the card function PutObject on the card keys only.
 * Locally the bucket is the S3 stand-in's (infra/local/s3.ts), found through AWS_ENDPOINT_URL_S3 as
 * the exports bucket is, and the local server answers `/c/…` from it.
 */
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { requireEnv } from '#lib/config.ts';
import { retrySettings, withoutSdkLogging } from '#lib/clients.ts';
import { CARD_CACHE_CONTROL, cardKey } from '#rules/share-card.ts';

const Bucket = requireEnv('SITE_BUCKET');

const s3 = withoutSdkLogging(new S3Client({ forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true', ...retrySettings(10_000) }));

/**
 * How long a published page may sit in a cache (browsers and the CDN): the count it shows is at most
 * this much older than the file, and a change reaches readers within it.
 */
export const PAGE_CACHE_CONTROL = 'public, max-age=60';

/** The shell read a moment ago, kept briefly: a deploy changes it, a batch of pages needs it many times. */
let shell: { html: string; readAt: number } | undefined;
const SHELL_KEPT_MS = 60_000;

/** The deployed page shell (`index.html`). */
export async function readShell(now = Date.now()): Promise<string> {
  if (shell && now - shell.readAt < SHELL_KEPT_MS) return shell.html;
  const { Body } = await s3.send(new GetObjectCommand({ Bucket, Key: 'index.html' }));
  const html = await Body!.transformToString('utf-8');
  shell = { html, readAt: now };
  return html;
}

/** Writes (or replaces) one page. */
export async function putPage(key: string, html: string): Promise<void> {
  await s3.send(
    new PutObjectCommand({ Bucket, Key: key, Body: html, ContentType: 'text/html; charset=utf-8', CacheControl: PAGE_CACHE_CONTROL }),
  );
}

/** Deletes pages; a key that is not there is no error, so doing it again is harmless. */
export async function deletePages(keys: readonly string[]): Promise<void> {
  // One DeleteObject each (eleven at most): DeleteObjects would need s3:DeleteObject all the same, and
  // checksums the local stand-in does not take.
  await Promise.all(keys.map((Key) => s3.send(new DeleteObjectCommand({ Bucket, Key }))));
}

/** When a page was last written, or undefined when it is not there. */
export async function publishedAt(key: string): Promise<Date | undefined> {
  try {
    const { LastModified } = await s3.send(new HeadObjectCommand({ Bucket, Key: key }));
    return LastModified;
  } catch (error) {
    const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
    if (status === 404 || status === 403 || (error as Error).name === 'NotFound') return undefined;
    throw error;
  }
}

/** A published page's HTML, or undefined when there is none (the local server serves `/c/…` with this). */
export async function readPage(key: string): Promise<string | undefined> {
  try {
    const { Body } = await s3.send(new GetObjectCommand({ Bucket, Key: key }));
    return await Body!.transformToString('utf-8');
  } catch (error) {
    if ((error as Error).name === 'NoSuchKey' || (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404) return undefined;
    throw error;
  }
}

/** Publishes a campaign's share card, replacing the one before. */
export async function putCard(slug: string, png: Uint8Array): Promise<void> {
  await s3.send(
    new PutObjectCommand({ Bucket, Key: cardKey(slug), Body: png, ContentType: 'image/png', CacheControl: CARD_CACHE_CONTROL }),
  );
}

/**
 * Where uploaded images wait and where published ones go (issue #17, item 5). Uploads: a private
 * bucket (UPLOADS_BUCKET), under `uploads/`, reached by the organiser's browser through a presigned
 * PUT on the site's own origin (the CDN forwards `/uploads/*` to it; locally the server does), emptied
 * by a lifecycle rule after a day. Published images: the site bucket (SITE_BUCKET) under `media/`,
 * served by the CDN like the page itself.
 *
 * The upload link itself is #documents/upload-link.ts: the routes that only hand it out sign it
 * without this module's S3 client (issue #16).
 */
import { DeleteObjectCommand, GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { requireEnv } from '#lib/config.ts';
import { retrySettings, withoutSdkLogging } from '#lib/clients.ts';

const s3 = withoutSdkLogging(new S3Client({ forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true', ...retrySettings(30_000) }));

/** The upload's bytes, or 'missing', or 'tooLarge' (read no further than `maxBytes`). */
export async function readUpload(key: string, maxBytes: number): Promise<Uint8Array | 'missing' | 'tooLarge'> {
  const Bucket = requireEnv('UPLOADS_BUCKET');
  try {
    const head = await s3.send(new HeadObjectCommand({ Bucket, Key: key }));
    if ((head.ContentLength ?? 0) > maxBytes) return 'tooLarge';
    const object = await s3.send(new GetObjectCommand({ Bucket, Key: key }));
    const bytes = await object.Body!.transformToByteArray();
    return bytes.length > maxBytes ? 'tooLarge' : bytes;
  } catch (error) {
    const name = (error as { name?: string }).name;
    if (name === 'NotFound' || name === 'NoSuchKey') return 'missing';
    throw error;
  }
}

export async function deleteUpload(key: string): Promise<void> {
  await s3.send(new DeleteObjectCommand({ Bucket: requireEnv('UPLOADS_BUCKET'), Key: key }));
}

/** Publishes an image under the site; its name is a hash of its bytes, so it may be cached for good. */
export async function publishImage(key: string, bytes: Uint8Array): Promise<void> {
  await s3.send(
    new PutObjectCommand({
      Bucket: requireEnv('SITE_BUCKET'),
      Key: key,
      Body: bytes,
      ContentType: 'image/jpeg',
      CacheControl: 'public, max-age=31536000, immutable',
    }),
  );
}

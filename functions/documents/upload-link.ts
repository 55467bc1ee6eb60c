/**
 * The upload link for an organiser's image (issue #17, item 5): a presigned PUT into the uploads
 * bucket (UPLOADS_BUCKET), given as a site-relative address because the CDN (locally the server)
 * forwards `/uploads/*` to the bucket. Apart from images-bucket.ts, which reads, deletes and publishes
 * with the S3 client: the routes that only hand out this link sign it without that client
 * (#documents/presign.ts; issue #16, cold starts).
 *
 * The link signs the content type and the exact length the organiser declared, so S3 refuses another
 * type or size; attaching checks both again, as s3rver (locally) checks no signature.
 */
import { requireEnv } from '#lib/config.ts';
import { presignS3Url, type PresignInput } from './presign.ts';

/**
 * The request the link signs: what `getSignedUrl` signed for a PutObjectCommand with ContentType and
 * ContentLength and `signableHeaders: content-type, content-length`, from a client with
 * `requestChecksumCalculation: 'WHEN_REQUIRED'`, parameter for parameter (test/unit/presign.test.ts
 * compares them). Not the SDK's default (WHEN_SUPPORTED): that signs `x-amz-checksum-crc32=AAAAAA==`,
 * the CRC32 of the empty body it had when presigning, into the link, and S3-compatible stores that
 * check it refuse every real file (aws/aws-sdk-js-v3#6994); whether S3 itself checks it is disputed,
 * so the link carries no checksum at all. The signed length and type still bind the upload.
 */
export function uploadLinkRequest(bucket: string, key: string, contentType: string, size: number, seconds: number): PresignInput {
  return {
    method: 'PUT',
    bucket,
    key,
    query: { 'x-id': 'PutObject' },
    headers: { 'content-type': contentType, 'content-length': String(size) },
    expiresIn: seconds,
  };
}

/** The upload link as a site-relative address: the CDN (or the local server) forwards `/uploads/*` to the bucket. */
export async function uploadLink(key: string, contentType: string, size: number, seconds: number): Promise<string> {
  const Bucket = requireEnv('UPLOADS_BUCKET');
  const url = new URL(await presignS3Url(uploadLinkRequest(Bucket, key, contentType, size, seconds)));
  // Path-style (an IP endpoint, locally) puts the bucket first; the site's path is the key's.
  const path = url.pathname.startsWith(`/${Bucket}/`) ? url.pathname.slice(Bucket.length + 1) : url.pathname;
  return `${path}${url.search}`;
}

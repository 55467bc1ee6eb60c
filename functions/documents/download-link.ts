/**
 * The download link for an export file in the exports bucket (EXPORTS_BUCKET): a presigned GET that
 * works for the seconds asked and saves the file under the name given. Apart from exports-bucket.ts,
 * which writes and deletes files with the S3 client: the route that hands out links signs them
 * without that client (#documents/presign.ts; issue #16, cold starts).
 *
 * Signed with the function's own credentials: whoever holds the link can fetch that one object until
 * it expires, and nothing else.
 */
import { requireEnv } from '#lib/config.ts';
import { presignS3Url, type PresignInput } from './presign.ts';

const Bucket = requireEnv('EXPORTS_BUCKET');

/**
 * The request the link signs: what `getSignedUrl` signed for a GetObjectCommand with
 * ResponseContentDisposition, parameter for parameter, so the link is the one the S3 client gave
 * (test/unit/presign.test.ts compares them). `x-id` and `x-amz-checksum-mode` (the SDK's default
 * response checksum validation) are the SDK's.
 */
export function downloadLinkRequest(bucket: string, key: string, contentDisposition: string, seconds: number): PresignInput {
  return {
    method: 'GET',
    bucket,
    key,
    query: { 'x-id': 'GetObject', 'response-content-disposition': contentDisposition, 'x-amz-checksum-mode': 'ENABLED' },
    expiresIn: seconds,
  };
}

/** A link that downloads one file for `seconds`, saved under `contentDisposition`'s file name. */
export async function downloadLink(key: string, contentDisposition: string, seconds: number): Promise<string> {
  return presignS3Url(downloadLinkRequest(Bucket, key, contentDisposition, seconds));
}

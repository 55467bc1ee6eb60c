/**
 * The exports bucket: where the job runner writes export files and from where organisers download
 * them through a short-lived presigned link (#documents/download-link.ts: signed without this
 * module's S3 client, which the route handing out links then does not carry; issue #16). Private,
 * encrypted, and files expire after a week (the bucket's lifecycle rule, infra/stack.ts), or are
 * deleted at once when a withdrawal or an erasure outdates them.
 *
 * Where it is, is the SDK's business: in AWS the region's endpoint; locally AWS_ENDPOINT_URL_S3,
 * which the local stack points at its S3 stand-in. S3_FORCE_PATH_STYLE=true asks for path-style URLs
 * (`host/bucket/key`), for an S3-compatible store reached by a host name that cannot take the bucket
 * as a subdomain (an IP address works either way: the SDK uses path style for those by itself).
 */
import { DeleteObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { Transform } from 'node:stream';
import { requireEnv } from '#lib/config.ts';
import { retrySettings, withoutSdkLogging } from '#lib/clients.ts';

const Bucket = requireEnv('EXPORTS_BUCKET');

const s3 = withoutSdkLogging(new S3Client({ forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true', ...retrySettings(60_000) }));

/** Multipart part size: S3's minimum, so a few parts in flight are all the memory an upload takes. */
const PART_SIZE = 5 * 1024 * 1024;
/** Parts uploaded at once: 2 keeps the network busy while the next part fills, memory ~3 parts. */
const QUEUE_SIZE = 2;

export interface FileUpload {
  /** Write the file's bytes here, then end it. */
  body: Transform;
  /** Resolves with the bytes stored once the upload has completed; rejects if it failed. */
  done: Promise<{ bytes: number }>;
  /** Gives up: no object is left behind (the multipart upload is aborted). */
  abort(): Promise<void>;
}

/**
 * Streams a file into the bucket with a multipart upload: whatever its size, memory stays at a few
 * 5 MB parts. A small file (under one part) goes up as a single PUT.
 */
export function uploadFile(key: string, contentType: string): FileUpload {
  let bytes = 0;
  // Counts on the way through (a 'data' listener would switch the stream to flowing mode under the SDK).
  const body = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      callback(null, chunk);
    },
  });
  const upload = new Upload({
    client: s3,
    params: { Bucket, Key: key, Body: body, ContentType: contentType },
    partSize: PART_SIZE,
    queueSize: QUEUE_SIZE,
    // A failed upload must not leave parts behind (they are billed until aborted).
    leavePartsOnError: false,
  });
  const done = upload.done().then(() => ({ bytes }));
  // Awaited by the caller; this only keeps an early failure from counting as unhandled meanwhile.
  done.catch(() => undefined);
  return {
    body,
    done,
    async abort() {
      body.destroy();
      await upload.abort().catch(() => undefined);
    },
  };
}

/**
 * Deletes a file at once, rather than leaving it to the lifecycle rule: an export that may hold a
 * signer who has withdrawn, or been erased. Deleting a file that is not there (never written, or
 * deleted before) succeeds, so doing it again is harmless.
 */
export async function deleteFile(key: string): Promise<void> {
  await s3.send(new DeleteObjectCommand({ Bucket, Key: key }));
}

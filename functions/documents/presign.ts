/**
 * Presigned S3 links without the S3 client (issue #16, cold starts). A route that only hands out a
 * link (an export's download, an image's upload) needs a SigV4 query signature and nothing else, yet
 * `getSignedUrl` takes a whole S3Client: the client, its endpoint rules, checksum and S3 middleware,
 * about 130 KB of the bundle and of every cold start's import. This signs the same request with the
 * same signer (`@smithy/signature-v4`, which the presigner uses underneath) and formats it the same way.
 *
 * The link is, byte for byte, the one `getSignedUrl` gives for the same bucket, key, parameters,
 * expiry, credentials and time, as the bucket modules' clients are configured:
 * test/unit/presign.test.ts computes both and compares them, in AWS (virtual-hosted style) and
 * against a custom endpoint (the local S3 stand-in: path style for an IP address or when
 * S3_FORCE_PATH_STYLE=true asks for it). s3rver checks no signature, so that comparison is the proof.
 *
 * Where the bucket is, read from the environment as the SDK reads it: AWS_REGION, the endpoint
 * AWS_ENDPOINT_URL_S3 (or AWS_ENDPOINT_URL; neither with AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true),
 * and our S3_FORCE_PATH_STYLE. Shared config files are not read: Lambda has none, and the local
 * stack and the tests set the environment. What the SDK could also do
 * and we never ask for (FIPS or dual-stack endpoints, S3 Express, access points, bucket names with
 * dots, regions outside the standard AWS partition) is refused with an error rather than signed into
 * a link that points elsewhere. Credentials: the environment's, which is where Lambda puts the
 * function's role's, session token included (functions/lib/lambda-credentials.ts says why the chain
 * stops there); the local stack and the tests set them there too.
 */
import { isIP } from 'node:net';
import { fromEnv } from '@aws-sdk/credential-provider-env';
import { buildQueryString, HttpRequest } from '@smithy/core/protocols';
import { Hash } from '@smithy/core/serde';
import { SignatureV4 } from '@smithy/signature-v4';

/** Where the buckets are: what an S3Client built by the bucket modules would resolve. */
export interface S3Location {
  region: string;
  /** A custom endpoint (the local stand-in), or none for AWS's regional one. */
  endpoint?: string;
  forcePathStyle: boolean;
  credentials: ReturnType<typeof fromEnv>;
}

export interface PresignInput {
  method: 'GET' | 'PUT';
  bucket: string;
  key: string;
  /** Query parameters the request carries; signed, as every query parameter is. */
  query?: Record<string, string>;
  /** Headers the request must be sent with, signed: S3 refuses the request if they differ (lower-case names). */
  headers?: Record<string, string>;
  /** Seconds the link works (at most a week). */
  expiresIn: number;
  /** When it is signed (the link's validity starts then). */
  signingDate?: Date;
}

/** The location from the environment, read on each call (as cheap as it is, and tests change it). */
export function s3LocationFromEnv(env: NodeJS.ProcessEnv = process.env): S3Location {
  const region = env.AWS_REGION;
  if (!region) throw new Error('AWS_REGION is not set: there is no S3 endpoint to sign a link for.');
  return {
    region,
    // The SDK's order: the service's own variable, then the general one, unless told to ignore both.
    endpoint: env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true' ? undefined : env.AWS_ENDPOINT_URL_S3 || env.AWS_ENDPOINT_URL || undefined,
    forcePathStyle: env.S3_FORCE_PATH_STYLE === 'true',
    credentials: fromEnv(),
  };
}

/** The standard AWS partition's regions (the SDK's partitions data), whose S3 endpoints end in amazonaws.com. */
const AWS_REGION_PATTERN = /^(us|eu|ap|sa|ca|me|af|il|mx)-\w+-\d+$/;
/** A bucket name that is one DNS label: the SDK puts it in the host name (virtual-hosted style). */
const HOST_LABEL_BUCKET = /^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$/;

/** S3's encoding of a key in the path, segment by segment: encodeURIComponent, and !'()* too. */
const encodeKey = (key: string) =>
  key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');

/** The request as the S3 client would send it: protocol, host, port and path for this bucket and key. */
function target(location: S3Location, bucket: string, key: string) {
  if (!HOST_LABEL_BUCKET.test(bucket)) throw new Error(`Bucket name "${bucket}" is not one DNS label; presign.ts signs only such buckets.`);
  const path = `/${encodeKey(key)}`;
  if (!location.endpoint) {
    if (!AWS_REGION_PATTERN.test(location.region)) throw new Error(`Region "${location.region}" is not in the standard AWS partition; presign.ts does not know its S3 endpoint.`);
    const host = `s3.${location.region}.amazonaws.com`;
    return location.forcePathStyle
      ? { protocol: 'https:', hostname: host, port: undefined, path: `/${bucket}${path}` }
      : { protocol: 'https:', hostname: `${bucket}.${host}`, port: undefined, path };
  }
  const endpoint = new URL(location.endpoint);
  const base = endpoint.pathname.endsWith('/') ? endpoint.pathname : `${endpoint.pathname}/`;
  const port = endpoint.port ? Number(endpoint.port) : undefined;
  // An IP address cannot take the bucket as a subdomain: the SDK falls back to path style for it.
  const pathStyle = location.forcePathStyle || isIP(endpoint.hostname.replace(/^\[|\]$/g, '')) !== 0;
  return pathStyle
    ? { protocol: endpoint.protocol, hostname: endpoint.hostname, port, path: `${base}${bucket}${path}` }
    : { protocol: endpoint.protocol, hostname: `${bucket}.${endpoint.hostname}`, port, path: `${base.slice(0, -1)}${path}` };
}

/** A presigned URL for one request on one object. */
export async function presignS3Url(input: PresignInput, location: S3Location = s3LocationFromEnv()): Promise<string> {
  const { protocol, hostname, port, path } = target(location, input.bucket, input.key);
  const headers: Record<string, string> = {
    ...input.headers,
    host: port === undefined ? hostname : `${hostname}:${port}`,
    // As the SDK's presigner: the body is not part of the signature (it is not known yet).
    'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD',
  };
  const request = new HttpRequest({ method: input.method, protocol, hostname, port, path, query: { ...input.query }, headers });
  const signer = new SignatureV4({
    service: 's3',
    region: location.region,
    credentials: location.credentials,
    sha256: Hash.bind(null, 'sha256'),
    // S3 signs the path as sent (already encoded once), not encoded twice as other services do.
    uriEscapePath: false,
    applyChecksum: false,
  });
  const signed = await signer.presign(request, {
    expiresIn: input.expiresIn,
    signingDate: input.signingDate,
    signableHeaders: new Set(Object.keys(input.headers ?? {})),
  });
  const authority = signed.port === undefined ? signed.hostname : `${signed.hostname}:${signed.port}`;
  const query = buildQueryString(signed.query ?? {});
  return `${signed.protocol}//${authority}${signed.path}${query ? `?${query}` : ''}`;
}

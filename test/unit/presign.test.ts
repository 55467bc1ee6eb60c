/**
 * Presigned links without the S3 client (issue #16): #documents/presign.ts must give, byte for byte,
 * the URL the SDK's `getSignedUrl` gives for the same request, credentials and time. s3rver checks no
 * signature, so the integration tests cannot tell a wrong signature from a right one: this can.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { unitEnv } from './unit-env.ts';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

Object.assign(process.env, unitEnv, { UPLOADS_BUCKET: 'unit-uploads', EXPORTS_BUCKET: 'unit-exports' });
const { presignS3Url } = await import('#documents/presign.ts');
const { uploadLink, uploadLinkRequest } = await import('#documents/upload-link.ts');
const { downloadLink, downloadLinkRequest } = await import('#documents/download-link.ts');

const signingDate = new Date('2026-03-01T12:34:56.789Z');
const lambdaCredentials = { accessKeyId: 'ASIAEXAMPLEEXAMPLE00', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', sessionToken: 'IQoJb3JpZ2luX2Vj/session+token==' };
const longTermCredentials = { accessKeyId: 'AKIAEXAMPLEEXAMPLE00', secretAccessKey: 'another/secret+key' };

/** Where the bucket is, as an S3Client is configured; and the same for presign.ts. */
const locations = [
  { name: 'AWS, virtual-hosted', region: 'eu-central-1', forcePathStyle: false },
  { name: 'AWS us-east-1 (regional, not the global endpoint)', region: 'us-east-1', forcePathStyle: false },
  { name: 'AWS, path style asked for', region: 'eu-central-1', forcePathStyle: true },
  { name: 'the local s3rver: an IP endpoint, path style by itself', region: 'eu-central-1', endpoint: 'http://127.0.0.1:45123', forcePathStyle: false },
  { name: 'the local s3rver by name with S3_FORCE_PATH_STYLE', region: 'eu-central-1', endpoint: 'http://localhost:45123', forcePathStyle: true },
  { name: 'an S3-compatible store by name, under a path', region: 'eu-west-3', endpoint: 'https://store.example.org/s3', forcePathStyle: false },
] as const;

const uploadKey = 'uploads/campaign-image/org-a/0b6c3a52-8a3e-4c1e-9d2f-7f1e2a3b4c5d';
const exportKey = 'exports/free-nadia/2026-03-01/job id (1).csv';
// As rules/exports.ts contentDisposition makes it: a quoted ASCII name and an RFC 5987 UTF-8 one.
const disposition = `attachment; filename="Free Nadia - signatures.csv"; filename*=UTF-8''%E1%83%92%E1%83%90%E1%83%90%E1%83%97%E1%83%90%E1%83%95%E1%83%98%E1%83%A1%E1%83%A3%E1%83%A4%E1%83%9A%E1%83%94%E1%83%97.csv`;

describe('a presigned link is the one getSignedUrl gives', () => {
  for (const location of locations) {
    for (const [credentialsName, credentials] of [['session credentials', lambdaCredentials], ['long-term keys', longTermCredentials]] as const) {
      describe(`${location.name}, ${credentialsName}`, () => {
        const client = new S3Client({ region: location.region, forcePathStyle: location.forcePathStyle, credentials, requestChecksumCalculation: 'WHEN_REQUIRED', ...('endpoint' in location ? { endpoint: location.endpoint } : {}) });
        const ours = { region: location.region, endpoint: 'endpoint' in location ? location.endpoint : undefined, forcePathStyle: location.forcePathStyle, credentials: async () => credentials };

        it('PUT of an image upload: type and exact length signed, 10 minutes', async () => {
          // As images-bucket.ts presigned it with the S3 client.
          const expected = await getSignedUrl(client, new PutObjectCommand({ Bucket: 'unit-uploads', Key: uploadKey, ContentType: 'image/png', ContentLength: 1_234_567 }), {
            expiresIn: 600,
            signableHeaders: new Set(['content-type', 'content-length']),
            signingDate,
          });
          const actual = await presignS3Url({ ...uploadLinkRequest('unit-uploads', uploadKey, 'image/png', 1_234_567, 600), signingDate }, ours);
          expect(actual).toBe(expected);
          const signed = new URL(actual).searchParams;
          expect(signed.get('X-Amz-SignedHeaders')).toBe('content-length;content-type;host');
          // No checksum of the empty body it was signed without (which a checking store compares with the file's).
          expect([...signed.keys()].filter((name) => /checksum/i.test(name))).toEqual([]);
          expect(signed.get('X-Amz-Security-Token')).toBe('sessionToken' in credentials ? credentials.sessionToken : null);
        });

        it('GET of an export: its download name signed, 15 minutes', async () => {
          // As exports-bucket.ts presigned it with the S3 client.
          const expected = await getSignedUrl(client, new GetObjectCommand({ Bucket: 'unit-exports', Key: exportKey, ResponseContentDisposition: disposition }), {
            expiresIn: 900,
            signingDate,
          });
          const actual = await presignS3Url({ ...downloadLinkRequest('unit-exports', exportKey, disposition, 900), signingDate }, ours);
          expect(actual).toBe(expected);
          expect(new URL(actual).searchParams.get('response-content-disposition')).toBe(disposition);
        });
      });
    }
  }

  it('a different time, key or declared length is a different signature (the comparison above can fail)', async () => {
    const ours = { region: 'eu-central-1', forcePathStyle: false, credentials: async () => lambdaCredentials };
    const signature = async (input: Parameters<typeof presignS3Url>[0]) => new URL(await presignS3Url(input, ours)).searchParams.get('X-Amz-Signature');
    const base = { ...uploadLinkRequest('unit-uploads', uploadKey, 'image/png', 1000, 600), signingDate };
    const signatures = new Set([
      await signature(base),
      await signature({ ...base, signingDate: new Date(signingDate.getTime() + 1000) }),
      await signature({ ...base, key: `${uploadKey}x` }),
      await signature({ ...uploadLinkRequest('unit-uploads', uploadKey, 'image/png', 1001, 600), signingDate }),
      await signature({ ...uploadLinkRequest('unit-uploads', uploadKey, 'image/jpeg', 1000, 600), signingDate }),
    ]);
    expect(signatures.size).toBe(5);
  });

  it('refuses what it does not know how to address, rather than signing a link to elsewhere', async () => {
    const credentials = async () => longTermCredentials;
    await expect(presignS3Url(downloadLinkRequest('exports.with.dots', 'k', 'attachment', 60), { region: 'eu-central-1', forcePathStyle: false, credentials })).rejects.toThrow(/DNS label/);
    await expect(presignS3Url(downloadLinkRequest('unit-exports', 'k', 'attachment', 60), { region: 'cn-north-1', forcePathStyle: false, credentials })).rejects.toThrow(/partition/);
  });
});

describe('the links the routes hand out, from the environment as Lambda and the local stack set it', () => {
  const saved = { ...process.env };
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(signingDate);
  });
  afterEach(() => {
    vi.useRealTimers();
    for (const key of ['AWS_SESSION_TOKEN', 'AWS_ENDPOINT_URL_S3', 'AWS_ENDPOINT_URL', 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS', 'S3_FORCE_PATH_STYLE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY']) {
      if (saved[key] === undefined) delete process.env[key];
      else process.env[key] = saved[key];
    }
  });

  /** The S3 client as the bucket modules build it: region, endpoint and credentials from the environment. */
  const bucketModuleClient = () => new S3Client({ forcePathStyle: process.env.S3_FORCE_PATH_STYLE === 'true', requestChecksumCalculation: 'WHEN_REQUIRED' });

  for (const environment of [
    { name: 'Lambda: the role\'s session credentials', env: { AWS_ACCESS_KEY_ID: lambdaCredentials.accessKeyId, AWS_SECRET_ACCESS_KEY: lambdaCredentials.secretAccessKey, AWS_SESSION_TOKEN: lambdaCredentials.sessionToken } },
    { name: 'the local stack: s3rver on a loopback IP', env: { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:45123' } },
    { name: 'an S3 stand-in by name, path style asked for', env: { AWS_ENDPOINT_URL_S3: 'http://s3.local:9000', S3_FORCE_PATH_STYLE: 'true' } },
    { name: 'the general endpoint variable', env: { AWS_ENDPOINT_URL: 'http://127.0.0.1:45124' } },
    { name: 'configured endpoints ignored', env: { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:45123', AWS_IGNORE_CONFIGURED_ENDPOINT_URLS: 'true' } },
  ]) {
    it(`${environment.name}: the export download link`, async () => {
      Object.assign(process.env, environment.env);
      const expected = await getSignedUrl(bucketModuleClient(), new GetObjectCommand({ Bucket: 'unit-exports', Key: exportKey, ResponseContentDisposition: disposition }), { expiresIn: 900 });
      expect(await downloadLink(exportKey, disposition, 900)).toBe(expected);
    });

    it(`${environment.name}: the image upload link, site-relative`, async () => {
      Object.assign(process.env, environment.env);
      const signed = new URL(
        await getSignedUrl(bucketModuleClient(), new PutObjectCommand({ Bucket: 'unit-uploads', Key: uploadKey, ContentType: 'image/webp', ContentLength: 4321 }), {
          expiresIn: 600,
          signableHeaders: new Set(['content-type', 'content-length']),
        }),
      );
      const path = signed.pathname.startsWith('/unit-uploads/') ? signed.pathname.slice('/unit-uploads'.length) : signed.pathname;
      const link = await uploadLink(uploadKey, 'image/webp', 4321, 600);
      expect(link).toBe(`${path}${signed.search}`);
      expect(link.startsWith(`/${uploadKey}?`)).toBe(true);
    });
  }
});

/**
 * A campaign's image over HTTP against the local stack (issue #17, item 5): DynamoDB Local, the S3
 * stand-in behind the local server's `/uploads/*` and `/media/*` (as CloudFront's behaviours in AWS).
 * Presign → PUT → attach → the public answer and the published file; and the attacks: another
 * organisation, a missing alt text, a file that is not an image, a decompression bomb, an upload id
 * of someone else's folder. A refusal changes nothing (the campaign's items are compared raw).
 */
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalS3, useLocalTables } from '../support/local-tables.ts';
import { campaign, startLocalApi } from '../support/local-api.ts';
import { newMember, newOrganisation, type TestOrganiser } from '../support/organisers.ts';
import { rawItems } from '../support/raw-items.ts';
import { jpegWithMetadata, METADATA_MARKERS, pngHeader } from '../support/images.ts';

let env: Awaited<ReturnType<typeof useLocalTables>>;
let s3: Awaited<ReturnType<typeof useLocalS3>>;
let api: Awaited<ReturnType<typeof startLocalApi>>;
let orgA: TestOrganiser;
let orgB: TestOrganiser;
let viewerA: TestOrganiser;
let ka: { validation: Record<string, string> };
const slug = 'image-of-the-defenders';

const listKeys = async (bucket: string) => {
  const client = new S3Client({});
  const out = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  client.destroy();
  return (out.Contents ?? []).map((o) => o.Key!);
};

/** Asks for a link and PUTs the bytes to it, through the site's own origin. */
async function upload(org: TestOrganiser, bytes: Buffer, contentType = 'image/jpeg', campaignSlug = slug) {
  const link = await api.call('POST', `/api/org/campaigns/${campaignSlug}/image/uploads`, { contentType, size: bytes.length }, org.headers);
  if (link.status !== 201) return { link, put: undefined };
  expect(link.json.url.startsWith('/uploads/')).toBe(true);
  const put = await fetch(api.base + link.json.url, { method: 'PUT', headers: link.json.headers, body: new Uint8Array(bytes) });
  return { link, put };
}

const attach = (org: TestOrganiser, body: unknown, headers: Record<string, string> = {}, campaignSlug = slug) =>
  api.call('PUT', `/api/org/campaigns/${campaignSlug}/image`, body, { ...org.headers, ...headers });

const campaignItems = async () => rawItems(env.tables.PETITIONS_TABLE!, '');

beforeAll(async () => {
  env = await useLocalTables();
  s3 = await useLocalS3();
  api = await startLocalApi();
  orgA = await newOrganisation('Coalition A');
  orgB = await newOrganisation('Coalition B');
  viewerA = await newMember(orgA.orgId, 'viewer');
  ka = (await import('../../functions/i18n/ka.ts')).default as unknown as typeof ka;
  expect((await api.call('POST', '/api/org/campaigns', campaign(slug), orgA.headers)).status).toBe(201);
});

afterAll(async () => {
  await api?.close();
  await s3?.stop();
  await env?.cleanup();
});

describe('a campaign image', () => {
  it('uploads, attaches and shows in the public answer, resized, without EXIF, GPS, XMP or IPTC; the upload is gone', async () => {
    const original = await jpegWithMetadata(2000, 1000);
    const { link, put } = await upload(orgA, original);
    expect(link.status).toBe(201);
    expect(put!.status).toBe(200);
    const attached = await attach(orgA, { uploadId: link.json.uploadId, alt: 'Nadia and Levan outside the court' });
    expect(attached.status).toBe(200);
    expect(attached.json.image).toMatchObject({ alt: 'Nadia and Levan outside the court', width: 1200, height: 600 });

    const page = await api.call('GET', `/api/campaigns/${slug}`);
    expect(page.json.image).toEqual(attached.json.image);
    expect(page.json.image.src).toMatch(/^\/media\/campaigns\/[0-9a-f]{32}\.jpg$/);

    // Served from our own origin, as a JPEG with none of the upload's metadata.
    const file = await fetch(api.base + page.json.image.src);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await file.arrayBuffer());
    for (const marker of Object.values(METADATA_MARKERS)) expect(bytes.includes(marker)).toBe(false);
    expect(await listKeys(s3.uploadsBucket)).toEqual([]);
  });

  it('refuses another organisation: no link for its campaign, and its own link cannot reach this one', async () => {
    const before = await campaignItems();
    const { link } = await upload(orgB, await jpegWithMetadata(400, 300));
    expect(link.status).toBe(404);
    expect((await attach(orgB, { uploadId: '0b6c3a52-8a3e-4c1e-9d2f-7f1e2a3b4c5d', alt: 'x' })).status).toBe(404);

    // B uploads for a campaign of its own; A cannot attach B's upload id (it is looked for in A's folder).
    expect((await api.call('POST', '/api/org/campaigns', campaign('b-campaign'), orgB.headers)).status).toBe(201);
    const fromB = await upload(orgB, await jpegWithMetadata(400, 300), 'image/jpeg', 'b-campaign');
    expect(fromB.put!.status).toBe(200);
    const stolen = await attach(orgA, { uploadId: fromB.link.json.uploadId, alt: 'Stolen' });
    expect(stolen.status).toBe(400);
    expect(stolen.json.error.fields).toHaveProperty('image');
    // A viewer of A may not upload either.
    expect((await upload(viewerA, await jpegWithMetadata(400, 300))).link.status).toBe(403);
    expect((await campaignItems()).filter((i) => String(i.pk).includes(slug))).toEqual(before.filter((i) => String(i.pk).includes(slug)));
  });

  it('requires the alt text: a field error in the asker’s language, nothing changed, the upload kept for a retry', async () => {
    const before = await campaignItems();
    const { link } = await upload(orgA, await jpegWithMetadata(600, 400));
    for (const alt of [undefined, '', '   ']) {
      const refused = await attach(orgA, { uploadId: link.json.uploadId, ...(alt === undefined ? {} : { alt }) }, { 'accept-language': 'ka' });
      expect(refused.status).toBe(400);
      expect(refused.json.error.fields.alt).toBe(ka.validation['image.alt']);
    }
    expect(await campaignItems()).toEqual(before);
    expect((await listKeys(s3.uploadsBucket)).filter((k) => k.endsWith(link.json.uploadId))).toHaveLength(1);
    expect((await attach(orgA, { uploadId: link.json.uploadId, alt: 'ნადია და ლევანი' })).status).toBe(200);
  });

  it('refuses what is not an image, a decompression bomb, a wrong type or size, on the image field; nothing changed, the upload deleted', async () => {
    const before = await campaignItems();
    const ids: string[] = [];
    for (const [bytes, type, problem] of [
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/png', 'image.type'],
      [pngHeader(30_000, 30_000), 'image/png', 'image.tooManyPixels'],
    ] as const) {
      const { link, put } = await upload(orgA, bytes, type);
      expect(put!.status).toBe(200);
      ids.push(link.json.uploadId);
      const refused = await attach(orgA, { uploadId: link.json.uploadId, alt: 'A picture' }, { 'accept-language': 'ka' });
      expect(refused.status).toBe(400);
      expect(refused.json.error.fields.image).toBe(ka.validation[problem]);
    }
    expect((await listKeys(s3.uploadsBucket)).filter((k) => ids.some((id) => k.endsWith(id)))).toEqual([]);
    expect(await campaignItems()).toEqual(before);

    const wrongType = await api.call('POST', `/api/org/campaigns/${slug}/image/uploads`, { contentType: 'image/svg+xml', size: 10 }, orgA.headers);
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.error.fields).toHaveProperty('contentType');
    const tooBig = await api.call('POST', `/api/org/campaigns/${slug}/image/uploads`, { contentType: 'image/jpeg', size: 8 * 1024 * 1024 + 1 }, orgA.headers);
    expect(tooBig.status).toBe(400);
    expect(tooBig.json.error.fields).toHaveProperty('size');
    expect((await attach(orgA, { uploadId: '../../exports/x', alt: 'A picture' })).json.error.fields).toHaveProperty('uploadId');
  });
});

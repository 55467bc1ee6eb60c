/**
 * The organisation's logo (issue #17, item 4) over HTTP against the local stack: DynamoDB Local and
 * the S3 stand-in behind the local server's `/uploads/*` and `/media/*`. An owner uploads (the same
 * presigned PUT as a campaign image), attaches, and every campaign's public answer carries
 * `organisation.logo`, served from `/media/logos/` without the upload's metadata; removing it takes
 * it off the answers. The attacks: an editor, a viewer, an API token and a second organisation
 * (whose upload id is looked for in its own folder only), a file that is not an image, a
 * decompression bomb, a wrong type or size: refused, on the right field, in the asker's language,
 * and nothing changed in any table.
 */
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useLocalS3, useLocalTables } from '../support/local-tables.ts';
import { campaign, startLocalApi } from '../support/local-api.ts';
import { newMember, newOrganisation, type TestOrganiser } from '../support/organisers.ts';
import { everything as everythingIn } from '../support/organiser-routes.ts';
import { jpegWithMetadata, makeImage, METADATA_MARKERS, pngHeader } from '../support/images.ts';

let env: Awaited<ReturnType<typeof useLocalTables>>;
let s3: Awaited<ReturnType<typeof useLocalS3>>;
let api: Awaited<ReturnType<typeof startLocalApi>>;
let owner: TestOrganiser;
let editor: TestOrganiser;
let viewer: TestOrganiser;
let other: TestOrganiser;
let bearer: Record<string, string>;
let ka: { validation: Record<string, string> };

const listKeys = async (bucket: string) => {
  const client = new S3Client({});
  const out = await client.send(new ListObjectsV2Command({ Bucket: bucket }));
  client.destroy();
  return (out.Contents ?? []).map((o) => o.Key!);
};

/** Asks for a logo link and PUTs the bytes to it, through the site's own origin. */
async function upload(headers: Record<string, string>, bytes: Buffer, contentType = 'image/jpeg') {
  const link = await api.call('POST', '/api/org/profile/logo/uploads', { contentType, size: bytes.length }, headers);
  if (link.status !== 201) return { link, put: undefined };
  expect(link.json.url.startsWith('/uploads/')).toBe(true);
  const put = await fetch(api.base + link.json.url, { method: 'PUT', headers: link.json.headers, body: new Uint8Array(bytes) });
  return { link, put };
}

const attach = (headers: Record<string, string>, body: unknown) => api.call('PUT', '/api/org/profile/logo', body, headers);
const everything = () => everythingIn(env.tables);
const publicOrganisation = async (slug: string) => (await api.call('GET', `/api/campaigns/${slug}`)).json.organisation;

beforeAll(async () => {
  env = await useLocalTables();
  s3 = await useLocalS3();
  api = await startLocalApi();
  owner = await newOrganisation('Holos');
  editor = await newMember(owner.orgId, 'editor');
  viewer = await newMember(owner.orgId, 'viewer');
  other = await newOrganisation('Somebody else');
  ka = (await import('../../functions/i18n/ka.ts')).default as unknown as typeof ka;
  expect((await api.call('POST', '/api/org/campaigns', campaign('holos-logo'), owner.headers)).status).toBe(201);
  expect((await api.call('POST', '/api/org/campaigns', campaign('holos-logo-draft', { status: 'draft' }), owner.headers)).status).toBe(201);
  expect((await api.call('POST', '/api/org/campaigns', campaign('not-holos-logo'), other.headers)).status).toBe(201);
  // An API token of the organisation (editor: no owner tokens exist).
  const token = await api.call('POST', '/api/org/tokens', { name: 'CRM sync', role: 'editor' }, owner.headers);
  expect(token.status).toBe(201);
  bearer = { authorization: `Bearer ${token.json.token}` };
});

afterAll(async () => {
  await api?.close();
  await s3?.stop();
  await env?.cleanup();
});

describe("the organisation's logo", () => {
  it('refuses an editor, a viewer, an API token and another organisation: nothing changed in any table', async () => {
    // An upload the owner made, waiting: the others try to attach it too.
    const { link } = await upload(owner.headers, await makeImage(300, 300, 'image/png'), 'image/png');
    const before = await everything();
    for (const who of [editor.headers, viewer.headers, bearer]) {
      expect((await api.call('POST', '/api/org/profile/logo/uploads', { contentType: 'image/png', size: 1000 }, who)).status).toBe(403);
      expect((await attach(who, { uploadId: link.json.uploadId })).status).toBe(403);
      expect((await api.call('DELETE', '/api/org/profile/logo', undefined, who)).status).toBe(403);
    }
    // Another organisation's owner: the upload id is looked for in its own folder, where it is not.
    const stolen = await attach(other.headers, { uploadId: link.json.uploadId });
    expect(stolen.status).toBe(400);
    expect(stolen.json.error.fields).toHaveProperty('logo');
    expect(await everything()).toEqual(before);
    expect((await listKeys(s3.uploadsBucket)).filter((k) => k.endsWith(link.json.uploadId))).toHaveLength(1);
    expect((await publicOrganisation('not-holos-logo')).logo).toBeUndefined();
  });

  it('refuses what is not an image, a decompression bomb, a wrong type or size, on its field in the asker’s language; nothing changed', async () => {
    const before = await everything();
    for (const [bytes, type, problem] of [
      [Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), 'image/png', 'image.type'],
      [pngHeader(30_000, 30_000), 'image/png', 'image.tooManyPixels'],
    ] as const) {
      const { link, put } = await upload(owner.headers, bytes, type);
      expect(put!.status).toBe(200);
      const refused = await attach({ ...owner.headers, 'accept-language': 'ka' }, { uploadId: link.json.uploadId });
      expect(refused.status).toBe(400);
      expect(refused.json.error.fields.logo).toBe(ka.validation[problem]);
      // Deleted, taken or refused.
      expect((await listKeys(s3.uploadsBucket)).filter((k) => k.endsWith(link.json.uploadId))).toEqual([]);
    }
    const wrongType = await api.call('POST', '/api/org/profile/logo/uploads', { contentType: 'image/svg+xml', size: 10 }, { ...owner.headers, 'accept-language': 'ka' });
    expect(wrongType.status).toBe(400);
    expect(wrongType.json.error.fields.contentType).toBe(ka.validation['image.type']);
    const tooBig = await api.call('POST', '/api/org/profile/logo/uploads', { contentType: 'image/jpeg', size: 8 * 1024 * 1024 + 1 }, owner.headers);
    expect(tooBig.status).toBe(400);
    expect(tooBig.json.error.fields).toHaveProperty('size');
    expect((await attach(owner.headers, { uploadId: '../../exports/x' })).json.error.fields).toHaveProperty('uploadId');
    expect((await attach(owner.headers, { uploadId: '0b6c3a52-8a3e-4c1e-9d2f-7f1e2a3b4c5d', alt: 'extra' })).status).toBe(400);
    expect(await everything()).toEqual(before);
  });

  it('an owner attaches it: at most 256 px, on every campaign’s public answer under /media/logos/, served without EXIF or GPS; removing it takes it off', async () => {
    const original = await jpegWithMetadata(600, 1200);
    const { link, put } = await upload(owner.headers, original);
    expect(link.status).toBe(201);
    expect(put!.status).toBe(200);
    const attached = await attach(owner.headers, { uploadId: link.json.uploadId });
    expect(attached.status).toBe(200);
    expect(attached.json.logo).toEqual({ src: expect.stringMatching(/^\/media\/logos\/[0-9a-f]{32}\.jpg$/), width: 128, height: 256 });
    expect(attached.json.name).toBe('Holos');
    expect((await api.call('GET', '/api/org/profile', undefined, viewer.headers)).json.logo).toEqual(attached.json.logo);

    const organisation = await publicOrganisation('holos-logo');
    expect(organisation.logo).toEqual(attached.json.logo);
    expect((await publicOrganisation('not-holos-logo')).logo).toBeUndefined();
    // A campaign made afterwards starts with it too.
    expect((await api.call('POST', '/api/org/campaigns', campaign('holos-logo-later'), owner.headers)).status).toBe(201);
    expect((await publicOrganisation('holos-logo-later')).logo).toEqual(attached.json.logo);

    const file = await fetch(api.base + organisation.logo.src);
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toBe('image/jpeg');
    const bytes = Buffer.from(await file.arrayBuffer());
    expect(bytes.length).toBeGreaterThan(100);
    for (const marker of Object.values(METADATA_MARKERS)) expect(bytes.includes(marker)).toBe(false);
    expect((await listKeys(s3.uploadsBucket)).filter((k) => k.endsWith(link.json.uploadId))).toEqual([]);

    // A later profile change keeps it; removing it takes it off the profile and the campaigns' copies.
    expect((await api.call('PATCH', '/api/org/profile', { website: 'https://holos.example.org' }, owner.headers)).json.logo).toEqual(attached.json.logo);
    const removed = await api.call('DELETE', '/api/org/profile/logo', undefined, owner.headers);
    expect(removed.status).toBe(200);
    expect(removed.json.logo).toBeUndefined();
    expect(removed.json.website).toBe('https://holos.example.org');
    expect((await publicOrganisation('holos-logo')).logo).toBeUndefined();
    expect((await publicOrganisation('holos-logo-later')).logo).toBeUndefined();
    expect((await api.call('GET', '/api/org/profile', undefined, owner.headers)).json.logo).toBeUndefined();
    // Removing a logo that is not there writes nothing: no new profile version, no copy.
    const before = await everything();
    expect((await api.call('DELETE', '/api/org/profile/logo', undefined, owner.headers)).status).toBe(200);
    expect(await everything()).toEqual(before);
  });
});

/**
 * Uploaded images (issue #17, item 5): what comes out carries no metadata, is at most 1200 px wide,
 * and what is not an image, too big or a decompression bomb is refused before it is decoded.
 */
import { describe, expect, it } from 'vitest';
import { unitEnv } from './unit-env.ts';
import { checkUpload, imageDimensions, outputSize, publicImageKey, sniffImageType, uploadKey } from '#rules/images.ts';
import { IMAGE_LIMITS } from '#rules/limits.ts';
import { jpegWithMetadata, makeImage, METADATA_MARKERS, pngHeader } from '../support/images.ts';

Object.assign(process.env, unitEnv, { UPLOADS_BUCKET: 'unit-uploads', SITE_BUCKET: 'unit-site' });
const { reencodeImage } = await import('#documents/image-processing.ts');
const { uploadLink } = await import('#documents/upload-link.ts');

describe('processing an uploaded image', () => {
  it('drops EXIF (with its GPS position), XMP and IPTC: none of their segments is left in the bytes', async () => {
    const input = await jpegWithMetadata(1600, 900);
    // The input really carries them (so this test can fail).
    for (const marker of Object.values(METADATA_MARKERS)) expect(input.includes(marker)).toBe(true);
    expect(checkUpload(input)).toBeUndefined();
    const out = await reencodeImage('campaign-image', input);
    expect(out).toBeDefined();
    for (const marker of Object.values(METADATA_MARKERS)) expect(out!.bytes.includes(marker)).toBe(false);
    // And no APP1 (EXIF/XMP) or APP13 (IPTC) segment at all, whatever its contents.
    const markers: number[] = [];
    for (let at = 2; at + 4 <= out!.bytes.length && out!.bytes[at] === 0xff; ) {
      const marker = out!.bytes[at + 1]!;
      markers.push(marker);
      if (marker === 0xda) break;
      at += 2 + out!.bytes.readUInt16BE(at + 2);
    }
    expect(markers).not.toContain(0xe1);
    expect(markers).not.toContain(0xed);
    expect(markers).toContain(0xda);
  });

  it('resizes to at most 1200 px wide, keeping proportions, and re-encodes as JPEG', async () => {
    const out = await reencodeImage('campaign-image', await jpegWithMetadata(2400, 1200));
    expect([out!.width, out!.height]).toEqual([1200, 600]);
    expect(sniffImageType(out!.bytes)).toBe('image/jpeg');
    expect(imageDimensions(out!.bytes)).toEqual({ width: 1200, height: 600 });
  });

  it('never enlarges a small image; a PNG comes out as JPEG', async () => {
    const out = await reencodeImage('campaign-image', await makeImage(640, 480, 'image/png'));
    expect([out!.width, out!.height]).toEqual([640, 480]);
    expect(sniffImageType(out!.bytes)).toBe('image/jpeg');
    expect(outputSize('campaign-image', 1201, 1000)).toEqual({ width: 1200, height: 999 });
  });

  it('makes a logo at most 256 px on its longer side, a tall one too, without metadata (issue #17, item 4)', async () => {
    expect(outputSize('organisation-logo', 1000, 500)).toEqual({ width: 256, height: 128 });
    expect(outputSize('organisation-logo', 100, 1000)).toEqual({ width: 26, height: 256 });
    expect(outputSize('organisation-logo', 1, 1000)).toEqual({ width: 1, height: 256 });
    expect(outputSize('organisation-logo', 200, 100)).toEqual({ width: 200, height: 100 });
    const out = await reencodeImage('organisation-logo', await jpegWithMetadata(300, 900));
    expect(imageDimensions(out!.bytes)).toEqual({ width: 85, height: 256 });
    for (const marker of Object.values(METADATA_MARKERS)) expect(out!.bytes.includes(marker)).toBe(false);
    expect(publicImageKey('organisation-logo', 'ab'.repeat(32))).toBe(`media/logos/${'ab'.repeat(16)}.jpg`);
  });

  it('refuses a file over the size cap, before looking at it', () => {
    const big = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(IMAGE_LIMITS.maxBytes)]);
    expect(checkUpload(big)).toBe('image.size');
  });

  it('refuses what is not a JPEG or PNG by its bytes, whatever it was declared as', async () => {
    expect(checkUpload(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'))).toBe('image.type');
    expect(checkUpload(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'))).toBe('image.type');
    expect(checkUpload(Buffer.from('RIFF\0\0\0\0WEBPVP8 ', 'latin1'))).toBe('image.type');
    expect(checkUpload(Buffer.alloc(0))).toBe('image.notImage');
    // A JPEG's first bytes and then rubbish: no size in its header, and jimp cannot decode it either.
    const broken = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x04, 0x00, 0x00]), Buffer.from('not an image at all')]);
    expect(checkUpload(broken)).toBe('image.notImage');
    expect(await reencodeImage('campaign-image', broken)).toBeUndefined();
  });

  it('decodes JPEG and PNG only: a well-formed GIF, BMP or TIFF handed to it is not decoded (issue #16: it carries no other format)', async () => {
    // The tests' full jimp writes them; checkUpload refuses them before this, so this is the second wall.
    const { Jimp } = await import('jimp');
    const image = new Jimp({ width: 8, height: 8, color: 0x3366aaff });
    for (const mime of ['image/gif', 'image/bmp', 'image/tiff'] as const) {
      const bytes = await image.getBuffer(mime);
      expect((await Jimp.fromBuffer(bytes)).bitmap.width, `${mime} is a real image`).toBe(8);
      expect(await reencodeImage('campaign-image', bytes), mime).toBeUndefined();
    }
  });

  it('refuses a decompression bomb from its header, without decoding it', () => {
    expect(checkUpload(pngHeader(20_000, 20_000))).toBe('image.tooManyPixels');
    expect(checkUpload(pngHeader(4_000, 6_000))).toBeUndefined();
    expect(checkUpload(pngHeader(4_000, 6_001))).toBe('image.tooManyPixels');
  });

  it('reads the size from a JPEG header', async () => {
    expect(imageDimensions(await jpegWithMetadata(320, 200))).toEqual({ width: 320, height: 200 });
  });
});

describe('the upload link', () => {
  it('is a site-relative PUT into the organisation’s own upload folder, signing its type and exact length, valid 10 minutes', async () => {
    const key = uploadKey('campaign-image', 'org-a', '0b6c3a52-8a3e-4c1e-9d2f-7f1e2a3b4c5d');
    expect(key).toBe('uploads/campaign-image/org-a/0b6c3a52-8a3e-4c1e-9d2f-7f1e2a3b4c5d');
    const link = await uploadLink(key, 'image/jpeg', 12345, 600);
    expect(link.startsWith(`/${key}?`)).toBe(true);
    const query = new URL(link, 'https://site.test').searchParams;
    expect(query.get('X-Amz-Expires')).toBe('600');
    expect(query.get('X-Amz-SignedHeaders')!.split(';').sort()).toEqual(['content-length', 'content-type', 'host']);
  });

  it('publishes under the kind’s prefix by a hash of the bytes', () => {
    expect(publicImageKey('campaign-image', 'ab'.repeat(32))).toBe(`media/campaigns/${'ab'.repeat(16)}.jpg`);
  });
});

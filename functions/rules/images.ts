/**
 * Images organisers upload (issue #17, item 5). One table of kinds: a kind says where its uploads
 * wait, how wide it is published and under which public prefix. A campaign's image is the first;
 * an organisation's logo is one more row here.
 *
 * The flow: the organiser asks for an upload link (POST …/image/uploads: type and size, signed into
 * the link), PUTs the file to it (a private uploads prefix, same origin through the CDN), then
 * attaches it (PUT …/image: the upload's id and the alt text). Attaching reads the upload, checks it
 * again (size, type by its bytes, pixels from its header), decodes, resizes and re-encodes it as
 * JPEG (which keeps no EXIF, GPS, XMP or IPTC), publishes it under a content-hashed name and deletes
 * the upload. Pure: no I/O here.
 */
import { IMAGE_LIMITS, IMAGE_TYPES, type ImageType } from './limits.ts';

export const IMAGE_KINDS = {
  'campaign-image': { maxWidth: 1200, publicPrefix: 'media/campaigns/' },
  // The organisation's logo: small beside its name, so at most 256 px on its longer side (a tall logo too).
  'organisation-logo': { maxWidth: 256, maxHeight: 256, publicPrefix: 'media/logos/' },
} as const satisfies Record<string, { maxWidth: number; maxHeight?: number; publicPrefix: string }>;
export type ImageKind = keyof typeof IMAGE_KINDS;

/** How long an upload link works, and how long an upload may wait to be attached (the bucket's lifecycle removes it after a day). */
export const UPLOAD_LINK_SECONDS = 600;
/** Where uploads wait: a prefix of their own, one folder per organisation and kind. */
export const UPLOADS_PREFIX = 'uploads/';
/** JPEG quality of the published image. */
export const JPEG_QUALITY = 82;

/** An upload's id: a random UUID the server made. */
export const UPLOAD_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The object key of an upload: only the server makes it, from the session's organisation. */
export function uploadKey(kind: ImageKind, orgId: string, uploadId: string): string {
  return `${UPLOADS_PREFIX}${kind}/${encodeURIComponent(orgId)}/${uploadId}`;
}

/** A published image's key under the site: the kind's prefix and a hash of its bytes. */
export function publicImageKey(kind: ImageKind, hashHex: string): string {
  return `${IMAGE_KINDS[kind].publicPrefix}${hashHex.slice(0, 32)}.jpg`;
}

export function isImageType(value: string): value is ImageType {
  return (IMAGE_TYPES as readonly string[]).includes(value);
}

/** What the bytes are, by their signature (never by the name or the declared type). */
export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((b, i) => bytes[i] === b)) return 'image/png';
  return undefined;
}

/**
 * Width and height from the file's header, without decoding: PNG's IHDR, JPEG's first SOF segment.
 * Undefined when the header cannot be read (not an image, or a broken one).
 */
export function imageDimensions(bytes: Uint8Array): { width: number; height: number } | undefined {
  const type = sniffImageType(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (type === 'image/png') {
    if (bytes.length < 24 || String.fromCharCode(...bytes.subarray(12, 16)) !== 'IHDR') return undefined;
    return { width: view.getUint32(16), height: view.getUint32(20) };
  }
  if (type === 'image/jpeg') {
    let at = 2;
    while (at + 4 <= bytes.length) {
      if (bytes[at] !== 0xff) return undefined;
      const marker = bytes[at + 1]!;
      // Fill bytes, and markers without a length.
      if (marker === 0xff) {
        at += 1;
        continue;
      }
      if (marker === 0xd8 || marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
        at += 2;
        continue;
      }
      const length = view.getUint16(at + 2);
      if (length < 2) return undefined;
      // SOF0–SOF15 but DHT (C4), JPG (C8) and DAC (CC).
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        if (at + 9 > bytes.length) return undefined;
        return { height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
      }
      if (marker === 0xda || marker === 0xd9) return undefined;
      at += 2 + length;
    }
  }
  return undefined;
}

export type ImageProblem = 'image.size' | 'image.type' | 'image.notImage' | 'image.tooManyPixels';

/** Checks an upload's bytes before decoding: its size, its real type, and its pixel count. */
export function checkUpload(bytes: Uint8Array): ImageProblem | undefined {
  if (bytes.length === 0 || bytes.length > IMAGE_LIMITS.maxBytes) return bytes.length === 0 ? 'image.notImage' : 'image.size';
  if (!sniffImageType(bytes)) return 'image.type';
  const size = imageDimensions(bytes);
  if (!size || size.width < 1 || size.height < 1) return 'image.notImage';
  if (size.width * size.height > IMAGE_LIMITS.maxPixels) return 'image.tooManyPixels';
  return undefined;
}

/** The published width and height: at most the kind's width (and height, where it sets one: the logo's longer side), never enlarged, proportions kept. */
export function outputSize(kind: ImageKind, width: number, height: number): { width: number; height: number } {
  const row: { maxWidth: number; maxHeight?: number } = IMAGE_KINDS[kind];
  const scale = Math.min(1, row.maxWidth / width, row.maxHeight === undefined ? 1 : row.maxHeight / height);
  if (scale >= 1) return { width, height };
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

/** Where published logos live: the public copy carries a logo only with a `src` of this form. */
export const LOGO_SRC = /^\/media\/logos\/[0-9a-f]{32}\.jpg$/;

/** A campaign's image as stored and as the public answer carries it. */
export interface StoredImage {
  /** Site-relative address, e.g. `/media/campaigns/<hash>.jpg`. */
  src: string;
  alt: string;
  width: number;
  height: number;
}

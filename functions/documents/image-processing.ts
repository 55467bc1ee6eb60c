/**
 * Decodes an uploaded image and makes the published one, with jimp (pure JavaScript: the same code
 * runs on arm64 Lambda and here). The caller has checked the bytes first (#rules/images.ts
 * checkUpload: size, real type, pixels from the header), so a decompression bomb is never decoded.
 *
 * Re-encoding as JPEG writes only the pixels (and a JFIF header): no EXIF (GPS, camera, time), XMP or
 * IPTC segment of the upload survives (test/unit/image-processing.test.ts reads the bytes to check).
 */
import { Jimp } from 'jimp';
import { IMAGE_LIMITS } from '#rules/limits.ts';
import { JPEG_QUALITY, outputSize, type ImageKind } from '#rules/images.ts';

export interface ProcessedImage {
  bytes: Buffer;
  width: number;
  height: number;
}

/** Undefined when jimp cannot decode it (a broken or disguised file), or its decoded size is over the cap. */
export async function reencodeImage(kind: ImageKind, input: Uint8Array): Promise<ProcessedImage | undefined> {
  let image: Awaited<ReturnType<typeof Jimp.fromBuffer>>;
  try {
    image = await Jimp.fromBuffer(Buffer.from(input.buffer, input.byteOffset, input.byteLength));
  } catch {
    return undefined;
  }
  const { width, height } = image.bitmap;
  if (width < 1 || height < 1 || width * height > IMAGE_LIMITS.maxPixels) return undefined;
  const size = outputSize(kind, width, height);
  if (size.width !== width || size.height !== height) image.resize({ w: size.width, h: size.height });
  const bytes = await image.getBuffer('image/jpeg', { quality: JPEG_QUALITY });
  return { bytes, width: image.bitmap.width, height: image.bitmap.height };
}

/**
 * Decodes an uploaded image and makes the published one, with jimp (pure JavaScript: the same code
 * runs on arm64 Lambda and here). The caller has checked the bytes first (#rules/images.ts
 * checkUpload: size, real type, pixels from the header), so a decompression bomb is never decoded.
 *
 * Re-encoding as JPEG writes only the pixels (and a JFIF header): no EXIF (GPS, camera, time), XMP or
 * IPTC segment of the upload survives (test/unit/image-processing.test.ts reads the bytes to check).
 *
 * Not the `Jimp` of the 'jimp' package, which composes every format (BMP, GIF, TIFF…) and plugin (print
 * with its fonts, quantize, rotate…) into each function that imports it (~2 MB minified, issue #16):
 * the same composition with only what is used here. Decoding JPEG and PNG only also keeps the decoder's
 * reach where checkUpload's is: whatever else is handed to it is undecodable, not decoded.
 */
import { createJimp } from '@jimp/core';
import jpeg from '@jimp/js-jpeg';
import png from '@jimp/js-png';
import * as resize from '@jimp/plugin-resize';
import { IMAGE_LIMITS } from '#rules/limits.ts';
import { JPEG_QUALITY, outputSize, type ImageKind } from '#rules/images.ts';

const Jimp = createJimp({ formats: [jpeg, png], plugins: [resize.methods] });

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

/**
 * Test images (issue #17, item 5): JPEGs and PNGs made with jimp, and a JPEG carrying the metadata a
 * phone writes (an EXIF segment with a GPS position, an XMP packet, an IPTC block), so a test can
 * check that none of it comes out of the processing.
 */
import { Jimp } from 'jimp';

export async function makeImage(width: number, height: number, type: 'image/jpeg' | 'image/png' = 'image/jpeg'): Promise<Buffer> {
  const image = new Jimp({ width, height, color: 0x3366aaff });
  // Some structure, so the encoders have something to encode.
  for (let x = 0; x < width; x += 7) for (let y = 0; y < height; y += 5) image.setPixelColor(0xcc8844ff, x, y);
  return type === 'image/png' ? image.getBuffer('image/png') : image.getBuffer('image/jpeg', { quality: 90 });
}

/** Markers of metadata segments, as bytes to look for. */
export const METADATA_MARKERS = {
  exif: Buffer.from('Exif\0\0', 'latin1'),
  xmp: Buffer.from('http://ns.adobe.com/xap', 'latin1'),
  iptc: Buffer.from('Photoshop 3.0', 'latin1'),
  gpsText: Buffer.from('41.6938', 'latin1'),
};

function segment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head[0] = 0xff;
  head[1] = marker;
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** A TIFF (big-endian) whose IFD0 points at a GPS IFD with a latitude reference, latitude and a text. */
function exifWithGps(): Buffer {
  const entries: Buffer[] = [];
  const entry = (tag: number, type: number, count: number, value: number) => {
    const b = Buffer.alloc(12);
    b.writeUInt16BE(tag, 0);
    b.writeUInt16BE(type, 2);
    b.writeUInt32BE(count, 4);
    b.writeUInt32BE(value, 8);
    return b;
  };
  // Layout: header (8) | IFD0 at 8: count(2) + 1 entry(12) + next(4) = 18 → GPS IFD at 26.
  const gpsOffset = 26;
  // GPS IFD: 3 entries → 2 + 36 + 4 = 42 bytes; data after it at 26 + 42 = 68.
  const dataOffset = gpsOffset + 42;
  const ifd0 = Buffer.concat([Buffer.from([0, 1]), entry(0x8825, 4, 1, gpsOffset), Buffer.alloc(4)]);
  entries.push(entry(0x0001, 2, 2, 0x4e000000)); // GPSLatitudeRef "N"
  entries.push(entry(0x0002, 5, 3, dataOffset)); // GPSLatitude, three rationals
  entries.push(entry(0x001b, 7, 8, dataOffset + 24)); // GPSProcessingMethod (undefined bytes)
  const gps = Buffer.concat([Buffer.from([0, 3]), ...entries, Buffer.alloc(4)]);
  const rationals = Buffer.alloc(24);
  [41, 1, 41, 1, 378, 100].forEach((n, i) => rationals.writeUInt32BE(n, i * 4));
  const tiff = Buffer.concat([Buffer.from('MM\0*', 'latin1'), Buffer.from([0, 0, 0, 8]), ifd0, gps, rationals, Buffer.from('41.6938\0', 'latin1')]);
  return Buffer.concat([METADATA_MARKERS.exif, tiff]);
}

/** A JPEG with EXIF (GPS), XMP and IPTC segments right after its start marker. */
export async function jpegWithMetadata(width = 1600, height = 900): Promise<Buffer> {
  const plain = await makeImage(width, height);
  const xmp = Buffer.concat([Buffer.from('http://ns.adobe.com/xap/1.0/\0', 'latin1'), Buffer.from('<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF><exif:GPSLatitude>41,41.6938N</exif:GPSLatitude></rdf:RDF></x:xmpmeta>', 'latin1')]);
  const iptc = Buffer.concat([Buffer.from('Photoshop 3.0\0', 'latin1'), Buffer.from('8BIM\x04\x04\0\0\0\0\0\x0a\x1c\x02\x5a\0\x06Tbilisi', 'latin1')]);
  return Buffer.concat([plain.subarray(0, 2), segment(0xe1, exifWithGps()), segment(0xe1, xmp), segment(0xed, iptc), plain.subarray(2)]);
}

/** A PNG header claiming `width` × `height` (a decompression bomb's signature), with nothing behind it worth decoding. */
export function pngHeader(width: number, height: number): Buffer {
  const ihdr = Buffer.alloc(25);
  ihdr.writeUInt32BE(13, 0);
  ihdr.write('IHDR', 4, 'latin1');
  ihdr.writeUInt32BE(width, 8);
  ihdr.writeUInt32BE(height, 12);
  ihdr[16] = 8;
  ihdr[17] = 6;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ihdr, Buffer.alloc(64)]);
}

// Test photos as a phone makes them: a real JPEG (a gradient the decoder can read) carrying an EXIF
// block with the camera's orientation, a GPS position and a description a test can look for.
import jpeg from 'jpeg-js';

/** Text put into the EXIF block: a test checks it is gone after re-encoding. */
export const EXIF_MARKER = 'HALL-TEST-GPS-30.2741N-120.1551E';
/** The GPS latitude as EXIF writes it: 30° 16' 26.76" N. */
const LATITUDE: Array<[number, number]> = [
  [30, 1],
  [16, 1],
  [2676, 100],
];

/** A `width`×`height` gradient JPEG; the left half red, the right half blue (to check orientation). */
export function gradientJpeg(width = 64, height = 48, quality = 90): Buffer {
  const data = Buffer.alloc(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * 4;
      const left = x < width / 2;
      data[i] = left ? 220 : 20;
      data[i + 1] = Math.round((y / height) * 120);
      data[i + 2] = left ? 20 : 220;
      data[i + 3] = 255;
    }
  }
  return jpeg.encode({ width, height, data }, quality).data;
}

/** An EXIF APP1 segment: IFD0 with orientation, a description and a GPS IFD (latitude N 30° 16' 26.76"). */
export function exifSegment(orientation: number): Buffer {
  const description = Buffer.from(`${EXIF_MARKER}\0`, 'ascii');
  // Layout (offsets from the TIFF header): header 8, IFD0 (3 entries) 2+36+4, description, GPS IFD (2 entries) 2+24+4, latitude 24.
  const ifd0 = 8;
  const descriptionAt = ifd0 + 2 + 3 * 12 + 4;
  const gpsAt = descriptionAt + description.length + (description.length % 2);
  const latitudeAt = gpsAt + 2 + 2 * 12 + 4;
  const tiff = Buffer.alloc(latitudeAt + 24);
  tiff.write('II', 0, 'ascii');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(ifd0, 4);
  tiff.writeUInt16LE(3, ifd0);
  const entry = (at: number, tag: number, type: number, count: number, value: (b: Buffer, o: number) => void) => {
    tiff.writeUInt16LE(tag, at);
    tiff.writeUInt16LE(type, at + 2);
    tiff.writeUInt32LE(count, at + 4);
    value(tiff, at + 8);
  };
  entry(ifd0 + 2, 0x010e, 2, description.length, (b, o) => b.writeUInt32LE(descriptionAt, o)); // ImageDescription
  entry(ifd0 + 14, 0x0112, 3, 1, (b, o) => b.writeUInt16LE(orientation, o)); // Orientation
  entry(ifd0 + 26, 0x8825, 4, 1, (b, o) => b.writeUInt32LE(gpsAt, o)); // GPSInfo
  tiff.writeUInt32LE(0, ifd0 + 38);
  description.copy(tiff, descriptionAt);
  tiff.writeUInt16LE(2, gpsAt);
  entry(gpsAt + 2, 0x0001, 2, 2, (b, o) => b.write('N\0', o, 'ascii')); // GPSLatitudeRef
  entry(gpsAt + 14, 0x0002, 5, 3, (b, o) => b.writeUInt32LE(latitudeAt, o)); // GPSLatitude
  tiff.writeUInt32LE(0, gpsAt + 26);
  LATITUDE.forEach(([n, d], i) => {
    tiff.writeUInt32LE(n, latitudeAt + i * 8);
    tiff.writeUInt32LE(d, latitudeAt + i * 8 + 4);
  });
  const body = Buffer.concat([Buffer.from('Exif\0\0', 'ascii'), tiff]);
  const header = Buffer.from([0xff, 0xe1, 0, 0]);
  header.writeUInt16BE(body.length + 2, 2);
  return Buffer.concat([header, body]);
}

/** A phone's JPEG: the gradient with the EXIF segment right after SOI (orientation 6: held upright, stored sideways). */
export function phoneJpegWithGps(options: { width?: number; height?: number; orientation?: number } = {}): Buffer {
  const plain = gradientJpeg(options.width, options.height);
  return Buffer.concat([plain.subarray(0, 2), exifSegment(options.orientation ?? 6), plain.subarray(2)]);
}

/** Whether a JPEG has an APP1 (EXIF/XMP) segment before its image data. */
export function hasApp1(bytes: Uint8Array): boolean {
  let at = 2;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1]!;
    if (marker === 0xda) return false;
    if (marker === 0xe1) return true;
    at += 2 + ((bytes[at + 2]! << 8) | bytes[at + 3]!);
  }
  return false;
}

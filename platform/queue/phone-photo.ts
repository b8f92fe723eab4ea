// A photo from a citizen's phone, checked and made safe before anything keeps it: the type by its
// magic bytes (never by the name or the declared type), the size, whether it decodes, then decoded
// and encoded again as a plain JPEG — upright (the EXIF orientation applied), at most 1600 px a side,
// with no EXIF, GPS, maker notes, comments or anything else the phone wrote into the file.
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { PHONE_PHOTO_MAX_BYTES } from '../../contract/phone-upload.js';

/** Longest side kept: the document camera's size, readable on A4 and small enough for one host call. */
export const PHONE_PHOTO_MAX_SIDE = 1600;
/** More pixels than this is no phone photo (and would cost hundreds of MiB to decode). */
const MAX_MEGAPIXELS = 50;
/** The kiosk passes a capture to its store in one host call (~700 KB): quality steps down until it fits. */
const MAX_ENCODED_BYTES = 680_000;
const QUALITIES = [85, 72, 60, 48];

export class PhotoRefused extends Error {
  constructor(
    readonly reason: 'not-a-photo' | 'heic' | 'too-large' | 'unreadable',
    message: string,
  ) {
    super(message);
    this.name = 'PhotoRefused';
  }
}

export interface CleanPhoto {
  jpeg: Buffer;
  width: number;
  height: number;
}

type Format = 'jpeg' | 'png';

export function photoFormat(bytes: Uint8Array): Format | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((byte, i) => bytes[i] === byte)) return 'png';
  return undefined;
}

/** Brands of an ISO-BMFF `ftyp` box that mean a HEIF image (an iPhone's HEIC, or AVIF): what iOS keeps when "High Efficiency" is on. */
const HEIF_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1', 'avif', 'avis']);

/** A HEIF image, told by its `ftyp` box's major brand (bytes 8–12 after the box size and type). */
export function isHeif(bytes: Uint8Array): boolean {
  if (bytes.length < 12) return false;
  const text = (from: number) => String.fromCharCode(...bytes.subarray(from, from + 4));
  return text(4) === 'ftyp' && HEIF_BRANDS.has(text(8));
}

interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Checks a file from a phone and returns it re-encoded; refuses anything else with the reason. */
export function cleanPhoneUploadPhoto(bytes: Buffer): CleanPhoto {
  if (bytes.length > PHONE_PHOTO_MAX_BYTES) throw new PhotoRefused('too-large', `the file has ${bytes.length} bytes; at most ${PHONE_PHOTO_MAX_BYTES}`);
  const format = photoFormat(bytes);
  if (!format && isHeif(bytes)) throw new PhotoRefused('heic', 'the photo is HEIC/HEIF (an iPhone keeping "High Efficiency"); only JPEG and PNG are taken');
  if (!format) throw new PhotoRefused('not-a-photo', 'the file is neither a JPEG nor a PNG photo');
  let image: Rgba;
  let orientation = 1;
  try {
    if (format === 'jpeg') {
      orientation = exifOrientation(bytes);
      image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, maxResolutionInMP: MAX_MEGAPIXELS, maxMemoryUsageInMB: 512 });
    } else {
      if (bytes.length < 24 || bytes.toString('latin1', 12, 16) !== 'IHDR') throw new PhotoRefused('unreadable', 'the PNG has no header chunk');
      const width = bytes.readUInt32BE(16);
      const height = bytes.readUInt32BE(20);
      if (width * height > MAX_MEGAPIXELS * 1_000_000) throw new PhotoRefused('too-large', `${width}×${height} is more than ${MAX_MEGAPIXELS} megapixels`);
      image = flattenOnWhite(PNG.sync.read(bytes));
    }
  } catch (error) {
    if (error instanceof PhotoRefused) throw error;
    const message = error instanceof Error ? error.message : String(error);
    if (/maxResolutionInMP|maxMemoryUsageInMB/.test(message))
      throw new PhotoRefused('too-large', `the photo has too many pixels (at most ${MAX_MEGAPIXELS} megapixels)`);
    throw new PhotoRefused('unreadable', `the ${format} photo cannot be decoded`);
  }
  if (image.width < 1 || image.height < 1) throw new PhotoRefused('unreadable', 'the photo has no pixels');
  const upright = orient(shrink(image, PHONE_PHOTO_MAX_SIDE), orientation);
  for (const quality of QUALITIES) {
    const encoded = jpeg.encode({ width: upright.width, height: upright.height, data: upright.data }, quality).data;
    if (encoded.length <= MAX_ENCODED_BYTES || quality === QUALITIES.at(-1)) return { jpeg: encoded, width: upright.width, height: upright.height };
  }
  throw new Error('unreachable');
}

/** The EXIF orientation (1–8) of a JPEG, 1 when it has none or an unreadable one. */
export function exifOrientation(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let at = 2;
  while (at + 4 <= bytes.length && bytes[at] === 0xff) {
    const marker = bytes[at + 1]!;
    if (marker === 0xda || marker === 0xd9) break; // image data: no more headers
    const length = view.getUint16(at + 2);
    const start = at + 4;
    if (marker === 0xe1 && length >= 16 && start + length - 2 <= bytes.length && String.fromCharCode(...bytes.subarray(start, start + 4)) === 'Exif') {
      const tiff = start + 6;
      const little = bytes[tiff] === 0x49;
      const u16 = (offset: number) => view.getUint16(tiff + offset, little);
      const u32 = (offset: number) => view.getUint32(tiff + offset, little);
      const end = start + length - 2 - tiff;
      const ifd = u32(4);
      if (ifd + 2 > end) return 1;
      const entries = u16(ifd);
      for (let i = 0; i < entries; i++) {
        const entry = ifd + 2 + i * 12;
        if (entry + 12 > end) return 1;
        if (u16(entry) === 0x0112) {
          const value = u16(entry + 8);
          return value >= 1 && value <= 8 ? value : 1;
        }
      }
      return 1;
    }
    at = start + length - 2;
  }
  return 1;
}

/** A PNG's pixels with any transparency laid on white (JPEG has no alpha; a document's paper is white). */
function flattenOnWhite(png: { width: number; height: number; data: Uint8Array }): Rgba {
  const data = png.data;
  for (let i = 0; i < data.length; i += 4) {
    const alpha = data[i + 3]! / 255;
    if (alpha === 1) continue;
    for (let c = 0; c < 3; c++) data[i + c] = Math.round(data[i + c]! * alpha + 255 * (1 - alpha));
    data[i + 3] = 255;
  }
  return { width: png.width, height: png.height, data };
}

/** Shrinks so the longest side is at most `maxSide`, each new pixel the average of the ones it covers. */
function shrink(image: Rgba, maxSide: number): Rgba {
  const scale = Math.max(image.width, image.height) / maxSide;
  if (scale <= 1) return image;
  const width = Math.max(1, Math.round(image.width / scale));
  const height = Math.max(1, Math.round(image.height / scale));
  const out = new Uint8Array(width * height * 4);
  const sums = new Float64Array(width * 3);
  const counts = new Uint32Array(width);
  const columnOf = new Uint32Array(image.width);
  for (let x = 0; x < image.width; x++) columnOf[x] = Math.min(width - 1, Math.floor((x * width) / image.width));
  let row = 0;
  const flush = (y: number) => {
    for (let x = 0; x < width; x++) {
      const n = counts[x] || 1;
      const o = (y * width + x) * 4;
      out[o] = Math.round(sums[x * 3]! / n);
      out[o + 1] = Math.round(sums[x * 3 + 1]! / n);
      out[o + 2] = Math.round(sums[x * 3 + 2]! / n);
      out[o + 3] = 255;
    }
    sums.fill(0);
    counts.fill(0);
  };
  for (let y = 0; y < image.height; y++) {
    const target = Math.min(height - 1, Math.floor((y * height) / image.height));
    if (target !== row) {
      flush(row);
      row = target;
    }
    const line = y * image.width * 4;
    for (let x = 0; x < image.width; x++) {
      const column = columnOf[x]!;
      const i = line + x * 4;
      sums[column * 3] = sums[column * 3]! + image.data[i]!;
      sums[column * 3 + 1] = sums[column * 3 + 1]! + image.data[i + 1]!;
      sums[column * 3 + 2] = sums[column * 3 + 2]! + image.data[i + 2]!;
      counts[column]! += 1;
    }
  }
  flush(row);
  return { width, height, data: out };
}

/** Turns the pixels the way EXIF orientation `o` says the camera held them, so the photo shows upright. */
function orient(image: Rgba, o: number): Rgba {
  if (o === 1) return image;
  const { width: w, height: h, data } = image;
  const swap = o >= 5;
  const width = swap ? h : w;
  const height = swap ? w : h;
  const out = new Uint8Array(data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      // Where the shown pixel (x, y) lies in the stored image.
      const [sx, sy] =
        o === 2
          ? [w - 1 - x, y]
          : o === 3
            ? [w - 1 - x, h - 1 - y]
            : o === 4
              ? [x, h - 1 - y]
              : o === 5
                ? [y, x]
                : o === 6
                  ? [y, h - 1 - x]
                  : o === 7
                    ? [w - 1 - y, h - 1 - x]
                    : [w - 1 - y, x];
      const from = (sy * w + sx) * 4;
      const to = (y * width + x) * 4;
      out[to] = data[from]!;
      out[to + 1] = data[from + 1]!;
      out[to + 2] = data[from + 2]!;
      out[to + 3] = 255;
    }
  }
  return { width, height, data: out };
}

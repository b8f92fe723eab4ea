import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { PHONE_PHOTO_MAX_BYTES } from '../../contract/phone-upload.js';
import { EXIF_MARKER, gradientJpeg, hasApp1, phoneJpegWithGps } from '../../test/helpers/exif-jpeg.js';
import { cleanPhoneUploadPhoto, exifOrientation, PhotoRefused } from './phone-photo.js';

const refusal = (bytes: Buffer) => {
  try {
    cleanPhoneUploadPhoto(bytes);
  } catch (error) {
    if (error instanceof PhotoRefused) return error.reason;
    throw error;
  }
  return 'accepted';
};

/** The colour at (x, y) of a decoded JPEG: 'red', 'blue' or 'other'. */
function colourAt(bytes: Buffer, x: number, y: number): string {
  const image = jpeg.decode(bytes, { useTArray: true });
  const i = (y * image.width + x) * 4;
  const [r, , b] = [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!];
  return r > 150 && b < 100 ? 'red' : b > 150 && r < 100 ? 'blue' : 'other';
}

describe('photos from a phone', () => {
  it('re-encodes a JPEG without its EXIF block (GPS, description) and turns it upright', () => {
    const original = phoneJpegWithGps({ width: 64, height: 48, orientation: 6 });
    expect(original.includes(Buffer.from(EXIF_MARKER))).toBe(true);
    expect(exifOrientation(original)).toBe(6);
    const clean = cleanPhoneUploadPhoto(original);
    expect(hasApp1(clean.jpeg)).toBe(false);
    expect(clean.jpeg.includes(Buffer.from(EXIF_MARKER))).toBe(false);
    expect(clean.jpeg.includes(Buffer.from('Exif'))).toBe(false);
    expect(exifOrientation(clean.jpeg)).toBe(1);
    // Orientation 6: the stored image is turned a quarter clockwise to show it; its red left half is now on top.
    expect([clean.width, clean.height]).toEqual([48, 64]);
    expect(colourAt(clean.jpeg, 24, 4)).toBe('red');
    expect(colourAt(clean.jpeg, 24, 60)).toBe('blue');
  });

  it('keeps a photo without orientation as it is, and shrinks a large one to 1600 px a side', () => {
    const small = cleanPhoneUploadPhoto(gradientJpeg(64, 48));
    expect([small.width, small.height]).toEqual([64, 48]);
    expect(colourAt(small.jpeg, 4, 24)).toBe('red');
    const large = cleanPhoneUploadPhoto(gradientJpeg(2000, 1500, 70));
    expect([large.width, large.height]).toEqual([1600, 1200]);
    expect(colourAt(large.jpeg, 100, 600)).toBe('red');
    expect(colourAt(large.jpeg, 1500, 600)).toBe('blue');
  });

  it('takes a PNG, laid on white, and gives a JPEG', () => {
    const png = new PNG({ width: 10, height: 10 });
    png.data.fill(0); // fully transparent
    const clean = cleanPhoneUploadPhoto(PNG.sync.write(png));
    expect(clean.jpeg.subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    const pixel = jpeg.decode(clean.jpeg, { useTArray: true }).data;
    expect(pixel[0]).toBeGreaterThan(245);
  });

  it('refuses what is not a photo by its bytes, whatever it is called', () => {
    expect(refusal(Buffer.from('%PDF-1.7\n1 0 obj\n'))).toBe('not-a-photo');
    expect(refusal(Buffer.from('GIF89a........'))).toBe('not-a-photo');
    expect(refusal(Buffer.alloc(0))).toBe('not-a-photo');
  });

  it('tells an iPhone HEIC (or other HEIF) photo from any other file, so the page can say what to do', () => {
    // An ISO-BMFF file: box size, 'ftyp', the major brand, a minor version, compatible brands.
    const heif = (brand: string) => Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from(`ftyp${brand}\0\0\0\0mif1${brand}`, 'latin1'), Buffer.alloc(64)]);
    expect(refusal(heif('heic'))).toBe('heic');
    expect(refusal(heif('mif1'))).toBe('heic');
    expect(refusal(heif('avif'))).toBe('heic');
    // A video in the same container is no photo at all.
    expect(refusal(heif('isom'))).toBe('not-a-photo');
  });

  it('refuses a JPEG or PNG that does not decode', () => {
    expect(refusal(Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(200, 7)]))).toBe('unreadable');
    expect(refusal(Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(40, 1)]))).toBe('unreadable');
    const cut = PNG.sync.write(new PNG({ width: 10, height: 10 })).subarray(0, 40);
    expect(refusal(cut)).toBe('unreadable');
  });

  it('refuses a file over the size limit, and a picture of too many pixels', () => {
    expect(refusal(Buffer.concat([gradientJpeg(), Buffer.alloc(PHONE_PHOTO_MAX_BYTES)]))).toBe('too-large');
    // A PNG header claiming 10000×10000 pixels is refused before anything is decoded.
    const header = Buffer.from([
      0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 0, 0, 0x27, 0x10, 0, 0, 0x27, 0x10, 8, 6, 0, 0, 0,
    ]);
    expect(refusal(header)).toBe('too-large');
  });
});

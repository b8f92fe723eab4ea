import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { EscPosBuilder, encodeGb18030 } from './builder.js';
import { profileFromOptions } from './profile.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex').replace(/(..)/g, '$1 ').trim().toUpperCase();
const p80 = profileFromOptions({});

describe('EscPosBuilder', () => {
  it('writes the core commands byte for byte', () => {
    const bytes = new EscPosBuilder(p80).init().printMode(48).bold(true).align('center').size(2, 3).lineSpacing().lineSpacing(30).feed(3).codePage(0).bytes();
    expect(hex(bytes)).toBe('1B 40 1B 21 30 1B 45 01 1B 61 01 1D 21 12 1B 32 1B 33 1E 1B 64 03 1B 74 00');
  });

  it('sends FS C only when the profile names a code system', () => {
    expect(hex(new EscPosBuilder(p80).init().bytes())).toBe('1B 40');
    expect(hex(new EscPosBuilder(profileFromOptions({ fsCodeSystem: 0 })).init().bytes())).toBe('1B 40 1C 43 00');
  });

  it('stores "ABC" as a QR exactly as the Epson reference sequence', () => {
    const bytes = new EscPosBuilder(p80).qr('ABC', { moduleSize: 6, level: 'M' }).bytes();
    expect(hex(bytes)).toBe(
      ['1D 28 6B 04 00 31 41 32 00', '1D 28 6B 03 00 31 43 06', '1D 28 6B 03 00 31 45 31', '1D 28 6B 06 00 31 50 30 41 42 43', '1D 28 6B 03 00 31 51 30'].join(
        ' ',
      ),
    );
  });

  it('encodes long QR data lengths little-endian with pL + 256·pH = k + 3', () => {
    const data = 'x'.repeat(300);
    const bytes = new EscPosBuilder(p80).qr(data).bytes();
    const store = hex(bytes).indexOf('31 50 30');
    expect(hex(bytes).slice(store - 6, store - 1)).toBe('2F 01'); // 303 = 0x012F
  });

  it('sends QR as GS v 0 raster when the profile has no native QR', () => {
    const bytes = new EscPosBuilder(profileFromOptions({ profile: 'zj-58' })).qr('ABC').bytes();
    expect(hex(bytes.subarray(0, 3))).toBe('1D 76 30');
    expect(hex(bytes)).not.toContain('1D 28 6B');
  });

  it('writes CODE128 subset B with the selector counted in n', () => {
    expect(hex(new EscPosBuilder(p80).code128('A1', { heightDots: 80, moduleWidth: 2, hri: 'below' }).bytes())).toBe(
      '1D 68 50 1D 77 02 1D 48 02 1D 6B 49 04 7B 42 41 31',
    );
    expect(() => new EscPosBuilder(p80).code128('中文')).toThrow(RangeError);
  });

  it('switches Chinese mode on for Hanzi and sends GB18030 double bytes', () => {
    const bytes = new EscPosBuilder(p80).init().line('取号').bytes();
    expect(hex(bytes)).toBe(`1B 40 1C 26 ${hex(iconv.encode('取号', 'gb18030'))} 0A`);
    expect(hex(iconv.encode('取号', 'gb18030'))).toBe('C8 A1 BA C5');
  });

  it('replaces four-byte GB18030 characters unless the profile allows them', () => {
    expect(hex(encodeGb18030('中𠀀', false))).toBe('D6 D0 3F');
    expect(encodeGb18030('𠀀', true)).toHaveLength(4);
  });

  it('cuts with decimal 65/66 after feeding, or plain GS V 0/1, per profile', () => {
    expect(hex(new EscPosBuilder(profileFromOptions({ cut: 'feed-full' })).cut('full').bytes())).toBe('1D 56 41 00');
    expect(hex(new EscPosBuilder(p80).cut('full').bytes())).toBe('1D 56 42 00');
    expect(hex(new EscPosBuilder(profileFromOptions({ cut: 'partial' })).cut('full', 3).bytes())).toBe('1B 64 03 1D 56 01');
    expect(hex(new EscPosBuilder(profileFromOptions({ cut: 'full' })).cut('full', 3).bytes())).toBe('1B 64 03 1D 56 00');
    expect(hex(new EscPosBuilder(profileFromOptions({ cut: 'none' })).cut('full', 3).bytes())).toBe('1B 64 03');
  });

  it('splits raster images into bands no taller than the profile allows', () => {
    const profile = profileFromOptions({ maxRasterBandDots: 10 });
    const image = { widthDots: 16, heightDots: 25, data: new Uint8Array(2 * 25).fill(0xff) };
    const bytes = new EscPosBuilder(profile).raster(image).bytes();
    expect(bytes.length).toBe(3 * 8 + 50);
    expect(hex(bytes.subarray(0, 8))).toBe('1D 76 30 00 02 00 0A 00');
  });
});

describe('profileFromOptions', () => {
  it('derives dots from a paper width override and rejects unknown profiles', () => {
    expect(profileFromOptions({ paperWidthMm: 58 }).dotsPerLine).toBe(384);
    expect(profileFromOptions({ profile: 'zj-58' }).nativeQr).toBe(false);
    expect(() => profileFromOptions({ profile: 'nope' })).toThrow(/unknown printer profile/);
    expect(() => profileFromOptions({ qrModuleSize: 99 })).toThrow();
  });
});

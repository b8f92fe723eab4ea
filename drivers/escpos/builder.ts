import iconv from 'iconv-lite';
import type { PrinterProfile } from './profile.js';
import { qrImage, type MonoImage, type QrLevel } from './raster.js';

export type Align = 'left' | 'center' | 'right';
export type CutKind = 'full' | 'partial';

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const LF = 0x0a;

const QR_EC_BYTE: Record<QrLevel, number> = { L: 0x30, M: 0x31, Q: 0x32, H: 0x33 };

/** Encodes text for the printer: GB18030 double-byte; four-byte codes only if the profile allows. */
export function encodeGb18030(text: string, allowFourByte: boolean): Uint8Array {
  if (allowFourByte) return iconv.encode(text, 'gb18030');
  const parts: Buffer[] = [];
  for (const char of text) {
    const bytes = iconv.encode(char, 'gb18030');
    parts.push(bytes.length === 4 ? Buffer.from('?') : bytes);
  }
  return Buffer.concat(parts);
}

/**
 * Builds an ESC/POS byte stream. Pure: no I/O; every method appends bytes and returns `this`.
 * Chinese mode is tracked and switched with FS & / FS . only when text needs it.
 */
export class EscPosBuilder {
  private readonly chunks: number[][] = [];
  private chineseMode: boolean | undefined;

  constructor(readonly profile: PrinterProfile) {}

  raw(bytes: ArrayLike<number>): this {
    this.chunks.push(Array.from(bytes));
    return this;
  }

  init(): this {
    // Whether ESC @ resets Chinese mode differs by vendor, so forget what we knew.
    this.chineseMode = undefined;
    this.raw([ESC, 0x40]);
    return this.profile.fsCodeSystem === null ? this : this.raw([FS, 0x43, this.profile.fsCodeSystem]);
  }

  setChineseMode(on: boolean): this {
    this.chineseMode = on;
    return this.raw(on ? [FS, 0x26] : [FS, 0x2e]);
  }

  /** Text without a line feed: ASCII as is, anything else as GB18030 in Chinese mode. */
  text(value: string): this {
    if (value === '') return this;
    const needsChinese = /[^\x20-\x7e]/.test(value);
    if (needsChinese && this.chineseMode !== true) this.setChineseMode(true);
    // Control bytes inside text would be read as commands by the printer.
    const clean = Array.from(value, (ch) => (ch.charCodeAt(0) < 0x20 || ch === '\x7f' ? ' ' : ch)).join('');
    return this.raw(needsChinese ? encodeGb18030(clean, this.profile.gb18030FourByte) : Buffer.from(clean, 'latin1'));
  }

  line(value = ''): this {
    return this.text(value).raw([LF]);
  }

  newline(): this {
    return this.raw([LF]);
  }

  printMode(n: number): this {
    return this.raw([ESC, 0x21, n & 0xff]);
  }

  bold(on: boolean): this {
    return this.raw([ESC, 0x45, on ? 1 : 0]);
  }

  align(value: Align): this {
    return this.raw([ESC, 0x61, value === 'left' ? 0 : value === 'center' ? 1 : 2]);
  }

  /** GS ! n with width and height multipliers 1–8. */
  size(width: number, height: number): this {
    const w = Math.min(8, Math.max(1, Math.round(width)));
    const h = Math.min(8, Math.max(1, Math.round(height)));
    return this.raw([GS, 0x21, ((w - 1) << 4) | (h - 1)]);
  }

  /** Default line spacing without an argument, else n motion units. */
  lineSpacing(units?: number): this {
    return units === undefined ? this.raw([ESC, 0x32]) : this.raw([ESC, 0x33, units & 0xff]);
  }

  feed(lines: number): this {
    return this.raw([ESC, 0x64, Math.min(255, Math.max(0, lines))]);
  }

  codePage(n: number): this {
    return this.raw([ESC, 0x74, n & 0xff]);
  }

  /** CODE128 subset B (GS k 73); data must be 7-bit ASCII. */
  code128(data: string, options: { heightDots?: number; moduleWidth?: number; hri?: 'none' | 'above' | 'below' | 'both' } = {}): this {
    const bytes = Buffer.from(data, 'latin1');
    if (bytes.length === 0 || bytes.length > 253 || bytes.some((b) => b > 0x7f) || data.length !== bytes.length) {
      throw new RangeError('CODE128 data must be 1–253 ASCII characters');
    }
    const hri = { none: 0, above: 1, below: 2, both: 3 }[options.hri ?? 'below'];
    this.raw([GS, 0x68, options.heightDots ?? 80]);
    this.raw([GS, 0x77, Math.min(6, Math.max(2, options.moduleWidth ?? 2))]);
    this.raw([GS, 0x48, hri]);
    return this.raw([GS, 0x6b, 0x49, bytes.length + 2, 0x7b, 0x42, ...bytes]);
  }

  /** A QR code: native GS ( k when the profile supports it, else a raster image. Data is sent as UTF-8. */
  qr(data: string, options: { moduleSize?: number; level?: QrLevel } = {}): this {
    const bytes = Buffer.from(data, 'utf8');
    const moduleSize = options.moduleSize ?? this.profile.qrModuleSize;
    const level = options.level ?? this.profile.qrErrorCorrection;
    return this.profile.nativeQr ? this.qrNative(bytes, moduleSize, level) : this.raster(qrImage(bytes, level, moduleSize));
  }

  qrNative(data: Uint8Array, moduleSize: number, level: QrLevel): this {
    if (data.length === 0 || data.length > 7089) throw new RangeError('QR data must be 1–7089 bytes');
    const storeLength = data.length + 3;
    this.raw([GS, 0x28, 0x6b, 0x04, 0x00, 0x31, 0x41, 0x32, 0x00]);
    this.raw([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x43, Math.min(16, Math.max(1, moduleSize))]);
    this.raw([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x45, QR_EC_BYTE[level]]);
    this.raw([GS, 0x28, 0x6b, storeLength & 0xff, storeLength >> 8, 0x31, 0x50, 0x30, ...data]);
    return this.raw([GS, 0x28, 0x6b, 0x03, 0x00, 0x31, 0x51, 0x30]);
  }

  /** GS v 0 raster, split into bands so each command stays within the profile's height limit. */
  raster(image: MonoImage, mode: 0 | 1 | 2 | 3 = 0): this {
    const rowBytes = Math.ceil(image.widthDots / 8);
    if (rowBytes > 0xffff) throw new RangeError('raster image too wide');
    const band = this.profile.maxRasterBandDots;
    for (let top = 0; top < image.heightDots; top += band) {
      const rows = Math.min(band, image.heightDots - top);
      this.raw([GS, 0x76, 0x30, mode, rowBytes & 0xff, rowBytes >> 8, rows & 0xff, rows >> 8]);
      this.raw(image.data.subarray(top * rowBytes, (top + rows) * rowBytes));
    }
    return this;
  }

  /** Cuts as the profile allows; full cuts degrade to partial on partial-only units. */
  cut(kind: CutKind = 'partial', feedLines = 4): this {
    const style = this.profile.cut;
    if (style === 'none') return this.feed(feedLines);
    if (style === 'feed-full' || style === 'feed-partial') {
      const full = kind === 'full' && style === 'feed-full';
      // 65/66 are decimal (0x41/0x42); feeding to the cutter position is part of the command.
      return this.raw([GS, 0x56, full ? 65 : 66, this.profile.cutFeed]);
    }
    const full = kind === 'full' && style === 'full';
    return this.feed(feedLines).raw([GS, 0x56, full ? 0 : 1]);
  }

  bytes(): Uint8Array {
    return Uint8Array.from(this.chunks.flat());
  }
}

export const DLE_EOT = (n: 1 | 2 | 3 | 4): Uint8Array => Uint8Array.of(0x10, 0x04, n);

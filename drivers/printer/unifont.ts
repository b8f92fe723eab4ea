import { readFileSync } from 'node:fs';

export const UNIFONT_PATH = '/usr/share/unifont/unifont.hex';

/** One glyph: 16 rows, `width` 8 or 16 dots, row bits with the leftmost dot in the high bit. */
export interface Glyph {
  width: 8 | 16;
  rows: number[];
}

/**
 * GNU Unifont from its .hex form ("XXXX:hexbits", 32 hex digits for 8×16, 64 for 16×16).
 * Loaded once per path; a missing file gives boxes instead of failing the render.
 */
export class UnifontGlyphs {
  private static readonly cache = new Map<string, UnifontGlyphs>();
  private readonly hexByCode = new Map<number, string>();
  readonly available: boolean;

  static load(path = UNIFONT_PATH): UnifontGlyphs {
    let font = UnifontGlyphs.cache.get(path);
    if (!font) {
      font = new UnifontGlyphs(path);
      UnifontGlyphs.cache.set(path, font);
    }
    return font;
  }

  private constructor(path: string) {
    let source: string;
    try {
      source = readFileSync(path, 'latin1');
    } catch {
      source = '';
    }
    this.available = source.length > 0;
    for (const line of source.split('\n')) {
      const colon = line.indexOf(':');
      if (colon < 4) continue;
      const code = parseInt(line.slice(0, colon), 16);
      const bits = line.slice(colon + 1).trim();
      if (Number.isFinite(code) && (bits.length === 32 || bits.length === 64)) this.hexByCode.set(code, bits);
    }
  }

  glyph(codePoint: number): Glyph {
    const bits = this.hexByCode.get(codePoint);
    if (!bits) return fallbackBox(codePoint > 0xff ? 16 : 8);
    const width = bits.length === 64 ? 16 : 8;
    const step = width / 4;
    const rows: number[] = [];
    for (let r = 0; r < 16; r++) rows.push(parseInt(bits.slice(r * step, r * step + step), 16));
    return { width, rows };
  }
}

function fallbackBox(width: 8 | 16): Glyph {
  const full = width === 16 ? 0xffff : 0xff;
  const edge = width === 16 ? 0x8001 : 0x81;
  return { width, rows: Array.from({ length: 16 }, (_, r) => (r === 1 || r === 14 ? full : r > 1 && r < 14 ? edge : 0)) };
}

// The card photo is a WLT blob only a licensed vendor library can decode. The driver keeps it
// as opaque bytes and offers a plug-in point; without a plug-in the UI shows a placeholder.

/** 'W' 'L' then width 102 and height 126 as u16 LE, as captured blobs begin. */
export const WLT_MAGIC = Uint8Array.of(0x57, 0x4c, 0x66, 0x00, 0x7e, 0x00);

export interface WltDecoder {
  /** For status and logs, e.g. "vendor-x libwlt 2.1". */
  readonly name: string;
  /** False for the built-in stand-in, so callers can skip decoding and show a placeholder. */
  readonly available: boolean;
  /** Resolves with a 24-bit BMP (102×126, 38862 bytes for the standard photo). */
  decode(wlt: Uint8Array): Promise<Uint8Array>;
}

export class WltDecoderUnavailableError extends Error {
  constructor() {
    super('no WLT photo decoder is installed');
    this.name = 'WltDecoderUnavailableError';
  }
}

/** The default: no decoder installed. */
export const NO_WLT_DECODER: WltDecoder = {
  name: 'none',
  available: false,
  decode: () => Promise.reject(new WltDecoderUnavailableError()),
};

export type PhotoDecodeResult = { status: 'decoded'; bmp: Uint8Array } | { status: 'no-decoder' } | { status: 'failed'; reason: string };

export function looksLikeWlt(blob: Uint8Array): boolean {
  return blob.length >= WLT_MAGIC.length && WLT_MAGIC.every((b, i) => blob[i] === b);
}

export async function decodePhoto(decoder: WltDecoder, wlt: Uint8Array): Promise<PhotoDecodeResult> {
  if (!decoder.available) return { status: 'no-decoder' };
  try {
    return { status: 'decoded', bmp: await decoder.decode(wlt) };
  } catch (error) {
    // The reason comes from the plug-in, never from the card's content.
    return { status: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
}

import iconv from 'iconv-lite';
import type { Symbology } from '../../contract/scanning.js';

const AIM_SYMBOLOGIES: Record<string, Symbology> = {
  A: 'code39',
  C: 'code128',
  d: 'data-matrix',
  E: 'ean-upc',
  e: 'gs1-databar',
  F: 'codabar',
  G: 'code93',
  h: 'han-xin',
  I: 'interleaved-2of5',
  L: 'pdf417',
  Q: 'qr',
  z: 'aztec',
};

export type AimMode = 'auto' | 'always' | 'never';

export interface AimSplit {
  aimId?: string;
  symbology: Symbology;
  payload: Uint8Array;
}

export function symbologyFromAim(aimId: string): Symbology {
  if (aimId === ']C1') return 'gs1-128';
  return AIM_SYMBOLOGIES[aimId[1] ?? ''] ?? 'other';
}

/**
 * Strips a leading AIM identifier (`]` + code character + modifier). In 'auto' mode only known
 * code characters are taken, so data that merely starts with "]" is left alone. The QR modifier
 * meanings (]Q0…]Q6) are UNCONFIRMED, so the modifier is reported as sent and not interpreted.
 */
export function splitAim(bytes: Uint8Array, mode: AimMode = 'auto'): AimSplit {
  if (mode !== 'never' && bytes.length >= 3 && bytes[0] === 0x5d) {
    const code = String.fromCharCode(bytes[1]!);
    const modifier = String.fromCharCode(bytes[2]!);
    const plausible = /^[A-Za-z]$/.test(code) && /^[0-9A-Za-z]$/.test(modifier);
    if (plausible && (mode === 'always' || code in AIM_SYMBOLOGIES)) {
      const aimId = `]${code}${modifier}`;
      return { aimId, symbology: symbologyFromAim(aimId), payload: bytes.subarray(3) };
    }
  }
  return { symbology: 'unknown', payload: bytes };
}

const strictUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Scanned bytes carry no charset: strict UTF-8 first (what QR generators write), else GB18030. */
export function decodeScanText(bytes: Uint8Array): { text: string; encoding: 'utf-8' | 'gb18030' } {
  try {
    return { text: strictUtf8.decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: iconv.decode(Buffer.from(bytes), 'gb18030'), encoding: 'gb18030' };
  }
}

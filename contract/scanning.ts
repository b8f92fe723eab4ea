import { z } from 'zod';

export const SCAN_SOURCES = ['serial', 'hid', 'keyboard-wedge', 'simulated'] as const;
export const ScanSource = z.enum(SCAN_SOURCES);
export type ScanSource = z.infer<typeof ScanSource>;

/** Symbologies named by the AIM identifier's code character; `unknown` when none was sent. */
export const SYMBOLOGIES = [
  'code39',
  'code128',
  'gs1-128',
  'data-matrix',
  'ean-upc',
  'gs1-databar',
  'codabar',
  'code93',
  'han-xin',
  'interleaved-2of5',
  'pdf417',
  'qr',
  'aztec',
  'other',
  'unknown',
] as const;
export const Symbology = z.enum(SYMBOLOGIES);
export type Symbology = z.infer<typeof Symbology>;

export const ScanEvent = z.object({
  deviceId: z.string(),
  /** The decoded text, without terminator or AIM prefix. */
  data: z.string(),
  /** The payload bytes as received (without terminator and AIM prefix), hex encoded. */
  rawHex: z.string(),
  /** Which decoding produced `data`: strict UTF-8 is tried first, then GB18030. */
  encoding: z.enum(['utf-8', 'gb18030']),
  /** e.g. "]Q1" when the scanner sent one. */
  aimId: z.string().optional(),
  symbology: Symbology,
  source: ScanSource,
  at: z.string(),
});
export type ScanEvent = z.infer<typeof ScanEvent>;

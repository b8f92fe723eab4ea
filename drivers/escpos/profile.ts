import { z } from 'zod';

/**
 * What a particular printer model supports. Chosen from the device config's `options`
 * (`{ "profile": "generic-80", "nativeQr": false, … }`): a named base profile plus overrides.
 */
export const PrinterProfile = z.object({
  name: z.string(),
  paperWidthMm: z.union([z.literal(58), z.literal(80)]),
  /** Printable dots per line: 384 on 58 mm, 576 on 80 mm heads (typical, not universal). */
  dotsPerLine: z.number().int().min(8).max(4096),
  /** Whether the printer understands GS ( k QR; otherwise QR codes are sent as a raster image. */
  nativeQr: z.boolean(),
  /**
   * 'feed-full'/'feed-partial' use GS V 65/66 n (feed to the cutter, then cut); 'full'/'partial'
   * use GS V 0/1; 'none' only feeds (tear bar). ZJ-58 and Citizen units only cut partially.
   */
  cut: z.enum(['feed-full', 'feed-partial', 'full', 'partial', 'none']),
  /** Extra motion units fed before a GS V 65/66 cut. */
  cutFeed: z.number().int().min(0).max(255),
  /**
   * Many Chinese printers switch Chinese mode (FS &) on at power-up. Whether ESC @ resets it is
   * UNCONFIRMED across vendors, so the builder sends FS & / FS . explicitly rather than trusting this.
   */
  chineseModeAtPowerUp: z.boolean(),
  /**
   * Some firmware prints only GB2312/GBK double-byte areas (SurePrint SP91); four-byte GB18030
   * support is model-dependent (UNCONFIRMED per model), so it is off unless a profile says so.
   */
  gb18030FourByte: z.boolean(),
  /**
   * FS C n sent after ESC @ when set. Epson defines it as JIS/Shift-JIS; what n selects on Chinese
   * firmware (GB18030, BIG5, UTF-8) is UNCONFIRMED, so it is off unless a profile names a value.
   */
  fsCodeSystem: z.number().int().min(0).max(255).nullable(),
  /**
   * Bytes per write. Receive-buffer sizes and flow control of Xprinter/Gprinter clones are
   * UNCONFIRMED; smaller writes keep a status check from waiting behind a long transfer.
   */
  writeChunkBytes: z.number().int().min(16).max(65536),
  /** ESC t n, used for single-byte text when Chinese mode is off. */
  codePage: z.number().int().min(0).max(255),
  qrModuleSize: z.number().int().min(1).max(16),
  qrErrorCorrection: z.enum(['L', 'M', 'Q', 'H']),
  /** Largest raster band height sent in one GS v 0 (one 58 mm model caps it at 4095). */
  maxRasterBandDots: z.number().int().min(8).max(4095),
  /** Serial baud rate used for wire-time estimates. */
  baudRate: z.number().int().positive(),
});
export type PrinterProfile = z.infer<typeof PrinterProfile>;

const GENERIC_80: PrinterProfile = {
  name: 'generic-80',
  paperWidthMm: 80,
  dotsPerLine: 576,
  nativeQr: true,
  cut: 'feed-partial',
  cutFeed: 0,
  chineseModeAtPowerUp: true,
  gb18030FourByte: false,
  fsCodeSystem: null,
  writeChunkBytes: 1024,
  codePage: 0,
  qrModuleSize: 6,
  qrErrorCorrection: 'M',
  maxRasterBandDots: 255,
  baudRate: 115200,
};

export const PRINTER_PROFILES: Record<string, PrinterProfile> = {
  'generic-80': GENERIC_80,
  'generic-58': { ...GENERIC_80, name: 'generic-58', paperWidthMm: 58, dotsPerLine: 384, qrModuleSize: 5 },
  // Cheap 58 mm units without QR firmware and without a full cutter.
  'zj-58': {
    ...GENERIC_80,
    name: 'zj-58',
    paperWidthMm: 58,
    dotsPerLine: 384,
    nativeQr: false,
    cut: 'partial',
    qrModuleSize: 4,
    baudRate: 9600,
    writeChunkBytes: 256,
  },
  'epson-tm-t88': { ...GENERIC_80, name: 'epson-tm-t88', cut: 'feed-full', chineseModeAtPowerUp: false, gb18030FourByte: false },
};

const ProfileOverrides = PrinterProfile.omit({ name: true }).partial().extend({ profile: z.string().optional() });

/** Picks the base profile named by options.profile (default generic-80) and applies overrides. */
export function profileFromOptions(options: Record<string, unknown> = {}): PrinterProfile {
  const known = Object.keys(PrinterProfile.shape);
  const relevant = Object.fromEntries(Object.entries(options).filter(([key]) => key === 'profile' || known.includes(key)));
  const parsed = ProfileOverrides.parse(relevant);
  const { profile: baseName, ...overrides } = parsed;
  const base = PRINTER_PROFILES[baseName ?? 'generic-80'];
  if (!base) throw new Error(`unknown printer profile "${baseName}" (known: ${Object.keys(PRINTER_PROFILES).join(', ')})`);
  const merged = { ...base, ...overrides };
  if (overrides.paperWidthMm && overrides.dotsPerLine === undefined) merged.dotsPerLine = overrides.paperWidthMm === 58 ? 384 : 576;
  return PrinterProfile.parse(merged);
}

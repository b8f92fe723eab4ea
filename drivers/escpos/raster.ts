import QRCode from 'qrcode';

/** A 1-bit image packed as GS v 0 expects: rows of ceil(width/8) bytes, bit 7 leftmost, 1 = black. */
export interface MonoImage {
  widthDots: number;
  heightDots: number;
  data: Uint8Array;
}

export const QR_LEVELS = ['L', 'M', 'Q', 'H'] as const;
export type QrLevel = (typeof QR_LEVELS)[number];

/** The QR module matrix for raw bytes in byte mode, as a printer with native QR would build it. */
export function qrMatrix(data: Uint8Array, level: QrLevel): { size: number; dark(row: number, col: number): boolean } {
  const code = QRCode.create([{ data, mode: 'byte' }], { errorCorrectionLevel: level });
  const size = code.modules.size;
  return { size, dark: (row, col) => code.modules.get(row, col) === 1 };
}

export function createMonoImage(widthDots: number, heightDots: number): MonoImage {
  return { widthDots, heightDots, data: new Uint8Array(Math.ceil(widthDots / 8) * heightDots) };
}

export function setDot(image: MonoImage, x: number, y: number): void {
  if (x < 0 || y < 0 || x >= image.widthDots || y >= image.heightDots) return;
  const rowBytes = Math.ceil(image.widthDots / 8);
  const index = y * rowBytes + (x >> 3);
  image.data[index] = (image.data[index] ?? 0) | (0x80 >> (x & 7));
}

export function getDot(image: MonoImage, x: number, y: number): boolean {
  if (x < 0 || y < 0 || x >= image.widthDots || y >= image.heightDots) return false;
  const rowBytes = Math.ceil(image.widthDots / 8);
  return ((image.data[y * rowBytes + (x >> 3)] ?? 0) & (0x80 >> (x & 7))) !== 0;
}

/** A QR code as a bitmap with a 4-module quiet zone, for printers without GS ( k. */
export function qrImage(data: Uint8Array, level: QrLevel, moduleDots: number): MonoImage {
  const matrix = qrMatrix(data, level);
  const quiet = 4;
  const side = (matrix.size + quiet * 2) * moduleDots;
  const image = createMonoImage(side, side);
  for (let row = 0; row < matrix.size; row++) {
    for (let col = 0; col < matrix.size; col++) {
      if (!matrix.dark(row, col)) continue;
      for (let dy = 0; dy < moduleDots; dy++) {
        for (let dx = 0; dx < moduleDots; dx++) setDot(image, (col + quiet) * moduleDots + dx, (row + quiet) * moduleDots + dy);
      }
    }
  }
  return image;
}

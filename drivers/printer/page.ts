import type { MonoImage, QrLevel } from '../escpos/raster.js';

export type Alignment = 'left' | 'center' | 'right';

export interface TextRun {
  text: string;
  widthScale: number;
  heightScale: number;
  bold: boolean;
}

/** What a printer put on paper, in order, between two cuts. */
export type PageItem =
  | { kind: 'text'; runs: TextRun[]; align: Alignment; spacingDots: number }
  | { kind: 'qr'; data: Uint8Array; moduleSize: number; level: QrLevel; align: Alignment }
  | { kind: 'image'; image: MonoImage; scaleX: number; scaleY: number; align: Alignment }
  | { kind: 'barcode'; data: string; heightDots: number; moduleWidth: number; align: Alignment }
  | { kind: 'feed'; dots: number };

export interface PrintedPage {
  /** 1, 2, 3… in the order the simulator cut them. */
  sequence: number;
  items: PageItem[];
  /** 'tear' for printers without a cutter, where the next job's ESC @ ends the page. */
  cut: 'full' | 'partial' | 'tear';
  /** One line per text line; QR codes as "[QR] data", images as "[image W×H]". */
  text: string;
  completedAt: string;
}

export function pageText(items: PageItem[]): string {
  const lines: string[] = [];
  for (const item of items) {
    if (item.kind === 'text') lines.push(item.runs.map((r) => r.text).join(''));
    else if (item.kind === 'qr') lines.push(`[QR] ${Buffer.from(item.data).toString('utf8')}`);
    else if (item.kind === 'image') lines.push(`[image ${item.image.widthDots}x${item.image.heightDots}]`);
    else if (item.kind === 'barcode') lines.push(`[CODE128] ${item.data}`);
  }
  return lines.join('\n');
}

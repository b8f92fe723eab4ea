import { PNG } from 'pngjs';
import { getDot, qrMatrix } from '../escpos/raster.js';
import type { Alignment, PageItem, TextRun } from './page.js';
import { UnifontGlyphs } from './unifont.js';

/** A white strip of paper that grows downwards as items are drawn. */
class Paper {
  private rows: Uint8Array[] = [];
  constructor(readonly width: number) {}

  get height() {
    return this.rows.length;
  }

  grow(dots: number): number {
    const top = this.rows.length;
    for (let i = 0; i < dots; i++) this.rows.push(new Uint8Array(this.width));
    return top;
  }

  dot(x: number, y: number): void {
    const row = this.rows[y];
    if (row && x >= 0 && x < this.width) row[x] = 1;
  }

  toPng(): Buffer {
    const png = new PNG({ width: this.width, height: Math.max(1, this.rows.length) });
    png.data.fill(255);
    this.rows.forEach((row, y) => {
      for (let x = 0; x < this.width; x++) {
        if (!row[x]) continue;
        const i = (y * this.width + x) * 4;
        png.data[i] = png.data[i + 1] = png.data[i + 2] = 0;
      }
    });
    return PNG.sync.write(png);
  }
}

function leftFor(align: Alignment, contentWidth: number, paperWidth: number): number {
  if (align === 'center') return Math.max(0, Math.floor((paperWidth - contentWidth) / 2));
  if (align === 'right') return Math.max(0, paperWidth - contentWidth);
  return 0;
}

const runWidth = (font: UnifontGlyphs, run: TextRun) =>
  [...run.text].reduce((sum, ch) => sum + font.glyph(ch.codePointAt(0) ?? 0x3f).width * run.widthScale, 0);

/** Splits a line into pieces that fit the paper, as the printer wraps at the right margin. */
function wrapRuns(font: UnifontGlyphs, runs: TextRun[], width: number): TextRun[][] {
  const lines: TextRun[][] = [[]];
  let used = 0;
  for (const run of runs) {
    let piece = '';
    for (const ch of run.text) {
      const w = font.glyph(ch.codePointAt(0) ?? 0x3f).width * run.widthScale;
      if (used + w > width && used > 0) {
        if (piece) lines[lines.length - 1]!.push({ ...run, text: piece });
        lines.push([]);
        piece = '';
        used = 0;
      }
      piece += ch;
      used += w;
    }
    if (piece) lines[lines.length - 1]!.push({ ...run, text: piece });
  }
  return lines;
}

function drawTextLine(paper: Paper, font: UnifontGlyphs, runs: TextRun[], align: Alignment, spacingDots: number): void {
  const height = Math.max(1, ...runs.map((r) => r.heightScale)) * 16;
  const width = runs.reduce((sum, r) => sum + runWidth(font, r), 0);
  const top = paper.grow(height + spacingDots);
  let x = leftFor(align, width, paper.width);
  for (const run of runs) {
    const baseline = top + height - 16 * run.heightScale;
    for (const ch of run.text) {
      const glyph = font.glyph(ch.codePointAt(0) ?? 0x3f);
      for (let gy = 0; gy < 16; gy++) {
        const bits = glyph.rows[gy] ?? 0;
        for (let gx = 0; gx < glyph.width; gx++) {
          if (!(bits & (1 << (glyph.width - 1 - gx)))) continue;
          for (let sy = 0; sy < run.heightScale; sy++) {
            for (let sx = 0; sx < run.widthScale + (run.bold ? 1 : 0); sx++) paper.dot(x + gx * run.widthScale + sx, baseline + gy * run.heightScale + sy);
          }
        }
      }
      x += glyph.width * run.widthScale;
    }
  }
}

function drawItem(paper: Paper, font: UnifontGlyphs, item: PageItem): void {
  switch (item.kind) {
    case 'feed':
      paper.grow(item.dots);
      return;
    case 'text': {
      if (item.runs.every((r) => r.text === '')) {
        paper.grow(16 + item.spacingDots);
        return;
      }
      for (const line of wrapRuns(font, item.runs, paper.width)) drawTextLine(paper, font, line, item.align, item.spacingDots);
      return;
    }
    case 'qr': {
      const matrix = qrMatrix(item.data, item.level);
      const quiet = 4;
      const side = (matrix.size + quiet * 2) * item.moduleSize;
      const left = leftFor(item.align, side, paper.width);
      const top = paper.grow(side);
      for (let r = 0; r < matrix.size; r++) {
        for (let c = 0; c < matrix.size; c++) {
          if (!matrix.dark(r, c)) continue;
          for (let dy = 0; dy < item.moduleSize; dy++) {
            for (let dx = 0; dx < item.moduleSize; dx++) paper.dot(left + (c + quiet) * item.moduleSize + dx, top + (r + quiet) * item.moduleSize + dy);
          }
        }
      }
      return;
    }
    case 'image': {
      const { image, scaleX, scaleY } = item;
      const left = leftFor(item.align, image.widthDots * scaleX, paper.width);
      const top = paper.grow(image.heightDots * scaleY);
      for (let y = 0; y < image.heightDots; y++) {
        for (let x = 0; x < image.widthDots; x++) {
          if (!getDot(image, x, y)) continue;
          for (let sy = 0; sy < scaleY; sy++) for (let sx = 0; sx < scaleX; sx++) paper.dot(left + x * scaleX + sx, top + y * scaleY + sy);
        }
      }
      return;
    }
    case 'barcode': {
      // Not a scannable CODE128: a striped block with the human-readable text under it.
      const width = Math.min(paper.width, (item.data.length * 11 + 35) * item.moduleWidth);
      const left = leftFor(item.align, width, paper.width);
      const top = paper.grow(item.heightDots);
      for (let y = 0; y < item.heightDots; y++)
        for (let x = 0; x < width; x += item.moduleWidth * 2) for (let w = 0; w < item.moduleWidth; w++) paper.dot(left + x + w, top + y);
      drawTextLine(paper, font, [{ text: item.data, widthScale: 1, heightScale: 1, bold: false }], item.align, 4);
      return;
    }
  }
}

/** Renders a cut page to PNG: Unifont text scaled by the character size, QR codes and raster images. */
export function renderPagePng(items: PageItem[], paperWidthDots: number, font = UnifontGlyphs.load()): Buffer {
  const paper = new Paper(paperWidthDots);
  paper.grow(16);
  for (const item of items) drawItem(paper, font, item);
  paper.grow(16);
  return paper.toPng();
}

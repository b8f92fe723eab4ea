import iconv from 'iconv-lite';
import type { EscPosCommand } from '../escpos/parser.js';
import { QR_LEVELS, type QrLevel } from '../escpos/raster.js';
import { pageText, type Alignment, type PageItem, type PrintedPage, type TextRun } from './page.js';
import { systemClock } from '../../contract/clock.js';

interface PendingRun {
  bytes: number[];
  chinese: boolean;
  widthScale: number;
  heightScale: number;
  bold: boolean;
}

/**
 * The print engine of the simulator: applies parsed commands to a page and hands out the page at
 * each cut. Text bytes are kept until the line ends so GB18030 pairs split across reads decode whole.
 */
export class PrinterModel {
  private items: PageItem[] = [];
  private line: PendingRun[] = [];
  private align: Alignment = 'left';
  private bold = false;
  private modeWidth = 1;
  private modeHeight = 1;
  private sizeWidth = 1;
  private sizeHeight = 1;
  private spacingDots = 14;
  private qrSize = 3;
  private qrLevel: QrLevel = 'L';
  private qrData: Uint8Array | undefined;
  private barcodeHeight = 162;
  private barcodeWidth = 3;
  private sequence = 0;
  /** Pages abandoned by ESC @ before their cut (an interrupted job being resent). */
  abandonedPages = 0;

  constructor(
    private readonly onPage: (page: PrintedPage) => void,
    /** Printers without a cutter: a page ends at the next ESC @ (or tearOff()) instead of at a cut. */
    private readonly tearBar = false,
  ) {}

  /** Hands out what is on the paper now, as when someone tears it off (tear-bar printers). */
  tearOff(): void {
    this.cut('tear');
  }

  apply(command: EscPosCommand): void {
    switch (command.type) {
      case 'text':
        this.addText(command.bytes, command.chinese);
        return;
      case 'lf':
        this.endLine(true);
        return;
      case 'init':
        this.reset();
        return;
      case 'print-mode':
        this.bold = (command.n & 0x08) !== 0;
        this.modeHeight = command.n & 0x10 ? 2 : 1;
        this.modeWidth = command.n & 0x20 ? 2 : 1;
        return;
      case 'chinese-print-mode':
        this.modeWidth = command.n & 0x04 ? 2 : 1;
        this.modeHeight = command.n & 0x08 ? 2 : 1;
        return;
      case 'quadruple':
        this.modeWidth = this.modeHeight = command.on ? 2 : 1;
        return;
      case 'bold':
        this.bold = command.on;
        return;
      case 'align':
        // Only honoured at the start of a line, as on the hardware.
        if (this.line.length === 0) this.align = command.value;
        return;
      case 'char-size':
        this.sizeWidth = command.width;
        this.sizeHeight = command.height;
        return;
      case 'line-spacing':
        this.spacingDots = command.units === undefined ? 14 : Math.max(0, command.units - 16);
        return;
      case 'feed-lines':
        this.endLine(false);
        for (let i = 0; i < command.n; i++) this.items.push({ kind: 'feed', dots: 16 + this.spacingDots });
        return;
      case 'feed-dots':
        this.endLine(false);
        this.items.push({ kind: 'feed', dots: command.n });
        return;
      case 'barcode-setting':
        if (command.setting === 'height') this.barcodeHeight = Math.max(1, command.n);
        if (command.setting === 'width') this.barcodeWidth = Math.min(6, Math.max(1, command.n));
        return;
      case 'barcode': {
        this.endLine(false);
        const text = Buffer.from(command.data).toString('latin1');
        const data = command.system === 73 && /^\{[ABC]/.test(text) ? text.slice(2) : text;
        this.items.push({ kind: 'barcode', data, heightDots: this.barcodeHeight, moduleWidth: this.barcodeWidth, align: this.align });
        return;
      }
      case 'qr':
        this.applyQr(command.fn, command.params);
        return;
      case 'raster': {
        this.endLine(false);
        const image = { widthDots: command.widthBytes * 8, heightDots: command.heightDots, data: command.data };
        this.items.push({ kind: 'image', image, scaleX: command.mode & 1 ? 2 : 1, scaleY: command.mode & 2 ? 2 : 1, align: this.align });
        return;
      }
      case 'cut':
        this.cut(command.mode === 0 || command.mode === 48 || command.mode === 65 || command.mode === 97 ? 'full' : 'partial');
        return;
      default:
        return;
    }
  }

  private applyQr(fn: number, params: Uint8Array): void {
    if (fn === 0x43) this.qrSize = Math.min(16, Math.max(1, params[0] ?? 3));
    else if (fn === 0x45) this.qrLevel = QR_LEVELS[(params[0] ?? 0x30) - 0x30] ?? 'L';
    else if (fn === 0x50) this.qrData = params.slice(1);
    else if (fn === 0x51 && this.qrData && this.qrData.length > 0) {
      this.endLine(false);
      this.items.push({ kind: 'qr', data: this.qrData, moduleSize: this.qrSize, level: this.qrLevel, align: this.align });
    }
  }

  private addText(bytes: Uint8Array, chinese: boolean): void {
    const widthScale = this.modeWidth * this.sizeWidth;
    const heightScale = this.modeHeight * this.sizeHeight;
    const last = this.line[this.line.length - 1];
    if (last && last.chinese === chinese && last.widthScale === widthScale && last.heightScale === heightScale && last.bold === this.bold) {
      last.bytes.push(...bytes);
    } else {
      this.line.push({ bytes: Array.from(bytes), chinese, widthScale, heightScale, bold: this.bold });
    }
  }

  private endLine(emptyLineFeeds: boolean): void {
    if (this.line.length === 0) {
      if (emptyLineFeeds) this.items.push({ kind: 'text', runs: [], align: this.align, spacingDots: this.spacingDots });
      return;
    }
    const runs: TextRun[] = this.line.map((run) => ({
      text: run.chinese ? iconv.decode(Buffer.from(run.bytes), 'gb18030') : Buffer.from(run.bytes).toString('latin1'),
      widthScale: run.widthScale,
      heightScale: run.heightScale,
      bold: run.bold,
    }));
    this.items.push({ kind: 'text', runs, align: this.align, spacingDots: this.spacingDots });
    this.line = [];
  }

  private cut(kind: PrintedPage['cut']): void {
    this.endLine(false);
    const items = this.items;
    this.items = [];
    if (!items.some((item) => item.kind !== 'feed')) return;
    this.sequence++;
    this.onPage({ sequence: this.sequence, items, cut: kind, text: pageText(items), completedAt: systemClock.iso() });
  }

  private reset(): void {
    if (this.tearBar) this.tearOff();
    // Jobs start with ESC @, so content left uncut before it belongs to an abandoned transfer.
    else if (this.line.length > 0 || this.items.some((item) => item.kind !== 'feed')) this.abandonedPages++;
    this.items = [];
    this.line = [];
    this.align = 'left';
    this.bold = false;
    this.modeWidth = this.modeHeight = this.sizeWidth = this.sizeHeight = 1;
    this.spacingDots = 14;
    this.qrData = undefined;
  }
}

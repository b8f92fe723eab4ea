/**
 * A streaming ESC/POS parser: bytes in any chunking → commands. It knows the length of every
 * command the builder sends plus common ones, treats unknown ESC/GS/FS x as two bytes, skips
 * oversized payloads instead of buffering them, and never throws on garbage.
 */
export type EscPosCommand =
  | { type: 'text'; bytes: Uint8Array; chinese: boolean }
  | { type: 'lf' }
  | { type: 'init' }
  | { type: 'chinese-mode'; on: boolean }
  | { type: 'print-mode'; n: number }
  | { type: 'chinese-print-mode'; n: number }
  | { type: 'quadruple'; on: boolean }
  | { type: 'bold'; on: boolean }
  | { type: 'align'; value: 'left' | 'center' | 'right' }
  | { type: 'char-size'; width: number; height: number }
  | { type: 'line-spacing'; units?: number }
  | { type: 'feed-lines'; n: number }
  | { type: 'feed-dots'; n: number }
  | { type: 'code-page'; n: number }
  | { type: 'barcode-setting'; setting: 'height' | 'width' | 'hri'; n: number }
  | { type: 'barcode'; system: number; data: Uint8Array }
  | { type: 'qr'; fn: number; params: Uint8Array }
  | { type: 'raster'; mode: number; widthBytes: number; heightDots: number; data: Uint8Array }
  | { type: 'cut'; mode: number; feed?: number }
  | { type: 'status-request'; n: number }
  | { type: 'asb-enable'; n: number }
  | { type: 'recover'; n: number }
  | { type: 'other'; bytes: Uint8Array }
  | { type: 'skipped'; header: Uint8Array; length: number };

const ESC = 0x1b;
const GS = 0x1d;
const FS = 0x1c;
const DLE = 0x10;

export interface ParserOptions {
  /** Largest command kept in memory; longer payloads are skipped (default 1 MiB). */
  maxCommandBytes?: number;
  /** Text is flushed as a command once this many bytes wait (default 4096). */
  maxTextBytes?: number;
}

/** Total length of the command starting with `cmd`, or undefined when more header bytes are needed. */
function commandLength(cmd: number[]): number | undefined {
  const [first, second, third] = cmd;
  if (second === undefined) return undefined;
  const at = (i: number) => cmd[i];
  if (first === DLE) return second === 0x04 || second === 0x05 ? 3 : second === 0x14 ? 5 : 2;
  if (first === FS) {
    if (second === 0x26 || second === 0x2e) return 2;
    if ([0x21, 0x2d, 0x57, 0x43].includes(second)) return 3;
    return 2;
  }
  if (first === ESC) {
    if ([0x40, 0x32, 0x69, 0x6d, 0x3c].includes(second)) return 2;
    if ([0x21, 0x45, 0x61, 0x33, 0x64, 0x74, 0x4a, 0x2d, 0x4d, 0x47, 0x52, 0x56, 0x7b, 0x20, 0x72, 0x4b, 0x65, 0x25, 0x3d, 0x54, 0x55].includes(second))
      return 3;
    // ESC B n t: the beeper on many Chinese units; ESC 7 n1 n2 n3: their heating settings.
    if (second === 0x24 || second === 0x63 || second === 0x5c || second === 0x42) return 4;
    if (second === 0x70 || second === 0x37) return 5;
    if (second === 0x57) return 10;
    if (second === 0x2a) {
      if (cmd.length < 5) return undefined;
      const n = (at(3) ?? 0) + 256 * (at(4) ?? 0);
      return 5 + (third === 0 || third === 1 ? n : 3 * n);
    }
    return 2;
  }
  // GS
  if ([0x21, 0x68, 0x77, 0x48, 0x66, 0x61, 0x72, 0x42, 0x49, 0x62, 0x2f, 0x54, 0x5a, 0x45].includes(second)) return 3;
  if (second === 0x5e) return 5;
  if (second === 0x2a) {
    if (third === undefined || cmd.length < 4) return undefined;
    return 4 + third * (at(3) ?? 0) * 8;
  }
  if (second === 0x38) {
    if (cmd.length < 7) return undefined;
    if (third !== 0x4c) return 3;
    return 7 + (at(3) ?? 0) + (at(4) ?? 0) * 0x100 + (at(5) ?? 0) * 0x10000 + (at(6) ?? 0) * 0x1000000;
  }
  if (second === 0x4c || second === 0x57 || second === 0x50) return 4;
  if (second === 0x56) {
    if (third === undefined) return undefined;
    return [65, 66, 97, 98, 103, 104].includes(third) ? 4 : 3;
  }
  if (second === 0x6b) {
    if (third === undefined) return undefined;
    if (third <= 6) return -1; // NUL-terminated form
    if (cmd.length < 4) return undefined;
    return 4 + (at(3) ?? 0);
  }
  if (second === 0x28) {
    if (cmd.length < 5) return undefined;
    return 5 + (at(3) ?? 0) + 256 * (at(4) ?? 0);
  }
  if (second === 0x76) {
    if (cmd.length < 8) return undefined;
    if (third !== 0x30) return 3;
    const x = (at(4) ?? 0) + 256 * (at(5) ?? 0);
    const y = (at(6) ?? 0) + 256 * (at(7) ?? 0);
    return 8 + x * y;
  }
  return 2;
}

export class EscPosParser {
  private chinese: boolean;
  private text: number[] = [];
  private cmd: number[] | undefined;
  private expected: number | undefined;
  private skipRemaining = 0;
  private readonly maxCommand: number;
  private readonly maxText: number;

  constructor(options: ParserOptions & { chineseModeAtStart?: boolean } = {}) {
    this.chinese = options.chineseModeAtStart ?? true;
    this.maxCommand = options.maxCommandBytes ?? 1 << 20;
    this.maxText = options.maxTextBytes ?? 4096;
  }

  /** Bytes held while waiting for the rest of a command or text (for bounds checks). */
  get buffered(): number {
    return this.text.length + (this.cmd?.length ?? 0);
  }

  push(chunk: ArrayLike<number>): EscPosCommand[] {
    const out: EscPosCommand[] = [];
    for (let i = 0; i < chunk.length; i++) {
      const b = (chunk[i] ?? 0) & 0xff;
      if (this.skipRemaining > 0) {
        this.skipRemaining--;
        continue;
      }
      if (this.cmd) {
        this.cmd.push(b);
        this.advanceCommand(out);
        continue;
      }
      if (b === ESC || b === GS || b === FS || b === DLE) {
        this.flushText(out);
        this.cmd = [b];
        this.expected = undefined;
      } else if (b === 0x0a) {
        this.flushText(out);
        out.push({ type: 'lf' });
      } else if (b === 0x0d || b === 0x00) {
        // CR and NUL do nothing on thermal receipt printers.
      } else {
        this.text.push(b);
        if (this.text.length >= this.maxText) this.flushText(out);
      }
    }
    return out;
  }

  /** Emits pending text (a printer prints it at the next LF anyway). */
  flush(): EscPosCommand[] {
    const out: EscPosCommand[] = [];
    this.flushText(out);
    return out;
  }

  private flushText(out: EscPosCommand[]): void {
    if (this.text.length === 0) return;
    out.push({ type: 'text', bytes: Uint8Array.from(this.text), chinese: this.chinese });
    this.text = [];
  }

  private advanceCommand(out: EscPosCommand[]): void {
    const cmd = this.cmd!;
    if (this.expected === undefined) this.expected = commandLength(cmd);
    if (this.expected === -1) {
      // GS k m d… NUL: the terminator ends it.
      if (cmd.length > 3 && cmd[cmd.length - 1] === 0) return this.finish(out);
      if (cmd.length > 259) return this.finish(out);
      return;
    }
    if (this.expected === undefined) return;
    if (this.expected > this.maxCommand) {
      this.skipRemaining = this.expected - cmd.length;
      out.push({ type: 'skipped', header: Uint8Array.from(cmd), length: this.expected });
      this.cmd = undefined;
      return;
    }
    if (cmd.length >= this.expected) this.finish(out);
  }

  private finish(out: EscPosCommand[]): void {
    const cmd = this.cmd!;
    this.cmd = undefined;
    this.expected = undefined;
    const command = this.interpret(cmd);
    if (command.type === 'chinese-mode') this.chinese = command.on;
    out.push(command);
  }

  private interpret(cmd: number[]): EscPosCommand {
    const [first, second = 0, p1 = 0] = cmd;
    const bytes = Uint8Array.from(cmd);
    if (first === DLE) {
      if (second === 0x04) return { type: 'status-request', n: p1 };
      if (second === 0x05) return { type: 'recover', n: p1 };
      return { type: 'other', bytes };
    }
    if (first === FS) {
      if (second === 0x26) return { type: 'chinese-mode', on: true };
      if (second === 0x2e) return { type: 'chinese-mode', on: false };
      if (second === 0x21) return { type: 'chinese-print-mode', n: p1 };
      if (second === 0x57) return { type: 'quadruple', on: (p1 & 1) === 1 };
      return { type: 'other', bytes };
    }
    if (first === ESC) {
      switch (second) {
        case 0x40:
          return { type: 'init' };
        case 0x21:
          return { type: 'print-mode', n: p1 };
        case 0x45:
          return { type: 'bold', on: (p1 & 1) === 1 };
        case 0x61:
          return { type: 'align', value: p1 % 48 === 1 ? 'center' : p1 % 48 === 2 ? 'right' : 'left' };
        case 0x32:
          return { type: 'line-spacing' };
        case 0x33:
          return { type: 'line-spacing', units: p1 };
        case 0x64:
          return { type: 'feed-lines', n: p1 };
        case 0x4a:
          return { type: 'feed-dots', n: p1 };
        case 0x74:
          return { type: 'code-page', n: p1 };
        case 0x69:
          return { type: 'cut', mode: 0 };
        case 0x6d:
          return { type: 'cut', mode: 1 };
        default:
          return { type: 'other', bytes };
      }
    }
    switch (second) {
      case 0x21:
        return { type: 'char-size', width: ((p1 >> 4) & 7) + 1, height: (p1 & 7) + 1 };
      case 0x68:
        return { type: 'barcode-setting', setting: 'height', n: p1 };
      case 0x77:
        return { type: 'barcode-setting', setting: 'width', n: p1 };
      case 0x48:
        return { type: 'barcode-setting', setting: 'hri', n: p1 };
      case 0x61:
        return { type: 'asb-enable', n: p1 };
      case 0x56:
        return cmd.length === 4 ? { type: 'cut', mode: p1, feed: cmd[3] ?? 0 } : { type: 'cut', mode: p1 };
      case 0x6b:
        return p1 <= 6 ? { type: 'barcode', system: p1, data: bytes.subarray(3, bytes.length - 1) } : { type: 'barcode', system: p1, data: bytes.subarray(4) };
      case 0x28:
        if (p1 === 0x6b && cmd[5] === 0x31) return { type: 'qr', fn: cmd[6] ?? 0, params: bytes.subarray(7) };
        return { type: 'other', bytes };
      case 0x76:
        if (p1 !== 0x30) return { type: 'other', bytes };
        return {
          type: 'raster',
          mode: cmd[3] ?? 0,
          widthBytes: (cmd[4] ?? 0) + 256 * (cmd[5] ?? 0),
          heightDots: (cmd[6] ?? 0) + 256 * (cmd[7] ?? 0),
          data: bytes.subarray(8),
        };
      default:
        return { type: 'other', bytes };
    }
  }
}

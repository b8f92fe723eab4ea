/** 'none': the scanner sends no suffix; the caller ends a scan with flush() after a quiet gap. */
export type LineTerminator = 'cr' | 'lf' | 'crlf' | 'tab' | 'none';

export interface LineFramerOptions {
  terminator: LineTerminator;
  /** A frame longer than this is dropped up to the next terminator (default 8192). */
  maxFrameBytes?: number;
}

const CR = 0x0d;
const LF = 0x0a;
const TAB = 0x09;

/**
 * Cuts a serial scanner's byte stream into scans at the configured suffix, however the bytes are
 * chunked. Tolerant of the common mismatch where a scanner sends CRLF but CR or LF is configured:
 * an LF right after a CR and a CR right before an LF are dropped, never made into a scan.
 */
export class LineFramer {
  private readonly buffer: number[] = [];
  private readonly max: number;
  private overflowing = false;
  private lastWasCr = false;
  /** Frames dropped because they exceeded maxFrameBytes. */
  overflows = 0;

  constructor(private readonly options: LineFramerOptions) {
    this.max = options.maxFrameBytes ?? 8192;
  }

  get buffered(): number {
    return this.buffer.length;
  }

  push(chunk: ArrayLike<number>): Uint8Array[] {
    const frames: Uint8Array[] = [];
    for (let i = 0; i < chunk.length; i++) this.take((chunk[i] ?? 0) & 0xff, frames);
    return frames;
  }

  private take(b: number, frames: Uint8Array[]): void {
    const afterCr = this.lastWasCr;
    this.lastWasCr = b === CR;
    switch (this.options.terminator) {
      case 'cr':
        if (b === CR) return this.end(frames);
        if (b === LF && afterCr) return;
        break;
      case 'lf':
        if (b === LF) {
          if (this.buffer[this.buffer.length - 1] === CR) this.buffer.pop();
          return this.end(frames);
        }
        break;
      case 'crlf':
        if (b === LF && afterCr) {
          this.buffer.pop();
          return this.end(frames);
        }
        break;
      case 'tab':
        if (b === TAB) return this.end(frames);
        break;
    }
    if (this.overflowing) return;
    if (this.buffer.length >= this.max) {
      this.overflowing = true;
      this.overflows++;
      this.buffer.length = 0;
      return;
    }
    this.buffer.push(b);
  }

  /** Ends the scan in progress (for suffix-less scanners, after the line has been quiet). */
  flush(): Uint8Array[] {
    const frames: Uint8Array[] = [];
    this.end(frames);
    return frames;
  }

  private end(frames: Uint8Array[]): void {
    if (!this.overflowing && this.buffer.length > 0) frames.push(Uint8Array.from(this.buffer));
    this.buffer.length = 0;
    this.overflowing = false;
  }
}

export function terminatorBytes(terminator: LineTerminator): number[] {
  return { cr: [CR], lf: [LF], crlf: [CR, LF], tab: [TAB], none: [] }[terminator];
}

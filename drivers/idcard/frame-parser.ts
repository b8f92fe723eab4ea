import { HEADER_LENGTH, PREAMBLE, xorChecksum } from './codec.js';

export type FrameRejection =
  /** Bytes skipped while looking for a preamble (line noise, stray bytes, a partial frame). */
  | { type: 'rejected'; reason: 'garbage'; bytes: number }
  /** LEN below the minimum for this direction or above the configured maximum. */
  | { type: 'rejected'; reason: 'bad-length'; length: number }
  | { type: 'rejected'; reason: 'bad-checksum'; length: number };

/** `payload` is everything between LEN and CHK (CMD PARA DATA, or SW1 SW2 SW3 DATA). */
export type ParserOutput = { type: 'frame'; payload: Uint8Array } | FrameRejection;

export interface FrameParserOptions {
  /** Smallest acceptable LEN: 3 for requests (CMD PARA CHK), 4 for responses (SW1 SW2 SW3 CHK). */
  minLength: number;
  /** Largest acceptable LEN; bounds the buffer. A 30 10 reply needs 2314. */
  maxLength?: number;
}

export const DEFAULT_MAX_FRAME_LENGTH = 4096;

/**
 * Streaming SAM_V frame parser. Survives any chunking, skips garbage by scanning for the
 * preamble, and after a bad length or checksum drops one byte and rescans, so a real frame that
 * started inside the rejected bytes is still found. Its buffer never exceeds 7 + maxLength bytes.
 */
export class FrameParser {
  private readonly buffer: Uint8Array;
  private length = 0;
  private readonly minLength: number;
  private readonly maxLength: number;

  constructor(options: FrameParserOptions) {
    this.minLength = options.minLength;
    this.maxLength = options.maxLength ?? DEFAULT_MAX_FRAME_LENGTH;
    if (this.maxLength < this.minLength || this.maxLength > 0xffff) throw new RangeError('maxLength out of range');
    this.buffer = new Uint8Array(HEADER_LENGTH + this.maxLength);
  }

  /** Bytes held while waiting for the rest of a frame. */
  get bufferedLength(): number {
    return this.length;
  }

  get capacity(): number {
    return this.buffer.length;
  }

  reset(): void {
    this.length = 0;
  }

  push(chunk: Uint8Array): ParserOutput[] {
    const out: ParserOutput[] = [];
    let offset = 0;
    while (offset < chunk.length) {
      const take = Math.min(chunk.length - offset, this.buffer.length - this.length);
      this.buffer.set(chunk.subarray(offset, offset + take), this.length);
      this.length += take;
      offset += take;
      this.drain(out);
    }
    return out;
  }

  private drain(out: ParserOutput[]): void {
    for (;;) {
      const start = this.findPreamble();
      if (start < 0) {
        // Keep a tail that could be the beginning of a preamble split across chunks.
        const keep = this.partialPreambleTail();
        this.discard(this.length - keep, out);
        return;
      }
      this.discard(start, out);
      if (this.length < HEADER_LENGTH) return;
      const len = (this.buffer[5]! << 8) | this.buffer[6]!;
      if (len < this.minLength || len > this.maxLength) {
        out.push({ type: 'rejected', reason: 'bad-length', length: len });
        this.consume(1);
        continue;
      }
      const total = HEADER_LENGTH + len;
      if (this.length < total) return;
      const chk = xorChecksum(this.buffer, 5, total - 1);
      if (chk !== this.buffer[total - 1]) {
        out.push({ type: 'rejected', reason: 'bad-checksum', length: len });
        this.consume(1);
        continue;
      }
      out.push({ type: 'frame', payload: this.buffer.slice(HEADER_LENGTH, total - 1) });
      this.consume(total);
    }
  }

  private findPreamble(): number {
    const last = this.length - PREAMBLE.length;
    outer: for (let i = 0; i <= last; i++) {
      for (let j = 0; j < PREAMBLE.length; j++) if (this.buffer[i + j] !== PREAMBLE[j]) continue outer;
      return i;
    }
    return -1;
  }

  /** Length of the longest buffer suffix that is a proper prefix of the preamble. */
  private partialPreambleTail(): number {
    for (let keep = Math.min(PREAMBLE.length - 1, this.length); keep > 0; keep--) {
      let matches = true;
      for (let j = 0; j < keep; j++) {
        if (this.buffer[this.length - keep + j] !== PREAMBLE[j]) {
          matches = false;
          break;
        }
      }
      if (matches) return keep;
    }
    return 0;
  }

  private discard(count: number, out: ParserOutput[]): void {
    if (count <= 0) return;
    out.push({ type: 'rejected', reason: 'garbage', bytes: count });
    this.consume(count);
  }

  private consume(count: number): void {
    this.buffer.copyWithin(0, count, this.length);
    this.length -= count;
  }
}

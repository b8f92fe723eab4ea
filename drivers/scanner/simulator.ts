import iconv from 'iconv-lite';
import type { ByteTransport } from '../transport/types.js';
import { terminatorBytes, type LineTerminator } from './line-framer.js';

export interface EmitOptions {
  /** e.g. "]Q1", sent before the data as scanners do when AIM transmission is on. */
  aim?: string;
  encoding?: 'utf-8' | 'gb18030';
  terminator?: LineTerminator;
  /** Write the bytes in pieces of this size, to exercise framing across reads. */
  chunkBytes?: number;
}

/** A serial (line mode) scanner on the far end of a ByteTransport, emitting codes on command. */
export class ScannerSimulator {
  readonly emitted: string[] = [];

  constructor(
    private readonly transport: ByteTransport,
    private readonly defaults: EmitOptions = {},
  ) {}

  async start(): Promise<void> {
    await this.transport.open();
  }

  async stop(): Promise<void> {
    await this.transport.close();
  }

  /** The bytes a scanner would send for this code. */
  encode(code: string, options: EmitOptions = {}): Buffer {
    const o = { ...this.defaults, ...options };
    const body = o.encoding === 'gb18030' ? iconv.encode(code, 'gb18030') : Buffer.from(code, 'utf8');
    return Buffer.concat([Buffer.from(o.aim ?? '', 'latin1'), body, Buffer.from(terminatorBytes(o.terminator ?? 'cr'))]);
  }

  /** "Scans" a code: sends it over the link. */
  async scan(code: string, options: EmitOptions = {}): Promise<void> {
    const bytes = this.encode(code, options);
    const size = options.chunkBytes ?? this.defaults.chunkBytes ?? bytes.length;
    for (let offset = 0; offset < bytes.length; offset += size) {
      await this.transport.write(bytes.subarray(offset, offset + size));
      // A pause between pieces so they arrive as separate reads on the other side.
      if (size < bytes.length) await new Promise((r) => setTimeout(r, 3));
    }
    this.emitted.push(code);
  }
}

import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { TransportError, type ByteTransport } from './types.js';
import { TransportEvents } from './transport-events.js';

export interface FileTransportOptions {
  /** e.g. /dev/usb/lp0 (Linux usblp); replies such as DLE EOT bytes are read back from the same file. */
  path: string;
  /** Pause between reads that return nothing (usblp returns 0 bytes when the printer has nothing to say). */
  idleReadMs?: number;
  /** Give up a write the printer keeps refusing (full buffer) after this long. */
  writeTimeoutMs?: number;
}

/** A USB printer class device file, opened read/write. */
export class FileTransport extends TransportEvents implements ByteTransport {
  private handle: FileHandle | undefined;
  private generation = 0;

  constructor(private readonly options: FileTransportOptions) {
    super();
  }

  get description() {
    return `usb-printer ${this.options.path}`;
  }

  get isOpen() {
    return this.handle !== undefined;
  }

  async open(): Promise<void> {
    if (this.handle) return;
    try {
      // Non-blocking, so a read waiting for a silent printer never pins a libuv thread or stalls close().
      this.handle = await open(this.options.path, constants.O_RDWR | constants.O_NONBLOCK);
    } catch (error) {
      throw new TransportError(`cannot open ${this.description}: ${(error as Error).message}`, 'unreachable', { cause: error });
    }
    void this.readLoop(this.handle, ++this.generation);
  }

  private async readLoop(handle: FileHandle, generation: number): Promise<void> {
    const buffer = Buffer.alloc(256);
    while (this.handle === handle && this.generation === generation) {
      try {
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
        if (this.handle !== handle) return;
        if (bytesRead > 0) this.emitData(Buffer.from(buffer.subarray(0, bytesRead)));
        else await new Promise((r) => setTimeout(r, this.options.idleReadMs ?? 20));
      } catch (error) {
        if (this.handle !== handle) return;
        if (isWouldBlock(error)) {
          await new Promise((r) => setTimeout(r, this.options.idleReadMs ?? 20));
          continue;
        }
        this.handle = undefined;
        await handle.close().catch(() => undefined);
        this.emitClose(new TransportError(`${this.description}: ${(error as Error).message}`, 'io', { cause: error }));
        return;
      }
    }
  }

  async write(data: Uint8Array): Promise<void> {
    const handle = this.handle;
    if (!handle) throw new TransportError(`${this.description} is not open`, 'closed');
    try {
      let offset = 0;
      const deadline = performance.now() + (this.options.writeTimeoutMs ?? 10_000);
      while (offset < data.length) {
        if (performance.now() > deadline) throw new Error('printer accepted no data in time (buffer full or offline)');
        try {
          const { bytesWritten } = await handle.write(data, offset, data.length - offset, null);
          offset += bytesWritten;
        } catch (error) {
          // The printer's buffer is full: wait for it to print some and go on.
          if (!isWouldBlock(error)) throw error;
          await new Promise((r) => setTimeout(r, 5));
        }
      }
    } catch (error) {
      throw new TransportError(`${this.description}: ${(error as Error).message}`, 'io', { cause: error });
    }
  }

  async close(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    this.generation++;
    await handle?.close().catch(() => undefined);
  }
}

function isWouldBlock(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'EAGAIN' || code === 'EWOULDBLOCK';
}

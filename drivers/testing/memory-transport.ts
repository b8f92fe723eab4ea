// Two in-memory ByteTransports joined back to back, for unit tests without a PTY. Bytes arrive
// asynchronously, as they would from a port; an end can be made unreachable, cut, or made to
// fail part-way through a write.
import { TransportError, type ByteTransport } from '../transport/types.js';
import { TransportEvents } from '../transport/transport-events.js';

export class MemoryTransport extends TransportEvents implements ByteTransport {
  private open_ = false;
  peer: MemoryTransport | undefined;
  /** When true, open() rejects as if the device were absent. */
  unreachable = false;
  /** Makes the next write fail after delivering this many bytes in all (a pulled cable). */
  failAfterBytes: number | undefined;
  bytesWritten = 0;

  constructor(readonly description: string) {
    super();
  }

  get isOpen() {
    return this.open_;
  }

  async open(): Promise<void> {
    if (this.unreachable) throw new TransportError(`${this.description} is unreachable`, 'unreachable');
    this.open_ = true;
  }

  async write(data: Uint8Array): Promise<void> {
    if (!this.open_) throw new TransportError(`${this.description} is not open`, 'closed');
    let bytes = Buffer.from(data);
    if (this.failAfterBytes !== undefined && this.failAfterBytes - this.bytesWritten < bytes.length) {
      bytes = bytes.subarray(0, Math.max(0, this.failAfterBytes - this.bytesWritten));
      this.deliver(bytes);
      this.failAfterBytes = undefined;
      this.cut();
      throw new TransportError(`${this.description} write failed`, 'io');
    }
    this.deliver(bytes);
  }

  private deliver(bytes: Buffer): void {
    this.bytesWritten += bytes.length;
    const peer = this.peer;
    if (bytes.length && peer?.open_) setImmediate(() => peer.open_ && peer.emitData(Buffer.from(bytes)));
  }

  async close(): Promise<void> {
    this.open_ = false;
  }

  /** The link dies under this end (unplugged); listeners see onClose. */
  cut(): void {
    if (!this.open_) return;
    this.open_ = false;
    this.emitClose(new TransportError(`${this.description} vanished`, 'closed'));
  }
}

export function memoryLink(): { host: MemoryTransport; device: MemoryTransport } {
  const host = new MemoryTransport('memory host');
  const device = new MemoryTransport('memory device');
  host.peer = device;
  device.peer = host;
  return { host, device };
}

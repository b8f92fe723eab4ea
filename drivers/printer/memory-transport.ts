import { EventEmitter } from 'node:events';
import { TransportError, type ByteTransport } from '../transport/types.js';

/** One end of an in-memory byte link, for unit tests without a PTY. */
export class MemoryTransport implements ByteTransport {
  private readonly events = new EventEmitter();
  private open_ = false;
  peer: MemoryTransport | undefined;
  /** Makes the next write calls fail after delivering this many bytes (a pulled cable). */
  failAfterBytes: number | undefined;
  /** When false, open() rejects as if the device were absent. */
  reachable = true;
  written = 0;

  constructor(readonly description: string) {}

  get isOpen() {
    return this.open_;
  }

  async open(): Promise<void> {
    if (!this.reachable) throw new TransportError(`${this.description} unreachable`, 'unreachable');
    this.open_ = true;
  }

  async write(data: Uint8Array): Promise<void> {
    if (!this.open_) throw new TransportError(`${this.description} is not open`, 'closed');
    let bytes = Buffer.from(data);
    if (this.failAfterBytes !== undefined) {
      const allowed = Math.max(0, this.failAfterBytes - this.written);
      if (allowed < bytes.length) {
        bytes = bytes.subarray(0, allowed);
        this.deliver(bytes);
        this.written += bytes.length;
        this.failAfterBytes = undefined;
        this.simulateUnplug();
        throw new TransportError(`${this.description} write failed`, 'io');
      }
    }
    this.written += bytes.length;
    this.deliver(bytes);
  }

  private deliver(bytes: Buffer): void {
    if (bytes.length === 0) return;
    const peer = this.peer;
    if (peer?.open_) setImmediate(() => peer.events.emit('data', Buffer.from(bytes)));
  }

  /** The link drops by itself; the listener sees onClose. */
  simulateUnplug(): void {
    if (!this.open_) return;
    this.open_ = false;
    this.events.emit('close', new TransportError(`${this.description} closed`, 'closed'));
  }

  async close(): Promise<void> {
    this.open_ = false;
  }

  onData(listener: (chunk: Buffer) => void) {
    this.events.on('data', listener);
    return () => void this.events.off('data', listener);
  }

  onClose(listener: (error?: Error) => void) {
    this.events.on('close', listener);
    return () => void this.events.off('close', listener);
  }
}

export function memoryLink(): { host: MemoryTransport; device: MemoryTransport } {
  const host = new MemoryTransport('memory host');
  const device = new MemoryTransport('memory device');
  host.peer = device;
  device.peer = host;
  return { host, device };
}

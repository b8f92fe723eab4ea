// Two in-memory ByteTransports joined back to back, for unit tests without a PTY. Bytes arrive
// asynchronously, as they would from a port, and each end can be made unreachable or cut.
import { EventEmitter } from 'node:events';
import { TransportError, type ByteTransport } from '../../transport/types.js';

class MemoryEnd implements ByteTransport {
  peer!: MemoryEnd;
  open_ = false;
  unreachable = false;
  /** Every chunk this end wrote, for assertions. */
  readonly written: Uint8Array[] = [];
  private readonly events = new EventEmitter();

  constructor(readonly description: string) {}

  get isOpen() {
    return this.open_;
  }

  async open(): Promise<void> {
    if (this.unreachable) throw new TransportError(`${this.description} is unreachable`, 'unreachable');
    this.open_ = true;
  }

  async write(data: Uint8Array): Promise<void> {
    if (!this.open_) throw new TransportError(`${this.description} is not open`, 'closed');
    const copy = Uint8Array.from(data);
    this.written.push(copy);
    const peer = this.peer;
    setImmediate(() => {
      if (peer.open_) peer.events.emit('data', Buffer.from(copy));
    });
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

  /** The link dies under this end (unplugged). */
  cut(): void {
    if (!this.open_) return;
    this.open_ = false;
    this.events.emit('close', new TransportError(`${this.description} vanished`, 'closed'));
  }
}

export interface MemoryLink {
  host: ByteTransport & { unreachable: boolean; readonly written: Uint8Array[]; cut(): void };
  device: ByteTransport & { cut(): void };
}

export function createMemoryLink(): MemoryLink {
  const host = new MemoryEnd('memory host');
  const device = new MemoryEnd('memory device');
  host.peer = device;
  device.peer = host;
  return { host, device };
}

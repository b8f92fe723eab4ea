import { EventEmitter } from 'node:events';

/** The listener plumbing every ByteTransport shares: data chunks in, and the link closing by itself. */
export abstract class TransportEvents {
  private readonly transportEvents = new EventEmitter();

  onData(listener: (chunk: Buffer) => void): () => void {
    this.transportEvents.on('data', listener);
    return () => void this.transportEvents.off('data', listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    this.transportEvents.on('close', listener);
    return () => void this.transportEvents.off('close', listener);
  }

  protected emitData(chunk: Buffer): void {
    this.transportEvents.emit('data', chunk);
  }

  protected emitClose(error?: Error): void {
    this.transportEvents.emit('close', error);
  }
}

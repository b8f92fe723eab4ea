import { Emitter } from '../../contract/async/emitter.js';

/** The listener plumbing every ByteTransport shares: data chunks in, and the link closing by itself. */
export abstract class TransportEvents {
  private readonly transportEvents = new Emitter<{ data: [chunk: Buffer]; close: [error?: Error] }>();

  onData(listener: (chunk: Buffer) => void): () => void {
    return this.transportEvents.on('data', listener);
  }

  onClose(listener: (error?: Error) => void): () => void {
    return this.transportEvents.on('close', listener);
  }

  protected emitData(chunk: Buffer): void {
    this.transportEvents.emit('data', chunk);
  }

  protected emitClose(error?: Error): void {
    this.transportEvents.emit('close', error);
  }
}

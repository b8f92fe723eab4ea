import { Socket } from 'node:net';
import { TransportError, type ByteTransport } from './types.js';
import { TransportEvents } from './transport-events.js';

export interface TcpTransportOptions {
  host: string;
  /** Raw printing port; 9100 on network receipt printers. */
  port: number;
  connectTimeoutMs?: number;
}

/** A raw TCP byte stream (network printers on port 9100). */
export class TcpTransport extends TransportEvents implements ByteTransport {
  private socket: Socket | undefined;

  constructor(private readonly options: TcpTransportOptions) {
    super();
  }

  get description() {
    return `tcp ${this.options.host}:${this.options.port}`;
  }

  get isOpen() {
    return this.socket !== undefined && !this.socket.destroyed && this.socket.readyState === 'open';
  }

  async open(): Promise<void> {
    if (this.isOpen) return;
    const socket = new Socket();
    await new Promise<void>((resolve, reject) => {
      const fail = (error: Error) => {
        socket.destroy();
        reject(new TransportError(`cannot connect to ${this.description}: ${error.message}`, 'unreachable', { cause: error }));
      };
      socket.setTimeout(this.options.connectTimeoutMs ?? 3000, () => fail(new Error('connect timeout')));
      socket.once('error', fail);
      socket.connect(this.options.port, this.options.host, () => {
        socket.off('error', fail);
        socket.setTimeout(0);
        resolve();
      });
    });
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 10_000);
    socket.on('data', (chunk: Buffer) => this.emitData(chunk));
    socket.on('error', () => undefined); // 'close' follows and reports it
    socket.on('close', (hadError) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.emitClose(new TransportError(`${this.description} closed${hadError ? ' after an error' : ''}`, 'closed'));
    });
    this.socket = socket;
  }

  async write(data: Uint8Array): Promise<void> {
    const socket = this.socket;
    if (!socket || !this.isOpen) throw new TransportError(`${this.description} is not open`, 'closed');
    await new Promise<void>((resolve, reject) =>
      socket.write(Buffer.from(data), (error) => (error ? reject(new TransportError(error.message, 'io', { cause: error })) : resolve())),
    );
  }

  async close(): Promise<void> {
    const socket = this.socket;
    this.socket = undefined;
    if (!socket) return;
    await new Promise<void>((resolve) => {
      socket.once('close', () => resolve());
      socket.end();
      setTimeout(() => socket.destroy(), 500).unref();
    });
  }
}

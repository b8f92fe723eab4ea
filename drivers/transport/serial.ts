import { SerialPortStream } from '@serialport/stream';
import { SerialPort } from 'serialport';
import { TransportError, type ByteTransport } from './types.js';
import { TransportEvents } from './transport-events.js';

export interface SerialTransportOptions {
  path: string;
  baudRate: number;
  /** Injected binding (e.g. @serialport/binding-mock in unit tests); the OS binding by default. */
  binding?: ConstructorParameters<typeof SerialPortStream>[0]['binding'];
}

/** 8N1 serial port through node-serialport. */
export class SerialTransport extends TransportEvents implements ByteTransport {
  private port: SerialPortStream | undefined;
  private closingOnPurpose = false;

  constructor(private readonly options: SerialTransportOptions) {
    super();
  }

  get description() {
    return `serial ${this.options.path} @${this.options.baudRate}`;
  }

  get isOpen() {
    return this.port?.isOpen ?? false;
  }

  async open(): Promise<void> {
    if (this.isOpen) return;
    const settings = { path: this.options.path, baudRate: this.options.baudRate, dataBits: 8, stopBits: 1, parity: 'none', autoOpen: false } as const;
    const port: SerialPortStream = this.options.binding ? new SerialPortStream({ ...settings, binding: this.options.binding }) : new SerialPort(settings);
    await new Promise<void>((resolve, reject) =>
      port.open((error) =>
        error ? reject(new TransportError(`cannot open ${this.description}: ${error.message}`, 'unreachable', { cause: error })) : resolve(),
      ),
    );
    this.closingOnPurpose = false;
    port.on('data', (chunk: Buffer) => this.emitData(chunk));
    port.on('close', (error?: Error) => {
      if (this.port === port) this.port = undefined;
      if (!this.closingOnPurpose) this.emitClose(error ?? new TransportError(`${this.description} closed`, 'closed'));
    });
    port.on('error', (error) => this.emitClose(new TransportError(error.message, 'io', { cause: error })));
    this.port = port;
  }

  async write(data: Uint8Array): Promise<void> {
    const port = this.port;
    if (!port?.isOpen) throw new TransportError(`${this.description} is not open`, 'closed');
    await new Promise<void>((resolve, reject) => {
      port.write(Buffer.from(data), (error) => {
        if (error) return reject(new TransportError(error.message, 'io', { cause: error }));
        port.drain((drainError) => (drainError ? reject(new TransportError(drainError.message, 'io', { cause: drainError })) : resolve()));
      });
    });
  }

  async close(): Promise<void> {
    const port = this.port;
    if (!port) return;
    this.closingOnPurpose = true;
    this.port = undefined;
    if (port.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}

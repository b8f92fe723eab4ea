import { createServer, type Server, type Socket } from 'node:net';
import { profileFromOptions, type PrinterProfile } from '../escpos/profile.js';
import { TransportError, type ByteTransport } from '../transport/types.js';
import { EscPosPrinterSimulator } from './simulator.js';
import { TransportEvents } from '../transport/transport-events.js';

/** An accepted TCP connection seen from the printer's side. */
class AcceptedSocketTransport extends TransportEvents implements ByteTransport {
  readonly description: string;
  private socket: Socket | undefined;

  constructor() {
    super();
    this.description = 'tcp printer side';
  }

  attach(socket: Socket): void {
    this.socket?.destroy();
    this.socket = socket;
    socket.on('data', (chunk: Buffer) => this.emitData(chunk));
    socket.on('error', () => undefined);
  }

  get isOpen() {
    return this.socket !== undefined && !this.socket.destroyed;
  }

  async open(): Promise<void> {}

  async write(data: Uint8Array): Promise<void> {
    const socket = this.socket;
    if (!socket || socket.destroyed) throw new TransportError('no client connected', 'closed');
    await new Promise<void>((resolve, reject) => socket.write(Buffer.from(data), (e) => (e ? reject(e) : resolve())));
  }

  async close(): Promise<void> {
    this.socket?.destroy();
    this.socket = undefined;
  }
}

/**
 * A network receipt printer: the simulator listening on a TCP port (like port 9100 on real
 * units). The latest connection wins, as on single-client printers.
 */
export async function startTcpPrinterSimulator(options: { host?: string; port?: number; profile?: PrinterProfile } = {}): Promise<{
  simulator: EscPosPrinterSimulator;
  host: string;
  port: number;
  close(): Promise<void>;
}> {
  const transport = new AcceptedSocketTransport();
  const simulator = new EscPosPrinterSimulator(transport, { profile: options.profile ?? profileFromOptions({}) });
  await simulator.start();
  const server: Server = createServer((socket) => transport.attach(socket));
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    simulator,
    host,
    port,
    close: async () => {
      await simulator.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

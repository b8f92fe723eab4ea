import { openPtyPair, type PtyPair } from './pty-pair.js';
import { SerialTransport } from '../transport/serial.js';
import type { ByteTransport } from '../transport/types.js';
import { TransportEvents } from '../transport/transport-events.js';

/** A device simulator that speaks its protocol over a byte link. */
export interface LinkedSimulator {
  start(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The byte link of a simulated device: on first open it creates a socat PTY pair, runs the
 * simulator on one end and opens the other end as a real serial port, so the real driver talks
 * real protocol bytes through the kernel's tty layer.
 */
export class PtySimulatorLink<S extends LinkedSimulator> extends TransportEvents implements ByteTransport {
  readonly description: string;
  private pair: PtyPair | undefined;
  private host: SerialTransport | undefined;
  private starting: Promise<S> | undefined;
  simulator: S | undefined;

  constructor(
    deviceName: string,
    private readonly baudRate: number,
    private readonly createSimulator: (deviceEnd: ByteTransport) => S,
  ) {
    super();
    this.description = `simulated ${deviceName} (PTY)`;
  }

  get isOpen() {
    return this.host?.isOpen ?? false;
  }

  get hostPath(): string | undefined {
    return this.pair?.hostPath;
  }

  /** Starts the PTY pair and the simulator if needed. */
  ensureSimulator(): Promise<S> {
    this.starting ??= (async () => {
      const pair = await openPtyPair();
      this.pair = pair;
      const simulator = this.createSimulator(new SerialTransport({ path: pair.devicePath, baudRate: this.baudRate }));
      await simulator.start();
      this.simulator = simulator;
      const host = new SerialTransport({ path: pair.hostPath, baudRate: this.baudRate });
      host.onData((chunk) => this.emitData(chunk));
      host.onClose((error) => this.emitClose(error));
      this.host = host;
      return simulator;
    })();
    this.starting.catch(() => (this.starting = undefined));
    return this.starting;
  }

  async open(): Promise<void> {
    await this.ensureSimulator();
    await this.host!.open();
  }

  write(data: Uint8Array): Promise<void> {
    return this.host ? this.host.write(data) : Promise.reject(new Error(`${this.description} is not open`));
  }

  async close(): Promise<void> {
    await this.host?.close();
  }

  /** Tears down the simulator and the PTY pair. */
  async dispose(): Promise<void> {
    await this.host?.close().catch(() => undefined);
    await this.simulator?.stop().catch(() => undefined);
    await this.pair?.close();
    this.pair = this.host = this.simulator = this.starting = undefined;
  }
}

import { EventEmitter } from 'node:events';
import type { DeviceConfig } from '../../contract/config.js';
import type { DeviceContext, DeviceFactory, ManagedDevice } from '../device.js';
import { profileFromOptions, type PrinterProfile } from '../escpos/profile.js';
import type { DriverRegistry } from '../registry.js';
import { openPtyPair, type PtyPair } from '../testing/pty-pair.js';
import { FileTransport } from '../transport/file.js';
import { SerialTransport } from '../transport/serial.js';
import { TcpTransport } from '../transport/tcp.js';
import type { ByteTransport } from '../transport/types.js';
import { EscPosPrinter, type EscPosPrinterOptions } from './printer.js';
import { describeOptionError, MisconfiguredDevice } from './misconfigured.js';
import { EscPosPrinterSimulator } from './simulator.js';

/**
 * The byte link of a simulated printer: on first open it creates a socat PTY pair, runs the
 * simulator on one end and opens the other end like a real serial printer.
 */
export class SimulatedPrinterLink implements ByteTransport {
  readonly description = 'simulated printer (PTY)';
  private readonly events = new EventEmitter();
  private pair: PtyPair | undefined;
  private host: SerialTransport | undefined;
  private starting: Promise<EscPosPrinterSimulator> | undefined;
  simulator: EscPosPrinterSimulator | undefined;

  constructor(private readonly profile: PrinterProfile) {}

  get isOpen() {
    return this.host?.isOpen ?? false;
  }

  get hostPath(): string | undefined {
    return this.pair?.hostPath;
  }

  /** Starts the PTY pair and simulator if needed. */
  ensureSimulator(): Promise<EscPosPrinterSimulator> {
    this.starting ??= (async () => {
      const pair = await openPtyPair();
      this.pair = pair;
      const simulator = new EscPosPrinterSimulator(new SerialTransport({ path: pair.devicePath, baudRate: this.profile.baudRate }), { profile: this.profile });
      await simulator.start();
      this.simulator = simulator;
      const host = new SerialTransport({ path: pair.hostPath, baudRate: this.profile.baudRate });
      host.onData((chunk) => this.events.emit('data', chunk));
      host.onClose((error) => this.events.emit('close', error));
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
    return this.host ? this.host.write(data) : Promise.reject(new Error('simulated printer link not open'));
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

  onData(listener: (chunk: Buffer) => void) {
    this.events.on('data', listener);
    return () => void this.events.off('data', listener);
  }

  onClose(listener: (error?: Error) => void) {
    this.events.on('close', listener);
    return () => void this.events.off('close', listener);
  }
}

/**
 * The real EscPosPrinter driver talking to the simulator over a PTY. `simulator` gives the host
 * and UI the printer's controls: setPaper('out' | 'near-end' | 'ok'), setCoverOpen, setOffline,
 * setCutterError, recover, lastPng(), lastPage, onPage.
 */
export class SimulatedEscPosPrinter extends EscPosPrinter {
  private readonly link: SimulatedPrinterLink;

  constructor(options: Omit<EscPosPrinterOptions, 'transport' | 'simulated'> & { profile: PrinterProfile }) {
    const link = new SimulatedPrinterLink(options.profile);
    super({ ...options, transport: link, simulated: true });
    this.link = link;
  }

  get simulator(): EscPosPrinterSimulator | undefined {
    return this.link.simulator;
  }

  /** Starts the simulator (if start() has not yet) and returns its controls. */
  ready(): Promise<EscPosPrinterSimulator> {
    return this.link.ensureSimulator();
  }

  override async stop(): Promise<void> {
    await super.stop();
    await this.link.dispose();
  }
}

export function isSimulatedPrinter(device: ManagedDevice): device is SimulatedEscPosPrinter {
  return device instanceof SimulatedEscPosPrinter;
}

function printerTransport(config: DeviceConfig, profile: PrinterProfile): ByteTransport {
  const t = config.transport;
  switch (t.type) {
    case 'serial':
      return new SerialTransport({ path: t.path, baudRate: t.baudRate });
    case 'tcp':
      return new TcpTransport({ host: t.host, port: t.port });
    case 'usb-printer':
      return new FileTransport({ path: t.path });
    default:
      throw new Error(`printer cannot use transport ${t.type} (profile ${profile.name})`);
  }
}

const createPrinter: DeviceFactory = (config: DeviceConfig, context: DeviceContext) => {
  let profile: PrinterProfile;
  try {
    profile = profileFromOptions({ ...(config.transport.type === 'serial' ? { baudRate: config.transport.baudRate } : {}), ...config.options });
  } catch (error) {
    return new MisconfiguredDevice(config.id, 'printer', describeOptionError(error), config.transport.type === 'simulated');
  }
  const common = { id: config.id, profile, log: context.log };
  if (config.transport.type === 'simulated') return new SimulatedEscPosPrinter(common);
  return new EscPosPrinter({ ...common, transport: printerTransport(config, profile) });
};

/** Registers the ESC/POS printer for serial, TCP (port 9100), USB printer files and the simulator. */
export function registerPrinterDrivers(registry: Pick<DriverRegistry, 'register'>): void {
  for (const type of ['serial', 'tcp', 'usb-printer', 'simulated'] as const) registry.register('printer', type, createPrinter);
}

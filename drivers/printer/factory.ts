import type { DeviceConfig } from '../../contract/config.js';
import { misconfiguredDevice, type DeviceContext, type DeviceFactory, type ManagedDevice } from '../device.js';
import { profileFromOptions, type PrinterProfile } from '../escpos/profile.js';
import type { DriverRegistry } from '../registry.js';
import { FileTransport } from '../transport/file.js';
import { PtySimulatorLink } from '../simulation/pty-simulator-link.js';
import { SerialTransport } from '../transport/serial.js';
import { TcpTransport } from '../transport/tcp.js';
import type { ByteTransport } from '../transport/types.js';
import { EscPosPrinter, type EscPosPrinterOptions } from './printer.js';
import { EscPosPrinterSimulator } from './simulator.js';

/**
 * The real EscPosPrinter driver talking to the simulator over a PTY. `simulator` gives the host
 * and UI the printer's controls: setPaper('out' | 'near-end' | 'ok'), setCoverOpen, setOffline,
 * setCutterError, recover, lastPng(), lastPage, onPage.
 */
export class SimulatedEscPosPrinter extends EscPosPrinter {
  private readonly link: PtySimulatorLink<EscPosPrinterSimulator>;

  constructor(options: Omit<EscPosPrinterOptions, 'transport' | 'simulated'> & { profile: PrinterProfile }) {
    const link = new PtySimulatorLink('printer', options.profile.baudRate, (deviceEnd) => new EscPosPrinterSimulator(deviceEnd, { profile: options.profile }));
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
    return misconfiguredDevice(config, error);
  }
  const common = { id: config.id, profile, log: context.log };
  if (config.transport.type === 'simulated') return new SimulatedEscPosPrinter(common);
  return new EscPosPrinter({ ...common, transport: printerTransport(config, profile) });
};

/** Registers the ESC/POS printer for serial, TCP (port 9100), USB printer files and the simulator. */
export function registerPrinterDrivers(registry: Pick<DriverRegistry, 'register'>): void {
  for (const type of ['serial', 'tcp', 'usb-printer', 'simulated'] as const) registry.register('printer', type, createPrinter);
}

import { z } from 'zod';
import type { DeviceConfig } from '../../contract/config.js';
import { parseDeviceOptions, type DeviceContext, type DeviceFactory, type ManagedDevice } from '../device.js';
import type { DriverRegistry } from '../registry.js';
import { HidTransport } from '../transport/hid.js';
import { PtySimulatorLink } from '../simulation/pty-simulator-link.js';
import { SerialTransport } from '../transport/serial.js';
import { Scanner, type ScannerOptions } from './scanner.js';
import { ScannerSimulator, type EmitOptions } from './simulator.js';

/** Scanner settings from the device config's `options`. */
export const ScannerSettings = z.object({
  terminator: z.enum(['cr', 'lf', 'crlf', 'tab', 'none']).default('cr'),
  /** With terminator 'none': quiet time that ends a scan. */
  idleFlushMs: z.number().int().min(5).max(2000).default(50),
  aim: z.enum(['auto', 'always', 'never']).default('auto'),
  /** Only for HID: the report ID is at byte 0 of each report as node-hid delivers it. */
  reportIdInData: z.boolean().default(true),
});

/** The real line-mode Scanner reading from the simulator over a PTY; `scan(code)` makes it read a code. */
export class SimulatedScanner extends Scanner {
  private readonly link: PtySimulatorLink<ScannerSimulator>;

  constructor(options: Omit<ScannerOptions, 'transport' | 'simulated' | 'mode' | 'source'>) {
    const defaults: EmitOptions = { terminator: options.terminator ?? 'cr' };
    const link = new PtySimulatorLink('scanner', 9600, (deviceEnd) => new ScannerSimulator(deviceEnd, defaults));
    super({ ...options, transport: link, mode: 'line', source: 'simulated', simulated: true });
    this.link = link;
  }

  get simulator(): ScannerSimulator | undefined {
    return this.link.simulator;
  }

  ready(): Promise<ScannerSimulator> {
    return this.link.ensureSimulator();
  }

  /** Simulates a code being scanned (options: aim prefix, GB18030 encoding, terminator, chunking). */
  async scan(code: string, options: EmitOptions = {}): Promise<void> {
    const simulator = await this.ready();
    // Bytes written before the driver has its end of the PTY open are lost, as on a real port.
    const deadline = performance.now() + 5000;
    while (!this.link.isOpen && performance.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    await simulator.scan(code, options);
  }

  override async stop(): Promise<void> {
    await super.stop();
    await this.link.dispose();
  }
}

export function isSimulatedScanner(device: ManagedDevice): device is SimulatedScanner {
  return device instanceof SimulatedScanner;
}

const createScanner: DeviceFactory = (config: DeviceConfig, context: DeviceContext) => {
  const parsed = parseDeviceOptions(ScannerSettings, config);
  if (!parsed.ok) return parsed.device;
  const settings = parsed.options;
  const common = { id: config.id, terminator: settings.terminator, idleFlushMs: settings.idleFlushMs, aim: settings.aim, log: context.log };
  const t = config.transport;
  switch (t.type) {
    case 'simulated':
      return new SimulatedScanner(common);
    case 'serial':
      return new Scanner({ ...common, transport: new SerialTransport({ path: t.path, baudRate: t.baudRate }), mode: 'line', source: 'serial' });
    case 'hid':
      return new Scanner({
        ...common,
        transport: new HidTransport({ vendorId: t.vendorId, productId: t.productId, path: t.path }),
        mode: 'hid-pos',
        source: 'hid',
        hidLayout: 'auto',
        reportIdInData: settings.reportIdInData,
      });
    default:
      throw new Error(`scanner cannot use transport ${t.type}`);
  }
};

/** Registers the scanner for serial (line mode), HID POS and the simulator. */
export function registerScannerDrivers(registry: Pick<DriverRegistry, 'register'>): void {
  for (const type of ['serial', 'hid', 'simulated'] as const) registry.register('scanner', type, createScanner);
}

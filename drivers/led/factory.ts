// LED screen drivers by transport: a real serial port, or the simulator on a real PTY pair.
import type { DeviceConfig } from '../../contract/config.js';
import { parseDeviceOptions, type DeviceContext, type DeviceFactory, type ManagedDevice } from '../device.js';
import type { DriverRegistry } from '../registry.js';
import { PtySimulatorLink } from '../simulation/pty-simulator-link.js';
import { SerialTransport } from '../transport/serial.js';
import { LedScreen, LedSettings } from './led-screen.js';
import { LedSimulator } from './simulator.js';

/** An LED screen whose controller is the simulator; `simulator` shows what the screen displays. */
export class SimulatedLedScreen extends LedScreen {
  private readonly link: PtySimulatorLink<LedSimulator>;

  constructor(id: string, settings: LedSettings, context: DeviceContext) {
    const link = new PtySimulatorLink('LED controller', 9600, (deviceEnd) => new LedSimulator(deviceEnd, settings.encoding));
    super(id, link, settings, true, context);
    this.link = link;
  }

  get simulator(): LedSimulator | undefined {
    return this.link.simulator;
  }

  override async stop(): Promise<void> {
    await super.stop();
    await this.link.dispose();
  }
}

const createLed: DeviceFactory = (config: DeviceConfig, context: DeviceContext): ManagedDevice => {
  const parsed = parseDeviceOptions(LedSettings, config);
  if (!parsed.ok) return parsed.device;
  const t = config.transport;
  if (t.type === 'serial') return new LedScreen(config.id, new SerialTransport({ path: t.path, baudRate: t.baudRate }), parsed.options, false, context);
  return new SimulatedLedScreen(config.id, parsed.options, context);
};

export function registerLedDrivers(registry: DriverRegistry): DriverRegistry {
  return registry.register('led-screen', 'serial', createLed).register('led-screen', 'simulated', createLed);
}

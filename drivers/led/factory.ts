// LED screen drivers by transport: a real serial port, or the simulator on a real PTY pair.
import type { DeviceConfig } from '../../contract/config.js';
import type { DeviceContext, DeviceFactory, ManagedDevice } from '../device.js';
import { describeOptionError, MisconfiguredDevice } from '../printer/misconfigured.js';
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
  const parsed = LedSettings.safeParse(config.options);
  if (!parsed.success) return new MisconfiguredDevice(config.id, 'led-screen', describeOptionError(parsed.error), config.transport.type === 'simulated');
  const t = config.transport;
  if (t.type === 'serial') return new LedScreen(config.id, new SerialTransport({ path: t.path, baudRate: t.baudRate }), parsed.data, false, context);
  return new SimulatedLedScreen(config.id, parsed.data, context);
};

export function registerLedDrivers(registry: DriverRegistry): DriverRegistry {
  return registry.register('led-screen', 'serial', createLed).register('led-screen', 'simulated', createLed);
}

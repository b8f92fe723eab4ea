// LED screen drivers by transport: a real serial port, or the simulator on a real PTY pair.
import { EventEmitter } from 'node:events';
import type { DeviceConfig } from '../../contract/config.js';
import type { DeviceContext, DeviceFactory, ManagedDevice } from '../device.js';
import { describeOptionError, MisconfiguredDevice } from '../printer/misconfigured.js';
import type { DriverRegistry } from '../registry.js';
import { openPtyPair, type PtyPair } from '../testing/pty-pair.js';
import { SerialTransport } from '../transport/serial.js';
import type { ByteTransport } from '../transport/types.js';
import { LedScreen, LedSettings } from './led-screen.js';
import { LedSimulator } from './simulator.js';

/** A PTY pair with the LED simulator on one end and the driver's serial port on the other. */
class SimulatedLedLink implements ByteTransport {
  readonly description = 'simulated LED controller (PTY)';
  private readonly events = new EventEmitter();
  private pair: PtyPair | undefined;
  private host: SerialTransport | undefined;
  simulator: LedSimulator | undefined;

  constructor(private readonly settings: LedSettings) {}

  get isOpen() {
    return this.host?.isOpen ?? false;
  }

  async open(): Promise<void> {
    if (!this.pair) {
      this.pair = await openPtyPair();
      this.simulator = new LedSimulator(new SerialTransport({ path: this.pair.devicePath, baudRate: 9600 }), this.settings.encoding);
      await this.simulator.start();
      this.host = new SerialTransport({ path: this.pair.hostPath, baudRate: 9600 });
      this.host.onData((chunk) => this.events.emit('data', chunk));
      this.host.onClose((error) => this.events.emit('close', error));
    }
    await this.host!.open();
  }

  write(data: Uint8Array): Promise<void> {
    return this.host ? this.host.write(data) : Promise.reject(new Error('simulated LED link not open'));
  }

  async close(): Promise<void> {
    await this.host?.close().catch(() => undefined);
    await this.simulator?.stop().catch(() => undefined);
    await this.pair?.close();
    this.pair = this.host = this.simulator = undefined;
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

/** An LED screen whose controller is the simulator; `simulator` shows what the screen displays. */
export class SimulatedLedScreen extends LedScreen {
  constructor(id: string, private readonly link: SimulatedLedLink, settings: LedSettings, context: DeviceContext) {
    super(id, link, settings, true, context);
  }

  get simulator(): LedSimulator | undefined {
    return this.link.simulator;
  }
}

const createLed: DeviceFactory = (config: DeviceConfig, context: DeviceContext): ManagedDevice => {
  const parsed = LedSettings.safeParse(config.options);
  if (!parsed.success) return new MisconfiguredDevice(config.id, 'led-screen', describeOptionError(parsed.error), config.transport.type === 'simulated');
  const t = config.transport;
  if (t.type === 'serial') return new LedScreen(config.id, new SerialTransport({ path: t.path, baudRate: t.baudRate }), parsed.data, false, context);
  return new SimulatedLedScreen(config.id, new SimulatedLedLink(parsed.data), parsed.data, context);
};

export function registerLedDrivers(registry: DriverRegistry): DriverRegistry {
  return registry.register('led-screen', 'serial', createLed).register('led-screen', 'simulated', createLed);
}

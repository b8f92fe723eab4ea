import type { DeviceConfig } from '../contract/config.js';
import type { DeviceKind } from '../contract/devices.js';
import { DeviceStatusTracker, type DeviceContext, type DeviceFactory, type ManagedDevice } from './device.js';

/** Maps (device kind, transport type) to the factory that builds its driver. */
export class DriverRegistry {
  private readonly factories = new Map<string, DeviceFactory>();

  register(kind: DeviceKind, transportType: DeviceConfig['transport']['type'], factory: DeviceFactory): this {
    this.factories.set(`${kind}/${transportType}`, factory);
    return this;
  }

  create(config: DeviceConfig, context: DeviceContext): ManagedDevice {
    const factory = this.factories.get(`${config.kind}/${config.transport.type}`);
    return factory ? factory(config, context) : new UnsupportedDevice(config);
  }
}

/** Stands in for a configured device that this build has no driver for, and says so. */
class UnsupportedDevice implements ManagedDevice {
  private readonly tracker: DeviceStatusTracker;
  readonly id: string;
  readonly kind: DeviceKind;
  constructor(private readonly config: DeviceConfig) {
    this.id = config.id;
    this.kind = config.kind;
    this.tracker = new DeviceStatusTracker(config.id, config.kind, config.transport.type === 'simulated');
  }
  status() {
    return this.tracker.get();
  }
  onStatus(listener: Parameters<ManagedDevice['onStatus']>[0]) {
    return this.tracker.on(listener);
  }
  async start() {
    this.tracker.set('fault', `no driver for ${this.config.kind} over ${this.config.transport.type}`);
  }
  async stop() {
    this.tracker.set('disconnected');
  }
}

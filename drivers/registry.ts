import type { DeviceConfig } from '../contract/config.js';
import type { DeviceKind } from '../contract/devices.js';
import { StandInDevice, type DeviceContext, type DeviceFactory, type ManagedDevice } from './device.js';

/** Maps (device kind, transport type) to the factory that builds its driver. */
export class DriverRegistry {
  private readonly factories = new Map<string, DeviceFactory>();

  register(kind: DeviceKind, transportType: DeviceConfig['transport']['type'], factory: DeviceFactory): this {
    this.factories.set(`${kind}/${transportType}`, factory);
    return this;
  }

  create(config: DeviceConfig, context: DeviceContext): ManagedDevice {
    const factory = this.factories.get(`${config.kind}/${config.transport.type}`);
    return factory ? factory(config, context) : new StandInDevice(config, `no driver for ${config.kind} over ${config.transport.type}`);
  }
}

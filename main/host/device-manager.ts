import type { DeviceConfig } from '../../contract/config.js';
import type { DeviceStatus } from '../../contract/devices.js';
import type { DeviceContext, ManagedDevice } from '../../drivers/device.js';
import type { DriverRegistry } from '../../drivers/registry.js';
import type { HostEventBus } from './event-bus.js';
import type { Logger } from './logging.js';

/** Owns every configured device: creates them through the registry and forwards their status. */
export class DeviceManager {
  private readonly devices = new Map<string, ManagedDevice>();
  private readonly unsubscribers: Array<() => void> = [];

  constructor(
    private readonly configs: DeviceConfig[],
    private readonly registry: DriverRegistry,
    private readonly bus: HostEventBus,
    private readonly log: Logger,
  ) {}

  async start(): Promise<void> {
    for (const config of this.configs) {
      const context: DeviceContext = { log: this.log.child({ device: config.id }) };
      const device = this.registry.create(config, context);
      this.devices.set(config.id, device);
      this.unsubscribers.push(device.onStatus((status) => this.bus.publish('device.status', status)));
    }
    // Devices start side by side; one slow or missing device must not hold up the others.
    const results = await Promise.allSettled([...this.devices.values()].map((device) => device.start()));
    results.forEach((result, index) => {
      if (result.status === 'rejected') this.log.error({ err: result.reason, device: this.configs[index]?.id }, 'device failed to start');
    });
  }

  async stop(): Promise<void> {
    this.unsubscribers.splice(0).forEach((off) => off());
    await Promise.allSettled([...this.devices.values()].map((device) => device.stop()));
    this.devices.clear();
  }

  get<T extends ManagedDevice = ManagedDevice>(id: string): T | undefined {
    return this.devices.get(id) as T | undefined;
  }

  all(): ManagedDevice[] {
    return [...this.devices.values()];
  }

  /** The first device of a kind (most terminals have one of each). */
  firstOfKind<T extends ManagedDevice = ManagedDevice>(kind: ManagedDevice['kind']): T | undefined {
    return [...this.devices.values()].find((device) => device.kind === kind) as T | undefined;
  }

  statuses(): DeviceStatus[] {
    return [...this.devices.values()].map((device) => device.status());
  }
}

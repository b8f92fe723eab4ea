import { registerIdCardDrivers } from '../../drivers/idcard/index.js';
import type { DriverRegistry } from '../../drivers/registry.js';

/** Every driver this build ships, registered by device kind and transport. */
export function registerBuiltinDrivers(registry: DriverRegistry): DriverRegistry {
  registerIdCardDrivers(registry);
  return registry;
}

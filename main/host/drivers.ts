import { registerIdCardDrivers } from '../../drivers/idcard/index.js';
import { registerLedDrivers } from '../../drivers/led/factory.js';
import { registerPrinterDrivers } from '../../drivers/printer/factory.js';
import type { DriverRegistry } from '../../drivers/registry.js';
import { registerScannerDrivers } from '../../drivers/scanner/factory.js';
import { createKeyboardWedgeScanner } from './features/devices/keyboard-wedge.js';

/** Every driver this build ships, registered by device kind and transport. */
export function registerBuiltinDrivers(registry: DriverRegistry): DriverRegistry {
  registerIdCardDrivers(registry);
  registerPrinterDrivers(registry);
  registerScannerDrivers(registry);
  registerLedDrivers(registry);
  registry.register('scanner', 'keyboard-wedge', createKeyboardWedgeScanner);
  return registry;
}

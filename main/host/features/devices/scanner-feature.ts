import { Scanner } from '../../../../drivers/scanner/scanner.js';
import type { DeviceManager } from '../../device-manager.js';
import type { HostEventBus } from '../../event-bus.js';
import type { HostFeature } from '../../host-feature.js';
import { DisposableStore } from '../../../../contract/async/disposables.js';

/** Forwards every code read by the terminal's serial and HID scanners to the UI. */
export class ScannerFeature implements HostFeature {
  readonly name = 'scanner';
  private readonly subscriptions = new DisposableStore();

  constructor(
    private readonly devices: DeviceManager,
    private readonly bus: HostEventBus,
  ) {}

  attach(): void {
    for (const scanner of this.devices.all().filter((d): d is Scanner => d instanceof Scanner)) {
      this.subscriptions.addAll(scanner.onScan((scan) => this.bus.publish('scanner.scan', scan)));
    }
  }

  detach(): void {
    this.subscriptions.dispose();
  }
}

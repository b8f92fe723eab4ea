import type { DeviceKind } from '../../contract/devices.js';
import { DeviceStatusTracker, type ManagedDevice } from '../device.js';

/** Stands in for a device whose config options are invalid, and says what is wrong once started. */
export class MisconfiguredDevice implements ManagedDevice {
  private readonly tracker: DeviceStatusTracker;

  constructor(
    readonly id: string,
    readonly kind: DeviceKind,
    private readonly problem: string,
    simulated: boolean,
  ) {
    this.tracker = new DeviceStatusTracker(id, kind, simulated);
  }

  status() {
    return this.tracker.get();
  }

  onStatus(listener: Parameters<ManagedDevice['onStatus']>[0]) {
    return this.tracker.on(listener);
  }

  async start(): Promise<void> {
    this.tracker.set('fault', `invalid ${this.kind} options: ${this.problem}`);
  }

  async stop(): Promise<void> {
    this.tracker.set('disconnected', 'stopped');
  }
}

export function describeOptionError(error: unknown): string {
  const issues = (error as { issues?: Array<{ path: PropertyKey[]; message: string }> }).issues;
  if (Array.isArray(issues)) return issues.map((i) => `${i.path.map(String).join('.') || '(options)'}: ${i.message}`).join('; ');
  return (error as Error).message;
}

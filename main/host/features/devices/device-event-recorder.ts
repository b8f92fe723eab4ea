import type { DeviceStatus } from '../../../../contract/devices.js';
import type { OfflineStore } from '../../../../offline-store/index.js';
import type { HostEventBus } from '../../event-bus.js';
import type { Logger } from '../../logging.js';

const RECORDED_STATES = new Set<DeviceStatus['state']>(['connected', 'fault', 'disconnected']);

/**
 * Writes each device's meaningful state changes (ready, fault, gone) to the outbox as status
 * events, so the platform learns of a reader fault or an empty printer even after an outage.
 * Busy/connecting flicker is not recorded. Reasons are technical text, never personal data.
 */
export class DeviceEventRecorder {
  private readonly lastRecorded = new Map<string, string>();
  private off: (() => void) | undefined;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: OfflineStore,
    private readonly bus: HostEventBus,
    private readonly terminalId: string,
    private readonly log: Logger,
  ) {}

  attach(): void {
    this.off = this.bus.subscribe((event, payload) => {
      if (event !== 'device.status') return;
      const status = payload as DeviceStatus;
      if (!RECORDED_STATES.has(status.state)) return;
      const signature = `${status.state}|${status.reason ?? ''}|${status.warnings.join(',')}`;
      if (this.lastRecorded.get(status.id) === signature) return;
      this.lastRecorded.set(status.id, signature);
      // One write at a time, in the order the changes happened.
      this.chain = this.chain.then(() =>
        this.store
          .commitMutation({
            kind: 'status-event',
            payload: {
              terminalId: this.terminalId,
              deviceId: status.id,
              deviceKind: status.kind,
              state: status.state,
              reason: status.reason ?? null,
              warnings: status.warnings,
              at: status.changedAt,
            },
          })
          .catch((error: unknown) => this.log.warn({ err: error, device: status.id }, 'could not record device status')),
      );
    });
  }

  async detach(): Promise<void> {
    this.off?.();
    await this.chain;
  }
}

import { statfs } from 'node:fs/promises';
import type { Heartbeat } from '../../../../contract/fleet.js';
import { platformApi } from '../../../../contract/platform-api/routes.js';
import { bearer } from '../../../../contract/sync-protocol.js';
import type { Logger } from '../../logging.js';
import { type Clock } from '../../../../contract/clock.js';

export interface HeartbeatOptions {
  platformUrl: string;
  terminalId: string;
  intervalSeconds: number;
  dataDir: string;
  credential: () => string | undefined;
  /** Everything but disk and timing, gathered fresh for each beat. */
  snapshot: () => Promise<Omit<Heartbeat, 'disk' | 'intervalSeconds' | 'sentAt'>>;
  log: Logger;
  clock: Clock;
}

/**
 * Tells the platform's fleet page how this terminal is doing, every interval. Live state only:
 * a beat that cannot be delivered is dropped (the next one supersedes it), never queued.
 */
export class HeartbeatSender {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private failing = false;

  constructor(private readonly options: HeartbeatOptions) {}

  start(): void {
    this.stopped = false;
    void this.beat();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  async beat(): Promise<boolean> {
    clearTimeout(this.timer);
    let delivered = false;
    const credential = this.options.credential();
    if (credential) {
      try {
        // Stamped before the snapshot is taken, so the time never claims more than the data shows.
        const sentAt = this.options.clock.iso();
        const disk = await statfs(this.options.dataDir).catch(() => undefined);
        const body: Heartbeat = {
          ...(await this.options.snapshot()),
          ...(disk ? { disk: { freeBytes: disk.bavail * disk.bsize, totalBytes: disk.blocks * disk.bsize } } : {}),
          intervalSeconds: this.options.intervalSeconds,
          sentAt,
        };
        const response = await fetch(new URL(platformApi.heartbeat.path, this.options.platformUrl), {
          method: platformApi.heartbeat.method,
          headers: { 'content-type': 'application/json', ...bearer(credential) },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(10_000),
        });
        await response.body?.cancel();
        delivered = response.ok;
        if (!response.ok && !this.failing) this.options.log.warn({ status: response.status }, 'heartbeat refused');
      } catch (error) {
        if (!this.failing) this.options.log.warn({ message: (error as Error).message }, 'heartbeat not delivered');
      }
      this.failing = !delivered;
    }
    // Until the terminal is registered, look again soon rather than a whole interval later.
    const wait = credential ? this.options.intervalSeconds * 1000 : Math.min(2000, this.options.intervalSeconds * 1000);
    if (!this.stopped) this.timer = setTimeout(() => void this.beat(), wait);
    return delivered;
  }
}

import { EventEmitter } from 'node:events';
import type { SyncState } from '../../contract/sync.js';

export interface PlatformLinkOptions {
  platformUrl: string;
  /** How often to check the platform when nothing else talks to it. */
  intervalMs: number;
  /** A health answer slower than this counts as degraded. */
  slowMs: number;
  timeoutMs: number;
  /** Local writes not yet acknowledged; the sync engine supplies it. */
  pendingCount: () => number;
}

/**
 * Watches whether the online platform answers, so the UI can say online / degraded / offline
 * within one interval of a change.
 */
export class PlatformLink {
  private readonly emitter = new EventEmitter();
  private state: SyncState = { connectivity: 'offline', pendingCount: 0, lastSyncAt: null };
  private timer: NodeJS.Timeout | undefined;
  private stopped = true;

  constructor(private readonly options: PlatformLinkOptions) {}

  current(): SyncState {
    return this.state;
  }

  onChange(listener: (state: SyncState) => void): () => void {
    this.emitter.on('change', listener);
    return () => void this.emitter.off('change', listener);
  }

  start(): void {
    this.stopped = false;
    void this.tick();
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Checks now (e.g. when the OS reports the network back). */
  async check(): Promise<SyncState> {
    const started = performance.now();
    let next: SyncState;
    try {
      const response = await fetch(new URL('/health', this.options.platformUrl), { signal: AbortSignal.timeout(this.options.timeoutMs) });
      await response.body?.cancel();
      const elapsed = performance.now() - started;
      if (!response.ok) next = this.with('degraded', `platform answered HTTP ${response.status}`);
      else if (elapsed > this.options.slowMs) next = { ...this.with('degraded', `platform slow (${Math.round(elapsed)} ms)`), lastSyncAt: new Date().toISOString() };
      else next = { ...this.with('online'), lastSyncAt: new Date().toISOString() };
    } catch (error) {
      next = this.with('offline', describeFetchError(error));
    }
    this.update(next);
    return next;
  }

  private with(connectivity: SyncState['connectivity'], lastError?: string): SyncState {
    const { lastError: _previous, ...rest } = this.state;
    return { ...rest, connectivity, pendingCount: this.options.pendingCount(), ...(lastError ? { lastError } : {}) };
  }

  private update(next: SyncState): void {
    const prev = this.state;
    this.state = next;
    if (prev.connectivity !== next.connectivity || prev.pendingCount !== next.pendingCount || prev.lastError !== next.lastError || prev.lastSyncAt !== next.lastSyncAt) {
      this.emitter.emit('change', next);
    }
  }

  private async tick(): Promise<void> {
    if (this.stopped) return;
    await this.check();
    if (!this.stopped) this.timer = setTimeout(() => void this.tick(), this.options.intervalMs);
  }
}

function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string } }).cause;
  if ((error as Error).name === 'TimeoutError') return 'platform did not answer in time';
  return cause?.code ? `platform unreachable (${cause.code})` : 'platform unreachable';
}

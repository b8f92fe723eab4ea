import { hostTimers, type Timers } from './timers.js';

/**
 * Sleeps that can be cut short: a device loop waits between polls, and stop() or a lost link wakes
 * it at once instead of waiting the pause out. Every sleep in progress wakes together.
 */
export class WakeableSleep {
  private readonly sleepers = new Set<() => void>();

  constructor(private readonly timers: Timers = hostTimers) {}

  /** Resolves 'elapsed' after `ms`, or 'woken' as soon as wake() is called. */
  sleep(ms: number): Promise<'elapsed' | 'woken'> {
    return new Promise((resolve) => {
      const end = (how: 'elapsed' | 'woken') => {
        this.timers.clearTimeout(handle);
        this.sleepers.delete(wake);
        resolve(how);
      };
      const wake = () => end('woken');
      const handle = this.timers.setTimeout(() => end('elapsed'), ms);
      this.sleepers.add(wake);
    });
  }

  /** Ends every sleep in progress. */
  wake(): void {
    for (const wake of [...this.sleepers]) wake();
  }
}

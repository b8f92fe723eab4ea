import { systemClock, type Clock } from '../../../../contract/clock.js';
/** Whether anyone is using the terminal: the basis for installing updates and other quiet-time work. */
export class ActivityTracker {
  private last: number;

  constructor(private readonly options: { idleAfterMs: number; busy: () => boolean; clock?: Clock }) {
    this.last = this.now();
  }

  private now(): number {
    return (this.options.clock ?? systemClock).nowMs();
  }

  touch(): void {
    this.last = this.now();
  }

  /** No touch for a while and no citizen or administrator session open. */
  isIdle(): boolean {
    return !this.options.busy() && this.now() - this.last >= this.options.idleAfterMs;
  }
}

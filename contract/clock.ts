/**
 * The one source of wall-clock time for product code. Whatever records or compares a time (a
 * deadline, a day, an expiry, a lockout) takes a Clock from whoever built it, so a test can set and
 * move it; only this module reads the system clock, and the `clock/no-system-time` lint rule keeps it
 * that way. Intervals that only measure how long something took use `performance.now()` instead.
 */
export interface Clock {
  /** Milliseconds since the epoch. */
  nowMs(): number;
  /** The current instant as a new Date. */
  now(): Date;
  /** The current instant in ISO 8601, UTC. */
  iso(): string;
}

/** Builds a Clock from a function giving milliseconds since the epoch. */
export function clockFrom(nowMs: () => number): Clock {
  return {
    nowMs,
    now: () => new Date(nowMs()),
    iso: () => new Date(nowMs()).toISOString(),
  };
}

/** The machine's clock: the default wherever no clock is injected. */
export const systemClock: Clock = clockFrom(() => Date.now());

/** The same clock moved by a fixed offset (a terminal's view of the host's clock, a test jumping ahead). */
export function offsetClock(base: Clock, offsetMs: number): Clock {
  return clockFrom(() => base.nowMs() + offsetMs);
}

/** A clock that stands still until told to move: for tests and simulations. */
export class ManualClock implements Clock {
  private ms: number;

  constructor(start: Date | number | string) {
    this.ms = toMs(start);
  }

  nowMs(): number {
    return this.ms;
  }

  now(): Date {
    return new Date(this.ms);
  }

  iso(): string {
    return new Date(this.ms).toISOString();
  }

  set(to: Date | number | string): this {
    this.ms = toMs(to);
    return this;
  }

  advance(ms: number): this {
    this.ms += ms;
    return this;
  }
}

function toMs(value: Date | number | string): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'number' ? value : Date.parse(value);
  if (!Number.isFinite(ms)) throw new Error(`not a time: ${String(value)}`);
  return ms;
}

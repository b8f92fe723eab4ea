// Timers as a value, so code that waits can be given other ones (a test's, a simulation's). Every JS
// host this product runs in (Node, Chromium) has setTimeout; contract/ compiles without Node or DOM
// types, so the two functions are typed here once.
export type TimerHandle = unknown;

export interface Timers {
  setTimeout(run: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

interface HostTimerFunctions {
  setTimeout(run: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

const host = globalThis as unknown as HostTimerFunctions;

/** The host's own timers. */
export const hostTimers: Timers = {
  setTimeout: (run, ms) => host.setTimeout(run, ms),
  clearTimeout: (handle) => host.clearTimeout(handle),
};

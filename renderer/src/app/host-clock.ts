import { clockFrom, systemClock, type Clock } from '../../../contract/clock.js';

let offsetMs = 0;

/**
 * The terminal's time is its host's: the host dates tickets, cases and requests, so every screen
 * counts from the same clock (a display served to another machine, a test hall living at another
 * date). Aligned once at start from terminal.info; the browser's own clock carries it forward.
 */
export const hostClock: Clock = clockFrom(() => systemClock.nowMs() + offsetMs);

/**
 * Takes the host's time from its answer to a request sent at `sentAtMs` and received at
 * `receivedAtMs` (browser clock): the host read its clock about half-way (Cristian's method), so a
 * slow first answer does not set the screens behind. An unreadable value leaves the browser's clock.
 */
export function alignWithHost(hostNow: string | undefined, sentAtMs: number, receivedAtMs: number): void {
  const ms = hostNow === undefined ? Number.NaN : Date.parse(hostNow);
  if (Number.isFinite(ms)) offsetMs = ms - (sentAtMs + receivedAtMs) / 2;
}

/** The browser's own clock, for timing a request to the host. */
export const browserNowMs = (): number => systemClock.nowMs();

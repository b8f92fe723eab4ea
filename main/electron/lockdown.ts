// Kiosk lockdown rules, kept pure so they are tested without Electron.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { backoffCeiling } from '../../contract/async/backoff.js';
import { systemClock, type Clock } from '../../contract/clock.js';

export interface KeyInput {
  type: string;
  key: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
}

/**
 * Shortcuts that would leave, reload, zoom or inspect the kiosk. Plain typing, Tab, Enter and
 * the admin chord (Ctrl+Alt+A) pass.
 */
export function isBlockedShortcut(input: KeyInput): boolean {
  if (input.type !== 'keyDown') return false;
  const key = input.key.toLowerCase();
  const mod = input.control || input.meta;
  if (['f5', 'f11', 'f12', 'browserback', 'browserforward', 'browserrefresh'].includes(key)) return true;
  if (input.alt && ['arrowleft', 'arrowright', 'home', 'f4'].includes(key)) return true;
  if (!mod) return false;
  if (input.alt && key === 'a') return false;
  return ['r', 'w', 'q', 'n', 't', 'p', 's', 'o', 'l', 'u', 'j', '+', '=', '-', '_', '0'].includes(key) || (input.shift && ['i', 'c', 'j'].includes(key));
}

/** Seconds to wait before starting again after recent crashes: none for the first, then doubling up to a minute. */
export function crashBackoffSeconds(crashTimes: number[], now: number, windowMs = 10 * 60_000): number {
  const recent = crashTimes.filter((t) => now - t < windowMs).length;
  return recent <= 1 ? 0 : backoffCeiling(recent - 1, { initialMs: 2, maxMs: 60 });
}

/** Crash times survive the restart in a small file in the app's data folder. */
export class CrashHistory {
  constructor(private readonly path: string) {}

  read(): number[] {
    try {
      const value = JSON.parse(readFileSync(this.path, 'utf8')) as unknown;
      return Array.isArray(value) ? value.filter((t): t is number => typeof t === 'number') : [];
    } catch {
      return [];
    }
  }

  record(now: number): void {
    const kept = [...this.read().filter((t) => now - t < 60 * 60_000), now].slice(-20);
    mkdirSync(dirname(this.path), { recursive: true });
    writeFileSync(this.path, JSON.stringify(kept));
  }
}

/** What the main process does when it meets an error it cannot handle: note it, start again. */
export function crashRestartHandler(deps: {
  relaunch(): void;
  exit(code: number): void;
  history: CrashHistory;
  log: { fatal(obj: object, msg?: string): void; flush(): void };
  clock?: Clock;
}) {
  return (error: unknown) => {
    deps.log.fatal({ err: error }, 'main process crashed; restarting');
    deps.history.record((deps.clock ?? systemClock).nowMs());
    deps.log.flush();
    deps.relaunch();
    deps.exit(1);
  };
}

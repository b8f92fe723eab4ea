// Small waiting helpers for the driver's tests (event- and condition-based, never timed assertions).
import type { IdCardReader, IdCardReaderEvents } from '../reader.js';

export function nextEvent<E extends keyof IdCardReaderEvents>(reader: IdCardReader, event: E, withinMs = 10_000): Promise<IdCardReaderEvents[E]> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      off();
      reject(new Error(`no '${event}' event within ${withinMs} ms`));
    }, withinMs);
    const off = reader.on(event, (...args) => {
      clearTimeout(timer);
      off();
      resolve(args);
    });
  });
}

export async function waitFor(condition: () => boolean, what: string, withinMs = 10_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

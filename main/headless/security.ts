import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_SUBPROTOCOL_PREFIX = 'hall-token.';
export const EVENTS_SUBPROTOCOL = 'hall.v1';

export function newSessionToken(): string {
  return randomBytes(32).toString('base64url');
}

export function tokensEqual(expected: string, given: string | undefined): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Loopback names only: a page on another origin resolving to 127.0.0.1 (DNS rebinding) is refused. */
export function hostHeaderAllowed(req: IncomingMessage, port: number, extraHosts: readonly string[] = []): boolean {
  const host = req.headers.host;
  const allowed = ['127.0.0.1', 'localhost', '[::1]', ...extraHosts].map((name) => `${name}:${port}`);
  return typeof host === 'string' && allowed.includes(host.toLowerCase());
}

/** A cross-site page may not call the API even with a guessed token: its Origin must be ours. */
export function originAllowed(req: IncomingMessage): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true; // same-origin GET/WS from non-browser clients (tests, hallctl)
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * The path of a request target, never parsed as a URL: an absolute-form or otherwise odd target
 * (`http://a:99999/…`, `*`) is refused instead of reaching a URL parser that throws.
 * Returns undefined for anything but an origin-form target (`/path?query`).
 */
export function requestPath(req: IncomingMessage): string | undefined {
  const target = req.url ?? '';
  if (!target.startsWith('/') || target.startsWith('//')) return undefined;
  const end = target.search(/[?#]/);
  return end === -1 ? target : target.slice(0, end);
}

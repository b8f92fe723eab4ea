// Expected failures travel as values, not exceptions, across every host API adapter.
import type { HostMessage } from './host-messages.js';

export const HOST_ERROR_CODES = ['bad-input', 'unknown-method', 'unauthorized', 'unavailable', 'device-fault', 'not-found', 'conflict', 'internal'] as const;
export type HostErrorCode = (typeof HOST_ERROR_CODES)[number];

export interface HostError {
  code: HostErrorCode;
  /** For logs and technicians (English), never contains personal data; never shown to citizens or clerks. */
  message: string;
  /** What to tell a person, as a key with parameters; without it the screen says the code's sentence. */
  detail?: HostMessage;
}

export type Result<T, E = HostError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = (code: HostErrorCode, message: string, detail?: HostMessage): Result<never> => ({
  ok: false,
  error: { code, message, ...(detail ? { detail } : {}) },
});

// Expected failures travel as values, not exceptions, across every host API adapter.

export const HOST_ERROR_CODES = [
  'bad-input',
  'unknown-method',
  'unauthorized',
  'unavailable',
  'device-fault',
  'not-found',
  'conflict',
  'internal',
] as const;
export type HostErrorCode = (typeof HOST_ERROR_CODES)[number];

export interface HostError {
  code: HostErrorCode;
  /** Human-readable, never contains personal data. */
  message: string;
}

export type Result<T, E = HostError> = { ok: true; value: T } | { ok: false; error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const err = (code: HostErrorCode, message: string): Result<never> => ({ ok: false, error: { code, message } });

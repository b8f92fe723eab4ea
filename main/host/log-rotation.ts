import { existsSync, renameSync, rmSync, statSync } from 'node:fs';

export interface RotationOptions {
  /** Rotate once the live file passes this size. */
  maxBytes: number;
  /** How many rotated files to keep (host.log.1 … host.log.N). */
  keep: number;
}

export const DEFAULT_ROTATION: RotationOptions = { maxBytes: 10 * 1024 * 1024, keep: 5 };

/**
 * Moves host.log to host.log.1 (shifting older ones up, dropping the oldest) when it is too big.
 * Returns true when it rotated; the caller then reopens its stream on the same path.
 */
export function rotateIfLarge(path: string, options: RotationOptions): boolean {
  const size = existsSync(path) ? statSync(path).size : 0;
  if (size < options.maxBytes) return false;
  rmSync(`${path}.${options.keep}`, { force: true });
  for (let i = options.keep - 1; i >= 1; i -= 1) {
    if (existsSync(`${path}.${i}`)) renameSync(`${path}.${i}`, `${path}.${i + 1}`);
  }
  renameSync(path, `${path}.1`);
  return true;
}

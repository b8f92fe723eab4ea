// Files that hold a terminal's data are its user's alone: folders 0700, files 0600, whatever the
// umask and whatever an older version left behind (a folder made 0755 is tightened, not trusted).
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;
/** The umask a process holding citizen data runs under: nothing for group or others. */
export const PRIVATE_UMASK = 0o077;

/** Creates the folder (and its parents) if missing and makes it 0700. */
export function ensurePrivateDir(path: string): void {
  mkdirSync(path, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(path, PRIVATE_DIR_MODE);
}

/** Creates the file empty if missing (0600 from the first byte) and makes it 0600. */
export function ensurePrivateFile(path: string): void {
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
  chmodSync(path, PRIVATE_FILE_MODE);
}

/** Makes whichever of the files exist 0600 (SQLite's -wal and -shm come and go). */
export function restrictExistingFiles(paths: readonly string[]): void {
  for (const path of paths) if (existsSync(path)) chmodSync(path, PRIVATE_FILE_MODE);
}

/**
 * Sets the process umask to 077, so whatever a library creates (SQLite's journal files, a log
 * file, the embedded platform's files) is private too. Only the main thread may change it; in a
 * worker thread this is a no-op and returns undefined. Returns the previous umask.
 */
export function restrictUmask(): number | undefined {
  try {
    return process.umask(PRIVATE_UMASK);
  } catch {
    return undefined;
  }
}

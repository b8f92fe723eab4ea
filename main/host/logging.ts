import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { ensurePrivateDir, ensurePrivateFile } from '../../offline-store/private-files.js';
import { DEFAULT_ROTATION, rotateIfLarge, type RotationOptions } from './log-rotation.js';
import { redact, redactText } from './redact.js';

export type { Logger } from 'pino';

/** A structured logger whose every object and message passes through the redaction layer. */
export function createLogger(options: {
  dataDir?: string;
  level?: string;
  destination?: NodeJS.WritableStream;
  rotation?: RotationOptions;
  rotationCheckMs?: number;
}): Logger {
  const hooks = {
    logMethod(this: Logger, args: unknown[], method: (...a: unknown[]) => void) {
      method.apply(
        this,
        args.map((arg) => (typeof arg === 'string' ? redactText(arg) : redact(arg))),
      );
    },
  };
  const base = { level: options.level ?? process.env.HALL_LOG_LEVEL ?? 'info', hooks, base: { pid: process.pid } };
  if (options.destination) return pino(base, options.destination as pino.DestinationStream);
  if (!options.dataDir) return pino({ ...base, level: 'silent' });
  const dir = join(options.dataDir, 'logs');
  ensurePrivateDir(dir);
  const path = join(dir, 'host.log');
  const rotation = options.rotation ?? DEFAULT_ROTATION;
  rotateIfLarge(path, rotation);
  // The log is made 0600 before pino opens it, and again after each rotation.
  ensurePrivateFile(path);
  // Synchronous writes: a terminal logs little, and a line is never left in flight across a
  // rotation or lost when the process is killed.
  const destination = pino.destination({ dest: path, mkdir: true, sync: true });
  // Size is checked on a timer rather than per line, to keep logging off the disk's metadata path.
  const timer = setInterval(() => {
    if (rotateIfLarge(path, rotation)) {
      ensurePrivateFile(path);
      destination.reopen();
    }
  }, options.rotationCheckMs ?? 60_000);
  timer.unref();
  return pino(base, destination);
}

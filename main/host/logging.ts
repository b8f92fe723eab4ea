import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino, { type Logger } from 'pino';
import { redact, redactText } from './redact.js';

export type { Logger } from 'pino';

/** A structured logger whose every object and message passes through the redaction layer. */
export function createLogger(options: { dataDir?: string; level?: string; destination?: NodeJS.WritableStream }): Logger {
  const hooks = {
    logMethod(this: Logger, args: unknown[], method: (...a: unknown[]) => void) {
      method.apply(this, args.map((arg) => (typeof arg === 'string' ? redactText(arg) : redact(arg))));
    },
  };
  const base = { level: options.level ?? process.env.HALL_LOG_LEVEL ?? 'info', hooks, base: { pid: process.pid } };
  if (options.destination) return pino(base, options.destination as pino.DestinationStream);
  if (!options.dataDir) return pino({ ...base, level: 'silent' });
  const dir = join(options.dataDir, 'logs');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  return pino(base, pino.destination({ dest: join(dir, 'host.log'), mkdir: true, sync: false }));
}

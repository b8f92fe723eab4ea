// Standalone entry: `node --import tsx platform/serve.ts` with the options of `hallctl platform serve`
// (platform/serve-options.ts, where the environment variables that may stand in for them are listed).
// Prints one JSON line {"url": ..., "phoneUrl"?: ...} once listening; stops on SIGINT/SIGTERM.
// Tests run the platform in its own process through this, as production does; several such
// processes may share one PostgreSQL database.
import { parseArgs } from 'node:util';
import { clockFrom, systemClock } from '../contract/clock.js';
import { TerminalRole } from '../contract/config.js';
import { readServeOptions, SERVE_OPTIONS, ServeOptionError } from './serve-options.js';
import { platformContext, startPlatform } from './server.js';

process.on('uncaughtException', (error) => {
  process.stderr.write(`platform: uncaught ${error.stack ?? String(error)}\n`);
  process.exit(70);
});

let settings: ReturnType<typeof readServeOptions>;
try {
  settings = readServeOptions(parseArgs({ options: SERVE_OPTIONS }).values, process.env);
} catch (error) {
  // An unknown option (parseArgs) or one that cannot be used: said in one line, the usage exit code.
  process.stderr.write(`platform: ${error instanceof ServeOptionError || error instanceof TypeError ? error.message : String(error)}\n`);
  process.exit(64);
}
// The embedded platform dates things on its host's clock (a host may run at another time than the
// system's): the offset at start, then whatever its host sends when its clock moves.
let offsetMs = Number(process.env.HALL_CLOCK_OFFSET_MS ?? 0);
if (!Number.isFinite(offsetMs)) throw new Error(`HALL_CLOCK_OFFSET_MS is not a number: ${process.env.HALL_CLOCK_OFFSET_MS}`);
process.on('message', (message: { type?: unknown; offsetMs?: unknown }) => {
  if (message?.type === 'clock-offset' && typeof message.offsetMs === 'number' && Number.isFinite(message.offsetMs)) offsetMs = message.offsetMs;
});
const platform = await startPlatform({
  ...settings,
  ...(offsetMs || process.send ? { clock: clockFrom(() => systemClock.nowMs() + offsetMs) } : {}),
  version: process.env.npm_package_version ?? 'dev',
});
// The embedded platform's host names its own terminal: the record follows the host's configuration.
if (process.env.HALL_LOCAL_TERMINAL) {
  const local = JSON.parse(process.env.HALL_LOCAL_TERMINAL) as { terminalId: string; role: string; hallId: string; counterId?: string; pointId?: string };
  await platformContext(platform.app).terminals.ensureLocal({ ...local, role: TerminalRole.parse(local.role) });
}
// Phone pages that could not listen leave the platform running: the kiosk then says phone upload needs the hall network.
if (platform.phonePagesError) process.stderr.write(`platform: the phone pages are not served: ${platform.phonePagesError}\n`);
process.stdout.write(JSON.stringify({ url: platform.url, ...(platform.phoneUrl ? { phoneUrl: platform.phoneUrl } : {}) }) + '\n');
const stop = () => void platform.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
// An embedded platform ends with its host (whose IPC channel closes when it exits).
if (process.send) process.once('disconnect', stop);

// Standalone entry: `node --import tsx platform/serve.ts --port 0 --data DIR [--database-url URL]
// [--admin-token T] [--seed-catalog] [--trust-proxy ADDRS]` (the token also from HALL_ADMIN_TOKEN, the URL from
// HALL_DATABASE_URL). Prints one JSON line {"url": ...} once listening; stops on SIGINT/SIGTERM.
// Tests run the platform in its own process through this, as production does; several such
// processes may share one PostgreSQL database.
import { parseArgs } from 'node:util';
import { clockFrom, systemClock } from '../contract/clock.js';
import { TerminalRole } from '../contract/config.js';
import { platformContext, queueOptionsFromEnvironment, startPlatform } from './server.js';

process.on('uncaughtException', (error) => {
  process.stderr.write(`platform: uncaught ${error.stack ?? String(error)}\n`);
  process.exit(70);
});

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' }, data: { type: 'string' }, 'admin-token': { type: 'string' }, host: { type: 'string', default: '127.0.0.1' },
    'seed-catalog': { type: 'boolean', default: false }, 'database-url': { type: 'string' }, 'trust-proxy': { type: 'string' },
  },
});
const adminToken = values['admin-token'] ?? process.env.HALL_ADMIN_TOKEN;
const databaseUrl = values['database-url'] ?? process.env.HALL_DATABASE_URL;
// The embedded platform dates things on its host's clock (a host may run at another time than the system's).
const offsetMs = Number(process.env.HALL_CLOCK_OFFSET_MS ?? 0);
if (!Number.isFinite(offsetMs)) throw new Error(`HALL_CLOCK_OFFSET_MS is not a number: ${process.env.HALL_CLOCK_OFFSET_MS}`);
const platform = await startPlatform({
  ...queueOptionsFromEnvironment(process.env),
  ...(offsetMs ? { clock: clockFrom(() => systemClock.nowMs() + offsetMs) } : {}),
  version: process.env.npm_package_version ?? 'dev',
  port: Number(values.port),
  host: values.host,
  seedCatalog: values['seed-catalog'],
  ...(values['trust-proxy'] ? { trustProxy: values['trust-proxy'].split(',').map((entry) => entry.trim()) } : {}),
  ...(values.data ? { dataDir: values.data } : {}),
  ...(adminToken ? { adminToken } : {}),
  ...(databaseUrl ? { databaseUrl } : {}),
});
// The embedded platform's host names its own terminal: the record follows the host's configuration.
if (process.env.HALL_LOCAL_TERMINAL) {
  const local = JSON.parse(process.env.HALL_LOCAL_TERMINAL) as { terminalId: string; role: string; hallId: string; counterId?: string; pointId?: string };
  await platformContext(platform.app).terminals.ensureLocal({ ...local, role: TerminalRole.parse(local.role) });
}
process.stdout.write(JSON.stringify({ url: platform.url }) + '\n');
const stop = () => void platform.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

// Standalone entry: `node --import tsx platform/serve.ts --port 0 --data DIR [--database-url URL]
// [--admin-token T] [--seed-catalog] [--trust-proxy ADDRS] [--sealing-key-file F] [--blob-dir D]
// [--code-keys-dir D] [--haochaping-url URL]` (the token also from HALL_ADMIN_TOKEN, the URL from
// HALL_DATABASE_URL, the shared key file and folders from HALL_SEALING_KEY_FILE, HALL_BLOB_DIR and
// HALL_CODE_KEYS_DIR, the provincial 好差评 system from HALL_HAOCHAPING_URL with HALL_HAOCHAPING_TOKEN).
// Prints one JSON line {"url": ...} once listening; stops on SIGINT/SIGTERM.
// Tests run the platform in its own process through this, as production does; several such
// processes may share one PostgreSQL database.
import { parseArgs } from 'node:util';
import { clockFrom, systemClock } from '../contract/clock.js';
import { TerminalRole } from '../contract/config.js';
import { HttpHaochapingGateway } from './queue/haochaping.js';
import { platformContext, queueOptionsFromEnvironment, startPlatform } from './server.js';

process.on('uncaughtException', (error) => {
  process.stderr.write(`platform: uncaught ${error.stack ?? String(error)}\n`);
  process.exit(70);
});

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' }, data: { type: 'string' }, 'admin-token': { type: 'string' }, host: { type: 'string', default: '127.0.0.1' },
    'seed-catalog': { type: 'boolean', default: false }, 'database-url': { type: 'string' }, 'trust-proxy': { type: 'string' },
    'sealing-key-file': { type: 'string' }, 'blob-dir': { type: 'string' }, 'code-keys-dir': { type: 'string' },
    'haochaping-url': { type: 'string' },
  },
});
const adminToken = values['admin-token'] ?? process.env.HALL_ADMIN_TOKEN;
const databaseUrl = values['database-url'] ?? process.env.HALL_DATABASE_URL;
// Without it, ratings and follow-ups wait in the outbox until one is configured.
const haochapingUrl = values['haochaping-url'] ?? process.env.HALL_HAOCHAPING_URL;
const haochapingToken = process.env.HALL_HAOCHAPING_TOKEN;
// What instances sharing a database must share outside it (docs/deploy-platform.md).
const sealingKeyFile = values['sealing-key-file'] ?? process.env.HALL_SEALING_KEY_FILE;
const blobDir = values['blob-dir'] ?? process.env.HALL_BLOB_DIR;
const codeKeysDir = values['code-keys-dir'] ?? process.env.HALL_CODE_KEYS_DIR;
// The embedded platform dates things on its host's clock (a host may run at another time than the
// system's): the offset at start, then whatever its host sends when its clock moves.
let offsetMs = Number(process.env.HALL_CLOCK_OFFSET_MS ?? 0);
if (!Number.isFinite(offsetMs)) throw new Error(`HALL_CLOCK_OFFSET_MS is not a number: ${process.env.HALL_CLOCK_OFFSET_MS}`);
process.on('message', (message: { type?: unknown; offsetMs?: unknown }) => {
  if (message?.type === 'clock-offset' && typeof message.offsetMs === 'number' && Number.isFinite(message.offsetMs)) offsetMs = message.offsetMs;
});
const platform = await startPlatform({
  ...queueOptionsFromEnvironment(process.env),
  ...(offsetMs || process.send ? { clock: clockFrom(() => systemClock.nowMs() + offsetMs) } : {}),
  version: process.env.npm_package_version ?? 'dev',
  port: Number(values.port),
  host: values.host,
  seedCatalog: values['seed-catalog'],
  ...(values['trust-proxy'] ? { trustProxy: values['trust-proxy'].split(',').map((entry) => entry.trim()) } : {}),
  ...(values.data ? { dataDir: values.data } : {}),
  ...(adminToken ? { adminToken } : {}),
  ...(databaseUrl ? { databaseUrl } : {}),
  ...(sealingKeyFile ? { sealingKeyFile } : {}),
  ...(blobDir ? { blobDir } : {}),
  ...(codeKeysDir ? { codeKeysDir } : {}),
  ...(haochapingUrl ? { haochaping: new HttpHaochapingGateway({ baseUrl: haochapingUrl, ...(haochapingToken ? { token: haochapingToken } : {}) }) } : {}),
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
// An embedded platform ends with its host (whose IPC channel closes when it exits).
if (process.send) process.once('disconnect', stop);

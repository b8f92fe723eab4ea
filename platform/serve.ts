// Standalone entry: `node --import tsx platform/serve.ts --port 0 --data DIR [--database-url URL]
// [--admin-token T] [--seed-catalog]` (the token also from HALL_ADMIN_TOKEN, the URL from
// HALL_DATABASE_URL). Prints one JSON line {"url": ...} once listening; stops on SIGINT/SIGTERM.
// Tests run the platform in its own process through this, as production does; several such
// processes may share one PostgreSQL database.
import { parseArgs } from 'node:util';
import { startPlatform } from './server.js';

process.on('uncaughtException', (error) => {
  process.stderr.write(`platform: uncaught ${error.stack ?? String(error)}\n`);
  process.exit(70);
});

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' }, data: { type: 'string' }, 'admin-token': { type: 'string' }, host: { type: 'string', default: '127.0.0.1' },
    'seed-catalog': { type: 'boolean', default: false }, 'database-url': { type: 'string' },
  },
});
const adminToken = values['admin-token'] ?? process.env.HALL_ADMIN_TOKEN;
const databaseUrl = values['database-url'] ?? process.env.HALL_DATABASE_URL;
const platform = await startPlatform({
  version: process.env.npm_package_version ?? 'dev',
  port: Number(values.port),
  host: values.host,
  seedCatalog: values['seed-catalog'],
  ...(values.data ? { dataDir: values.data } : {}),
  ...(adminToken ? { adminToken } : {}),
  ...(databaseUrl ? { databaseUrl } : {}),
});
process.stdout.write(JSON.stringify({ url: platform.url }) + '\n');
const stop = () => void platform.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
